"""`parley serve` schedules for real: its own Prefect server with a scheduler, the flow on the cron, the nothing-new
path on an unchanged tick, the summary in Prefect, and no server left behind when serve is killed."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil

from tests.conftest import SEEDS

VENV_BIN = Path(sys.executable).parent


def run_log(warehouse: Path) -> list[dict]:
    """The run log's finished runs, in order (the log has a start line and an end line per run)."""
    path = warehouse.with_name(warehouse.name + ".runs.jsonl")
    if not path.exists():
        return []
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [line for line in lines if "status" in line]


def wait_for(predicate, timeout: float, what: str, serve: subprocess.Popen, errors: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        assert serve.poll() is None, f"serve exited: {errors.read_text()[-3000:]}"
        time.sleep(1)
    raise AssertionError(f"no {what} within {timeout:.0f} s: {errors.read_text()[-3000:]}")


def post(url: str, body: dict) -> list[dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(request, timeout=10) as response:
        return json.loads(response.read())


def test_serve_runs_on_the_cron_with_its_own_server_and_takes_the_nothing_new_path(tmp_path: Path):
    source = tmp_path / "articles"
    source.mkdir()
    for seed in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(seed, source / seed.name)
    warehouse = tmp_path / "w" / "news.duckdb"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_API", "PREFECT_HOME"))}
    errors = tmp_path / "serve.err"
    with errors.open("w") as err:
        serve = subprocess.Popen([sys.executable, "-m", "parley.cli", "serve", "--cron", "* * * * *", "--source",
                                  str(source), "--warehouse", str(warehouse)], env=env, stdout=err, stderr=err)
    try:
        url = wait_for(lambda: re.search(r"Prefect server with its scheduler at (\S+)", errors.read_text()), 120,
                       "server", serve, errors).group(1)
        server = [p for p in psutil.Process(serve.pid).children() if "server" in " ".join(p.cmdline())]
        assert len(server) == 1
        assert (warehouse.parent / ".prefect" / "prefect.db").exists()  # its database beside the warehouse

        published = wait_for(lambda: [r for r in run_log(warehouse) if r["status"] == "published"], 150,
                             "published run", serve, errors)
        assert published[0]["articles_new"] == 2
        # The project's own prefect CLI against that server (with FastAPI >= 0.151 it got HTTP 422).
        listed = subprocess.run([str(VENV_BIN / "prefect"), "deployment", "ls", "--output", "json"],
                                capture_output=True, text=True, env={**env, "PREFECT_API_URL": url}, timeout=120)
        assert listed.returncode == 0, listed.stdout + listed.stderr
        assert [d["name"] for d in json.loads(listed.stdout)] == ["parley-scheduled"]
        stamp = warehouse.stat().st_mtime_ns
        unchanged = wait_for(lambda: [r for r in run_log(warehouse) if r["status"] == "unchanged"], 90,
                             "unchanged run", serve, errors)
        assert unchanged[0]["articles_unchanged"] == 2
        assert warehouse.stat().st_mtime_ns == stamp  # nothing published by the unchanged tick
        assert [r["status"] for r in run_log(warehouse)][:2] == ["published", "unchanged"]

        # Each run's summary is in Prefect: a log line and a markdown artifact.
        artifacts = post(f"{url}/artifacts/filter", {"artifacts": {"key": {"any_": ["parley-run-summary"]}}})
        texts = [a["data"] for a in artifacts]
        assert any("published" in t and "checks" in t for t in texts)
        assert any("unchanged" in t and "none needed" in t for t in texts)
        assert "nothing new" in errors.read_text()
    finally:
        children = psutil.Process(serve.pid).children(recursive=True) if serve.poll() is None else []
        serve.send_signal(signal.SIGKILL)
        serve.wait()
    gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, [p.cmdline() for p in alive]  # the server died with serve, kill -9 included
