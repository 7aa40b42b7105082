"""`parley eval`: every gold set built and scored in one run, one table out.

The sets live in the eval folder (`--eval-dir`, else PARLEY_EVAL_DIR, else `../shared/eval` beside the project):
the seeds gold against `seeds/articles`, the Reuters dev stories, the PolNeAR meetings articles and PolNeAR dev. A set
whose files are missing is skipped. Each warehouse is built by the ordinary flow (all builds share one temporary
Prefect API) or given. A set named in the eval folder's `splits.json` is also scored per half (`work`, `check`) from
its one warehouse: the gold (and, for PolNeAR quotes, the predictions) restricted to the half's articles.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_EVAL_DIR, SEED_ARTICLES
from . import linking

SPLITS_FILE = "splits.json"  # in the eval folder: each development set's articles in a work and a check half
HALVES = ("work", "check")


@dataclass(frozen=True)
class GoldSet:
    name: str
    label: str
    source: Path  # the articles its warehouse is built from
    gold: Path  # a records-format gold file, or a PolNeAR split folder
    split: str | None = None  # its entry in splits.json, if it has halves

    @property
    def polnear(self) -> bool:
        return self.gold.is_dir()

    def missing(self) -> list[Path]:
        needed = [self.source, self.gold] + ([self.gold / "attributions"] if self.polnear else [])
        return [p for p in needed if not p.exists()]


@dataclass
class SetResult:
    gold_set: GoldSet
    status: str = "skipped"  # scored | skipped | checks_failed
    reason: str | None = None
    warehouse: Path | None = None
    build_seconds: float | None = None
    figures: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)
    halves: dict = field(default_factory=dict)  # work / check: {articles, figures, counts, misses}

    def as_json(self) -> dict:
        s = self.gold_set
        return dict(name=s.name, label=s.label, status=self.status, reason=self.reason, source=str(s.source),
                    gold=str(s.gold), warehouse=str(self.warehouse) if self.warehouse else None,
                    build_seconds=self.build_seconds, figures=self.figures, counts=self.counts, misses=self.misses,
                    halves=self.halves)


def eval_dir(given: Path | None = None) -> Path:
    return Path(given or os.environ.get("PARLEY_EVAL_DIR") or DEFAULT_EVAL_DIR)


def gold_sets(root: Path) -> list[GoldSet]:
    pm = root / "polnear-meetings"
    return [
        GoldSet("seeds", "seeds", SEED_ARTICLES, root / "seeds.gold.json"),
        GoldSet("reuters", "reuters dev", root / "reuters" / "articles", root / "reuters" / "reuters.dev.gold.json",
                "reuters"),
        GoldSet("polnear-meetings", "polnear meetings", pm / "articles", pm / "polnear-meetings.gold.json",
                "polnear-meetings"),
        GoldSet("polnear", "polnear dev", root / "polnear" / "dev" / "text", root / "polnear" / "dev", "polnear"),
        GoldSet("linking", "linking check", linking.sample_folder(root), linking.GOLD),  # issue 25, evaluation/linking
    ]


SET_NAMES = tuple(s.name for s in gold_sets(Path(".")))


def halves_of(gold_set: GoldSet, root: Path) -> dict[str, set[str]]:
    """{work, check: article file names} from the eval folder's splits.json; {} for a set it does not split."""
    path = root / SPLITS_FILE
    if gold_set.split is None or not path.exists():
        return {}
    entry = json.loads(path.read_text(encoding="utf-8")).get("sets", {}).get(gold_set.split)
    return {half: set(entry[half]) for half in HALVES} if entry else {}


def score_warehouse(gold_set: GoldSet, warehouse: Path, names: set[str] | None = None) -> dict:
    """{figures, counts, misses} of one built warehouse against its gold set, or against the articles `names` only."""
    import duckdb

    from . import polnear, reuters

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        if gold_set.gold.suffix == ".csv":  # the linking check: its own scorer, no halves
            return linking.score(con, linking.load_gold(gold_set.gold))
        if gold_set.polnear:
            gold = polnear.load_gold(gold_set.gold)
            if names is not None:
                gold = {name: quotes for name, quotes in gold.items() if name in names}
            return polnear.score(con, gold, names)
        gold = json.loads(gold_set.gold.read_text(encoding="utf-8"))
        records = gold["articles"] if isinstance(gold, dict) else gold
        result = reuters.score(con, [r for r in records if names is None or r["file"] in names])
    finally:
        con.close()
    result["figures"].update(_record_extras(warehouse, gold_set.gold, result["counts"], result["misses"], names))
    return result


def _record_extras(warehouse: Path, gold: Path, counts: dict, misses: list[str], names: set[str] | None) -> dict:
    """What only the records format annotates: boilerplate left in bodies, titles and dates, cross-article merges."""
    from .score import evaluate

    report = evaluate(warehouse, gold, names)
    extras = {}
    for key, rate in (("boilerplate", report.total("boilerplate")), ("titles_dates", report.total("metadata")),
                      ("merges", report.merges)):
        extras[key] = rate.ok / rate.total if rate.total else None
        counts[key], counts[key + "_ok"] = rate.total, rate.ok
        misses += rate.misses
    return extras


def run_eval(sets: list[GoldSet], given: dict[str, Path] | None = None, build_dir: Path | None = None,
             build: bool = True, processes: int = 1, log=print, root: Path | None = None) -> list[SetResult]:
    """Score every set: on its given warehouse, else on one built into `build_dir` (a temporary folder if None);
    a set that `root`'s splits.json splits is scored per half too, from the same warehouse.

    Builds run the ordinary flow, incremental when `build_dir` already holds one (only inputs whose content or NLP
    fingerprint changed are redone); every build reports to one temporary Prefect API.
    """
    given = given or {}
    results = [SetResult(s) for s in sets]
    to_build = []
    for result in results:
        s = result.gold_set
        if s.missing():
            result.reason = "missing " + ", ".join(str(p) for p in s.missing())
        elif s.name in given or not build:
            result.warehouse = given.get(s.name) or (Path(build_dir) / f"{s.name}.duckdb" if build_dir else None)
            if result.warehouse is None or not Path(result.warehouse).exists():
                result.reason = f"no warehouse at {result.warehouse}" if result.warehouse else "no warehouse given"
        else:
            to_build.append(result)
    with tempfile.TemporaryDirectory(prefix="parley-eval-") as scratch:
        if to_build:
            _build_all(to_build, Path(build_dir or scratch), processes, log)
        for result in results:
            if result.reason is None:  # neither skipped nor failed its checks
                scored = score_warehouse(result.gold_set, result.warehouse)
                result.status = "scored"
                result.figures, result.counts, result.misses = scored["figures"], scored["counts"], scored["misses"]
                for half, names in (halves_of(result.gold_set, root) if root else {}).items():
                    result.halves[half] = dict(articles=len(names),
                                               **score_warehouse(result.gold_set, result.warehouse, names))
    return results


def _build_all(results: list[SetResult], out: Path, processes: int, log) -> None:
    from ..run.prefect_api import api_server

    out.mkdir(parents=True, exist_ok=True)
    with api_server():  # one temporary API for every build (run_once's own is then a no-op)
        from ..run.flow import ChecksFailed, run_once

        for result in results:
            s = result.gold_set
            result.warehouse = out / f"{s.name}.duckdb"
            log(f"building {s.label} from {s.source} into {result.warehouse}")
            started = time.perf_counter()
            try:
                run_once(s.source, result.warehouse, processes=processes)
            except ChecksFailed as failed:
                result.status = "checks_failed"
                result.reason = "checks failed: " + "; ".join(failed.args[0].get("failures", [])[:3])
            result.build_seconds = round(time.perf_counter() - started, 1)
            log(f"built {s.label} in {result.build_seconds} s" + (f" ({result.reason})" if result.reason else ""))
