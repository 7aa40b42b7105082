"""One test per kind of meeting report, on sentences written for these tests (never taken from a gold set)."""

from __future__ import annotations

from datetime import date

import pytest

from parley.meetings.find import find_meetings
from parley.meetings.merge import merge_meetings
from parley.nlp.entities import find_mentions
from parley.types import CleanArticle, MeetingMention

TUE = date(2015, 3, 10)  # a Tuesday


def meetings_in(nlp, kb, body: str, published: date | None = TUE, dateline_date: date | None = None,
                dateline: str | None = None):
    article = CleanArticle(body=body, published_date=published, dateline_date=dateline_date, dateline=dateline)
    doc = nlp(body)
    mentions, entities = find_mentions(doc, kb, published)
    return find_meetings(doc, article, mentions, {e.entity_id: e for e in entities}, kb)


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_list_of_counterparts_all_take_part(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry held talks with Sergey Lavrov, Angela Merkel and Recep Tayyip Erdogan "
                                  "in Geneva on Monday."))
    assert set(m.participants) == {"john-kerry", "sergey-lavrov", "angela-merkel", "recep-tayyip-erdogan"}
    assert (m.place, m.meeting_date, m.status) == ("Geneva", date(2015, 3, 9), "held")


def test_subject_of_the_main_clause_takes_part_in_a_subordinate_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Speaking after talks with Angela Merkel in Berlin, John Kerry said the sanctions "
                                  "would stay."))
    assert set(m.participants) == {"john-kerry", "angela-merkel"}


def test_pronoun_subject_is_the_protagonist_named_before(nlp, kb):
    body = ("John Kerry arrived in Berlin on Monday for a three-day tour. Officials said Angela Merkel was "
            "expected to attend. On Tuesday he held talks with Sergey Lavrov.")
    m = only(meetings_in(nlp, kb, body))
    assert set(m.participants) == {"john-kerry", "sergey-lavrov"}
    assert m.meeting_date == TUE


def test_the_two_are_the_two_people_named_last(nlp, kb):
    body = "Vladimir Putin and Hassan Rouhani arrived in Sochi on Monday. The two met for three hours."
    m = only(meetings_in(nlp, kb, body))
    assert set(m.participants) == {"vladimir-putin", "hassan-rouhani"}


def test_a_telephone_call(nlp, kb):
    m = only(meetings_in(nlp, kb, "Vladimir Putin spoke by telephone with Recep Tayyip Erdogan on Sunday."))
    assert (m.mode, m.meeting_date, set(m.participants)) == (
        "phone", date(2015, 3, 8), {"vladimir-putin", "recep-tayyip-erdogan"})


def test_a_body_of_countries_without_named_members(nlp, kb):
    m = only(meetings_in(nlp, kb, "The G-7 meeting in Washington on Monday ended without an agreement on the yen."))
    assert m.participants == [] and {"US", "JP", "DE", "FR", "GB", "IT", "CA"} <= set(m.countries)
    assert m.place == "Washington"


def test_one_named_person_meeting_an_unnamed_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Sergey Lavrov met Japanese officials in Tokyo on Monday."))
    assert m.participants == ["sergey-lavrov"] and "JP" in m.countries


def test_planned_meeting_with_a_future_weekday(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel will meet Barack Obama in Washington on Friday."))
    assert (m.status, m.meeting_date, m.place) == ("planned", date(2015, 3, 13), "Washington")


def test_a_date_still_to_come_makes_a_meeting_planned(nlp, kb):
    m = only(meetings_in(nlp, kb, "Officials prepared for a summit between Barack Obama and Vladimir Putin next "
                                  "month."))
    assert (m.status, m.meeting_date, m.date_precision) == ("planned", date(2015, 4, 1), "month")


def test_relative_days_count_from_the_dateline_day(nlp, kb):
    # the wire's publication time (New York) is a day before the dateline's day, the text's own "today"
    m = only(meetings_in(nlp, kb, "Angela Merkel met Hassan Rouhani yesterday.", published=date(2015, 3, 9),
                         dateline_date=TUE))
    assert m.meeting_date == date(2015, 3, 9)


def test_undated_article_gives_an_undated_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel met Hassan Rouhani on Wednesday.", published=None))
    assert m.meeting_date is None


@pytest.mark.parametrize("body", [
    "John Kerry visited the war memorial in Hiroshima on Monday.",
    "John Kerry told a news conference in Geneva that the sanctions would stay.",
    "Angela Merkel gave a speech to parliament on Monday.",
    "John Kerry said in an interview on Monday that the talks were useful.",
    "There are no plans for Angela Merkel to meet Hassan Rouhani during the trip.",
    "Angela Merkel did not meet Hassan Rouhani in Berlin on Monday.",
    "Angela Merkel cancelled her meeting with Hassan Rouhani.",
    "If Angela Merkel meets Hassan Rouhani, the sanctions may be eased.",
    "Angela Merkel told a meeting of car makers that emissions rules would tighten.",
])
def test_not_a_meeting(nlp, kb, body):
    assert meetings_in(nlp, kb, body) == []


def test_evidence_is_the_sentence_at_its_offsets(nlp, kb):
    body = "Markets were calm. Angela Merkel met Hassan Rouhani in Berlin on Monday. Oil prices rose."
    m = only(meetings_in(nlp, kb, body))
    assert m.evidence == body[m.start_char : m.end_char] == "Angela Merkel met Hassan Rouhani in Berlin on Monday."


def _report(day: date | None, precision: str | None = "day", place: str | None = "Geneva") -> MeetingMention:
    return MeetingMention(["john-kerry", "sergey-lavrov"], ["US", "RU"], place, "CH" if place else None, day,
                          precision if day else None, "held", "in_person", 0, 10)


def test_merge_folds_dates_that_agree_within_their_precision():
    merged = merge_meetings([("a", date(2015, 3, 10), _report(date(2015, 3, 9))),
                             ("b", date(2015, 3, 20), _report(date(2015, 3, 1), "month", None))])
    assert len(merged) == 1 and merged[0].meeting_date == date(2015, 3, 9) and len(merged[0].sources) == 2


def test_merge_keeps_conflicting_dates_apart():
    merged = merge_meetings([("a", date(2015, 3, 10), _report(date(2015, 3, 9))),
                             ("b", date(2015, 3, 12), _report(date(2015, 3, 11)))])
    assert len(merged) == 2


def test_merge_needs_the_same_core_participants():
    small = MeetingMention(["john-kerry"], ["US"], None, None, None, None, "held", "in_person", 0, 10)
    merged = merge_meetings([("a", date(2015, 3, 10), _report(date(2015, 3, 9))),
                             ("b", date(2015, 3, 10), MeetingMention(
                                 ["john-kerry", "angela-merkel", "barack-obama"], ["US", "DE"], None, None, None,
                                 None, "held", "in_person", 0, 10)),
                             ("c", date(2015, 3, 10), small)])
    assert len(merged) >= 2 and not any({"sergey-lavrov", "angela-merkel"} <= set(m.participants) for m in merged)


def test_a_meeting_sentence_without_a_date_takes_the_day_of_the_sentence_before(nlp, kb):
    body = ("Angela Merkel said on Monday that progress had been made. She spoke to reporters after a long meeting "
            "with Hassan Rouhani.")
    m = only(meetings_in(nlp, kb, body))
    assert set(m.participants) == {"angela-merkel", "hassan-rouhani"} and m.meeting_date == date(2015, 3, 9)


def test_a_gathering_reported_by_an_official_counts_his_country(nlp, kb):
    m = only(meetings_in(nlp, kb, "Russian Foreign Minister Sergey Lavrov said the meeting of nine nations in Geneva "
                                  "had not set a deadline."))
    assert "RU" in m.countries and m.place == "Geneva"


def test_here_is_the_dateline_city_and_only_here_is(nlp, kb):
    here = only(meetings_in(nlp, kb, "Angela Merkel met Hassan Rouhani here on Monday.", dateline="Geneva"))
    assert here.place == "Geneva"
    elsewhere = only(meetings_in(nlp, kb, "Angela Merkel met Hassan Rouhani on Monday.", dateline="Geneva"))
    assert elsewhere.place is None


def test_leaving_a_city_after_talks_places_the_talks_there(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry left Paris on Monday after talks with Angela Merkel."))
    assert (m.place, set(m.participants)) == ("Paris", {"john-kerry", "angela-merkel"})


def test_company_business_is_not_a_diplomatic_meeting(nlp, kb):
    assert meetings_in(nlp, kb, "Angela Merkel chaired a board meeting with Hassan Rouhani on Monday.") == []
    assert len(meetings_in(nlp, kb, "Angela Merkel chaired a meeting with Hassan Rouhani on Monday.")) == 1


def test_the_ministers_refers_to_the_ministers_named_before(nlp, kb):
    body = "Sergey Lavrov flew to Ankara on Sunday to see Mevlut Cavusoglu. The ministers met on Monday."
    found = meetings_in(nlp, kb, body)
    assert any(set(m.participants) == {"sergey-lavrov", "mevlut-cavusoglu"} and m.meeting_date == date(2015, 3, 9)
               for m in found), found


@pytest.mark.parametrize("body", [
    "Angela Merkel said the needs of older people will be met by the new budget.",
    "Angela Merkel spoke to an audience at a meeting in Hamburg on Monday.",
])
def test_not_a_meeting_between_parties(nlp, kb, body):
    assert meetings_in(nlp, kb, body) == []


def test_the_run_up_to_a_summit_is_planned(nlp, kb):
    m = only(meetings_in(nlp, kb, "Officials worked through the night in the run-up to the summit between Barack "
                                  "Obama and Vladimir Putin."))
    assert m.status == "planned"


def test_the_leader_of_a_delegation_to_the_talks_takes_part(nlp, kb):
    body = ("Portugal opened talks on Monday with the farmers' leaders. Trade minister Paulo Mendes led a delegation "
            "of senior officials to the talks. The head of the farmers' union, Anna Lind, headed a group of five "
            "delegates at the meeting.")
    m = only(meetings_in(nlp, kb, body))
    assert {p.split(":")[-1] for p in m.participants} == {"paulo-mendes", "anna-lind"}
    assert m.meeting_date == date(2015, 3, 9)


def test_who_orders_others_to_hold_talks_does_not_take_part(nlp, kb):
    body = ("Angela Merkel ordered her ministers to open talks with Sergey Lavrov. "
            "On Tuesday John Kerry wanted to hold talks with Recep Tayyip Erdogan.")
    found = meetings_in(nlp, kb, body)
    assert not any("angela-merkel" in m.participants for m in found)
    assert any({"recep-tayyip-erdogan", "john-kerry"} <= set(m.participants) for m in found)


def test_a_named_person_told_something_at_a_place_was_met_there(nlp, kb):
    body = ("Finance Minister Pierre Morel said he told German Chancellor Angela Merkel here in March that France "
            "would not raise taxes. He told reporters here the budget was sound. Morel told Reuters in an "
            "interview that the plan would pass.")
    m = only(meetings_in(nlp, kb, body, dateline="PARIS", dateline_date=date(2015, 5, 4)))
    assert {p.split(":")[-1] for p in m.participants} == {"pierre-morel", "angela-merkel"}
    assert (m.place, m.status, m.mode) == ("Paris", "held", "in_person")
    assert (m.meeting_date, m.date_precision) == (date(2015, 3, 1), "month")


def test_negotiations_have_another_side_even_unnamed(nlp, kb):
    m = only(meetings_in(nlp, kb, '"We are pleased with the outcome," John Kerry said after three days of '
                                  'negotiations in Geneva. Angela Merkel blamed a rigid position for the failure of '
                                  "last week's coffee talks."))
    assert (m.participants, m.place, m.status) == (["john-kerry"], "Geneva", "held")


def test_the_traveller_returning_from_talks_took_part(nlp, kb):
    body = "John Kerry spoke in Berlin on Monday. He had flown to Germany from talks with Sergey Lavrov in Sochi."
    m = only(meetings_in(nlp, kb, body))
    assert set(m.participants) == {"john-kerry", "sergey-lavrov"}


def test_the_day_of_the_sentence_before_dates_a_meeting_that_continues_it(nlp, kb):
    body = ("John Kerry left Berlin on Monday after talks with Angela Merkel ahead of his visit to Moscow next week. "
            "He had flown to Germany from talks with Francois Hollande in Paris earlier in the day.")
    found = meetings_in(nlp, kb, body)
    paris = next(m for m in found if m.place == "Paris")
    assert paris.meeting_date == date(2015, 3, 9)


def test_a_surname_named_in_full_before_is_that_person_whatever_the_tagger_says(nlp, kb):
    body = ("Trade Minister Pavel Drozdek reached Vienna on Tuesday. His office said Deputy Minister Ilona Varga "
            "flew home after Drozdek and Energy Commissioner Marta Kovalik opened talks with the suppliers.")
    m = only(meetings_in(nlp, kb, body))
    assert {"pavel drozdek", "marta kovalik"} <= {p.split(":")[-1].replace("-", " ") for p in m.participants}


def test_a_habit_of_meeting_is_not_a_meeting(nlp, kb):
    assert meetings_in(nlp, kb, "Energy officials have met regularly with Anna Berg to discuss prices.") == []
    assert meetings_in(nlp, kb, "Farm lobbyists often meet Thomas Keller in Brussels.") == []


def test_speaking_before_a_meeting_reports_a_planned_one(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry said before his talks with Sergey Lavrov that he was hopeful."))
    assert m.status == "planned"
    m = only(meetings_in(nlp, kb, "Olaf Hansen was speaking before hosting a meeting of farm ministers in Oslo."))
    assert m.status == "planned"


def test_one_who_brings_something_to_the_meeting_takes_part(nlp, kb):
    m = only(meetings_in(nlp, kb, "Finance Minister Taro Aso is expected to bring a stimulus plan to the meeting, "
                                  "which will be attended by Germany, France and Canada."))
    assert any("taro-aso" in p for p in m.participants)  # a knowledge-base id or an article-local one
    assert {"DE", "FR", "CA"} <= set(m.countries)
    assert m.status == "planned"


def test_countries_attending_a_meeting_are_its_parties_and_the_relative_clause_gives_its_tense(nlp, kb):
    m = only(meetings_in(nlp, kb, "The summit, which was attended by Spain and Italy, ended in Madrid."))
    assert (set(m.countries), m.status) == ({"ES", "IT"}, "held")
    m = only(meetings_in(nlp, kb, "The talks, which will be attended by Spain and Italy, concern fishing quotas."))
    assert (set(m.countries), m.status) == ({"ES", "IT"}, "planned")


def test_a_country_named_as_the_place_keeps_the_dateline_city_out(nlp, kb):
    body = "U.S. Treasury Secretary James Baker met Finance Minister Karl Brun today in West Germany, officials said."
    m = only(meetings_in(nlp, kb, body, published=date(1987, 10, 19), dateline="Washington"))
    assert m.place is None and m.meeting_date == date(1987, 10, 19)
    m = only(meetings_in(nlp, kb, body.replace(" in West Germany", ""), published=date(1987, 10, 19),
                         dateline="Washington"))
    assert m.place == "Washington"  # a wire story's meeting of the dateline's day with a party of its country
