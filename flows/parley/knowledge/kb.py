"""The knowledge base shipped as CSV in seeds/knowledge/: entities with aliases, dated roles, countries, places and
the role titles that name an office in text. seeds/knowledge/README.md documents the files.

Everything is looked up through `fold()`, so "Çavuşoğlu", "Cavusoglu" and "CAVUSOGLU" are one key.
Countries and places become entities too (`country-ru`, `place-moscow`, type GPE) so mentions can link to them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..config import settings
from .validate import KnowledgeBaseError, check_knowledge_base

__all__ = ["KnowledgeBaseError", "check_knowledge_base", "fold", "load_kb", "KnowledgeBase"]  # validate re-exported

_SPACES = re.compile(r"\s+")
_HYPHEN_SPACE = re.compile(r"\s*-\s*")
# Letters that NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "İ": "I", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Arabic/Persian name particles: "al-Assad" is also found as "Assad".
_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar|an)-")
# Patronymic markers: in "Mohammed bin Salman" the last word is the father's name, not a surname.
_PATRONYMIC = {"bin", "ibn", "bint", "ben"}


@lru_cache(maxsize=1 << 16)  # pure, and called for every name of the base at load and every span at run time
def fold(text: str) -> str:
    """Lookup key: no diacritics, case-folded, one space, no spaces around hyphens, straight apostrophes."""
    text = text.translate(_EXTRA_FOLDS).translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _HYPHEN_SPACE.sub("-", text)
    return _SPACES.sub(" ", text).strip().casefold()


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def surname_keys(name: str) -> list[str]:
    """Folded surname keys of a multi-word person name: the last word, and without an Arabic particle."""
    words = fold(name).split(" ")
    if len(words) < 2 or _PATRONYMIC & set(words):
        return []
    last = words[-1]
    bare = _PARTICLE.sub("", last)
    return [last] if bare == last or not bare else [last, bare]


@dataclass
class KBEntity:
    entity_id: str
    name: str
    type: str
    country: str | None
    aliases: list[str] = field(default_factory=list)
    comment: str = ""
    surname: str = ""  # Archigos people: the short name ("Reagan"), a surname key even where no full name is known
    archigos: bool = False  # imported (not an entity-ruler pattern; a one-word name is never an alias)


@dataclass
class Role:
    entity_id: str
    role: str
    country: str  # ISO alpha-2, or the entity id of an organisation ("united-nations") for its offices
    start: date | None
    end: date | None
    source: str = ""
    title: str = ""  # the local title ("Secretary of State" for the US foreign minister)

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None  # undated text: only a role still held today
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps_year(self, year: int) -> bool:
        return (self.start is None or self.start.year <= year) and (self.end is None or year <= self.end.year)


@dataclass
class Country:
    code: str
    name: str
    aliases: list[str]
    capital: str | None
    adjectives: list[str] = field(default_factory=list)  # "Turkish", "Turks": scope words, not entity names


@dataclass
class Place:
    name: str
    aliases: list[str]
    country_code: str
    kind: str


@dataclass
class RoleTitle:
    title: str  # as written in text; all-capital titles ("FM") match only in capitals
    role: str
    scope: str | None  # the only country/organisation the title applies to ("Chancellor" → DE)
    needs_top: bool  # "diplomat" names the foreign minister only as "top diplomat"


def country_entity_id(code: str) -> str:
    return f"country-{code.lower()}"


def place_entity_id(name: str) -> str:
    return f"place-{slug(name)}"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value and value.strip() else None


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any((v or "").strip() for v in row.values())]


class KnowledgeBase:
    def __init__(
        self,
        entities: list[KBEntity],
        roles: list[Role],
        countries: list[Country],
        places: list[Place],
        titles: list[RoleTitle] | None = None,
    ):
        self.countries = {c.code: c for c in countries}
        self.places = _with_capitals(places, countries)
        self.roles = roles
        self.titles = titles or []
        geo = [KBEntity(country_entity_id(c.code), c.name, "GPE", c.code, list(c.aliases)) for c in countries]
        geo += [KBEntity(place_entity_id(p.name), p.name, "GPE", p.country_code, list(p.aliases)) for p in self.places]
        self.entities = {e.entity_id: e for e in [*entities, *geo] if e.entity_id}
        self._alias: dict[str, str] = {}
        self._aliases: dict[str, list[str]] = {}  # folded name → every entity of that name ("George Bush": two)
        for entity in self.entities.values():
            for name in [entity.name, *entity.aliases]:
                if entity.archigos and " " not in name.strip():
                    continue  # a bare Archigos surname links only by date (people_with_surname)
                self._alias.setdefault(fold(name), entity.entity_id)
                ids = self._aliases.setdefault(fold(name), [])
                if entity.entity_id not in ids:
                    ids.append(entity.entity_id)
        self._country: dict[str, str] = {}
        for country in countries:  # not the bare codes: "In", "It", "IS", "TO" are words (aliases list "US", "UK")
            for name in [country.name, *country.aliases, *country.adjectives]:
                self._country.setdefault(fold(name), country.code)
        self._place: dict[str, Place] = {}
        for place in self.places:
            for name in [place.name, *place.aliases]:
                self._place.setdefault(fold(name), place)
        self._capital = {fold(c.capital): c.code for c in countries if c.capital}
        self._roles_by_entity: dict[str, list[Role]] = {}
        self._roles_by_office: dict[tuple[str, str], list[Role]] = {}
        for r in roles:
            self._roles_by_entity.setdefault(r.entity_id, []).append(r)
            self._roles_by_office.setdefault((r.role, r.country), []).append(r)
            if r.title:  # "secretary_of_state" finds the US row whose title is "Secretary of State"
                self._roles_by_office.setdefault((slug(r.title).replace("-", "_"), r.country), []).append(r)
        self._surname: dict[str, set[str]] = {}
        for entity in self.entities.values():
            if entity.type != "PERSON":
                continue
            for name in [entity.name, *entity.aliases]:
                keys = surname_keys(name) if " " in name.strip() else [fold(name)]
                for key in keys + ([entity.surname] if entity.surname else []):
                    self._surname.setdefault(key, set()).add(entity.entity_id)
        # Organisations that hold offices ("UN Secretary-General") are scopes like countries.
        office_orgs = {r.country for r in roles if r.country in self.entities}
        self._scope = dict(self._country)
        for entity_id in sorted(office_orgs):
            org = self.entities[entity_id]
            for name in [org.name, *org.aliases]:
                self._scope.setdefault(fold(name), entity_id)

    # --- entities -------------------------------------------------------------------------------
    def lookup(self, surface: str) -> KBEntity | None:
        """The entity whose name or alias folds to the same key as `surface`."""
        entity_id = self._alias.get(fold(surface))
        return self.entities.get(entity_id) if entity_id else None

    def lookup_all(self, surface: str) -> list[KBEntity]:
        """Every entity with that name or alias, in file order (base people first)."""
        return [self.entities[i] for i in self._aliases.get(fold(surface), [])]

    def all_names(self) -> list[tuple[str, str]]:
        """(surface, entity_id) for every name and alias of the base, for the entity ruler (Archigos people are
        found by NER and `lookup`: thousands of patterns would slow every model load)."""
        return [(name, e.entity_id) for e in self.entities.values() if not e.archigos for name in [e.name, *e.aliases]]

    def in_office(self, entity_id: str, on: date) -> bool:
        """Whether the entity held any role of the base or Archigos on that day."""
        return any(r.held_on(on) for r in self._roles_by_entity.get(entity_id, []))

    def people_with_surname(self, surname: str) -> set[str]:
        """Ids of KB people whose name ends in `surname` (folded; "Assad" also finds "al-Assad")."""
        key = fold(surname)
        return self._surname.get(key, set()) | self._surname.get(_PARTICLE.sub("", key), set())

    # --- roles ----------------------------------------------------------------------------------
    def holder(self, role: str, country: str, on: date | None) -> KBEntity | None:
        """Who held `role` for `country` on a date (None: who holds it now)."""
        for r in self._roles_by_office.get((role, country), []):
            if r.held_on(on):
                return self.entities.get(r.entity_id)
        return None

    def office_terms(self, role: str, country: str) -> list[Role]:
        """Every term of an office, in file order."""
        return list(self._roles_by_office.get((role, country), []))

    def roles_of(self, entity_id: str) -> list[Role]:
        return list(self._roles_by_entity.get(entity_id, []))

    def scope_code(self, name: str) -> str | None:
        """Country code or office-holding organisation id for a name/adjective ("Turkish" → TR, "UN" → united-nations)."""
        return self._scope.get(fold(name))

    def scope_names(self) -> list[str]:
        """Every surface that can scope a role title: country names, adjectives, office-holding organisations."""
        names = [n for c in self.countries.values() for n in [c.name, *c.aliases, *c.adjectives]]
        names += [n for e in self.entities.values() if e.entity_id in set(self._scope.values()) for n in [e.name, *e.aliases]]
        return sorted(set(names))

    # --- geography ------------------------------------------------------------------------------
    def country_code(self, name: str) -> str | None:
        """ISO code for a country name, alias, adjective or demonym ("Turkish" → TR, "UK" → GB)."""
        return self._country.get(fold(name))

    def country(self, code: str) -> Country | None:
        return self.countries.get(code)

    def place(self, name: str) -> Place | None:
        return self._place.get(fold(name))

    def capital_of(self, name: str) -> str | None:
        """ISO code of the country whose capital is `name` ("Moscow" → RU)."""
        return self._capital.get(fold(name))


def _with_capitals(places: list[Place], countries: list[Country]) -> list[Place]:
    """Every capital is a place, even when places.csv does not list it."""
    known = {fold(n) for p in places for n in [p.name, *p.aliases]}
    extra = [Place(c.capital, [], c.code, "city") for c in countries if c.capital and fold(c.capital) not in known]
    return [*places, *extra]


def load_kb(directory: Path | None = None) -> KnowledgeBase:
    directory = Path(directory or settings().knowledge_dir)
    return _load_kb(directory.resolve())


@lru_cache(maxsize=4)
def _load_kb(directory: Path) -> KnowledgeBase:
    check_knowledge_base(directory)
    entities = [
        KBEntity(r["entity_id"], r["name"], r["type"], r.get("country") or None, _split(r.get("aliases")), r.get("comment") or "")
        for r in _rows(directory / "entities.csv")
    ]
    entities += [
        KBEntity(r["entity_id"], r["name"], "PERSON", r["country"], _split(r.get("aliases")), "Archigos 4.1",
                 (r.get("surname") or "").strip(), True)
        for r in _rows(directory / "archigos_people.csv")
    ]
    roles = [
        Role(r["entity_id"], r["role"], r["country"], _date(r.get("start_date")), _date(r.get("end_date")),
             r.get("source") or "", r.get("title") or "")
        for r in [*_rows(directory / "roles.csv"), *_rows(directory / "archigos_roles.csv")]
    ]
    countries = [
        Country(r["code"], r["name"], _split(r.get("aliases")), r.get("capital") or None, _split(r.get("adjectives")))
        for r in _rows(directory / "countries.csv")
    ]
    places = [Place(r["name"], _split(r.get("aliases")), r["country_code"], r.get("kind") or "city") for r in _rows(directory / "places.csv")]
    titles = [
        RoleTitle(r["title"], r["role"], r.get("scope") or None, (r.get("needs_top") or "").strip().lower() == "yes")
        for r in _rows(directory / "role_titles.csv")
    ]
    return KnowledgeBase(entities, roles, countries, places, titles)


@lru_cache(maxsize=64)
def lexicon(kind: str, directory: Path | None = None) -> frozenset[str]:
    """The lower-cased words of one kind in lexicon.csv (speech_verb, person_noun, honorific, ...)."""
    return _lexicon(Path(directory or settings().knowledge_dir).resolve()).get(kind, frozenset())


@lru_cache(maxsize=4)
def _lexicon(directory: Path) -> dict[str, frozenset[str]]:
    words: dict[str, set[str]] = {}
    for r in _rows(directory / "lexicon.csv"):
        words.setdefault(r["kind"].strip(), set()).add(r["word"].strip().lower())
    return {kind: frozenset(w) for kind, w in words.items()}


def kb_fingerprint(directory: Path | None = None) -> str:
    """Hash of the knowledge files: a change means stored NLP results are stale."""
    import hashlib

    directory = Path(directory or settings().knowledge_dir)
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
