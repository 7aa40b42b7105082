"""Names in a document: NER and entity-ruler spans cleaned of titles, resolved to a knowledge-base person (alias,
date, fuzzy spelling) or kept as an entity known only from NER; damaged names with "?" for lost letters."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from functools import lru_cache

from ..knowledge.gazetteer import is_world_city
from ..knowledge.kb import KnowledgeBase, fold, lexicon, surname_keys
from .coref import LocalNames
from .dating import dated_choice, later_namesake, out_of_time, surname_holder
from .pipeline import TokensByOffset
from .retype import person_or_else, without_date_words

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT"}  # and WORK_OF_ART, only for titles typed PERSON
_DAMAGED_WORD = r"[A-ZÀ-ÖØ-Þ?][\w?'’-]*"
_DAMAGED_SEQ = re.compile(rf"{_DAMAGED_WORD}(?:[ \t]+{_DAMAGED_WORD})*")
_INNER_QMARK = re.compile(r"\w\?+\w|^\?\w")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_WRAP_WIDTH = 40  # wire text is hard-wrapped at about 65 characters; a shorter line ends a heading or paragraph
NAME_PARTICLES = {"al", "el", "de", "di", "da", "van", "von", "bin", "ibn", "le", "la", "du", "der", "ben", "abu"}


@dataclass
class Cand:
    start: int
    end: int
    entity_id: str
    method: str
    label: str = ""
    person_words: int = 0  # words in a person name (1 = surname only), 0 for non-persons
    office: str = ""  # for role mentions: the role that resolved it
    name: str = ""  # the person's name as the article writes it, when the span holds only a part of it


def ner_entity_id(name: str, label: str) -> str:
    """Stable id for an entity known only from NER: type plus folded name."""
    return f"{label.lower()}:" + re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")

# --- names ------------------------------------------------------------------------------------
def clean_span(ent, kb: KnowledgeBase, text: str) -> tuple[int, int, str, str, str] | None:
    """(start, end, text, label, kb id) of an entity span with titles and "the" trimmed, or None for junk."""
    if ent.ent_id_:
        return ent.start_char, ent.end_char, ent.text, ent.label_, ent.ent_id_
    if ent.label_ not in KEPT_LABELS:
        return None
    words = list(ent)
    while words and (words[-1].is_punct or words[-1].is_space or words[-1].lower_ in ("'s", "’s")):
        words.pop()
    label = "PERSON" if ent.label_ == "ORG" and (_titled_person(words) or _after_person_noun(words, kb)) \
        else ent.label_  # "Gen Pervez Musharraf's", "Holyrood leader Nicola Sturgeon"
    while words and (words[0].lower_ == "the" or (label == "PERSON" and not_name_word(words[0], kb))):
        words.pop(0)
    while label == "PERSON" and len(words) > 1 and words[-1].is_lower and words[-2].whitespace_:
        words.pop()  # "Manaspas Xuto of | Thailand": a name's last word is capitalised ("Lho Shin-yong" one word)
    if not words:
        return None
    if label == "PERSON" and words[-1].i == ent.end - 1:
        words = without_date_words(words + _rest_of_name(words[-1]))
    start, end = words[0].idx, words[-1].idx + len(words[-1])
    surface = text[start:end].rstrip("-–—,.;:")  # "Turkey- Russia": the hyphen is not part of the name
    end = start + len(surface)
    if not wrapped_only(text, start, end) or surface[:1].isdigit() or not any(ch.isupper() for ch in surface) or len(surface) < 2:
        return None
    if all(w.lower_ in lexicon("name_title") or kb.country_code(w.text) for w in words) and not kb.lookup(surface):
        return None  # "the Foreign Ministers", "Turkish": titles and adjectives, not names
    if label == "PERSON" and is_work_title(text, start, end):
        return start, end, surface, "WORK_OF_ART", ""  # "the Newsnight programme": a programme, book or film
    if label == "PERSON" and not kb.lookup(surface) and not (" " not in surface and kb.people_with_surname(surface)):
        label = person_or_else(words, text, start, end)  # NOT_A_NAME spans are dropped by the caller
    return start, end, surface, label, ""


def _titled_person(words: list) -> bool:
    """An ORG span that is a person's title and name ("Gen Pervez Musharraf", "Sir Menzies Campbell"): one to three
    name words after a title that only people bear, the last no organisation word ("King Fahd University")."""
    if len(words) < 2 or words[0].lower_.rstrip(".") not in lexicon("person_title"):
        return False
    rest = [w for w in words[1:] if not w.is_space]
    return (len(rest) <= 3 and all(w.is_alpha and w.text[:1].isupper() or re.fullmatch(r"[A-Z]\.", w.text) for w in rest)
            and rest[-1].lower_ not in lexicon("org_noun") | lexicon("company_word"))


def _after_person_noun(words: list, kb: KnowledgeBase) -> bool:
    """An ORG span of two or three capitalised words right after a role noun ("leader Nicola Sturgeon", "adviser
    Anna Berg") is the person so described, unless its last word names an organisation or the base knows it."""
    if not 2 <= len(words) <= 3 or words[0].i == 0:
        return False
    before = words[0].doc[words[0].i - 1]
    organisation = lexicon("org_noun") | lexicon("company_word")
    return (before.is_lower and before.lower_ in lexicon("person_noun") and all(w.is_alpha and w.is_title for w in words)
            and words[-1].lower_ not in organisation and not kb.lookup(" ".join(w.text for w in words)))


_OPEN_QUOTE = "\"“‘'"
_CLOSE_QUOTE = "\"”’'"


def is_work_title(text: str, start: int, end: int) -> bool:
    """A name that titles a work: followed by a work noun ("the Newsnight programme", "his 'Blair Years' book"), or
    quoted right after one ("the film 'Hidden Agenda'"). "Blair's book" is his book: a possessive is no title."""
    nouns = lexicon("work_noun")
    after = re.match(rf"[{_CLOSE_QUOTE}]?[ \t]+([a-z]+)\b", text[end:end + 30])
    if after and after.group(1) in nouns and text[end:end + 1] not in "'’":
        return True
    quoted = start > 0 and text[start - 1] in _OPEN_QUOTE
    before = re.search(r"\b([a-z]+)[ \t]*[,:]?[ \t]*$", text[max(0, start - 30):start - 1 if quoted else start])
    return quoted and before is not None and before.group(1) in nouns


def _rest_of_name(last) -> list:
    """NER ends a name early ("President Leon Febres | Cordero said"): the proper noun that the span's last word
    is a compound of, written right after it, is the rest of the name."""
    doc = last.doc
    following = doc[last.i + 1] if last.i + 1 < len(doc) else None
    if (following is None or last.dep_ != "compound" or last.head.i != following.i or following.pos_ != "PROPN"
            or not following.is_alpha or not following.text[:1].isupper() or not _alone(following)
            or last.whitespace_ != " "):
        return []
    return [following]


def _alone(token) -> bool:
    """Untagged, or an entity of that one word (the small model calls the surname alone an ORG)."""
    doc = token.doc
    return not token.ent_type_ or (token.ent_iob_ == "B" and (token.i + 1 == len(doc) or doc[token.i + 1].ent_iob_ != "I"))


def wrapped_only(text: str, start: int, end: int) -> bool:
    """No line break in text[start:end] but a hard wrap of wire text ("Kiichi\nMiyazawa"): one break, after a line
    of _WRAP_WIDTH characters or more, with the next line going on at once (a paragraph or a heading is no wrap)."""
    at = text.find("\n", start, end)
    if at < 0:
        return True
    line_start = text.rfind("\n", 0, at) + 1
    return (text.find("\n", at + 1, end) < 0 and at - line_start >= _WRAP_WIDTH and at + 1 < end
            and not text[at + 1].isspace())


def written_name(surface: str) -> str:
    """A name as one line: the wrap's line break (and any run of spaces) is one space."""
    return " ".join(surface.split())


def without_titles(span: tuple, text: str) -> tuple:
    """A person span that another rule made ("Mr Brown" of a two-word ORG) without the titles before the name."""
    start, end, surface, label, kb_id = span
    if label != "PERSON" or kb_id:
        return span
    titles = lexicon("name_title") | lexicon("honorific")
    while True:
        first = re.match(r"(\S+)\s+(?=\S)", text[start:end])
        if first is None or first.group(1).lower() not in titles | {w.rstrip(".") for w in titles}:
            return start, end, text[start:end], label, kb_id
        start += first.end()


def not_name_word(word, kb: KnowledgeBase) -> bool:
    """Titles, honorifics ("Mr.", "Mrs"), country adjectives and lowercase words ("rang Lucy") before a person's
    name; particles stay."""
    lower = word.lower_
    return lower in lexicon("name_title") or lower in lexicon("honorific") or bool(kb.country_code(word.text)) or (word.text[:1].islower() and lower not in NAME_PARTICLES)


def resolve_name(span, kb: KnowledgeBase, ner_names: dict, published: date | None, years: list[int]) -> Cand | None:
    start, end, surface, label, kb_id = span
    surface = written_name(surface)
    kb_entity = kb.entities.get(kb_id) if kb_id else kb.lookup(surface)
    if kb_entity and kb_entity.type == "PERSON":  # one name, several people ("George Bush"): the one of that day
        ids = [e.entity_id for e in kb.lookup_all(surface) if e.type == "PERSON"] or [kb_entity.entity_id]
        chosen = dated_choice(kb, ids, published, years)
        if later_namesake(kb, chosen, surface, published):  # "George Bush" in 1990: the Bush in office then
            holder = surname_holder(kb, surface.split()[-1], published, years)
            chosen = holder if holder and fold(kb.entities[holder].name)[:1] == fold(surface)[:1] else None
        kb_entity = None if chosen is None or out_of_time(kb, chosen, published) else kb.entities[chosen]
    if kb_entity:
        words = len(surface.split()) if kb_entity.type == "PERSON" else 0
        return Cand(start, end, kb_entity.entity_id, "alias", kb_entity.type, words, name=surface)
    if label == "PERSON" and any(ch.isdigit() for ch in surface):
        label = "ORG"  # the small model calls "G8", "G20", "P5" people: names with digits are groups
    last_word = fold(surface).split(" ")[-1]
    if label == "PERSON" and " " in surface and last_word in lexicon("org_noun") | lexicon("company_word"):
        label = "ORG"  # "Robert Example Party", "Example Development Bank", "Example Fund Inc": not a person
    if label == "PERSON" and " " not in surface and is_world_city(surface) and not kb.people_with_surname(surface):
        label = "GPE"  # "Manchester" typed PERSON: a city of the gazetteer that no known person is named after
    if label == "PERSON" and " " in surface:
        fuzzy = fuzzy_person(surface, kb)
        if fuzzy and not later_namesake(kb, fuzzy, surface, published):
            return Cand(start, end, fuzzy, "fuzzy", "PERSON", len(surface.split()), name=surface)
    entity_id = ner_entity_id(surface, label)
    ner_names.setdefault(entity_id, (surface, label))
    return Cand(start, end, entity_id, "ner", label, len(surface.split()) if label == "PERSON" else 0, name=surface)


def fuzzy_person(surface: str, kb: KnowledgeBase) -> str | None:
    """A KB person with the same surname and a similar given name ("Serguei Lavrov")."""
    given = fold(surface).split(" ")[:-1]
    matches = set()
    for key in surname_keys(surface):
        for entity_id in kb.people_with_surname(key):
            entity = kb.entities[entity_id]
            kb_given = {fold(n).split(" ")[0] for n in [entity.name, *entity.aliases] if " " in n}
            if any(similar(a, b) for a in given for b in kb_given):
                matches.add(entity_id)
    return matches.pop() if len(matches) == 1 else None


def similar(a: str, b: str) -> bool:
    return a == b or (min(len(a), len(b)) >= 4 and SequenceMatcher(None, a, b).ratio() >= 0.8)


def with_given_name(c: Cand, kb: KnowledgeBase, token_at: TokensByOffset, text: str, ner_names: dict) -> Cand:
    """The ruler tags "Lavrov" inside "Serguey Lavrov": a similar given name before it joins the mention (fuzzy);
    a different given name ("Gerhard Stoltenberg" for the KB's Jens) makes it another person, known from NER."""
    token = token_at.get(c.start)
    entity = kb.entities.get(c.entity_id)
    if c.person_words != 1 or token is None or token.i == 0 or entity is None:
        return c
    before = token.doc[token.i - 1]
    if before.is_space and before.i > 0 and wrapped_only(text, token.doc[before.i - 1].idx, c.end):
        before = token.doc[before.i - 1]  # "Gerhard\nStoltenberg": the wrap is no gap between the two names
    if not before.text[:1].isupper() or not before.is_alpha or not_name_word(before, kb):
        return c
    kb_given = {fold(n).split(" ")[0] for n in [entity.name, *entity.aliases] if " " in n}
    if not any(similar(fold(before.text), g) for g in kb_given):
        if before.pos_ != "PROPN" or before.ent_type_ not in ("", "PERSON") or before.is_sent_start:
            return c
        entity_id = ner_entity_id(text[before.idx:c.end], "PERSON")
        ner_names.setdefault(entity_id, (written_name(text[before.idx:c.end]), "PERSON"))
        return Cand(before.idx, c.end, entity_id, "ner", "PERSON", 2, name=ner_names[entity_id][0])
    return Cand(before.idx, c.end, c.entity_id, "fuzzy", "PERSON", 2, name=written_name(text[before.idx:c.end]))


# --- 3. damaged names ----------------------------------------------------------------------------
def damaged_names(text: str, local: LocalNames, kb: KnowledgeBase) -> list[Cand]:
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
                found.append(Cand(start, end, entity_id, "fuzzy", "PERSON", len(words) - first))
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


# --- names written in two pieces -----------------------------------------------------------------
_AFTER_BRACKET = re.compile(r"\)[ \t]*\n?[ \t]*([A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*)\b")


def bracketed_names(spans: list[tuple], text: str) -> list[tuple[tuple, tuple]]:
    """An editor's insertion in a quote closes between a given name and the surname: "(Prime Minister Yasuhiro)
    Nakasone would take it". For each one-word person span that ends such a bracket: (the span as the full name,
    the surname's span)."""
    found = []
    for start, end, surface, label, kb_id in spans:
        if label != "PERSON" or kb_id or len(surface.split()) != 1:
            continue
        after = _AFTER_BRACKET.match(text, end)
        opened = text.rfind("(", max(0, start - 80), start)
        if after is None or opened < 0 or ")" in text[opened:start]:
            continue
        full = f"{surface} {after.group(1)}"
        found.append(((start, end, full, label, ""), (after.start(1), after.end(1), full, label, "")))
    return found


def relative_name(c: Cand, people: list[Cand], text: str, kb: KnowledgeBase, ner_names: dict) -> Cand:
    """"visit his wife Nancy": a lone given name after a family noun is the relative of the person named just
    before in the sentence, and carries that person's surname ("Nancy Reagan"), a KB person of that name or one
    known from the article."""
    if c.label != "PERSON" or c.method != "ner" or c.person_words != 1:
        return c
    before = re.search(r"\b(?:his|her)\s+([a-z]+)\s*,?\s*$", text[max(0, c.start - 40):c.start])
    if before is None or before.group(1) not in lexicon("family_noun"):
        return c
    sentence = max(text.rfind(". ", 0, c.start), text.rfind("\n\n", 0, c.start))
    anchor = next((p for p in reversed(people) if sentence < p.start and p.end <= c.start - len(before.group())), None)
    entity = kb.entities.get(anchor.entity_id) if anchor else None
    full = (entity.name if entity else ner_names.get(anchor.entity_id, ("",))[0]) if anchor else ""
    if len(full.split()) < 2:
        return c
    name = f"{text[c.start:c.end]} {full.split()[-1]}"
    known = kb.lookup(name)
    if known is not None and known.type == "PERSON":
        return Cand(c.start, c.end, known.entity_id, "surname", "PERSON", 1, name=name)
    entity_id = ner_entity_id(name, "PERSON")
    ner_names.setdefault(entity_id, (name, "PERSON"))
    return Cand(c.start, c.end, entity_id, "surname", "PERSON", 1, name=name)


@lru_cache(maxsize=4)
def _honorific_pattern(words: frozenset[str]) -> re.Pattern:
    alternatives = sorted({w.rstrip(".").capitalize() for w in words}, key=len, reverse=True)
    return re.compile(rf"(?<![\w.])(?:{'|'.join(map(re.escape, alternatives))})\.?[ \t]+$")


def honorific_start(start: int, text: str) -> int:
    """Where "Mr", "Mrs.", "Dr" written right before a name begins (else `start`): the surface of "Mr Nakasone" is
    written so, though the honorific is no part of the name the mention resolves."""
    before = _honorific_pattern(lexicon("honorific")).search(text[max(0, start - 8):start])
    return start - len(before.group()) if before else start
