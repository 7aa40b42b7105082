"""One measured `parley run`: a fresh process whose whole process tree is sampled for memory."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

from ..config import PROJECT_ROOT

POLL_SECONDS = 0.1  # RSS sampling period of a measured run


def tracked_run(command: list[str], log: Path, env: dict) -> dict:
    """Run `command`, sampling the RSS of its whole process tree; wall seconds, peak MB, exit code."""
    import psutil

    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_ROOT)
        root = psutil.Process(proc.pid)
        peak_tree = peak_one = most_processes = 0
        while proc.poll() is None:
            tree_rss = []
            members = [root, *safe_children(root)]
            most_processes = max(most_processes, len(members))
            for member in members:
                try:
                    tree_rss.append(member.memory_info().rss)
                except psutil.Error:  # the process ended between listing and reading
                    pass
            peak_tree, peak_one = max(peak_tree, sum(tree_rss)), max(peak_one, max(tree_rss, default=0))
            time.sleep(POLL_SECONDS)
    seconds = time.perf_counter() - started
    mb = 1024 * 1024
    return {"seconds": round(seconds, 2), "peak_tree_mb": round(peak_tree / mb, 1),
            "peak_process_mb": round(peak_one / mb, 1), "peak_processes": most_processes,
            "exit_code": proc.returncode, "log": str(log)}


def safe_children(process) -> list:
    import psutil

    try:
        return process.children(recursive=True)
    except psutil.Error:
        return []


_SUMMARY = re.compile(r"(\d+) new, (\d+) changed, (\d+) unchanged, (\d+) rejected")


def parley_run(source: Path, warehouse: Path, processes: int, log: Path, env: dict) -> dict:
    """One `parley run` in a fresh process; stops the benchmark if it fails (its log says why)."""
    command = [str(Path(sys.executable).with_name("parley")), "run", "--source", str(source),
               "--warehouse", str(warehouse), "--processes", str(processes)]
    result = tracked_run(command, log, env)
    text = log.read_text(errors="replace")
    # Exit 1 with "checks_failed": the run did all its work but did not publish; its timings still count.
    result["status"] = ("checks_failed" if result["exit_code"] == 1 and " checks_failed in " in text
                        else "unchanged" if " unchanged in " in text else "published")
    if result["exit_code"] != 0 and result["status"] != "checks_failed":
        tail = "\n".join(text.splitlines()[-25:])
        raise SystemExit(f"`{' '.join(command)}` exited {result['exit_code']}; end of {log}:\n{tail}")
    counts = _SUMMARY.findall(text)
    if counts:
        result.update(zip(("new", "changed", "unchanged", "rejected"), map(int, counts[-1])))
    return result


def model_load_seconds(work: Path, env: dict) -> float:
    """What a fresh process pays before its first parse: import spaCy, load the model, build the entity ruler (the
    floor's process with nothing to parse)."""
    from .floor import measure_floor

    nothing = work / "no-bodies.json"
    nothing.write_text("[]", encoding="utf-8")
    return measure_floor(nothing, 1, env)["load_s"]


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)

