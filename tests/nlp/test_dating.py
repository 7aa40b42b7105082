"""Linking that respects the article's date (issue 25), on invented sentences against the shipped base + Archigos."""

from __future__ import annotations

from datetime import date

import pytest

from parley.knowledge.gazetteer import is_world_city
from parley.nlp.dating import surname_holder

from tests.nlp.test_entities import resolve


def linked(found, surface):
    return [name for s, name, _ in found if s == surface]


@pytest.mark.parametrize("published, expected", [(date(1987, 6, 3), "Margaret Thatcher"), (date(2016, 1, 20), "David Cameron")])
def test_the_same_role_phrase_resolves_to_that_days_holder(nlp, kb, published, expected):
    text = "Trade talks resumed on Monday. The British Prime Minister said the offer was fair."
    _, _, found = resolve(nlp, kb, text, published)
    assert linked(found, "The British Prime Minister") == [expected]


def test_effective_leader_phrase_is_the_archigos_leader_of_the_day(nlp, kb):
    _, _, found = resolve(nlp, kb, "Farmers protested in the capital. The Turkish leader promised new subsidies.",
                          date(1987, 5, 2))
    assert linked(found, "The Turkish leader") == ["Turgut Özal"]


def test_a_bare_surname_is_the_holder_in_office_that_day(nlp, kb):
    text = "Markets were calm. Reagan said the budget would pass before the summer recess."
    _, _, found = resolve(nlp, kb, text, date(1987, 3, 4))
    assert linked(found, "Reagan") == ["Ronald Reagan"]


def test_a_bare_surname_out_of_office_that_day_is_article_local(nlp, kb):
    text = "Markets were calm. Reagan said the budget would pass before the summer recess."
    mentions, entities, found = resolve(nlp, kb, text, date(2016, 3, 4))
    assert "Ronald Reagan" not in linked(found, "Reagan")
    assert surname_holder(kb, "Reagan", date(2016, 3, 4), []) is None


def test_a_different_first_name_blocks_the_surname_match(nlp, kb):
    text = "Nancy Reagan opened the clinic in Ohio. Donald Regan spoke to reporters afterwards."
    _, _, found = resolve(nlp, kb, text, date(1987, 3, 4))
    assert "Ronald Reagan" not in [name for _, name, _ in found]


def test_a_surname_named_in_full_earlier_is_that_person_not_the_leader(nlp, kb):
    text = "Farm prices fell, said Maureen Reagan, a trade adviser. Reagan added that exports would recover."
    _, _, found = resolve(nlp, kb, text, date(1987, 3, 4))
    assert linked(found, "Reagan") == ["Maureen Reagan"]


def test_one_full_name_of_two_people_is_the_one_of_that_day(kb):
    from parley.nlp.dating import dated_choice

    ids = [e.entity_id for e in kb.lookup_all("George Bush")] + ["g-h-w-bush-us-1989"]
    assert dated_choice(kb, ids, date(1990, 5, 1), []) == "g-h-w-bush-us-1989"
    assert dated_choice(kb, ids, date(2004, 5, 1), []) == "george-w-bush"


def test_archigos_person_is_the_bases_person(kb):
    erdogan = [r for r in kb.roles_of("recep-tayyip-erdogan") if r.role == "leader"]
    assert erdogan and all(r.country == "TR" for r in erdogan)
    assert not [e for e in kb.entities.values() if e.archigos and e.surname == "erdogan"]


def test_a_city_typed_person_is_not_a_person(nlp, kb):
    assert is_world_city("Manchester") and not is_world_city("Hofmeister")
    text = "The party has chosen Manchester for its conference, and Birmingham will follow next year."
    _, entities, _ = resolve(nlp, kb, text)
    assert not [e for e in entities if e.type == "PERSON" and e.name in ("Manchester", "Birmingham")]


def test_a_city_name_that_is_a_persons_surname_in_the_article_stays_that_person(nlp, kb):
    text = "Delegates cheered Helen Houston, the union's chair. Later, Ms Houston said the strike would go on."
    _, _, found = resolve(nlp, kb, text)
    assert linked(found, "Ms Houston") == ["Helen Houston"]


def test_a_minister_is_resolved_from_the_text_and_his_surname_later(nlp, kb):
    text = ("Japanese Finance Minister Taro Kanemura said the yen was stable. Kanemura added that rates "
            "would not change.")
    _, _, found = resolve(nlp, kb, text, date(1987, 4, 8))
    assert linked(found, "Kanemura") == ["Taro Kanemura"]


def test_a_two_word_surname_named_in_full_earlier_is_that_person(nlp, kb):
    text = ("Oil officials met Luis Carrera Montoya, the envoy, on Tuesday. Later, Carrera Montoya said the talks "
            "would resume in May.")
    _, _, found = resolve(nlp, kb, text, date(1987, 4, 8))
    assert linked(found, "Carrera Montoya") == ["Luis Carrera Montoya"]


def test_a_surname_that_heads_a_company_of_the_article_is_not_the_leader(nlp, kb):
    text = ("SYDNEY, March 24 - Australian gas producer Mereni Holdings Ltd said profits rose. Mereni said its budget "
            "would double, while the Reagan administration and Reagan himself were silent.")
    published = date(1987, 3, 24)
    _, _, found = resolve(nlp, kb, text, published)
    assert set(linked(found, "Reagan")) == {"Ronald Reagan"}  # "the Reagan administration" names no company
    assert surname_holder(kb, "Santos", published, []) == "jose-eduardo-dos-santos"
    text = "SYDNEY, March 24 - Oil producer Santos Ltd said profits rose. Santos said its budget would double."
    _, _, found = resolve(nlp, kb, text, published)
    assert "José Eduardo dos Santos" not in [name for _, name, _ in found]
    mentions, entities, _ = resolve(nlp, kb, text, published)
    types = {e.entity_id: (e.name, e.type) for e in entities}
    assert {types[m.entity_id] for m in mentions if m.surface == "Santos"} == {("Santos Ltd", "ORG")}


@pytest.mark.parametrize("published, expected", [(date(1987, 3, 4), ["Ronald Reagan"]), (date(2016, 3, 4), [])])
def test_a_bare_office_is_the_person_named_before_who_held_it_that_day(nlp, kb, published, expected):
    text = ("Ronald Reagan met farm leaders on Tuesday. Aides said the president would sign the bill, and the "
            "president of the farm bureau welcomed it.")
    _, _, found = resolve(nlp, kb, text, published)
    assert linked(found, "the president") == expected
    assert not [f for f in found if f[0].startswith("the president of")]


@pytest.mark.parametrize("published, expected", [(date(1987, 3, 1), None), (date(1990, 5, 1), "G.H.W. Bush"),
                                                 (date(2005, 2, 1), "George W. Bush")])
def test_an_alias_of_a_later_office_holder_is_the_namesake_of_that_day(nlp, kb, published, expected):
    text = "Vice President George Bush said the talks went well. Bush left for Bonn on Friday."
    _, entities, found = resolve(nlp, kb, text, published)
    assert set(linked(found, "George Bush")) == set(linked(found, "Bush"))  # one id for both
    kb_people = [e.name for e in entities if e.type == "PERSON" and e.source == "kb"]
    assert kb_people == ([expected] if expected else [])  # 1987: Archigos has no vice presidents, so nobody
