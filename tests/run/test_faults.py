"""Faults a hostile but fair user causes: poison rows, emptied or copied inputs, a broken knowledge base, a second
run on the same warehouse, kill -9 mid-run, SIGTERM, a full disk. Every test ends with a consistent warehouse."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from parley.run import log
from parley.run.flow import RunFailed, run_once
from parley.run.lock import RunLocked, lock_path

from tests.conftest import DATA, ROOT, SEEDS, SHARED, command_line, query

pytestmark = pytest.mark.slow

GOOD = "Sergey Lavrov met Mevlut Cavusoglu in Antalya on Friday to discuss a ceasefire in Syria.\n"
COUNTS = """SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM mentions), (SELECT count(*) FROM quotes),
                   (SELECT count(*) FROM meeting_reports), (SELECT count(*) FROM meetings),
                   (SELECT count(*) FROM entities)"""


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def _ten_articles(folder: Path) -> Path:
    shutil.copytree(SEEDS, folder)
    for path in sorted((DATA / "bbc").glob("*.txt")):
        shutil.copy(path, folder / f"bbc_{path.name}")
    return folder


def test_a_poison_pill_row_is_quarantined_and_later_runs_still_publish(prefect_harness, source, tmp_path):
    (source / "future.json").write_text(json.dumps({"text": GOOD, "published": "2090-05-01"}), encoding="utf-8")
    (source / "far_future.json").write_text(json.dumps({"text": GOOD + "Later.", "published": "2999-01-01"}),
                                            encoding="utf-8")
    out = tmp_path / "wh" / "news.duckdb"
    first = run_once(source, out)
    assert first["status"] == "published" and first["articles"] == 5
    reasons = dict(query(out, "SELECT source_name, reason FROM bi.rejects"))
    assert reasons == {"future.json": "implausible_date", "far_future.json": "implausible_date"}  # never a NULL
    (source / "next.txt").write_text("Kerry met Lavrov in Geneva on Monday, officials said.\n", encoding="utf-8")
    second = run_once(source, out)
    assert second["status"] == "published" and second["articles"] == 6
    assert query(out, "SELECT count(*) FROM bi.rejects")[0][0] == 2
    assert query(out, "SELECT count(*) FROM bi.reject_history")[0][0] == 2  # not added again on every run


def test_an_emptied_input_stops_serving_its_old_article(prefect_harness, source, tmp_path):
    out = tmp_path / "wh" / "news.duckdb"
    run_once(source, out)
    target = sorted(source.glob("*.txt"))[0]
    original = target.read_bytes()
    article_id = query(out, f"SELECT article_id FROM bi.articles WHERE source_name = '{target.name}'")[0][0]
    assert query(out, f"SELECT count(*) FROM bi.mentions WHERE article_id = '{article_id}'")[0][0] > 0

    target.write_bytes(b"")
    for _ in range(2):  # the second run finds the same reject and adds no row
        assert run_once(source, out)["status"] == "published"
        assert query(out, f"SELECT count(*) FROM bi.articles WHERE source_name = '{target.name}'")[0][0] == 0
        assert query(out, f"SELECT count(*) FROM bi.mentions WHERE article_id = '{article_id}'")[0][0] == 0
        assert query(out, f"SELECT count(*) FROM bi.quotes WHERE article_id = '{article_id}'")[0][0] == 0
        assert query(out, "SELECT source_name, reason FROM bi.rejects") == [(target.name, "empty")]
        assert query(out, "SELECT count(*) FROM bi.reject_history")[0][0] == 1

    target.write_bytes(original)
    run_once(source, out)
    assert query(out, "SELECT count(*) FROM bi.rejects")[0][0] == 0  # loaded again: no current reject
    assert query(out, "SELECT count(*) FROM bi.articles")[0][0] == 5


def test_a_file_taking_another_files_text_is_the_only_duplicate(prefect_harness, source, tmp_path):
    out = tmp_path / "wh" / "news.duckdb"
    run_once(source, out)
    first, second = sorted(source.glob("*.txt"))[:2]
    first.write_bytes(second.read_bytes())  # the first file (earlier in scan order) now copies the second
    summary = run_once(source, out)
    assert summary["status"] == "published"
    rejects = query(out, "SELECT source_name, reason, detail FROM bi.rejects")
    assert [(name, reason) for name, reason, _ in rejects] == [(first.name, "duplicate")]
    assert second.name in rejects[0][2]
    names = {row[0] for row in query(out, "SELECT source_name FROM bi.articles")}
    assert second.name in names and first.name not in names  # the copy no longer serves its old text


def test_a_bad_knowledge_base_fails_before_any_nlp_naming_file_row_and_value(tmp_path, monkeypatch, source):
    kb = tmp_path / "kb"
    shutil.copytree(ROOT / "seeds" / "knowledge", kb)
    lines = (kb / "countries.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(i for i, text in enumerate(lines) if text.startswith("FR,"))
    lines[line] = "fr" + lines[line][2:]
    (kb / "countries.csv").write_text("".join(lines), encoding="utf-8")
    monkeypatch.setenv("PARLEY_KNOWLEDGE_DIR", str(kb))
    out = tmp_path / "wh" / "news.duckdb"
    with pytest.raises(RunFailed) as failure:
        run_once(source, out)
    assert f"countries.csv:{line + 1}: code 'fr'" in str(failure.value)
    assert not out.exists() and not list(out.parent.glob("news.building*"))


HOLDER = textwrap.dedent("""
    import sys
    from parley.run.lock import RunLock
    lock = RunLock(sys.argv[1], "holder-run").acquire()
    print("held", flush=True)
    sys.stdin.readline()
""")


def test_a_second_run_fails_at_once_or_waits_for_the_lock(prefect_harness, source, tmp_path):
    out = tmp_path / "wh" / "news.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(RunLocked) as refused:
            run_once(source, out)
        message = str(refused.value)
        assert f"another run is building {out.resolve()} (pid {holder.pid}, started " in message
        assert not out.exists()
        holder.stdin.write("\n")  # the holder finishes while the next run waits
        holder.stdin.flush()
        assert run_once(source, out, wait_seconds=120)["status"] == "published"
    finally:
        holder.kill()
        holder.wait()


def _cli_env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    env["PYTHONPATH"] = os.pathsep.join(sys.path)
    return env


def _cli(source: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "parley.cli", "run", "--source", str(source), "--warehouse", str(out), *extra]


def test_overlapping_runs_lose_nothing_and_never_claim_a_false_success(tmp_path):
    first_source = _ten_articles(tmp_path / "first")
    second_source = tmp_path / "second"
    second_source.mkdir()
    for i, city in enumerate(["Geneva", "Vienna", "Oslo"]):
        (second_source / f"late_{i}.txt").write_text(f"Kerry met Lavrov in {city} on Monday, officials said.\n",
                                                     encoding="utf-8")
    out = tmp_path / "wh" / "news.duckdb"
    env = _cli_env(tmp_path)
    first = subprocess.Popen(_cli(first_source, out, "--batch-size", "2"), env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while "pid" not in (lock_path(out).read_text() if lock_path(out).exists() else ""):
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.1)
    waiting = subprocess.Popen(_cli(second_source, out, "--wait", "600"), env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    refused = subprocess.run(_cli(second_source, out), env=env, text=True, capture_output=True, timeout=120)
    assert refused.returncode == 3, refused.stderr[-2000:]
    assert f"another run is building {out.resolve()} (pid {first.pid}, started" in refused.stderr
    first_out, first_err = first.communicate(timeout=600)
    waiting_out, waiting_err = waiting.communicate(timeout=600)
    assert first.returncode == 0, first_err[-2000:]
    assert waiting.returncode == 0, waiting_err[-2000:]
    assert "holds 10 articles" in first_out and "holds 13 articles" in waiting_out  # each claim is what it published
    names = {row[0] for row in query(out, "SELECT source_name FROM bi.articles")}
    expected = {p.name for p in first_source.iterdir()} | {p.name for p in second_source.iterdir()}
    assert names == expected  # rows lost: 0
    assert [r[0] for r in query(out, "SELECT status FROM bi.pipeline_runs")] == ["published", "published"]


LOADED_BATCH = "Task run 'load-batch"  # Prefect's log line (with --verbose) when a batch is in the build


def _wait_for_line(process: subprocess.Popen, needle: str, count: int) -> list[str]:
    seen, lines = 0, []
    for line in process.stderr:
        lines.append(line)
        seen += needle in line
        if seen >= count:
            return lines
    raise AssertionError("".join(lines[-40:]))


def _ends(process: psutil.Process, timeout: float = 30) -> bool:
    """True once the process is gone or a zombie (dead, waiting for whoever adopted it to reap it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if process.status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False


def test_kill_9_mid_run_then_a_clean_rerun_matches_a_single_clean_run(prefect_harness, tmp_path):
    source = _ten_articles(tmp_path / "in")
    reference = tmp_path / "ref" / "news.duckdb"
    run_once(source, reference, batch_size=2)

    out = tmp_path / "wh" / "news.duckdb"
    run = subprocess.Popen(_cli(source, out, "--batch-size", "2", "--verbose"), env=_cli_env(tmp_path), text=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # --verbose: Prefect's task lines
    batch = random.Random().randint(1, 4)
    try:
        _wait_for_line(run, LOADED_BATCH, batch)  # killed after a random batch of five
        children = psutil.Process(run.pid).children(recursive=True)
        commands = {child.pid: command_line(child) for child in children}
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=30)
    finally:
        run.kill()
    survivors = [commands[child.pid] for child in children if not _ends(child)]
    assert children and not survivors, survivors  # the Prefect API, the checker and the parse died with their parent
    assert list(out.parent.glob("news.building-*.duckdb"))  # the killed run's build is left behind ...

    summary = run_once(source, out, batch_size=2)
    assert summary["status"] == "published"
    assert query(out, COUNTS) == query(reference, COUNTS)
    assert not list(out.parent.glob("news.building*"))  # ... and removed by the next run
    statuses = query(out, "SELECT status, message FROM bi.pipeline_runs ORDER BY started_at")
    assert [s for s, _ in statuses] == ["failed", "published"] and statuses[0][1] == log.KILLED_MESSAGE


def test_sigterm_stops_a_run_within_seconds_and_leaves_no_build(tmp_path):
    source = _ten_articles(tmp_path / "in")
    out = tmp_path / "wh" / "news.duckdb"
    run = subprocess.Popen(_cli(source, out, "--batch-size", "2", "--verbose"), env=_cli_env(tmp_path), text=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # --verbose: Prefect's task lines
    try:
        _wait_for_line(run, LOADED_BATCH, 1)
        run.send_signal(signal.SIGTERM)
        rest = run.communicate(timeout=60)[1]  # a sanity bound, not a speed test
    finally:
        run.kill()
    assert run.returncode != 0
    assert "nanobind: leaked" not in rest
    assert not out.exists() and not list(out.parent.glob("news.building*"))
    assert log.runs(out)[-1]["status"] == "failed"


DISK_FULL = textwrap.dedent("""
    set -u
    mount -t tmpfs -o size=$SIZE tmpfs "$DIR" || exit 97
    "$PY" -m parley.cli run --source "$SMALL" --warehouse "$DIR/news.duckdb" >/dev/null 2>&1 || exit 98
    cp "$DIR/news.duckdb" "$COPY"
    # Leave room for the build's copy of the published file plus 1 MB: the run fails while loading.
    free=$(df --output=avail -k "$DIR" | tail -1)
    used=$(du -k "$DIR/news.duckdb" | cut -f1)
    head -c $(( (free - used - 1024) * 1024 )) /dev/zero > "$DIR/filler" || exit 99
    "$PY" -m parley.cli run --source "$BIG" --warehouse "$DIR/news.duckdb" > "$LOGS/out" 2> "$LOGS/err"
    echo "rc=$?"
    ls -a "$DIR"
    cmp -s "$DIR/news.duckdb" "$COPY" && echo "published unchanged"
""")


def test_a_full_disk_fails_the_run_cleanly_and_removes_its_build(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to mount a small tmpfs in a private mount namespace")
    root = ["--map-root-user"] if os.geteuid() != 0 else []
    probe = subprocess.run(["unshare", *root, "--mount", "mount", "-t", "tmpfs", "tmpfs", str(tmp_path)],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not allowed here: {probe.stderr.strip()}")
    big = tmp_path / "big"
    big.mkdir()
    corpus = sorted((SHARED / "corpus" / "bbc-politics").rglob("*.txt"))
    sources = corpus[:60] or sorted(DATA.rglob("*.txt"))
    for i, path in enumerate(sources):
        shutil.copy(path, big / f"{i:04d}.txt")
    (tmp_path / "disk").mkdir()
    (tmp_path / "logs").mkdir()
    env = {**_cli_env(tmp_path), "SIZE": "32m", "DIR": str(tmp_path / "disk"), "PY": sys.executable,
           "SMALL": str(SEEDS), "BIG": str(big), "COPY": str(tmp_path / "published.copy"),
           "LOGS": str(tmp_path / "logs")}
    done = subprocess.run(["unshare", *root, "--mount", "sh", "-c", DISK_FULL], env=env, text=True,
                          capture_output=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    err = (tmp_path / "logs" / "err").read_text()
    assert "rc=1" in done.stdout, done.stdout + err[-3000:]
    listing = done.stdout.split()
    assert not [name for name in listing if "building" in name or name.endswith(".wal")], done.stdout
    assert "published unchanged" in done.stdout
    assert "No space left on device" in err.splitlines()[-1] or "No space left on device" in err
    assert "nanobind: leaked" not in err
