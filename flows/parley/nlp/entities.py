"""Entity mentions resolved to canonical entities.

Rules, in order (all per article, linear in the text):
1. Names: the entity ruler's KB ids, else `kb.lookup` (folded), else a fuzzy KB match, else an NER-only entity.
   Junk NER spans are dropped; NORP adjectives ("Turkish") are scope words, never mentions.
2. Partial names (`coref.LocalNames`): a part of a full name named in the article ("Majdalawi", "de Keersmaeker",
   "Yao", a variant spelling) is that person, also where NER missed the word (all caps, wrapped text) or tagged it
   ORG/GPE; else the unique KB person with that surname ("Lavrov" → Sergey Lavrov). A name NER ran into an office
   ("Agriculture Richard Lyng") is split off; an untagged name that speaks is a person.
3. Damaged names: "?" standing for lost non-ASCII letters ("Çavu?o?lu") is a 1–2 letter wildcard.
4. Role phrases with no name after them ("the Turkish FM", "his Russian counterpart") → the office holder.
5. Capitals acting as governments ("Moscow retaliated") → the country; "in Moscow" stays the city.
6. Person nouns ("the minister") → the person titled so earlier in the article (method "title"); pronouns are
   resolved by `coref.PersonCoref` for quotes and meetings but are never mentions.
Mentions never overlap and come sorted by start_char; `doc.text[start:end] == surface` always holds.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from ..knowledge.kb import KnowledgeBase, country_entity_id, fold, lexicon, surname_keys
from ..types import Entity, Mention
from .coref import LocalNames, PersonCoref, partial_name_spans, person_at_end, title_mentions, untagged_speaker_names
from .dating import dated_choice, is_world_city, leader_holder, out_of_time, surname_holder
from .pipeline import TokensByOffset

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"}
# A role title after one of these names someone else than the current holder.
_NOT_CURRENT = {"former", "ex", "deputy", "vice", "late", "future", "next", "previous", "then", "assistant"}
# Before a capital these words make it the city, not the government.
_PLACE_WORDS = {
    "in", "at", "to", "from", "near", "outside", "inside", "into", "via", "across", "around", "toward", "towards",
    "through", "throughout", "visit", "visits", "visited", "visiting", "capital", "city", "arrived", "arrive",
    "arrives", "reached", "left", "leave", "leaving", "over", "north", "south", "east", "west", "central",
}
# After these prepositions a capital is a party: "talks with Ankara", "ties between Moscow and ...".
_ACTOR_PREPOSITIONS = {"between", "with", "by", "against"}
_DAMAGED_WORD = r"[A-ZÀ-ÖØ-Þ?][\w?'’-]*"
_DAMAGED_SEQ = re.compile(rf"{_DAMAGED_WORD}(?:[ \t]+{_DAMAGED_WORD})*")
_INNER_QMARK = re.compile(r"\w\?+\w|^\?\w")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_PARTICLES = {"al", "el", "de", "di", "da", "van", "von", "bin", "ibn", "le", "la", "du", "der", "ben", "abu"}
# A role phrase contains its scope ("Russia's Foreign Minister", "UN Syria envoy"): the phrase wins over that name.
_RANK = {"role": 0, "fuzzy": 0, "alias": 1, "surname": 1, "capital": 1, "ner": 3}


@dataclass
class _Cand:
    start: int
    end: int
    entity_id: str
    method: str
    label: str = ""
    person_words: int = 0  # words in a person name (1 = surname only), 0 for non-persons
    office: str = ""  # for role mentions: the role that resolved it


def ner_entity_id(name: str, label: str) -> str:
    """Stable id for an entity known only from NER: type plus folded name."""
    return f"{label.lower()}:" + re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def find_mentions(doc, kb: KnowledgeBase, published: date | None) -> tuple[list[Mention], list[Entity]]:
    text = doc.text
    ner_names: dict[str, tuple[str, str]] = {}  # ner entity id → (name, label)
    spans = [s for s in (_clean_span(ent, kb, text) for ent in doc.ents) if s]
    people = {e.text for e in doc.ents if e.label_ == "PERSON" and " " not in e.text}
    spans = [part for s in spans for part in person_at_end(s, kb, text, people)]
    spans += [(a, b, text[a:b], "PERSON", "") for a, b in untagged_speaker_names(doc)]
    years = [int(y) for y in _YEAR.findall(text)]
    names = [c for c in (_resolve_name(s, kb, ner_names, published, years) for s in spans) if c]
    token_at = TokensByOffset(doc)
    names = [_with_given_name(c, kb, token_at, text, ner_names) for c in names]
    local = _local_names(names, kb, text)
    names = [_resolve_partial(c, local, kb, text, published, years) for c in names]
    names += _damaged_names(text, local, kb)
    names = _without_overlaps(names)
    names += [_Cand(a, b, i, "surname", "PERSON", 1) for a, b, i in partial_name_spans(doc, local, [(c.start, c.end) for c in names])]
    names = [_capital_or_city(c, kb, doc) for c in names]
    roles = _role_mentions(doc, text, kb, published, names, token_at)
    chosen = _without_overlaps(names + roles)
    mentions = [Mention(c.entity_id, c.start, c.end, text[c.start:c.end], c.method) for c in chosen]
    entities: dict[str, Entity] = {}
    for m in mentions:
        if m.entity_id not in entities:
            entities[m.entity_id] = _entity(m.entity_id, kb, ner_names)
    coref = PersonCoref(doc, mentions, lambda i: entities[i].type == "PERSON")
    titles = title_mentions(doc, coref, [(m.start_char, m.end_char) for m in mentions])
    if titles:
        mentions = sorted(mentions + [Mention(i, a, b, text[a:b], "title") for a, b, i in titles], key=lambda m: m.start_char)
    return mentions, list(entities.values())


def _entity(entity_id: str, kb: KnowledgeBase, ner_names: dict[str, tuple[str, str]]) -> Entity:
    kb_entity = kb.entities.get(entity_id)
    if kb_entity:
        return Entity(kb_entity.entity_id, kb_entity.name, kb_entity.type, kb_entity.country, "kb")
    name, label = ner_names[entity_id]
    return Entity(entity_id, name, label, None, "ner")


# --- 1. names ------------------------------------------------------------------------------------
def _clean_span(ent, kb: KnowledgeBase, text: str) -> tuple[int, int, str, str, str] | None:
    """(start, end, text, label, kb id) of an entity span with titles and "the" trimmed, or None for junk."""
    if ent.ent_id_:
        return ent.start_char, ent.end_char, ent.text, ent.label_, ent.ent_id_
    if ent.label_ not in KEPT_LABELS:
        return None
    words = list(ent)
    while words and (words[0].lower_ == "the" or (ent.label_ == "PERSON" and _not_name_word(words[0], kb))):
        words.pop(0)
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].lower_ in ("'s", "’s")):
        words.pop()
    if not words:
        return None
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    surface = text[start:end].rstrip("-–—,.;:")  # "Turkey- Russia": the hyphen is not part of the name
    end = start + len(surface)
    if "\n" in surface or surface[:1].isdigit() or not any(ch.isupper() for ch in surface) or len(surface) < 2:
        return None
    if all(w.lower_ in lexicon("name_title") or kb.country_code(w.text) for w in words) and not kb.lookup(surface):
        return None  # "the Foreign Ministers", "Turkish": titles and adjectives, not names
    return start, end, surface, ent.label_, ""


def _not_name_word(word, kb: KnowledgeBase) -> bool:
    """Titles, country adjectives and lowercase words ("rang Lucy") before a person's name; particles stay."""
    lower = word.lower_
    return lower in lexicon("name_title") or bool(kb.country_code(word.text)) or (word.text[:1].islower() and lower not in _PARTICLES)


def _resolve_name(span, kb: KnowledgeBase, ner_names: dict, published: date | None, years: list[int]) -> _Cand | None:
    start, end, surface, label, kb_id = span
    kb_entity = kb.entities.get(kb_id) if kb_id else kb.lookup(surface)
    if kb_entity and kb_entity.type == "PERSON":  # one name, several people ("George Bush"): the one of that day
        ids = [e.entity_id for e in kb.lookup_all(surface) if e.type == "PERSON"] or [kb_entity.entity_id]
        chosen = dated_choice(kb, ids, published, years)
        kb_entity = None if out_of_time(kb, chosen, published) else kb.entities[chosen]
    if kb_entity:
        words = len(surface.split()) if kb_entity.type == "PERSON" else 0
        return _Cand(start, end, kb_entity.entity_id, "alias", kb_entity.type, words)
    if label == "PERSON" and any(ch.isdigit() for ch in surface):
        label = "ORG"  # the small model calls "G8", "G20", "P5" people: names with digits are groups
    if label == "PERSON" and " " not in surface and is_world_city(surface) and not kb.people_with_surname(surface):
        label = "GPE"  # "Manchester" typed PERSON: a city of the gazetteer that no known person is named after
    if label == "PERSON" and " " in surface:
        fuzzy = _fuzzy_person(surface, kb)
        if fuzzy:
            return _Cand(start, end, fuzzy, "fuzzy", "PERSON", len(surface.split()))
    entity_id = ner_entity_id(surface, label)
    ner_names.setdefault(entity_id, (surface, label))
    return _Cand(start, end, entity_id, "ner", label, len(surface.split()) if label == "PERSON" else 0)


def _fuzzy_person(surface: str, kb: KnowledgeBase) -> str | None:
    """A KB person with the same surname and a similar given name ("Serguei Lavrov")."""
    given = fold(surface).split(" ")[:-1]
    matches = set()
    for key in surname_keys(surface):
        for entity_id in kb.people_with_surname(key):
            entity = kb.entities[entity_id]
            kb_given = {fold(n).split(" ")[0] for n in [entity.name, *entity.aliases] if " " in n}
            if any(_similar(a, b) for a in given for b in kb_given):
                matches.add(entity_id)
    return matches.pop() if len(matches) == 1 else None


def _similar(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8)


# --- 2. partial names ----------------------------------------------------------------------------
def _local_names(names: list[_Cand], kb: KnowledgeBase, text: str) -> LocalNames:
    """The people named in full in this article, with their KB name and aliases."""
    people = []
    for c in names:
        if c.person_words >= 2:
            entity = kb.entities.get(c.entity_id)
            people.append((c.entity_id, [text[c.start:c.end], *([entity.name, *entity.aliases] if entity else [])]))
    return LocalNames(people)


def _resolve_partial(c: _Cand, local: LocalNames, kb: KnowledgeBase, text: str, published, years: list[int]) -> _Cand:
    """A part of a name (or a one-word NER span of another label that is one) → the full-name person."""
    surface = text[c.start:c.end]
    words = surface.split(" ")
    if c.method == "ner" and len(words) > 1 and not local.is_surname(surface) and local.resolve(surface) is None:
        for k in (2, 1):  # "Later de Keersmaeker" tagged as one ORG: the name part at its end is the person
            tail = " ".join(words[-k:])
            if len(words) > k and local.is_surname(tail) and local.resolve(tail) not in (None, c.entity_id):
                return _Cand(c.end - len(tail), c.end, local.resolve(tail), "surname", "PERSON", 1)
    if c.person_words >= 2 and not local.is_surname(surface):
        return c
    if not (c.person_words >= 1 or c.method == "ner"):
        return c  # NER often labels a lone surname ORG or GPE ("Azpur"); KB places and organisations stay
    entity_id = local.resolve(surface)
    if entity_id:
        return _Cand(c.start, c.end, entity_id, "alias" if entity_id == c.entity_id else "surname", "PERSON", 1)
    bare_ner = c.method == "ner" and c.label == "PERSON" and " " not in surface.strip()
    holder = surname_holder(kb, surface, published, years) if bare_ner or c.person_words == 1 else None
    if holder and (bare_ner or not kb.in_office(c.entity_id, published)):  # "Assad" in 1987 is the father
        return _Cand(c.start, c.end, holder, "surname", "PERSON", 1)
    return c


def _with_given_name(c: _Cand, kb: KnowledgeBase, token_at: TokensByOffset, text: str, ner_names: dict) -> _Cand:
    """The ruler tags "Lavrov" inside "Serguey Lavrov": a similar given name before it joins the mention (fuzzy);
    a different given name ("Gerhard Stoltenberg" for the KB's Jens) makes it another person, known from NER."""
    token = token_at.get(c.start)
    entity = kb.entities.get(c.entity_id)
    if c.person_words != 1 or token is None or token.i == 0 or entity is None:
        return c
    before = token.doc[token.i - 1]
    if not before.text[:1].isupper() or not before.is_alpha or _not_name_word(before, kb):
        return c
    kb_given = {fold(n).split(" ")[0] for n in [entity.name, *entity.aliases] if " " in n}
    if not any(_similar(fold(before.text), g) for g in kb_given):
        if before.pos_ != "PROPN" or before.ent_type_ not in ("", "PERSON") or before.is_sent_start:
            return c
        entity_id = ner_entity_id(text[before.idx:c.end], "PERSON")
        ner_names.setdefault(entity_id, (text[before.idx:c.end], "PERSON"))
        return _Cand(before.idx, c.end, entity_id, "ner", "PERSON", 2)
    return _Cand(before.idx, c.end, c.entity_id, "fuzzy", "PERSON", 2)


# --- 3. damaged names ----------------------------------------------------------------------------
def _damaged_names(text: str, local: LocalNames, kb: KnowledgeBase) -> list[_Cand]:
    """Capitalised words where "?" replaced lost letters, matched against this article's people, then the KB."""
    if "?" not in text:
        return []
    local_ids = {i for ids in local.surnames.values() for i in ids}
    found = []
    for seq in _DAMAGED_SEQ.finditer(text):
        words = list(re.finditer(r"\S+", seq.group()))
        if not any(_INNER_QMARK.search(w.group()) for w in words):
            continue
        for first in range(len(words)):  # the longest run of trailing words that names one person
            start, end = seq.start() + words[first].start(), seq.start() + words[-1].end()
            entity_id = _wildcard_match(text[start:end], local_ids, kb)
            if entity_id:
                found.append(_Cand(start, end, entity_id, "fuzzy", "PERSON", len(words) - first))
                break
    return found


def _wildcard_match(damaged: str, local_ids: set[str], kb: KnowledgeBase) -> str | None:
    pattern = re.compile(".{1,2}".join(re.escape(part) for part in fold(damaged).split("?") ))
    for pool in (local_ids, [e.entity_id for e in kb.entities.values() if e.type == "PERSON"]):
        hits = {i for i in pool if i in kb.entities for n in [kb.entities[i].name, *kb.entities[i].aliases] if pattern.fullmatch(fold(n))}
        if len(hits) == 1:
            return hits.pop()
        if hits:
            return None
    return None


# --- 4. capitals ---------------------------------------------------------------------------------
def _capital_or_city(c: _Cand, kb: KnowledgeBase, doc) -> _Cand:
    """A capital named as an actor (subject, object, "between Moscow and Ankara") stands for its country."""
    entity = kb.entities.get(c.entity_id)
    code = kb.capital_of(entity.name) if entity and c.entity_id.startswith("place-") else None
    span = doc.char_span(c.start, c.end) if code else None
    if span is None or not _acts_as_government(span.root):
        return c
    return _Cand(c.start, c.end, country_entity_id(code), "capital", "GPE")


def _acts_as_government(token) -> bool:
    """Positive syntactic evidence only: a capital is a place unless it does or undergoes something."""
    doc, i = token.doc, token.i
    before = doc[i - 1].lower_ if i > 0 else ""
    if before in _PLACE_WORDS or before == "the":
        return False  # "in Moscow", "the Moscow meeting"
    first = token
    while first.dep_ == "conj" and first.head.i < first.i:
        first = first.head  # "between Moscow and Ankara": Ankara acts as Moscow does
    if first.dep_ in ("nsubj", "dobj"):
        return True  # "Moscow retaliated", "accused Ankara of"
    return first.dep_ == "pobj" and first.head.lower_ in _ACTOR_PREPOSITIONS


# --- 5. role phrases -----------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _role_pattern(kb: KnowledgeBase) -> re.Pattern:
    scopes = "|".join(re.escape(s) for s in sorted(kb.scope_names(), key=len, reverse=True))
    titles = sorted({t.title for t in kb.titles}, key=len, reverse=True)
    title_alt = "|".join(re.escape(t) if t.isupper() else "(?i:" + re.escape(t).replace(r"\ ", r"\s+") + ")" for t in titles)
    return re.compile(
        rf"(?:\b(?P<det>[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+)?(?:(?P<top>[Tt]op)\s+)?"
        rf"(?<![\w-])(?P<scope>{scopes})(?:['’]s)?\s+(?P<title>{title_alt}|counterpart)(?![\w-])"
    )


def _role_mentions(doc, text: str, kb: KnowledgeBase, published: date | None, names: list[_Cand], token_at: TokensByOffset) -> list[_Cand]:
    if not kb.titles:
        return []
    people = [c for c in names if c.label == "PERSON"]
    people_ids = {c.entity_id for c in people}
    years = [int(y) for y in _YEAR.findall(text)]
    titles = {fold(t.title): t for t in kb.titles}
    found: list[_Cand] = []
    for m in _role_pattern(kb).finditer(text):
        start = m.start()
        if _names_follow(m.end(), text, people, token_at) or _after_name(start, text, people) or _not_current(start, text):
            continue
        scope = kb.scope_code(m.group("scope"))
        title_word = fold(m.group("title"))
        if title_word == "counterpart":
            role = _anchor_role(start, text, kb, published, people + found, scope)
        else:
            title = titles[title_word]
            if (title.needs_top and not m.group("top")) or (title.scope and title.scope != scope):
                continue
            role = title.role
        last = token_at.get(m.end() - len(m.group("title").split()[-1]))
        if not role or (last is not None and last.dep_ in ("compound", "amod") and last.head.i > last.i):
            continue  # no office, or the title modifies a noun: "Turkey-Syria FM meeting"
        entity_id = _office_holder(kb, role, scope, published, people_ids, years)
        if entity_id:
            found.append(_Cand(start, m.end(), entity_id, "role", "PERSON", 0, role))
    return found


def _names_follow(end: int, text: str, people: list[_Cand], token_at: TokensByOffset) -> bool:
    """"Turkish Foreign Minister Mevlut Cavusoglu": the title belongs to the name after it."""
    rest = re.match(r"[ \t]*,?[ \t]*", text[end:])
    at = end + rest.end()
    if any(c.start == at for c in people):
        return True
    token = token_at.get(at)
    return token is not None and token.text[:1].isupper() and token.pos_ == "PROPN"


def _after_name(start: int, text: str, people: list[_Cand]) -> bool:
    """"Lavrov, the Russian foreign minister": an apposition repeats the name just before it."""
    before = re.search(r",[ \t]*$", text[max(0, start - 4):start])
    return bool(before) and any(c.end == start - len(before.group()) for c in people)


def _not_current(start: int, text: str) -> bool:
    previous = re.search(r"(\w+)[\s-]*$", text[max(0, start - 20):start])
    return bool(previous) and previous.group(1).lower() in _NOT_CURRENT


def _anchor_role(start: int, text: str, kb: KnowledgeBase, published: date | None, anchors: list[_Cand], scope: str | None) -> str | None:
    """"his Russian counterpart": the office of the nearest person named before, in the same paragraph."""
    line_start = text.rfind("\n", 0, start) + 1
    before = sorted((c for c in anchors if line_start <= c.start < start), key=lambda c: c.start, reverse=True)
    for c in before:
        if c.office:
            return c.office
        roles = [r for r in kb.roles_of(c.entity_id) if r.country != scope and (published is None or r.held_on(published))]
        if roles:
            return roles[0].role
    return None


def _office_holder(kb: KnowledgeBase, role: str, scope: str | None, published: date | None, people_ids: set[str], years: list[int]) -> str | None:
    """Holder on the publication date; undated: the holder named in the article, else the one the text's latest year fits."""
    if not scope:
        return None
    terms = kb.office_terms(role, scope)
    if published is not None:
        held = next((t.entity_id for t in terms if t.held_on(published)), None)
        return held or leader_holder(kb, role, scope, published)
    named = {t.entity_id for t in terms} & people_ids
    if len(named) == 1:
        return named.pop()
    if years:
        fitting = {t.entity_id for t in terms if t.overlaps_year(max(years))}
        fitting = fitting & named if named else fitting
        if len(fitting) == 1:
            return fitting.pop()
    return None


# --- overlaps ------------------------------------------------------------------------------------
def _without_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Best rule first, then the longest span; a candidate overlapping an accepted one is dropped."""
    starts: list[int] = []  # accepted spans never overlap, so sorted starts and ends stay aligned
    ends: list[int] = []
    chosen = []
    for c in sorted(cands, key=lambda c: (_RANK[c.method], c.start - c.end, c.start)):
        at = bisect_right(starts, c.start)
        if c.end <= c.start or (at and ends[at - 1] > c.start) or (at < len(starts) and starts[at] < c.end):
            continue
        starts.insert(at, c.start)
        ends.insert(at, c.end)
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
