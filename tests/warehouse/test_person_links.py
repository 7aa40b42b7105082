"""One person once in bi across articles (issue 25): a bare surname's article-local person (person:<surname>) is
shown as the one full-name person of that surname whose mentions fit in time (sql/load/person_links.sql), in every
bi view that reads people; the raw tables keep the articles' ids. Invented people and articles only."""

from __future__ import annotations

import gzip
import shutil
from datetime import date

import duckdb
import pytest

from parley.types import Entity
from parley.warehouse import files, load
from parley.warehouse.people import link_people
from parley.warehouse.sqlfiles import read_sql

from tests.conftest import DATA, RUN, article, build_warehouse, fake_merge, meeting, query

PETER = Entity("person:peter-okafor", "Peter Okafor", "PERSON", None, "ner")
GRACE = Entity("person:grace-okafor", "Grace Okafor", "PERSON", None, "ner")
OKAFOR = Entity("person:okafor", "Okafor", "PERSON", None, "ner")
KB_PETER = Entity("Q900001", "Peter Okafor", "PERSON", "NG", "kb")
KB_OKAFOR = Entity("Q900002", "Okafor", "PERSON", "NG", "kb")  # a leader known by surname only
LAVROV = Entity("Q1", "Sergei Lavrov", "PERSON", "RU")


def full(name: str, person: Entity, day: date | None) -> object:
    return article(name, f"{person.name} opened the new bridge in Enugu.", day, mentions=[(person, person.name)])


def bare(name: str, day: date | None, twin: Entity = OKAFOR) -> object:
    """An article that names the person by surname only: a mention, a quote and a meeting with Lavrov."""
    body = f"{twin.name} met Sergei Lavrov on Monday. “The bridge is finished,” {twin.name} said."
    return article(name, body, day, mentions=[(twin, twin.name), (LAVROV, "Sergei Lavrov"),
                                              (twin, twin.name, "finished")],
                   quotes=[("The bridge is finished,", twin, f"{twin.name} said")],
                   meetings=[meeting([twin.entity_id, "Q1"], ["RU"], day)])


def links(path) -> list[tuple]:
    return query(path, "SELECT entity_id, canonical_id, reason FROM person_links ORDER BY ALL")


def people(path) -> dict[str, tuple[int, int]]:
    return {name: (mentions, articles) for name, mentions, articles in query(
        path, "SELECT name, mentions, articles FROM bi.entities WHERE type = 'PERSON'")}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "w.duckdb"


def test_a_bare_surname_near_the_full_name_is_one_person_in_every_bi_view(path):
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 20))])
    assert links(path) == [("person:okafor", "person:peter-okafor", "surname_dated")]
    assert people(path) == {"Peter Okafor": (3, 2), "Sergei Lavrov": (1, 1)}  # no row for the bare surname
    assert query(path, "SELECT entity_name, mentions, articles FROM bi.top_entities WHERE entity_type = 'PERSON'") \
        == [("Peter Okafor", 3, 2), ("Sergei Lavrov", 1, 1)]
    assert query(path, "SELECT DISTINCT entity_id, linked_from FROM bi.mentions WHERE entity_name = 'Peter Okafor' "
                       "ORDER BY ALL") == [("person:peter-okafor", "person:okafor"), ("person:peter-okafor", None)]
    assert query(path, "SELECT speaker_entity_id, speaker_name, speaker_text FROM bi.quotes") \
        == [("person:peter-okafor", "Peter Okafor", "Okafor said")]
    assert query(path, "SELECT speaker_name, quotes FROM bi.quotes_by_speaker") == [("Peter Okafor", 1)]
    assert query(path, "SELECT participants FROM bi.meetings") == [(["Peter Okafor", "Sergei Lavrov"],)]
    assert query(path, "SELECT entity_id FROM bi.meeting_participants ORDER BY 1") \
        == [("Q1",), ("person:peter-okafor",)]
    assert query(path, "SELECT name, canonical_name FROM bi.person_links") == [("Okafor", "Peter Okafor")]
    # the raw tables keep the article's id; the people-twice check finds no twin
    assert query(path, "SELECT count(*) FROM mentions WHERE entity_id = 'person:okafor'") == [(2,)]
    assert all(twins is None for *_, twins in query(path, read_sql("eval/people_twice")))


def test_a_meeting_naming_both_ids_lists_the_person_once(path):
    both = meeting(["person:okafor", "person:peter-okafor", "Q1"], ["RU"], date(2023, 5, 2))
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 5, 3)),
                           article("c.txt", "Okafor and Peter Okafor met Lavrov.", date(2023, 5, 3), meetings=[both])])
    rows = query(path, "SELECT participant_ids FROM bi.meetings WHERE len(participant_ids) = 2")
    assert rows == [(["person:peter-okafor", "Q1"],), (["person:peter-okafor", "Q1"],)]
    assert query(path, "SELECT count(*) FROM bi.meeting_participants WHERE entity_id = 'person:peter-okafor'") \
        == [(2,)]


def test_two_people_of_the_surname_at_the_time_leave_it_alone(path):
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)), full("g.txt", GRACE, date(2023, 7, 1)),
                           bare("b.txt", date(2023, 6, 1))])
    assert links(path) == []
    assert set(people(path)) == {"Peter Okafor", "Grace Okafor", "Okafor", "Sergei Lavrov"}


def test_a_full_name_twenty_years_away_is_not_the_surname(path):
    build_warehouse(path, [full("a.txt", PETER, date(2003, 5, 1)), bare("b.txt", date(2023, 6, 1))])
    assert links(path) == []
    assert people(path)["Okafor"] == (2, 1)


def test_a_namesake_of_another_decade_does_not_make_the_surname_ambiguous(path):
    build_warehouse(path, [full("g.txt", GRACE, date(1987, 3, 1)), full("a.txt", PETER, date(2023, 5, 1)),
                           bare("b.txt", date(2024, 4, 1))])
    assert links(path) == [("person:okafor", "person:peter-okafor", "surname_dated")]


def test_a_surname_written_across_decades_is_not_linked(path):
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 1)),
                           bare("c.txt", date(1999, 6, 1))])
    assert links(path) == []  # its 1999 article lies outside Peter Okafor's years


def test_without_dates_the_one_person_of_the_surname_is_taken_and_the_reason_says_so(path):
    build_warehouse(path, [full("a.txt", PETER, None), bare("b.txt", None)])
    assert links(path) == [("person:okafor", "person:peter-okafor", "surname_undated")]


def test_a_knowledge_base_person_takes_an_ner_surname_but_a_knowledge_base_surname_is_never_moved(path):
    build_warehouse(path, [full("a.txt", KB_PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 1))])
    assert links(path) == [("person:okafor", "Q900001", "surname_dated")]
    build_warehouse(other := path.with_name("kb.duckdb"),
                    [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 1), twin=KB_OKAFOR)])
    assert links(other) == []  # the knowledge base's own entity keeps its row
    # ... and a surname-only leader of the base makes an NER surname ambiguous
    build_warehouse(third := path.with_name("both.duckdb"),
                    [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 1)),
                     bare("c.txt", date(2023, 6, 2), twin=KB_OKAFOR)])
    assert links(third) == []


@pytest.mark.parametrize("body, surface, linked", [
    ("Mr Okafor opened the talks.", "Mr Okafor", True),  # a title in the mention
    ("Finance Minister Okafor opened the talks.", "Okafor", True),  # a title right before it
    ("Traffic on the Okafor bridge was slow.", "Okafor", False),  # a name the parser typed PERSON: no sign of one
])
def test_the_bare_surname_must_be_written_as_a_person_once(path, body, surface, linked):
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)),
                           article("b.txt", body, date(2023, 5, 2), mentions=[(OKAFOR, surface)])])
    assert links(path) == ([("person:okafor", "person:peter-okafor", "surname_dated")] if linked else [])


def test_surname_keys_fold_accents_case_and_arabic_particles(path):
    nasser = Entity("person:karim-al-nasser", "Karim al-Nasser", "PERSON", None, "ner")
    bare_nasser = Entity("person:nasser", "NASSER", "PERSON", None, "ner")
    jose = Entity("person:jose-nunez", "José Núñez", "PERSON", None, "ner")
    bare_jose = Entity("person:nunez", "Nunez", "PERSON", None, "ner")
    day = date(2023, 5, 1)
    build_warehouse(path, [full("a.txt", nasser, day), bare("b.txt", day, bare_nasser),
                           full("c.txt", jose, day), bare("d.txt", day, bare_jose)])
    assert [row[:2] for row in links(path)] == [("person:nasser", "person:karim-al-nasser"),
                                                ("person:nunez", "person:jose-nunez")]


def test_links_are_current_state_a_later_namesake_undoes_one(path):
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 1))])
    con = files.connect(path)
    assert link_people(con) == 1 and link_people(con) == 1  # recomputed whole: the same rows again
    files.start_run(con, "run-2", "/in")
    load.write_articles(con, [full("g.txt", GRACE, date(2023, 6, 5))], "run-2")
    load.rebuild_meetings(con, merge=fake_merge)
    files.finish_run(con, "run-2", status="validating", files_seen=1, articles_new=1)
    files.close(con)
    assert links(path) == [] and "Okafor" in people(path)


def test_an_older_warehouse_gets_its_links_on_its_next_build(tmp_path):
    old = tmp_path / "news.duckdb"
    with gzip.open(DATA / "warehouse_before_issue26.duckdb.gz") as packed, old.open("wb") as out:
        shutil.copyfileobj(packed, out)
    con = duckdb.connect(str(old))
    files.apply_schema(con)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone()[0] == 4
    stored = con.execute("SELECT * FROM person_links ORDER BY ALL").fetchall()
    con.execute("DELETE FROM person_links")
    files.apply_schema(con)  # recorded: not recomputed by a later build start (runs recompute after their loads)
    assert con.execute("SELECT count(*) FROM person_links").fetchone()[0] == 0
    assert link_people(con) == len(stored)
    con.close()


@pytest.mark.parametrize("corrupt, expected", [
    ("INSERT INTO person_links SELECT * FROM person_links", "person_links.entity_id unique"),
    ("UPDATE person_links SET canonical_id = 'Q1'", None),  # another person: allowed by the checks
    ("UPDATE person_links SET canonical_id = 'no-such-id'", "person_links.canonical_id is a person"),
    ("INSERT INTO person_links VALUES ('Q1', 'person:peter-okafor', 'surname_dated')",
     "person_links.entity_id is a one-word NER person"),
    ("INSERT INTO person_links VALUES ('person:okafor2', 'person:okafor', 'surname_dated')",
     "person_links have no chain"),
])
def test_the_table_wide_checks_verify_the_links(path, corrupt, expected):
    build_warehouse(path, [full("a.txt", PETER, date(2023, 5, 1)), bare("b.txt", date(2023, 6, 1))])
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO entities VALUES ('person:okafor2', 'Okafor', 'PERSON', NULL, 'ner')")
    con.execute(corrupt)
    for statement in read_sql("checks/scope").split(";\n"):
        if statement.strip():
            con.execute(statement, {"run_id": RUN} if "$run_id" in statement else None)
    failing = {name for name, violations, _ in con.execute(read_sql("checks/table_wide"), {"run_id": RUN}).fetchall()
               if violations}
    con.close()
    assert failing == ({expected} if expected else set())
