"""The NLP fingerprint stored with each article, computed without importing spaCy or the rule modules: the
run's plan (and the no-op check of a run with nothing new, unchanged.py) needs it before anything heavy loads."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .config import SQL_DIR, STORAGE_VERSION, settings
from .knowledge import kb_fingerprint

# The modules whose code decides what the facts are: editing one makes stored facts stale.
_RULE_MODULES = (
    "clean", "reflow", "pubdate", "entities", "coref", "quote_marks", "quotes", "meetings", "meeting_index",
    "meeting_parties", "meeting_facts", "meeting_fold", "meeting_words", "dates", "enrich", "extract", "nlp")


@lru_cache(maxsize=4)
def nlp_fingerprint(model: str | None = None) -> str:
    """Model + knowledge base + extraction code: equal fingerprints mean re-running NLP would change nothing."""
    digest = hashlib.sha256((model or settings().spacy_model).encode())
    digest.update(kb_fingerprint().encode())
    package_dir = Path(__file__).parent
    for name in _RULE_MODULES:
        digest.update((package_dir / f"{name}.py").read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def layout_fingerprint() -> str:
    """Storage format + schema and bi SQL + contract: a warehouse whose stored layout differs is migrated by a run."""
    digest = hashlib.sha256(STORAGE_VERSION.encode())
    for path in sorted([*SQL_DIR.glob("schema/*.sql"), *SQL_DIR.glob("bi/*")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return "layout " + digest.hexdigest()[:16]
