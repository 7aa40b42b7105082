"""Hard-wrapped wire text is re-flowed into paragraphs; other text is left as it is."""

from __future__ import annotations

import json
from datetime import date

import pytest

from parley.ingest.clean import clean
from parley.ingest.pubdate import read_month_day
from parley.ingest.reflow import reflow, wrap_width

from tests.conftest import DATA

WIRE = DATA / "wire"  # records copied from the unannotated Reuters 1987 corpus

WRAPPED = (
    "BRUSSELS, May 4 - Ministers of the twelve member states\n"
    "agreed on Monday to resume the stalled negotiations on farm\n"
    "prices, a spokesman for the presidency told reporters here.\n"
    "    \"We have found a basis for a compromise that every govern-\n"
    "ment can accept,\" the spokesman said after the long session,\n"
    "which ran well into the early hours of the morning.\n"
    "    The medium-\n"
    "term plan will be put to the council next week.\n"
    " Reuter\n"
)


def test_wrapped_paragraphs_are_joined():
    paragraphs = reflow(WRAPPED).split("\n")
    assert paragraphs[0].endswith("told reporters here.") and "member states agreed" in paragraphs[0]
    assert paragraphs[1].startswith('"We have found') and paragraphs[1].endswith("morning.")
    assert paragraphs[-1] == "Reuter"


def test_line_end_hyphens():
    text = reflow(WRAPPED)
    assert "every government can accept" in text  # a word split by the wrap is one word again
    assert "The medium-term plan" in text  # a compound keeps its hyphen


def test_paragraph_per_line_text_is_untouched():
    text = (
        "The foreign ministers met in Geneva on Tuesday and agreed to meet again before the end of the year.\n"
        "Both said the talks had been useful.\n"
        "A joint statement is expected later this week, officials said, though no date has been set yet.\n"
        "The next round will be held in Vienna.\n"
    )
    assert wrap_width(text.splitlines()) is None
    assert reflow(text) == text


def test_blank_line_paragraphs():
    text = (
        "The prime minister told parliament on Thursday that the\n"
        "government would not raise taxes before the election,\n"
        "whatever the deficit turned out to be.\n"
        "\n"
        "Opposition leaders said the promise could not be kept and\n"
        "called for an independent review of the public finances\n"
        "before the budget.\n"
    )
    assert reflow(text).split("\n") == [
        "The prime minister told parliament on Thursday that the government would not raise taxes before the "
        "election, whatever the deficit turned out to be.",
        "Opposition leaders said the promise could not be kept and called for an independent review of the public "
        "finances before the budget.",
    ]


def test_wire_article_cleaned():
    article = clean(WRAPPED, "EC MINISTERS AGREE TO RESUME FARM TALKS", "1987-05-05T02:10:00")
    assert article.title == "EC MINISTERS AGREE TO RESUME FARM TALKS"  # all-caps titles are kept as given
    assert article.published_date == date(1987, 5, 5)  # a full date-time in the record
    assert (article.dateline, article.dateline_date, article.publisher) == ("Brussels", date(1987, 5, 4), "Reuters")
    assert article.body.startswith("Ministers of the twelve") and "Reuter" not in article.body
    assert len(article.body.split("\n")) == 3


def test_all_caps_title_line_in_plain_text():
    text = "SUMMIT TALKS END WITHOUT AGREEMENT\n\n" + WRAPPED
    article = clean(text)
    assert article.title == "SUMMIT TALKS END WITHOUT AGREEMENT"
    assert article.body.startswith("Ministers of the twelve")


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("April 8", date(1987, 4, 7), date(1987, 4, 8)),  # the wire's New York time is a day behind
        ("Dec 31", date(1988, 1, 1), date(1987, 12, 31)),
        ("2 March", date(1987, 3, 2), date(1987, 3, 2)),
        ("MARCH 3", date(1987, 3, 3), date(1987, 3, 3)),
        ("April 8", None, None),  # no year to read it in
        ("Friday", date(1987, 3, 3), None),
    ],
)
def test_read_month_day(text, published, expected):
    assert read_month_day(text, published) == expected


@pytest.mark.parametrize("path", sorted(WIRE.glob("*.json")), ids=lambda p: p.name)
def test_real_wire_records(path):
    record = json.loads(path.read_text(encoding="utf-8"))
    article = clean(record["text"], record["title"], record["published"])
    raw_lines = [line for line in record["text"].splitlines() if line.strip()]
    paragraphs = article.body.split("\n")
    assert len(paragraphs) < len(raw_lines) / 2  # wrapped lines were joined
    assert article.dateline and article.dateline_date == article.published_date
    assert article.publisher == "Reuters" and not article.body.rstrip().endswith(("Reuter", "REUTER"))
    # nothing but line breaks, indentation, wrap hyphens, the dateline and the sign-off is gone
    squeeze = lambda text: "".join(text.split()).replace("-", "")
    assert squeeze(article.body) in squeeze(record["text"])
    assert all(len(p) > 0 for p in paragraphs)
