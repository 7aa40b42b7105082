"""The Prefect flow end to end: publish, idempotence, incremental change, bad input, readers, failed checks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from parley.run.flow import ChecksFailed, failed_path, run_once

from tests.conftest import SEEDS, query

pytestmark = pytest.mark.slow


@pytest.fixture()
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    return folder


def test_seeds_publish_contract_views(seed_warehouse: Path):
    (articles,) = query(seed_warehouse, "SELECT count(*) FROM bi.articles")[0]
    assert articles == 5
    names = {r[0] for r in query(seed_warehouse, "SELECT source_name FROM bi.articles")}
    assert names == {p.name for p in SEEDS.glob("*.txt")}
    # Offsets in the contract views point at the stored text.
    bad = query(seed_warehouse, """
        SELECT count(*) FROM bi.mentions m JOIN bi.articles a USING (article_id)
        WHERE substr(a.body, m.start_char + 1, m.end_char - m.start_char) <> m.surface""")[0][0]
    assert bad == 0
    runs = query(seed_warehouse, "SELECT status, articles_new FROM bi.pipeline_runs")
    assert runs == [("published", 5)]
    meetings = query(seed_warehouse, "SELECT count(*) FROM bi.meetings WHERE len(participants) > 0")[0][0]
    assert meetings >= 3


def test_rerun_is_idempotent_and_change_replaces_rows(prefect_harness, source: Path, tmp_path: Path):
    out = tmp_path / "wh" / "news.duckdb"
    first = run_once(source, out)
    assert first["articles_new"] == 5 and first["status"] == "published"
    counts_sql = "SELECT (SELECT count(*) FROM mentions), (SELECT count(*) FROM quotes), (SELECT count(*) FROM meetings)"
    before = query(out, counts_sql)

    second = run_once(source, out)
    assert (second["articles_new"], second["articles_changed"], second["articles_unchanged"]) == (0, 0, 5)
    assert second["words_processed"] == 0  # no NLP redone
    assert query(out, counts_sql) == before

    changed = source / "001_94cfe5b0f60945d4.txt"
    changed.write_text("Kerry met Lavrov in Geneva on Monday, officials said.\n", encoding="utf-8")
    third = run_once(source, out)
    assert (third["articles_new"], third["articles_changed"], third["articles_unchanged"]) == (0, 1, 4)
    body = query(out, f"SELECT body FROM bi.articles WHERE source_name = '{changed.name}'")[0][0]
    assert "Geneva" in body and "Friends of Syria" not in body
    # The old article's quotes are gone with it.
    assert query(out, f"SELECT count(*) FROM bi.quotes WHERE source_name = '{changed.name}'")[0][0] == 0
    assert query(out, "SELECT count(*) FROM bi.pipeline_runs")[0][0] == 3


def test_bad_inputs_become_rejects_and_the_rest_loads(prefect_harness, source: Path, tmp_path: Path):
    (source / "empty.txt").write_bytes(b"")
    (source / "photo.txt").write_bytes(bytes(range(256)) * 40)
    shutil.copy(source / "000_882a83ecc05da082.txt", source / "zz_copy_of_000.txt")
    (source / "broken.jsonl").write_text('{"text": "Putin met Erdogan in Sochi on Friday."}\n{not json\n', encoding="utf-8")
    os.mkfifo(source / "pipe.txt")  # would block the run for good if it were opened
    (source / "menu.html").write_text("<html><body><main><p>Share this article</p><p>Advertisement</p></main>"
                                      "<script>track();</script></body></html>", encoding="utf-8")
    out = tmp_path / "wh" / "news.duckdb"
    summary = run_once(source, out)
    assert summary["status"] == "published"
    reasons = dict(query(out, "SELECT source_name, reason FROM bi.rejects"))
    assert reasons["empty.txt"] == "empty"
    assert reasons["photo.txt"] == "binary"
    assert reasons["zz_copy_of_000.txt"] == "duplicate"
    assert any(name.startswith("broken.jsonl") and reason == "malformed" for name, reason in reasons.items())
    assert reasons["pipe.txt"] == "special"
    assert reasons["menu.html"] == "empty"
    assert query(out, "SELECT count(*) FROM bi.articles WHERE NOT regexp_matches(body, '\\S')")[0][0] == 0
    loaded = {r[0] for r in query(out, "SELECT source_name FROM bi.articles")}
    assert {p.name for p in SEEDS.glob("*.txt")} <= loaded
    assert "broken.jsonl#1" in loaded


READER = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    before = con.sql("SELECT count(*) FROM bi.articles").fetchall()[0][0]
    print("ready", before, flush=True)
    sys.stdin.readline()  # hold the file open until the run is over
    after = con.sql("SELECT count(*) FROM bi.articles").fetchall()[0][0]
    print("still", after, flush=True)
""")


def test_reader_holding_published_file_neither_blocks_nor_breaks(prefect_harness, source: Path, tmp_path: Path):
    out = tmp_path / "wh" / "news.duckdb"
    run_once(source, out)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert reader.stdout.readline().split() == ["ready", "5"]
        (source / "extra.txt").write_text("Lavrov met Kerry in Geneva on Monday.\n", encoding="utf-8")
        summary = run_once(source, out)  # publishes while the reader holds the old file open
        assert summary["status"] == "published"
        reader.stdin.write("\n")
        reader.stdin.flush()
        assert reader.stdout.readline().split() == ["still", "5"]  # the reader kept its consistent snapshot
    finally:
        reader.kill()
    assert query(out, "SELECT count(*) FROM bi.articles")[0][0] == 6


def test_a_row_failing_a_check_is_quarantined_and_the_rest_publishes(prefect_harness, source: Path, tmp_path: Path,
                                                                      monkeypatch):
    out = tmp_path / "wh" / "news.duckdb"
    run_once(source, out)

    import parley.run.enrich as enrich

    real = enrich.extract_facts

    def shifted_offsets(doc, article, kb):
        facts = real(doc, article, kb)
        for mention in facts.mentions:
            mention.start_char += 1  # stored surface no longer matches the body
            mention.end_char += 1
        return facts

    monkeypatch.setattr(enrich, "extract_facts", shifted_offsets)
    (source / "extra.txt").write_text("Lavrov met Kerry in Geneva on Monday.\n", encoding="utf-8")
    summary = run_once(source, out)
    assert summary["status"] == "published" and summary["checks_failed"] == 0
    assert (summary["articles_new"], summary["rejected"]) == (0, 1)
    reject = query(out, "SELECT source_name, reason, detail FROM bi.rejects")
    assert reject[0][:2] == ("extra.txt", "bad_offsets") and "mention" in reject[0][2]
    assert query(out, "SELECT count(*) FROM bi.articles")[0][0] == 5

    monkeypatch.setattr(enrich, "extract_facts", real)  # fixed: the quarantined input loads on the next run
    fixed = run_once(source, out)
    assert fixed["articles_new"] == 1 and query(out, "SELECT count(*) FROM bi.rejects")[0][0] == 0
    assert query(out, "SELECT count(*) FROM bi.reject_history")[0][0] == 1


def test_failed_run_level_check_blocks_publishing_and_the_run_is_recorded(prefect_harness, source: Path,
                                                                          tmp_path: Path, monkeypatch):
    out = tmp_path / "wh" / "news.duckdb"
    run_once(source, out)
    published_bytes = out.read_bytes()

    import parley.checks.validate as validate

    real = validate.check_plan

    def needs_many_articles(latest):
        plan = real(latest)
        columns, expectations = plan["articles"]
        plan["articles"] = (columns, expectations + [("ExpectTableRowCountToBeBetween", {"min_value": 1000})])
        return plan

    monkeypatch.setattr(validate, "check_plan", needs_many_articles)
    (source / "extra.txt").write_text("Lavrov met Kerry in Geneva on Monday.\n", encoding="utf-8")
    with pytest.raises(ChecksFailed) as failure:
        run_once(source, out)
    summary = failure.value.args[0]
    assert summary["checks_failed"] == 1
    assert any("row_count" in f.lower() for f in summary["failures"])
    assert out.read_bytes() == published_bytes
    assert failed_path(out.resolve()).exists()
    docs = Path(summary["docs"])
    assert docs.name == "report.html" and docs.exists()  # the check report written for the failed run
    assert summary["run_id"] in docs.read_text(encoding="utf-8") and "FAIL" in docs.read_text(encoding="utf-8")
    assert not list(out.parent.glob("news.building*"))

    monkeypatch.setattr(validate, "check_plan", real)
    run_once(source, out)
    statuses = [row[0] for row in query(out, "SELECT status FROM bi.pipeline_runs ORDER BY started_at")]
    assert statuses == ["published", "checks_failed", "published"]  # the failed run shows once published
