"""A run stops when asked (issue 30): SIGTERM while a slow input is being read ends `parley run` within seconds,
exit 143 with one line, the published file unchanged and no process of the run left."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from pathlib import Path

import psutil
import pytest

from tests.conftest import SEEDS
from tests.run.test_faults import _cli, _cli_env, _ends

pytestmark = pytest.mark.slow

STOPPED = "parley: stopped by SIGTERM; nothing half-done was published"


def slow_page() -> str:
    """A fair page trafilatura takes several seconds to read (~5 MB of paragraphs)."""
    paragraph = "<div><p>" + "Talks went on in Geneva on Monday while the ministers waited for word. " * 3 + "</p></div>\n"
    return "<html><body><article>" + paragraph * (4_800_000 // len(paragraph)) + "</article></body></html>"


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> tuple[Path, Path, dict]:
    """A warehouse published from the seeds, and the seeds' folder with the slow page added."""
    base = tmp_path_factory.mktemp("signals")
    source, out = base / "in", base / "wh" / "news.duckdb"
    shutil.copytree(SEEDS, source)
    env = _cli_env(base)
    first = subprocess.run(_cli(source, out), env=env, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr[-2000:]
    (source / "000_slow.html").write_text(slow_page(), encoding="utf-8")  # read right after the five seeds
    env["PARLEY_READ_SECONDS"] = "600"  # the budget must not end its read before the signal does
    return source, out, env


def _stop(run: subprocess.Popen, out: Path, before: bytes) -> None:
    family = [psutil.Process(run.pid)] + psutil.Process(run.pid).children(recursive=True)
    run.send_signal(signal.SIGTERM)
    try:
        err = run.communicate(timeout=15)[1]  # the bound: ends within 15 s of the signal
    finally:
        run.kill()
    assert run.returncode == 143, err[-3000:]
    assert err.strip().splitlines()[-1] == STOPPED, err[-3000:]
    assert out.read_bytes() == before  # nothing half-done published
    assert not list(out.parent.glob("news.building*"))
    left = [p.pid for p in family if not _ends(p, timeout=10)]
    assert not left, left  # the parse processes, the checker and the Prefect API ended with the run


def test_sigterm_five_seconds_in_ends_the_run_with_143(published):
    source, out, env = published
    before = out.read_bytes()
    run = subprocess.Popen(_cli(source, out), env=env, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    time.sleep(5)  # as `timeout -s TERM 5 parley run ...`: the slow page is being read by then
    _stop(run, out, before)


def test_sigterm_while_the_flow_reads_the_slow_page_ends_the_run_with_143(published):
    source, out, env = published
    before = out.read_bytes()
    run = subprocess.Popen(_cli(source, out), env=env, text=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for line in run.stderr:  # the flow has started its build: its scan reads the slow page first
        if "build started" in line:
            break
    _stop(run, out, before)
