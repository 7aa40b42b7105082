"""Spans the small model types PERSON that name no person, told apart by the words around them (nlp/retype.py):
they must never become meeting participants. Invented sentences only."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.tokens import Span

from parley.nlp.entities import find_mentions
from parley.nlp.names import clean_span

DAY = date(1987, 4, 8)


def label_of(nlp, kb, text: str, name: str) -> str | None:
    """The label clean_span gives `name` in `text` when NER calls it a PERSON (None: dropped as junk)."""
    doc = nlp(text)
    start = text.index(name)
    span = doc.char_span(start, start + len(name), label="PERSON")
    found = clean_span(Span(doc, span.start, span.end, label="PERSON"), kb, text)
    return found[3] if found else None


@pytest.mark.parametrize("text, name, label", [
    ("The banks of the trader <Halvard Bryne and Co> met on Monday.", "Halvard Bryne", "ORG"),
    ("Talks are under way with the metal trading company Ostrovmetall.", "Ostrovmetall", "ORG"),
    ("The plan was drawn up by the industry lobby group Ferrolux.", "Ferrolux", "ORG"),
    ("The minister held talks with Cofarex, the French export credit agency, on Monday.", "Cofarex", "ORG"),
    ("Delegates met in the Danish resort of Skovby on Friday.", "Skovby", "GPE"),
    ("The Grain Growers President said the board would meet the minister.", "Grain Growers President", "ORG"),
    ("He backed the Tivoli accord on currencies.", "Tivoli", ""),
    ("She spoke at the start of the Skovby meeting.", "Skovby", "FAC"),
    ("The ministers had dinner at the Tivoli.", "Tivoli", "FAC"),
    ("EC Farm Policy Commissioner, Karl Brun said the talks had failed.", "Farm Policy", None),
])
def test_a_span_typed_person_that_names_no_person(nlp, kb, text, name, label):
    """`label` None: anything but a person."""
    got = label_of(nlp, kb, text, name)
    assert got == label if label is not None else got != "PERSON"


@pytest.mark.parametrize("text, name", [
    ("Knoll had talks with the chairman of the executive committee Shepard Brode.", "Shepard Brode"),
    ("The party's leader Morag Lennox met Karl Brun on Friday.", "Karl Brun"),
    ("Karl Brun, the finance minister, met the bankers.", "Karl Brun"),
    # sloppy wire text
    ("Output fell after the storm, energy ministry Javier Ortiz said.", "Javier Ortiz"),
    ("Halvard Bryne, director-general of Norgas, the state oil company, said prices would rise.", "Halvard Bryne"),
    ("He said he understood the Reagan's reluctance to amend the law.", "Reagan"),
    ("Senator Karl Brun, cosponsor of the Brun/Boschwitz plan, backed it.", "Brun"),
])
def test_a_person_stays_a_person(nlp, kb, text, name):
    assert label_of(nlp, kb, text, name) == "PERSON"


def test_a_name_retyped_once_is_retyped_everywhere_in_the_article(nlp, kb):
    text = ("The accord followed talks with Cofarex, the French export credit agency. "
            "Cofarex suspended its cover in 1983, Cofarex sources said.")
    mentions, entities = find_mentions(nlp(text), kb, DAY)
    assert {e.type for e in entities if e.name == "Cofarex"} == {"ORG"}
    assert not [m for m in mentions if m.entity_id.startswith("person:cofarex")]


def test_a_trailing_weekday_is_no_part_of_the_name(nlp, kb):
    text = "Rates fell after a meeting between Karl Brun and Treasury Secretary Halvard Bryne Monday in Frankfurt."
    mentions, _ = find_mentions(nlp(text), kb, DAY)
    assert "Halvard Bryne" in [m.surface for m in mentions]
    assert not [m for m in mentions if "Monday" in m.surface]


def test_a_portfolio_before_its_title_is_no_person_inside_an_organisation_span(nlp, kb):
    text = ("EC Farm Policy Commissioner Karl Brun wrote to the U.S. trade representative. "
            "The Community's policy on Farm matters is under review.")
    mentions, _ = find_mentions(nlp(text), kb, DAY)
    assert not [m for m in mentions if m.entity_id.startswith("person:") and "Policy" in m.surface]
