"""The standby file (standby.py): a build synced from the file published before must hold exactly what the
published file holds, and anything unexpected about the standby must fall back to the full copy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from parley.types import (ArticleFacts, CleanArticle, Entity, MeetingMention, Mention, ProcessedArticle, Quote, RawDoc,
                          Reject, article_id_for)
from parley.warehouse import files, load
from parley.warehouse.standby import standby_path, take_standby

PEOPLE = {"p-ana": ("Ana Lind", "SE"), "p-bo": ("Bo Krantz", "NO"), "p-cy": ("Cy Dumas", "FR")}


def story(name: str, version: int, a: str, b: str) -> ProcessedArticle:
    """An invented article in which person `a` meets person `b`, with a mention of each, a quote and a report."""
    (name_a, country_a), (name_b, country_b) = PEOPLE[a], PEOPLE[b]
    body = (f"{name_a} met {name_b} in Oslo on Monday (version {version}). "
            f'"We agreed on the quotas," {name_a} said afterwards.')
    start_b = body.index(name_b)
    quote = body.index("We agreed")
    raw = RawDoc(name, f"/in/{name}", "txt", f"hash-{name}-{version}", body)
    facts = ArticleFacts(
        [Entity(a, name_a, "PERSON", country_a, "kb"), Entity(b, name_b, "PERSON", country_b, "kb")],
        [Mention(a, 0, len(name_a), name_a, "alias"), Mention(b, start_b, start_b + len(name_b), name_b, "alias")],
        [Quote(quote, quote + len("We agreed on the quotas,"), "We agreed on the quotas,", a, name_a,
               body.rindex(name_a), body.rindex(name_a) + len(name_a), "explicit")],
        [MeetingMention([a, b], sorted({country_a, country_b}), "Oslo", "NO", date(2026, 3, 2 + version % 3), "day",
                        "held", "in_person", 0, body.index(")") + 2, body[:body.index(")") + 2])])
    return ProcessedArticle(article_id_for(name), raw, CleanArticle(body=body, title=f"Talks {version}"), facts, "fp")


def run(published: Path, run_id: str, articles: list[ProcessedArticle], rejected: list[str] = ()) -> bool:
    """What a publishing run stores (its run row, rejects and retirements, articles, merged meetings), published
    the way the flow does; returns whether the build started from the standby."""
    build = published.with_name(f"news.building-{run_id}.duckdb")
    used = files.prepare_build(published, build)
    con = files.connect(build)
    files.start_run(con, run_id, "/in")
    load.write_rejects(con, [Reject(n, f"/in/{n}", "empty", "an empty file", 0, None) for n in rejected], run_id)
    assert load.load_articles(con, articles, run_id) == []
    load.rebuild_meetings(con)
    files.finish_run(con, run_id, status="published")
    files.close(con)
    files.publish(build, published)
    return used


def content(path: Path) -> dict[str, list]:
    """Every table's rows (sorted), every view's definition and every comment of a file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' "
                                            "ORDER BY 1").fetchall()]
        found = {t: con.execute(f"SELECT * FROM main.{t} ORDER BY ALL").fetchall() for t in tables}
        found["_views"] = con.execute("SELECT schema_name, view_name, sql, comment FROM duckdb_views() "
                                      "WHERE NOT internal ORDER BY ALL").fetchall()
        found["_columns"] = con.execute("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                                        "ORDER BY ALL").fetchall()
        return found
    finally:
        con.close()


def synced_copy(published: Path, folder: Path) -> Path | None:
    """Sync a copy of the standby to a copy of the published file (the originals stay as the next run needs them)."""
    folder.mkdir()
    for path in (published, standby_path(published)):
        shutil.copyfile(path, folder / path.name)
    build = folder / "news.building-check.duckdb"
    return build if take_standby(folder / published.name, build) else None


@pytest.fixture
def published(tmp_path: Path) -> Path:
    path = tmp_path / "w" / "news.duckdb"
    path.parent.mkdir()
    run(path, "r1", [story("a.txt", 1, "p-ana", "p-bo"), story("b.txt", 1, "p-bo", "p-cy")])
    run(path, "r2", [story("c.txt", 1, "p-cy", "p-ana")])
    return path


def test_a_synced_standby_holds_exactly_the_published_content_after_new_changed_and_retired_articles(
        published, tmp_path):
    steps = [
        ("r3", [story("a.txt", 2, "p-ana", "p-cy"), story("d.txt", 1, "p-bo", "p-ana")], []),  # changed + new
        ("r4", [], ["b.txt"]),  # an input now rejected: its article and facts are retired
        ("r5", [story("b.txt", 3, "p-bo", "p-cy")], ["e.txt"]),  # back again, and a new reject
        ("r6", [story("c.txt", 2, "p-ana", "p-bo"), story("f.txt", 1, "p-cy", "p-bo")], []),
    ]
    used = []
    for index, (run_id, articles, rejected) in enumerate(steps):
        used.append(run(published, run_id, articles, rejected))
        build = synced_copy(published, tmp_path / f"check{index}")
        assert build is not None
        assert content(build) == content(published)
    assert all(used)  # every one of these runs started from the synced standby, none from a copy
    rows = content(published)
    assert {r[0] for r in rows["articles"]} == {article_id_for(n) for n in ("a.txt", "b.txt", "c.txt", "d.txt",
                                                                          "f.txt")}
    assert len(rows["meetings"]) >= 1 and len(rows["pipeline_runs"]) == 6




class _Counting:
    """A connection that counts the rows each DELETE and INSERT of the sync wrote, per table."""

    def __init__(self, con):
        self.con, self.written = con, {}

    def execute(self, sql, *args):
        result = self.con.execute(sql, *args)
        words = sql.split()
        if words and words[0] in ("DELETE", "INSERT"):
            table = words[2].split(".")[-1]
            self.written[table] = self.written.get(table, 0) + result.fetchone()[0]
        return result

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_the_sync_writes_the_rows_that_differ_not_whole_tables(published, tmp_path, monkeypatch):
    """The meeting links have no key since schema version 3: the sync still deletes and inserts only what differs."""
    from parley.warehouse.standby import sync

    monkeypatch.setitem(PEOPLE, "p-di", ("Di Moreau", "BE"))
    monkeypatch.setitem(PEOPLE, "p-ed", ("Ed Varga", "HU"))
    run(published, "r3", [story("e.txt", 1, "p-di", "p-ed")])  # a meeting no later run touches
    run(published, "r4", [story("a.txt", 2, "p-ana", "p-cy")])  # a.txt now reports another meeting
    copy = tmp_path / "standby.duckdb"
    shutil.copyfile(standby_path(published), copy)
    before, after = content(copy), content(published)
    con = duckdb.connect(str(copy))
    counting = _Counting(con)
    sync(counting, published)
    con.close()
    assert content(copy) == after
    same_meetings = {row[0] for row in set(before["meetings"]) & set(after["meetings"])}
    for table in ("meeting_participants", "meeting_sources", "meeting_countries"):
        kept = [row for row in set(before[table]) & set(after[table]) if row[0] in same_meetings]
        assert kept, table  # the e.txt meeting's rows: neither deleted nor written again
        assert 0 < counting.written[table] <= len(before[table]) + len(after[table]) - 2 * len(kept), table

def test_the_replaced_file_becomes_the_standby_unchanged(published, tmp_path):
    before = content(published)
    run(published, "r3", [story("d.txt", 1, "p-bo", "p-ana")])
    assert content(standby_path(published)) == before


READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
query = "SELECT count(*), max(run_id), sum(length(body)) FROM articles"
print(con.execute(query).fetchone(), flush=True)
sys.stdin.readline()
print(con.execute(query).fetchone(), flush=True)
"""


def test_a_standby_held_by_a_reader_is_left_alone_and_the_build_is_a_copy(published, tmp_path):
    # Another process: POSIX locks do not conflict within the process that holds them.
    reader = subprocess.Popen([sys.executable, "-c", READER, str(standby_path(published))], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        held = reader.stdout.readline()
        build = tmp_path / "w" / "news.building-r3.duckdb"
        assert files.prepare_build(published, build) is False
        assert content(build) == content(published)
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline() == held  # the reader kept its snapshot
    finally:
        reader.communicate(timeout=60)


def test_no_standby_means_a_full_copy(published, tmp_path):
    standby_path(published).unlink()
    build = tmp_path / "w" / "news.building-r3.duckdb"
    assert files.prepare_build(published, build) is False
    assert content(build) == content(published)


def _falls_back_to_a_copy(published, tmp_path, spoil: str) -> None:
    """Change the standby with `spoil`; the build must then be a full copy of the published file."""
    con = duckdb.connect(str(standby_path(published)))
    con.execute(spoil)
    con.close()
    build = tmp_path / "w" / "news.building-r3.duckdb"
    assert files.prepare_build(published, build) is False
    assert content(build) == content(published)


def test_a_standby_with_another_layout_is_not_synced(published, tmp_path):
    _falls_back_to_a_copy(published, tmp_path, "ALTER TABLE articles ADD COLUMN extra VARCHAR")
    assert not standby_path(published).exists()  # consumed either way: the next publish makes a new one


def test_a_standby_that_is_not_an_older_state_of_the_published_file_is_not_used(published, tmp_path):
    _falls_back_to_a_copy(published, tmp_path,
                          "INSERT INTO entities VALUES ('p-zed', 'Zed Unknown', 'PERSON', NULL, 'ner')")
