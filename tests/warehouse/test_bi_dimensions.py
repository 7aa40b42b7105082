"""The bi dimensions analysts reach for (issue 27): entities and their dated offices, one row per meeting and party
country, participants' country and office on the meeting date, dates on quotes and mentions; the export's
manifest and Parquet metadata; and the README's three questions, each one SELECT, on the seeds' warehouse."""

from __future__ import annotations

import json
import os
import re
from datetime import date

import duckdb
import pytest

from parley.types import Entity
from parley.warehouse.contract import README, views

from tests.conftest import LAVROV, article, build_warehouse, meeting, query, sample_articles

ALIYEV = Entity("ner-elmar", "Elmar Teymur", "PERSON", None, "ner")  # invented; the NER knows no country
ENVOY = Entity("Q9", "Dana Petrescu", "PERSON", None)  # invented; only her office names a country


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    body = "Sergei Lavrov met Elmar Teymur and Dana Petrescu in Moscow."
    extra = [article("c.txt", body, date(2023, 7, 3),
                     mentions=[(LAVROV, "Sergei Lavrov"), (ALIYEV, "Elmar Teymur"), (ENVOY, "Dana Petrescu")],
                     meetings=[meeting(["Q1", "ner-elmar"], ["AZ", "RU"], date(2023, 7, 2)),
                               meeting(["Q9"], ["MD"], date(2023, 7, 1))])]
    path = tmp_path_factory.mktemp("dims") / "w.duckdb"
    build_warehouse(path, sample_articles() + extra)
    con = duckdb.connect(str(path))
    con.execute("""INSERT INTO entity_roles VALUES
        ('Q1', 'foreign_minister', 'RU', 'Foreign Minister', DATE '2004-03-09', NULL),
        ('Q2', 'foreign_minister', 'TR', 'Minister of Foreign Affairs', DATE '2015-11-24', DATE '2023-05-31'),
        ('Q9', 'envoy', 'MD', NULL, DATE '2020-01-01', NULL)""")
    con.close()
    return path


def test_participants_get_the_office_held_on_the_meeting_date_and_a_country(warehouse):
    rows = {(mid_date, name): (country, source, role, code) for mid_date, name, country, source, role, code in query(
        warehouse, "SELECT meeting_date, name, country, country_source, role, role_code FROM bi.meeting_participants")}
    may9, june1 = date(2023, 5, 9), date(2023, 6, 1)
    assert rows[(may9, "Mevlüt Çavuşoğlu")] == ("TR", "entity", "Minister of Foreign Affairs", "foreign_minister")
    assert rows[(june1, "Mevlüt Çavuşoğlu")] == ("TR", "entity", None, None)  # out of office by then
    assert rows[(may9, "Sergei Lavrov")][2] == "Foreign Minister"
    assert rows[(date(2023, 7, 2), "Elmar Teymur")] == ("AZ", "meeting", None, None)  # the one country left over
    assert rows[(date(2023, 7, 1), "Dana Petrescu")] == ("MD", "role", "envoy", "envoy")


def test_meeting_countries_has_a_row_per_party_country_single_country_meetings_too(warehouse):
    rows = query(warehouse, "SELECT country_code, meeting_month FROM bi.meeting_countries ORDER BY ALL")
    assert ("MD", date(2023, 7, 1)) in rows  # a one-country meeting: absent from meetings_by_country_pair
    assert query(warehouse, "SELECT count(*) FROM bi.meetings_by_country_pair WHERE 'MD' IN (country_a, country_b)") \
        == [(0,)]
    pairs = query(warehouse, "SELECT count(*) FROM bi.meeting_countries")[0][0]
    assert pairs == query(warehouse, "SELECT sum(len(participant_countries)) FROM bi.meetings")[0][0]


def test_entities_carry_offices_mentions_and_first_and_last_seen(warehouse):
    rows = {r[0]: r[1:] for r in query(
        warehouse, "SELECT entity_id, country, current_roles, mentions, first_seen, last_seen, roles FROM bi.entities")}
    assert rows["Q1"][:5] == ("RU", "Foreign Minister", 3, date(2023, 5, 10), date(2023, 7, 3))
    assert rows["Q2"][1] is None and "Minister of Foreign Affairs (TR) 2015-11-24–2023-05-31" in rows["Q2"][5]
    assert rows["Q9"][0] == "MD"  # from its office
    assert query(warehouse, "SELECT country, organisation_id, current FROM bi.entity_roles WHERE entity_id = 'Q2'") \
        == [("TR", None, False)]


def test_quotes_and_mentions_carry_the_articles_date_and_the_quote_method(warehouse):
    assert set(query(warehouse, "SELECT published_date, method FROM bi.quotes")) == {
        (date(2023, 5, 10), "explicit"), (date(2023, 5, 11), "explicit")}
    assert query(warehouse, "SELECT count(*) FROM bi.mentions WHERE published_date IS NULL") == [(0,)]


def test_main_tables_point_to_the_bi_views(warehouse):
    comments = dict(query(warehouse, "SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'"))
    assert comments["quotes"].endswith("query bi.quotes instead.")
    assert all(comments[t] for t in comments if t != "schema_version")


def test_export_manifest_and_parquet_metadata_carry_types_and_descriptions(warehouse, tmp_path):
    from parley.warehouse.query import export

    old = os.umask(0o022)
    try:
        manifest = export(warehouse, tmp_path / "out", "parquet")
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755
    entry = manifest["views"]["meeting_countries"]
    assert entry["columns"][:2] == ["meeting_id", "country_code"]  # unchanged shape, names only
    field = {f["name"]: f for f in entry["fields"]}["meeting_month"]
    assert field["type"] == "DATE" and field["description"] == views()["meeting_countries"].columns["meeting_month"]
    assert json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")) == manifest
    meta = dict(duckdb.sql(f"SELECT decode(key), decode(value) FROM parquet_kv_metadata("
                           f"'{tmp_path / 'out' / 'meeting_countries.parquet'}')").fetchall())
    assert meta["parley.view"] == "bi.meeting_countries"
    assert meta["parley.column.meeting_month"] == "DATE: " + field["description"]


def readme_questions() -> dict[str, str]:
    section = README.read_text(encoding="utf-8").split("### Three questions in one SELECT", 1)[1]
    return {m[1]: m[0] for m in re.finditer(r"```sql\n-- ([^\n(]+?)\s*(?:\([^\n]*)?\n.*?```", section, re.S)}


@pytest.mark.slow
def test_readme_three_questions_are_one_select_each_on_the_seeds(seed_warehouse):
    questions = readme_questions()
    assert len(questions) == 3
    for sql in questions.values():
        assert not re.search(r"\b(unnest|list_\w+|array_\w+|len)\s*\(", sql, re.I)
    sqls = {k: v.strip().strip("`").removeprefix("sql\n") for k, v in questions.items()}
    turkey = query(seed_warehouse, sqls["Meetings involving Turkey per month"])
    assert len(turkey) >= 2 and all(n >= 1 for _, n in turkey)
    met = query(seed_warehouse, sqls["Who met a foreign minister, by role"])
    assert any("Cavusoglu" in name and role for role, name, _, _ in met)
    top = query(seed_warehouse, sqls["Top quoted people per month"])
    assert any("Lavrov" in name for _, name, _ in top)
