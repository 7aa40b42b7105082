"""Linking that respects the article's date (issue 25): among the knowledge base's people of one name or surname,
the one who fitted on the publication day; a role phrase's holder from Archigos where the base has none.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from ..knowledge.kb import KnowledgeBase, fold, surname_keys

ERA_YEARS = 8  # an office that far from the day says nothing of who a name meant then


def _fits(kb: KnowledgeBase, entity_id: str, published: date | None, years: list[int]) -> bool:
    """In office on the day; undated: in office in the latest year the text names."""
    roles = kb.roles_of(entity_id)
    if published is not None:
        return any(r.held_on(published) for r in roles)
    return bool(years) and any(r.overlaps_year(max(years)) for r in roles)


def dated_choice(kb: KnowledgeBase, ids: list[str], published: date | None, years: list[int]) -> str | None:
    """One entity of several that share a full name ("George Bush"): the one in office then; else the base's."""
    if len(ids) <= 1:
        return ids[0] if ids else None
    fitting = [i for i in ids if _fits(kb, i, published, years)]
    if len(fitting) == 1:
        return fitting[0]
    base = [i for i in ids if not kb.entities[i].archigos]
    return base[0] if base else ids[0]


def surname_holder(kb: KnowledgeBase, surname: str, published: date | None, years: list[int]) -> str | None:
    """A bare surname named in no full name of the article: the one person of that surname in office that day;
    undated, the one in office in the text's latest year, else the one base person of that surname (the base
    covers today's officials); else nobody, never a guess across decades."""
    ids = sorted(kb.people_with_surname(fold(surname)))
    fitting = [i for i in ids if _fits(kb, i, published, years)]
    if len(fitting) == 1:
        return fitting[0]
    if published is None and not fitting:
        base = [i for i in ids if not kb.entities[i].archigos]
        return base[0] if len(base) == 1 else None
    return None


def later_namesake(kb: KnowledgeBase, entity_id: str, surface: str, published: date | None) -> bool:
    """"George Bush" in 1987 is not the base's George W. Bush: matched by an alias, not his own name, he took his
    first office more than ERA_YEARS after the day, and another person of his surname held office within ERA_YEARS
    of it."""
    entity = kb.entities.get(entity_id)
    if published is None or entity is None or fold(surface) == fold(entity.name):
        return False
    roles = kb.roles_of(entity_id)
    if not roles or not all(r.start and r.start.year > published.year + ERA_YEARS for r in roles):
        return False
    year = published.year
    others = {i for key in surname_keys(entity.name) for i in kb.people_with_surname(key)} - {entity_id}
    return any((r.start is None or r.start.year <= year + ERA_YEARS) and (r.end is None or r.end.year >= year - ERA_YEARS)
               for i in others for r in kb.roles_of(i))


def out_of_time(kb: KnowledgeBase, entity_id: str, published: date | None) -> bool:
    """An Archigos person whose every term ended long before (or began long after) the day: a surname alias of the
    base still links, but not an imported leader of another era."""
    entity = kb.entities.get(entity_id)
    if published is None or entity is None or not entity.archigos:
        return False
    roles = kb.roles_of(entity_id)
    return bool(roles) and all((r.end and r.end.year < published.year - 30) or (r.start and r.start > published)
                               for r in roles)


@lru_cache(maxsize=1)
def _leader_offices(kb: KnowledgeBase) -> dict[str, str]:
    """Country → the base's office of its Archigos leader at the end of Archigos's coverage ("GB" → prime_minister,
    "FR" → president): which role phrase names the effective leader there."""
    day = date(2015, 12, 1)
    offices = {}
    for code in kb.countries:
        leader = kb.holder("leader", code, day)
        if leader is not None:
            role = next((r.role for r in kb.roles_of(leader.entity_id) if r.country == code and r.role != "leader"
                         and r.held_on(day)), None)
            if role:
                offices[code] = role
    return offices


def holds_office(kb: KnowledgeBase, entity_id: str, role: str, day: date) -> bool:
    """Whether the person held that office on the day: a role of the base, or Archigos's effective leadership of a
    state where that office is the leader's ("president" in the US, "prime minister" in Britain)."""
    return any(r.held_on(day) and (r.role == role or (r.role == "leader" and _leader_offices(kb).get(r.country) == role))
               for r in kb.roles_of(entity_id))


def leader_holder(kb: KnowledgeBase, role: str, scope: str | None, published: date | None) -> str | None:
    """"the British prime minister" in 1987: Archigos's leader that day, where that office is the state's leader."""
    if published is None or scope is None:
        return None
    if role != "leader" and _leader_offices(kb).get(scope) != role:
        return None
    holder = kb.holder("leader", scope, published)
    return holder.entity_id if holder else None
