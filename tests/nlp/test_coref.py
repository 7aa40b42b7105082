"""In-article person coreference: parts of names, untagged words, titles and pronouns (invented sentences)."""

from __future__ import annotations

from parley.nlp.coref import LocalNames, PersonCoref
from parley.nlp.entities import find_mentions


def people(nlp, kb, text):
    mentions, entities = find_mentions(nlp(text), kb, None)
    names = {e.entity_id: e.name for e in entities}
    return [(m.surface, names[m.entity_id], m.method) for m in mentions if m.entity_id.startswith("person:")]


def test_local_names_prefer_the_surname_and_refuse_shared_keys():
    local = LocalNames([("a", ["Maria Velasquez Ortega"]), ("b", ["Tomas Ortega"]), ("c", ["Li Wenhua"])])
    assert local.resolve("Velasquez") == "a"  # a word of the name that nobody else shares
    assert local.resolve("Ortega") is None  # two people: unresolved
    assert local.resolve("Li") == "c"  # the family name written first
    assert local.resolve("Wenhua") == "c"


def test_variant_spelling_of_a_local_surname():
    assert LocalNames([("a", ["Harold Brautigam"])]).resolve("Brautigan") == "a"


def test_particle_surname_and_all_caps_untagged_word_are_mentions(nlp, kb):
    text = ("Dutch trade minister Pieter de Graaf opened the fair on Monday. "
            "Later de Graaf toured the stands. De Graaf then left. GRAAF SAID THE MARKET WAS RECOVERING.")
    found = people(nlp, kb, text)
    assert [s for s, name, _ in found if name == "Pieter de Graaf"] == ["Pieter de Graaf", "de Graaf", "De Graaf", "GRAAF"]


def test_title_and_surname_resolves_even_when_the_surname_is_a_nationality(nlp, kb):
    text = "Welsh politician Mike German opened the debate. Mr German said the budget was too small."
    assert ("Mr German", "Mike German", "surname") in people(nlp, kb, text)  # the honorific as written


def test_adjective_without_a_title_is_not_the_person(nlp, kb):
    text = "Welsh politician Mike German opened the debate. The German delegation left early."
    assert [s for s, _, _ in people(nlp, kb, text)] == ["Mike German"]


def test_office_run_into_the_name_by_ner_is_split_off(nlp, kb):
    text = ("Secretary of Fisheries Ronald Quist will meet boat owners today, an aide to Quist said. "
            "Owners have met Quist twice this year.")
    found = people(nlp, kb, text)
    assert found[0][:2] == ("Ronald Quist", "Ronald Quist")
    assert [name for _, name, _ in found].count("Ronald Quist") == 3


def test_title_noun_resolves_to_the_person_titled_so_before(nlp, kb):
    text = ("Norwegian fisheries minister Kari Solheim met boat owners on Monday. "
            "The owners said the minister had promised new quotas.")
    assert ("the minister", "Kari Solheim", "title") in people(nlp, kb, text)


def test_pronoun_resolves_to_the_latest_person_subject(nlp, kb):
    doc = nlp("Kari Solheim met Anders Berg in Oslo. She said the talks were useful.")
    mentions, entities = find_mentions(doc, kb, None)
    coref = PersonCoref(doc, mentions, lambda i: i.startswith("person:"))
    she = next(t for t in doc if t.lower_ == "she")
    assert coref.resolve(she) == "person:kari-solheim"


def test_untagged_name_speaking_is_a_person_and_its_surname_follows(nlp, kb):
    text = ("\"We should not leave such matters to the bureaucrats,\" Masao Hori, chairman of the finance committee, "
            "told the group. Hori left early.")
    assert [(s, name) for s, name, _ in people(nlp, kb, text)] == [("Masao Hori", "Masao Hori"), ("Hori", "Masao Hori")]
