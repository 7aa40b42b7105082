"""Meeting reports: who met whom, where, when, in person or by phone, held or planned.

Per article: every trigger word (met, talks, meeting, visit, phone call, ...) in a sentence gives one candidate
report whose people, countries, place and date are the ones syntactically tied to that trigger (its dependency
region), so two events in one sentence do not share their parties. Candidates of the same meeting inside the
article are folded together, captions can complete a place or date, and reports with fewer than two parties are
dropped. Across articles, `merge.merge_meetings` folds reports of the same meeting into one warehouse row.
"""

from __future__ import annotations

from datetime import date

from ..knowledge.kb import KnowledgeBase
from ..knowledge.meeting_words import meeting_words
from ..types import CleanArticle, Entity, MeetingMention, Mention, Quote
from .dates import points_ahead
from .facts import PART_OF_DAY, date_of, neighbour_date, neighbour_place, not_a_meeting, place_of, status_of, story_day
from .fold import GATE, Report, complete_from_caption, fold_within_article, party_count, to_mention
from .index import TokenIndex, resolve_place
from .parties import (add_antecedent, clause_chain, countries_beyond_people, international_gathering, is_party_token,
                      is_visit_host, party_countries, plural_antecedents, reporter_of, shared_subject, titled_nationalities,
                      unnamed_sides)
from .travel import travel_hosts, travelled_here, traveller
from .triggers import triggers

W = meeting_words()
_BOUNDARY_DEPS = {"ccomp", "advcl", "parataxis", "csubj"}
_PERSONAL_PRONOUNS = {"he", "she", "him"}
_PARTY_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}
_AHEAD = ("next", "tomorrow", "later this", "later in the", "coming")  # date expressions that point forward
_BEHIND = ("last", "yesterday", "earlier this", "earlier in the")


def find_meetings(
    doc, article: CleanArticle, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase,
    quotes: list[Quote] | None = None,
) -> list[MeetingMention]:
    return [to_mention(g, article.body) for g in meeting_groups(doc, article, mentions, entities, kb, quotes)]


def meeting_groups(
    doc, article: CleanArticle, mentions: list[Mention], entities: dict[str, Entity], kb: KnowledgeBase,
    quotes: list[Quote] | None = None,
) -> list[Report]:
    """The article's meetings before they become rows: each keeps every sentence folded into it (`cited`)."""
    if not GATE.search(article.body):
        return []
    index = TokenIndex(doc, mentions, entities, kb, quotes or [])
    today = article.dateline_date or article.published_date  # a dated dateline is the text's own "today"
    here = resolve_place(article.dateline, kb) if article.dateline else None  # "talks here"
    reports: list[Report] = []
    sents = list(doc.sents)
    for sent in sents:
        for person, code in titled_nationalities(sent, index).items():
            index.nationality.setdefault(person, code)
    lead_day = story_day(sents[0], today) if sents else None
    for sent in sents:
        for trigger in triggers(sent, index.person):
            report = _report_for(trigger, sent, index, today, kb, here, lead_day)
            if report:
                reports.append(report)
    groups = fold_within_article(reports)
    if here and here[0]:
        for group in groups:
            _at_the_dateline(group, here, today)
    for caption in article.captions:
        complete_from_caption(groups, caption, entities, kb, today)
    # two sides at least, and one of them named (a person or a country): "a meeting of ambassadors" alone says
    # nothing an analyst can query
    return [g for g in groups if party_count(g) >= 2 and (g.participants or g.countries or g.people_countries)]


def _anchor(trigger):
    """The token whose dependency region holds the meeting's parties: the light verb of 'held talks'."""
    head = trigger.head
    if trigger.pos_ in ("NOUN", "PROPN") and head.i != trigger.i and head.lower_ in W.light_verb:
        if trigger.dep_ in ("dobj", "nsubjpass", "nsubj", "attr"):
            return head
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "dobj" and head.lower_ in W.start_verb:
        return head  # "opened talks with", "joined the meeting" (not "the talks started with a meeting")
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "nsubjpass" and head.lower_ in W.planning_verb:
        return head  # "talks are scheduled for Thursday", "the meeting is expected to last two days"
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ == "nsubj" and _copula(head) and any(
            c.dep_ == "acomp" and c.lower_ in W.planned_word for c in head.children):
        return head  # "the visit is due next week": the date hangs from the copula
    subject = head.head if trigger.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "nsubj" else trigger
    if trigger.pos_ == "NOUN" and subject.dep_ == "nsubj" and _copula(subject.head) and any(
            c.dep_ == "prep" and c.lower_ == "between" for c in subject.head.children):
        return subject.head  # "the (last of the) talks will be in Washington between X and Y"
    if trigger.lower_ in W.delegation_noun and head.lower_ in W.lead_verb:
        return head  # "X heads a delegation going to Tokyo": the leader travels
    if trigger.lower_ in W.letter_noun and trigger.dep_ == "dobj" and head.lower_ in W.send_verb | W.write_verb:
        return head  # "sent a message to X": the sender is the verb's subject
    if trigger.lower_ in W.meal_noun and trigger.dep_ == "dobj" and head.lower_ in W.receive_verb | W.meal_verb:
        return head  # "hosted / gave a dinner for X": the host is the verb's subject
    return trigger


def _report_for(
    trigger, sent, index: TokenIndex, published: date | None, kb: KnowledgeBase, here=None, lead_day=None
) -> Report | None:
    anchor = _anchor(trigger)
    if not_a_meeting(trigger, anchor):
        return None
    region = _region(anchor, trigger)
    up_chain = clause_chain(anchor)
    people: list[str] = []
    pronoun_party = False
    for i in range(sent.start, sent.end):
        person = index.person.get(i)
        if person and person not in people and is_party_token(sent.doc[i], anchor, region, up_chain, sent):
            people.append(person)
        elif person is None and sent.doc[i].lower_ in _PERSONAL_PRONOUNS and sent.doc[i].dep_ in _PARTY_DEPS:
            pronoun_party = pronoun_party or is_party_token(sent.doc[i], anchor, region, up_chain, sent)
    people = [p for p in people if p not in index.family]  # "met his future wife": a private meeting
    reporter = reporter_of(anchor) if len(people) <= 1 else None
    if reporter is not None and _reporter_takes_part(reporter, trigger, people, sent, index):
        _takes_part(reporter, people, index)
        pronoun_party = pronoun_party or reporter.lower_ in _PERSONAL_PRONOUNS
    verbs = [anchor, *(sent.doc[i] for i in up_chain)]
    first_person = {c.lower_ for v in verbs for c in v.children if c.dep_ == "nsubj"} & {"i", "we"}
    speaker = index.quote_speaker(trigger.idx) if first_person else None
    if speaker and speaker not in people:
        people.insert(0, speaker)  # "we shall be meeting them," the minister said: the speaker takes part
    # "Funaro, whom he met last week": the person the clause describes (a visit needs its host named instead)
    # "X, in talks with Y, said", "X, here for talks with Y, said": the person the phrase describes was in the talks
    holder = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ in W.within_prep | {"for"} else None
    while holder is not None and holder.dep_ == "punct" and holder.head.i != holder.i:
        holder = holder.head  # "X, in talks with Y, said": the parser may hang the phrase on the comma
    if holder is not None and holder.lower_ == "here" and holder.dep_ == "advmod":
        holder = holder.head  # the person, or the verb whose subject the person is
        holder = next((c for c in holder.children if c.dep_ == "nsubj"), holder) if holder.pos_ == "VERB" else holder
    elif holder is not None and holder.lemma_ == "be":  # "X is in Manila for the meeting of ..."
        holder = next((c for c in holder.children if c.dep_ == "nsubj"), holder)
    _takes_part(holder, people, index)
    _takes_part(traveller(trigger), people, index)
    subject = shared_subject(anchor, sent, index)
    if not _takes_part(subject, people, index) and subject is not None and subject.lower_ in _PERSONAL_PRONOUNS:
        pronoun_party = True  # "he arrived on Monday and met X"
    described = anchor.head.head if anchor.head.dep_ == "appos" else anchor.head  # "X, an aide who attended ..."
    relative_head = None
    # "X, who arrived from a meeting with Y": the relative clause may be the verb the meeting hangs from
    relative = anchor if anchor.dep_ == "relcl" else next(
        (sent.doc[i] for i in sorted(up_chain) if sent.doc[i].dep_ == "relcl"), None)
    if relative is not None:
        relative_head = index.person.get(relative.head.i) or (
            index.person.get(described.i) if relative is anchor else None)
    visitor_clause = relative is not None and any(c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT")
                                                  for c in relative.children)
    if relative is not None and relative is not anchor and not visitor_clause:
        relative_head = None  # "Y, whom X met after arriving from talks": only the one the clause is about
    if relative_head and relative_head not in people and (trigger.lower_ not in W.visit_word or visitor_clause):
        people.append(relative_head)  # "X, who visited Tokyo": X is the visitor; "Y, whom X visited": the host
    # "X spoke after a week of negotiations": negotiations have another side even when it goes unnamed
    named_side = any(c.dep_ == "prep" and c.lower_ in ("with", "between") for c in trigger.children)
    implied_side = 1 if people and trigger.lower_ in W.two_sided_noun and not named_side and (
        anchor.i != trigger.i or _within_talks(trigger)) else 0
    words = {sent.doc[i].lower_ for i in region}
    possessive = {c.lower_ for c in trigger.children if c.dep_ == "poss"}
    counterpart_of = {c.lower_ for i in region if sent.doc[i].lower_ in ("counterpart", "counterparts") for c in sent.doc[i].children}
    subject = {c.lower_ for c in anchor.children if c.dep_ == "nsubj"}
    if pronoun_party or (possessive | counterpart_of | subject) & {"his", "her", "he", "she"}:
        add_antecedent(people, anchor, sent, index)
    plural_antecedents(people, anchor, index)
    sides, group_members = unnamed_sides(trigger, anchor, region, sent, index)
    if people and international_gathering(trigger, region, index):
        sides = max(sides, 2)  # "X will attend the IMF meeting": the body's members are the other sides
    if any(v.dep_ == "acl" and v.head.lower_ in W.group_noun and v.head.tag_ == "NNS"
           for v in (anchor, *(sent.doc[i] for i in up_chain))):
        sides += 1  # "bankers leaving the meeting with X": the group the clause describes
    countries, hosts = party_countries(anchor, trigger, region, up_chain, sent, index)
    countries += [c for c in group_members if c not in countries]
    if not people and not countries and sides >= 2 and reporter is not None:
        countries += _reporter_country(reporter, sent, index)  # "X said the meeting of six nations ..."
    if not people and len(countries) == 1 and not sides and named_side and reporter is not None:
        countries += [c for c in _officials_country(reporter, index) if c not in countries]
    writer = _writer(trigger)
    if not _takes_part(writer, people, index) and writer is not None and not sides:
        countries += [c for c in _officials_country(writer, index) if c not in countries]
    place, place_code = place_of(anchor, trigger, region, up_chain, sent, index)
    if place is None and here and here[0] and (_said_here(anchor, trigger) or travelled_here(trigger)):
        place, place_code = here[0], here[1] or place_code  # the dateline city, only when the text says "here"
    if place is None and people and trigger.lower_ not in W.letter_noun | W.write_verb:
        near, code = neighbour_place(sent, people, index)
        if place_code is None or code == place_code:  # "met X in West Germany": a city there, not any city
            place, place_code = near, code or place_code
    people_countries = [c for p in people if (c := index.person_country.get(p))]
    nationalities = titled_nationalities(sent, index)
    people_countries += [nationalities[p] for p in people if p in nationalities and nationalities[p] not in people_countries]
    # "He will visit Washington": a person titled with a country earlier in the article keeps it
    people_countries += [c for p in people if not index.person_country.get(p) and p not in nationalities
                         and (c := index.nationality.get(p)) and c not in people_countries]
    countries = [c for c in countries if c not in people_countries or c in countries_beyond_people(sent, index, people)]
    hosts += travel_hosts(trigger, named_side, people_countries, index, here)
    supporting = False
    if trigger.lower_ in W.visit_word | W.delegation_noun:
        hosted = [p for p in people if is_visit_host(p, trigger, sent, index)]
        if place_code and people_countries and place_code not in people_countries:
            hosts.append(place_code)
        elif (place_code is None and not hosted and here and here[1] and people_countries
              and here[1] not in people_countries and _visit_of_someone(trigger)):
            hosts.append(here[1])  # "during the visit of the Austrian chancellor", datelined Lima: Peru hosts
        elif not hosted:
            supporting = True  # a tour, unless a meeting already reported there is the one it tells of
        if any(c.dep_ == "prep" and c.lower_ == "for" and any(g.lower_ in W.visit_or_meeting for g in c.children)
               for c in anchor.children):
            supporting = True  # "will visit Turkey for the group's meeting": the meeting is the report
    status = status_of(anchor, trigger, region)
    when, precision, expr = date_of(anchor, trigger, region, up_chain, sent, published, status == "planned")
    if expr is None and people:
        when, precision, expr = neighbour_date(sent, people, index, published, status == "planned")
    if expr is None and lead_day and PART_OF_DAY.search(sent.text):
        when, precision, expr = lead_day  # "met in the afternoon": the day the story tells, named in its lead
    if status == "held" and (_after(when, precision, published) or (expr or "").startswith(_AHEAD)
                             or points_ahead(expr, published)):
        status = "planned"  # "a summit next month": a date still to come is a planned meeting
    elif status == "planned" and (expr or "").startswith(_BEHIND):
        status = "held"  # "whom he expected to see again, and met last week"
    if trigger.lower_ in W.letter_noun | W.write_verb:  # "proposed in a letter that they meet": the letter is sent
        status = "planned" if any(c.dep_ == "aux" and c.lower_ in W.planned_aux for c in anchor.children) else "held"
    mode = "phone" if words & W.phone_word else "virtual" if words & W.virtual_word else None
    if trigger.lower_ in W.letter_noun | W.write_verb:
        mode = "letter"
    elif mode is None and trigger.lower_ in W.in_person_word:
        mode = "in_person"
    orgs = sum(1 for i in region if i in index.org and (sent.doc[i].head.lower_ in ("with", "between") or (
        sent.doc[i].dep_ == "dobj" and sent.doc[i].head.i == anchor.i and anchor.lower_ in W.meet_verb | W.receive_verb)
        or i in index.base_org and _subject_of(sent.doc[i], anchor)))  # "the EU will start talks with Croatia"
    anaphoric = any(c.lower_ in W.anaphoric_determiner for c in trigger.lefts)
    return Report(
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
        counterparties=max(orgs + sides, implied_side),
        people_countries=people_countries,
        start_char=sent.start_char,
        end_char=sent.end_char,
        cited=[(sent.start_char, sent.end_char)],
        supporting=supporting,
    )


def _takes_part(token, people: list[str], index: TokenIndex) -> bool:
    """The person written at `token` (None: no token) goes first among the people; True when it was added."""
    person = index.person.get(token.i) if token is not None else None
    if person and person not in people:
        people.insert(0, person)
        return True
    return False


def _subject_of(token, verb) -> bool:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.i == verb.i


def _copula(token) -> bool:
    return token.lemma_ == "be" or token.lower_ in ("be", "is", "are", "was", "were", "been")


def _within_talks(trigger) -> bool:
    """'after (four days of) negotiations', 'during the talks': the speaker was in them — not 'blamed X for the
    talks' failure', where the parser may still hang the talks from the verb."""
    token = trigger
    if token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.dep_ == "pobj":
        token = token.head.head
    return token.dep_ == "pobj" and token.head.lower_ in W.within_prep


def _reporter_takes_part(reporter, trigger, people: list[str], sent, index: TokenIndex) -> bool:
    """The reporter is the missing side of 'a meeting with Y', or one of 'Philippine officials' meeting someone
    unless the reporter is known to serve another country."""
    if len(people) == 1:
        return any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children)
    person = index.person.get(reporter.i)
    if people or person is None:
        return False
    own = index.person_country.get(person) or titled_nationalities(sent, index).get(person)
    sides = {index.country.get(t.i) for t in trigger.sent if t.head.lower_ in W.group_noun and t.dep_ == "amod"}
    sides.discard(None)
    return bool(sides) and (own is None or own in sides)


def _visit_of_someone(visit) -> bool:
    """'the visit of X', 'a visit by X', 'X's visit': a noun visit naming its visitor and no destination (nor one
    framing another meeting: 'met Y on the first day of X's visit')."""
    if visit.pos_ != "NOUN" or any(c.dep_ == "prep" and c.lower_ == "to" for c in visit.children):
        return False
    if any(a.lower_ in W.event_word for a in visit.ancestors):
        return False
    return any(c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in ("of", "by") for c in visit.children)


def _said_here(anchor, trigger) -> bool:
    """'the meeting here', 'met here', 'talks held here', 'told X here': 'here' hangs from the meeting, its verb or
    the one met."""
    words = [trigger, anchor, *(c for c in trigger.children if c.dep_ in ("acl", "relcl", "dobj"))]
    return any(c.lower_ == "here" and c.dep_ == "advmod" for token in words for c in token.children)


def _reporter_country(reporter, sent, index: TokenIndex) -> list[str]:
    """An official reporting on a gathering of ministers or nations speaks for a country that took part."""
    person = index.person.get(reporter.i)
    own = person and (index.person_country.get(person) or titled_nationalities(sent, index).get(person))
    return [own] if own else []


def _writer(trigger):
    """'X said in a letter to Y', 'Cyprus' representative wrote in a message to Y': the subject of the speech verb
    the letter hangs from wrote it."""
    if trigger.lower_ not in W.letter_noun or trigger.dep_ != "pobj" or trigger.head.lower_ != "in":
        return None
    verb = trigger.head.head
    if verb.lower_ not in W.speech_verb | W.write_verb:
        return None
    return next((c for c in verb.children if c.dep_ == "nsubj"), None)


def _officials_country(reporter, index: TokenIndex) -> list[str]:
    """'Greek officials said no progress was made in talks with Turkey', 'Cyprus' representative said in a letter
    to X': officials of one country reporting their talks or letter are the other side."""
    if not (reporter.lower_ in W.group_noun and reporter.tag_ == "NNS" or reporter.lower_ in W.envoy_noun):
        return []
    return [code for c in reporter.children if c.dep_ in ("amod", "compound", "poss")
            and (code := index.country.get(c.i))][:1]


def _after(when: date | None, precision: str | None, today: date | None) -> bool:
    if when is None or today is None:
        return False
    if precision == "day":
        return when > today
    return (when.year, when.month) > (today.year, today.month) if precision == "month" else when.year > today.year


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
            if child.i != trigger.i and child.lower_ in W.visit_or_meeting and child.pos_ == "NOUN":
                if child.dep_ not in ("compound",):
                    continue
            stack.append(child)
    # "ahead of a meeting later today between X and Y": the parser may hang the sides on the verb above; a
    # 'between' / 'with' phrase right after the meeting noun (dates and adverbs aside) is the meeting's own
    if trigger.pos_ == "NOUN" and trigger.i == anchor.i:
        follower = trigger.doc[max(region) + 1] if max(region) + 1 < len(trigger.doc) else None
        while follower is not None and follower.dep_ in ("advmod", "npadvmod") and follower.i + 1 < len(trigger.doc):
            follower = trigger.doc[follower.i + 1]
        if follower is not None and follower.dep_ == "prep" and follower.lower_ in ("between", "with") and (
                follower.i not in region and follower.sent == trigger.sent):
            region.update(t.i for t in follower.subtree)
    return region


def _at_the_dateline(group: Report, here: tuple, today: date | None) -> None:
    """'TOKYO, April 17 - Lyng opens talks with Japanese officials today': a wire story's meeting of the dateline's
    day, in person, with a party of the dateline's country and no place of its own, is in the dateline city."""
    city, code = here[0], here[1]
    parties = set(group.countries) | set(group.people_countries) | set(group.host_countries)
    if (group.place is None and code in parties and group.mode in (None, "in_person") and today is not None
            and group.country_code in (None, code)  # "met X today in West Germany": not the Washington dateline
            and group.meeting_date == today and group.date_precision == "day"):
        group.place, group.country_code = city, code

