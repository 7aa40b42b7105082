"""Meeting reports: who met whom, where, when, in person or by phone, held or planned.

Per article: every trigger word (met, talks, meeting, visit, phone call, ...) in a sentence gives one candidate
report whose people, countries, place and date are the ones syntactically tied to that trigger (its dependency
region), so two events in one sentence do not share their parties. Candidates of the same meeting inside the
article are folded together, captions can complete a place or date, and reports with fewer than two parties are
dropped. Across articles, `meeting_merge.merge_meetings` folds reports of the same meeting into one warehouse row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .dates import find_date_expressions, resolve_expression
from .knowledge import KnowledgeBase, fold
from .types import CleanArticle, Entity, MeetingMention, Mention

# Cheap gate: a body without any of these words has no meeting report.
_GATE = re.compile(
    r"\b(?:meet|meets|met|meeting|meetings|talks|summit|visit|visits|visited|visiting|conference|call|spoke|"
    r"speak|spoken|conversation|videoconference|hosted|hosts|host|gathering)\b",
    re.I,
)
MEET_VERBS = {"meet", "meets", "met", "meeting"}
VISIT_WORDS = {"visit", "visits", "visited", "visiting", "trip"}
SPEAK_VERBS = {"spoke", "speak", "speaks", "spoken", "speaking", "talked", "talk"}
MEETING_NOUNS = {"meeting", "meetings", "talks", "summit", "conversation", "videoconference", "gathering", "call"}
CONFERENCE_MODIFIERS = {"press", "news", "joint"}
CALL_MODIFIERS = {"phone", "telephone", "video", "conference"}
LIGHT_VERBS = {
    "held", "hold", "holds", "holding", "have", "had", "has", "having", "attend", "attended", "attends",
    "attending", "host", "hosted", "hosts", "hosting", "conduct", "conducted", "chaired", "chair",
    "pay", "paid", "paying", "make", "made",
}  # fmt: skip
ANAPHORIC_DETERMINERS = {"the", "their", "this", "that", "these", "its", "his", "her"}
PHONE_WORDS = {"phone", "telephone", "phoned", "telephoned"}
VIRTUAL_WORDS = {"video", "videoconference", "virtual", "virtually", "online", "zoom"}
PLANNED_AUX = {"will", "'ll", "shall"}
PLANNED_WORDS = {
    "upcoming", "forthcoming", "planned", "next", "expected", "scheduled", "proposed", "due", "plans", "plan",
    "planning", "future",
}  # fmt: skip
PARTY_NOUNS = {
    "minister", "ministers", "diplomat", "diplomats", "president", "presidents", "leader", "leaders", "official",
    "officials", "chief", "chiefs", "counterpart", "counterparts", "delegation", "delegations", "government",
    "governments", "premier", "premiers", "envoy", "envoys", "fm", "fms", "group", "council", "commission",
    "committee", "negotiators", "side", "sides", "counterparts", "prime", "secretary", "secretaries", "king",
    "sides", "ministries", "ministry", "foreign", "heads", "head",
}  # fmt: skip
PLACE_NOUNS = {"city", "town", "capital", "resort", "district", "province", "region", "village", "port", "island"}
# Parts of speech that belong to a date or place phrase rather than to what it attaches to.
_PHRASE_POS = {"ADP", "PROPN", "NUM", "DET", "PUNCT", "CCONJ", "PART", "ADJ"}
TEMPORAL_PREPS = {"after", "following", "during", "at", "before", "ahead", "of", "since", "in", "on"}
_BOUNDARY_DEPS = {"ccomp", "advcl", "parataxis", "csubj"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class _Report:
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


# --- finding --------------------------------------------------------------------------------------------


def find_meetings(
    doc, article: CleanArticle, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase
) -> list[MeetingMention]:
    if not _GATE.search(article.body):
        return []
    index = _TokenIndex(doc, mentions, entities, kb)
    reports: list[_Report] = []
    for sent in doc.sents:
        for trigger in _triggers(sent):
            report = _report_for(trigger, sent, index, article.published_date, kb)
            if report:
                reports.append(report)
    groups = _fold_within_article(reports)
    for caption in article.captions:
        _complete_from_caption(groups, caption, entities, kb, article.published_date)
    return [_to_mention(g) for g in groups if _party_count(g) >= 2]


class _TokenIndex:
    """Per-doc lookups from token index to the person, country or place written there."""

    def __init__(self, doc, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase):
        self.person: dict[int, str] = {}
        self.person_country: dict[str, str | None] = {}
        self.org: set[int] = set()
        self.country: dict[int, str] = {}
        self.place: dict[int, tuple[str | None, str | None, int]] = {}
        self.people_before: list[tuple[int, str]] = []  # (token index, entity id) in text order
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
            elif entity.type == "ORG":
                self.org.add(span.root.i)
        self.people_before.sort()
        for ent in doc.ents:
            if ent.label_ in _PLACE_LABELS:
                resolved = _resolve_place(ent.text, kb)
                if resolved[2]:
                    self.place[ent.root.i] = resolved
        for token in doc:
            if token.is_title or token.is_upper:
                code = kb.country_code(token.text)
                if code:
                    self.country[token.i] = code
        for ent in doc.ents:
            if len(ent) > 1 and ent.label_ in ("GPE", "NORP"):
                code = kb.country_code(ent.text)
                if code:
                    self.country[ent.root.i] = code


def _resolve_place(name: str, kb: KnowledgeBase) -> tuple[str | None, str | None, int]:
    """(city or None, country code or None, confidence) for a place name; a country name gives (None, code).
    Confidence ranks known places over capitals over names only the tagger saw ("Mediterranean")."""
    name = re.sub(r"^(?:the\s+)", "", name.strip(), flags=re.I)
    place = kb.place(name)
    if place:
        return place.name, place.country_code, 3
    code = kb.country_code(name)
    if code:
        return None, code, 3
    capital_code = kb.capital_of(name)
    if capital_code:
        return name, capital_code, 2
    return (name, None, 1) if name[:1].isupper() else (None, None, 0)


def _triggers(sent) -> list:
    """Trigger tokens of the sentence: meet verbs, meeting nouns, visits, press conferences, calls."""
    found = []
    for token in sent:
        lower = token.lower_
        if lower in MEET_VERBS and token.pos_ in ("VERB", "AUX") and _meets_people(token):
            found.append(token)
        elif lower in MEETING_NOUNS and token.pos_ in ("NOUN", "PROPN"):
            if lower == "call" and not any(c.lower_ in CALL_MODIFIERS for c in token.lefts):
                continue
            found.append(token)
        elif lower in ("conference", "conferences") and _joint_conference(token):
            found.append(token)
        elif lower in VISIT_WORDS:
            found.append(token)
        elif lower in SPEAK_VERBS and token.pos_ == "VERB" and _speaks_with_someone(token):
            found.append(token)
    return found


def _joint_conference(noun) -> bool:
    """'a joint press conference', 'a news conference with X' — not 'his weekly press conference'."""
    modifiers = {c.lower_ for c in noun.lefts}
    if not modifiers & CONFERENCE_MODIFIERS:
        return False
    return "joint" in modifiers or any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)


def _meets_people(verb) -> bool:
    """'met his counterpart' / 'the two met in Belgrade', not 'meet the aspirations of the people'."""
    for child in verb.children:
        if child.dep_ == "dobj":
            return child.pos_ in ("PROPN", "PRON") or child.lower_ in PARTY_NOUNS
    return True


def _speaks_with_someone(verb) -> bool:
    """'spoke by phone', 'spoke with Putin', 'the Russian and Turkish presidents spoke' — not 'spoke to reporters'."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "on", "over") and any(
            g.lower_ in PHONE_WORDS for g in child.subtree
        ):
            return True
        if child.dep_ == "prep" and child.lower_ in ("with", "to") and verb.tag_ != "VBG":
            return any(g.ent_type_ == "PERSON" or g.lower_ in PARTY_NOUNS for g in child.children)
        if child.dep_ == "nsubj":
            subject_words = {g.lower_ for g in child.subtree}
            return child.tag_ in ("NNS", "NNPS") and bool(subject_words & PARTY_NOUNS) or any(
                c.dep_ == "conj" for c in child.children
            )
    return False


def _anchor(trigger):
    """The token whose dependency region holds the meeting's parties: the light verb of 'held talks'."""
    head = trigger.head
    if trigger.pos_ in ("NOUN", "PROPN") and head.i != trigger.i and head.lower_ in LIGHT_VERBS:
        if trigger.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
            return head
    return trigger


def _report_for(trigger, sent, index: _TokenIndex, published: date | None, kb: KnowledgeBase) -> _Report | None:
    anchor = _anchor(trigger)
    region = _region(anchor, trigger)
    up_chain = _up_chain(anchor)
    people: list[str] = []
    for i in range(sent.start, sent.end):
        person = index.person.get(i)
        if person and person not in people and _is_party_token(sent.doc[i], anchor, region, up_chain, sent):
            people.append(person)
    words = {sent.doc[i].lower_ for i in region}
    possessive = {c.lower_ for c in trigger.children if c.dep_ == "poss"}
    counterpart_of = {c.lower_ for i in region if sent.doc[i].lower_ in ("counterpart", "counterparts") for c in sent.doc[i].children}
    subject = {c.lower_ for c in anchor.children if c.dep_ == "nsubj"}
    if (possessive | counterpart_of | subject) & {"his", "her", "he", "she"}:
        _add_antecedent(people, anchor, sent, index)
    countries, hosts = _party_countries(anchor, trigger, region, up_chain, sent, index)
    place, place_code = _place(anchor, trigger, region, up_chain, sent, index)
    people_countries = [c for p in people if (c := index.person_country.get(p))]
    nationalities = _nationalities(sent, index)
    people_countries += [nationalities[p] for p in people if p in nationalities and nationalities[p] not in people_countries]
    countries = [c for c in countries if c not in people_countries or c in _countries_beyond_people(sent, index, people)]
    if trigger.lower_ in VISIT_WORDS:
        hosted = [p for p in people if _is_visit_host(p, trigger, sent, index)]
        if place_code and people_countries and place_code not in people_countries:
            hosts.append(place_code)
        elif not hosted:
            return None  # a tour of constituencies or a school, not a meeting between parties
    status = _status(anchor, trigger, region)
    when, precision, expr = _date(anchor, trigger, region, up_chain, sent, published, status == "planned")
    mode = "phone" if words & PHONE_WORDS else "virtual" if words & VIRTUAL_WORDS else None
    if mode is None and trigger.lower_ in MEET_VERBS | VISIT_WORDS | {"summit", "conference", "gathering"}:
        mode = "in_person"
    orgs = sum(1 for i in region if i in index.org and sent.doc[i].head.lower_ in ("with", "between"))
    anaphoric = any(c.lower_ in ANAPHORIC_DETERMINERS for c in trigger.lefts)
    return _Report(
        participants=people,
        countries=countries,
        place=place,
        country_code=place_code,
        meeting_date=when,
        date_precision=precision,
        date_expr=expr,
        status=status,
        mode=mode,
        anaphoric=anaphoric,
        host_countries=hosts,
        counterparties=orgs,
        people_countries=people_countries,
        start_char=sent.start_char,
        end_char=sent.end_char,
    )


def _region(anchor, trigger) -> set[int]:
    """Tokens under the anchor, not crossing into a subordinate clause or another meeting trigger's subtree."""
    region: set[int] = set()
    stack = [anchor]
    while stack:
        token = stack.pop()
        region.add(token.i)
        for child in token.children:
            if child.dep_ in _BOUNDARY_DEPS and child.pos_ in ("VERB", "AUX"):
                continue
            if child.i != trigger.i and child.lower_ in VISIT_WORDS | MEETING_NOUNS and child.pos_ == "NOUN":
                if child.dep_ not in ("compound",):
                    continue
            stack.append(child)
    return region


def _up_chain(anchor) -> set[int]:
    """Verbs whose subject took part: 'X said after talks with Y', 'X hailed the talks', 'X arrived in Istanbul
    to attend the meeting' — but not 'as for the meeting, X said' nor 'X said the meeting ...'."""
    chain: set[int] = set()
    token = anchor
    while token.head.i != token.i:
        head = token.head
        if _subjectless_clause(token):
            pass  # "Speaking after the talks, X said", "X arrived to attend the meeting", "quoted X as saying"
        elif token.dep_ == "pobj":
            if head.lower_ not in TEMPORAL_PREPS:
                break
        elif token.dep_ == "prep":
            if token.lower_ not in TEMPORAL_PREPS and not (token.lower_ == "as" and _subjectless_clause(token.head)):
                break
        elif token.dep_ not in ("dobj", "xcomp", "pcomp"):
            break
        if head.pos_ in ("VERB", "AUX"):
            chain.add(head.i)
        token = head
    return chain


def _nationalities(sent, index: _TokenIndex) -> dict[str, str]:
    """'Turkish Foreign Minister Mevlut Cavusoglu', 'Iraqi leader Iyad Allawi': the country written in a
    person's title is that person's country, not one more party."""
    found: dict[str, str] = {}
    for i in range(sent.start, sent.end):
        code = index.country.get(i)
        if not code:
            continue
        token = sent.doc[i]
        for _step in range(4):
            if token.dep_ not in ("amod", "compound", "nmod", "poss", "conj", "case") or token.head.i == token.i:
                break
            token = token.head
            person = index.person.get(token.i)
            if person:
                found.setdefault(person, code)
                break
    return found


def _countries_beyond_people(sent, index: _TokenIndex, people: list[str]) -> set[str]:
    """Countries written apart from any person's title (the people's own countries otherwise add no party)."""
    titled = set(_nationalities(sent, index).values())
    return {code for i, code in index.country.items() if sent.start <= i < sent.end} - titled


def _is_visit_host(person: str, visit, sent, index: _TokenIndex) -> bool:
    """The person visited ('visited Mr Blair', 'a visit to Mr Blair'), not a companion or the visitor."""
    for token in visit.subtree:
        if index.person.get(token.i) != person or not _clearly_a_person(token):
            continue
        if token.dep_ == "dobj" and token.head.i == visit.i:
            return True
        if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.head.i == visit.i:
            return True
    return False


def _clearly_a_person(token) -> bool:
    """A one-word 'person' the tagger found ("Manchester", "Auschwitz") is too often a place to count as a host."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    if ent is not None and (ent.ent_id_ or len(ent) > 1):
        return True
    return token.i > 0 and token.doc[token.i - 1].lower_.rstrip(".") in ("mr", "mrs", "ms", "dr", "president", "minister")


def _subjectless_clause(token) -> bool:
    """A participle or infinitive clause with no subject of its own shares the subject of the verb above it."""
    return (
        token.dep_ in ("advcl", "xcomp", "pcomp", "acl")
        and token.tag_ in ("VBG", "VB", "VBN")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    )


def _governing_verb(token):
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def _is_party_token(token, anchor, region: set[int], up_chain: set[int], sent) -> bool:
    if token.i in region:
        return True
    # a subject or object of a verb above the trigger ("RIA quoted Cavusoglu as saying after a meeting with ...")
    verb = _governing_verb(token)
    return verb.i in up_chain and not _inside_other_trigger(token, verb)


def _inside_other_trigger(token, stop) -> bool:
    while token.i != stop.i and token.head.i != token.i:
        if token.lower_ in VISIT_WORDS | MEETING_NOUNS | MEET_VERBS:
            return True
        token = token.head
    return False


def _add_antecedent(people: list[str], anchor, sent, index: _TokenIndex) -> None:
    """'his Russian counterpart' / 'he met': the person the possessive or pronoun refers to is the nearest
    person named before it (in this sentence first, else earlier)."""
    earlier = [pid for i, pid in index.people_before if i < anchor.i]
    if earlier and earlier[-1] not in people:
        people.insert(0, earlier[-1])


def _phrase_attachment(token):
    """The word a date or place phrase hangs from: 'held' in 'held ... in the Turkish city of Istanbul'."""
    head = token.head
    while head.head.i != head.i and (head.pos_ in _PHRASE_POS or head.lower_ in PLACE_NOUNS or head.ent_type_ == "DATE"):
        head = head.head
    return head


def _attached_to_meeting(token, anchor, trigger, region: set[int], up_chain: set[int]) -> bool:
    attach = _phrase_attachment(token)
    if attach.i in (anchor.i, trigger.i) or attach.i in up_chain and attach.pos_ in ("VERB", "AUX"):
        return True
    # a verb hanging from the trigger: 'meeting hosted in Moscow', 'Kerry who is expected in Turkey'
    return attach.i in region and attach.pos_ in ("VERB", "AUX") and attach.dep_ in ("acl", "relcl", "xcomp")


def _party_countries(anchor, trigger, region, up_chain, sent, index: _TokenIndex) -> tuple[list[str], list[str]]:
    """Countries that take part: 'the Turkish and Syrian diplomats', 'Turkish-Russian group', 'Russia and Turkey
    held talks'. A country that is only where it happened ('in Turkey') is not a party."""
    countries: list[str] = []
    for i in range(sent.start, sent.end):
        code = index.country.get(i)
        if not code or code in countries:
            continue
        token = sent.doc[i]
        if i not in region and _governing_verb(token).i not in up_chain:
            continue
        if _is_party_country(token, anchor, trigger):
            countries.append(code)
    return countries, []


def _is_party_country(token, anchor, trigger) -> bool:
    if token.ent_type_ == "ORG" or token.head.lower_ == "of":
        return False  # "Friends of Syria": a name, not a party
    head = token
    while head.dep_ in ("conj", "cc", "punct", "amod", "compound", "nmod", "poss", "case") and head.head.i != head.i:
        if head.head.lower_ in PARTY_NOUNS or head.head.i == trigger.i:
            return True
        if head.dep_ == "poss":
            return False  # "Russia's St. Petersburg": whose place, not who met
        head = head.head
    if head.lower_ in PARTY_NOUNS:
        return True
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.i == anchor.i:
        return True
    return head.dep_ == "pobj" and head.head.lower_ in ("between", "with")


def _place(anchor, trigger, region, up_chain, sent, index: _TokenIndex) -> tuple[str | None, str | None]:
    """The most specific place tied to the meeting: a city beats a country."""
    city, city_code, city_rank, country_code = None, None, 0, None
    for i in range(sent.start, sent.end):
        resolved = index.place.get(i)
        if not resolved:
            continue
        token = sent.doc[i]
        if token.i == trigger.i or any(c.i == trigger.i for c in token.ancestors) and token.dep_ == "compound":
            pass  # "the Moscow meeting"
        elif not _is_place_phrase(token) or not _attached_to_meeting(token, anchor, trigger, region, up_chain):
            continue
        name, code, rank = resolved
        if name and rank > city_rank:
            city, city_code, city_rank = name, code, rank
        elif name is None and country_code is None:
            country_code = code
    if city:
        return city, city_code or country_code
    return None, country_code


def _is_place_phrase(token) -> bool:
    """'in Istanbul', 'in the city of Alanya', 'hosted by Istanbul', 'in Sochi, Russia', 'Moscow meeting'."""
    head = token
    while head.dep_ in ("compound", "appos", "conj", "poss", "pobj") or head.head.lower_ in PLACE_NOUNS:
        parent = head.head
        if head.dep_ == "pobj" and parent.lower_ in ("in", "at", "to", "by", "near"):
            return True
        if parent.i == head.i:
            return False
        head = parent
    return head.dep_ == "dobj" and head.head.lower_ in VISIT_WORDS


def _status(anchor, trigger, region: set[int]) -> str:
    doc = trigger.doc
    words = {doc[i].lower_ for i in region}
    chain = [trigger, anchor, *anchor.ancestors][:4]
    for token in chain:
        for child in token.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in PLANNED_AUX:
                return "planned"
            if child.lower_ in PLANNED_WORDS and child.dep_ in ("amod", "aux", "advmod", "xcomp"):
                return "planned"
        if token.lower_ in PLANNED_WORDS or token.lower_ in ("agreed", "agree", "plans", "hopes", "set"):
            if token.i != trigger.i:
                return "planned"
        if token.dep_ in ("xcomp",) and any(c.lower_ == "to" for c in token.children):
            return "planned"
    if any(c.lower_ in PLANNED_WORDS for c in trigger.lefts) or "expected" in words and trigger.lower_ in VISIT_WORDS:
        return "planned"
    return "held"


def _date(anchor, trigger, region, up_chain, sent, published, future) -> tuple[date | None, str | None, str | None]:
    text = sent.text
    best: tuple[date | None, str | None, str | None] = (None, None, None)
    for start, end, expr in find_date_expressions(text):
        span = sent.doc.char_span(sent.start_char + start, sent.start_char + end, alignment_mode="expand")
        if span is None:
            continue
        tokens = [t for t in span if t.lower_ not in ("on", "in", "since", "during")] or list(span)
        root = min(tokens, key=lambda t: len(list(t.ancestors)))
        if not (root.i in region or _governing_verb(root).i in up_chain):
            continue
        if not _attached_to_meeting(root, anchor, trigger, region, up_chain) and root.head.i not in (anchor.i, trigger.i):
            continue
        if expr.lower().startswith("since"):
            continue
        when, precision = resolve_expression(expr, published, future)
        key = fold(re.sub(r"^(?:on|in)\s+", "", expr, flags=re.I))
        if best[2] is None or (when and not best[0]):
            best = (when, precision, key)
    return best


# --- folding within one article -------------------------------------------------------------------------


def _party_count(report: _Report) -> int:
    """People, plus organisations met, plus countries the people do not already stand for."""
    if report.participants:
        extra = set(report.countries) | set(report.host_countries)
        return len(report.participants) + report.counterparties + (1 if extra - set(report.people_countries) else 0)
    return len(set(report.countries)) + report.counterparties


def _compatible(a: _Report, b: _Report) -> bool:
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


def _same_meeting(group: _Report, report: _Report) -> bool:
    if not _compatible(group, report):
        return False
    if set(group.participants) & set(report.participants):
        return True
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


def _fold_within_article(reports: list[_Report]) -> list[_Report]:
    groups: list[_Report] = []
    for report in reports:
        target = next((g for g in reversed(groups) if _same_meeting(g, report)), None)
        if target is None:
            groups.append(report)
        else:
            _absorb(target, report)
    return groups


def _absorb(target: _Report, report: _Report) -> None:
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


def _finer(a: str | None, b: str | None) -> bool:
    rank = {"day": 3, "month": 2, "year": 1, None: 0}
    return rank[a] > rank[b]


def _complete_from_caption(groups: list[_Report], caption: str, entities, kb: KnowledgeBase, published) -> None:
    """A photo caption naming the same people often carries the place and date the body leaves out."""
    folded = fold(caption)
    if not _GATE.search(caption):
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


_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*){0,2}")


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


def _to_mention(report: _Report) -> MeetingMention:
    countries = list(dict.fromkeys([*report.people_countries, *report.countries]))
    return MeetingMention(
        participants=list(report.participants),
        countries=countries,
        place=report.place,
        country_code=report.country_code,
        meeting_date=report.meeting_date,
        date_precision=report.date_precision,
        status=report.status,
        mode=report.mode or "in_person",
        start_char=report.start_char,
        end_char=report.end_char,
    )
