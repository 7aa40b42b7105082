"""Validation of the knowledge-base CSVs before any text is processed: each bad value named by file and line."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from ..config import settings


class KnowledgeBaseError(ValueError):
    """A knowledge-base file has a value the pipeline cannot use; the message names file, line, column and value."""


_CODE = re.compile(r"[A-Z]{2}")
_ENTITY_TYPE = re.compile(r"[A-Z][A-Z_]*")
# file → columns every row must fill
_REQUIRED = {
    "entities.csv": ("entity_id", "name", "type"),
    "roles.csv": ("entity_id", "role", "country"),
    "countries.csv": ("code", "name"),
    "places.csv": ("name", "country_code"),
    "role_titles.csv": ("title", "role"),
    "archigos_people.csv": ("entity_id", "name", "country"),
    "archigos_roles.csv": ("entity_id", "role", "country", "start_date"),
}


def _numbered_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of the non-blank rows; a missing required column is an error naming the file."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in _REQUIRED[path.name] if c not in (reader.fieldnames or [])]
        if missing:
            raise KnowledgeBaseError(f"{path}:1: the header lacks column(s) {', '.join(missing)}")
        return [(reader.line_num, row) for row in reader if any((v or "").strip() for v in row.values())]


def check_knowledge_base(directory: Path | None = None) -> None:
    """Raise KnowledgeBaseError naming every bad value (up to 10) before any text is processed: a bad row would
    otherwise surface as a database constraint error deep inside a run."""
    directory = Path(directory or settings().knowledge_dir)
    errors: list[str] = []
    rows = {name: _numbered_rows(directory / name) for name in _REQUIRED}

    def bad(name: str, line: int, column: str, value, problem: str) -> None:
        errors.append(f"{directory / name}:{line}: {column} {value!r} {problem}")

    def check(name: str, column: str, valid, problem: str) -> None:
        """Every filled value of the column must be `valid`."""
        for line, row in rows[name]:
            value = (row.get(column) or "").strip()
            if value and not valid(value):
                bad(name, line, column, value, problem)

    def unique(name: str, column: str) -> set[str]:
        seen: set[str] = set()
        for line, row in rows[name]:
            value = (row.get(column) or "").strip()
            if value in seen:
                bad(name, line, column, value, "is listed twice")
            seen.add(value)
        return seen

    def iso_date(value: str) -> bool:
        try:
            date.fromisoformat(value)
            return True
        except ValueError:
            return False

    codes = unique("countries.csv", "code")
    entity_ids = unique("entities.csv", "entity_id") | unique("archigos_people.csv", "entity_id")
    scopes = codes | entity_ids
    check("countries.csv", "code", _CODE.fullmatch, "is not an ISO 3166 alpha-2 code (two capital letters)")
    for name, columns in _REQUIRED.items():
        for line, row in rows[name]:
            for column in columns:
                if not (row.get(column) or "").strip():
                    bad(name, line, column, "", "is empty")
    check("entities.csv", "type", _ENTITY_TYPE.fullmatch, "is not an entity type such as PERSON or ORG")
    check("entities.csv", "country", _CODE.fullmatch, "is not an ISO 3166 alpha-2 code (two capital letters)")
    check("places.csv", "country_code", codes.__contains__, "is not a code in countries.csv")
    check("roles.csv", "entity_id", entity_ids.__contains__, "is not an entity_id in entities.csv")
    check("archigos_roles.csv", "entity_id", entity_ids.__contains__, "is not an entity_id of the base or Archigos")
    check("archigos_roles.csv", "country", codes.__contains__, "is not a code in countries.csv")
    check("roles.csv", "country", scopes.__contains__, "is neither a code in countries.csv nor an entity_id")
    for column in ("start_date", "end_date"):
        check("roles.csv", column, iso_date, "is not a date (YYYY-MM-DD)")
    for line, row in rows["roles.csv"]:
        start, end = ((row.get(c) or "").strip() for c in ("start_date", "end_date"))
        if iso_date(start) and iso_date(end) and start > end:
            bad("roles.csv", line, "end_date", end, f"is before start_date {start}")
    check("role_titles.csv", "scope", scopes.__contains__, "is neither a code in countries.csv nor an entity_id")
    check("role_titles.csv", "needs_top", {"yes", "no"}.__contains__, "is not yes, no or empty")
    if errors:
        more = f" (and {len(errors) - 10} more)" if len(errors) > 10 else ""
        raise KnowledgeBaseError("bad knowledge base: " + "; ".join(errors[:10]) + more)
