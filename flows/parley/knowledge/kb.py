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

_SPACES = re.compile(r"\s+")
_HYPHEN_SPACE = re.compile(r"\s*-\s*")
# Letters that NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "İ": "I", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
# Arabic/Persian name particles: "al-Assad" is also found as "Assad".
_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|at|az|ar|an)-")
# Patronymic markers: in "Mohammed bin Salman" the last word is the father's name, not a surname.
_PATRONYMIC = {"bin", "ibn", "bint", "ben"}


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
        for entity in self.entities.values():
            for name in [entity.name, *entity.aliases]:
                self._alias.setdefault(fold(name), entity.entity_id)
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
                for key in keys:
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

    def all_names(self) -> list[tuple[str, str]]:
        """(surface, entity_id) for every name and alias, for the entity ruler."""
        return [(name, e.entity_id) for e in self.entities.values() for name in [e.name, *e.aliases]]

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


class KnowledgeBaseError(ValueError):
    """A knowledge-base file has a value the pipeline cannot use; the message names file, line, column and value."""


_CODE = re.compile(r"[A-Z]{2}")
_ENTITY_TYPE = re.compile(r"[A-Z][A-Z_]*")
# file → columns every row must fill
_REQUIRED = {
    "entities.csv": ("entity_id", "name", "type"),
    "roles.csv": ("entity_id", "role", "country"),
    "countries.csv": ("code", "name"),
    "places.csv": ("name", "country_code"),
    "role_titles.csv": ("title", "role"),
}


def _numbered_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of the non-blank rows; a missing required column is an error naming the file."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED[path.name] if c not in (reader.fieldnames or [])]
        if missing:
            raise KnowledgeBaseError(f"{path}:1: the header lacks column(s) {', '.join(missing)}")
        return [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values())]


def check_knowledge_base(directory: Path | None = None) -> None:
    """Raise KnowledgeBaseError naming every bad value (up to 10) before any text is processed: a bad row would
    otherwise surface as a database constraint error deep inside a run."""
    directory = Path(directory or settings().knowledge_dir)
    errors: list[str] = []
    rows = {name: _numbered_rows(directory / name) for name in _REQUIRED}

    def bad(name: str, line: int, column: str, value, problem: str) -> None:
        errors.append(f"{directory / name}:{line}: {column} {value!r} {problem}")

    def check(name: str, column: str, valid, problem: str) -> None:
        """Every filled value of the column must be `valid`."""
        for line, row in rows[name]:
            value = (row.get(column) or "").strip()
            if value and not valid(value):
                bad(name, line, column, value, problem)

    def unique(name: str, column: str) -> set[str]:
        seen: set[str] = set()
        for line, row in rows[name]:
            value = (row.get(column) or "").strip()
            if value in seen:
                bad(name, line, column, value, "is listed twice")
            seen.add(value)
        return seen

    def iso_date(value: str) -> bool:
        try:
            date.fromisoformat(value)
            return True
        except ValueError:
            return False

    codes = unique("countries.csv", "code")
    entity_ids = unique("entities.csv", "entity_id")
    scopes = codes | entity_ids
    check("countries.csv", "code", _CODE.fullmatch, "is not an ISO 3166 alpha-2 code (two capital letters)")
    for name, columns in _REQUIRED.items():
        for line, row in rows[name]:
            for column in columns:
                if not (row.get(column) or "").strip():
                    bad(name, line, column, "", "is empty")
    check("entities.csv", "type", _ENTITY_TYPE.fullmatch, "is not an entity type such as PERSON or ORG")
    check("entities.csv", "country", _CODE.fullmatch, "is not an ISO 3166 alpha-2 code (two capital letters)")
    check("places.csv", "country_code", codes.__contains__, "is not a code in countries.csv")
    check("roles.csv", "entity_id", entity_ids.__contains__, "is not an entity_id in entities.csv")
    check("roles.csv", "country", scopes.__contains__, "is neither a code in countries.csv nor an entity_id")
    for column in ("start_date", "end_date"):
        check("roles.csv", column, iso_date, "is not a date (YYYY-MM-DD)")
    for line, row in rows["roles.csv"]:
        start, end = ((row.get(c) or "").strip() for c in ("start_date", "end_date"))
        if iso_date(start) and iso_date(end) and start > end:
            bad("roles.csv", line, "end_date", end, f"is before start_date {start}")
    check("role_titles.csv", "scope", scopes.__contains__, "is neither a code in countries.csv nor an entity_id")
    check("role_titles.csv", "needs_top", {"yes", "no"}.__contains__, "is not yes, no or empty")
    if errors:
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise KnowledgeBaseError("bad knowledge base: " + "; ".join(errors[:10]) + more)


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
    roles = [
        Role(r["entity_id"], r["role"], r["country"], _date(r.get("start_date")), _date(r.get("end_date")),
             r.get("source") or "", r.get("title") or "")
        for r in _rows(directory / "roles.csv")
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
