"""The warehouse: schema, replacing an article's rows, rejects, merged meetings, atomic publish.

Articles are built by hand with correct offsets (no spaCy); merge_meetings is replaced by a tiny stand-in.
The builders live in conftest.py.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from datetime import date

import duckdb
import pytest

from parley.types import Entity, Reject
from parley.warehouse import files, load
from parley.warehouse.stored import stored_hash_owner, stored_state

from tests.conftest import BODY_A, LAVROV, RUN, article, build_warehouse, fake_merge, meeting, sample_articles


def count(con, sql: str) -> int:
    return con.execute(sql).fetchone()[0]


# --- tests -----------------------------------------------------------------------------------------------------

@pytest.fixture
def con(tmp_path):
    connection = files.connect(tmp_path / "w.duckdb")
    files.apply_schema(connection)
    yield connection
    connection.close()


def test_schema_applies_twice_and_keeps_data(con):
    load.write_articles(con, sample_articles(), RUN)
    files.apply_schema(con)
    assert count(con, "SELECT count(*) FROM articles") == 2
    views = {row[0] for row in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = 'bi'").fetchall()}
    assert {"articles", "mentions", "quotes", "meetings", "meetings_by_country_pair", "quotes_by_speaker",
            "top_entities", "rejects", "pipeline_runs"} <= views


def test_write_articles_loads_facts_and_bi_views(con):
    load.write_articles(con, sample_articles(), RUN)
    assert files.summary(con) | {} == dict(articles=2, mentions=5, quotes=2, meeting_reports=3, meetings=0,
                                               entities=3, rejects=0)
    names = con.execute("SELECT surface, entity_name FROM bi.mentions ORDER BY article_id, start_char").fetchall()
    assert ("Çavuşoğlu", "Mevlüt Çavuşoğlu") in names and ("Lavrov", "Sergei Lavrov") in names
    speakers = dict(con.execute("SELECT quote_text, speaker_name FROM bi.quotes").fetchall())
    assert speakers["Talks will continue next month."] == "Mevlüt Çavuşoğlu"
    captions, published = con.execute(
        "SELECT captions, published_date FROM articles WHERE source_name = 'b.txt'").fetchone()
    assert captions == ["a caption"] and published == date(2023, 5, 11)
    # DuckDB substr counts code points like Python slicing, so stored offsets reproduce the surface in SQL too.
    assert count(con, "SELECT count(*) FROM mentions JOIN articles USING (article_id) "
                      "WHERE substr(body, start_char + 1, end_char - start_char) <> surface") == 0


def test_changed_article_replaces_its_rows_without_orphans(con):
    load.write_articles(con, sample_articles(), RUN)
    load.rebuild_meetings(con, merge=fake_merge)
    changed_body = "Lavrov spoke by phone. “No comment,” he said."
    changed = article("a.txt", changed_body, version="v2", mentions=[(LAVROV, "Lavrov")],
                      quotes=[("No comment,", None, "he")])
    load.write_articles(con, [changed], "run-2")
    load.rebuild_meetings(con, merge=fake_merge)
    aid = changed.article_id
    assert con.execute("SELECT body, run_id, nlp_fingerprint FROM articles WHERE article_id = ?", [aid]).fetchone() \
        == (changed_body, "run-2", "fp-v2")
    assert con.execute("SELECT surface FROM mentions WHERE article_id = ?", [aid]).fetchall() == [("Lavrov",)]
    assert con.execute("SELECT quote_text, speaker_entity_id FROM quotes WHERE article_id = ?", [aid]).fetchall() \
        == [("No comment,", None)]
    assert count(con, f"SELECT count(*) FROM meeting_reports WHERE article_id = '{aid}'") == 0
    # b.txt is untouched and its meetings survive the re-merge.
    assert count(con, "SELECT count(*) FROM mentions") == 2
    assert con.execute("SELECT list(source_names) FROM bi.meetings").fetchone()[0] == [["b.txt"], ["b.txt"]]
    assert count(con, "SELECT count(*) FROM meeting_sources s LEFT JOIN articles a USING (article_id) "
                      "WHERE a.article_id IS NULL") == 0
    assert stored_state(con)["a.txt"] == (changed.raw.content_hash, "fp-v2")


def test_kb_entity_names_refresh_but_ner_names_stay(con):
    ner = Entity("person:erdogan", "Erdogan", "PERSON", None, "ner")
    first = article("a.txt", "Erdogan and Lavrov.", mentions=[(ner, "Erdogan"), (LAVROV, "Lavrov")])
    load.write_articles(con, [first], RUN)
    renamed_kb = Entity("Q1", "Sergey Lavrov", "PERSON", "RU")
    other_ner = Entity("person:erdogan", "Erdoğan", "PERSON", None, "ner")
    second = article("b.txt", "Erdoğan, Lavrov.", mentions=[(other_ner, "Erdoğan"), (renamed_kb, "Lavrov")])
    load.write_articles(con, [second], RUN)
    assert dict(con.execute("SELECT entity_id, name FROM entities").fetchall()) == {
        "person:erdogan": "Erdogan", "Q1": "Sergey Lavrov"}


def test_unknown_entity_reference_is_refused(con):
    stray = article("a.txt", BODY_A, meetings=[meeting(["Q99"], ["RU"])])
    with pytest.raises(load.MissingEntities, match="Q99"):
        load.write_articles(con, [stray], RUN)
    assert count(con, "SELECT count(*) FROM articles") == 0


def test_rejects_and_runs_and_incremental_state(con):
    files.start_run(con, RUN, "/in")
    rejects = [Reject("empty.txt", "/in/empty.txt", "empty", "no text", 0, "h0"),
               Reject("bin.txt", "/in/bin.txt", "binary", "not text", 12, "h1"),
               Reject("bin.txt", "/in/bin.txt", "oversized", "too big", 12, "h1")]
    load.write_rejects(con, rejects, RUN)
    assert dict(con.execute("SELECT source_name, reason FROM bi.rejects").fetchall()) == {
        "empty.txt": "empty", "bin.txt": "oversized"}
    load.write_articles(con, sample_articles(), RUN)
    files.finish_run(con, RUN, status="validating", files_seen=5, articles_new=2, rejected=2)
    files.finish_run(con, RUN, status="published", checks_passed=10, checks_failed=0)
    row = con.execute("SELECT status, files_seen, rejected, checks_passed, finished_at IS NOT NULL "
                      "FROM bi.pipeline_runs").fetchone()
    assert row == ("published", 5, 2, 10, True)
    owners = stored_hash_owner(con)
    a = sample_articles()[0]
    assert owners[a.raw.content_hash] == "a.txt"
    assert stored_state(con)["a.txt"] == (a.raw.content_hash, "fp-v1")


def test_rebuild_meetings_merges_across_articles(con):
    load.write_articles(con, sample_articles(), RUN)
    assert load.rebuild_meetings(con, merge=fake_merge) == 2
    held = con.execute("SELECT participants, participant_countries, source_names FROM bi.meetings "
                       "WHERE status = 'held'").fetchone()
    assert held == (["Mevlüt Çavuşoğlu", "Sergei Lavrov"], ["RU", "TR"], ["a.txt", "b.txt"])
    pairs = con.execute("SELECT country_a, country_b, status FROM bi.meetings_by_country_pair "
                        "ORDER BY meeting_date").fetchall()
    assert pairs == [("RU", "TR", "held"), ("TR", "US", "planned")]
    assert load.rebuild_meetings(con, merge=fake_merge) == 2  # idempotent: same ids replaced
    assert count(con, "SELECT count(*) FROM meeting_sources") == 3


def test_bulk_load_speed(con):
    """250 articles x 20 mentions in one batch, replaced once: well under a second each on this machine."""
    body = " ".join(f"Lavrov{i} met Cavusoglu{i}." for i in range(10))
    entities = [Entity(f"Q{i}", f"Person {i}", "PERSON", "RU") for i in range(20)]
    mentions = [(entities[i], f"{'Lavrov' if i % 2 == 0 else 'Cavusoglu'}{i // 2}") for i in range(20)]
    batch = [article(f"s{n}.txt", body, mentions=mentions) for n in range(250)]
    started = time.perf_counter()
    load.write_articles(con, batch, RUN)
    load.write_articles(con, batch, RUN)
    elapsed = time.perf_counter() - started
    assert count(con, "SELECT count(*) FROM mentions") == 5000
    assert elapsed < 5, elapsed


def test_prepare_build_copies_published_and_publish_replaces_it(tmp_path):
    published, build = tmp_path / "news.duckdb", tmp_path / "news.building.duckdb"
    files.prepare_build(published, build)  # no published file yet: a new, empty warehouse
    con = duckdb.connect(str(build))
    assert count(con, "SELECT count(*) FROM articles") == 0
    con.close()
    build_warehouse(build)
    files.publish(build, published)
    assert not build.exists()
    build.write_bytes(b"stale")  # a stale build from a crashed run is discarded
    files.prepare_build(published, build)
    con = duckdb.connect(str(build))
    assert count(con, "SELECT count(*) FROM articles") == 2
    con.close()


READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    def titles():
        return ",".join(r[0] for r in con.execute("SELECT source_name FROM bi.articles ORDER BY 1").fetchall())
    print(titles(), flush=True)
    sys.stdin.readline()  # the test publishes a new file meanwhile
    print(titles(), flush=True)
    con.close()  # one process shares one database instance per path: reconnect after closing
    con = duckdb.connect(sys.argv[1], read_only=True)
    print(titles(), flush=True)
""")


def test_publish_is_atomic_for_an_open_reader(tmp_path):
    published, build = tmp_path / "news.duckdb", tmp_path / "news.building.duckdb"
    build_warehouse(build, sample_articles()[:1])
    files.publish(build, published)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(published)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().strip() == "a.txt"
        # While the reader holds the old file open, a full run builds and publishes a new one.
        files.prepare_build(published, build)
        con = files.connect(build)
        load.write_articles(con, sample_articles()[1:], "run-2")
        files.close(con)
        published.with_name(published.name + ".wal").write_bytes(b"stale wal")
        files.publish(build, published)
        reader.stdin.write("go\n")
        reader.stdin.flush()
        assert reader.stdout.readline().strip() == "a.txt"  # old connection: old snapshot, still readable
        assert reader.stdout.readline().strip() == "a.txt,b.txt"  # reconnected: the new file
        assert reader.wait(timeout=30) == 0
    finally:
        reader.kill()
    assert not published.with_name(published.name + ".wal").exists()
    con = duckdb.connect(str(published), read_only=True)
    assert count(con, "SELECT count(*) FROM articles") == 2
    con.close()


def test_build_of_a_warehouse_in_another_storage_format_is_rewritten_in_the_pinned_one(tmp_path):
    from parley.config import STORAGE_VERSION
    from parley.warehouse.storage import storage_version

    published, build = tmp_path / "news.duckdb", tmp_path / "news.building.duckdb"
    build_warehouse(published)  # DuckDB's default format, as published files were before the setting
    con = duckdb.connect(str(published), read_only=True)
    before = storage_version(con), count(con, "SELECT count(*) FROM bi.mentions")
    con.close()
    assert before[0].rstrip("+") != STORAGE_VERSION

    files.prepare_build(published, build)
    con = duckdb.connect(str(build), read_only=True)
    try:
        assert storage_version(con).rstrip("+") == STORAGE_VERSION
        assert count(con, "SELECT count(*) FROM bi.mentions") == before[1]
        assert count(con, "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'bi' AND comment IS NOT NULL") > 0
    finally:
        con.close()


def rows(con, sql: str) -> int:
    """count() that drains the result: DuckDB refuses the next write while a result is unfinished."""
    return con.execute(sql).fetchall()[0][0]


def test_a_rejected_input_retires_its_article_and_a_repeated_reject_adds_no_row(con):
    load.write_articles(con, sample_articles(), RUN)
    emptied = Reject("a.txt", "/in/a.txt", "empty", "the file has no content", 0, "h-empty")
    assert load.write_rejects(con, [emptied], RUN) == 1  # a.txt's article and facts go
    assert rows(con, "SELECT count(*) FROM articles WHERE source_name = 'a.txt'") == 0
    assert rows(con, "SELECT count(*) FROM mentions m LEFT JOIN articles a USING (article_id) "
                      "WHERE a.article_id IS NULL") == 0
    assert load.write_rejects(con, [emptied], "run-2") == 0
    assert con.execute("SELECT run_id, source_name FROM bi.rejects").fetchall() == [(RUN, "a.txt")]
    assert rows(con, "SELECT count(*) FROM bi.reject_history") == 1
    other = Reject("a.txt", "/in/a.txt", "binary", "not text", 9, "h-bin")
    load.write_rejects(con, [other], "run-3")
    assert con.execute("SELECT run_id, reason FROM bi.rejects").fetchall() == [("run-3", "binary")]
    assert rows(con, "SELECT count(*) FROM bi.reject_history") == 2


def test_a_whole_json_file_rejected_retires_all_its_records(con):
    records = [article(f"feed.jsonl#{i}", f"Lavrov met Kerry in Geneva, report {i}.") for i in (1, 2)]
    load.write_articles(con, records, RUN)
    oversized = Reject("feed.jsonl", "/in/feed.jsonl", "oversized", "too big", 9_000_000)
    assert load.write_rejects(con, [oversized], RUN) == 2
    assert rows(con, "SELECT count(*) FROM articles WHERE source_name LIKE 'feed.jsonl%'") == 0


def test_only_this_runs_published_build_may_be_published(tmp_path):
    build = tmp_path / "news.building-run-1.duckdb"
    files.prepare_build(tmp_path / "news.duckdb", build)
    con = files.connect(build)
    files.start_run(con, RUN, "/in")
    files.finish_run(con, RUN, status="published")
    files.close(con)
    files.check_build_owner(build, RUN)
    with pytest.raises(RuntimeError, match="not the build of run run-2"):
        files.check_build_owner(build, "run-2")


def test_a_row_the_database_refuses_is_returned_and_the_rest_of_the_batch_loads(con):
    good, bad = sample_articles()
    bad.facts.mentions[0].start_char = -1  # breaks CHECK (start_char >= 0)
    refused = load.load_articles(con, [good, bad], RUN)
    assert [a.article_id for a, _ in refused] == [bad.article_id] and "Constraint" in refused[0][1]
    assert con.execute("SELECT source_name FROM articles").fetchall() == [(good.raw.source_name,)]
