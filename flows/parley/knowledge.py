"""The knowledge base shipped as CSV in seeds/knowledge/: entities with aliases, dated roles, countries, places.

Everything is looked up through `fold()`, so "Çavuşoğlu", "Cavusoglu" and "CAVUSOGLU" are one key.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from .config import settings

_SPACES = re.compile(r"\s+")
_HYPHEN_SPACE = re.compile(r"\s*-\s*")
# Letters that NFKD does not decompose into an ASCII base letter.
_EXTRA_FOLDS = str.maketrans({"ı": "i", "İ": "I", "ß": "ss", "ø": "o", "Ø": "O", "đ": "d", "ł": "l", "Ł": "L"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def fold(text: str) -> str:
    """Lookup key: no diacritics, case-folded, one space, no spaces around hyphens, straight apostrophes."""
    text = text.translate(_EXTRA_FOLDS).translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _HYPHEN_SPACE.sub("-", text)
    return _SPACES.sub(" ", text).strip().casefold()


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
    country: str
    start: date | None
    end: date | None
    source: str = ""

    def held_on(self, day: date | None) -> bool:
        if day is None:
            return self.end is None  # undated text: only a role still held today
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Country:
    code: str
    name: str
    aliases: list[str]
    capital: str | None


@dataclass
class Place:
    name: str
    aliases: list[str]
    country_code: str
    kind: str


def _date(value: str) -> date | None:
    return date.fromisoformat(value) if value and value.strip() else None


def _split(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if any((v or "").strip() for v in row.values())]


class KnowledgeBase:
    def __init__(self, entities: list[KBEntity], roles: list[Role], countries: list[Country], places: list[Place]):
        self.entities = {e.entity_id: e for e in entities}
        self.roles = roles
        self.countries = {c.code: c for c in countries}
        self.places = places
        self._alias: dict[str, str] = {}
        for entity in entities:
            for name in [entity.name, *entity.aliases]:
                self._alias.setdefault(fold(name), entity.entity_id)
        self._country: dict[str, str] = {}
        for country in countries:
            for name in [country.name, country.code, *country.aliases]:
                self._country.setdefault(fold(name), country.code)
        self._place: dict[str, Place] = {}
        for place in places:
            for name in [place.name, *place.aliases]:
                self._place.setdefault(fold(name), place)
        self._capital = {fold(c.capital): c.code for c in countries if c.capital}

    # --- entities -------------------------------------------------------------------------------
    def lookup(self, surface: str) -> KBEntity | None:
        """The entity whose name or alias folds to the same key as `surface`."""
        entity_id = self._alias.get(fold(surface))
        return self.entities.get(entity_id) if entity_id else None

    def all_names(self) -> list[tuple[str, str]]:
        """(surface, entity_id) for every name and alias, for the entity ruler."""
        return [(name, e.entity_id) for e in self.entities.values() for name in [e.name, *e.aliases]]

    def holder(self, role: str, country: str, on: date | None) -> KBEntity | None:
        """Who held `role` for `country` on a date (None: who holds it now)."""
        for r in self.roles:
            if r.role == role and r.country == country and r.held_on(on):
                return self.entities.get(r.entity_id)
        return None

    def roles_of(self, entity_id: str) -> list[Role]:
        return [r for r in self.roles if r.entity_id == entity_id]

    # --- geography ------------------------------------------------------------------------------
    def country_code(self, name: str) -> str | None:
        """ISO code for a country name, code, adjective or demonym ("Turkish" → TR)."""
        return self._country.get(fold(name))

    def country(self, code: str) -> Country | None:
        return self.countries.get(code)

    def place(self, name: str) -> Place | None:
        return self._place.get(fold(name))

    def capital_of(self, name: str) -> str | None:
        """ISO code of the country whose capital is `name` ("Moscow" → RU)."""
        return self._capital.get(fold(name))


def load_kb(directory: Path | None = None) -> KnowledgeBase:
    directory = Path(directory or settings().knowledge_dir)
    return _load_kb(directory.resolve())


@lru_cache(maxsize=4)
def _load_kb(directory: Path) -> KnowledgeBase:
    entities = [
        KBEntity(r["entity_id"], r["name"], r["type"], r.get("country") or None, _split(r.get("aliases")), r.get("comment") or "")
        for r in _rows(directory / "entities.csv")
    ]
    roles = [
        Role(r["entity_id"], r["role"], r["country"], _date(r.get("start_date", "")), _date(r.get("end_date", "")), r.get("source") or "")
        for r in _rows(directory / "roles.csv")
    ]
    countries = [Country(r["code"], r["name"], _split(r.get("aliases")), r.get("capital") or None) for r in _rows(directory / "countries.csv")]
    places = [Place(r["name"], _split(r.get("aliases")), r["country_code"], r.get("kind") or "city") for r in _rows(directory / "places.csv")]
    return KnowledgeBase(entities, roles, countries, places)


def kb_fingerprint(directory: Path | None = None) -> str:
    """Hash of the knowledge files: a change means stored NLP results are stale."""
    import hashlib

    directory = Path(directory or settings().knowledge_dir)
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
