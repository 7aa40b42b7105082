"""A damaged published file is found before use, said in one line, and recovered (issue 29): a file cut in half,
a zeroed block in the middle, a missing, damaged or older standby, and a runaway `parley sql` statement."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

from parley.cli import main
from parley.run import log, recover
from parley.warehouse.standby import standby_path
from parley.warehouse.verify import BLOCKS_START, Damaged, check, file_problem

from tests.conftest import query
from tests.run.test_unchanged import STORY, publish_as_a_run_would, write

COUNTS = ("SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM rejects), "
          "(SELECT count(*) FROM pipeline_runs)")


def publish(source: Path, published: Path, run_id: str) -> None:
    """A publishing run as the run log sees it: the file, then its publish line with the facts verify compares."""
    publish_as_a_run_would(source, published, run_id)
    now = datetime.now().isoformat()
    facts = recover.after_publish(published, query(published, "SELECT count(*) FROM articles")[0][0], print)
    log.append(published, dict(run_id=run_id, started_at=now, finished_at=now, status="published",
                               source_dir=str(source), **facts))


@pytest.fixture
def warehouse(tmp_path: Path) -> tuple[Path, Path]:
    """Three stories and an empty input, published twice (the second run adds a story): the standby holds the
    second publish."""
    source = write(tmp_path / "in", {f"{n}.txt": STORY.format(day=day) for n, day in
                                     (("a", "Monday"), ("b", "Tuesday"), ("empty", ""))})
    (source / "empty.txt").write_text("")
    published = tmp_path / "w" / "news.duckdb"
    publish(source, published, "r1")
    write(source, {"c.txt": STORY.format(day="Friday")})
    publish(source, published, "r2")
    return source, published


def cut_in_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def zero_a_middle_block(path: Path) -> None:
    blocks = (path.stat().st_size - BLOCKS_START) // 262144
    with path.open("r+b") as handle:
        handle.seek(BLOCKS_START + blocks // 2 * 262144 + 1000)
        handle.write(bytes(4096))


def cli(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_intact_file_verifies_and_a_damaged_one_is_named(warehouse):
    _, published = warehouse
    found = check(published)
    assert (found.run_id, found.articles) == ("r2", 3)
    cut_in_half(published)
    with pytest.raises(Damaged, match=r"news.duckdb is damaged: cut short: [\d,]+ bytes of the [\d,]+ its header"):
        check(published)


def test_a_file_cut_in_half_is_refused_by_readers_and_restored_by_the_next_run(warehouse, capsys):
    source, published = warehouse
    before = query(published, COUNTS)
    cut_in_half(published)
    code, out, err = cli(capsys, "sql", "--warehouse", published, "SELECT count(*) FROM bi.mentions")
    assert code == recover.EXIT_DAMAGED and out == ""
    assert err.count("\n") == 1 and "is damaged: cut short" in err and "parley run --rebuild" in err
    code, out, err = cli(capsys, "check", "--warehouse", published)
    assert code == recover.EXIT_DAMAGED and "is damaged: cut short" in err and "Traceback" not in err

    code, out, err = cli(capsys, "run", "--source", source, "--warehouse", published)
    assert code == 0, err
    assert "was damaged (cut short" in err and "restored from its standby" in err and "(run r2, 3 articles)" in err
    assert query(published, COUNTS) == before  # articles, rejects and runs of the last publish: nothing lost
    aside = list(published.parent.glob("news.duckdb.damaged-*"))
    assert len(aside) == 1 and file_problem(aside[0]) is not None
    assert "nothing new" in out  # the run went on (here: the unchanged path)
    assert cli(capsys, "sql", "--warehouse", published, "--json", "SELECT count(*) AS n FROM bi.articles")[:2] == (
        0, '[\n {\n  "n": 3\n }\n]\n')


def test_a_zeroed_block_in_the_middle_is_found_though_count_star_would_answer(warehouse, capsys):
    _, published = warehouse
    zero_a_middle_block(published)
    assert query(published, "SELECT count(*) FROM mentions")  # DuckDB alone answers from the damaged file
    code, out, err = cli(capsys, "sql", "--warehouse", published, "SELECT count(*) FROM bi.articles")
    assert code == recover.EXIT_DAMAGED and out == ""
    assert "fails its checksum" in err and err.count("\n") == 1


def test_a_missing_standby_stops_the_run_with_one_line_and_a_rebuild_sets_the_file_aside(warehouse, capsys):
    source, published = warehouse
    before = query(published, COUNTS)
    standby_path(published).unlink()
    zero_a_middle_block(published)
    code, out, err = cli(capsys, "run", "--source", source, "--warehouse", published)
    assert code == recover.EXIT_DAMAGED and out == ""
    assert err.startswith(f"parley run: {published} is damaged: block ") and err.count("\n") == 1
    assert "there is no standby file news.standby.duckdb" in err and "run `parley run --rebuild`" in err
    assert query(published.with_name("news.duckdb"), "SELECT 1") and len(list(published.parent.iterdir())) >= 2

    lines: list[str] = []
    last = recover.set_aside(published, lines.append)
    assert last["run_id"] == "r2" and last["articles"] == before[0][0]
    assert not published.exists() and "the damaged file is kept as news.duckdb.damaged-" in lines[0]
    note = recover.rebuild_note(published, last, {"articles": 2})
    assert "1 of the 3 articles of the last publish" in note and "run history older than the run log" in note


def test_a_damaged_standby_is_refused_with_its_reason(warehouse, capsys):
    source, published = warehouse
    zero_a_middle_block(standby_path(published))
    cut_in_half(published)
    code, out, err = cli(capsys, "run", "--source", source, "--warehouse", published)
    assert code == recover.EXIT_DAMAGED
    assert "its standby cannot replace it: it is damaged too: block " in err and "fails its checksum" in err


def test_a_standby_from_an_older_run_is_refused(warehouse, capsys):
    source, published = warehouse
    older = published.with_name("older.duckdb")
    os.link(standby_path(published), older)  # r2's standby; the next publish leaves r2 behind in it
    write(source, {"d.txt": STORY.format(day="Sunday")})
    publish_as_a_run_would(source, published, "r3")  # a publish whose standby was not brought up to it
    standby_path(published).unlink()
    os.replace(older, standby_path(published))
    now = datetime.now().isoformat()
    log.append(published, dict(run_id="r3", started_at=now, finished_at=now, status="published"))
    cut_in_half(published)
    code, out, err = cli(capsys, "run", "--source", source, "--warehouse", published)
    assert code == recover.EXIT_DAMAGED
    assert "its standby cannot replace it: it holds an older run (r2) than the last publish (r3)" in err
    assert query(standby_path(published), COUNTS)[0][0] == 3  # left as it was


def test_a_file_of_an_older_run_than_the_log_says_is_refused(warehouse, capsys):
    _, published = warehouse
    os.replace(standby_path(published), published.with_name("r2.duckdb"))
    now = datetime.now().isoformat()
    log.append(published, dict(run_id="r9", started_at=now, finished_at=now, status="published"))
    code, _, err = cli(capsys, "sql", "--warehouse", published, "SELECT 1")
    assert code == recover.EXIT_DAMAGED and "it holds run r2, but the run log's last publish is run r9" in err


def test_a_runaway_statement_is_cancelled_with_one_line(warehouse, capsys):
    _, published = warehouse
    code, out, err = cli(capsys, "sql", "--warehouse", published, "--timeout", "0.5",
                         "SELECT count(*) FROM range(1000000000) a, range(1000000000) b WHERE a.range + b.range = 7")
    assert code == 1 and out == ""
    assert err == ("error: the statement ran longer than 0.5 s and was cancelled (--timeout SECONDS or "
                   "PARLEY_SQL_TIMEOUT allows more)\n")
    assert query(published, COUNTS)[0][0] == 3  # and the file is as it was


def test_sql_runs_under_a_memory_limit(warehouse, capsys, monkeypatch):
    _, published = warehouse
    monkeypatch.setenv("PARLEY_SQL_MEMORY", "123MiB")
    code, out, _ = cli(capsys, "sql", "--warehouse", published, "--csv", "SELECT current_setting('memory_limit')")
    assert code == 0 and out.splitlines()[1] in ("123.0 MiB", "128.9 MB", "123.0MiB")
