"""What is not a meeting an analyst wants, seen as extras in web news: a meeting with one's family, comments made
to an audience, a public consultation launched. Each on sentences written for these tests."""

from __future__ import annotations

import pytest

from tests.meetings.test_patterns import meetings_in, only


@pytest.mark.parametrize("body", [
    "At the university Karl Brenner met his future wife Ina, now a Labour MEP.",
    "Before the vote Tomas Varga flew to Vienna to visit his daughter, Maria, at the hospital.",
    "Mike Hale, the party's deputy leader, made the comments to an audience at a meeting during the campaign.",
    "The airport operator launched a series of consultations on the proposed expansion in September 2004.",
    "Jean Dubois will miss an address to the summit from Iraqi leader Iyad Allawi.",
    "Karl Brenner boycotted the talks with Tomas Varga in Vienna.",
    "As long as Norway keeps its position there is no point in meeting Tomas Varga, Karl Brenner said.",
    "The trip is part of regular high-level meetings with Chinese ministers, Karl Brenner said.",
    "Karl Brenner tried to avoid an emergency OPEC meeting with Tomas Varga.",
])
def test_not_a_meeting(nlp, kb, body):
    assert meetings_in(nlp, kb, body) == []


def test_consultations_with_a_named_side_are_a_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Karl Brenner held consultations with Tomas Varga in Vienna on Monday."))
    assert set(m.participants) == {"person:karl-brenner", "person:tomas-varga"}


def test_a_relative_named_as_an_official_still_meets_in_office(nlp, kb):
    # kinship words only drop the person they introduce: the other sides keep their meeting
    m = only(meetings_in(nlp, kb, "Karl Brenner met Tomas Varga and his wife Ina in Vienna on Monday."))
    assert set(m.participants) == {"person:karl-brenner", "person:tomas-varga"}


def test_one_regular_meeting_named_is_still_a_day_s_meeting(nlp, kb):
    m = only(meetings_in(nlp, kb, "Karl Brenner met Tomas Varga after the regular weekly meeting on Monday."))
    assert set(m.participants) == {"person:karl-brenner", "person:tomas-varga"}
