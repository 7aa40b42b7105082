"""A run with nothing new is told apart before Prefect starts, with the plan the full run would make: anything a
full run would write (a new, changed or newly rejected input, a retirement, a new fingerprint or layout) still
makes the full run go ahead."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from parley.config import settings
from parley.ingest.extract import scan
from parley.run import log
from parley.run.fingerprint import nlp_fingerprint
from parley.run.plan import PlanCounts, plan_inputs
from parley.run.unchanged import nothing_new
from parley.types import ArticleFacts, CleanArticle, ProcessedArticle, RawDoc, Reject, article_id_for
from parley.warehouse import files, load
from parley.warehouse.stored import stored_hash_owner, stored_state

STORY = "The foreign ministers of two neighbouring states met in a lakeside town on {day} to discuss fishing rights."


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def publish_as_a_run_would(source: Path, published: Path, run_id: str) -> None:
    """Store what a full run stores for `source` (its plan, rejects and articles; facts left empty: no NLP) and
    publish it the way the flow does."""
    cfg = settings()
    build = published.with_name(f"build-{run_id}.duckdb")
    published.parent.mkdir(parents=True, exist_ok=True)
    files.prepare_build(published, build)
    con = files.connect(build)
    files.start_run(con, run_id, str(source))
    planned = list(plan_inputs(scan(source, cfg.max_file_bytes), stored_state(con),
                               stored_hash_owner(con), nlp_fingerprint(cfg.spacy_model), PlanCounts()))
    load.write_rejects(con, [r for r in planned if isinstance(r, Reject)], run_id)
    raws = [r for r in planned if isinstance(r, RawDoc)]
    articles = [ProcessedArticle(article_id_for(r.source_name), r, CleanArticle(body=r.raw_text),
                                 ArticleFacts([], [], [], []), nlp_fingerprint(cfg.spacy_model)) for r in raws]
    assert load.load_articles(con, articles, run_id) == []
    files.finish_run(con, run_id, status="published")
    files.close(con)
    files.publish(build, published)


@pytest.fixture
def stored(tmp_path: Path) -> tuple[Path, Path]:
    """A folder of two stories and an empty file, published once."""
    source = write(tmp_path / "in", {"a.txt": STORY.format(day="Monday"), "b.txt": STORY.format(day="Tuesday"),
                                     "empty.txt": ""})
    published = tmp_path / "w" / "news.duckdb"
    publish_as_a_run_would(source, published, "r1")
    return source, published


def test_an_unchanged_folder_is_nothing_new_with_the_plans_counts(stored):
    source, published = stored
    found = nothing_new(source, published)
    assert found is not None
    assert (found["files_seen"], found["articles_unchanged"], found["articles_new"], found["rejected"]) == (3, 2, 0, 1)
    assert found["reject_reasons"] == {"empty": 1} and found["articles"] == 2


def test_an_empty_folder_or_a_removed_input_is_nothing_new(stored, tmp_path: Path):
    source, published = stored
    assert nothing_new(write(tmp_path / "none", {}), published)["files_seen"] == 0
    (source / "b.txt").unlink()  # a rotated feed: the warehouse keeps what it read
    assert nothing_new(source, published)["articles_unchanged"] == 1


def test_a_folder_with_duplicates_is_nothing_new_on_its_second_run(tmp_path: Path):
    # The first run rejects the copies against a keeper new in that run, the second against the stored keeper: the
    # reject must read the same both times, or the unchanged re-run records it again and takes the full path.
    source = write(tmp_path / "in", {"a.txt": STORY.format(day="Monday"), "b.txt": STORY.format(day="Monday"),
                                     "c.txt": STORY.format(day="Monday"), "d.txt": STORY.format(day="Friday")})
    published = tmp_path / "w" / "news.duckdb"
    publish_as_a_run_would(source, published, "r1")
    found = nothing_new(source, published)
    assert found is not None and (found["articles_unchanged"], found["rejected"]) == (2, 2)
    assert found["reject_reasons"] == {"duplicate": 2}
    con = duckdb.connect(str(published), read_only=True)
    details = con.execute("SELECT source_name, detail FROM rejects ORDER BY source_name").fetchall()
    con.close()
    assert [(name, "a.txt" in detail) for name, detail in details] == [("b.txt", True), ("c.txt", True)]


@pytest.mark.parametrize("change", [
    {"a.txt": STORY.format(day="Friday")},  # a changed input
    {"c.txt": STORY.format(day="Sunday")},  # a new input
    {"a.txt": ""},  # an input emptied: a new reject that retires its article
    {"c.txt": STORY.format(day="Monday")},  # a copy of a stored text: a new duplicate reject
    {"empty.txt": "   \n"},  # the same reject with other content is recorded again
    {"empty.txt": STORY.format(day="Wednesday")},  # a reject that is now an article
])
def test_anything_a_run_would_write_makes_it_run(stored, change: dict[str, str]):
    source, published = stored
    write(source, change)
    assert nothing_new(source, published) is None
    publish_as_a_run_would(source, published, "r2")  # once stored, the same folder is nothing new again
    assert nothing_new(source, published) is not None


def test_a_changed_knowledge_base_or_model_makes_it_run(stored, tmp_path: Path, monkeypatch):
    source, published = stored
    knowledge = tmp_path / "knowledge"
    shutil.copytree(settings().knowledge_dir, knowledge)
    monkeypatch.setenv("PARLEY_KNOWLEDGE_DIR", str(knowledge))
    nlp_fingerprint.cache_clear()
    assert nothing_new(source, published) is not None  # same files, same fingerprint
    first = next(knowledge.glob("*.csv"))
    first.write_text(first.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    nlp_fingerprint.cache_clear()
    assert nothing_new(source, published) is None
    monkeypatch.delenv("PARLEY_KNOWLEDGE_DIR")
    monkeypatch.setenv("PARLEY_SPACY_MODEL", "xx_other_model")
    nlp_fingerprint.cache_clear()
    assert nothing_new(source, published) is None
    nlp_fingerprint.cache_clear()


def test_no_warehouse_an_older_layout_or_an_unreadable_file_makes_it_run(stored, tmp_path: Path):
    source, published = stored
    assert nothing_new(source, tmp_path / "other" / "news.duckdb") is None
    con = duckdb.connect(str(published))
    con.execute("COMMENT ON TABLE schema_version IS NULL")  # a file written before this version's layout
    con.close()
    assert nothing_new(source, published) is None
    published.write_bytes(b"not a database")
    assert nothing_new(source, published) is None


def test_the_cli_records_an_unchanged_run_without_prefect_spacy_or_checks(stored):
    source, published = stored
    before = published.stat()
    probe = textwrap.dedent(f"""
        import sys
        from parley.cli import main
        assert main(["run", "--source", {str(source)!r}, "--warehouse", {str(published)!r}]) == 0
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("prefect", "great_expectations", "spacy"))
        print("HEAVY", heavy)
    """)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out and "unchanged" in out and "nothing new" in out and "2 unchanged" in out
    assert (published.stat().st_ino, published.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    [run] = [r for r in log.runs(published) if r["status"] == "unchanged"]
    assert (run["files_seen"], run["articles_unchanged"], run["rejected"]) == (3, 2, 1) and run["finished_at"]


def test_the_next_publishing_run_copies_an_unchanged_run_into_pipeline_runs(stored, tmp_path: Path):
    source, published = stored
    log.append(published, dict(run_id="quiet", started_at="2026-01-01T10:00:00", finished_at="2026-01-01T10:00:01",
                                  status="unchanged", message="nothing new", files_seen=3, articles_unchanged=2))
    con = files.connect(tmp_path / "build.duckdb")
    files.apply_schema(con)
    assert log.copy_into(con, published, "current") == 1
    assert con.execute("SELECT status, message, articles_unchanged FROM pipeline_runs WHERE run_id = 'quiet'"
                       ).fetchone() == ("published", "nothing new", 2)
    con.close()
