"""The report's figures: every sql/report/*.sql run in DuckDB on the read-only warehouse; only aggregates and top
rows come back, as plain JSON-ready dicts."""

from __future__ import annotations

from datetime import date

import duckdb

from ..warehouse.query import _plain
from ..warehouse.sqlfiles import read_sql

LIMITS = {"meetings_time": 3000, "network": 60, "country_pairs": 40, "speakers": 12, "top_entities": 15,
          "meetings_table": 500}


def _rows(con: duckdb.DuckDBPyConnection, name: str, params: dict) -> list[dict]:
    sql = read_sql(f"report/{name}")
    wanted = {k: v for k, v in params.items() if f"${k}" in sql}
    relation = con.execute(sql, wanted)
    columns = [d[0] for d in relation.description]
    return [dict(zip(columns, (_plain(v) for v in row))) for row in relation.fetchall()]


def gather(con: duckdb.DuckDBPyConnection, date_from: date | None = None, date_to: date | None = None,
           country: str | None = None) -> dict:
    base = {"date_from": date_from, "date_to": date_to, "country": country.upper() if country else None}
    span = _rows(con, "meetings_span", base)[0]
    days = (date.fromisoformat(span["last_day"]) - date.fromisoformat(span["first_day"])).days \
        if span["first_day"] else 0
    bucket = "week" if days and days <= 120 else "month"  # weeks for short ranges, as the issue asks
    data = {"filters": base, "bucket": bucket, "span": span,
            "header": _rows(con, "header", base)[0], "rejects": _rows(con, "rejects", base)}
    for name in ("meetings_time", "network", "country_pairs", "speakers", "top_entities", "meetings_table"):
        data[name] = _rows(con, name, {**base, "bucket": bucket, "limit": LIMITS[name], "per_speaker": 3})
    top_ids = [r["entity_id"] for r in sorted(data["top_entities"], key=lambda r: -r["mentions"])[:10]]
    data["mentions_time"] = _rows(con, "mentions_time", {**base, "bucket": bucket, "ids": top_ids}) if top_ids else []
    return data
