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
