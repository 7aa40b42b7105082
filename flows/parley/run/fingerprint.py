"""The NLP fingerprint stored with each article, computed without importing spaCy or the rule modules: the
run's plan (and the no-op check of a run with nothing new, run/unchanged.py) needs it before anything heavy loads."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from ..config import settings
from ..knowledge.kb import kb_fingerprint

# The code that decides what an article's facts are: editing it makes stored facts stale. Meetings are merged
# across articles anew in every run (meetings/merge.py), so the merge is not part of an article's facts.
_RULE_PACKAGES = ("ingest", "knowledge", "nlp", "quotes", "meetings")
_NOT_RULES = frozenset({"meetings/merge.py"})
_PACKAGE_DIR = Path(__file__).resolve().parents[1]


def _rule_files() -> list[Path]:
    files = [p for package in _RULE_PACKAGES for p in sorted((_PACKAGE_DIR / package).glob("*.py"))]
    files.append(_PACKAGE_DIR / "run" / "enrich.py")
    return [p for p in files if p.relative_to(_PACKAGE_DIR).as_posix() not in _NOT_RULES]


@lru_cache(maxsize=4)
def nlp_fingerprint(model: str | None = None) -> str:
    """Model + knowledge base + extraction code: equal fingerprints mean re-running NLP would change nothing."""
    digest = hashlib.sha256((model or settings().spacy_model).encode())
    digest.update(kb_fingerprint().encode())
    for path in _rule_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]

