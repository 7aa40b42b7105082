"""The kinds of contact news reports beside "X met Y": letters, hosted meals, receptions, "discussed X with Y", a
body's meeting under its chair, scheduled talks. Each on sentences written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from tests.meetings.test_patterns import TUE, meetings_in, only


@pytest.mark.parametrize("body", [
    "John Kerry said in a letter to Sergey Lavrov that the ceasefire must hold.",
    "Angela Merkel has written three letters to Barack Obama about the trade plans.",
    "Sergey Lavrov wrote to John Kerry asking for new talks on Syria.",
    "Vladimir Putin sent a message to Recep Tayyip Erdogan offering his condolences.",
])
def test_a_letter_or_message_between_named_people(nlp, kb, body):
    m = only([m for m in meetings_in(nlp, kb, body) if m.mode == "letter"])
    assert len(m.participants) == 2 and m.status == "held"


def test_a_letter_proposing_a_meeting_was_sent_whatever_it_proposes(nlp, kb):
    found = meetings_in(nlp, kb, "Sergey Lavrov proposed in a letter to John Kerry that they meet in Vienna.")
    letter = only([m for m in found if m.mode == "letter"])
    assert letter.status == "held" and set(letter.participants) == {"sergey-lavrov", "john-kerry"}


def test_a_letter_still_to_be_sent_is_planned(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel will send a letter to Barack Obama on Friday."))
    assert (m.mode, m.status, m.meeting_date) == ("letter", "planned", date(2015, 3, 13))


@pytest.mark.parametrize("body", [
    "The letter of the law is clear, Angela Merkel said.",
    "Barack Obama's message of hope was heard across the country.",
    "John Kerry wrote in a newspaper column that the talks had failed.",
])
def test_not_a_letter_between_parties(nlp, kb, body):
    assert not [m for m in meetings_in(nlp, kb, body) if m.mode == "letter"]


def test_a_hosted_dinner_is_a_meeting_of_host_and_guest(nlp, kb):
    m = only(meetings_in(nlp, kb, "Barack Obama gave a dinner for Angela Merkel at the White House on Monday."))
    assert set(m.participants) == {"barack-obama", "angela-merkel"} and m.mode == "in_person"
    assert m.meeting_date == date(2015, 3, 9)


@pytest.mark.parametrize("body, guest", [
    ("Vladimir Putin received the Turkish foreign minister in the Kremlin on Monday.", None),
    ("Barack Obama hosted Angela Merkel at Camp David on Monday.", "angela-merkel"),
    ("Recep Tayyip Erdogan welcomed Sergey Lavrov to Ankara on Monday.", "sergey-lavrov"),
])
def test_a_leader_receiving_a_visitor(nlp, kb, body, guest):
    m = only(meetings_in(nlp, kb, body))
    assert m.status == "held" and m.meeting_date == date(2015, 3, 9) and m.mode == "in_person"
    assert guest is None or guest in m.participants


@pytest.mark.parametrize("body", [
    "Angela Merkel welcomed the decision of the court on Monday.",
    "Vladimir Putin received an honorary degree on Monday.",
])
def test_receiving_a_thing_is_not_a_meeting(nlp, kb, body):
    assert meetings_in(nlp, kb, body) == []


def test_discussed_something_with_someone(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry discussed the crisis with Sergey Lavrov on Monday."))
    assert set(m.participants) == {"john-kerry", "sergey-lavrov"} and m.meeting_date == date(2015, 3, 9)


def test_discussed_by_telephone_is_a_call(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel discussed Ukraine by telephone with Vladimir Putin on Sunday."))
    assert m.mode == "phone"


def test_a_body_meeting_under_its_chair(nlp, kb):
    m = only(meetings_in(nlp, kb, "The security council met in New York on Monday under the chairmanship of John Kerry."))
    assert m.participants == ["john-kerry"] and m.status == "held" and m.meeting_date == date(2015, 3, 9)


def test_due_to_start_talks_is_planned_and_the_subject_takes_part(nlp, kb):
    m = only(meetings_in(nlp, kb, "Sergey Lavrov is due to start talks with John Kerry tomorrow."))
    assert set(m.participants) == {"sergey-lavrov", "john-kerry"}
    assert (m.status, m.meeting_date) == ("planned", date(2015, 3, 11))


def test_expected_to_meet_with_its_own_subject_is_planned(nlp, kb):
    # "expect X to meet": the parser makes the infinitive a clause with a subject of its own
    m = only(meetings_in(nlp, kb, "Analysts expect Chile and Peru to meet in Lima."))
    assert set(m.countries) == {"CL", "PE"} and (m.status, m.place) == ("planned", "Lima")


def test_published_date_is_the_reference_of_a_scheduled_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel and Barack Obama are scheduled to meet in Berlin on Thursday."))
    assert (m.status, m.meeting_date, m.place) == ("planned", date(2015, 3, 12), "Berlin")
    assert TUE < m.meeting_date


@pytest.mark.parametrize("body", [
    "Angela Merkel gave a lunch for reporters in Berlin on Monday.",
    "Barack Obama had dinner at home on Monday.",
])
def test_a_meal_without_a_named_guest_is_not_a_meeting(nlp, kb, body):
    assert meetings_in(nlp, kb, body) == []


def test_a_knowledge_folder_without_a_newer_word_list_still_loads(tmp_path):
    from parley.knowledge.meeting_words import meeting_words

    (tmp_path / "meeting_words.csv").write_text("kind,word\nmeet_verb,met\n", encoding="utf-8")
    (tmp_path / "lexicon.csv").write_text("word,kind,comment\nsaid,speech_verb,\n", encoding="utf-8")
    words = meeting_words(tmp_path)
    assert words.meet_verb == {"met"} and words.letter_noun == frozenset()


def test_one_person_meeting_two_others_in_turn_gives_two_meetings(nlp, kb):
    body = ("Barack Obama met Angela Merkel in the morning. Later, Barack Obama held talks with Vladimir Putin "
            "in the same building.")
    found = meetings_in(nlp, kb, body)
    assert sorted(sorted(m.participants) for m in found) == [
        ["angela-merkel", "barack-obama"], ["barack-obama", "vladimir-putin"]]


def test_a_time_of_day_is_the_day_the_lead_names(nlp, kb):
    body = ("Angela Merkel spent Monday in Brussels discussing the budget. Diplomats welcomed the mood.\n\n"
            "She met Recep Tayyip Erdogan in the afternoon.")
    m = only(meetings_in(nlp, kb, body))
    assert m.meeting_date == date(2015, 3, 9)


def test_the_founding_date_of_a_summit_series_is_not_the_meeting_date(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel met Vladimir Putin at the summit, which Barack Obama founded "
                                  "in 2010."))
    assert m.meeting_date is None or m.meeting_date.year == 2015


def test_a_handshake_with_a_named_person_is_a_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Barack Obama shakes hands with Angela Merkel at the airport on Thursday."))
    assert set(m.participants) == {"barack-obama", "angela-merkel"} and m.mode == "in_person"
    assert meetings_in(nlp, kb, "Barack Obama shook hands with the crowd on Thursday.") == []


def test_welcoming_unnamed_leaders_is_a_meeting_with_them(nlp, kb):
    m = only(meetings_in(nlp, kb, "On Thursday Barack Obama welcomed foreign leaders to Washington for a working "
                                  "dinner."))
    assert m.participants == ["barack-obama"] and m.meeting_date == date(2015, 3, 5)


def test_two_people_discussing_something_meet(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel and Barack Obama will discuss the sanctions in Berlin on Friday."))
    assert set(m.participants) == {"angela-merkel", "barack-obama"} and m.status == "planned"


def test_a_conference_of_ministers_is_a_meeting_of_those_who_attend(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel flew to Paris to attend a conference of foreign ministers on Monday."))
    assert m.participants == ["angela-merkel"] and (m.place, m.meeting_date) == ("Paris", date(2015, 3, 9))
    assert meetings_in(nlp, kb, "Angela Merkel spoke at a conference on human rights in Paris on Monday.") == []


def test_a_letter_whose_sender_and_addressee_hang_on_the_verb(nlp, kb):
    m = only(meetings_in(nlp, kb, "The objections were set out in a letter on Monday from Angela Merkel to "
                                  "Barack Obama."))
    assert (m.mode, m.status, set(m.participants)) == ("letter", "held", {"angela-merkel", "barack-obama"})


def test_a_letter_to_unnamed_officials_has_them_as_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry said in a letter to Japanese officials that the tariffs would stay."))
    assert m.mode == "letter" and m.participants == ["john-kerry"] and "JP" in m.countries


def test_the_sides_of_a_meeting_named_after_a_time_word(nlp, kb):
    m = only(meetings_in(nlp, kb, "The bankers, speaking ahead of a meeting later today between Angela Merkel and "
                                  "her French counterpart Francois Hollande, said rates would rise."))
    assert set(m.participants) == {"angela-merkel", "francois-hollande"} and m.status == "planned"


def test_the_capital_named_by_its_country(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry held talks with Sergey Lavrov in the Russian capital on Monday."))
    assert (m.place, m.country_code) == ("Moscow", "RU")


def test_a_wire_story_meeting_of_the_dateline_day_is_in_the_dateline_city(nlp, kb):
    body = "John Kerry opens talks with Japanese officials today on farm trade."
    m = only(meetings_in(nlp, kb, body, dateline="Tokyo", dateline_date=TUE))
    assert (m.place, m.meeting_date) == ("Tokyo", TUE)
    phone = only(meetings_in(nlp, kb, "John Kerry spoke by telephone with Japanese officials today.",
                             dateline="Tokyo", dateline_date=TUE))
    assert phone.place is None


def test_a_plural_body_holding_talks_with_a_person_is_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Three teachers' unions will hold talks with Angela Merkel in Berlin on Friday."))
    assert m.participants == ["angela-merkel"] and m.status == "planned" and m.place == "Berlin"


def test_talks_abroad_by_the_person_a_relative_clause_describes(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry, who will hold talks in Beijing on Thursday, said the dispute could "
                                  "be settled."))
    assert m.participants == ["john-kerry"] and (m.place, m.meeting_date) == ("Beijing", date(2015, 3, 12))


def test_heading_a_delegation_to_a_capital_is_a_visit(nlp, kb):
    m = only(meetings_in(nlp, kb, "Sergey Lavrov heads a delegation going to Tokyo on Friday."))
    assert m.participants == ["sergey-lavrov"] and (m.place, m.status) == ("Tokyo", "planned")


def test_the_person_described_as_in_talks_with_another(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry, in talks with Sergey Lavrov, said the ceasefire must hold."))
    assert set(m.participants) == {"john-kerry", "sergey-lavrov"}


def test_summoning_an_ambassador(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel summoned the Turkish ambassador on Monday."))
    assert m.participants == ["angela-merkel"] and "TR" in m.countries and m.meeting_date == date(2015, 3, 9)


def test_talks_scheduled_for_a_day(nlp, kb):
    m = only(meetings_in(nlp, kb, "Talks between John Kerry and Sergey Lavrov are scheduled for Thursday."))
    assert (m.status, m.meeting_date) == ("planned", date(2015, 3, 12))


def test_officials_of_two_countries_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Trade officials of Japan and the United States meet tomorrow in Tokyo."))
    assert {"JP", "US"} <= set(m.countries) and (m.place, m.meeting_date) == ("Tokyo", date(2015, 3, 11))


def test_the_person_here_for_talks(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry, here for talks with European officials, said the tariffs would go."))
    assert m.participants == ["john-kerry"] and m.status == "held"


def test_a_meeting_with_senior_figures_of_a_body(nlp, kb):
    m = only(meetings_in(nlp, kb, "Angela Merkel held a private meeting with senior union figures on Thursday."))
    assert m.participants == ["angela-merkel"] and m.meeting_date == date(2015, 3, 5)


def test_the_place_of_the_sentence_before_in_the_same_paragraph(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry arrived in Geneva on Monday. He met Sergey Lavrov for three hours."))
    assert (m.place, m.meeting_date) == ("Geneva", date(2015, 3, 9))
    other = only(meetings_in(nlp, kb, "John Kerry arrived in Geneva on Monday.\n\nHe met Sergey Lavrov for three "
                                      "hours."))
    assert other.place is None  # another paragraph tells another moment


def test_the_day_of_the_next_sentence_dates_an_undated_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "John Kerry met Sergey Lavrov for three hours. Sergey Lavrov flew home on Monday."))
    assert m.meeting_date == date(2015, 3, 9)


def test_a_person_in_a_place_for_a_meeting_takes_part(nlp, kb):
    m = only(meetings_in(nlp, kb, "U.S. Trade Representative Mark Hale is in Wellington for a two-day meeting of "
                                  "trade ministers."))
    assert m.participants == ["person:mark-hale"] and "US" in m.countries


def test_the_country_owning_an_agency_in_talks_is_a_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Britain's Export Credits Guarantee Department is holding talks with Nigeria on "
                                  "insurance cover."))
    assert set(m.countries) == {"GB", "NG"} and m.participants == []


def test_the_country_owning_a_city_is_no_side(nlp, kb):
    m = only(meetings_in(nlp, kb, "Mark Hale met Kenji Sato in Russia's St. Petersburg on Monday."))
    assert "RU" not in m.countries


@pytest.mark.parametrize("body", [
    "The memoir says Angela Merkel told Barack Obama at a dinner hosted by Francois Hollande in June 2014 of her "
    "worries.",
    "The memoir says Francois Hollande hosted a dinner in June 2014 where Angela Merkel told Barack Obama she was "
    "worried.",
])
def test_one_person_telling_another_at_a_hosted_dinner(nlp, kb, body):
    m = only(meetings_in(nlp, kb, body))
    assert len(m.participants) == 3 and {"angela-merkel", "barack-obama"} <= set(m.participants)
    assert (m.meeting_date, m.date_precision, m.status) == (date(2014, 6, 1), "month", "held")


def test_telling_reporters_at_a_dinner_is_no_meeting(nlp, kb):
    assert meetings_in(nlp, kb, "Karl Brenner told reporters at a dinner in Vienna that he would go.") == []


def test_talks_whose_sides_hang_on_the_copula(nlp, kb):
    m = only(meetings_in(nlp, kb, "The last of the talks will be in Oslo next Wednesday between Dutch Foreign Minister "
                                  "Pieter Anker and Irish Foreign Minister Aoife Byrne."))
    assert set(m.participants) == {"person:pieter-anker", "person:aoife-byrne"}
    assert (m.place, m.status, m.meeting_date) == ("Oslo", "planned", date(2015, 3, 11))


def test_the_verb_the_talks_are_subject_of_gives_their_day(nlp, kb):
    m = only(meetings_in(nlp, kb, "Talks between Peru and Chile broke off yesterday."))
    assert set(m.countries) == {"PE", "CL"} and (m.status, m.meeting_date) == ("held", date(2015, 3, 9))
    m = only(meetings_in(nlp, kb, "The talks between Peru and Chile collapsed on Monday in Lima."))
    assert (m.meeting_date, m.place) == (date(2015, 3, 9), "Lima")


@pytest.mark.parametrize("body, status", [
    ("Juan Ortega will attend the annual meeting of the Asian Development Bank in Manila next week.", "planned"),
    ("Juan Ortega opened the annual meeting of the Asian Development Bank in Manila on Monday.", "held"),
    ("Juan Ortega told reporters after the IMF meeting on Monday that rates would fall.", "held"),
])
def test_a_person_at_an_international_body_s_meeting_met_its_members(nlp, kb, body, status):
    m = only(meetings_in(nlp, kb, body))
    assert m.participants == ["person:juan-ortega"] and m.status == status


@pytest.mark.parametrize("body", [
    "The IMF meeting will discuss the debt of poorer nations.",
    "Juan Ortega told the annual meeting of Ortega Mills Inc that sales rose.",
])
def test_no_international_gathering_without_a_named_attendee_or_of_a_company(nlp, kb, body):
    assert meetings_in(nlp, kb, body) == []


def test_a_that_clause_the_parser_hangs_on_the_meeting_gives_no_tense(nlp, kb):
    m = only(meetings_in(nlp, kb, "Juan Ortega told reporters after a meeting with Karl Brun on Monday that rates "
                                  "would fall."))
    assert (m.status, m.meeting_date) == ("held", date(2015, 3, 9))
