"""Visits: the visitor, the host country of the place visited, and the clause or sentence that tells it. Each on
sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from parley.knowledge.gazetteer import world_city_country
from tests.meetings.test_patterns import meetings_in, only


def test_a_pronoun_visitor_keeps_the_country_of_his_title_in_an_earlier_sentence(nlp, kb):
    body = "French Prime Minister Jean Dubois arrived in Lisbon on Monday. He will visit Washington later in the month."
    m = only([m for m in meetings_in(nlp, kb, body) if m.place == "Washington"])
    assert m.participants == ["person:jean-dubois"] and set(m.countries) == {"FR", "US"}
    assert (m.status, m.meeting_date, m.date_precision) == ("planned", date(2015, 3, 1), "month")


def test_the_subject_of_a_relative_clause_is_the_visitor(nlp, kb):
    m = only(meetings_in(nlp, kb, "Dutch Finance Minister Pieter Anker, who visited Tokyo last week, said trade "
                                  "was discussed."))
    assert m.participants == ["person:pieter-anker"] and set(m.countries) == {"NL", "JP"} and m.status == "held"


def test_a_visit_noun_by_a_named_visitor_due_next_week_is_planned(nlp, kb):
    m = only(meetings_in(nlp, kb, "The visit to Oslo by Irish Foreign Minister Aoife Byrne is due next week."))
    assert m.participants == ["person:aoife-byrne"] and set(m.countries) == {"IE", "NO"}
    assert (m.status, m.meeting_date) == ("planned", date(2015, 3, 1))


@pytest.mark.parametrize("city,code", [("Peking", "CN"), ("Bombay", "IN"), ("Osaka", "JP"), ("Leningrad", "RU")])
def test_a_city_of_the_gazetteer_by_its_name_or_an_older_english_one(city, code):
    assert world_city_country(city) == code


def test_a_visit_to_a_city_that_is_no_capital_has_the_host_country(nlp, kb):
    m = only(meetings_in(nlp, kb, "Swedish Trade Minister Karin Holm visited Osaka on Monday."))
    assert set(m.countries) == {"SE", "JP"} and m.place == "Osaka" and m.meeting_date == date(2015, 3, 9)


def test_a_tour_at_home_is_no_visit(nlp, kb):
    assert meetings_in(nlp, kb, "Swedish Trade Minister Karin Holm visited Gothenburg on Monday.") == []


def test_a_visit_with_no_host_completes_the_meeting_reported_at_that_place(nlp, kb):
    body = ("Austrian Chancellor Karl Brenner has invited the commission for talks in Vienna next month, diplomats "
            "said. The commissioners, led by President Tomas Varga, will pay a two-day visit to Vienna on April 1-2.")
    m = only(meetings_in(nlp, kb, body))
    assert set(m.participants) == {"person:karl-brenner", "person:tomas-varga"} and m.place == "Vienna"
    assert (m.status, m.meeting_date, m.date_precision) == ("planned", date(2015, 4, 1), "day")


def test_a_visit_with_no_host_and_no_meeting_there_is_none(nlp, kb):
    found = meetings_in(nlp, kb, "President Tomas Varga visited Vienna on Monday. He met Karl Brenner in Graz.")
    assert [m.place for m in found] == ["Graz"]


def test_the_visitor_s_country_from_an_apposition(nlp, kb):
    m = only(meetings_in(nlp, kb, "Pieter Anker, a former Dutch foreign minister, visited Tokyo on Monday."))
    assert set(m.countries) == {"NL", "JP"}



def test_arriving_here_for_talks_is_a_visit_to_the_dateline_city(nlp, kb):
    m = only(meetings_in(nlp, kb, "Peruvian Energy Minister Carlos Vera arrived here on Monday for talks on oil "
                                  "supplies, officials said.", dateline="CARACAS"))
    assert m.participants == ["person:carlos-vera"] and set(m.countries) == {"PE", "VE"} and m.place == "Caracas"


def test_the_traveller_of_an_arrival_for_talks_takes_part(nlp, kb):
    m = only(meetings_in(nlp, kb, "The policy change was announced two days before the scheduled arrival of U.S. "
                                  "Commerce Secretary John Miles for talks with Trade Minister Kim Sung-ho."))
    assert set(m.participants) == {"person:john-miles", "person:kim-sung-ho"} and m.status == "planned"


def test_the_visit_of_a_foreign_visitor_with_no_destination_is_to_the_dateline_country(nlp, kb):
    # the wire story is filed where the visit is; "which begins on Friday" is its day, still to come
    m = only(meetings_in(nlp, kb, "Unions timed the strike to embarrass the government during the two-day visit of "
                                  "Austrian Chancellor Fritz Aigner, which begins on Friday.", dateline="Lima"))
    assert m.participants == ["person:fritz-aigner"] and set(m.countries) == {"AT", "PE"}
    assert (m.status, m.meeting_date) == ("planned", date(2015, 3, 13))


def test_a_visit_framing_another_meeting_or_by_a_compatriot_gives_no_dateline_host(nlp, kb):
    framed = meetings_in(nlp, kb, "Austrian Chancellor Fritz Aigner met Peruvian President Luis Campos for talks on "
                                  "the first day of the Austrian leader's visit.", dateline="Lima")
    assert len(framed) == 1 and set(framed[0].participants) == {"person:fritz-aigner", "person:luis-campos"}
    home = meetings_in(nlp, kb, "Critics said little came of the visit of Peruvian Trade Minister Ana Rojas.",
                       dateline="Lima")
    assert not home
