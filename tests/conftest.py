"""Shared fixtures: the spaCy pipeline and knowledge base are loaded once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    from parley.knowledge import load_kb

    return load_kb()


@pytest.fixture(scope="session")
def nlp():
    from parley.nlp import get_pipeline

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
    from parley.pipeline import run_once

    out = tmp_path_factory.mktemp("seed-warehouse") / "news.duckdb"
    run_once(SEEDS, out)
    return out
