"""Which tokens open a meeting report: meet verbs, meeting nouns, visits, calls, letters, hosted meals, "discussed
X with Y", "received / hosted X". Each kind is a word list in meeting_words.csv and a test of the token's
dependency shape here, so "met the aspirations of the people" or "called on X to" open nothing."""

from __future__ import annotations

from spacy.strings import hash_string

from ..knowledge.meeting_words import GATE_KINDS, meeting_words

W = meeting_words()
_TRIGGER_HASHES = {hash_string(word) for kind in GATE_KINDS for word in W.kinds.get(kind, ())}
_SIDE_ENTS = ("PERSON", "ORG", "NORP", "GPE")


def triggers(sent, people=frozenset()) -> list:
    """Trigger tokens of the sentence, in order; `people`: indices of the tokens that name a person (a surname the
    tagger missed included)."""
    found = []
    for token in sent:
        if token.lower not in _TRIGGER_HASHES:
            continue  # most tokens: an integer test, no string built
        lower = token.lower_
        if lower in W.meet_verb and token.pos_ in ("VERB", "AUX") and _meets_people(token):
            found.append(token)
        elif lower in W.meeting_noun and token.pos_ in ("NOUN", "PROPN"):
            if lower == "call" and not any(c.lower_ in W.call_modifier for c in token.lefts):
                continue
            found.append(token)
        elif lower in W.conference_noun and _joint_conference(token):
            found.append(token)
        elif lower in W.visit_word:
            found.append(token)
        elif lower in W.speak_verb and token.pos_ == "VERB" and _speaks_with_someone(token):
            found.append(token)
        elif lower in W.tell_verb and token.pos_ == "VERB" and _told_in_person(token):
            found.append(token)
        elif any(lower in words and token.pos_ == pos and test(token, people) for words, pos, test in _SIDE_TESTS):
            found.append(token)
    return found


def _joint_conference(noun) -> bool:
    """'a joint press conference', 'a news conference with X', 'a conference of foreign ministers' — not 'his
    weekly press conference', 'a conference on rights'."""
    modifiers = {c.lower_ for c in noun.lefts}
    if not modifiers & W.conference_modifier:
        return any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.tag_ in ("NNS", "NNPS") and g.lower_ in W.party_or_group for g in c.children)
            for c in noun.children)
    return "joint" in modifiers or any(c.dep_ == "prep" and c.lower_ == "with" for c in noun.children)


def _meets_people(verb) -> bool:
    """'met his counterpart' / 'the two met in Belgrade', not 'meet the aspirations of the people'."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass"):  # "needs will be met", "targets were met": not people
            return child.pos_ in ("PROPN", "PRON") or child.lower_ in W.party_or_group
    return True


def _speaks_with_someone(verb) -> bool:
    """'spoke by phone', 'spoke with Putin', 'the Russian and Turkish presidents spoke' — not 'spoke to reporters'."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "on", "over") and any(
            g.lower_ in W.phone_word for g in child.subtree
        ):
            return True
        if child.dep_ == "prep" and child.lower_ in ("with", "to") and verb.tag_ != "VBG":
            return any(g.ent_type_ == "PERSON" or g.lower_ in W.party_noun for g in child.children)
        if child.dep_ == "nsubj":
            subject_words = {g.lower_ for g in child.subtree}
            if child.tag_ in ("NNS", "NNPS") and subject_words & W.party_noun or any(
                c.dep_ == "conj" for c in child.children
            ):
                return True
    return False


def _told_in_person(verb) -> bool:
    """'told Prime Minister X here in May', 'told X in Paris': a named person told at a place was met there —
    not 'told reporters here', 'told Reuters in an interview', 'told X by letter'."""
    told = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.ent_type_ == "PERSON"]
    if not told:
        return False
    for child in [*verb.children, *told[0].children]:  # the parser hangs 'here' from either
        if child.dep_ == "advmod" and child.lower_ == "here":
            return True
        if child.dep_ == "prep" and child.lower_ in ("in", "at") and any(
            g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC") for g in child.children
        ):
            return True
    return False


def _someone(token, people, ents=("PERSON", "ORG")) -> bool:
    """A person or a body that can be a side: a named person or organisation, or 'his counterpart', 'the minister'
    (with no entity types asked for: a person named)."""
    return token.i in people or bool(ents) and (token.ent_type_ in ents or token.lower_ in W.party_or_group)


def _with_a_side(token, people, ents=("PERSON", "ORG"), preps=("with",)) -> bool:
    """A 'with X' / 'to X' phrase naming a side hangs from the token (the parser calls 'to X' a dative too)."""
    return any(c.dep_ in ("prep", "dative") and c.lower_ in preps and any(
        g.dep_ == "pobj" and _someone(g, people, ents) for g in c.children) for c in token.children)


def _letter_between(noun, people) -> bool:
    """'in a letter to X', 'a message from X', 'sent a letter to X' — not 'the letter of the law', 'a message of
    hope'."""
    if _with_a_side(noun, people, preps=("to", "from")):
        return True
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ in ("in", "by") and _with_a_side(head.head, people, preps=("to", "from")):
        return True  # "objections were put in a letter from X to Y": the parser hangs 'from', 'to' on the verb
    sent_to = noun.dep_ == "dobj" and head.lower_ in W.send_verb | W.write_verb
    return sent_to and _with_a_side(head, people, preps=("to",))


def _discussed_with(verb, people) -> bool:
    """'discussed the crisis with X', 'discussed with X the crisis', 'discussed it by phone with X' (the parser hangs
    'with' from the verb, its object or the means), 'X and Y discussed the crisis'."""
    means = [g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("by", "over") for g in c.children]
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if any(_with_a_side(t, people, _SIDE_ENTS) for t in (verb, *objects, *means)):
        return True
    # "X and Y discussed the sanctions": two people named as the subject
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    return any(_someone(s, people, ("PERSON",)) and any(
        c.dep_ == "conj" and _someone(c, people, ("PERSON",)) for c in s.children) for s in subjects)


def _addressed(verb, people) -> bool:
    """'wrote to X' — not 'wrote in a newspaper'."""
    return _with_a_side(verb, people, preps=("to",))


def _shared_meal(noun, people) -> bool:
    """'hosted a dinner for X', 'a working lunch with X': a meal shared with a person named — not 'had dinner at
    home', 'a lunch for reporters'."""
    named = set(people) | {t.i for t in noun.sent if t.ent_type_ == "PERSON"}
    if _with_a_side(noun, named, ents=(), preps=("with", "for")):
        return True
    if noun.dep_ == "pobj" and noun.head.lower_ == "at" and _told_someone(noun.head.head, named):
        return True  # "X told Y at a dinner hosted by Z"
    clauses = [c for c in noun.children if c.dep_ == "relcl"]
    clauses += [t for t in noun.sent if t.dep_ == "relcl" and t.head.dep_ == "pobj" and t.head.head.head.i == noun.head.i
                and any(w.lower_ == "where" for w in t.children)]  # "a dinner in November where": hung on the date
    if any(_told_someone(c, named) for c in clauses):
        return True  # "Z hosted a dinner where X told Y ..."
    return noun.dep_ in ("dobj", "nsubjpass") and noun.head.lower_ in W.meal_verb | W.receive_verb | W.light_verb and (
        _with_a_side(noun.head, named, ents=(), preps=("with", "for")))


def _told_someone(verb, named) -> bool:
    """A named person told a named person (not 'told reporters', 'told the audience')."""
    return verb.pos_ == "VERB" and verb.lower_ in W.tell_verb and all(
        any(c.dep_ in deps and _someone(c, named, ()) for c in verb.children) for deps in (("nsubj",), ("dobj", "dative")))


def _receives_someone(verb, people) -> bool:
    """'received the foreign minister', 'hosted his Japanese counterpart', 'welcomed X to the White House' — not
    'received a letter', 'welcomed the decision'."""
    return any(c.dep_ == "dobj" and _someone(c, people, ("PERSON",)) for c in verb.children)


def _shook_hands(verb, people) -> bool:
    """'shook hands with X' (a caption's 'X shakes hands with Y') — not 'shook hands with the crowd'."""
    named = set(people) | {t.i for t in verb.sent if t.ent_type_ == "PERSON"}
    hands = [c for c in verb.children if c.dep_ == "dobj" and c.lower_ in ("hands", "hand")]
    return bool(hands) and any(_with_a_side(t, named, ents=()) for t in (verb, *hands))


def _summoned(verb, people) -> bool:
    """'summoned the ambassador', 'the envoy was summoned by the ministry'."""
    return any(c.dep_ in ("dobj", "nsubjpass") and _someone(c, people, ("PERSON",)) for c in verb.children)


def _delegation_on_its_way(noun, people) -> bool:
    """'heads a delegation going to Tokyo', 'leads a delegation to Paris next week'."""
    return noun.head.lower_ in W.lead_verb and any(
        c.dep_ == "acl" and c.lower_ in W.travel_verb or c.dep_ == "prep" and c.lower_ == "to" for c in noun.children)


# The kinds whose test needs to know which tokens name a person: (words, part of speech, test).
_SIDE_TESTS = (
    (W.letter_noun, "NOUN", _letter_between),
    (W.write_verb, "VERB", _addressed),
    (W.meal_noun, "NOUN", _shared_meal),
    (W.receive_verb, "VERB", _receives_someone),
    (W.discuss_verb, "VERB", _discussed_with),
    (W.handshake_verb, "VERB", _shook_hands),
    (W.summon_verb, "VERB", _summoned),
    (W.delegation_noun, "NOUN", _delegation_on_its_way),
)

