"""Who the sides are when the text names them indirectly: a country that is the subject of the clause around the
talks, the leader of a travelling team, the country travelled to, a former state's name, lenders, officials
reporting talks. Each on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from tests.meetings.test_patterns import meetings_in, only


def test_a_country_subject_of_the_clause_around_the_talks_is_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Officials said Canada would present a draft accord at talks with Mexico in "
                                  "Geneva tomorrow."))
    assert set(m.countries) == {"CA", "MX"} and (m.place, m.status) == ("Geneva", "planned")


def test_former_states_are_their_successors(nlp, kb):
    m = only(meetings_in(nlp, kb, "West German officials held talks with the Soviet Union in Vienna on Monday."))
    assert set(m.countries) == {"DE", "RU"}


def test_the_leader_of_a_team_arriving_for_talks_takes_part_with_the_country_it_travelled_to(nlp, kb):
    m = only(meetings_in(nlp, kb, "A World Bank team led by senior economist Maria Lindqvist arrived in Uganda on "
                                  "Monday for talks on a recovery program."))
    assert m.participants == ["person:maria-lindqvist"] and m.countries == ["UG"]
    assert m.meeting_date == date(2015, 3, 9)


def test_travel_home_for_talks_has_no_host(nlp, kb):
    assert meetings_in(nlp, kb, "Swedish Trade Minister Karin Holm arrived in Sweden on Monday for talks.") == []


def test_a_country_opening_talks_with_lending_agencies(nlp, kb):
    m = only(meetings_in(nlp, kb, "Chile will open talks next month with international lending agencies on its debt."))
    assert m.countries == ["CL"] and (m.status, m.meeting_date) == ("planned", date(2015, 4, 1))


def test_a_meeting_of_the_group_of_six_is_its_six_members(nlp, kb):
    m = only(meetings_in(nlp, kb, "Finance ministers of the Group of Six met in Paris last month, an official said."))
    assert set(m.countries) == {"US", "JP", "DE", "FR", "GB", "CA"} and m.place == "Paris"


def test_countries_in_apposition_to_allies_are_sides(nlp, kb):
    m = only(meetings_in(nlp, kb, "Canada and its allies Norway, Denmark and Iceland met recently in Oslo to discuss "
                                  "fishing."))
    assert set(m.countries) == {"CA", "NO", "DK", "IS"}


def test_the_country_of_a_place_in_apposition_is_no_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Karl Brenner met Tomas Varga in Paris, France, on Monday."))
    assert "FR" not in m.countries


def test_lenders_joined_to_the_country_are_the_other_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Chile and its bank advisory committee will resume talks on Monday on a debt "
                                  "package."))
    assert m.countries == ["CL"] and (m.status, m.meeting_date) == ("planned", date(2015, 3, 16))
    m = only(meetings_in(nlp, kb, "Debt talks between the Mexican government and its commercial bank creditors "
                                  "continued in New York."))
    assert m.countries == ["MX"] and m.place == "New York"


def test_an_institution_met_is_a_side_and_a_city_in_its_name_no_place(nlp, kb):
    m = only(meetings_in(nlp, kb, "Ecuador met the Paris Club on Tuesday."))
    assert m.countries == ["EC"] and m.place is None and m.meeting_date == date(2015, 3, 10)
    m = only(meetings_in(nlp, kb, "Finance Minister Pedro Lopez met the International Monetary Fund in Washington "
                                  "on Tuesday."))
    assert m.participants == ["person:pedro-lopez"] and m.place == "Washington"


@pytest.mark.parametrize("body,countries", [
    ("He said Italy was continuing negotiations with Libya.", {"IT", "LY"}),  # "continuing talks" opens them
    ("Kato said Japan was ready to continue trade talks with Canada despite the dispute.", {"JP", "CA"}),
    ("Greek officials said no progress had been made in talks with Turkey on the dispute.", {"GR", "TR"}),
    ("A Japanese official said no progress had been made in talks with Canada.", {"JP", "CA"}),
], ids=["continuing", "controlling-verb", "officials-reporting", "official-reporting"])
def test_a_country_written_around_the_talks_is_a_side(nlp, kb, body, countries):
    m = only(meetings_in(nlp, kb, body))
    assert set(m.countries) == countries and m.status == "held"


def test_analysts_reporting_talks_are_no_side(nlp, kb):
    assert meetings_in(nlp, kb, "Analysts said no progress had been made in talks with Turkey.") == []


def test_a_coordinated_meeting_verb_shares_the_first_verb_s_subject_and_day(nlp, kb):
    m = only([m for m in meetings_in(nlp, kb, "After the summit, Senator Mark Dale will travel to Hamburg on June 12 "
                                              "and will meet Chancellor Anna Berg in Bonn before flying home.")
              if m.place == "Bonn"])
    assert set(m.participants) == {"person:mark-dale", "person:anna-berg"}
    assert (m.status, m.meeting_date) == ("planned", date(2015, 6, 12))


def test_the_person_opening_the_sentence_is_the_subject_the_parser_lost(nlp, kb):
    m = only(meetings_in(nlp, kb, "Argentine Economy Minister Juan Sourrouille, on the last leg of a trip to explain "
                                  "his country's stance on debt to Asian governments, met Japanese Finance Minister "
                                  "Taro Sato on Monday."))
    assert set(m.participants) == {"person:juan-sourrouille", "person:taro-sato"}


def test_the_person_a_relative_clause_describes_came_from_the_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Diplomats said the Turkish envoy Kemal Aydin, who arrived last night from a "
                                  "meeting with Greek Premier Nikos Petrou, had left Athens."))
    assert set(m.participants) == {"person:kemal-aydin", "person:nikos-petrou"}


def test_a_body_of_the_base_starting_talks_is_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "The EU will start accession talks with Croatia in April."))
    assert m.countries == ["HR"] and (m.status, m.date_precision) == ("planned", "month")
    assert meetings_in(nlp, kb, "Acme Holdings will start merger talks with Croatia in April.") == []


def test_the_writer_of_a_letter_a_speech_verb_cites_is_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Cyprus' permanent representative said in a letter to Secretary-General Anna Berg "
                                  "that the troops must leave."))
    assert m.participants == ["person:anna-berg"] and m.countries == ["CY"] and m.mode == "letter"
    assert meetings_in(nlp, kb, "An analyst said in a letter to Secretary-General Anna Berg that the troops must "
                                "leave.") == []


def test_a_group_of_officials_named_by_its_members_or_described_by_a_clause_is_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Following the opening session, the group of ministers met with President Carlos "
                                  "Mendez at the presidential palace."))
    assert m.participants == ["person:carlos-mendez"]
    m = only(meetings_in(nlp, kb, "Bankers leaving the meeting with Finance Minister Carlos Mendez declined to "
                                  "discuss details."))
    assert m.participants == ["person:carlos-mendez"]


def test_ambassadors_summoned_are_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "In Lima, Foreign Minister Rosa Diaz yesterday summoned ambassadors from about 40 "
                                  "countries to appeal for aid."))
    assert m.participants == ["person:rosa-diaz"] and m.place == "Lima"


def test_a_state_named_before_a_party_member_is_no_country_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Rep. John Daley, a Georgia Democrat, met Israeli Prime Minister Dan Meir on "
                                  "Tuesday."))
    assert set(m.participants) == {"person:john-daley", "person:dan-meir"} and m.countries == ["IL"]


def test_the_countries_a_group_comes_from_are_sides(nlp, kb):
    m = only(meetings_in(nlp, kb, "Ministers from Argentina and Chile attended the meeting in Lima on Monday."))
    assert set(m.countries) == {"AR", "CL"} and (m.place, m.meeting_date) == ("Lima", date(2015, 3, 9))
    planned = only(meetings_in(nlp, kb, "Officials from Chile, Peru and Bolivia will meet here tomorrow.",
                               dateline="Lima"))
    assert set(planned.countries) == {"CL", "PE", "BO"} and (planned.status, planned.place) == ("planned", "Lima")
