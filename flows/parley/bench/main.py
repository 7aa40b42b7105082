"""`parley bench`: pipeline throughput against the bare-spaCy floor, on the same texts, in one run.

  floor        spaCy `nlp.pipe` alone: the pipeline's own model and components (`get_pipeline()`: entity ruler
               in, lemmatizer out) over exactly the bodies the pipeline parses (cleaned before timing),
               with n_process = 1 and 2 and the pipeline's `nlp.pipe` batch size, each time in a fresh process
               that loads the model first (floor.py); measured just before and just after the first run it
               is compared with, and averaged: the machine's speed drifts.
  start-up     the fixed cost of one `parley run`: a run on an empty folder (imports, Prefect's temporary
               server, validation of an empty warehouse) plus loading the spaCy pipeline in a fresh process
               (an empty run never loads the model). Reported; the start-up a first run pays overlaps its parse.
  pipeline     `parley run` end to end, extract to published warehouse, checks included, each run in a fresh
               subprocess so its memory and start-up are its own. Steady-state throughput is what the run adds
               per extra word: (words - small words) / (wall - small wall), against a first run on half the
               articles; the fixed costs cancel as long as both runs wait for the parse, not for the start-up
               it overlaps (on 2 cores, from ~150 articles). The pipeline/floor ratio uses it.
  incremental  the same command again on the unchanged folder: first-run wall / incremental wall; then an
               empty folder over the same warehouse. Both are runs with nothing new (whole command, start-up
               included: no Prefect, spaCy or checks) and have a target of their own.
  memory       peak RSS of each run's process tree (sum over the flow process, its worker processes and the
               Prefect server; shared pages counted once per process, so an upper bound); the peak of the
               half-size run shows it does not grow with the corpus.

Usage: parley bench [--articles N] [--processes 1,2] [--out FILE] [--keep DIR]. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from ..config import PROJECT_ROOT
from .corpus import bench_corpus, rates
from .measure import model_load_seconds, parley_run, say

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "bbc-politics"
DEFAULT_OUT = PROJECT_ROOT / "bench" / "results" / "bench.json"

TARGETS = {
    "pipeline_vs_floor": 0.85,  # steady-state pipeline words/s ÷ floor words/s, same process count
    "two_vs_one_process": 1.6,  # pipeline steady-state words/s with 2 processes ÷ with 1
    "first_run_vs_floor": 0.85,  # floor with model load ÷ whole first `parley run` command, same process count
    "first_vs_incremental": 20.0,  # first-run wall ÷ unchanged re-run wall
    "unchanged_rerun_s": 3.0,  # whole-command wall of the unchanged re-run
    "empty_folder_s": 3.0,  # whole-command wall of a run over an empty folder, same warehouse
    "peak_memory_mb": 2048.0,  # peak RSS of a run's process tree
    "memory_growth": 1.25,  # peak RSS at N ÷ at N/2 (the small run): "flat"
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="parley bench", description="Throughput benchmark (see bench/README.md).")
    p.add_argument("--articles", type=int, default=5000, help="articles in the corpus (default: %(default)s)")
    p.add_argument("--processes", default="1,2", help="process counts to measure (default: %(default)s)")
    p.add_argument("--small-articles", type=int, default=None,
                   help="size of the smaller first run per process count: steady state by difference, memory "
                        "flatness (default: articles/2; 0 skips it)")
    p.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="source articles (default: %(default)s)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file (default: %(default)s)")
    p.add_argument("--keep", type=Path, default=None, help="work in DIR and keep corpus, warehouses and logs there")
    p.add_argument("--skip-floor", action="store_true", help="measure only the pipeline")
    p.add_argument("--add-sizes", default="", help="also time adding 100 articles to warehouses of these sizes, "
                   "e.g. 0,5000,20000 (add.py); --add-only skips everything else")
    p.add_argument("--add-only", action="store_true", help="only the --add-sizes measure")
    args = p.parse_args(argv)
    args.process_counts = [int(n) for n in args.processes.split(",") if n.strip()]
    args.add_sizes = [int(n) for n in args.add_sizes.split(",") if n.strip()]
    if args.small_articles is None:
        args.small_articles = args.articles // 2
    return args


def measure_pipeline(processes: int, corpora: dict, work: Path, model_load_s: float, floor, env: dict) -> dict:
    """Start-up, first runs (small and full corpus), unchanged re-run and empty folder for one process count, each
    in a fresh warehouse folder; `floor(processes)` is measured just before and after the full first run."""
    folder = work / f"p{processes}"
    empty_run = parley_run(corpora["empty"], folder / "empty" / "news.duckdb", processes, folder / "empty.log", env)
    startup_s = empty_run["seconds"] + model_load_s  # worker processes load the model in parallel: counted once
    small = corpora.get("small")
    if small:
        small_run = parley_run(small["folder"], folder / "small" / "news.duckdb", processes, folder / "small.log", env)
    floors = [floor(processes)]
    warehouse = folder / "wh" / "news.duckdb"
    full = corpora["full"]
    first = parley_run(full["folder"], warehouse, processes, folder / "first.log", env)
    floors.append(floor(processes))
    again = parley_run(full["folder"], warehouse, processes, folder / "incremental.log", env)
    emptied = parley_run(corpora["empty"], warehouse, processes, folder / "empty-again.log", env)
    result = {
        "processes": processes,
        "startup": {"seconds": round(startup_s, 2), "empty_run_s": empty_run["seconds"], "model_load_s": model_load_s,
                    "peak_tree_mb": empty_run["peak_tree_mb"]},
        "end_to_end": rates(full["words"], full["articles"], first["seconds"]) | first | {"articles": full["articles"]},
        "incremental": again,
        "empty_folder": emptied,
        "first_vs_incremental": round(first["seconds"] / max(again["seconds"], 1e-9), 1),
    }
    if floors[0] is not None:
        seconds = sum(f["parse_s"] for f in floors) / len(floors)
        result["floor"] = rates(full["words"], full["articles"], seconds) | {
            "processes": processes, "each_s": [f["parse_s"] for f in floors],
            "load_s": round(sum(f["load_s"] for f in floors) / len(floors), 2)}
    if small:
        result["small"] = (rates(small["words"], small["articles"], small_run["seconds"]) | small_run
                           | {"articles": small["articles"]})
        result["steady_state"] = rates(full["words"] - small["words"], full["articles"] - small["articles"],
                                       first["seconds"] - small_run["seconds"])
    return result


# ---------------------------------------------------------------------------------------------------- report


def ratios(pipeline: dict, memory: dict | None) -> dict:
    out: dict = {}
    for p, run in pipeline.items():
        floor = run.get("floor")
        if floor and "steady_state" in run:
            out[f"pipeline_vs_floor_p{p}"] = round(run["steady_state"]["words_per_s"] / floor["words_per_s"], 3)
        if floor:  # what a user waits for: the whole first command against the floor with its model load
            floor_s = floor["seconds"] + floor["load_s"]
            out[f"floor_with_load_s_p{p}"] = round(floor_s, 2)
            out[f"first_run_vs_floor_p{p}"] = round(floor_s / run["end_to_end"]["seconds"], 3)
        out[f"first_vs_incremental_p{p}"] = run["first_vs_incremental"]
        out[f"unchanged_rerun_s_p{p}"] = run["incremental"]["seconds"]
        out[f"empty_folder_s_p{p}"] = run["empty_folder"]["seconds"]
    one, two = pipeline.get("1", {}), pipeline.get("2", {})
    for key, measure in (("two_vs_one_process", "steady_state"), ("two_vs_one_process_end_to_end", "end_to_end"),
                         ("floor_two_vs_one_process", "floor")):
        if measure in one and measure in two:
            out[key] = round(two[measure]["words_per_s"] / one[measure]["words_per_s"], 3)
    if memory:
        out["memory_growth"] = memory["growth"]
    return out


def memory_growth(pipeline: dict) -> dict | None:
    """Peak RSS of the full first run ÷ of the half-size one, first process count measured: equal peaks mean
    memory does not grow with the input."""
    for p, run in pipeline.items():
        if "small" in run:
            small, large = run["small"]["peak_tree_mb"], run["end_to_end"]["peak_tree_mb"]
            return {"processes": int(p), "small_articles": run["small"]["articles"], "small_peak_mb": small,
                    "large_articles": run["end_to_end"]["articles"], "large_peak_mb": large,
                    "growth": round(large / max(small, 1e-9), 3)}
    return None


def verdicts(ratio: dict, pipeline: dict) -> dict:
    """Each target with the measured value and whether it is met."""
    out = {}
    for key, value in ratio.items():
        base = re.sub(r"_p\d+$", "", key)
        if base in ("unchanged_rerun_s", "empty_folder_s"):  # seconds: at most
            out[key] = {"value": value, "target": f"<= {TARGETS[base]}", "met": value <= TARGETS[base]}
        elif base in TARGETS and base != "memory_growth":
            out[key] = {"value": value, "target": f">= {TARGETS[base]}", "met": value >= TARGETS[base]}
    if "memory_growth" in ratio:
        out["memory_growth"] = {"value": ratio["memory_growth"], "target": f"<= {TARGETS['memory_growth']}",
                                "met": ratio["memory_growth"] <= TARGETS["memory_growth"]}
    peak = max(run["end_to_end"]["peak_tree_mb"] for run in pipeline.values())
    out["peak_memory_mb"] = {"value": peak, "target": f"<= {TARGETS['peak_memory_mb']:.0f}",
                             "met": peak <= TARGETS["peak_memory_mb"]}
    return out


def table(results: dict) -> str:
    from .add import add_lines

    if "corpus" not in results:  # --add-only
        return "\n".join(add_lines(results["add"]))
    c = results["corpus"]
    lines = [f"corpus: {c['articles']} articles, {c['words']:,} words ({c['source']}); "
             f"{results['machine']['cpus']} CPUs",
             f"{'measure':<34}{'words/s':>10}{'articles/s':>12}{'seconds':>10}{'peak MB':>10}"]

    def row(label, r, peak=""):
        lines.append(f"{label:<34}{r['words_per_s']:>10,.0f}{r['articles_per_s']:>12.1f}{r['seconds']:>10.1f}"
                     f"{peak:>10}")

    for p, run in results["pipeline"].items():
        if "floor" in run:
            row(f"floor: spaCy nlp.pipe, {p} proc", run["floor"])
        s = run["startup"]
        lines.append(f"{f'start-up, {p} proc':<34}{'':>10}{'':>12}{s['seconds']:>10.1f}{s['peak_tree_mb']:>10.0f}"
                     f"   (empty run {s['empty_run_s']} s + model load {s['model_load_s']} s)")
        row(f"pipeline end to end, {p} proc", run["end_to_end"], f"{run['end_to_end']['peak_tree_mb']:.0f}")
        if "small" in run:
            row(f"first run, {run['small']['articles']} articles, {p} proc", run["small"],
                f"{run['small']['peak_tree_mb']:.0f}")
            row(f"pipeline steady state, {p} proc", run["steady_state"])
        inc = run["incremental"]
        lines.append(f"{f'incremental re-run, {p} proc':<34}{'':>10}{'':>12}{inc['seconds']:>10.1f}"
                     f"{inc['peak_tree_mb']:>10.0f}   ({inc['status']})")
        emptied = run["empty_folder"]
        lines.append(f"{f'empty-folder re-run, {p} proc':<34}{'':>10}{'':>12}{emptied['seconds']:>10.1f}"
                     f"{emptied['peak_tree_mb']:>10.0f}   ({emptied['status']})")
        if run["end_to_end"]["status"] != "published":
            lines.append("  WARNING: the first run's checks failed: nothing was published, the re-run parsed again")
        if inc.get("new", 0) + inc.get("changed", 0):  # e.g. the code changed between the two runs
            lines.append(f"  WARNING: the re-run parsed {inc.get('new', 0) + inc.get('changed', 0)} articles again")
    if results.get("memory"):
        m = results["memory"]
        lines.append(f"memory: peak {m['small_peak_mb']:.0f} MB at {m['small_articles']} articles, "
                     f"{m['large_peak_mb']:.0f} MB at {m['large_articles']} ({m['processes']} proc)")
    lines.append("ratios (pipeline/floor uses steady state = extra words / extra wall of the full first run over "
                 "the small one; first/incremental uses end-to-end wall):")
    for key, v in results["targets"].items():
        lines.append(f"  {key:<32}{v['value']:>10}  target {v['target']:<8} {'met' if v['met'] else 'NOT MET'}")
    for key, value in results["ratios"].items():
        if key not in results["targets"]:
            lines.append(f"  {key:<32}{value:>10}")
    if results.get("add"):
        lines += add_lines(results["add"])
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    if argv and argv[0] == "--":  # `parley bench -- --articles N`: argparse hands the separator through
        argv = argv[1:]
    args = parse_args(argv)
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="parley-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    # A Prefect home of its own: the bench does not share the SQLite database with other runs on this machine.
    env = os.environ | {"PREFECT_HOME": str(work / "prefect-home")}
    try:
        results = run_bench(args, work, env)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(table(results))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"results written to {args.out}")
    return 0


def run_bench(args, work: Path, env: dict) -> dict:
    started = time.perf_counter()
    if args.add_only:
        from .add import measure_add

        return {"generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": {"cpus": os.cpu_count()},
                "add": measure_add(args.add_sizes or [0, 5000, 20000], args.corpus, work, env),
                "bench_seconds": round(time.perf_counter() - started, 1)}
    corpora = {"empty": work / "empty", "full": bench_corpus(args.corpus, work / "corpus", args.articles)}
    corpora["empty"].mkdir(exist_ok=True)
    if args.small_articles:
        corpora["small"] = bench_corpus(args.corpus, work / "corpus-small", args.small_articles)
    bodies_file = work / "floor-bodies.json"
    bodies_file.write_text(json.dumps(corpora["full"]["bodies"]), encoding="utf-8")

    def floor(processes: int) -> dict | None:
        if args.skip_floor:
            return None
        from .floor import measure_floor

        measured = measure_floor(bodies_file, processes, env)
        say(f"floor, {processes} proc: {corpora['full']['words'] / measured['parse_s']:,.0f} words/s "
            f"(model load {measured['load_s']} s)")
        return measured

    # The first empty run creates the Prefect database in the fresh PREFECT_HOME: a one-off, not start-up.
    parley_run(corpora["empty"], work / "warm" / "news.duckdb", 1, work / "warm.log", env)
    model_load_s = model_load_seconds(work, env)
    pipeline: dict = {}
    for p in args.process_counts:
        pipeline[str(p)] = run = measure_pipeline(p, corpora, work, model_load_s, floor, env)
        say(f"pipeline, {p} proc: first run {run['end_to_end']['seconds']} s")

    memory = memory_growth(pipeline)
    ratio = ratios(pipeline, memory)
    if args.add_sizes:
        from .add import measure_add

        add = measure_add(args.add_sizes, args.corpus, work, env)
    return {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "corpus": {"source": str(args.corpus), "files": args.articles, "articles": corpora["full"]["articles"],
                   "words": corpora["full"]["words"], "rejects": corpora["full"]["rejects"]},
        "definitions": {
            "floor": "bare nlp.pipe seconds in a fresh process (floor.py), mean of one measure just before and "
                     "one just after the full first run; load_s: those processes' model load",
            "steady_state": "(words - small-run words) / (first-run wall - small-run wall), same process count",
            "pipeline_vs_floor": "steady-state pipeline words/s ÷ bare nlp.pipe words/s, same process count",
            "first_run_vs_floor": "(floor nlp.pipe seconds + the floor processes' model load) ÷ whole first-run "
                                  "command wall",
            "first_vs_incremental": "end-to-end wall of the first run ÷ of the unchanged re-run",
            "peak_tree_mb": "peak summed RSS of the run's process tree (flow, workers, Prefect server)",
        },
        "pipeline": pipeline,
        "memory": memory,
        "ratios": ratio,
        "targets": verdicts(ratio, pipeline),
        "add": add if args.add_sizes else None,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }


if __name__ == "__main__":
    sys.exit(main())
