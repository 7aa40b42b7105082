"""The "each person once" check of issue 25 (sql/eval/people_twice.sql): people by mention count with the other ids
that look like the same person, on a warehouse built by hand, and on the names the rules give invented articles."""

from __future__ import annotations

from datetime import date

import duckdb

from parley.evaluation.linking import main, people_twice
from parley.nlp.entities import find_mentions
from parley.types import Entity

from tests.conftest import article, build_warehouse

HOWARD = Entity("person:michael-howard", "Michael Howard", "PERSON", None, "ner")
BARE = Entity("person:howard", "Howard", "PERSON", None, "ner")
SHULTZ = Entity("person:george-shultz", "George Shultz", "PERSON", None, "ner")
SHULTZ_P = Entity("person:george-p-shultz", "George P. Shultz", "PERSON", None, "ner")
CHERIE = Entity("person:cherie-brennard", "Cherie Brennard", "PERSON", None, "ner")
TONY = Entity("person:tony-brennard", "Tony Brennard", "PERSON", None, "ner")


def twins_of(path) -> dict[str, list[str] | None]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {name: twins for _, name, _, _, twins in people_twice(con)}
    finally:
        con.close()


def test_the_check_names_the_twins_of_a_person(tmp_path):
    a = article("a.txt", "Michael Howard spoke. Cherie Brennard and Tony Brennard listened. George P. Shultz left.",
                mentions=[(HOWARD, "Michael Howard"), (CHERIE, "Cherie Brennard"), (TONY, "Tony Brennard"),
                          (SHULTZ_P, "George P. Shultz")])
    b = article("b.txt", "Mr Howard said George Shultz agreed.", mentions=[(BARE, "Howard"), (SHULTZ, "George Shultz")])
    build_warehouse(tmp_path / "w.duckdb", [a, b])
    twins = twins_of(tmp_path / "w.duckdb")
    # "Mr Howard" of b.txt is Michael Howard in bi (warehouse person_links): no twin left for the check to name
    assert twins["Michael Howard"] is None and "Howard" not in twins
    assert twins["George Shultz"] == ["George P. Shultz"]
    assert twins["Cherie Brennard"] is None and twins["Tony Brennard"] is None  # two given names: two people
    assert main([str(tmp_path / "w.duckdb"), "10"]) == 1  # the check fails on a twin
    assert main([str(tmp_path / "missing.duckdb")]) == 2


def test_the_rules_give_one_person_one_id_in_an_article(nlp, kb, tmp_path):
    body = ("LONDON, Feb 8 - Opposition leader Michael Tarrant, who met Walter K. Brenninger on Monday, said the talks "
            "went well. Mr Tarrant said Walter Brenninger would return, and Brenninger agreed.")
    mentions, entities = find_mentions(nlp(body), kb, date(2005, 2, 8))
    by_id = {e.entity_id: e for e in entities}
    found = [(by_id[m.entity_id], m.surface) for m in mentions if by_id[m.entity_id].type == "PERSON"]
    build_warehouse(tmp_path / "w.duckdb", [article("c.txt", body, mentions=found)])
    twins = twins_of(tmp_path / "w.duckdb")
    assert set(twins) == {"Michael Tarrant", "Walter K. Brenninger"}
    assert not any(twins.values())
    assert main([str(tmp_path / "w.duckdb")]) == 0
