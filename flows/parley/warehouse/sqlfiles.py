"""SQL lives in sql/ as .sql files; this reads them by relative name ("bi/meetings" or "bi/meetings.sql"), quotes
the values SQL cannot take as parameters (ATTACH paths, COMMENT texts) and runs statements in one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from ..config import SQL_DIR


def sql_path(name: str) -> Path:
    return SQL_DIR / (name if name.endswith(".sql") else name + ".sql")


@lru_cache(maxsize=None)
def read_sql(name: str) -> str:
    return sql_path(name).read_text(encoding="utf-8")


def sql_folder(folder: str) -> list[str]:
    """Names of the .sql files in a folder of sql/, in file-name order (the order DDL must run in)."""
    return [f"{folder}/{path.name}" for path in sorted((SQL_DIR / folder).glob("*.sql"))]


def sql_literal(value: str | Path) -> str:
    """`value` as a SQL string literal: single quotes doubled."""
    return "'" + str(value).replace("'", "''") + "'"


@contextmanager
def transaction(con) -> Iterator[None]:
    """Everything inside commits together or not at all."""
    con.begin()
    try:
        yield
    except BaseException:
        con.rollback()
        raise
    con.commit()

