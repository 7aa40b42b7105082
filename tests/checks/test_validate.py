"""Validation with great-expectations: a sound warehouse passes; data corrupted through paths the table
constraints allow (offsets, dates, a meeting without parties) fail with messages naming the expectation."""

from __future__ import annotations

import re
from datetime import date

import duckdb
import pytest

from parley.checks.validate import latest_plausible_date, validate

from tests.conftest import build_warehouse


@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory):
    path = tmp_path_factory.mktemp("validate") / "good.duckdb"
    build_warehouse(path)
    return path


def test_sound_warehouse_passes_and_writes_data_docs(good_warehouse, tmp_path):
    result = validate(good_warehouse, tmp_path / "docs")
    assert result.failures == []
    assert result.success and result.failed == 0 and result.passed > 40
    # Data Docs: an index plus one rendered validation page per check query.
    assert result.gx_docs_path == tmp_path / "docs" / "index.html" and result.gx_docs_path.exists()
    assert "meeting_reports" in result.gx_docs_path.read_text(encoding="utf-8")
    assert len(list((tmp_path / "docs" / "validations").rglob("*.html"))) >= 13


def test_corrupted_warehouse_fails_naming_expectations(good_warehouse, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(good_warehouse.read_bytes())
    con = duckdb.connect(str(broken))
    # Every change below passes the table constraints; only the checks can catch it.
    con.execute("UPDATE mentions SET start_char = start_char + 1, end_char = end_char + 1 WHERE surface = 'Moscow'")
    con.execute("UPDATE quotes SET end_char = end_char + 500 WHERE quote_text LIKE 'Talks%'")
    con.execute("UPDATE articles SET published_date = DATE '1850-01-01' WHERE source_name = 'b.txt'")
    planned = con.execute("SELECT meeting_id FROM meetings WHERE status = 'planned'").fetchone()[0]
    con.execute("DELETE FROM meeting_participants WHERE meeting_id = ?", [planned])
    con.execute("DELETE FROM meeting_countries WHERE meeting_id = ?", [planned])
    con.close()

    result = validate(broken, tmp_path / "docs")
    assert not result.success and result.failed == len(result.failures)
    text = "\n".join(result.failures)

    def failure(prefix: str) -> str:
        found = [f for f in result.failures if f.startswith(prefix)]
        assert found, f"no failure starting {prefix!r} in:\n{text}"
        return found[0]

    assert "body has \"oscow \"" in failure("expect_column_values_to_be_null on mentions.surface_error")
    assert "outside a body" in failure("expect_column_values_to_be_null on quotes.offsets_error")
    assert "1850-01-01" in failure("expect_column_values_to_be_between on articles.published_date")
    assert planned in failure("expect_column_values_to_be_between on meetings.parties")
    failure("expect_column_values_to_be_null on quotes.quote_text_error")  # the stretched quote no longer matches
    assert result.failed == 5, text


def test_future_dates_are_plausible_for_one_year():
    assert latest_plausible_date(date(2024, 2, 29)).date() == date(2025, 2, 28)
    assert latest_plausible_date(date(2023, 5, 10)).date() == date(2024, 5, 10)


def test_report_opens_offline_and_names_the_run(good_warehouse, tmp_path):
    result = validate(good_warehouse, tmp_path / "docs", run_id="20260101T000000Z-abc123")
    page = result.docs_path.read_text(encoding="utf-8")
    assert result.docs_path == tmp_path / "docs" / "report.html"
    assert "20260101T000000Z-abc123" in page and "all" in page and "checks passed" in page
    assert "<script" not in page and "http" not in page  # nothing to fetch: readable offline
    run_page = tmp_path / "docs" / "runs" / "20260101T000000Z-abc123.html"
    assert run_page.exists() and "20260101T000000Z-abc123" in (tmp_path / "docs" / "runs" / "index.html").read_text()
    # great-expectations' own Data Docs carry the same run id as the run name of every validation
    assert list((tmp_path / "docs" / "validations").rglob("20260101T000000Z-abc123"))


def _article(body: str, **changes):
    from parley.types import ArticleFacts, CleanArticle, Mention, ProcessedArticle, Quote, RawDoc

    raw = RawDoc("a.txt", "/in/a.txt", "txt", "h", body, published=changes.pop("published", None))
    start = body.index("Lavrov")
    facts = ArticleFacts(entities=[], mentions=[Mention("sergey-lavrov", start, start + 6, "Lavrov", "alias")],
                         quotes=[Quote(0, 5, body[:5], None, None)], meetings=[])
    article = ProcessedArticle("id", raw, CleanArticle(body=body, published_date=changes.pop("day", None)), facts, "fp")
    for name, value in changes.items():
        setattr(article.facts, name, value)
    return article


def test_row_level_problems_name_a_reason():
    from parley.checks.validate import row_problem
    from parley.types import Entity, MeetingMention, Mention

    body = "Talks resumed as Lavrov met Kerry in Geneva on Monday.\n"
    today = date(2024, 6, 1)
    assert row_problem(_article(body), today) is None
    assert row_problem(_article("Home\nWorld\nPolitics Lavrov"), today)[0] == "empty"
    assert row_problem(_article(body, day=date(2090, 5, 1)), today)[0] == "implausible_date"
    too_far = row_problem(_article(body, published="2999-01-01"), today)  # unparsed, but clearly a year
    assert too_far[0] == "implausible_date" and "2999" in too_far[1]
    shifted = [Mention("sergey-lavrov", 18, 24, "Lavrov", "alias")]
    assert row_problem(_article(body, mentions=shifted), today)[0] == "bad_offsets"
    assert row_problem(_article(body, entities=[Entity("x", "X", "PERSON", "ru")]), today)[0] == "bad_code"
    meeting = MeetingMention([], ["RU", "usa"], "Geneva", "CH", None, None, "held", "in_person", 0, 10)
    assert row_problem(_article(body, meetings=[meeting]), today)[0] == "bad_code"
    future = MeetingMention([], ["RU"], None, None, date(2031, 1, 1), "day", "planned", "in_person", 0, 10)
    assert row_problem(_article(body, meetings=[future]), today)[0] == "implausible_date"


def test_meeting_evidence_must_be_the_body_at_its_offsets(good_warehouse, tmp_path):
    bad = tmp_path / "evidence.duckdb"
    bad.write_bytes(good_warehouse.read_bytes())
    with duckdb.connect(str(bad)) as con:
        con.execute("UPDATE meeting_reports SET evidence = 'not the sentence' WHERE report_index = 0")
        rows = con.execute("SELECT count(*) FROM bi.meeting_evidence").fetchone()[0]
    assert rows > 0
    result = validate(bad, tmp_path / "docs", only={"meeting_reports"})
    assert not result.success and any("evidence_error" in failure for failure in result.failures)


def test_checks_shared_among_forked_copies_match_one_process(good_warehouse, tmp_path):
    from parley.checks.validate import Checks, check_plan

    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(good_warehouse.read_bytes())
    with duckdb.connect(str(broken)) as con:
        con.execute("UPDATE articles SET published_date = DATE '1850-01-01' WHERE source_name = 'b.txt'")
    checks = Checks()
    alone = checks.run(broken, tmp_path / "one", run_id="one", full=True)
    shared = Checks().run(broken, tmp_path / "three", run_id="three", processes=3, full=True)
    assert (shared.passed, shared.failed, shared.failures) == (alone.passed, alone.failed, alone.failures)
    assert shared.failed == 1 and "1850-01-01" in shared.failures[0]
    index = shared.gx_docs_path.read_text(encoding="utf-8")  # the index lists every page, whoever rendered it
    for check in check_plan(date.today()):
        assert f"validations/{check}/three/" in index and f"expectations/{check}.html" in index
    rows = [re.findall(r"<tr>.*?</tr>", result.docs_path.read_text(encoding="utf-8")) for result in (alone, shared)]
    assert rows[0] == rows[1] and len(rows[0]) > alone.passed  # the report's rows: the same, in the same order


def test_data_docs_templates_compile_once_and_render_the_same_pages(good_warehouse, tmp_path, monkeypatch):
    """GX makes a jinja2 Environment per view and compiled its templates again on every build (0.9 s a build):
    with the shared cache a warmed process compiles nothing more, and the pages are the ones GX renders itself."""
    import jinja2
    from great_expectations.render.view import view

    from parley.checks import docs_templates
    from parley.checks.validate import Checks

    cached, plain = Checks(), Checks()  # one context each: a context's Data Docs index lists all its validations
    assert view.Environment is docs_templates._Environment
    assert docs_templates.warm() > 20
    compiled = dict(docs_templates.CACHE.code)
    assert len(compiled) > 20
    cached.run(good_warehouse, tmp_path / "cached", run_id="r")
    assert docs_templates.CACHE.code == compiled  # every template came from the cache

    monkeypatch.setattr(view, "Environment", jinja2.Environment)  # GX as it ships
    plain.run(good_warehouse, tmp_path / "plain", run_id="r")

    def pages(folder):  # run times, links' time stamps and element ids differ between any two builds
        return {page.relative_to(folder).parts[:2]: re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|\d+", "#", page.read_text())
                for page in folder.rglob("*.html")}

    assert len(pages(tmp_path / "plain")) > 13 and pages(tmp_path / "cached") == pages(tmp_path / "plain")


def test_a_runs_checks_read_its_rows_and_the_table_wide_checks_every_row(good_warehouse, tmp_path):
    from tests.conftest import RUN

    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(good_warehouse.read_bytes())
    with duckdb.connect(str(broken)) as con:
        con.execute("UPDATE articles SET published_date = DATE '1850-01-01' WHERE source_name = 'b.txt'")
        con.execute("UPDATE articles SET run_id = 'earlier' WHERE source_name = 'b.txt'")
    # A row another run wrote passed its checks when it was published: this run's checks do not read it again ...
    assert validate(broken, tmp_path / "docs", run_id=RUN).success
    # ... `parley check` and a run that wrote it do.
    assert not validate(broken, tmp_path / "docs").success
    assert not validate(broken, tmp_path / "docs", run_id="earlier").success
    assert not validate(broken, tmp_path / "docs", run_id=RUN, full=True).success


@pytest.mark.parametrize("corrupt, expected", [
    ("DELETE FROM entities WHERE entity_id IN (SELECT entity_id FROM mentions LIMIT 1)", "mentions.entity_id resolves"),
    ("DELETE FROM meetings WHERE meeting_id IN (SELECT meeting_id FROM meeting_sources LIMIT 1)",
     "meeting_sources.meeting_id resolves"),
    ("DELETE FROM meeting_sources WHERE meeting_id IN (SELECT meeting_id FROM meetings LIMIT 1)",
     "meetings have a source"),
    ("INSERT INTO meeting_participants SELECT * FROM meeting_participants LIMIT 1", "meeting_participants key unique"),
])
def test_references_and_meeting_keys_are_checked_over_every_row_in_sql(good_warehouse, tmp_path, corrupt, expected):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(good_warehouse.read_bytes())
    with duckdb.connect(str(broken)) as con:
        con.execute(corrupt)  # the tables no longer refuse it: the checks must
        con.execute("UPDATE articles SET run_id = 'earlier'")  # not rows of the run checked below
    result = validate(broken, tmp_path / "docs", only={"table_wide"}, run_id="later")
    assert not result.success and len(result.failures) == 1
    assert "table_wide.violations" in result.failures[0] and expected in result.failures[0]


def _later_article(con) -> tuple[str, str]:
    """Make one stored article the only one the run 'later' wrote; (its id, another stored article's id)."""
    con.execute("UPDATE articles SET run_id = 'earlier'")
    mine, other = (row[0] for row in con.execute(
        "SELECT article_id FROM articles WHERE article_id IN (SELECT article_id FROM mentions) ORDER BY 1 LIMIT 2"
    ).fetchall())
    con.execute("UPDATE articles SET run_id = 'later' WHERE article_id = ?", [mine])
    return mine, other


@pytest.mark.parametrize("corrupt, expected", [
    # the run's article also holds a mention key an earlier article holds
    ("INSERT INTO mentions SELECT * REPLACE ($mine AS article_id) FROM mentions WHERE article_id = $other LIMIT 1",
     "mentions.mention_id unique"),
    ("INSERT INTO quotes SELECT * REPLACE ($mine AS article_id) FROM quotes WHERE article_id = $other LIMIT 1",
     "quotes.quote_id unique"),
    # the run writes an article under another id for an input an earlier run stored
    ("INSERT INTO articles SELECT * REPLACE ('x-' || article_id AS article_id, 'later' AS run_id) FROM articles "
     "WHERE article_id = $other", "articles.source_name unique"),
    # the run writes its article again without removing the earlier row
    ("INSERT INTO articles SELECT * REPLACE ('earlier' AS run_id) FROM articles WHERE article_id = $mine",
     "articles.article_id unique"),
])
def test_a_run_writing_a_key_an_earlier_run_holds_is_refused(good_warehouse, tmp_path, corrupt, expected):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(good_warehouse.read_bytes())
    with duckdb.connect(str(broken)) as con:
        mine, other = _later_article(con)
        if "quotes" in corrupt:  # the other article must hold a quote to copy
            other = con.execute("SELECT article_id FROM quotes WHERE article_id <> ? LIMIT 1", [mine]).fetchone()[0]
        con.execute(corrupt, {k: v for k, v in (("mine", mine), ("other", other)) if f"${k}" in corrupt})
    result = validate(broken, tmp_path / "docs", only={"table_wide"}, run_id="later")
    assert not result.success and len(result.failures) == 1
    assert "table_wide.violations" in result.failures[0] and expected in result.failures[0]


def test_duplicates_among_earlier_rows_are_left_to_the_full_check(good_warehouse, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(good_warehouse.read_bytes())
    with duckdb.connect(str(broken)) as con:
        mine, other = _later_article(con)
        con.execute("INSERT INTO mentions SELECT * FROM mentions WHERE article_id = ? LIMIT 1", [other])
    # Checked when the earlier run wrote them (a run's checks read the keys it wrote) ...
    assert validate(broken, tmp_path / "docs", only={"table_wide"}, run_id="later").success
    # ... and by `parley check --full`, over every row.
    result = validate(broken, tmp_path / "docs", only={"table_wide"}, run_id="later", full=True)
    assert not result.success and "mentions.mention_id unique" in result.failures[0]
