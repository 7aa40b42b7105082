"""Direct quotes and who said them.

`marks.quote_spans` pairs the quotation marks; `find_quotes` attributes each span using, in order of
evidence: the speech verb governing the quote in its own sentence (before it, after it, or further on in the
sentence), a name before a colon, "according to X", a signature after a dash; then a speech verb earlier in the
paragraph, a "X continued:" paragraph before, an attributed quote earlier in the paragraph or in the paragraph
before (continuation, blank lines skipped), and last the named subject of the quote's sentence. Pronoun and title
speakers are resolved by `coref.PersonCoref`. One- and two-word labels (but not a commitment quoted after "agreed
to") and Title Case names of works are not quotes. Everything is one left-to-right walk per document.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from ..knowledge.kb import KnowledgeBase, lexicon
from ..nlp.coref import PersonCoref
from ..nlp.pipeline import TokensByOffset
from ..types import Entity, Mention, Quote
from .marks import Span, is_headline, is_title, paragraphs, quote_spans, word_count

# Word lists live in seeds/knowledge/lexicon.csv (lower-cased forms: the lemmatizer is disabled).
# speech_verb: verbs that report speech; quoting_verb: "quoted X as saying", the speaker is the object;
# person_noun: unnamed people a later "he"/"she" may refer to ("A spokeswoman said ... She added").
PERSONAL_PRONOUNS = frozenset({"he", "she"})
NOT_A_SPEAKER = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
NOT_A_SUBJECT = frozenset({"it", "this", "there"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
SENTENCE_END = frozenset({".", "!", "?"})
LABEL_WORDS = 2  # one- and two-word quoted phrases are labels, never quotes
SHORT_QUOTE_WORDS = 3  # quotes this short are scare quotes unless a speech verb governs them
AFTER_ZONE_TOKENS = 10  # `," a spokesperson for the foreign minister said` fits
# A quote ending in a comma is followed by its attribution, which may name the speaker with a long apposition
# (`," Jane Doe, senior vice-president of the Example Bank of Utah, said`).
AFTER_COMMA_TOKENS = 20
SENTENCE_TOKENS = 40  # how far a verb that governs the quote may follow it in its sentence
# After a quote that ends its own sentence (`...end." In its plan, the government said`), the attribution must
# follow at once (`." Lavrov wondered`, `." said the Russian statement`).
AFTER_SENTENCE_TOKENS = 5


@dataclass
class Speaker:
    entity_id: str | None
    text: str
    start: int
    end: int
    method: str


class _Context:
    """What attribution looks up for one document: tokens by offset, mentions by offset, quote coverage."""

    def __init__(self, doc, text: str, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase,
                 spans: list[Span]):
        self.doc = doc
        self.text = text  # doc.text, read once: Doc.text joins every token on each access
        self.tokens_by_offset = TokensByOffset(doc)
        self.mentions = sorted(mentions, key=lambda m: m.start_char)
        self.mention_starts = [m.start_char for m in self.mentions]
        self.entities = entities
        self.kb = kb
        self.in_quote = [False] * len(doc)
        for span in spans:
            for t in self.tokens(span.open_mark if span.open_mark is not None else span.start,
                                 (span.close_mark + 1) if span.close_mark is not None else span.end):
                self.in_quote[t.i] = True
        self.coref = PersonCoref(doc, self.mentions, self.is_person, self.in_quote)

    def tokens(self, start: int, end: int):
        return self.tokens_by_offset.between(start, end)

    def is_person(self, entity_id: str) -> bool:
        entity = self.entities.get(entity_id)
        if entity is None:
            kb_entity = self.kb.entities.get(entity_id)
            return kb_entity is not None and kb_entity.type == "PERSON"
        return entity.type == "PERSON"

    def mention_at(self, char: int) -> Mention | None:
        k = bisect.bisect_right(self.mention_starts, char) - 1
        while k >= 0 and k >= bisect.bisect_right(self.mention_starts, char) - 3:
            m = self.mentions[k]
            if m.start_char <= char < m.end_char:
                return m
            k -= 1
        return None

    def remember(self, at: int, entity_id: str | None) -> None:
        self.coref.remember(at, entity_id)

    def antecedent(self, pronoun_at: int) -> str | None:
        return self.coref.antecedent(pronoun_at)


def _is_speech_verb(token) -> bool:
    return token.lower_ in lexicon("speech_verb") and token.pos_ in ("VERB", "AUX")


def _subject_token(verb, ctx: _Context):
    """The grammatical speaker of a speech verb, climbing from `adding`/`saying` to the verb they hang on."""
    for _ in range(5):
        if verb.lower_ in lexicon("quoting_verb"):
            obj = [c for c in verb.children if c.dep_ in ("dobj", "obj") and not ctx.in_quote[c.i]]
            if obj:
                return obj[0]
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not ctx.in_quote[c.i]]
        if subjects and subjects[0].lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            before = subjects[0].doc[subjects[0].i - 1] if subjects[0].i else verb.head
            return before if before.pos_ in ("PROPN", "NOUN") else verb.head  # "the senators, including X who"
        if subjects and subjects[0].lower_ not in NOT_A_SUBJECT | RELATIVE_PRONOUNS:
            return subjects[0]
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN"):  # "a statement saying"
            return verb.head
        if verb.dep_ in ("advcl", "xcomp", "conj", "ccomp", "pcomp", "prep", "pobj", "acl") and verb.head.i != verb.i:
            verb = verb.head
            continue
        return None
    return None


def _phrase(token, ctx: _Context) -> tuple[int, int]:
    """Offsets of a speaker noun phrase: its left modifiers and trailing `of/for ...` phrase, no clauses."""
    start = token.left_edge
    while start.i < token.i and (ctx.in_quote[start.i] or start.is_punct):
        start = start.doc[start.i + 1]
    end = token
    for child in token.rights:
        if child.dep_ in ("prep", "compound", "pobj") and not ctx.in_quote[child.i]:
            end = child.right_edge
        else:
            break
    return start.idx, end.idx + len(end)


def _speaker_from_token(token, ctx: _Context) -> Speaker | None:
    if token.is_punct or ctx.in_quote[token.i] or token.ent_type_ in NOT_A_SPEAKER:
        return None  # "said Thursday", "at 5:45 p.m., he said"
    candidates = [token, *[c for c in token.children if c.dep_ == "appos"]]
    for t in candidates:
        m = ctx.mention_at(t.idx)
        if m and ctx.is_person(m.entity_id):
            method = "role" if m.method == "role" else "explicit"
            return Speaker(m.entity_id, m.surface, m.start_char, m.end_char, method)
    if token.lower_ in PERSONAL_PRONOUNS:
        return Speaker(ctx.antecedent(token.idx), token.text, token.idx, token.idx + len(token), "pronoun")
    if token.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    start, end = _phrase(token, ctx)
    named = _named_at_end(token, start, end, ctx)
    if named is not None:
        return named
    m = ctx.mention_at(token.idx)
    if m and not ctx.is_person(m.entity_id):
        method = "organisation"
    else:  # a proper name that no person mention covers is a name we could not resolve, not an unnamed speaker
        method = "unresolved" if token.pos_ == "PROPN" else "unnamed"
    return Speaker(None, ctx.text[start:end], start, end, method)


def _named_at_end(token, start: int, end: int, ctx: _Context) -> Speaker | None:
    """"the secretary general of the Example Union Jane Doe said": a title phrase that ends in a person's name
    names that person; "a spokesman for Jane Doe" does not (the path from the name passes "for")."""
    m = ctx.mention_at(end - 1)
    if m is None or m.end_char != end or m.start_char <= start or not ctx.is_person(m.entity_id):
        return None
    t = ctx.tokens(m.start_char, m.end_char)[-1]
    for _ in range(8):
        if t.i == token.i:
            return Speaker(m.entity_id, m.surface, m.start_char, m.end_char, "explicit")
        if (t.lower_ in ("for", "to", "with", "by", "from") and ctx.mention_at(t.idx) is None) or t.head.i == t.i:
            return None  # a preposition inside an organisation's name ("Organisation for ...") does not count
        t = t.head
    return None


def _adjacent_speaker(verb, ctx: _Context, lo: int, hi: int) -> Speaker | None:
    """Token-window fallback when the parse gives the verb no subject: the word before it, else after it."""
    doc = ctx.doc
    k = verb.i - 1
    while k >= 0 and doc[k].pos_ in ("ADV", "AUX", "PART") and doc[k].idx >= lo:
        k -= 1
    if k >= 0 and doc[k].idx >= lo and doc[k].pos_ in ("PROPN", "NOUN", "PRON"):
        return _speaker_from_token(doc[k], ctx)
    for t in doc[verb.i + 1 : min(len(doc), verb.i + 4)]:
        if t.idx >= hi:
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            m = ctx.mention_at(t.idx)
            head = doc[t.i]
            if m:  # take the last token of a multi-word name as its head
                head = ctx.tokens(m.start_char, m.end_char)[-1]
            return _speaker_from_token(head, ctx)
    return None


def _zones(span: Span, prev_end: int, next_start: int, ctx: _Context) -> tuple[list, list]:
    """Tokens outside quotes in the quote's own sentence: before the opening mark and after the closing mark."""
    before = []
    if span.open_mark is not None:
        for t in reversed(ctx.tokens(max(prev_end, span.para_start), span.open_mark)):
            if t.text in SENTENCE_END and not ctx.in_quote[t.i]:
                break
            before.insert(0, t)
    after = []
    if span.close_mark is not None:
        ended = ctx.text[span.end - 1] in SENTENCE_END
        limit = AFTER_SENTENCE_TOKENS if ended else AFTER_COMMA_TOKENS if ctx.text[span.end - 1] == "," else AFTER_ZONE_TOKENS
        for t in ctx.tokens(span.close_mark + 1, min(next_start, span.para_end)):
            if (t.text in SENTENCE_END and not ctx.in_quote[t.i]) or len(after) >= limit:
                break
            after.append(t)
    return [t for t in before if not ctx.in_quote[t.i]], [t for t in after if not ctx.in_quote[t.i]]


def _governing_verb(span: Span, zone_ids: set[int], ctx: _Context, max_steps: int):
    """A speech verb in the zones that the quote's words hang on in the dependency parse."""
    for t in ctx.tokens(span.start, span.end):
        head = t.head
        if ctx.in_quote[head.i] and head.idx >= span.start and head.idx < span.end:
            continue
        for _ in range(max_steps):
            if head.i in zone_ids and _is_speech_verb(head):
                return head
            if head.head.i == head.i:
                break
            head = head.head
    return None


def _agreed_to(span: Span, ctx: _Context) -> bool:
    """A quoted commitment, not a label: the words are the complement of an agreement verb (`agreed to "promptly
    resume"`, `pledged to "stand firm"`)."""
    return any(not ctx.in_quote[t.head.i] and t.head.lower_ in lexicon("agreement_verb")
               for t in ctx.tokens(span.start, span.end))


def _attribute_in_sentence(span: Span, prev_end: int, next_start: int, ctx: _Context):
    """Speaker named in the quote's own sentence, and the verb that names it (None, None if none)."""
    before, after = _zones(span, prev_end, next_start, ctx)
    zone_ids = {t.i for t in before + after}
    if span.close_mark is not None and ctx.text[span.end - 1] not in SENTENCE_END:
        # the rest of the sentence, for a verb the quote hangs on (`"...", to take account of it, he said`)
        for t in ctx.tokens(span.close_mark + 1, min(next_start, span.para_end))[:SENTENCE_TOKENS]:
            if t.text in SENTENCE_END and not ctx.in_quote[t.i]:
                break
            zone_ids.add(t.i)
    verbs = []
    governing = _governing_verb(span, zone_ids, ctx, max_steps=4)
    if governing is not None:
        verbs.append((governing, before, after))
    verbs += [(t, before, after) for t in after if _is_speech_verb(t)][:1]
    verbs += [(t, before, after) for t in reversed(before) if _is_speech_verb(t)][:1]
    for verb, before, after in verbs:
        subject = _subject_token(verb, ctx)
        speaker = _speaker_from_token(subject, ctx) if subject is not None else None
        if speaker is None:
            zone = before if verb in before else after
            speaker = _adjacent_speaker(verb, ctx, zone[0].idx, zone[-1].idx + 1) if zone else None
        if speaker is not None:
            return speaker, verb
    if before and before[-1].text == ":":  # `Solheim: "..."` (headlines, transcripts): the name before the colon
        words = [t for t in before if not t.is_punct]
        m = ctx.mention_at(words[0].idx) if words else None
        if m and ctx.is_person(m.entity_id) and words[-1].idx + len(words[-1]) <= m.end_char:
            return Speaker(m.entity_id, m.surface, m.start_char, m.end_char, "explicit"), None
    for t in before:  # "According to X, "..."": the source is the object of the preposition
        if t.lower_ == "according":
            objects = [g for c in t.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
            speaker = _speaker_from_token(objects[0], ctx) if objects else None
            if speaker is not None:
                return speaker, None
    return _signed(span, ctx), None


_SIGNATURE = re.compile(r"[ \t]*[―—–-]+[ \t]*(\S.{0,60}?)[ \t.]*$")


def _signed(span: Span, ctx: _Context) -> Speaker | None:
    """A quote signed after a dash at the end of its paragraph ("..." ― Jane Doe)."""
    if span.close_mark is None:
        return None
    m = _SIGNATURE.match(ctx.text, span.close_mark + 1, span.para_end)
    if not m or len(m.group(1).split()) > 6 or not m.group(1)[:1].isupper():
        return None
    start, end = m.span(1)
    mention = ctx.mention_at(start)
    if mention is not None and ctx.is_person(mention.entity_id):
        return Speaker(mention.entity_id, mention.surface, mention.start_char, mention.end_char, "signed")
    return Speaker(None, ctx.text[start:end], start, end, "signed")


def _attribute_by_context(lo: int, hi: int, ctx: _Context, used_verbs: set[int]) -> Speaker | None:
    """The last reported-speech subject between `lo` and `hi` ("X said he had talks with Y. "...").

    A verb that already attributed the previous quote is skipped: that case is a continuation."""
    for t in reversed(ctx.tokens(lo, hi)):
        if ctx.in_quote[t.i] or t.i in used_verbs or not _is_speech_verb(t):
            continue
        subject = _subject_token(t, ctx)
        speaker = _speaker_from_token(subject, ctx) if subject is not None else None
        if speaker is not None and speaker.method != "unnamed":
            return speaker
    return None


def _sentence_subject(span: Span, ctx: _Context) -> Speaker | None:
    """A quote inside a sentence whose main verb is not a speech verb (`X lauded Y for "..."`) is the words of
    that sentence's subject when the subject is a named person written before the quote."""
    tokens = ctx.tokens(span.open_mark, span.open_mark + 1)
    if not tokens or tokens[0].sent.start == tokens[0].i:
        return None
    root = tokens[0].sent.root
    subjects = [c for c in root.children if c.dep_ == "nsubj" and c.idx < span.open_mark and not ctx.in_quote[c.i]]
    if not subjects:
        return None
    speaker = _speaker_from_token(subjects[0], ctx)
    if speaker is None or speaker.entity_id is None:
        return None
    return Speaker(speaker.entity_id, speaker.text, speaker.start, speaker.end, "subject")


def _continued(speaker: Speaker) -> Speaker:
    return Speaker(speaker.entity_id, speaker.text, speaker.start, speaker.end, "continuation")


def find_quotes(doc, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase,
                published: date | None) -> list[Quote]:
    body = doc.text
    spans = quote_spans(body)
    ctx = _Context(doc, body, mentions, entities, kb, spans)
    quotes: list[Quote] = []
    last_in_para: dict[int, Speaker] = {}  # paragraph start -> speaker of its latest attributed quote
    # the paragraph before each one, blank lines skipped: (start, end)
    prev_para: dict[int, tuple[int, int]] = {}
    last = None
    for start, end in paragraphs(body):
        prev_para[start] = last
        if body[start:end].strip():
            last = (start, end)
    used_verbs: set[int] = set()
    kept_end = {}  # paragraph start -> end of its latest kept quote, where the next quote's own sentence may begin
    for k, span in enumerate(spans):
        prev_end = kept_end.get(span.para_start, span.para_start)
        next_span = spans[k + 1] if k + 1 < len(spans) and spans[k + 1].para_start == span.para_start else None
        next_start = next_span.open_mark if next_span and next_span.open_mark is not None else span.para_end
        speaker, verb = _attribute_in_sentence(span, prev_end, next_start, ctx)
        if verb is not None:
            used_verbs.add(verb.i)
        words = word_count(body[span.start:span.end])
        if is_title(body[span.start:span.end]):
            continue
        if words <= SHORT_QUOTE_WORDS:
            # A label or scare quote unless it is a whole utterance (`"Never," he said`) or, from three words, reported
            # by a speech verb of its own sentence (`said it felt "indignation and regret"`).
            opens = span.open_mark is None or body[prev_end:span.open_mark].strip()[-1:] in ("", ".", "!", "?", ":")
            whole = opens and body[span.end - 1] in ",.!?"
            reported = verb is not None and (words > LABEL_WORDS or _agreed_to(span, ctx))
            if speaker is None or not (whole or reported):
                continue
        if span.open_mark is None and speaker is None:
            continue  # a stray closing mark is only a quote when an attribution follows it
        if speaker is None and not body[prev_end:span.open_mark].rstrip().endswith("?"):  # a question isn't an intro
            speaker = _attribute_by_context(prev_end, span.open_mark, ctx, used_verbs)
        if speaker is None and span.para_start in last_in_para:
            speaker = _continued(last_in_para[span.para_start])
        previous = prev_para.get(span.para_start)
        opens_paragraph = span.open_mark == span.para_start and prev_end == span.para_start
        if speaker is None and opens_paragraph and previous and previous[0] in last_in_para:
            speaker = _continued(last_in_para[previous[0]])
        if speaker is None and opens_paragraph and previous and body[previous[0]:previous[1]].rstrip().endswith(":"):
            speaker = _attribute_by_context(previous[0], previous[1], ctx, used_verbs)  # "Jane Doe continued:"
        if speaker is None and span.open_mark is not None:
            speaker = _sentence_subject(span, ctx)
        if speaker is None and is_headline(body[span.para_start:span.para_end]):
            continue
        kept_end[span.para_start] = span.close_mark + 1 if span.close_mark is not None else span.end
        if speaker is not None:
            last_in_para[span.para_start] = speaker
            if speaker.entity_id and speaker.method != "continuation":
                ctx.remember(speaker.start, speaker.entity_id)
            elif speaker.method == "unnamed" and lexicon("person_noun").intersection(speaker.text.lower().split()):
                ctx.remember(speaker.start, None)
        quotes.append(
            Quote(
                start_char=span.start,
                end_char=span.end,
                text=body[span.start:span.end],
                speaker_entity_id=speaker.entity_id if speaker else None,
                speaker_text=speaker.text if speaker else None,
                speaker_start=speaker.start if speaker else None,
                speaker_end=speaker.end if speaker else None,
                method=speaker.method if speaker else "none",
            )
        )
    return quotes
