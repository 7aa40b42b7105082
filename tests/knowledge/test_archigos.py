"""The Archigos import: rows rebuilt from the CSV, merged with the base's people, loaded as dated leader roles."""

from __future__ import annotations

import csv
import shutil
from datetime import date

from parley.config import KNOWLEDGE_DIR
from parley.knowledge import archigos
from parley.knowledge.kb import load_kb

HEADER = ("spell_id,leader_id,country,gw_code,country_acronym,leader,full_name,start_date,end_date,entry,exit,"
          "gender,year_born,year_died")
# Invented leaders of invented spells: one matches a base person by surname and office, one is known by surname only.
LEADERS = [
    "RUS-2000,id-a,RU,365,RUS,Putin,,2000-05-07,2008-05-07,Regular,Regular,M,1952,",
    "ZZZ-1950,id-b,FR,220,FRN,Quillard,,1950-01-01,1952-06-30,Regular,Regular,M,1900,1970",
    "ZZZ-1952,id-c,FR,220,FRN,Marchetti,Paul Marchetti,1952-06-30,1955-01-01,Regular,Regular,M,1901,1980",
    "ZZZ-1955,id-b,FR,220,FRN,Quillard,,1955-01-01,2015-12-31,Regular,Still in Office,M,1900,",
    "BAV-1880,id-e,,99,BAV,Ludwig,,1880-01-01,1886-01-01,Regular,Regular,M,1845,1886",
]


def _base(tmp_path):
    directory = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, directory)
    source = tmp_path / "leaders.csv"
    source.write_text("\n".join([HEADER, *LEADERS]) + "\n", encoding="utf-8")
    return directory, source


def test_rows_are_rebuilt_from_the_csv_and_merged_with_the_base(tmp_path):
    directory, source = _base(tmp_path)
    people, roles = archigos.build(source, directory)
    by_id = {p["entity_id"]: p for p in people}
    assert "vladimir-putin" not in by_id  # the base's Putin: no second entity
    assert {r["entity_id"] for r in roles if r["country"] == "RU"} == {"vladimir-putin"}
    assert by_id["paul-marchetti"]["name"] == "Paul Marchetti"
    quillard = [p for p in people if p["surname"] == "quillard"]
    assert len(quillard) == 1 and quillard[0]["entity_id"] == "quillard-fr-1950"  # one person, two spells
    assert [r["end_date"] for r in roles if r["entity_id"] == "quillard-fr-1950"] == ["1952-06-30", ""]
    assert not [r for r in roles if r["source"].endswith("BAV-1880")]  # no ISO country: left out


def test_imported_leaders_load_as_dated_roles_and_surnames(tmp_path):
    directory, source = _base(tmp_path)
    people, roles = archigos.build(source, directory)
    archigos.write(people, archigos.PEOPLE_COLUMNS, directory / "archigos_people.csv")
    archigos.write(roles, archigos.ROLE_COLUMNS, directory / "archigos_roles.csv")
    kb = load_kb(directory)
    assert kb.holder("leader", "FR", date(1953, 1, 1)).name == "Paul Marchetti"
    assert kb.holder("leader", "FR", date(1960, 1, 1)).entity_id == "quillard-fr-1950"
    assert kb.people_with_surname("Quillard") == {"quillard-fr-1950"}
    assert kb.lookup("Quillard") is None  # a bare surname is never an alias: it links by date only
    assert kb.lookup("Paul Marchetti").entity_id == "paul-marchetti"
    assert ("Paul Marchetti", "paul-marchetti") not in kb.all_names()  # not an entity-ruler pattern


def test_the_shipped_rows_are_what_the_script_writes(tmp_path):
    if not archigos.DEFAULT_SOURCE.exists():
        return  # the shared Archigos file is not on this machine
    people, roles = archigos.build(archigos.DEFAULT_SOURCE, KNOWLEDGE_DIR)
    with (KNOWLEDGE_DIR / "archigos_roles.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == roles
    with (KNOWLEDGE_DIR / "archigos_people.csv").open(encoding="utf-8", newline="") as handle:
        assert list(csv.DictReader(handle)) == people
