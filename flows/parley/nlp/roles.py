"""Role phrases with no name after them ("the Turkish FM", "his Russian counterpart", "the British Prime
Minister"): the holder of that office on the article's date, from the base, Archigos or the article itself."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from ..knowledge.kb import KnowledgeBase, fold, lexicon
from .coref import NOT_CURRENT
from .dating import holds_office, leader_holder
from .names import YEAR, Cand
from .pipeline import TokensByOffset



# --- role phrases -----------------------------------------------------------------------------
@lru_cache(maxsize=4)
def _role_pattern(kb: KnowledgeBase) -> re.Pattern:
    scopes = "|".join(re.escape(s) for s in sorted(kb.scope_names(), key=len, reverse=True))
    titles = sorted({t.title for t in kb.titles}, key=len, reverse=True)
    title_alt = "|".join(re.escape(t) if t.isupper() else "(?i:" + re.escape(t).replace(r"\ ", r"\s+") + ")" for t in titles)
    return re.compile(
        rf"(?:\b(?P<det>[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir)\s+)?(?:(?P<top>[Tt]op)\s+)?"
        rf"(?<![\w-])(?P<scope>{scopes})(?:['’]s)?\s+(?P<title>{title_alt}|counterpart)(?![\w-])"
    )


def role_mentions(doc, text: str, kb: KnowledgeBase, published: date | None, names: list[Cand], token_at: TokensByOffset) -> list[Cand]:
    if not kb.titles:
        return []
    people = [c for c in names if c.label == "PERSON"]
    people_ids = {c.entity_id for c in people}
    years = [int(y) for y in YEAR.findall(text)]
    titles = {fold(t.title): t for t in kb.titles}
    named = article_roles(text, kb, people, titles)
    found: list[Cand] = []
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
        entity_id = named.get((role, scope)) or _office_holder(kb, role, scope, published, people_ids, years)
        if entity_id:
            found.append(Cand(start, m.end(), entity_id, "role", "PERSON", 0, role))
    found += _named_office_mentions(text, kb, named, people, token_at)
    return found + _office_of_someone_named(text, kb, published, people, token_at)


def _office_of_someone_named(text: str, kb: KnowledgeBase, published: date | None, people: list[Cand],
                             token_at: TokensByOffset) -> list[Cand]:
    """"the president" with no country: the one person named before it in the article who held that office on
    the article's date ("Reagan ... the president's top aide"); "the president of the bank" is someone else."""
    if published is None:
        return []
    titles = {fold(t.title): t.role for t in kb.titles if not t.scope and not t.needs_top and not t.title.isupper()}
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(titles, key=len, reverse=True))
    found = []
    for m in re.finditer(rf"\b[Tt]he\s+(?P<title>{alternatives})(?![\w-])(?!\s+of\b)", text):
        if _names_follow(m.end(), text, people, token_at) or _after_name(m.start(), text, people):
            continue
        role = titles[fold(m.group("title"))]
        ids = {c.entity_id for c in people if c.end <= m.start() and holds_office(kb, c.entity_id, role, published)}
        if len(ids) == 1:
            found.append(Cand(m.start(), m.end(), ids.pop(), "role", "PERSON", 0, role))
    return found


@lru_cache(maxsize=4)
def _office_pattern(kb: KnowledgeBase) -> re.Pattern:
    """A scope and an office of one to three words ending in an office noun: "Japanese Finance Minister", "U.S.
    Agriculture Secretary", "West German Economics Minister"."""
    scopes = "|".join(re.escape(s) for s in sorted(kb.scope_names(), key=len, reverse=True))
    heads = "|".join(re.escape(w) for w in sorted(lexicon("office_noun"), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?P<scope>{scopes})(?:['’]s)?[ \t]+(?P<title>(?:[A-Za-z]+[ \t]+){{0,3}}?(?i:{heads}))"
                      rf"[ \t]*,?[ \t\n]*(?=[A-Z])")


def article_roles(text: str, kb: KnowledgeBase, people: list[Cand], titles: dict) -> dict[tuple[str, str], str]:
    """Offices the article itself gives a person, held on its date: "Japanese Finance Minister Kiichi Miyazawa" →
    {("finance minister", "JP"): his id}; a title of role_titles.csv is keyed by its role ("foreign_minister").
    Ministers are not in the base: a later "the Japanese finance minister" is the person the article named so."""
    if not lexicon("office_noun"):
        return {}
    starts = {c.start: c.entity_id for c in people if c.person_words >= 1}
    found: dict[tuple[str, str], set[str]] = {}
    for m in _office_pattern(kb).finditer(text):
        entity_id = starts.get(m.end())
        scope = kb.scope_code(m.group("scope"))
        if entity_id is None or scope is None or _not_current(m.start(), text):
            continue
        office = fold(m.group("title"))
        known = titles.get(office)
        found.setdefault((known.role if known else office, scope), set()).add(entity_id)
    return {key: ids.pop() for key, ids in found.items() if len(ids) == 1}


def _named_office_mentions(text: str, kb: KnowledgeBase, named: dict, people: list[Cand], token_at) -> list[Cand]:
    """"the Japanese finance minister", "the finance minister" (no name after it) → the person the article gave
    that office; without a scope, only where one person holds it in the article."""
    offices = {office for office, _ in named if " " in office or office in lexicon("office_noun")}
    if not offices:
        return []
    scopes = "|".join(re.escape(s) for s in sorted(kb.scope_names(), key=len, reverse=True))
    alternatives = "|".join(re.escape(o).replace(r"\ ", r"\s+") for o in sorted(offices, key=len, reverse=True))
    pattern = re.compile(rf"(?:\b(?:[Tt]he|[Hh]is|[Hh]er)\s+(?:(?P<scope>{scopes})(?:['’]s)?\s+)?|(?<![\w-])(?P<own>{scopes})"
                         rf"['’]s\s+)(?i:(?P<title>{alternatives}))(?![\w-])")
    found = []
    for m in pattern.finditer(text):
        if _names_follow(m.end(), text, people, token_at) or _after_name(m.start(), text, people):
            continue
        office = fold(m.group("title"))
        written = m.group("scope") or m.group("own")
        scope = kb.scope_code(written) if written else None
        ids = {i for (o, s), i in named.items() if o == office and (scope is None or s == scope)}
        if len(ids) == 1:
            found.append(Cand(m.start(), m.end(), ids.pop(), "role", "PERSON", 0, office))
    return found


def _names_follow(end: int, text: str, people: list[Cand], token_at: TokensByOffset) -> bool:
    """"Turkish Foreign Minister Mevlut Cavusoglu": the title belongs to the name after it."""
    rest = re.match(r"[ \t]*,?[ \t]*", text[end:])
    at = end + rest.end()
    if any(c.start == at for c in people):
        return True
    token = token_at.get(at)
    return token is not None and token.text[:1].isupper() and token.pos_ == "PROPN"


def _after_name(start: int, text: str, people: list[Cand]) -> bool:
    """"Lavrov, the Russian foreign minister": an apposition repeats the name just before it."""
    before = re.search(r",[ \t]*$", text[max(0, start - 4):start])
    return bool(before) and any(c.end == start - len(before.group()) for c in people)


def _not_current(start: int, text: str) -> bool:
    previous = re.search(r"(\w+)[\s-]*$", text[max(0, start - 20):start])
    return bool(previous) and previous.group(1).lower() in NOT_CURRENT


def _anchor_role(start: int, text: str, kb: KnowledgeBase, published: date | None, anchors: list[Cand], scope: str | None) -> str | None:
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
