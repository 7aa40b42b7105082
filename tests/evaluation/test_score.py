"""`parley eval` on the seeds: the acceptance bars of the extraction-quality issue, read through the bi views."""

from __future__ import annotations

import pytest

from parley.evaluation.score import evaluate, format_report, overlap

from tests.conftest import GOLD_PATH

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(seed_warehouse):
    result = evaluate(seed_warehouse, GOLD_PATH)
    print(format_report(result))
    return result


def test_quote_f1(report):
    assert report.total("quotes").f1 >= 0.90


def test_required_meeting_f1(report):
    assert report.total("meetings").f1 >= 0.90


def test_alias_resolution(report):
    assert report.total("aliases").value >= 0.95


def test_no_boilerplate_left(report):
    assert report.total("boilerplate").misses == []


def test_titles_and_dates_where_gold_has_one(report):
    assert report.total("metadata").misses == []


def test_same_meeting_reported_twice_is_one_row(report):
    assert report.merges.total >= 1 and report.merges.misses == []


def test_overlap_folds_quotes_case_and_space():
    assert overlap("“We agree,” he said", '"we  AGREE," he said') == 1.0
    assert overlap("one two three four five", "one two three") == 0.6
