"""Schema version 3: a warehouse written before it (tests/data/warehouse_before_issue26.duckdb.gz, the five seeds
run through parley at commit 4405194) loses its fact tables' key and reference constraints on its next build, in
place, keeping every row; a new warehouse never has them."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import duckdb
import pytest

from parley.warehouse import files
from parley.warehouse.migrate import keyed_fact_tables, unkey_facts

from tests.conftest import DATA

OLD = DATA / "warehouse_before_issue26.duckdb.gz"
FACTS = ("articles", "mentions", "quotes", "meeting_reports", "meetings", "meeting_participants",
         "meeting_countries", "meeting_sources", "entities", "rejects")


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in FACTS}


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    path = tmp_path / "news.duckdb"
    with gzip.open(OLD) as packed, path.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return path


def test_an_older_warehouse_is_unkeyed_in_place_with_every_row(old_file: Path):
    con = duckdb.connect(str(old_file))
    assert len(keyed_fact_tables(con)) == 8  # as written before: keys on every fact table
    before = counts(con)
    layout_before = con.execute("SELECT * FROM articles ORDER BY article_id").fetchall()
    assert before["articles"] == 5 and before["mentions"] > 0 and before["meetings"] > 0
    files.apply_schema(con)
    assert keyed_fact_tables(con) == []
    assert counts(con) == before
    assert con.execute("SELECT * FROM articles ORDER BY article_id").fetchall() == layout_before
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 4  # 4: person_links (issue 25)
    assert con.execute("SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'keyed_facts'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM bi.meetings").fetchone()[0] == before["meetings"]  # views still bind
    assert not unkey_facts(con)  # once done, a no-op
    con.close()


def test_the_next_build_of_an_older_warehouse_is_migrated(old_file: Path, tmp_path: Path):
    build = tmp_path / "news.building-x.duckdb"
    files.prepare_build(old_file, build)
    con = duckdb.connect(str(build), read_only=True)
    assert keyed_fact_tables(con) == [] and counts(con)["articles"] == 5
    con.close()
    con = duckdb.connect(str(old_file), read_only=True)  # the published file itself is not written
    assert len(keyed_fact_tables(con)) == 8
    con.close()


def test_a_new_warehouse_has_no_fact_keys_but_keeps_row_checks(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "new.duckdb"))
    files.apply_schema(con)
    assert keyed_fact_tables(con) == []
    # A second copy of an article is no longer refused by the table (the checks refuse it before a publish) ...
    for _ in range(2):
        con.execute("INSERT INTO articles (article_id, source_name, content_hash, raw_text, body) "
                    "VALUES ('a1', 'a.txt', 'h', 'text', 'text')")
    # ... but a row that breaks a CHECK or NOT NULL still is.
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO mentions VALUES ('m', 'a1', 'Q1', 'x', 5, 2, 'alias')")
    con.close()
