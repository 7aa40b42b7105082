"""Who takes part in a meeting: people and countries tied to its trigger, antecedents of "his counterpart"."""

from __future__ import annotations

import re
from functools import lru_cache

from ..knowledge.meeting_words import country_groups, meeting_words
from .index import TokenIndex

W = meeting_words()


def titled_nationalities(sent, index: TokenIndex) -> dict[str, str]:
    """'Turkish Foreign Minister Mevlut Cavusoglu', 'Iraqi leader Iyad Allawi': the country written in a
    person's title is that person's country, not one more party. Kept per sentence: every trigger asks."""
    if sent.start in index.titled:
        return index.titled[sent.start]
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
        else:
            continue
        if token.dep_ == "appos" and index.person.get(token.head.i) and token.lower_ in W.party_noun:
            found.setdefault(index.person[token.head.i], code)  # "X, a former Japanese foreign minister,"
    index.titled[sent.start] = found
    return found


def countries_beyond_people(sent, index: TokenIndex, people: list[str]) -> set[str]:
    """Countries written apart from any person's title (the people's own countries otherwise add no party)."""
    titled = set(titled_nationalities(sent, index).values())
    return {code for i, code in index.country.items() if sent.start <= i < sent.end} - titled


def is_visit_host(person: str, visit, sent, index: TokenIndex) -> bool:
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


def subjectless_clause(token) -> bool:
    """A participle or infinitive clause with no subject of its own shares the subject of the verb above it."""
    return (
        token.dep_ in ("advcl", "xcomp", "pcomp", "acl")
        and token.tag_ in ("VBG", "VB", "VBN")
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
    )


def governing_verb(token):
    while token.head.i != token.i and token.pos_ not in ("VERB", "AUX"):
        token = token.head
    return token


def is_party_token(token, anchor, region: set[int], up_chain: set[int], sent) -> bool:
    if token.i in region:
        return True
    # a subject or object of a verb above the trigger ("RIA quoted Cavusoglu as saying after a meeting with ...")
    verb = governing_verb(token)
    if verb.lower_ in W.lead_verb and verb.dep_ == "acl" and verb.head.dep_ in ("nsubj", "nsubjpass"):
        verb = verb.head.head  # "a team led by X arrived for talks": the leader is where the team is
    return verb.i in up_chain and not _inside_other_trigger(token, verb)


def shared_subject(anchor, sent, index: TokenIndex):
    """'X will travel to Berlin and will meet Y': a coordinated verb with no subject of its own has the first
    verb's; 'X, on a trip to explain ..., met Y': a meeting verb the parser left with no subject at all has the
    person who opens the sentence. The subject token, or None."""
    verb = anchor
    if verb.pos_ != "VERB" or any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return None
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    if verb.dep_ != "ROOT" or anchor.lower_ not in W.meet_verb | W.receive_verb:
        return None
    opening = next((t for t in sent[:5] if t.i in index.person), None)
    comma = opening is not None and any(t.text == "," for t in sent.doc[opening.i:anchor.i])
    return opening if comma else None


def _inside_other_trigger(token, stop) -> bool:
    while token.i != stop.i and token.head.i != token.i:
        if token.lower_ in W.event_word:
            return True
        token = token.head
    return False


def add_antecedent(people: list[str], anchor, sent, index: TokenIndex) -> None:
    """'his Russian counterpart' / 'he met': the person the possessive or pronoun refers to is a person named
    earlier in the same sentence, else the last person written as a main-clause subject before it (news keeps its
    protagonist as the subject), else the nearest person named."""
    earlier = [pid for i, pid in index.people_before if sent.start <= i < anchor.i and pid not in people]
    earlier = earlier or [pid for i, pid in index.subjects_before if i < anchor.i]
    earlier = earlier or [pid for i, pid in index.people_before if i < anchor.i]
    if earlier and earlier[-1] not in people:
        people.insert(0, earlier[-1])


def party_countries(anchor, trigger, region, up_chain, sent, index: TokenIndex) -> tuple[list[str], list[str]]:
    """Countries that take part: 'the Turkish and Syrian diplomats', 'Turkish-Russian group', 'Russia and Turkey
    held talks'. A country that is only where it happened ('in Turkey') is not a party."""
    countries: list[str] = []
    for i in range(sent.start, sent.end):
        code = index.country.get(i)
        if not code or code in countries:
            continue
        token = sent.doc[i]
        if i not in region and governing_verb(token).i not in up_chain:
            continue
        if _is_party_country(token, anchor, trigger, up_chain):
            countries.append(code)
    return countries, []


def _is_party_country(token, anchor, trigger, up_chain=frozenset()) -> bool:
    if token.ent_type_ == "ORG":
        return False
    if token.head.lower_ == "of":  # "officials of Japan" — but "Friends of Syria" is a name, not a party
        return token.head.head.lower_ in W.party_or_group
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.dep_ == "pobj" and first.head.lower_ == "from" and first.head.head.lower_ in W.party_or_group:
        return True  # "ministers from Argentina and Chile attended"
    head = token
    while head.dep_ in ("conj", "cc", "punct", "amod", "compound", "nmod", "poss", "case", "appos") and (
            head.head.i != head.i):  # appos: "the U.S. and its allies West Germany, France and Japan met"
        if head.head.lower_ in W.party_noun or head.head.i == trigger.i:
            return True
        if head.dep_ == "poss" and head.head.ent_type_ != "ORG":
            return False  # "Russia's St. Petersburg": whose place, not who met ("Britain's export agency" is a side)
        head = head.head
    if head.lower_ in W.party_noun:
        return True
    if head.dep_ == "pobj" and head.head.lower_ == "of" and head.head.head.lower_ in W.party_or_group:
        return True  # "officials of Japan and the United States"
    if head.dep_ in ("nsubj", "nsubjpass") and (head.head.i == anchor.i or head.head.i in up_chain and (
            trigger.dep_ == "pobj" and trigger.i == anchor.i or head.head.i in _controlling(anchor))):
        return True  # "Japan held talks", "the U.S. will offer a plan at talks with ...", "Japan was ready to hold talks"
    if head.dep_ == "pobj" and head.head.dep_ == "agent" and head.head.head.lower_ in W.light_verb:
        return True  # "a meeting attended by Germany, France and Canada"
    return head.dep_ == "pobj" and head.head.lower_ in ("between", "with")


def _controlling(anchor) -> set[int]:
    """'Japan was ready to continue talks', 'Japan wants to open talks': the verbs whose subject is the subject of
    the meeting's own verb (infinitive and adjective complements only)."""
    found, token = set(), anchor
    while token.dep_ in ("xcomp", "acomp") and token.head.i != token.i:
        token = token.head
        found.add(token.i)
    return found


def clause_chain(anchor) -> set[int]:
    """Verbs whose subject took part: 'X said after talks with Y', 'X hailed the talks', 'X arrived in Istanbul
    to attend the meeting' — but not 'as for the meeting, X said' nor 'X said the meeting ...'."""
    chain: set[int] = set()
    token = anchor
    while token.head.i != token.i:
        head = token.head
        if subjectless_clause(token):
            if token.dep_ == "xcomp" and _object_controls(head):
                break  # "X ordered the officials to open talks": the officials meet, not X
            # else "Speaking after the talks, X said", "X arrived to attend the meeting", "quoted X as saying"
        elif token.dep_ == "pobj":
            leader = _delegation_leader(head)
            if leader is not None:
                chain.add(leader.i)  # "X led a delegation to the talks": the leader takes part
                break
            if head.lower_ not in W.temporal_prep and not _travel_purpose(head):
                break
        elif token.dep_ == "prep":
            if token.lower_ not in W.temporal_prep and not (token.lower_ == "as" and subjectless_clause(token.head)):
                if not _travel_purpose(token):
                    break
        elif token.dep_ not in ("dobj", "xcomp", "pcomp", "acomp"):  # acomp: "X is due to start talks"
            break
        if head.pos_ in ("VERB", "AUX"):
            chain.add(head.i)
        token = head
    return chain


def _object_controls(verb) -> bool:
    """'ordered / asked / urged the ministers to meet': the object does what the clause says ('invited X to
    visit' aside, where the one who invites is the host)."""
    return verb.lemma_ not in W.host_verb and any(c.dep_ == "dobj" for c in verb.children)


def _delegation_leader(prep):
    """'led a team of officials to the talks', 'headed his country's delegation at the meeting': the verb of
    leading, whether the phrase hangs from it or from the delegation it leads."""
    if prep.lower_ not in ("to", "at", "in"):
        return None
    head = prep.head
    if head.lower_ in W.delegation_noun and head.dep_ == "dobj":
        head = head.head
    return head if head.lower_ in W.lead_verb and head.pos_ in ("VERB", "AUX") else None


def _travel_purpose(prep) -> bool:
    """'flew to Geneva for talks', 'was invited to Caracas for talks', 'returned from talks', 'will bring a plan to
    the meeting': the traveller takes part."""
    if prep.lower_ == "to":  # "will bring a plan to the meeting", "went to the summit"
        return prep.head.lower_ in W.carry_verb or prep.head.lower_ in W.travel_verb
    return prep.lower_ in ("for", "from") and prep.head.lower_ in W.travel_verb


def unnamed_sides(trigger, anchor, region: set[int], sent, index: TokenIndex) -> tuple[int, list[str]]:
    """Sides named by a group rather than a person, and the countries a named group of countries stands for:
    'met bankers', 'talks with Japanese officials', 'a meeting of farm ministers', 'the G-7 meeting'. A gathering
    of a plural body ('a meeting of ministers', 'ministers met') has several sides by itself."""
    sides, members = 0, []
    for start, end, codes in _group_names(sent):
        span = sent.doc.char_span(start, end, alignment_mode="expand")
        if span is not None and span.root.i in region and span.root.i not in index.person:
            members += [c for c in codes if c not in members]
            sides = max(sides, 2)
    for i in sorted(region):
        token = sent.doc[i]
        if i in index.person or token.lower_ not in W.group_noun or token.tag_ not in ("NN", "NNS", "NNPS"):
            continue
        head = token.head
        if token.dep_ == "conj" and (head.i in index.org or any(
                t.i in index.country for t in (head, *head.children) if t is head or t.dep_ in ("amod", "compound", "poss"))):
            sides += 1  # "Peru and its creditor banks", "the government and its bank advisory committee"
            continue
        addressed = head.lower_ == "to" and head.head.i == trigger.i and trigger.lower_ in W.letter_noun
        if token.dep_ == "pobj" and (head.lower_ in ("with", "between") or addressed):
            sides += 1  # "talks with bankers", "a letter to EC officials"
        elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "nsubj" and head.head.head.i == anchor.i:
            sides += 1  # "the group of ministers met with X"
        elif token.dep_ == "pobj" and head.lower_ == "of" and head.head.i == trigger.i and token.tag_ != "NN":
            sides += 2
        elif token.dep_ == "dobj" and head.lower_ in W.meet_verb | W.receive_verb | W.summon_verb:
            sides += 1  # "met bankers", "welcomed the leaders", "summoned ambassadors"
        elif token.dep_ == "nsubj" and head.i == anchor.i and token.tag_ == "NNS" and anchor.lower_ in W.meet_verb:
            sides += 2
        elif token.dep_ == "nsubj" and head.i == anchor.i and token.tag_ == "NNS":
            sides += 1  # "the unions will hold talks with X": the unions are one side
    for i in region:  # "the committee met", "a council meeting", "a meeting of the commission": its members meet
        token = sent.doc[i]
        if token.lower_ not in W.body_noun:
            continue
        if (token.dep_ in ("nsubj", "compound") and token.head.i in (anchor.i, trigger.i)
                or token.dep_ == "pobj" and token.head.head.i == trigger.i):
            sides = max(sides, 2)
    return sides, members


def international_gathering(trigger, region: set[int], index: TokenIndex) -> bool:
    """'the IMF meeting', 'OPEC's next meeting', 'the annual meeting of the Asian Development Bank': an international
    body's meeting gathers its members, so a person named attending it met them."""
    if trigger.lower_ not in W.assembly_noun:
        return False
    for i in region & index.international:
        token = trigger.doc[i]
        if (token.dep_ in ("compound", "poss") and token.head.i == trigger.i
                or token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.i == trigger.i):
            return True
    return False


def _group_names(sent):
    groups = country_groups()
    for match in _group_pattern().finditer(sent.text.lower()):
        yield sent.start_char + match.start(), sent.start_char + match.end(), groups[match.group()]


@lru_cache(maxsize=1)
def _group_pattern() -> re.Pattern:
    names = sorted(country_groups(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, names)) + r")(?![\w-])")


def _bare_plural(token) -> bool:
    """'the ministers', 'the leaders': a definite plural with no modifier of its own refers back."""
    children = list(token.children)
    return (token.tag_ == "NNS" and token.lower_ in W.party_or_group
            and any(c.dep_ == "det" and c.lower_ == "the" for c in children)
            and not any(c.dep_ in ("amod", "compound", "nmod", "prep", "poss") for c in children))


def plural_antecedents(people: list[str], anchor, index: TokenIndex) -> None:
    """'the two met', 'both leaders held talks', 'the ministers met', 'they spoke by phone': the parties are the two people named last
    before the trigger, when the sentence itself names fewer than two. ('their meeting' refers to a meeting
    already reported: folding handles it.)"""
    if len(people) >= 2:
        return
    subjects = [c for c in anchor.children if c.dep_ in ("nsubj", "nsubjpass")]
    subject_words = {t.lower_ for c in subjects for t in c.subtree}
    if not subject_words & W.plural_reference and not any(_bare_plural(c) for c in subjects):
        return
    earlier: list[str] = []
    for i, pid in reversed(index.people_before):
        if i < anchor.i and pid not in earlier:
            earlier.append(pid)
        if len(earlier) == 2:
            break
    for pid in reversed(earlier):
        if pid not in people:
            people.append(pid)


def reporter_of(anchor):
    """'X said the dispute was settled at a meeting with Y', 'our officials will meet the donors, X said': the
    subject token of the reporting verb whose clause holds the meeting, or None."""
    token = anchor
    while token.head.i != token.i:
        if token.dep_ == "ccomp" and token.head.lower_ in W.speech_verb:
            return next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        token = token.head
    return None
