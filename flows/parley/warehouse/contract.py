"""The bi contract: one description per view and per column in sql/bi/contract.csv, the single source of the
COMMENT ON statements (what BI tools show) and of the README's view table (`python -m parley.warehouse.contract` rewrites it;
a test checks the README against it and the views against both)."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from functools import lru_cache

from ..config import PROJECT_ROOT, SQL_DIR
from .sqlfiles import sql_literal

CONTRACT_FILE = SQL_DIR / "bi" / "contract.csv"
README = PROJECT_ROOT / "README.md"
README_START = "<!-- bi contract: generated from sql/bi/contract.csv by `python -m parley.warehouse.contract` -->"
README_END = "<!-- end of bi contract -->"
# main's tables, several named like the bi views beside them: each says which view to query instead (schema_version
# is left out: its comment is the layout fingerprint).
INTERNAL_TABLES = {
    "articles": "bi.articles", "mentions": "bi.mentions", "quotes": "bi.quotes", "entities": "bi.entities",
    "entity_roles": "bi.entity_roles", "meetings": "bi.meetings", "meeting_participants": "bi.meeting_participants",
    "meeting_countries": "bi.meeting_countries", "meeting_sources": "bi.meeting_evidence",
    "meeting_reports": "bi.meeting_evidence", "rejects": "bi.rejects and bi.reject_history",
    "pipeline_runs": "bi.pipeline_runs", "person_links": "bi.person_links",
}


@dataclass
class View:
    name: str
    description: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # column → description, in the view's column order


@lru_cache(maxsize=1)
def views() -> dict[str, View]:
    """view name (without the bi. prefix) → View, in file order."""
    out: dict[str, View] = {}
    with CONTRACT_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            view = out.setdefault(row["view"], View(row["view"]))
            if row["column"]:
                view.columns[row["column"]] = row["description"]
            else:
                view.description = row["description"]
    return out


def comment_statements() -> list[str]:
    statements = []
    for view in views().values():
        statements.append(f"COMMENT ON VIEW bi.{view.name} IS {sql_literal(view.description)}")
        statements += [f"COMMENT ON COLUMN bi.{view.name}.{column} IS {sql_literal(text)}"
                       for column, text in view.columns.items()]
    statements += [f"COMMENT ON TABLE main.{table} IS "
                   + sql_literal(f"Internal to parley: may change in any release; query {view} instead.")
                   for table, view in INTERNAL_TABLES.items()]
    return statements


def readme_table() -> str:
    lines = [README_START, "", "| view | what it holds | columns |", "| --- | --- | --- |"]
    for view in views().values():
        lines.append(f"| `bi.{view.name}` | {view.description} | {', '.join(f'`{c}`' for c in view.columns)} |")
    return "\n".join(lines + ["", README_END])


def readme_with_table(text: str) -> str:
    start, end = text.index(README_START), text.index(README_END) + len(README_END)
    return text[:start] + readme_table() + text[end:]


if __name__ == "__main__":
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    sys.exit(0)
