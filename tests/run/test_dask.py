"""The same Prefect flow with its NLP batches on a local Dask cluster (two worker processes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.run.flow import make_task_runner, run_once

from tests.conftest import query

pytestmark = pytest.mark.slow

ARTICLES = {
    "geneva.txt": (
        "Sat Sep 14, 2013 1:20PM\n"
        "Kerry and Lavrov agree Syria chemical weapons plan\n"
        "US Secretary of State John Kerry and Russian Foreign Minister Sergey Lavrov reached an agreement in Geneva "
        "on Saturday on a framework to eliminate Syria's chemical weapons. \"There can be no room for games,\" Kerry "
        "told reporters after three days of talks. Lavrov said the deal would be put to the United Nations Security "
        "Council.\n"
    ),
    "sochi.txt": (
        "Mon Sep 18, 2017 6:05PM\n"
        "Putin and Erdogan meet in Sochi\n"
        "Russian President Vladimir Putin met Turkish President Recep Tayyip Erdogan in the Black Sea resort of Sochi "
        "on Monday to discuss the war in Syria. Erdogan said the two leaders had agreed to keep working together. "
        "\"We have taken important steps,\" Putin said at a joint news conference.\n"
    ),
    "ankara.txt": (
        "Fri Oct 5, 2012 11:10AM\n"
        "Davutoglu calls for action on Syria\n"
        "Turkish Foreign Minister Ahmet Davutoglu urged the international community to act on Syria, saying the "
        "situation on the border could not go on. He spoke in Ankara after talks with officials from the Friends of "
        "Syria group.\n"
    ),
}


def test_local_dask_runner_uses_worker_processes():
    runner = make_task_runner(dask_workers=2)
    assert type(runner).__name__ == "DaskTaskRunner"
    assert runner.cluster_kwargs["n_workers"] == 2 and runner.cluster_kwargs["processes"] is True


def test_flow_on_a_local_dask_cluster_publishes_every_article(prefect_harness, tmp_path: Path):
    source = tmp_path / "in"
    source.mkdir()
    for name, text in ARTICLES.items():
        (source / name).write_text(text, encoding="utf-8")
    out = tmp_path / "wh" / "news.duckdb"

    # One article per batch: three batches spread over the two workers.
    summary = run_once(source, out, batch_size=1, dask_workers=2)

    assert summary["status"] == "published"
    assert (summary["articles_new"], summary["rejected"]) == (3, 0)
    assert {row[0] for row in query(out, "SELECT source_name FROM bi.articles")} == set(ARTICLES)
    # The facts made on the workers arrived: every article has its knowledge-base people.
    people = query(out, """
        SELECT a.source_name, list(DISTINCT m.entity_id ORDER BY m.entity_id) FROM bi.mentions m
        JOIN bi.articles a USING (article_id) GROUP BY a.source_name""")
    by_article = dict(people)
    assert {"john-kerry", "sergey-lavrov"} <= set(by_article["geneva.txt"])
    assert {"vladimir-putin", "recep-tayyip-erdogan"} <= set(by_article["sochi.txt"])
    assert "ahmet-davutoglu" in by_article["ankara.txt"]
