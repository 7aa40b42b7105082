"""Schema migrations that cannot be written as re-runnable DDL: they run once, on the first run that opens an
older warehouse, inside its build file (the published file is replaced only if the run's checks pass).

Version 3 (issue 26) drops the key and reference constraints of the fact tables: DuckDB cannot drop a constraint,
so the tables are copied aside, recreated by sql/schema/ and refilled.

Version 4 (issue 25) adds person_links, which runs recompute after their loads: an older file gets it computed once
on its first build, so its bi views show each person once before anything new is loaded.
"""

from __future__ import annotations

import duckdb

from .people import link_people
from .sqlfiles import read_sql, sql_folder, transaction


def keyed_fact_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The fact tables that still carry a PRIMARY KEY, UNIQUE or REFERENCES constraint."""
    return sorted(row[0] for row in con.execute(read_sql("load/keyed_fact_tables")).fetchall())


def unkey_facts(con: duckdb.DuckDBPyConnection) -> bool:
    """Rebuild the fact tables without key constraints if they have any; True if it did.

    Two transactions (DuckDB refuses to drop and recreate a table in one): the copies aside and the drops, then the
    new tables and their rows. It runs on a build file, which a failed run removes; the published file is untouched.
    """
    if not keyed_fact_tables(con):
        return False
    with transaction(con):
        con.execute(read_sql("load/unkey_facts_save"))
    with transaction(con):
        for name in sql_folder("schema"):
            con.execute(read_sql(name))
        con.execute(read_sql("load/unkey_facts_restore"))
    return True


def add_person_links(con: duckdb.DuckDBPyConnection) -> bool:
    """Compute person_links for a file that never had them (schema version 4); True if it did."""
    if con.execute(read_sql("load/person_links_version")).fetchone()[0]:
        return False
    link_people(con)
    with transaction(con):
        con.execute(read_sql("load/record_person_links_version"))
    return True
