"""Where, when and whether: the place, date and status (held or planned) tied to a meeting trigger."""

from __future__ import annotations

import re
from datetime import date

from ..knowledge.kb import fold
from ..knowledge.meeting_words import meeting_words
from .dates import find_date_expressions, resolve_expression
from .index import TokenIndex
from .parties import governing_verb

W = meeting_words()
# Parts of speech that belong to a date or place phrase rather than to what it attaches to.
_PHRASE_POS = {"ADP", "PROPN", "NUM", "DET", "PUNCT", "CCONJ", "PART", "ADJ"}
# Dependencies through which a word above acts on the meeting ("cancelled the talks", "no plans to meet").
_UNDER = {"dobj", "xcomp", "pobj", "prep", "pcomp", "acl"}


def _phrase_attachment(token):
    """The word a date or place phrase hangs from: 'held' in 'held ... in the Turkish city of Istanbul', 'met'
    in 'met here in May'."""
    head = token.head
    while head.head.i != head.i and (head.pos_ in _PHRASE_POS or head.lower_ in W.place_noun or head.lower_ == "here"
                                     or head.ent_type_ in ("DATE", "TIME") or _of_complement(head)):
        head = head.head
    return head


def _of_complement(token) -> bool:
    """'a meeting of ministers in Brussels': the phrase after the members still belongs to the meeting."""
    return token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.lower_ in W.meeting_noun


def predicate_of(anchor) -> set[int]:
    """'the talks collapsed on Monday', 'talks continued in New York': the verb the meeting is the subject of
    tells its day and place (not its parties)."""
    head = anchor.head
    return {head.i} if anchor.dep_ in ("nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX") else set()


def attached_to_meeting(token, anchor, trigger, region: set[int], up_chain: set[int]) -> bool:
    attach = _phrase_attachment(token)
    if attach.i in (anchor.i, trigger.i) or attach.i in up_chain and attach.pos_ in ("VERB", "AUX"):
        return True
    # a verb hanging from the trigger: 'meeting hosted in Moscow', 'Kerry who is expected in Turkey'
    return attach.i in region and attach.pos_ in ("VERB", "AUX") and attach.dep_ in ("acl", "relcl", "xcomp")


def place_of(anchor, trigger, region, up_chain, sent, index: TokenIndex) -> tuple[str | None, str | None]:
    """The most specific place tied to the meeting: a city beats a country."""
    up_chain = up_chain | predicate_of(anchor)
    city, city_code, city_rank, country_code = None, None, 0, None
    for i in range(sent.start, sent.end):
        resolved = index.place.get(i)
        if not resolved:
            continue
        token = sent.doc[i]
        if token.i == trigger.i or token.dep_ == "compound" and _compound_root(token).i == trigger.i:
            pass  # "the Moscow meeting", "the Moscow summit meeting" (not "met the Paris Club")
        elif not _is_place_phrase(token) or not attached_to_meeting(token, anchor, trigger, region, up_chain):
            continue
        name, code, rank = resolved
        if name and rank > city_rank:
            city, city_code, city_rank = name, code, rank
        elif name is None and country_code is None:
            country_code = code
    if city:
        return city, city_code or country_code
    return None, country_code


def _compound_root(token):
    while token.dep_ == "compound" and token.head.i != token.i:
        token = token.head
    return token


def _is_place_phrase(token) -> bool:
    """'in Istanbul', 'in the city of Alanya', 'hosted by Istanbul', 'in Sochi, Russia', 'Moscow meeting'."""
    head = token
    while head.dep_ in ("compound", "appos", "conj", "poss", "pobj") or head.head.lower_ in W.place_noun:
        parent = head.head
        if head.dep_ == "pobj" and parent.lower_ in ("in", "at", "to", "by", "near"):
            return True
        if parent.i == head.i:
            return False
        head = parent
    # "visited Ankara", "left Bonn after talks with Kohl": the place the visit or the talks were in
    return head.dep_ == "dobj" and head.head.lower_ in W.visit_word | W.leave_verb


def _lead_up(token) -> bool:
    """'ahead', 'eve', and 'run-up' / 'lead-up' (which the tokenizer splits at the hyphen)."""
    if token.lower_ in W.lead_up:
        return True
    doc = token.doc
    return token.i >= 2 and doc[token.i - 1].text == "-" and f"{doc[token.i - 2].lower_}-{token.lower_}" in W.lead_up


def status_of(anchor, trigger, region: set[int]) -> str:
    doc = trigger.doc
    words = {doc[i].lower_ for i in region}
    if trigger.dep_ == "pobj" and trigger.head.lower_ in ("of", "to") and _lead_up(trigger.head.head):
        return "planned"  # "ahead of the G-7 talks", "in the run-up to the summit"
    if _spoken_before(trigger) or _spoken_before(anchor) or _described_as_coming(trigger):
        return "planned"
    chain = [trigger, anchor]
    if anchor.dep_ not in ("relcl", "ccomp"):  # a relative or reported clause has its own tense
        chain += list(anchor.ancestors)[:2]
    for token in chain:
        for child in token.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in W.planned_aux:
                return "planned"
            if child.lower_ in W.planned_word and child.dep_ in ("amod", "aux", "advmod", "xcomp", "acomp"):
                return "planned"
        if token.lower_ in W.planned_word or token.lower_ in W.planning_verb:
            if token.i != trigger.i:
                return "planned"
        if (token.dep_ == "xcomp" or token.dep_ == "ccomp" and token.i == anchor.i) and any(  # "expect X to meet"
                c.lower_ == "to" for c in token.children):
            if token.head.lower_ in W.planning_verb or token.head.lemma_ == "be" and token.head.tag_ in ("VBZ", "VBP"):
                return "planned"  # "agreed to meet", "is to visit"; not "refused to join", "came to attend"
        if token.tag_ in ("VBZ", "VBP") and token.lower_ in W.meet_verb | W.travel_verb | W.visit_word:
            return "planned"  # news writes a scheduled event in the present: "when he arrives for talks"
    if any(c.lower_ in W.planned_word for c in trigger.lefts) or "expected" in words and trigger.lower_ in W.visit_word:
        return "planned"
    return "held"


def _spoken_before(token) -> bool:
    """'X was speaking before hosting a meeting', 'X said before the talks': what is reported was said while the
    meeting was still to come."""
    if token.dep_ not in ("pobj", "pcomp") or token.head.lower_ != "before":
        return False
    return token.head.head.lower_ in W.speaking_verb


def _described_as_coming(trigger) -> bool:
    """'the meeting, which will be attended by ...', 'talks that are to open on Monday', 'the visit of X, which
    begins on Friday' (news writes a scheduled start in the present): the relative clause's tense is the meeting's."""
    clauses = [c for c in trigger.children if c.dep_ == "relcl"]
    clauses += [c for c in trigger.subtree if c.dep_ == "relcl" and _which_event(c, trigger)]
    return any(not any(a.dep_ == "mark" for a in c.children) and (  # "told X after the meeting that rates would fall"
        any(a.dep_ in ("aux", "auxpass") and a.lower_ in W.planned_aux for a in c.children)
        or c.tag_ in ("VBZ", "VBP") and c.lower_ in W.begin_verb) for c in clauses)


def date_of(anchor, trigger, region, up_chain, sent, published, future) -> tuple[date | None, str | None, str | None]:
    """The date phrase of the meeting's own clause: one on the meeting verb or noun beats one in a clause hanging
    from it, and a clause describing a person ('X, who took office on March 2, met Y on Monday') never counts."""
    text = sent.text
    up_chain = up_chain | predicate_of(anchor)
    if anchor.dep_ == "conj" and anchor.head.pos_ == "VERB":
        up_chain = up_chain | {anchor.head.i}  # "will travel to Berlin on June 12 and meet X": that day, unless its own
    best: tuple[date | None, str | None, str | None] = (None, None, None)
    best_rank = (-1, False)
    for start, end, expr in find_date_expressions(text):
        span = sent.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        if span is None:
            continue
        tokens = [t for t in span if t.lower_ not in ("on", "in", "since", "during")] or list(span)
        root = min(tokens, key=lambda t: len(list(t.ancestors)))
        if not (root.i in region or governing_verb(root).i in up_chain):
            continue
        attach = _phrase_attachment(root)
        direct = attach.i in (anchor.i, trigger.i) or root.head.i in (anchor.i, trigger.i)
        if not (direct or attached_to_meeting(root, anchor, trigger, region, up_chain)
                or _dated_container(root, anchor, trigger, region, up_chain)):
            continue
        if attach.dep_ == "relcl" and not direct and not _which_event(attach, trigger) and (
                attach.head.pos_ == "PROPN" or attach.head.ent_type_ == "PERSON" or attach.lower_ not in W.holding_verb):
            continue  # "X, who took office on March 2, ...", "the summit, which X founded in 2010": not its day
        if expr.lower().startswith("since"):
            continue
        when, precision = resolve_expression(expr, published, future)
        rank = (2 if direct else 1 if attach.i in up_chain else 0, when is not None)
        if rank > best_rank:
            best, best_rank = (when, precision, fold(re.sub(r"^(?:on|in)\s+", "", expr, flags=re.I))), rank
    if best[2] is None and not future and published is not None and _said_after(trigger):
        return published, "day", "said after"
    return best


def _which_event(clause, trigger) -> bool:
    """'the visit of President X, which starts on Friday': 'which' is never the person the parser hung it on, so the
    clause tells of the meeting the person's phrase belongs to."""
    return (clause.lower_ in W.holding_verb and trigger in clause.head.ancestors
            and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ == "which" for c in clause.children))


def _dated_container(token, anchor, trigger, region, up_chain) -> bool:
    """'met Y during a summit in Geneva last week', 'talks on the sidelines of the summit on Monday': the date of
    the gathering the meeting took place in is the meeting's own. Not 'in the run-up to', 'ahead of', 'talks on'."""
    event = _phrase_attachment(token)
    if event.lower_ not in W.meeting_noun | W.conference_noun or event.dep_ != "pobj":
        return False
    holder = event.head
    if holder.lower_ == "of" and holder.head.lower_ in W.edge_noun and holder.head.dep_ == "pobj":
        holder = holder.head.head  # "on the sidelines of the summit"
    return (holder.lower_ in W.date_inside_prep and (holder.lower_ != "on" or event.head.lower_ == "of")
            and attached_to_meeting(holder, anchor, trigger, region, up_chain))


def _said_after(trigger) -> bool:
    """'X said after the negotiations ended', 'X told reporters following a meeting with Y': the words
    came right after the meeting, so its day is the day of the report (the dateline's, else the publication's)
    unless a date says otherwise. Only a past 'said' of the report itself: not 'will say after the talks'; and
    not 'said after the phone call': a definite meeting is one told elsewhere, with a day of its own."""
    if any(c.dep_ in ("det", "poss") and c.lower_ not in ("a", "an") for c in trigger.children):
        return False
    token = trigger
    for _ in range(6):
        if token.lower_ in W.said_after_prep and token.dep_ in ("prep", "advcl", "mark"):
            verb = token.head
            if verb.pos_ == "NOUN" and verb.dep_ == "pobj":  # "in a statement following ...": up to 'said'
                verb = verb.head.head
            return verb.lower_ in W.speech_verb and verb.tag_ == "VBD" and verb.dep_ == "ROOT"
        if token.head.i == token.i or token.dep_ not in ("pobj", "dobj", "prep", "compound", "pcomp"):
            return False
        token = token.head
    return False


# "in the morning", "earlier in the day": a time of the day the story is about
PART_OF_DAY = re.compile(r"\b(?:(?:earlier|later)\s+in\s+the\s+day|in\s+the\s+(?:morning|afternoon|evening)|"
                         r"that\s+(?:morning|afternoon|evening|day)|the\s+same\s+day)\b", re.I)


def story_day(lead, today) -> tuple[date, str, str] | None:
    """The one day the lead sentence names ('X spent Thursday discussing ...'), resolved as past: the day the
    story tells."""
    return _single_day(lead.text, today, False) if today else None


def _single_day(text: str, today, future) -> tuple[date | None, str | None, str | None] | None:
    """The day of the text's one day expression ('left Bonn yesterday ahead of her visit next week': only the one
    day counts), or None."""
    days = []
    for _, _, expr in find_date_expressions(text):
        when, precision = resolve_expression(expr, today, future)
        if precision == "day" and not expr.lower().startswith("since"):
            days.append((when, precision, fold(expr)))
    return days[0] if len(days) == 1 else None


def _neighbours(sent, people: list[str], index: TokenIndex):
    """The sentence before, then the one after, in the same paragraph, when it names one of the parties."""
    doc = sent.doc
    around = [doc[sent.start - 1].sent] if sent.start > 0 else []
    around += [doc[sent.end].sent] if sent.end < len(doc) else []
    for other in around:
        both = doc.text[min(other.start_char, sent.start_char):max(other.end_char, sent.end_char)].strip()
        if "\n\n" not in both and any(index.person.get(i) in people for i in range(other.start, other.end)):
            yield other


def neighbour_date(
    sent, people: list[str], index: TokenIndex, published, future
) -> tuple[date | None, str | None, str | None]:
    """A meeting sentence without a date often continues the one before ('X made progress today with ...
    X said after the meeting') or is dated by the next: its single day expression counts."""
    for other in _neighbours(sent, people, index):
        day = _single_day(other.text, published, future)
        if day:
            return day
    return None, None, None


def neighbour_place(sent, people: list[str], index: TokenIndex) -> tuple[str | None, str | None]:
    """'X arrived in Geneva on Monday. He met Y for three hours.': a meeting sentence without a place takes the one
    city of a neighbour sentence."""
    for other in _neighbours(sent, people, index):
        cities = {index.place[i][:2] for i in range(other.start, other.end) if i in index.place
                  and index.place[i][0] and index.place[i][2] >= 2 and _is_place_phrase(sent.doc[i])}
        if len(cities) == 1:
            return next(iter(cities))
    return None, None


def not_a_meeting(trigger, anchor) -> bool:
    """Cancelled, denied or hypothetical ('did not meet', 'no plans to meet', 'called off the talks', 'if they
    meet'), an audience addressed ('told a meeting of analysts'), or company business ('merger talks')."""
    if trigger.dep_ == "dobj" and trigger.head.lower_ in W.address_verb:
        return True
    if trigger.dep_ == "pobj" and trigger.head.lower_ == "at" and (trigger.head.head.lower_ in W.audience_noun or any(
            c.dep_ == "prep" and c.lower_ == "to" and any(g.lower_ in W.audience_noun for g in c.children)
            for c in trigger.head.head.children)):
        return True  # "spoke to an audience at a meeting", "made the comments to an audience at a meeting"
    if trigger.lower_ in W.consultation_noun and not any(
            c.dep_ == "prep" and c.lower_ in ("with", "between") for t in (trigger, anchor) for c in t.children):
        return True  # "launched a series of consultations on the expansion": the public is asked, no one meets
    if any(c.dep_ in ("compound", "amod", "nmod") and c.lower_ in W.business_modifier for c in trigger.children):
        return True  # "merger talks", "a board meeting": company business, not officials meeting
    if any(c.dep_ == "advmod" and c.lower_ in W.habitual_adverb for t in (trigger, anchor) for c in t.children):
        return True  # "officials have met periodically with X": a habit, not one meeting
    if trigger.tag_ == "NNS" and any(c.dep_ == "amod" and c.lower_ in W.habitual_adjective for c in trigger.children):
        return True  # "part of regular high-level meetings with Beijing ministers"
    if trigger.head.lower_ == "in" and any(c.dep_ == "det" and c.lower_ == "no" for c in trigger.head.head.children):
        return True  # "there is no point in meeting"
    chain = [trigger, anchor]
    while len(chain) < 5 and chain[-1].dep_ in _UNDER and chain[-1].head != chain[-1]:
        chain.append(chain[-1].head)  # what is done to the meeting, not what the meeting did ("it did not agree")
    for token in chain:
        for child in token.children:
            if child.dep_ == "neg" and token.pos_ in ("VERB", "AUX"):
                return True  # "did not meet", "will not attend the talks"
            if child.dep_ == "det" and child.lower_ == "no" and (token.i == trigger.i or token.lower_ in W.planning_verb):
                return True  # "no meeting", "no plans to meet" (not "no problem about the talks")
            if child.dep_ == "mark" and child.lower_ in W.hypothetical_mark and token.i in (trigger.i, anchor.i):
                return True  # "if they meet", not "if he fails in the talks"
        if token.lower_ in W.cancel_word:
            return True
        if token.dep_ in ("ccomp", "advcl", "relcl"):
            break  # a clause above the meeting's own says nothing about it ("X denied that ..." aside)
    return False
