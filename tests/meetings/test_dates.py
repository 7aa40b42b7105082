from datetime import date

import pytest

from parley.meetings.dates import find_date_expressions, resolve_expression

THU_2013_04_18 = date(2013, 4, 18)
SAT_2016_07_02 = date(2016, 7, 2)


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        ("on Wednesday", THU_2013_04_18, False, (date(2013, 4, 17), "day")),
        ("on Wednesday", THU_2013_04_18, True, (date(2013, 4, 24), "day")),
        ("on Thursday", THU_2013_04_18, False, (date(2013, 4, 18), "day")),  # same weekday: the publication day
        ("on Friday", SAT_2016_07_02, False, (date(2016, 7, 1), "day")),
        ("on Friday", THU_2013_04_18, True, (date(2013, 4, 19), "day")),
        ("last Thursday", THU_2013_04_18, False, (date(2013, 4, 11), "day")),
        ("today", THU_2013_04_18, False, (THU_2013_04_18, "day")),
        ("yesterday", THU_2013_04_18, False, (date(2013, 4, 17), "day")),
        ("on April 20", THU_2013_04_18, True, (date(2013, 4, 20), "day")),
        ("April 20", date(2013, 5, 2), False, (date(2013, 4, 20), "day")),
        ("Dec. 1, 2016", None, False, (date(2016, 12, 1), "day")),
        ("1 July 2016", None, False, (date(2016, 7, 1), "day")),
        ("on June 30, 2012", None, False, (date(2012, 6, 30), "day")),
        ("last December", date(2023, 5, 10), False, (date(2022, 12, 1), "month")),
        ("last December", date(2023, 12, 20), False, (date(2022, 12, 1), "month")),
        ("in August of last year", date(2023, 5, 10), False, (date(2022, 8, 1), "month")),
        ("last month", date(2023, 1, 10), False, (date(2022, 12, 1), "month")),
        ("in November 2015", None, False, (date(2015, 11, 1), "month")),
        ("earlier this week", SAT_2016_07_02, False, (None, None)),  # no week precision: decided None
        ("this weekend", THU_2013_04_18, True, (date(2013, 4, 1), "month")),  # Apr 20-21: its month is fixed
        ("last week", THU_2013_04_18, False, (date(2013, 4, 1), "month")),  # Apr 8-14
        ("last week", date(2013, 5, 2), False, (date(2013, 4, 1), "month")),  # Apr 22-28, read on May 2
        ("next week", date(2013, 4, 24), True, (None, None)),  # Apr 29 - May 3 spans two months
        # a week is its working days: read on Thursday 5 March 2015, last week is 23-27 February (its Sunday is
        # 1 March)
        ("last week", date(2015, 3, 5), False, (date(2015, 2, 1), "month")),
        ("on Wednesday", None, False, (None, None)),  # relative and undated
        ("last December", None, False, (None, None)),
        ("they may meet", THU_2013_04_18, False, (None, None)),  # lower-case "may" is not a month
        ("tonight", THU_2013_04_18, True, (THU_2013_04_18, "day")),
        ("on Monday night", THU_2013_04_18, False, (date(2013, 4, 15), "day")),
        ("later this week", THU_2013_04_18, True, (date(2013, 4, 1), "month")),
        ("earlier this month", THU_2013_04_18, False, (date(2013, 4, 1), "month")),
        ("later in the month", THU_2013_04_18, True, (date(2013, 4, 1), "month")),  # this month, still to come
        ("earlier in the year", THU_2013_04_18, False, (date(2013, 1, 1), "year")),
        ("next month", date(2013, 12, 5), True, (date(2014, 1, 1), "month")),
        ("on the 15th", THU_2013_04_18, False, (date(2013, 4, 15), "day")),  # a day of the reference month
        ("on the 25th", THU_2013_04_18, False, (date(2013, 3, 25), "day")),  # still to come: the month before
        ("on the 25th", THU_2013_04_18, True, (date(2013, 4, 25), "day")),
        ("on the 2nd", date(2013, 12, 20), True, (date(2014, 1, 2), "day")),
        ("the 20th century", THU_2013_04_18, False, (None, None)),  # an ordinal before a noun is no date
        ("on March 3-5", THU_2013_04_18, True, (date(2014, 3, 3), "day")),  # a range keeps its first day
        ("from 3 to 5 May", THU_2013_04_18, True, (date(2013, 5, 3), "day")),
        ("3-5 March", THU_2013_04_18, False, (date(2013, 3, 3), "day")),
        ("from Monday to Wednesday", THU_2013_04_18, True, (date(2013, 4, 22), "day")),
        ("two weeks ago", THU_2013_04_18, False, (date(2013, 4, 1), "month")),  # Apr 1-5
        ("a week ago", date(2013, 4, 4), False, (date(2013, 3, 1), "month")),  # Mar 25-29
        ("over the weekend", date(2013, 4, 1), False, (date(2013, 3, 1), "month")),  # Mar 30-31, read Monday
        ("at the weekend", date(2013, 4, 24), True, (date(2013, 4, 1), "month")),  # the coming Apr 27-28
        ("this past weekend", date(2013, 6, 3), False, (date(2013, 6, 1), "month")),  # Jun 1-2
        ("over the weekend", date(2013, 6, 4), False, (date(2013, 6, 1), "month")),
        ("on April 29", THU_2013_04_18, False, (date(2013, 4, 29), "day")),  # the coming weeks, even in a past clause
        ("on July 15", THU_2013_04_18, False, (date(2012, 7, 15), "day")),  # months ahead: the last one
        ("TODAY", THU_2013_04_18, False, (THU_2013_04_18, "day")),  # wire copy in capitals
        ("ON WEDNESDAY", THU_2013_04_18, False, (date(2013, 4, 17), "day")),
    ],
)
def test_resolve_expression(text, published, future, expected):
    assert resolve_expression(text, published, future) == expected


def test_find_date_expressions_on_seed_sentence():
    sentence = "The Russia talks started with a meeting in Moscow last December, and again on Wednesday, April 20."
    found = [expr for _start, _end, expr in find_date_expressions(sentence)]
    assert found == ["last December", "on Wednesday, April 20"]
    for start, end, expr in find_date_expressions(sentence):
        assert sentence[start:end] == expr


def test_no_date_words_is_cheap_and_empty():
    assert find_date_expressions("Ministers discussed the refugee crisis in detail.") == []


# Meeting dates in whole sentences (written for these tests): the date phrase that belongs to the meeting.
TUE_2015_03_10 = date(2015, 3, 10)


def meeting_dates(nlp, kb, body: str, published: date | None = TUE_2015_03_10, dateline_date: date | None = None):
    from parley.meetings.find import find_meetings
    from parley.nlp.entities import find_mentions
    from parley.types import CleanArticle

    article = CleanArticle(body=body, published_date=published, dateline_date=dateline_date)
    doc = nlp(body)
    mentions, entities = find_mentions(doc, kb, published)
    found = find_meetings(doc, article, mentions, {e.entity_id: e for e in entities}, kb)
    return [(m.meeting_date, m.date_precision, m.status) for m in found]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("John Kerry met Sergey Lavrov in Geneva on Monday night.", (date(2015, 3, 9), "day", "held")),
        ("John Kerry will meet Sergey Lavrov in Geneva on Thursday.", (date(2015, 3, 12), "day", "planned")),
        ("John Kerry will meet Sergey Lavrov in Geneva on the 20th.", (date(2015, 3, 20), "day", "planned")),
        ("John Kerry met Sergey Lavrov in Geneva over the weekend.", (date(2015, 3, 1), "month", "held")),
        ("John Kerry met Sergey Lavrov in Geneva in August of last year.", (date(2014, 8, 1), "month", "held")),
        ("John Kerry and Sergey Lavrov will hold talks in Geneva from Monday to Wednesday.",
         (date(2015, 3, 16), "day", "planned")),
        # the date of the gathering the meeting happened at
        ("John Kerry met Sergey Lavrov on the sidelines of a summit in Paris two weeks ago.",
         (date(2015, 2, 1), "month", "held")),
        ("The deal was struck at a meeting with Sergey Lavrov during a conference in Oslo last week, John Kerry said.",
         (date(2015, 3, 1), "month", "held")),
        # the meeting's own date, not another in the sentence
        ("John Kerry, who was appointed on March 2, met Sergey Lavrov on Monday.", (date(2015, 3, 9), "day", "held")),
        ("John Kerry met Sergey Lavrov on Monday to discuss a ceasefire agreed on March 2.",
         (date(2015, 3, 9), "day", "held")),
        # the report's own day: the words came right after the meeting
        ("John Kerry said after a meeting with Sergey Lavrov that the ceasefire held.",
         (date(2015, 3, 10), "day", "held")),
        ("John Kerry met Sergey Lavrov in Geneva.", (None, None, "held")),
    ],
)
def test_meeting_date_in_a_sentence(nlp, kb, body, expected):
    assert meeting_dates(nlp, kb, body) == [expected]


def test_said_after_a_meeting_told_elsewhere_takes_no_day(nlp, kb):
    # "the talks" were reported with their own day in another sentence: the day of the words is not theirs
    body = "John Kerry said after the talks with Sergey Lavrov that the ceasefire held."
    assert meeting_dates(nlp, kb, body) == [(None, None, "held")]


def test_said_after_counts_from_the_dateline_and_needs_a_date(nlp, kb):
    body = "John Kerry said after a meeting with Sergey Lavrov that the ceasefire held."
    assert meeting_dates(nlp, kb, body, published=date(2015, 3, 9), dateline_date=TUE_2015_03_10) == [
        (TUE_2015_03_10, "day", "held")]
    assert meeting_dates(nlp, kb, body, published=None) == [(None, None, "held")]  # never guessed


def test_relative_dates_in_an_undated_article_stay_undated(nlp, kb):
    for body in ("John Kerry met Sergey Lavrov on the 5th.", "John Kerry met Sergey Lavrov over the weekend."):
        assert meeting_dates(nlp, kb, body, published=None) == [(None, None, "held")]


def test_this_weekend_read_midweek_is_still_to_come(nlp, kb):
    # a held-looking clause ("before hosting") whose weekend lies ahead of Tuesday 10 March: a planned meeting
    body = "Angela Merkel spoke to reporters before hosting a meeting with Vladimir Putin in Berlin this weekend."
    assert meeting_dates(nlp, kb, body) == [(date(2015, 3, 1), "month", "planned")]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("TOKYO, April 8 - Ministers met today.", "2013-04-07T22:10:00", date(2013, 4, 8)),  # stamped the day before
        ("BEIRUT, Dec 31 - Ministers met today.", "2014-01-01T01:00:00", date(2013, 12, 31)),
        ("BEIRUT, Sept. 30 - Ministers met today.", "2013-04-07T10:00:00", date(2012, 9, 30)),  # filed before, not after
        ("LONDON, Jan. 5, 2011 (AP) - Ministers met today.", None, date(2011, 1, 5)),  # a year needs no stamp
        ("LONDON, Jan. 5 (AP) - Ministers met today.", None, None),  # month and day alone: undated
    ],
)
def test_dateline_date(text, published, expected):
    from parley.ingest.clean import clean

    article = clean(text, None, published)
    assert (article.dateline_date, article.body) == (expected, "Ministers met today.")
