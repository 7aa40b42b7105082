"""`parley eval`: every gold set built and scored in one run, one table out.

The sets live in the eval folder (`--eval-dir`, else PARLEY_EVAL_DIR, else `../shared/eval` beside the project):
the seeds gold against `seeds/articles`, the Reuters dev stories and PolNeAR dev. A set whose files are missing is
skipped. Each warehouse is built by the ordinary flow (all builds share one temporary Prefect API) or given.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..config import DEFAULT_EVAL_DIR, SEED_ARTICLES

SET_NAMES = ("seeds", "reuters", "polnear")


@dataclass(frozen=True)
class GoldSet:
    name: str
    label: str
    source: Path  # the articles its warehouse is built from
    gold: Path  # a records-format gold file, or a PolNeAR split folder

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

    def as_json(self) -> dict:
        s = self.gold_set
        return dict(name=s.name, label=s.label, status=self.status, reason=self.reason, source=str(s.source),
                    gold=str(s.gold), warehouse=str(self.warehouse) if self.warehouse else None,
                    build_seconds=self.build_seconds, figures=self.figures, counts=self.counts, misses=self.misses)


def eval_dir(given: Path | None = None) -> Path:
    return Path(given or os.environ.get("PARLEY_EVAL_DIR") or DEFAULT_EVAL_DIR)


def gold_sets(root: Path) -> list[GoldSet]:
    return [
        GoldSet("seeds", "seeds", SEED_ARTICLES, root / "seeds.gold.json"),
        GoldSet("reuters", "reuters dev", root / "reuters" / "articles", root / "reuters" / "reuters.dev.gold.json"),
        GoldSet("polnear", "polnear dev", root / "polnear" / "dev" / "text", root / "polnear" / "dev"),
    ]


def score_warehouse(gold_set: GoldSet, warehouse: Path) -> dict:
    """{figures, counts, misses} of one built warehouse against its gold set."""
    import duckdb

    from . import polnear, reuters

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        if gold_set.polnear:
            return polnear.score(con, polnear.load_gold(gold_set.gold))
        gold = json.loads(gold_set.gold.read_text(encoding="utf-8"))
        result = reuters.score(con, gold["articles"] if isinstance(gold, dict) else gold)
    finally:
        con.close()
    result["figures"].update(_record_extras(warehouse, gold_set.gold, result["counts"], result["misses"]))
    return result


def _record_extras(warehouse: Path, gold: Path, counts: dict, misses: list[str]) -> dict:
    """What only the records format annotates: boilerplate left in bodies, titles and dates, cross-article merges."""
    from .score import evaluate

    report = evaluate(warehouse, gold)
    extras = {}
    for key, rate in (("boilerplate", report.total("boilerplate")), ("titles_dates", report.total("metadata")),
                      ("merges", report.merges)):
        extras[key] = rate.ok / rate.total if rate.total else None
        counts[key], counts[key + "_ok"] = rate.total, rate.ok
        misses += rate.misses
    return extras


def run_eval(sets: list[GoldSet], given: dict[str, Path] | None = None, build_dir: Path | None = None,
             build: bool = True, processes: int = 1, log=print) -> list[SetResult]:
    """Score every set: on its given warehouse, else on one built into `build_dir` (a temporary folder if None).

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


# (label, figure key or P/R/F1 keys[, count key: the rate is shown with its ok/total counts]).
ROWS = [
    ("meetings P / R / F1", ("meetings_p", "meetings_r", "meetings_f1")),
    ("meetings strict F1", "strict_f1"),
    ("date accuracy (day)", "date_accuracy", "dated"),
    ("month accuracy", "month_accuracy", "month"),
    ("place accuracy", "place_accuracy", "placed"),
    ("mode accuracy", "mode_accuracy", "mode"),
    ("quotes P / R / F1 (speaker right)", ("quotes_p", "quotes_r", "quotes_f1")),
    ("quote text F1 (any speaker)", "quote_text_f1"),
    ("aliases", "aliases", "aliases"),
    ("boilerplate removed", "boilerplate", "boilerplate"),
    ("titles / dates", "titles_dates", "titles_dates"),
    ("cross-article merges", "merges", "merges"),
]


def _cell(result: SetResult, keys, count_key: str | None) -> str:
    if isinstance(keys, tuple):
        values = [result.figures.get(k) for k in keys]
        return "—" if None in values else " / ".join(f"{v:.2f}" for v in values)
    value = result.figures.get(keys)
    if value is None:
        return "—"
    if count_key:
        return f"{value:.2f} ({result.counts[count_key + '_ok']}/{result.counts[count_key]})"
    return f"{value:.2f}"


def format_table(results: list[SetResult], root: Path) -> str:
    scored = [r for r in results if r.status == "scored"]
    width, label_width = 20, 34
    lines = [f"parley eval — gold sets in {root}", "",
             f"{'':{label_width}}" + "".join(f"{r.gold_set.label:>{width}}" for r in scored)]
    lines.append(f"{'gold quotes / meetings':{label_width}}" + "".join(
        f"{str(r.counts.get('quotes_gold', '—')) + ' / ' + str(r.counts.get('meetings_gold', '—')):>{width}}"
        for r in scored))
    for label, keys, *count in ROWS:
        lines.append(f"{label:{label_width}}" + "".join(f"{_cell(r, keys, count[0] if count else None):>{width}}"
                                                        for r in scored))
    for r in results:
        if r.status != "scored":
            lines.append(f"{r.gold_set.label}: {r.status.replace('_', ' ')} ({r.reason})")
    return "\n".join(lines)


def write_json(results: list[SetResult], root: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = dict(eval_dir=str(root), sets=[r.as_json() for r in results])
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def add_arguments(parser) -> None:
    """`parley eval`'s options for the run over every gold set."""
    parser.add_argument("--eval-dir", type=Path, default=None, metavar="DIR",
                        help="folder of the gold sets (default: $PARLEY_EVAL_DIR, else ../shared/eval)")
    parser.add_argument("--sets", default=None, metavar="SETS", help=f"comma-separated subset of {','.join(SET_NAMES)}")
    parser.add_argument("--warehouse-dir", type=Path, default=None, metavar="DIR",
                        help="build into (and keep) DIR/SET.duckdb; a re-run redoes only what changed")
    parser.add_argument("--no-build", action="store_true", help="score the warehouses in --warehouse-dir as they are")
    for name in SET_NAMES:
        parser.add_argument(f"--{name}-warehouse", type=Path, default=None, metavar="FILE",
                            help=f"score this {name} warehouse instead of building one")
    parser.add_argument("--processes", type=int, default=1, metavar="N", help="NLP worker processes for the builds")
    parser.add_argument("--json", type=Path, default=None, metavar="FILE", help="also write every figure as JSON")
    parser.add_argument("--detail", action="store_true", help="list every miss and extra per set")


def main(args) -> int:
    """`parley eval` without --gold (options from `add_arguments`)."""
    if args.no_build and not args.warehouse_dir:
        print("--no-build scores the warehouses in --warehouse-dir: give one", file=sys.stderr)
        return 2
    root = eval_dir(args.eval_dir)
    wanted = args.sets.split(",") if args.sets else list(SET_NAMES)
    unknown = set(wanted) - set(SET_NAMES)
    if unknown:
        print(f"unknown gold set(s) {', '.join(sorted(unknown))}: choose from {', '.join(SET_NAMES)}", file=sys.stderr)
        return 2
    given = {name: getattr(args, f"{name}_warehouse") for name in SET_NAMES if getattr(args, f"{name}_warehouse")}
    sets = [s for s in gold_sets(root) if s.name in wanted]
    results = run_eval(sets, given, args.warehouse_dir, build=not args.no_build, processes=args.processes,
                       log=lambda line: print(line, file=sys.stderr))
    print(format_table(results, root))
    if args.detail:
        for r in results:
            print(f"\n{r.gold_set.label}:", *(f"  {m}" for m in r.misses), sep="\n")
    if args.json:
        write_json(results, root, args.json)
    if any(r.status == "checks_failed" for r in results):
        return 1
    return 0 if any(r.status == "scored" for r in results) else 2
