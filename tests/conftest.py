"""Shared fixtures and helpers: paths, the spaCy pipeline and knowledge base (loaded once per test session), and a
warehouse built by hand."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from parley.meetings.merge import MergedMeeting
from parley.types import (ArticleFacts, CleanArticle, Entity, MeetingMention, Mention, ProcessedArticle, Quote, RawDoc,
                          article_id_for)
from parley.warehouse import files, load

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds" / "articles"
SHARED = ROOT.parent / "shared"
GOLD_PATH = ROOT / "tests" / "data" / "seeds.gold.json"
DATA = ROOT / "tests" / "data"


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of `sql` on a warehouse file, opened read-only like a BI reader would."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.sql(sql).fetchall()
    finally:
        con.close()


def command_line(process) -> str:
    """A psutil process's command line, for assertions about helper processes; a placeholder once it has ended."""
    import psutil

    try:
        return " ".join(process.cmdline())
    except psutil.Error:  # ended already (a zombie until its parent reaps it)
        return f"pid {process.pid}, ended"


@pytest.fixture(scope="session")
def kb():
    from parley.knowledge.kb import load_kb

    return load_kb()


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp.pipeline import get_pipeline

    return get_pipeline()


@pytest.fixture(scope="session")
def gold() -> dict:
    return json.loads(GOLD_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (it takes 10–20 s to start cold)."""
    from parley.config import keep_prefect_offline

    keep_prefect_offline()
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_warehouse(prefect_harness, tmp_path_factory) -> Path:
    """The five seeds run through the whole flow once; tests read the published file."""
    from parley.run.flow import run_once

    out = tmp_path_factory.mktemp("seed-warehouse") / "news.duckdb"
    run_once(SEEDS, out)
    return out


# --- a warehouse built by hand: correct offsets, no spaCy, merge_meetings replaced by a tiny stand-in ---------

LAVROV = Entity("Q1", "Sergei Lavrov", "PERSON", "RU")
CAVUSOGLU = Entity("Q2", "Mevlüt Çavuşoğlu", "PERSON", "TR")
MOSCOW = Entity("Q3", "Moscow", "GPE", "RU")
RUN = "run-1"


def span(body: str, text: str, after: str = "") -> tuple[int, int]:
    """Offsets of the first `text` in `body` that follows `after`."""
    begin = body.index(text, body.index(after) + len(after) if after else 0)
    return begin, begin + len(text)


def article(source_name: str, body: str, published: date | None = date(2023, 5, 10), version: str = "v1",
            mentions=(), quotes=(), meetings=()) -> ProcessedArticle:
    """mentions: (entity, text[, after]); quotes: (text, speaker entity or None, speaker text or None)."""
    found_mentions = [Mention(e.entity_id, *span(body, text, *after), text, "alias") for e, text, *after in mentions]
    found_quotes = []
    for text, speaker, speaker_text in quotes:
        s_start, s_end = span(body, speaker_text) if speaker_text else (None, None)
        found_quotes.append(Quote(*span(body, text), text, speaker.entity_id if speaker else None, speaker_text,
                                  s_start, s_end, "explicit"))
    entities = {e.entity_id: e for e, *_ in mentions} | {s.entity_id: s for _, s, _ in quotes if s}
    raw_text = f"{source_name}\n{body}\n{version}"
    raw = RawDoc(source_name, f"/in/{source_name}", "txt", hashlib.sha256(raw_text.encode()).hexdigest(), raw_text)
    clean = CleanArticle(body=body, title=f"Title of {source_name}", published_date=published, captions=["a caption"])
    for m in meetings:
        m.evidence = body[m.start_char : m.end_char]  # the sentence a report cites (checked against the body)
    facts = ArticleFacts(list(entities.values()), found_mentions, found_quotes, list(meetings))
    return ProcessedArticle(article_id_for(source_name), raw, clean, facts, f"fp-{version}")


def meeting(participants, countries, day: date | None = date(2023, 5, 9), status="held") -> MeetingMention:
    return MeetingMention(list(participants), list(countries), "Moscow", "RU", day, "day" if day else None,
                          status, "in_person", 0, 10)


def fake_merge(reports):
    """Reports with the same participants and date are one meeting: enough to exercise the warehouse."""
    merged: dict[tuple, MergedMeeting] = {}
    index_in_article: dict[str, int] = {}
    for article_id, _published, report in reports:
        index = index_in_article.get(article_id, 0)
        index_in_article[article_id] = index + 1
        key = (tuple(sorted(report.participants)), report.meeting_date)
        if key not in merged:
            meeting_id = "m-" + hashlib.sha1(repr(key).encode()).hexdigest()[:10]
            merged[key] = MergedMeeting(meeting_id, report.meeting_date, report.date_precision, report.place,
                                     report.country_code, report.status, report.mode, list(report.participants), [], [])
        merged[key].countries = sorted(set(merged[key].countries) | set(report.countries))
        merged[key].sources.append((article_id, index))
    return list(merged.values())


BODY_A = ("Russian Foreign Minister Sergei Lavrov met Mevlüt Çavuşoğlu in Moscow on Tuesday. "
          "“We agreed on the grain corridor,” Lavrov said.")
BODY_B = "Çavuşoğlu told reporters in Ankara: “Talks will continue next month.”"


def sample_articles(version: str = "v1") -> list[ProcessedArticle]:
    a = article("a.txt", BODY_A, version=version,
                mentions=[(LAVROV, "Sergei Lavrov"), (CAVUSOGLU, "Mevlüt Çavuşoğlu"), (MOSCOW, "Moscow"),
                          (LAVROV, "Lavrov", "corridor")],
                quotes=[("We agreed on the grain corridor,", LAVROV, "Lavrov said")],
                meetings=[meeting(["Q1", "Q2"], ["RU", "TR"])])
    b = article("b.txt", BODY_B, date(2023, 5, 11), version=version,
                mentions=[(CAVUSOGLU, "Çavuşoğlu")],
                quotes=[("Talks will continue next month.", CAVUSOGLU, "Çavuşoğlu")],
                meetings=[meeting(["Q1", "Q2"], ["RU", "TR"]),
                          meeting(["Q2"], ["TR", "US"], date(2023, 6, 1), "planned")])
    return [a, b]


def build_warehouse(path, articles=None, rejects=()) -> None:
    """A closed warehouse file holding `articles` (default: the samples), merged meetings and one finished run."""
    con = files.connect(path)
    files.apply_schema(con)
    files.start_run(con, RUN, "/in")
    load.write_articles(con, sample_articles() if articles is None else articles, RUN)
    load.write_rejects(con, list(rejects), RUN)
    load.rebuild_meetings(con, merge=fake_merge)
    files.finish_run(con, RUN, status="validating", files_seen=2, articles_new=2)
    files.close(con)
