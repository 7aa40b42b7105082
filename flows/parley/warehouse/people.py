"""One person once across articles (issue 25): a bare surname an article never expands is an article-local person
(person:<surname>); person_links shows it as the one full-name person of that surname whose mentions fit in time,
when the surname is written as a person at least once (sql/load/person_links.sql says when and why). The fact tables
keep the articles' ids; the bi views read people through person_links."""

from __future__ import annotations

import duckdb
import pyarrow as pa

from ..knowledge.kb import fold, lexicon, surname_keys
from .sqlfiles import read_sql, transaction


def person_keys(people: list[tuple[str, str]]) -> pa.Table:
    """(entity_id, surname, one_word) for the persons (entity_id, name) whose surname key a one-word person has: the
    keys the NLP links surnames by (knowledge/kb.py), a one-word name's being the whole name folded."""
    keyed: list[tuple[str, str, bool]] = []
    for entity_id, name in people:
        one_word = " " not in name.strip()
        keyed += [(entity_id, key, one_word) for key in ([fold(name)] if one_word else surname_keys(name))]
    single = {key for _, key, one_word in keyed if one_word}
    rows = [row for row in keyed if row[1] in single]
    return pa.table({"entity_id": pa.array([r[0] for r in rows], pa.string()),
                     "surname": pa.array([r[1] for r in rows], pa.string()),
                     "one_word": pa.array([r[2] for r in rows], pa.bool_())})


def link_people(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute person_links whole (current state: the same facts give the same rows); returns the links. Runs after
    every load that changed facts (load.rebuild_meetings) and once on an older file (migrate.add_person_links)."""
    people = [(entity_id, name) for entity_id, name, _ in con.execute(read_sql("load/person_names")).fetchall()]
    titles = sorted(lexicon("honorific") | lexicon("person_title") | lexicon("office_noun"))
    con.register("batch_person_keys", person_keys(people))
    con.register("batch_person_titles", pa.table({"word": pa.array(titles, pa.string())}))
    try:
        with transaction(con):
            return con.execute(read_sql("load/person_links")).fetchone()[0]  # the INSERT's row count
    finally:
        con.unregister("batch_person_keys")
        con.unregister("batch_person_titles")
