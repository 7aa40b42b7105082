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

from bisect import bisect_right
from datetime import date

from ..knowledge.kb import KnowledgeBase, country_entity_id, fold, lexicon
from ..types import Entity, Mention
from .coref import LocalNames, PersonCoref, partial_name_spans, person_at_end, title_mentions, untagged_speaker_names
from .dating import surname_holder
from .names import (NAME_PARTICLES, YEAR, Cand, bracketed_names, clean_span, damaged_names, honorific_start,
                    is_work_title, ner_entity_id, relative_name, resolve_name, similar, with_given_name,
                    without_titles)
from .pipeline import TokensByOffset
from .retype import one_reading
from .roles import role_mentions

__all__ = ["find_mentions", "ner_entity_id"]

# Before a capital these words make it the city, not the government.
_PLACE_WORDS = {
    "in", "at", "to", "from", "near", "outside", "inside", "into", "via", "across", "around", "toward", "towards",
    "through", "throughout", "visit", "visits", "visited", "visiting", "capital", "city", "arrived", "arrive",
    "arrives", "reached", "left", "leave", "leaving", "over", "north", "south", "east", "west", "central",
}
# After these prepositions a capital is a party: "talks with Ankara", "ties between Moscow and ...".
_ACTOR_PREPOSITIONS = {"between", "with", "by", "against"}
_RANK = {"role": 0, "fuzzy": 0, "alias": 1, "surname": 1, "capital": 1, "ner": 3}


def find_mentions(doc, kb: KnowledgeBase, published: date | None) -> tuple[list[Mention], list[Entity]]:
    text = doc.text
    ner_names: dict[str, tuple[str, str]] = {}  # ner entity id → (name, label)
    spans = one_reading([(ent.label_, s) for ent in doc.ents if (s := clean_span(ent, kb, text))])
    people = {e.text for e in doc.ents if e.label_ == "PERSON" and " " not in e.text}
    spans = [without_titles(part, text) for s in spans for part in person_at_end(s, kb, text, people)]
    spans += [(a, b, text[a:b], "PERSON", "") for a, b in untagged_speaker_names(doc)]
    for given, surname in bracketed_names(spans, text):  # "(Minister Yasuhiro) Nakasone": both halves, full name
        spans = [s for s in spans if s[:2] not in (given[:2], surname[:2])] + [given, surname]
    years = [int(y) for y in YEAR.findall(text)]
    names = [c for c in (resolve_name(s, kb, ner_names, published, years) for s in spans) if c]
    token_at = TokensByOffset(doc)
    names = _one_id_per_person([with_given_name(c, kb, token_at, text, ner_names) for c in names], ner_names)
    local = _local_names(names, kb, text)
    org_heads = _company_heads(names, text)
    names = [_resolve_partial(c, local, kb, text, published, years, org_heads) for c in names]
    people = sorted((c for c in names if c.label == "PERSON"), key=lambda c: c.start)
    names = _without_parts(relative_name(c, people, text, kb, ner_names) for c in names)
    names += damaged_names(text, local, kb)
    names = _without_overlaps(names)
    taken = [(c.start, c.end) for c in names] + _work_titles(doc)
    names += [Cand(a, b, i, "surname", "PERSON", 1) for a, b, i in partial_name_spans(doc, local, taken)]
    names = _nearest_of_namesakes(_two_word_surnames(sorted(names, key=lambda c: c.start), local, text), local, text)
    names = [_capital_or_city(c, kb, doc) for c in names]
    roles = role_mentions(doc, text, kb, published, names, token_at)
    chosen = _with_honorifics(_without_overlaps(names + roles), text)
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


# --- 2. partial names ----------------------------------------------------------------------------
def _local_names(names: list[Cand], kb: KnowledgeBase, text: str) -> LocalNames:
    """The people named in full in this article, with their KB name and aliases."""
    people = []
    for c in names:
        if c.person_words >= 2:
            entity = kb.entities.get(c.entity_id)
            people.append((c.entity_id, [c.name or text[c.start:c.end], *([entity.name, *entity.aliases] if entity else [])]))
    return LocalNames(people)


def _resolve_partial(c: Cand, local: LocalNames, kb: KnowledgeBase, text: str, published, years: list[int],
                     org_heads: dict[str, str]) -> Cand:
    """A part of a name (or a one-word NER span of another label that is one) → the full-name person."""
    if c.label == "WORK_OF_ART":
        return c  # a title named like a person stays the title
    surface = text[c.start:c.end]
    words = surface.split(" ")
    if c.method == "ner" and len(words) > 1 and not local.is_surname(surface) and local.resolve(surface) is None:
        for k in (2, 1):  # "Later de Keersmaeker" tagged as one ORG: the name part at its end is the person
            tail = " ".join(words[-k:])
            if len(words) > k and local.is_surname(tail) and local.resolve(tail) not in (None, c.entity_id):
                return Cand(c.end - len(tail), c.end, local.resolve(tail), "surname", "PERSON", 1)
    if c.person_words >= 2 and not local.is_surname(surface):
        return c
    if not (c.person_words >= 1 or c.method == "ner"):
        return c  # NER often labels a lone surname ORG or GPE ("Azpur"); KB places and organisations stay
    entity_id = local.resolve(surface)
    if entity_id:
        return Cand(c.start, c.end, entity_id, "alias" if entity_id == c.entity_id else "surname", "PERSON", 1)
    bare_ner = c.method == "ner" and c.label == "PERSON" and len(surface.split()) == 1
    holder = surname_holder(kb, surface, published, years) if bare_ner or c.person_words == 1 else None
    if (holder or bare_ner) and fold(surface) in org_heads:  # "Santos" beside "Santos Ltd" is the company
        return Cand(c.start, c.end, org_heads[fold(surface)], "surname", "ORG")
    if holder and (bare_ner or not kb.in_office(c.entity_id, published)):  # "Assad" in 1987 is the father
        return Cand(c.start, c.end, holder, "surname", "PERSON", 1)
    return c


# --- 4. capitals ---------------------------------------------------------------------------------
def _capital_or_city(c: Cand, kb: KnowledgeBase, doc) -> Cand:
    """A capital named as an actor (subject, object, "between Moscow and Ankara") stands for its country."""
    entity = kb.entities.get(c.entity_id)
    code = kb.capital_of(entity.name) if entity and c.entity_id.startswith("place-") else None
    span = doc.char_span(c.start, c.end) if code else None
    if span is None or not _acts_as_government(span.root):
        return c
    return Cand(c.start, c.end, country_entity_id(code), "capital", "GPE")


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


def _one_id_per_person(names: list[Cand], ner_names: dict) -> list[Cand]:
    """Full names of one person written two ways in the article ("George P. Shultz", "George Shultz"; "Viktor" and
    "Victor Makarov"; "Kilroy Silk", "Robert Kilroy-Silk") are one id: the fullest name's."""
    groups: list[list[Cand]] = []
    for c in names:
        if c.method != "ner" or c.label != "PERSON" or c.person_words < 2:
            continue
        words = fold(ner_names[c.entity_id][0]).replace("-", " ").split(" ")
        group = next((g for g in groups if _same_name(words, fold(ner_names[g[0].entity_id][0]).replace("-", " ").split(" "))),
                     None)
        if group is None:
            groups.append([c])
        else:
            group.append(c)
    for group in groups:
        fullest = max((ner_names[c.entity_id][0] for c in group), key=lambda n: (len(n.split()), len(n)))
        for c in group:
            c.entity_id = ner_entity_id(fullest, "PERSON")
        ner_names.setdefault(group[0].entity_id, (fullest, "PERSON"))
    return names


def _same_name(a: list[str], b: list[str]) -> bool:
    """Same surname and first name (or a similar one), or one name the end of the other ("Kilroy Silk" of "Robert
    Kilroy-Silk": the two-word surname written alone)."""
    if a[-1] != b[-1]:
        return False
    shorter, longer = sorted((a, b), key=len)
    return (a[0] == b[0] or similar(a[0], b[0])) and a[0] not in NAME_PARTICLES or (
        len(shorter) >= 2 and longer[-len(shorter):] == shorter)


def _nearest_of_namesakes(names: list[Cand], local: LocalNames, text: str) -> list[Cand]:
    """A surname two people of the article share ("Michael Howard" and "John Howard"): "Mr Howard" is the one of
    them named last before it; before either, nobody."""
    latest: dict[str, int] = {}
    for c in names:  # sorted by start
        ids = local.surnames.get(fold(text[c.start:c.end])) if c.method == "ner" and c.label == "PERSON" else None
        if ids and len(ids) > 1 and c.person_words == 1:
            before = [i for i in ids if i in latest]
            if before:
                c.entity_id, c.method = max(before, key=latest.get), "surname"
        latest[c.entity_id] = c.start
    return names


def _two_word_surnames(names: list[Cand], local: LocalNames, text: str) -> list[Cand]:
    """"Febres" and "Marquez" side by side, one person, are one mention where "Febres Marquez" is his surname."""
    merged: list[Cand] = []
    for c in names:
        last = merged[-1] if merged else None
        if (last and last.entity_id == c.entity_id and c.label == "PERSON" and text[last.end:c.start] == " "
                and local.is_surname(text[last.start:c.end])):
            merged[-1] = Cand(last.start, c.end, c.entity_id, "surname", "PERSON", 1)
        else:
            merged.append(c)
    return merged


def _company_heads(names: list[Cand], text: str) -> dict[str, str]:
    """First words of the article's company names → the company ("Santos" → "Santos Ltd"): the word alone is the
    company, not a person of that surname. Only names ending in a company word: "Reagan administration" is none."""
    heads: dict[str, str] = {}
    for c in names:
        words = fold(text[c.start:c.end]).rstrip(">").split()
        if c.label == "ORG" and c.method == "ner" and len(words) > 1 and words[-1].rstrip(".") in lexicon("company_word"):
            heads.setdefault(words[0], c.entity_id)
    return heads


def _work_titles(doc) -> list[tuple[int, int]]:
    """Spans NER calls a work whose context says so too ("the newspaper \"X Y\""): no name parts in them."""
    return [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "WORK_OF_ART"
            and is_work_title(doc.text, e.start_char + (doc.text[e.start_char] in "\"“‘'"), e.end_char)]


def _without_parts(names) -> list[Cand]:
    """A part of a longer name of the same person ("Gerhard" in "Gerhard\nStoltenberg") is no mention of its own."""
    names = list(names)
    spans: dict[str, list[tuple[int, int]]] = {}
    for c in names:
        spans.setdefault(c.entity_id, []).append((c.start, c.end))
    return [c for c in names if not any(a <= c.start and c.end <= b and b - a > c.end - c.start
                                        for a, b in spans[c.entity_id])]


def _with_honorifics(chosen: list[Cand], text: str) -> list[Cand]:
    """A person named with an honorific right before ("Mr Nakasone") has it in the surface, as written."""
    previous_end = 0
    for c in chosen:
        if c.label == "PERSON" and c.method != "role":
            start = honorific_start(c.start, text)
            c.start = start if start >= previous_end else c.start
        previous_end = c.end
    return chosen


# --- overlaps ------------------------------------------------------------------------------------
def _without_overlaps(cands: list[Cand]) -> list[Cand]:
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
