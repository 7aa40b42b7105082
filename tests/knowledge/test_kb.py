"""The knowledge base files: lookups, dated roles, geography, and data sanity."""

from __future__ import annotations

from datetime import date

import pytest

from parley.knowledge.kb import fold

# Lowercase words an exact-spelling alias must never be (the ruler would tag ordinary prose).
COMMON_WORDS = {"is", "us", "un", "it", "may", "can", "will", "as", "at", "an", "in", "on", "no", "so", "all", "ap", "aa"}


def test_fold_removes_diacritics_case_and_hyphen_spacing():
    assert fold("Mevlüt Çavuşoğlu") == fold("MEVLUT CAVUSOGLU") == "mevlut cavusoglu"
    assert fold("Bashar al- Assad") == "bashar al-assad"
    assert fold("İstanbul") == "istanbul"


def test_lookup_finds_aliases_and_transliterations(kb):
    assert kb.lookup("Sergei Lavrov").entity_id == "sergey-lavrov"
    assert kb.lookup("Ahmet Davutoğlu").entity_id == "ahmet-davutoglu"
    assert kb.lookup("Daesh").entity_id == kb.lookup("ISIL").entity_id == "islamic-state"
    assert kb.lookup("al- Qaida").entity_id == "al-qaeda"
    assert kb.lookup("Ayatollah Khamenei").entity_id == "ali-khamenei"


def test_turkish_foreign_minister_changes_with_the_date(kb):
    assert kb.holder("foreign_minister", "TR", date(2013, 4, 18)).name == "Ahmet Davutoglu"
    assert kb.holder("foreign_minister", "TR", date(2016, 12, 1)).name == "Mevlut Cavusoglu"
    assert kb.holder("foreign_minister", "TR", date(2015, 10, 1)).name == "Feridun Sinirlioglu"
    assert kb.holder("foreign_minister", "TR", date(2024, 1, 1)).name == "Hakan Fidan"


def test_local_titles_name_the_same_office(kb):
    """The US foreign minister is the Secretary of State; either key finds him."""
    on = date(2014, 6, 1)
    assert kb.holder("secretary_of_state", "US", on).name == kb.holder("foreign_minister", "US", on).name == "John Kerry"
    assert kb.holder("prime_minister", "DE", date(2015, 1, 1)).name == "Angela Merkel"


def test_organisation_offices_are_scoped_by_the_organisation(kb):
    assert kb.scope_code("UN") == kb.scope_code("United Nations") == "united-nations"
    assert kb.holder("secretary_general", "united-nations", date(2013, 1, 1)).name == "Ban Ki-moon"
    assert kb.holder("envoy_for_syria", "united-nations", date(2016, 1, 1)).name == "Staffan de Mistura"


def test_undated_holder_is_the_current_one(kb):
    assert kb.holder("foreign_minister", "RU", None).name == "Sergey Lavrov"
    assert kb.holder("foreign_minister", "TR", None).name == "Hakan Fidan"


def test_countries_are_entities_but_adjectives_are_not_names(kb):
    assert kb.lookup("Russia").entity_id == "country-ru"
    assert kb.lookup("Russian Federation").entity_id == "country-ru"
    assert kb.lookup("Turkish") is None
    assert kb.country_code("Turkish") == "TR"
    assert kb.country_code("Türkiye") == "TR"


def test_every_un_member_is_a_country_and_codes_alone_are_not_names(kb):
    assert len(kb.countries) >= 193
    assert kb.country_code("Sri Lanka") == "LK" and kb.country_code("Kenyan") == "KE"
    assert kb.country_code("UK") == "GB" and kb.country_code("US") == "US"  # codes that news writes are aliases
    assert [word for word in ("In", "It", "IS", "TO", "No", "By", "At", "Li") if kb.country_code(word)] == []


def test_capitals_are_places_and_name_their_country(kb):
    assert kb.capital_of("Moscow") == "RU" and kb.capital_of("Ankara") == "TR"
    assert kb.place("Moscow").country_code == "RU"
    for country in kb.countries.values():
        if country.capital:
            assert kb.place(country.capital) is not None, country.capital


def test_surnames_are_indexed_with_and_without_particles(kb):
    assert kb.people_with_surname("Assad") == {"bashar-al-assad", "hafez-al-assad"}  # the father from Archigos
    assert kb.people_with_surname("Davutoglu") == {"ahmet-davutoglu"}
    assert kb.people_with_surname("Salman") <= {"king-salman"}  # "Mohammed bin Salman" has no surname


def test_every_role_points_at_a_known_entity_with_a_source(kb):
    for role in kb.roles:
        assert role.entity_id in kb.entities, role
        assert role.source.startswith(("Wikipedia", "Archigos 4.1 ")), role
        assert role.country in kb.countries or role.country in kb.entities, role
        assert role.start is not None and (role.end is None or role.start <= role.end), role


def test_terms_of_one_office_do_not_overlap(kb):
    offices: dict[tuple[str, str], list] = {}
    for role in kb.roles:  # Archigos's leaders overlap where one ISO code covers two states (both Vietnams)
        if role.role != "leader":
            offices.setdefault((role.role, role.country), []).append(role)
    for office, terms in offices.items():
        terms.sort(key=lambda r: r.start)
        for before, after in zip(terms, terms[1:]):
            assert before.end is not None and before.end <= after.start, (office, before.entity_id, after.entity_id)


def test_aliases_are_unambiguous_and_not_common_words(kb):
    owner: dict[str, str] = {}
    for surface, entity_id in kb.all_names():
        assert fold(surface) not in COMMON_WORDS or surface.isupper(), surface
        if len(surface) <= 3:
            assert surface.replace(".", "").isupper() or kb.entities[entity_id].type == "PERSON", surface
        previous = owner.setdefault(fold(surface), entity_id)
        assert previous == entity_id, f"{surface!r} names both {previous} and {entity_id}"


def test_role_titles_map_to_offices_in_roles(kb):
    offices = {r.role for r in kb.roles}
    for title in kb.titles:
        assert title.role in offices, title


def _broken_kb(tmp_path, file_name: str, old: str, new: str):
    import shutil

    from tests.conftest import ROOT

    kb_dir = tmp_path / "kb"
    shutil.copytree(ROOT / "seeds" / "knowledge", kb_dir)
    path = kb_dir / file_name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if old in line)
    lines[index] = lines[index].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")
    return kb_dir, index + 1


@pytest.mark.parametrize("file_name, old, new, expected", [
    ("countries.csv", "FR,France", "fr,France", "code 'fr' is not an ISO 3166 alpha-2 code"),
    ("entities.csv", ",PERSON,RU,", ",PERSON,Russia,", "country 'Russia' is not an ISO 3166 alpha-2 code"),
    ("roles.csv", "2000-05-07", "2000-13-07", "start_date '2000-13-07' is not a date"),
    ("places.csv", ",RU,city", ",XX,city", "country_code 'XX' is not a code in countries.csv"),
])
def test_a_bad_knowledge_base_row_is_named_with_file_line_and_value(tmp_path, file_name, old, new, expected):
    from parley.knowledge.kb import KnowledgeBaseError, check_knowledge_base

    kb_dir, line = _broken_kb(tmp_path, file_name, old, new)
    with pytest.raises(KnowledgeBaseError) as failure:
        check_knowledge_base(kb_dir)
    assert f"{kb_dir / file_name}:{line}: {expected}" in str(failure.value)


def test_the_shipped_knowledge_base_is_valid():
    from parley.knowledge.kb import check_knowledge_base

    check_knowledge_base()
