from datetime import date

import pytest

from parley.dates import find_date_expressions, resolve_expression

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
        ("next week", date(2013, 4, 25), True, (None, None)),  # Apr 29 - May 5 spans two months
        ("on Wednesday", None, False, (None, None)),  # relative and undated
        ("last December", None, False, (None, None)),
        ("they may meet", THU_2013_04_18, False, (None, None)),  # lower-case "may" is not a month
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
