"""The recall audit's logic on parsed text: which sentences hold a contact word, which produced a meeting report,
and the groups of the two kinds of disagreement by their governing lemma and construction.

(a) a sentence with a contact word (`seeds/knowledge/audit_words.csv`) that no meeting report overlaps, keyed by
its governing contact word: the one nearest the sentence root, as "lemma:dep", a verb's argument frame, then its
heads up to the first that is not a preposition ("talk:pobj<-for<-fly", "visit:dobj<-pay").
(b) a meeting report whose sentences hold no contact word, keyed the same way by the sentence root.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

WORDS_FILE = "audit_words.csv"
CONTACT_POS = {"VERB", "NOUN", "PROPN"}  # "Summit" and "Conference" are often tagged proper nouns
FRAME_DEPS = {"nsubj", "nsubjpass", "dobj", "dative", "agent"}
FRAME_PREPS = {"with", "to", "for", "by"}  # the prepositions that name a meeting's other side or purpose
MAX_HOPS = 4
EXAMPLES = 3


def contact_words(knowledge_dir: Path) -> frozenset[str]:
    with open(Path(knowledge_dir) / WORDS_FILE, encoding="utf-8", newline="") as f:
        return frozenset(row["lemma"].strip().lower() for row in csv.DictReader(f) if row["lemma"].strip())


def is_contact(token, words: frozenset[str]) -> bool:
    return token.pos_ in CONTACT_POS and token.lemma_.lower() in words


def depth(token) -> int:
    n = 0
    while token.head.i != token.i and n < 50:  # spaCy makes a new Token per access: compare indices
        token, n = token.head, n + 1
    return n


def governing_contact(sent, words: frozenset[str]):
    """The contact word nearest the sentence root (the first of equals), or None."""
    found = [t for t in sent if is_contact(t, words)]
    return min(found, key=lambda t: (depth(t), t.i)) if found else None


def frame(token) -> str:
    """A verb's arguments: "(dobj,nsubj,prep:with)"; empty for other words."""
    if token.pos_ != "VERB":
        return ""
    deps = {c.dep_ for c in token.children if c.dep_ in FRAME_DEPS}
    deps |= {f"prep:{c.lemma_.lower()}" for c in token.children if c.dep_ == "prep" and c.lemma_.lower() in FRAME_PREPS}
    return "(" + ",".join(sorted(deps)) + ")" if deps else ""


def construction(token) -> str:
    """"lemma:dep(frame)" then the heads up to the first that is not a preposition: "talk:pobj<-for<-fly"."""
    parts = [f"{token.lemma_.lower()}:{token.dep_}{frame(token)}"]
    head, hops = token, 0
    while head.head.i != head.i and hops < MAX_HOPS:
        head, hops = head.head, hops + 1
        parts.append(head.lemma_.lower())
        if head.pos_ != "ADP":
            break
    return "<-".join(parts)


@dataclass(frozen=True)
class Finding:
    kind: str  # unreported: a contact sentence with no report | no_contact: a report with no contact word
    key: str
    source: str
    text: str
    two_sides: bool = False  # the sentence names two possible sides (see names_two_sides)


def names_two_sides(sent) -> bool:
    """Two people, or a person and a country, or two countries named: the sentences among which a meeting an
    analyst wants could hide (a board meeting, "told a news conference" or "called for" seldom name two)."""
    people = {e.text for e in sent.ents if e.label_ == "PERSON"}
    places = {e.text for e in sent.ents if e.label_ in ("GPE", "NORP")}
    return len(people) + len(places) >= 2 and (bool(people) or len(places) >= 2)


@dataclass
class Tally:
    """Per contact lemma: sentences whose governing contact word it is, and how many produced a report."""
    sentences: Counter = field(default_factory=Counter)
    reported: Counter = field(default_factory=Counter)
    n_sentences: int = 0
    n_reports: int = 0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def audit_doc(doc, source: str, reports: list[tuple[int, int, str | None]], words: frozenset[str],
              tally: Tally | None = None) -> list[Finding]:
    """Findings of one parsed article; `reports` are its meeting reports' (start_char, end_char, evidence)."""
    findings = []
    sents = list(doc.sents)
    spans = [(r[0], r[1]) for r in reports]
    for sent in sents:
        contact = governing_contact(sent, words)
        if tally is not None:
            tally.n_sentences += 1
        if contact is None:
            continue
        reported = any(_overlaps((sent.start_char, sent.end_char), s) for s in spans)
        if tally is not None:
            tally.sentences[contact.lemma_.lower()] += 1
            tally.reported[contact.lemma_.lower()] += reported
        if not reported:
            findings.append(Finding("unreported", construction(contact), source, sent.text, names_two_sides(sent)))
    for start, end, evidence in reports:
        if tally is not None:
            tally.n_reports += 1
        hit = [s for s in sents if _overlaps((s.start_char, s.end_char), (start, end))]
        if hit and not any(governing_contact(s, words) for s in hit):
            findings.append(Finding("no_contact", construction(hit[0].root), source, evidence or hit[0].text))
    return findings


@dataclass
class Group:
    key: str
    count: int
    examples: list[tuple[str, str]]  # (source, sentence)
    two_sided: int = 0  # of `count`, the sentences naming two possible sides
    two_sided_examples: list[tuple[str, str]] = field(default_factory=list)


def group(findings: list[Finding], kind: str) -> list[Group]:
    """The findings of one kind by key, biggest first (then by key), with the first few examples of each."""
    by_key: dict[str, list[Finding]] = {}
    for f in findings:
        if f.kind == kind:
            by_key.setdefault(f.key, []).append(f)
    groups = [Group(key, len(fs), _examples(fs), sum(f.two_sides for f in fs), _examples([f for f in fs if f.two_sides]))
              for key, fs in by_key.items()]
    return sorted(groups, key=lambda g: (-g.count, g.key))


def _examples(findings: list[Finding]) -> list[tuple[str, str]]:
    """The first few, from different articles where there are enough (one story often repeats its phrase)."""
    picked, seen = [], set()
    for f in findings:
        if f.source not in seen and len(picked) < EXAMPLES:
            picked.append(f)
            seen.add(f.source)
    picked += [f for f in findings if f not in picked][:EXAMPLES - len(picked)]
    return [(f.source, f.text) for f in picked]
