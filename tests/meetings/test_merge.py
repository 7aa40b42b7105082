"""Merging across articles: the indexed merge equals comparing every report with every cluster member, and a run's
incremental merge (warehouse/merged.py) leaves the same meeting tables as a full re-merge of the same data."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from parley.meetings.merge import _Cluster, _merged_row, _same_event, merge_entries, merge_meetings
from parley.types import MeetingMention
from parley.warehouse import files, load
from parley.warehouse.full_merge import full_merge_rows, merge_differences, stored_meeting_rows

from tests.conftest import article, meeting

PEOPLE = ["Q11", "Q12", "Q13", "Q14", "Q15", "Q16"]
COUNTRIES = ["FR", "DE", "PL", "IT"]
PLACES = [("Paris", "FR"), ("Berlin", "DE"), (None, None)]


def reference_merge(entries):
    """The merge as first written: each report against every member of every cluster, in creation order."""
    clusters = []
    for entry in entries:
        target = next((c for c in clusters if all(_same_event(entry, other) for other in c.reports)), None)
        if target is None:
            clusters.append(_Cluster([entry]))
        else:
            target.reports.append(entry)
    return [_merged_row(c) for c in clusters]


def random_report(rng: random.Random) -> tuple[date | None, MeetingMention]:
    day = date(2024, 3, 1) + timedelta(days=rng.randrange(40))
    people = rng.sample(PEOPLE, rng.choice([0, 1, 2, 2, 3]))
    countries = rng.sample(COUNTRIES, rng.choice([1, 2]))
    place, code = rng.choice(PLACES)
    dated = rng.random() < 0.7
    precision = rng.choice(["day", "day", "month"]) if dated else None
    published = day + timedelta(days=rng.randrange(3)) if rng.random() < 0.9 else None
    return published, MeetingMention(people, countries, place, code, day if dated else None, precision,
                                     rng.choice(["held", "held", "planned"]), rng.choice(["in_person", "phone"]), 0, 5)


def random_entries(seed: int, articles: int) -> list[tuple]:
    rng = random.Random(seed)
    entries = []
    for a in range(articles):
        published, first = random_report(rng)
        reports = [first] + [random_report(rng)[1] for _ in range(rng.randrange(2))]
        for index, report in enumerate(reports):
            entries.append((f"art{a:04d}", published, report, index))
        if rng.random() < 0.3:  # a syndicated copy: the same reports under another article
            entries += [(f"art{a:04d}-copy", published, r, i) for i, r in enumerate(reports)]
    return sorted(entries, key=lambda e: (e[0], e[3]))


def rows(merged) -> list[tuple]:
    return sorted((m.meeting_id, m.meeting_date, m.place, m.status, m.mode, tuple(m.participants), tuple(m.countries),
                   tuple(sorted(m.sources))) for m in merged)


@pytest.mark.parametrize("seed", range(6))
def test_the_indexed_merge_equals_comparing_every_member(seed: int):
    entries = random_entries(seed, 150)
    expected = reference_merge(entries)
    assert rows(merge_entries(entries)) == rows(expected)
    assert len(expected) < len(entries)  # the data does merge: the test compares real clusters
    assert merge_meetings([e[:3] for e in entries]) == merge_entries(entries)


# --- incremental merge in the warehouse ------------------------------------------------------------------------

BODY = "The two foreign ministers met in Paris on Monday to talk about rail links and fishing quotas."


def report(people, countries, day, place="Paris", status="held") -> MeetingMention:
    return MeetingMention(list(people), list(countries), place, "FR" if place == "Paris" else None, day,
                          "day" if day else None, status, "in_person", 0, len(BODY))


def story(name: str, published: date, *reports: MeetingMention, version: str = "v1"):
    return article(name, BODY, published, version=version, meetings=list(reports))


meeting_tables, _full = stored_meeting_rows, full_merge_rows


def run(con, run_id: str, articles=(), retire=()) -> int:
    files.start_run(con, run_id, "/in")
    load.write_articles(con, list(articles), run_id)
    load.retire_sources(con, list(retire))
    merged = load.rebuild_meetings(con)  # a running run: incremental
    files.finish_run(con, run_id, status="published")
    return merged


def test_a_runs_incremental_merge_equals_a_full_re_merge(tmp_path):
    may = [date(2024, 5, d) for d in range(1, 29)]
    con = files.connect(tmp_path / "news.duckdb")
    files.apply_schema(con)
    for person in PEOPLE:
        con.execute("INSERT INTO entities VALUES (?, ?, 'PERSON', NULL, 'kb')", [person, f"Minister {person}"])
    first = [story(f"s{i:02d}.txt", may[i % 20], report(["Q11", "Q12"] if i % 3 else ["Q13", "Q14"], ["FR", "DE"],
                                                          may[i % 20 - 1]))
             for i in range(12)]
    first.append(story("apart.txt", may[5], report([], ["PL", "IT"], may[4], place=None)))
    assert run(con, "r1", first) > 0
    assert meeting_tables(con) == _full(con)

    # Run 2: a new copy of one meeting, a changed story that now reports another meeting, a retired one.
    second = [story("s90.txt", may[3], report(["Q12", "Q11"], ["FR", "DE"], may[2])),
              story("s01.txt", may[1], report(["Q11", "Q15"], ["FR"], may[9], status="planned"), version="v2")]
    before = meeting_tables(con)
    remerged = run(con, "r2", second, retire=["s04.txt"])
    after = meeting_tables(con)
    assert after == _full(con)
    untouched = [m for m in before["meetings"] if m in after["meetings"]]
    assert untouched and remerged < len(after["meetings"])  # it re-merged a part, not everything
    assert run(con, "r3") == 0 and meeting_tables(con) == after  # nothing touched: nothing re-merged
    assert merge_differences(con) == []
    con.execute("DELETE FROM meeting_countries WHERE country_code = 'DE'")  # what `parley check --full` would catch
    assert [d.split(":")[0] for d in merge_differences(con)] == ["meeting_countries"]
    con.close()


def test_one_person_meeting_two_others_on_unfixed_days_is_two_meetings():
    a = meeting(["mark-hale", "kenji-sato"], ["US", "JP"], day=None)
    b = meeting(["mark-hale", "karl-brenner"], ["US", "DE"], day=None)
    a.place = b.place = a.country_code = b.country_code = None  # nothing says where
    merged = merge_meetings([("art-1", date(2023, 5, 10), a), ("art-2", date(2023, 5, 11), b)])
    assert sorted(m.participants for m in merged) == [["karl-brenner", "mark-hale"], ["kenji-sato", "mark-hale"]]
    a.meeting_date = b.meeting_date = date(2023, 5, 9)  # the same day ties them: one meeting of three
    a.date_precision = b.date_precision = "day"
    assert len(merge_meetings([("art-1", date(2023, 5, 10), a), ("art-2", date(2023, 5, 11), b)])) == 1
