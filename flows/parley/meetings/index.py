"""Per-doc lookups for the meeting rules: which person, organisation, country or place is written at a token."""

from __future__ import annotations

import re

from ..knowledge.gazetteer import world_city_country
from ..knowledge.kb import KnowledgeBase
from ..knowledge.meeting_words import meeting_words
from ..types import Entity, Mention, Quote

_PLACE_LABELS = {"GPE", "LOC", "FAC"}


class TokenIndex:
    """Per-doc lookups from token index to the person, country or place written there."""

    def __init__(self, doc, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase,
                 quotes: list[Quote] = ()):
        # (start, end, speaker entity id) of attributed quotes: "we" inside one is its speaker's side
        self.quotes = [(q.start_char, q.end_char, q.speaker_entity_id) for q in quotes if q.speaker_entity_id]
        self.person: dict[int, str] = {}
        self.person_country: dict[str, str | None] = {}
        self.nationality: dict[str, str] = {}  # the country of a person's title anywhere in the article
        self.titled: dict[int, dict[str, str]] = {}  # per sentence start: person -> country of the title
        self.family: set[str] = set()  # people introduced as someone's kin ("his wife Nancy"): private, no side
        self.org: set[int] = set()
        self.base_org: set[int] = set()
        self.international: set[int] = set()
        self.country: dict[int, str] = {}
        self.place: dict[int, tuple[str | None, str | None, int]] = {}
        self.people_before: list[tuple[int, str]] = []  # (token index, entity id) in text order
        self.subjects_before: list[tuple[int, str]] = []  # the people written as a clause's subject
        for mention in mentions:
            entity = entities.get(mention.entity_id)
            span = doc.char_span(mention.start_char, mention.end_char, alignment_mode="expand")
            if entity is None or span is None:
                continue
            if entity.type == "PERSON":
                for token in span:
                    self.person[token.i] = entity.entity_id
                self.person_country[entity.entity_id] = entity.country
                self.people_before.append((span.root.i, entity.entity_id))
                if _family(span):
                    self.family.add(entity.entity_id)
                root = span.root
                if root.dep_ in ("nsubj", "nsubjpass") and _main_clause(root.head):
                    self.subjects_before.append((span.root.i, entity.entity_id))
            elif entity.type == "ORG":
                self.org.add(span.root.i)
                if ":" not in entity.entity_id:  # a body of the base (the EU, the IMF), not any company
                    self.base_org.add(span.root.i)
                    if not entity.country:  # an international body: its meeting gathers its members
                        self.international.add(span.root.i)
        self._surnames_left_untagged(doc)
        self.people_before.sort()
        self.subjects_before.sort()
        for ent in doc.ents:
            if ent.label_ in _PLACE_LABELS:
                resolved = resolve_place(ent.text, kb)
                if resolved[2]:
                    self.place[ent.root.i] = resolved
        members = meeting_words().party_member
        for token in doc:
            if token.is_title or token.is_upper:
                code = kb.country_code(token.text)
                if code and not (token.i + 1 < len(doc) and doc[token.i + 1].lower_ in members):
                    self.country[token.i] = code  # "a Georgia Republican": a US state, not the country
        for ent in doc.ents:
            if len(ent) > 1 and ent.label_ in ("GPE", "NORP"):
                code = kb.country_code(ent.text)
                if code:
                    self.country[ent.root.i] = code
        for token in doc:  # "in the Chinese capital": the capital of the country the adjective names
            if token.lower_ == "capital" and token.i not in self.place:
                codes = [self.country[c.i] for c in token.children
                         if c.dep_ in ("amod", "compound") and c.i in self.country]
                country = kb.country(codes[0]) if codes else None
                if country and country.capital:
                    self.place[token.i] = (country.capital, country.code, 2)

    def _surnames_left_untagged(self, doc) -> None:
        """'Drozdek and Energy Commissioner X opened talks': the tagger may miss a surname it saw in full earlier
        in the article (or call it an organisation); the name of one person named before is that person."""
        surnames: dict[str, dict[str, int]] = {}  # surname -> person -> where first named in full
        for i, pid in self.people_before:
            token = doc[i]
            if token.i > 0 and self.person.get(token.i - 1) == pid:  # a full name: its root is the surname
                surnames.setdefault(token.text, {}).setdefault(pid, i)
        for token in doc:
            if token.i in self.person or token.pos_ != "PROPN" or not token.is_title:
                continue
            owners = surnames.get(token.text)
            if not owners or len(owners) > 1 or token.ent_type_ in _PLACE_LABELS or token.ent_type_ == "NORP":
                continue
            pid, first = next(iter(owners.items()))
            if first < token.i:  # only a name already introduced in full
                self.person[token.i] = pid
                self.people_before.append((token.i, pid))

    def quote_speaker(self, char: int) -> str | None:
        return next((speaker for start, end, speaker in self.quotes if start <= char < end), None)


def _family(span) -> bool:
    kin = meeting_words().kin_noun
    return span.root.head.lower_ in kin and span.root.dep_ == "appos" or any(
        c.lower_ in kin and c.dep_ in ("compound", "amod", "appos") for t in span for c in t.children)


def _main_clause(verb) -> bool:
    """The sentence's own verb, or one joined to it ("X arrived ... and met"), not a reported or relative clause."""
    return verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"


def resolve_place(name: str, kb: KnowledgeBase) -> tuple[str | None, str | None, int]:
    """(city or None, country code or None, confidence) for a place name; a country name gives (None, code).
    Confidence ranks known places over capitals over names only the tagger saw ("Mediterranean")."""
    name = re.sub(r"^(?:the\s+)", "", name.strip(), flags=re.I)
    place = kb.place(name)
    if place:
        return place.name, place.country_code, 3
    code = kb.country_code(name)
    if code:
        return None, code, 3
    capital_code = kb.capital_of(name) or world_city_country(name)
    if capital_code:
        return name, capital_code, 2
    return (name, None, 1) if name[:1].isupper() else (None, None, 0)
