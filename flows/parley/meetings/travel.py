"""Travel for a meeting: 'flew to Seoul for talks', 'the arrival of X for talks', 'X arrived here for talks' — who
travels, and the country travelled to as the other side."""

from __future__ import annotations

from ..knowledge.meeting_words import meeting_words
from .index import TokenIndex

W = meeting_words()


def travel_of(trigger):
    """'arrived in Seoul for talks', 'the arrival in Seoul of X for talks': the travel the meeting is the aim of."""
    travel = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "for" else None
    return travel if travel is not None and travel.lower_ in W.travel_verb | W.travel_noun else None


def traveller(trigger):
    """'the scheduled arrival of X for talks with Y': the one whose travel the noun names."""
    travel = travel_of(trigger)
    if travel is None or travel.lower_ not in W.travel_noun:
        return None
    return next((g for c in travel.children if c.dep_ == "prep" and c.lower_ in ("of", "by")
                 for g in c.children if g.dep_ == "pobj"), None)


def travelled_here(trigger) -> bool:
    """'X arrived here for talks': the dateline city is where the talks are."""
    travel = travel_of(trigger)
    return travel is not None and any(c.dep_ == "advmod" and c.lower_ == "here" for c in travel.children)


def travel_hosts(trigger, named_side: bool, people_countries: list[str], index: TokenIndex, here=None) -> list[str]:
    """'arrived in Uganda for talks', 'arrived here for talks': with no other side named, the country travelled
    to is the other side."""
    travel = travel_of(trigger)
    if named_side or travel is None:
        return []
    hosts = [here[1]] if travelled_here(trigger) and here and here[1] and here[1] not in people_countries else []
    for prep in travel.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "to"):
            for place in prep.children:
                code = index.country.get(place.i) or index.place.get(place.i, (None, None, 0))[1]
                if code and code not in people_countries and code not in hosts:
                    hosts.append(code)
    return hosts
