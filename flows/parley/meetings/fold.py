"""Candidate reports of one article folded into one per meeting; captions complete place and date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..knowledge.kb import KnowledgeBase, fold
from ..knowledge.meeting_words import meeting_words
from ..types import MeetingMention
from .dates import find_date_expressions, resolve_expression

GATE = meeting_words().gate()
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}")


@dataclass
class Report:
    """One candidate meeting report inside one article, before folding."""

    participants: list[str]
    countries: list[str]
    place: str | None
    country_code: str | None
    meeting_date: date | None
    date_precision: str | None
    date_expr: str | None  # the folded expression, so two unresolved different expressions do not fold
    status: str
    mode: str | None  # None: the text does not say
    anaphoric: bool  # "the talks", "their meeting": refers back to a meeting already reported
    host_countries: list[str] = field(default_factory=list)  # visited countries, which count as a party
    counterparties: int = 0  # organisations met ("a meeting with the Friends of Syria Council")
    people_countries: list[str] = field(default_factory=list)
    start_char: int = 0
    end_char: int = 0
    cited: list[tuple[int, int]] = field(default_factory=list)  # every sentence folded in (the row cites the first)
    supporting: bool = False  # completes a meeting reported at the same place, never one of its own


def party_count(report: Report) -> int:
    """People, plus organisations met, plus countries the people do not already stand for."""
    if report.participants:
        extra = set(report.countries) | set(report.host_countries)
        return len(report.participants) + report.counterparties + (1 if extra - set(report.people_countries) else 0)
    return len(set(report.countries)) + report.counterparties


def compatible(a: Report, b: Report) -> bool:
    if a.status != b.status:
        return False
    if a.mode and b.mode and a.mode != b.mode:
        return False
    if a.place and b.place and a.place != b.place:
        return False
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    if a.meeting_date and b.meeting_date:
        if a.meeting_date != b.meeting_date and a.date_precision == b.date_precision:
            return False
    elif a.date_expr and b.date_expr and a.date_expr != b.date_expr:
        return False
    return True


def same_meeting(group: Report, report: Report) -> bool:
    if not compatible(group, report):
        return False
    shared = set(group.participants) & set(report.participants)
    if shared:
        # "X met A in the morning ... X met B in the afternoon": one side shared, the other sides apart
        return report.anaphoric or not (set(group.participants) - shared and set(report.participants) - shared)
    if report.anaphoric and not report.place and not report.country_code and not report.date_expr:
        return True  # "the talks", "their meeting": the meeting just reported
    if not report.participants or not group.participants:
        bare, other = (report, group) if not report.participants else (group, report)
        if bare.countries and set(bare.countries) <= set(other.countries) | set(other.people_countries):
            return True
        if bare.anaphoric and not bare.countries:
            return True
    group_countries = set(group.countries) | set(group.people_countries)
    return report.anaphoric and bool(group_countries & (set(report.countries) | set(report.people_countries)))


def fold_within_article(reports: list[Report]) -> list[Report]:
    groups: list[Report] = []
    for report in reports:
        target = next((g for g in reversed(groups) if same_meeting(g, report)), None)
        if target is None and report.supporting:
            # "X invited the Commission for talks in Bonn ... The Commissioners, led by Y, will visit Bonn"
            target = next((g for g in reversed(groups) if report.place and g.place == report.place
                           and compatible(g, report)), None)
            if target is None:
                continue
        if target is None:
            groups.append(report)
        else:
            absorb(target, report)
    return groups


def absorb(target: Report, report: Report) -> None:
    target.participants += [p for p in report.participants if p not in target.participants]
    target.countries += [c for c in report.countries if c not in target.countries]
    target.people_countries += [c for c in report.people_countries if c not in target.people_countries]
    target.host_countries += [c for c in report.host_countries if c not in target.host_countries]
    target.counterparties = max(target.counterparties, report.counterparties)
    target.place = target.place or report.place
    target.country_code = target.country_code or report.country_code
    if report.meeting_date and (not target.meeting_date or _finer(report.date_precision, target.date_precision)):
        target.meeting_date, target.date_precision = report.meeting_date, report.date_precision
    target.date_expr = target.date_expr or report.date_expr
    target.mode = target.mode or report.mode
    target.cited += report.cited


def _finer(a: str | None, b: str | None) -> bool:
    rank = {"day": 3, "month": 2, "year": 1, None: 0}
    return rank[a] > rank[b]


def complete_from_caption(groups: list[Report], caption: str, entities, kb: KnowledgeBase, published) -> None:
    """A photo caption naming the same people often carries the place and date the body leaves out."""
    folded = fold(caption)
    if not GATE.search(caption):
        return
    for group in groups:
        named = [p for p in group.participants if _named_in(p, folded, entities, kb)]
        if len(named) < min(2, len(group.participants)) or not named:
            continue
        place, code = _caption_place(caption, kb)
        if place and group.place and place != group.place:
            continue
        expressions = find_date_expressions(caption)
        when, precision = resolve_expression(expressions[0][2], published) if expressions else (None, None)
        if when and group.meeting_date and when != group.meeting_date:
            continue
        group.place = group.place or place
        group.country_code = group.country_code or code
        if when and not group.meeting_date:
            group.meeting_date, group.date_precision = when, precision


def _named_in(entity_id: str, folded_caption: str, entities, kb: KnowledgeBase) -> bool:
    names = [entities[entity_id].name] if entity_id in entities else []
    if entity_id in kb.entities:
        names += [kb.entities[entity_id].name, *kb.entities[entity_id].aliases]
    return any(re.search(rf"\b{re.escape(fold(n))}\b", folded_caption) for n in names if n)


def _caption_place(caption: str, kb: KnowledgeBase) -> tuple[str | None, str | None]:
    for match in _CAPITALISED_RUN.finditer(caption):
        words = match.group().split()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                name = " ".join(words[start : start + size]).rstrip(".,'")
                place = kb.place(name)
                if place:
                    return place.name, place.country_code
    return None, None


def to_mention(report: Report, body: str) -> MeetingMention:
    countries = list(dict.fromkeys([*report.people_countries, *report.countries, *report.host_countries]))
    sentence = body[report.start_char : report.end_char]
    start = report.start_char + len(sentence) - len(sentence.lstrip())
    end = max(start, report.start_char + len(sentence.rstrip()))
    return MeetingMention(
        participants=list(report.participants),
        countries=countries,
        place=report.place,
        country_code=report.country_code,
        meeting_date=report.meeting_date,
        date_precision=report.date_precision,
        status=report.status,
        mode=report.mode or "in_person",
        start_char=start,
        end_char=end,
        evidence=body[start:end],
    )
