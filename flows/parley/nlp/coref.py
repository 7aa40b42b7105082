"""In-article person coreference, shared by mentions, quotes and meetings.

Names: a person named in full once ("Paul de Keersmaeker", "Yao Yilin") is the person meant by a later part of
that name ("de Keersmaeker", "KEERSMAEKER", "Yao", "Nancy"), by a variant spelling of the surname ("Schultz" for
"Shultz"), and by title + surname ("Mr German"), whether or not the NER tagged the later word. Those references
become Mentions (method "surname"), so every consumer that reads mentions by position sees them.

References without a name ("he", "she", "the minister", "the Pakistani president") are resolved by
`PersonCoref.resolve(token)`, which quotes use for speakers and meetings can use for participants:

    coref = PersonCoref(doc, mentions, is_person)   # once per article
    coref.resolve(token) -> entity_id | None         # a pronoun or a person-noun head; None if unresolved
    coref.remember(char, entity_id)                  # a resolved speaker becomes the latest salient person

Title nouns that resolve ("the minister" → the minister named before) are also returned as Mentions by
`title_mentions` (method "title"); pronouns are never mentions, so mention counts stay counts of names.
"""

from __future__ import annotations

import bisect
import re
from difflib import SequenceMatcher

from ..knowledge.kb import KnowledgeBase, fold, lexicon, surname_keys
from ..types import Mention
from .pipeline import TokensByOffset

_PARTICLES = {"al", "el", "de", "di", "da", "van", "von", "le", "la", "du", "der", "del", "dos", "das", "ter", "ten"}
_INITIAL = re.compile(r"^\w\.?$")
PRONOUNS = frozenset({"he", "she", "him", "her"})
# A title after one of these names someone else than the current holder ("former finance minister X").
NOT_CURRENT = frozenset({"former", "ex", "deputy", "vice", "late", "future", "next", "previous", "then", "assistant"})


def _similar(a: str, b: str) -> bool:
    return min(len(a), len(b)) >= 5 and a[0] == b[0] and SequenceMatcher(None, a, b).ratio() >= 0.85


class LocalNames:
    """The people named in full in one article, looked up by a part of their name.

    Surname keys (last word, particle + last word, "al-" dropped) win over other name words (given names,
    the first word of a Chinese name, the first of two surnames); a key shared by two people resolves to none."""

    def __init__(self, people: list[tuple[str, list[str]]]):
        self.surnames: dict[str, set[str]] = {}
        self.parts: dict[str, set[str]] = {}
        for entity_id, names in people:
            for name in names:
                words = fold(name).split(" ")
                if len(words) < 2 or words[0] in _PARTICLES:
                    continue  # "De Keersmaeker" is a surname, not a full name
                for key in surname_keys(name):
                    self.surnames.setdefault(key, set()).add(entity_id)
                for k in range(2, len(words)):  # "Santos Alvite" of "Fernando Santos Alvite": a two-word surname
                    self.surnames.setdefault(" ".join(words[-k:]), set()).add(entity_id)
                    if k == 2:  # "Robert Kilroy Silk" is the "Kilroy-Silk" of the article, and the reverse
                        self.surnames.setdefault("-".join(words[-2:]), set()).add(entity_id)
                if "-" in words[-1]:
                    self.surnames.setdefault(words[-1].replace("-", " "), set()).add(entity_id)
                for w in words[:-1]:
                    if w not in _PARTICLES and not _INITIAL.match(w) and len(w) > 1:
                        self.parts.setdefault(w, set()).add(entity_id)
                first_of_two = words[-1].split("-")[0]  # "Kilroy" of "Kilroy-Silk"; not the "al" of "al-Assad"
                if "-" in words[-1] and len(first_of_two) > 2 and first_of_two not in _PARTICLES | {"abu", "abd"}:
                    self.parts.setdefault(first_of_two, set()).add(entity_id)

    def resolve(self, surface: str) -> str | None:
        key = fold(surface)
        ids = self.surnames.get(key)
        if ids is None:
            ids = self.parts.get(key)
        if ids is None and " " not in key:
            similar = {i for k, v in self.surnames.items() if " " not in k and _similar(k, key) for i in v}
            ids = similar or None
        return next(iter(ids)) if ids and len(ids) == 1 else None

    def is_surname(self, surface: str) -> bool:
        return fold(surface) in self.surnames


def partial_name_spans(doc, local: LocalNames, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of name parts the NER left untagged: capitalised or all-caps words equal to a part
    of a full name named in the article, with a lower-case particle before a surname ("de Keersmaeker")."""
    if not local.surnames:
        return []
    starts = sorted(a for a, _ in taken)
    ends = sorted(taken)
    found = []
    keys = {k.split(" ")[-1] for k in local.surnames} | set(local.parts)
    for token in doc:
        text = token.text
        if not text[:1].isupper() or (text.isascii() and text.lower() not in keys):
            continue
        if not token.is_alpha or token.pos_ not in ("PROPN", "NOUN", "ADJ", "X"):
            continue
        key = fold(text)
        if (token.pos_ == "ADJ" or token.ent_type_ in ("NORP", "GPE", "LOC")) and not (
                token.i > 0 and doc[token.i - 1].lower_ in lexicon("honorific")):
            continue  # "German" is a name only as "Mr German"
        surname = key in local.surnames
        if not surname and (key not in local.parts or token.pos_ != "PROPN"):
            continue
        start, end = token.idx, token.idx + len(text)
        if token.i > 0 and doc[token.i - 1].lower_ in _PARTICLES and local.is_surname(f"{doc[token.i - 1].text} {text}"):
            start = doc[token.i - 1].idx
            key = fold(doc.text[start:end])
        k = bisect.bisect_right(starts, start) - 1
        if k >= 0 and any(a <= start < b or a < end <= b for a, b in ends[max(0, k - 2): k + 2]):
            continue
        entity_id = local.resolve(key)
        if entity_id:
            found.append((start, end, entity_id))
    return found


_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.")


_MISTAGGED = {"", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"}  # labels the small model gives to unfamiliar names


def untagged_speaker_names(doc) -> list[tuple[int, int]]:
    """(start, end) of two- or three-word names that NER left untagged where they are the subject of a speech
    verb ("Masao Hori, chairman of the committee, told the group"): a person the article names."""
    from spacy.attrs import DEP, POS

    speech = lexicon("speech_verb")
    nsubj, propn = doc.vocab.strings["nsubj"], doc.vocab.strings["PROPN"]
    found = []
    for i, (dep, pos) in enumerate(doc.to_array([DEP, POS]).tolist()):
        if dep != nsubj or pos != propn:
            continue
        t = doc[i]
        if t.ent_type_ not in _MISTAGGED or t.head.lower_ not in speech:
            continue
        words = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN" and c.ent_type_ in _MISTAGGED] + [t]
        if not 2 <= len(words) <= 3 or words[-1].i - words[0].i != len(words) - 1:
            continue
        if all(_NAME_WORD.fullmatch(w.text) and w.lower_ not in lexicon("name_title") for w in words):
            found.append((words[0].idx, t.idx + len(t)))
    return found


def _stands_alone(word: str, text: str) -> bool:
    """`word` occurs with no capitalised word next to it ("Action Group" does not make "Group" a surname)."""
    for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
        before = re.search(r"(\S+)\s*$", text[max(0, m.start() - 30):m.start()])
        after = re.match(r"\s*(\S+)", text[m.end():m.end() + 30])
        if not (before and before.group(1)[:1].isupper()) and not (after and after.group(1)[:1].isupper()):
            return True
    return False


def person_at_end(span, kb: KnowledgeBase, text: str, people: set[str]) -> list[tuple[int, int, str, str, str]]:
    """NER often runs an office into the name after it ("Agriculture Richard Lyng", "... Development Jean-Claude
    Paye"): when the last word of a longer ORG span also stands alone elsewhere in the article, the name-like
    words before it are a person's name and the rest the organisation. A two-word ORG whose last word NER tags
    as a person elsewhere is that person."""
    start, end, surface, label, kb_id = span
    words = surface.split(" ")
    if label != "ORG" or kb_id or not _NAME_WORD.fullmatch(words[-1]):
        return [span]
    if len(words) == 2 and _NAME_WORD.fullmatch(words[0]) and not kb.lookup(surface) and (
            words[-1] in people or _person_apposition(text, end)):
        return [(start, end, surface, "PERSON", "")]
    if len(words) < 3:
        return [span]
    if not _stands_alone(words[-1], text[:start] + " " * len(surface) + text[end:]) or kb.lookup(surface):
        return [span]
    if (title := re.match(r"[ \t]+([A-Z][a-z]+)\b", text[end:end + 30])) and title.group(1).lower() in lexicon("officer_noun"):
        return [span]  # "EC External Trade Commissioner": a portfolio before its title, no name in it
    k = len(words) - 2  # a given name and the surname, with a middle initial ("George P. Shultz")
    if k > 1 and re.fullmatch(r"[A-Z]\.", words[k]):
        k -= 1
    known = kb.lookup(" ".join(words[k:]))
    if not _NAME_WORD.fullmatch(words[k]) or fold(words[k]) in lexicon("name_title") or (known and known.type != "PERSON"):
        return [span]
    person_start = end - len(" ".join(words[k:]))
    head = " ".join(w for w in words[:k])
    while head and fold(head.split(" ")[-1]) in lexicon("name_title") | {"and", "for", "of"}:
        head = head.rsplit(" ", 1)[0] if " " in head else ""
    parts = [(start, start + len(head), head, "ORG", "")] if " " in head or kb.lookup(head) else []
    return parts + [(person_start, end, text[person_start:end], "PERSON", "")]


_APPOSITION = re.compile(r",[ \t]+(?:(?:a|an|the|his|her|its)[ \t]+)?(?:[\w-]+[ \t]+){0,3}?([\w-]+)\b")


def _person_apposition(text: str, end: int) -> bool:
    """", an agricultural adviser to ...": a person noun in apposition after a name."""
    m = _APPOSITION.match(text, end)
    return bool(m) and m.group(1).lower() in lexicon("person_noun")


class PersonCoref:
    """Pronouns and person nouns → the person they refer to, reading the article left to right.

    A pronoun takes the latest salient person: a person named as a subject (or in apposition to one), a resolved
    speaker, or an unnamed person noun subject ("a spokeswoman", which then leaves the pronoun unresolved);
    failing that, the latest person named. A person noun ("the minister") takes the latest person whose own
    title words, written before or after the name, contain that noun."""

    def __init__(self, doc, mentions: list[Mention], is_person, in_quote: list[bool] | None = None):
        self.doc = doc
        self.mentions = [m for m in sorted(mentions, key=lambda m: m.start_char) if is_person(m.entity_id)]
        self.mention_starts = [m.start_char for m in self.mentions]
        in_quote = in_quote or [False] * len(doc)
        self.salient: list[tuple[int, str | None]] = []
        self.titled: list[tuple[int, str, frozenset[str]]] = []  # (char, id, lower-cased title words)
        token_at = TokensByOffset(doc)
        for m in self.mentions:
            span = token_at.between(m.start_char, m.end_char)
            if not len(span) or span[0].idx != m.start_char:
                continue
            token, last = span[0], span[-1]
            if any(t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "appos" and t.head.dep_ in ("nsubj", "nsubjpass"))
                   for t in doc[token.i: last.i + 1]):
                self.salient.append((m.start_char, m.entity_id))
            words = _title_words(doc, token.i, last.i)
            if words and not words & NOT_CURRENT:  # "the finance minister" is not the former one
                self.titled.append((m.start_char, m.entity_id, words))
        for i in _subject_person_nouns(doc):
            if not in_quote[i] and self.mention_at(doc[i].idx) is None:
                self.salient.append((doc[i].idx, None))
        self.salient.sort(key=lambda item: item[0])

    def mention_at(self, char: int) -> Mention | None:
        k = bisect.bisect_right(self.mention_starts, char) - 1
        if k >= 0 and self.mentions[k].start_char <= char < self.mentions[k].end_char:
            return self.mentions[k]
        return None

    def remember(self, at: int, entity_id: str | None) -> None:
        k = bisect.bisect_left([pos for pos, _ in self.salient], at)
        self.salient.insert(k, (at, entity_id))

    def resolve(self, token, lookback: int = 1500) -> str | None:
        if token.lower_ in PRONOUNS:
            return self.antecedent(token.idx, lookback)
        return self.by_title(token)

    def antecedent(self, at: int, lookback: int = 1500) -> str | None:
        k = bisect.bisect_left([pos for pos, _ in self.salient], at)
        if k and self.salient[k - 1][0] >= at - lookback:
            return self.salient[k - 1][1]
        k = bisect.bisect_left(self.mention_starts, at)
        if k and self.mentions[k - 1].start_char >= at - lookback:
            return self.mentions[k - 1].entity_id
        return None

    def by_title(self, token) -> str | None:
        """"the minister", "the Belgian minister": the latest person titled so before the noun."""
        noun = token.lower_
        if noun not in lexicon("person_noun") or token.tag_ in ("NNS", "NNPS"):
            return None
        modifiers = {c.lower_ for c in token.lefts if c.dep_ in ("amod", "compound") and c.is_alpha}
        ids = [eid for at, eid, words in reversed(self.titled) if at < token.idx and noun in words and modifiers <= words]
        return ids[0] if ids else None


def _subject_person_nouns(doc) -> list[int]:
    """Indices of subjects that are person nouns ("the minister said"), read from arrays, not token objects."""
    from spacy.attrs import DEP, LOWER

    strings = doc.vocab.strings
    subjects = {strings[label] for label in ("nsubj", "nsubjpass")}
    nouns = {strings[noun] for noun in lexicon("person_noun")}
    return [i for i, (dep, lower) in enumerate(doc.to_array([DEP, LOWER]).tolist()) if dep in subjects and lower in nouns]


def _title_words(doc, first: int, last: int) -> frozenset[str]:
    """Lower-cased words of the title written with a name: before it ("Belgian agriculture minister Paul X") or
    in apposition after it ("X, the foreign minister")."""
    words = set()
    k = first - 1
    while k >= 0 and doc[k].is_alpha and doc[k].dep_ in ("compound", "amod", "nmod", "appos", "nsubj", "npadvmod") and first - k <= 5:
        words.add(doc[k].lower_)
        k -= 1
    head = doc[last]
    for child in head.rights:
        if child.dep_ == "appos":
            words |= {t.lower_ for t in child.subtree if t.is_alpha and t.i - child.i < 6}
    return frozenset(words)


def title_mentions(doc, coref: PersonCoref, taken: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of "the minister"-style references that resolve, outside existing mentions."""
    nouns = lexicon("person_noun")
    covered = set()
    for a, b in taken:
        covered.update(range(a, b))
    found = []
    from spacy.attrs import LOWER

    wanted = {doc.vocab.strings[noun] for noun in nouns}
    for i, lower in enumerate(doc.to_array([LOWER]).tolist()):
        t = doc[i]
        if lower not in wanted or t.idx in covered:
            continue
        det = [c for c in t.lefts if c.dep_ == "det"]
        if not det or det[0].lower_ != "the":
            continue
        entity_id = coref.by_title(t)
        if entity_id and not covered.intersection(range(det[0].idx, t.idx + len(t))):
            found.append((det[0].idx, t.idx + len(t), entity_id))
    return found
