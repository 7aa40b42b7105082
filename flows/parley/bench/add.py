"""`parley bench --add-sizes 0,5000,20000`: the whole `parley run` command adding 100 new articles to warehouses
of those sizes (issue 14: a run's cost must follow its new work, not the warehouse's size).

The big warehouses are not parsed (20,000 articles take ~30 min here): a seed corpus is parsed once, and its
stored articles with all their facts are replicated in SQL under new input names, article ids, hashes and runs
(sql/bench/replicate.sql), then the meetings are merged as a run would. Each size then gets two measured runs,
each adding 100 distinct new articles:
  first add   the first publishing run on that file: no standby exists yet, so the build is a full copy
              (what every run paid before the standby);
  next add    the run after it: its build is the standby synced to the published file (warehouse/standby.py).
The ratio compares the next add at the largest size with the next add at size 0 (a warehouse of the first
100 only).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .corpus import build_corpus
from .measure import parley_run, say

NEW = 100  # articles each measured run adds
TARGET = 1.5  # next add at the largest size ÷ at size 0
MERGE_CHECKS_TARGET_S = 5.0  # meeting merge + checks of the next add at the largest size (issue 26)
PEAK_TARGET_MB = 2048.0  # peak RSS of a run's process tree


def _split_corpus(source: Path, work: Path, seed: int) -> tuple[Path, Path, Path]:
    """seed / new1 / new2 folders of distinct articles (different originals or copies, so no duplicate rejects)."""
    everything = work / "add-corpus"
    shutil.rmtree(everything, ignore_errors=True)
    build_corpus(source, everything, seed + 2 * NEW)
    files = sorted(everything.iterdir(), key=lambda p: (p.name.rsplit("-r", 1)[1], p.name))  # copy 00 first
    folders = [work / "add-seed", work / "add-new1", work / "add-new2"]
    for folder, part in zip(folders, (files[:seed], files[seed:seed + NEW], files[seed + NEW:])):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        for path in part:
            path.rename(folder / path.name)
    return folders[0], folders[1], folders[2]


def grow(seed_file: Path, target: Path, articles: int) -> None:
    """`target`: a copy of the parsed seed warehouse grown to `articles` articles by replication in SQL."""
    from ..warehouse import files, load
    from ..warehouse.sqlfiles import read_sql

    shutil.copyfile(seed_file, target)
    con = files.connect(target)
    try:
        have = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        extra = articles - have
        if extra < 0:
            raise SystemExit(f"--add-sizes: {articles} is smaller than the parsed seed ({have} articles)")
        if extra:
            copies = -(-extra // have)
            for statement in read_sql("bench/replicate").split(";\n"):
                if statement.strip():
                    con.execute(statement, {"copies": copies, "extra": extra} if "$" in statement else None)
            load.rebuild_meetings(con)
    finally:
        files.close(con)


def measure_add(sizes: list[int], corpus: Path, work: Path, env: dict, seed: int = 200) -> dict:
    """Two runs adding 100 new articles each, per warehouse size; the whole command, timed like every run."""
    seed_dir, new1, new2 = _split_corpus(corpus, work, seed)
    seed_file = work / "add-seed-wh" / "news.duckdb"
    if any(sizes):
        say(f"add: parsing the {seed}-article seed warehouse")
        parley_run(seed_dir, seed_file, 1, work / "add-seed.log", env)
    results: dict = {}
    for size in sizes:
        folder = work / f"add-{size}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir()
        published = folder / "news.duckdb"
        if size:
            grow(seed_file, published, size)
        size_mb = published.stat().st_size / 1e6 if published.exists() else 0.0
        first = parley_run(new1, published, 1, folder / "first.log", env)
        after = parley_run(new2, published, 1, folder / "next.log", env)
        for run in (first, after):  # how the build started, merge and checks and what they took (run/flow.py logs)
            text = Path(run["log"]).read_text(errors="replace")
            found = re.findall(r"build started from (.+?) in ([0-9.]+) s", text)
            run["build_start"], run["build_start_s"] = (found[-1][0], float(found[-1][1])) if found else (None, None)
            for key, pattern in (("merge_s", r"meetings merged in ([0-9.]+) s"), ("checks_s", r"checks done in ([0-9.]+) s")):
                times = re.findall(pattern, text)
                run[key] = float(times[-1]) if times else None
        results[str(size)] = {"articles_before": size, "file_mb_before": round(size_mb, 1),
                              "file_mb_after": round(published.stat().st_size / 1e6, 1),
                              "first_add": first, "next_add": after}
        say(f"add 100 to {size}: first {first['seconds']} s (full copy), next {after['seconds']} s (standby)")
    smallest, largest = str(min(sizes)), str(max(sizes))
    base = results[smallest]
    ratio = {"next_add_largest_vs_smallest": round(results[largest]["next_add"]["seconds"]
                                                    / base["next_add"]["seconds"], 3),
             "first_add_largest_vs_smallest": round(results[largest]["first_add"]["seconds"]
                                                     / base["first_add"]["seconds"], 3)}
    big = results[largest]["next_add"]
    merge_checks = round((big["merge_s"] or 0) + (big["checks_s"] or 0), 2)
    peak = max(r[k]["peak_tree_mb"] for r in results.values() for k in ("first_add", "next_add"))
    return {"new_articles": NEW, "seed_articles": seed, "sizes": results, "ratios": ratio,
            "target": {"value": ratio["next_add_largest_vs_smallest"], "target": TARGET,
                       "met": ratio["next_add_largest_vs_smallest"] <= TARGET},
            "merge_and_checks_largest": {"value": merge_checks, "target": MERGE_CHECKS_TARGET_S,
                                         "met": merge_checks <= MERGE_CHECKS_TARGET_S},
            "peak_tree_mb": {"value": peak, "target": PEAK_TARGET_MB, "met": peak <= PEAK_TARGET_MB}}


def add_lines(add: dict) -> list[str]:
    """The table rows of the add measure."""
    lines = [f"adding {add['new_articles']} new articles (whole `parley run`; first = full copy, next = standby):"]
    for size, r in add["sizes"].items():
        lines.append(f"  to {int(size):>7,} articles ({r['file_mb_before']:>7.1f} MB)  first {r['first_add']['seconds']:>6.1f} s"
                     f"   next {r['next_add']['seconds']:>6.1f} s   build start {r['first_add']['build_start_s']} → "
                     f"{r['next_add']['build_start_s']} s ({r['next_add']['build_start']})")
    for size, r in add["sizes"].items():
        n = r["next_add"]
        lines.append(f"  next add to {int(size):>7,}: merge {n['merge_s']} s, checks {n['checks_s']} s, "
                     f"peak {n['peak_tree_mb']} MB, file {r['file_mb_before']} → {r['file_mb_after']} MB")
    for name in ("merge_and_checks_largest", "peak_tree_mb"):
        if name in add:
            g = add[name]
            lines.append(f"  {name:<27} {g['value']:>8}  target ≤ {g['target']:<6} {'met' if g['met'] else 'NOT MET'}")
    t = add["target"]
    lines.append(f"  next add, largest ÷ smallest {t['value']:>8}  target ≤ {t['target']:<6} "
                 f"{'met' if t['met'] else 'NOT MET'}   (first add: {add['ratios']['first_add_largest_vs_smallest']})")
    return lines
