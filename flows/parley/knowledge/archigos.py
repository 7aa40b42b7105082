"""Archigos 4.1 (the effective leader of every state since 1875) as knowledge-base rows, rebuilt by script.

`python -m parley.knowledge.archigos [leaders.csv]` writes seeds/knowledge/archigos_people.csv (one row per
person not already in entities.csv) and archigos_roles.csv (one `leader` role per spell, of the base's entity
when the person is already there), so the rows are reproducible from the CSV and never pasted by hand.
A leader is the base's person when a full name (or the short name) folds to one of that person's names, or when
the short name is the surname of a base person with a role in the same country during the spell.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from ..config import PROJECT_ROOT, settings
from .kb import fold, slug, surname_keys

DEFAULT_SOURCE = PROJECT_ROOT.parent / "shared" / "knowledge" / "archigos-4.1" / "leaders.csv"
PEOPLE_COLUMNS = ("entity_id", "name", "country", "aliases", "surname", "year_born", "year_died", "leader_id")
ROLE_COLUMNS = ("entity_id", "role", "country", "start_date", "end_date", "source", "title")
LAST_DAY = "2015-12-31"  # the end of Archigos's coverage: "Still in Office" there means the term's end is unknown


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _base_people(directory: Path) -> tuple[dict[str, str], list[tuple[str, str, str, str, str]]]:
    """Folded name → base id of every base person; (id, surname key, country, start, end) of their roles."""
    names: dict[str, str] = {}
    for row in _read(directory / "entities.csv"):
        if row["type"] == "PERSON":
            for name in [row["name"], *(row.get("aliases") or "").split("|")]:
                if name.strip():
                    names.setdefault(fold(name), row["entity_id"])
    people = {r["entity_id"]: r for r in _read(directory / "entities.csv") if r["type"] == "PERSON"}
    terms = []
    for role in _read(directory / "roles.csv"):
        person = people.get(role["entity_id"])
        if person:
            for key in surname_keys(person["name"]):
                terms.append((role["entity_id"], key, role["country"], role["start_date"], role["end_date"] or "9999"))
    return names, terms


def _base_match(spells: list[dict[str, str]], names: dict[str, str], terms: list) -> str | None:
    first = spells[0]
    for name in (first["full_name"], first["leader"] if " " in first["leader"] else ""):
        if name and fold(name) in names:
            return names[fold(name)]
    surname = fold(first["leader"]).split(" ")[-1]
    for s in spells:
        for entity_id, key, country, start, end in terms:
            if key == surname and country == s["country"] and start <= s["end_date"] and s["start_date"] <= end:
                return entity_id
    return None


def build(source: Path, directory: Path) -> tuple[list[dict], list[dict]]:
    """(people rows, role rows) of the Archigos leaders of ISO countries, merged with the base's people."""
    names, terms = _base_people(directory)
    codes = {r["code"] for r in _read(directory / "countries.csv")}  # states without a row there (YU, SU as such) are left out
    by_leader: dict[str, list[dict[str, str]]] = {}
    for row in _read(source):
        if row["country"] in codes:
            by_leader.setdefault(row["leader_id"], []).append(row)
    people, roles, used = [], [], set(names.values())
    for leader_id, spells in sorted(by_leader.items(), key=lambda item: item[1][0]["spell_id"]):
        spells.sort(key=lambda s: s["start_date"])
        first = spells[0]
        entity_id = _base_match(spells, names, terms)
        if entity_id is None:
            full = next((s["full_name"] for s in spells if s["full_name"]), "")
            name = full or first["leader"]
            entity_id = slug(name) if full else f"{slug(name)}-{first['country'].lower()}-{first['start_date'][:4]}"
            if entity_id in used:
                entity_id = f"{entity_id}-{first['country'].lower()}-{first['start_date'][:4]}"
            used.add(entity_id)
            short = first["leader"]  # "G.W. Bush" beside "George W. Bush" is an alias; a bare "Reagan" is not
            aliases = [short] if full and " " in short and fold(short) != fold(full) else []
            if " of " in full:  # a monarch's resource name ("Fahd of Saudi Arabia"): news names him "Fahd"
                name, aliases = short, [full]
            people.append(dict(entity_id=entity_id, name=name, country=first["country"], aliases="|".join(aliases),
                               surname=fold(first["leader"]).split(" ")[-1], year_born=first["year_born"],
                               year_died=first["year_died"], leader_id=leader_id))
        for s in spells:
            end = "" if s["exit"] == "Still in Office" and s["end_date"] == LAST_DAY else s["end_date"]
            roles.append(dict(entity_id=entity_id, role="leader", country=s["country"], start_date=s["start_date"],
                              end_date=end, source=f"Archigos 4.1 {s['spell_id']}", title=""))
    return people, roles


def write(rows: list[dict], columns: tuple[str, ...], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else DEFAULT_SOURCE
    directory = Path(settings().knowledge_dir)
    people, roles = build(source, directory)
    write(people, PEOPLE_COLUMNS, directory / "archigos_people.csv")
    write(roles, ROLE_COLUMNS, directory / "archigos_roles.csv")
    print(f"{len(people)} people, {len(roles)} terms written to {directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
