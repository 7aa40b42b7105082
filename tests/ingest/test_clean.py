"""clean() and parse_published() on the seed articles (against the gold), on messy variants, and on BBC articles."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from parley.ingest.clean import byline_parts, chrome_reason, clean, normalise_lines, sign_off_publisher, split_dateline
from parley.ingest.pubdate import parse_published

from tests.conftest import DATA, SHARED

BBC_SAMPLE = sorted((DATA / "inputs" / "bbc").glob("*.txt"))
BBC_CORPUS = SHARED / "corpus" / "bbc-politics"


def _fold(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", text).strip().casefold()


@pytest.fixture(scope="module")
def cleaned_seeds(gold, seed_paths):
    by_name = {path.name: path for path in seed_paths}
    return {
        entry["file"]: (entry, clean(by_name[entry["file"]].read_text(encoding="utf-8"))) for entry in gold["articles"]
    }


def test_seed_titles_and_dates_match_gold(cleaned_seeds):
    for name, (entry, article) in cleaned_seeds.items():
        assert article.title == entry["title"], name
        expected = date.fromisoformat(entry["published"]) if entry["published"] else None
        assert article.published_date == expected, name


def test_seed_chrome_is_gone(cleaned_seeds):
    for name, (entry, article) in cleaned_seeds.items():
        for chrome in entry["must_not_contain"]:
            assert chrome not in article.body, (name, chrome)
            assert chrome not in (article.title or ""), (name, chrome)


def test_seed_bodies_keep_every_gold_quote_and_long_paragraph(cleaned_seeds, seed_paths):
    for path in seed_paths:
        entry, article = cleaned_seeds[path.name]
        body = _fold(article.body)
        for quote in entry["quotes"]:
            assert _fold(quote["text"]) in body, (path.name, quote["text"][:60])
        # a long line is always running text; its end survives even when a dateline is cut from its start
        for line in normalise_lines(path.read_text(encoding="utf-8")):
            if len(line) > 150 and line not in article.captions:
                assert _fold(line[-120:]) in body, (path.name, line[:60])


def test_seed_body_is_one_paragraph_per_line(cleaned_seeds):
    for name, (_, article) in cleaned_seeds.items():
        lines = article.body.split("\n")
        assert len(lines) >= 2, name
        assert all(line and line == line.strip() and "  " not in line for line in lines), name
        assert "\u00a0" not in article.body, name


def test_seed_byline_publisher_dateline_captions(cleaned_seeds):
    ara = next(article for entry, article in cleaned_seeds.values() if entry["title"] and "ceasefire" in entry["title"])
    assert (ara.byline, ara.publisher, ara.dateline) == ("Laila Majdalawi", "ARA News", "Damascus")
    assert ara.body.startswith("Russia and Turkey announced")
    assert len(ara.captions) == 1 and ara.captions[0].endswith("Photo: AA")
    assert "ARA News" not in ara.body and "Reporting by" not in ara.body

    for entry, article in cleaned_seeds.values():
        for caption in article.captions:
            assert caption not in article.body
        assert len(article.captions) == len(set(article.captions))
    image_captioned = [a for _, a in cleaned_seeds.values() if any("[Image:" in c for c in a.captions)]
    assert len(image_captioned) == 1 and len(image_captioned[0].captions) == 1  # printed twice, kept once


def test_seed_damaged_name_is_left_alone(cleaned_seeds):
    # "Çavu?o?lu" lost letters before we got it; ftfy must not invent or drop anything around it
    assert any("Çavu?o?lu told reporters" in article.body for _, article in cleaned_seeds.values())


def test_mojibake_is_repaired_and_curly_quotes_kept():
    text = "Lavrov’s visit to Ankara\n\n‘We agreed today,’ Çavuşoğlu said in Ankara on Friday."
    mangled = text.encode("utf-8").decode("cp1252")
    assert "â€" in mangled
    article = clean(mangled)
    assert article.title == "Lavrov’s visit to Ankara"
    assert article.body == "‘We agreed today,’ Çavuşoğlu said in Ankara on Friday."


@pytest.mark.parametrize(
    "paragraph, place, agency, rest",
    [
        ("MOSCOW (Reuters) - Russia said on Friday it would talk.", "Moscow", "Reuters", "Russia said"),
        ("ANKARA, Turkey — Turkish officials met their Russian peers.", "Ankara", None, "Turkish officials"),
        ("Damascus – Russia and Turkey announced a deal.", "Damascus", None, "Russia and Turkey"),
        ("NEW YORK, July 2 (AP) — The Security Council voted.", "New York", "AP", "The Security Council"),
    ],
)
def test_dateline_is_split_off(paragraph, place, agency, rest):
    found = split_dateline(paragraph)
    assert (found.place, found.agency) == (place, agency)
    assert found.rest.startswith(rest)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Vote For Me - ITV1's talent show for politicians - finally hits our screens this week.",
        "Sergei Lavrov – the veteran diplomat – said the talks went well.",
        "Turkey and Russia - two old rivals - met again.",
        "Russian Foreign Minister Sergei Lavrov said on Wednesday that talks would continue.",
    ],
)
def test_appositions_are_not_datelines(paragraph):
    assert split_dateline(paragraph) == (None, None, paragraph, None)


def test_reuters_style_article_end_to_end():
    text = (
        "Turkey and Russia agree new talks on Syria\n"
        "By John Smith\n"
        "Published: 2019-03-05T10:00:00Z\n\n"
        "MOSCOW (Reuters) - Russia and Turkey agreed on Tuesday to hold new talks on Syria, officials said.\n"
        "The talks will take place in Ankara next month, the Kremlin said in a statement.\n"
        "Share this article\n"
        "Read more: Erdogan visits Moscow\n"
        "(c) 2019 Example Wire. All rights reserved.\n"
    )
    article = clean(text)
    assert article.title == "Turkey and Russia agree new talks on Syria"
    assert article.byline == "John Smith"
    assert article.publisher == "Reuters"
    assert article.dateline == "Moscow"
    assert article.published_date == date(2019, 3, 5)
    assert article.body.split("\n") == [
        "Russia and Turkey agreed on Tuesday to hold new talks on Syria, officials said.",
        "The talks will take place in Ankara next month, the Kremlin said in a statement.",
    ]
    assert "Share this article" in article.removed


def test_metadata_wins_and_repeated_title_leaves_the_body():
    text = "Lavrov meets Cavusoglu\nThe two ministers met in Sochi on Friday to discuss Syria.\n"
    article = clean(text, meta_title="Lavrov meets Cavusoglu", meta_published="2016-07-01T12:00:00+03:00")
    assert article.title == "Lavrov meets Cavusoglu"
    assert article.published_date == date(2016, 7, 1)
    assert article.body == "The two ministers met in Sochi on Friday to discuss Syria."


def test_dates_in_body_sentences_do_not_become_published():
    text = (
        "Ministers meet in Sochi\n"
        "The ministers met on 1 July 2016 in Sochi, the ministry said.\n"
        "2016-07-02\n"
    )
    assert clean(text).published_date is None


def test_teaser_heading_only_cuts_near_the_end():
    paragraphs = [f"Paragraph {i} says the ministers talked about Syria at length on Monday." for i in range(6)]
    early = clean("\n".join(["Read more", *paragraphs]))
    assert all(p in early.body for p in paragraphs)
    late = clean("\n".join([*paragraphs, "Related Articles", "Another story about something else entirely."]))
    assert "Another story" not in late.body and all(p in late.body for p in paragraphs)


@pytest.mark.parametrize(
    "line",
    ["Follow us on:", "Follow us on Facebook | Twitter", "© 2021 World Desk. All rights reserved.",
     "Go to Forum >>0 Comment(s)", "Leave a Reply", "three × 3 =", "Join our Weekly Newsletter",
     "For the latest news follow us on Twitter", "Related Items",
     "Your email address will not be published. Required fields are marked *"],
)  # fmt: skip
def test_chrome_lines_are_recognised(line):
    assert chrome_reason(line)


@pytest.mark.parametrize(
    "line",
    ["First such meeting in Russia", "Lavrov said the newsletter of the ministry was wrong.", "Syria talks",
     "Like us, they want peace in the region.", "For the latest news on the talks, the ministry pointed to its site.",
     "Copyright law was not on the agenda.", "Relief agencies", "By contrast, Ankara wanted more time.",
     "Share prices fell sharply in Moscow after the announcement of new sanctions on Russian banks."],
)  # fmt: skip
def test_headings_and_sentences_are_not_chrome(line):
    assert chrome_reason(line) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Thu Apr 18, 2013 2:40AM", date(2013, 4, 18)),
        ("July 2, 2016, 5:35 am", date(2016, 7, 2)),
        ("2016-07-02", date(2016, 7, 2)),
        ("1 July 2016", date(2016, 7, 1)),
        ("2016-07-02T05:35:00+03:00", date(2016, 7, 2)),
        ("Updated 10:32 GMT, Sept. 3rd, 2019", date(2019, 9, 3)),
        ("13/07/2016", date(2016, 7, 13)),
        ("02/07/2016", None),  # day-month or month-day: unknown
        ("Feb 30, 2016", None),
        ("The talks on 1 July 2016 went well", None),
        ("Lavrov and Cavusoglu meeting in Alanya, Dec. 1, 2016. Photo: AA", None),
        ("", None),
    ],
)
def test_parse_published(text, expected):
    assert parse_published(text) == expected


def _check_bbc(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    lines = normalise_lines(raw)
    article = clean(raw)
    assert article.title == lines[0], path.name
    paragraphs = lines[1:]
    assert len(article.body) >= 0.95 * sum(len(p) for p in paragraphs), path.name
    kept_chars = sum(len(p) for p in paragraphs if p in article.body)
    assert kept_chars >= 0.95 * sum(len(p) for p in paragraphs), path.name
    assert article.dateline is None and article.captions == [], path.name


@pytest.mark.parametrize("path", BBC_SAMPLE, ids=lambda p: p.name)
def test_bbc_sample_keeps_title_and_paragraphs(path):
    _check_bbc(path)


@pytest.mark.skipif(not BBC_CORPUS.is_dir(), reason="shared BBC corpus not mounted")
def test_bbc_corpus_keeps_title_and_paragraphs():
    paths = sorted(BBC_CORPUS.glob("*.txt"))
    assert len(paths) > 400
    for path in paths:
        _check_bbc(path)


@pytest.mark.parametrize(
    "line, expected",
    [
        ("By Jane Doe, Reuters", ("Jane Doe", "Reuters")),
        ("By Jane Doe and John Roe | Al Jazeera", ("Jane Doe and John Roe", "Al Jazeera")),
        ("Reporting by: Laila Majdalawi | Source: ARA News & Agencies", ("Laila Majdalawi", "ARA News")),
        ("Source: Anadolu Agency", (None, "Anadolu Agency")),
        ("By contrast, Ankara wanted more time.", None),
        ("By Monday, the talks had collapsed", None),
    ],
)
def test_byline_parts(line, expected):
    assert byline_parts(line) == expected


def test_agency_sign_off_names_the_publisher():
    assert sign_off_publisher("TBP and Agencies") == (True, "TBP")
    assert sign_off_publisher("(Agencies)") == (True, None)
    assert sign_off_publisher("Relief agencies") == (False, None)


def test_standalone_dateline_and_agency_lines():
    body = "Turkey's foreign minister met his Russian counterpart on Monday to discuss Syria."
    on_own_line = clean(f"Cavusoglu and Lavrov meet in Ankara\nANKARA, Turkey\n{body}")
    assert (on_own_line.dateline, on_own_line.publisher, on_own_line.body) == ("Ankara", None, body)
    agency = clean(f"Cavusoglu and Lavrov meet in Ankara\nAFP\n{body}")
    assert (agency.dateline, agency.publisher, agency.body) == (None, "AFP", body)


def test_repeated_headline_stays_the_title():
    body = "The ministers met in Sochi on Friday and agreed to cooperate on Syria."
    article = clean(f"Russia and Turkey to cooperate\n{body}\nRussia and Turkey to cooperate")
    assert (article.title, article.body, article.captions) == ("Russia and Turkey to cooperate", body, [])
