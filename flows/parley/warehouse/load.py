"""Bulk loads into the build file: articles and their facts, rejects, retired inputs, merged meetings.

Facts are loaded per batch as Arrow tables (`INSERT ... SELECT FROM batch_*`), never row by row. All SQL is in
sql/load/.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import duckdb
import pyarrow as pa

from ..types import Entity, MeetingMention, ProcessedArticle, Reject, whole_file
from .files import utcnow
from .people import link_people
from .sqlfiles import read_sql, transaction

# Arrow schemas of the batch tables: explicit types, so an all-NULL column still loads as the right type.
_TEXT, _INT, _LIST = pa.string(), pa.int32(), pa.list_(pa.string())
ARTICLE_COLUMNS = pa.schema([
    ("article_id", _TEXT), ("source_name", _TEXT), ("source_path", _TEXT), ("format", _TEXT),
    ("content_hash", _TEXT), ("raw_text", _TEXT), ("title", _TEXT), ("published_date", pa.date32()),
    ("publisher", _TEXT), ("byline", _TEXT), ("dateline", _TEXT), ("dateline_date", pa.date32()),
    ("captions", _LIST), ("body", _TEXT),
    ("url", _TEXT), ("nlp_fingerprint", _TEXT), ("run_id", _TEXT), ("loaded_at", pa.timestamp("us")),
])
ENTITY_COLUMNS = pa.schema([("entity_id", _TEXT), ("name", _TEXT), ("type", _TEXT), ("country", _TEXT), ("source", _TEXT)])
MENTION_COLUMNS = pa.schema([
    ("mention_id", _TEXT), ("article_id", _TEXT), ("entity_id", _TEXT), ("surface", _TEXT),
    ("start_char", _INT), ("end_char", _INT), ("method", _TEXT),
])
QUOTE_COLUMNS = pa.schema([
    ("quote_id", _TEXT), ("article_id", _TEXT), ("quote_text", _TEXT), ("start_char", _INT), ("end_char", _INT),
    ("speaker_entity_id", _TEXT), ("speaker_text", _TEXT), ("speaker_start", _INT), ("speaker_end", _INT),
    ("method", _TEXT),
])
REPORT_COLUMNS = pa.schema([
    ("article_id", _TEXT), ("report_index", _INT), ("meeting_date", pa.date32()), ("date_precision", _TEXT),
    ("place", _TEXT), ("country_code", _TEXT), ("status", _TEXT), ("mode", _TEXT), ("participants", _LIST),
    ("countries", _LIST), ("start_char", _INT), ("end_char", _INT), ("evidence", _TEXT),
])
REJECT_COLUMNS = pa.schema([
    ("run_id", _TEXT), ("source_name", _TEXT), ("source_path", _TEXT), ("reason", _TEXT), ("detail", _TEXT),
    ("size_bytes", pa.int64()), ("content_hash", _TEXT), ("rejected_at", pa.timestamp("us")),
])
MEETING_COLUMNS = pa.schema([
    ("meeting_id", _TEXT), ("meeting_date", pa.date32()), ("date_precision", _TEXT), ("place", _TEXT),
    ("country_code", _TEXT), ("status", _TEXT), ("mode", _TEXT),
])
PARTICIPANT_COLUMNS = pa.schema([("meeting_id", _TEXT), ("entity_id", _TEXT)])
COUNTRY_COLUMNS = pa.schema([("meeting_id", _TEXT), ("country_code", _TEXT)])
ROLE_COLUMNS = pa.schema([("entity_id", _TEXT), ("role", _TEXT), ("country", _TEXT), ("title", _TEXT),
                          ("start_date", pa.date32()), ("end_date", pa.date32())])
SOURCE_COLUMNS = pa.schema([("meeting_id", _TEXT), ("article_id", _TEXT), ("report_index", _INT)])


class MissingEntities(ValueError):
    """Facts refer to entity ids that neither the batch nor the warehouse defines."""


def mention_id(article_id: str, start: int, end: int) -> str:
    return f"{article_id}:{start}-{end}"


def quote_id(article_id: str, start: int, end: int) -> str:
    return f"{article_id}:q{start}-{end}"



def write_rejects(con: duckdb.DuckDBPyConnection, rejects: list[Reject], run_id: str) -> int:
    """Record the rejects (see insert_rejects.sql) and retire what these inputs served before: an input whose
    latest version is rejected no longer has an article. Returns the number of articles retired."""
    latest = {r.source_name: r for r in rejects}  # one row per source and run
    now = utcnow()
    rows = [dict(run_id=run_id, source_name=r.source_name, source_path=r.source_path, reason=r.reason,
                 detail=r.detail, size_bytes=r.size_bytes, content_hash=r.content_hash, rejected_at=now)
            for r in latest.values()]
    with _registered(con, batch_rejects=pa.Table.from_pylist(rows, REJECT_COLUMNS)):
        con.execute(read_sql("load/insert_rejects"))
    return retire_sources(con, list(latest))


def retire_sources(con: duckdb.DuckDBPyConnection, source_names: list[str]) -> int:
    """Delete the stored articles (and every fact of theirs) of these inputs; returns how many."""
    if not source_names:
        return 0
    retired = pa.table({"source_name": source_names, "whole_file": [whole_file(n) for n in source_names]})
    with _registered(con, batch_retired=retired):
        ids = [row[0] for row in con.execute(read_sql("load/retired_articles")).fetchall()]
    if ids:
        _delete_articles(con, pa.table({"article_id": ids}))
    return len(ids)


def _delete_articles(con: duckdb.DuckDBPyConnection, ids: pa.Table) -> None:
    with _registered(con, batch_ids=ids):
        with transaction(con):  # children first, in their own transaction (see write_articles)
            con.execute(read_sql("load/delete_article_children"))
        with transaction(con):
            con.execute(read_sql("load/delete_articles"))


# --- articles --------------------------------------------------------------------------------------------------

@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, **tables: pa.Table) -> Iterator[None]:
    """Expose Arrow tables to the SQL files under fixed names (batch_*) for the duration of a load."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


def _columns(schema: pa.Schema) -> dict[str, list]:
    return {name: [] for name in schema.names}


def _append(columns: dict[str, list], values: tuple) -> None:
    """One row onto the column lists of `_columns`, its values in the schema's column order."""
    for column, value in zip(columns.values(), values, strict=True):
        column.append(value)


def _first_per_id(facts: list, id_of) -> Iterator[tuple[str, object]]:
    """(id, fact) in order, the first fact of each id: two facts on the same span would collide on the key."""
    chosen: dict[str, object] = {}
    for fact in facts:
        chosen.setdefault(id_of(fact), fact)
    return iter(chosen.items())


def _table(columns: dict[str, list], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pydict(columns, schema)


def _batch_entities(articles: list[ProcessedArticle]) -> dict[str, Entity]:
    """One entity per id; a knowledge-base record wins over an NER one with the same id."""
    chosen: dict[str, Entity] = {}
    for article in articles:
        for entity in article.facts.entities:
            if entity.entity_id not in chosen or (entity.source == "kb" and chosen[entity.entity_id].source != "kb"):
                chosen[entity.entity_id] = entity
    return chosen


def _referenced_entity_ids(articles: list[ProcessedArticle]) -> set[str]:
    ids = set()
    for article in articles:
        ids.update(m.entity_id for m in article.facts.mentions)
        ids.update(q.speaker_entity_id for q in article.facts.quotes if q.speaker_entity_id)
        for meeting in article.facts.meetings:
            ids.update(meeting.participants)
    return ids


def _check_entities_known(con: duckdb.DuckDBPyConnection, referenced: set[str], batch: set[str]) -> None:
    missing = referenced - batch
    if not missing:
        return
    refs = pa.table({"entity_id": sorted(missing)})
    with _registered(con, batch_refs=refs):
        missing -= {row[0] for row in con.execute(read_sql("load/known_entities")).fetchall()}
    if missing:
        raise MissingEntities(f"facts refer to entity ids not in ArticleFacts.entities nor the warehouse: "
                              f"{sorted(missing)[:10]}")


def _article_tables(articles: list[ProcessedArticle], run_id: str) -> dict[str, pa.Table]:
    """The batch as one Arrow table per target table (column lists first: cheaper than a dict per row)."""
    now = utcnow()
    art, men, quo, rep = (_columns(s) for s in (ARTICLE_COLUMNS, MENTION_COLUMNS, QUOTE_COLUMNS, REPORT_COLUMNS))
    for a in articles:
        raw, clean, facts, aid = a.raw, a.clean, a.facts, a.article_id
        for name, value in (
            ("article_id", aid), ("source_name", raw.source_name), ("source_path", raw.source_path),
            ("format", raw.fmt), ("content_hash", raw.content_hash), ("raw_text", raw.raw_text),
            ("title", clean.title), ("published_date", clean.published_date), ("publisher", clean.publisher),
            ("byline", clean.byline), ("dateline", clean.dateline),
            ("dateline_date", clean.dateline_date), ("captions", list(clean.captions)),
            ("body", clean.body), ("url", raw.url), ("nlp_fingerprint", a.nlp_fingerprint), ("run_id", run_id),
            ("loaded_at", now),
        ):
            art[name].append(value)
        for mid, m in _first_per_id(facts.mentions, lambda m: mention_id(aid, m.start_char, m.end_char)):
            _append(men, (mid, aid, m.entity_id, m.surface, m.start_char, m.end_char, m.method))
        for qid, q in _first_per_id(facts.quotes, lambda q: quote_id(aid, q.start_char, q.end_char)):
            _append(quo, (qid, aid, q.text, q.start_char, q.end_char, q.speaker_entity_id, q.speaker_text,
                          q.speaker_start, q.speaker_end, q.method))
        for index, r in enumerate(facts.meetings):
            _append(rep, (aid, index, r.meeting_date, r.date_precision, r.place, r.country_code, r.status, r.mode,
                          list(r.participants), list(r.countries), r.start_char, r.end_char, r.evidence))
    return dict(batch_articles=_table(art, ARTICLE_COLUMNS), batch_mentions=_table(men, MENTION_COLUMNS),
                batch_quotes=_table(quo, QUOTE_COLUMNS), batch_reports=_table(rep, REPORT_COLUMNS))


def _entity_table(entities: dict[str, Entity]) -> pa.Table:
    rows = [dict(entity_id=e.entity_id, name=e.name, type=e.type, country=e.country or None, source=e.source)
            for e in entities.values()]
    return pa.Table.from_pylist(rows, ENTITY_COLUMNS)


def write_articles(con: duckdb.DuckDBPyConnection, articles: list[ProcessedArticle], run_id: str) -> None:
    """Load a batch: every stored row of these article ids is replaced by the batch's rows.

    Two transactions (DuckDB checks a parent delete against children deleted in the same transaction): first the
    old facts go, then articles, entities and facts are written together. A failure between the two leaves the
    build file without some old facts; the run then fails and the build is never published.
    """
    if not articles:
        return
    latest = list({a.article_id: a for a in articles}.values())  # the same input twice: the last one wins
    entities = _batch_entities(latest)
    _check_entities_known(con, _referenced_entity_ids(latest), set(entities))
    ids = pa.table({"article_id": [a.article_id for a in latest]})
    tables = _article_tables(latest, run_id)
    with _registered(con, batch_ids=ids, batch_entities=_entity_table(entities), **tables):
        with transaction(con):
            con.execute(read_sql("load/delete_article_children"))
        with transaction(con):
            con.execute(read_sql("load/delete_articles"))
            con.execute(read_sql("load/upsert_entities"))
            for name in ("insert_articles", "insert_mentions", "insert_quotes", "insert_meeting_reports"):
                con.execute(read_sql(f"load/{name}"))


# Errors that refuse one bad row (a constraint, a value the column cannot hold); not I/O or a full disk.
# ValueError / TypeError: a value of one input the row building cannot take (issue 30: one input's fault).
ROW_ERRORS = (duckdb.ConstraintException, duckdb.ConversionException, duckdb.InvalidInputException,
              pa.ArrowException, MissingEntities, ValueError, TypeError)


def load_articles(con: duckdb.DuckDBPyConnection, articles: list[ProcessedArticle],
                  run_id: str) -> list[tuple[ProcessedArticle, str]]:
    """write_articles for the batch; if the database refuses it, article by article. Returns the refused articles
    with the error (the caller rejects them, which also removes what their failed load left behind)."""
    try:
        write_articles(con, articles, run_id)
        return []
    except ROW_ERRORS:
        pass
    refused = []
    for article in articles:
        try:
            write_articles(con, [article], run_id)
        except ROW_ERRORS as error:
            refused.append((article, f"{type(error).__name__}: {error}"[:500]))
    return refused


# --- meetings --------------------------------------------------------------------------------------------------

def stored_meeting_reports(con: duckdb.DuckDBPyConnection) -> list[tuple[str, date | None, MeetingMention]]:
    """Every stored report as (article_id, published_date, MeetingMention), in (article, report_index) order."""
    return [entry[:3] for entry in _report_entries(con.execute(read_sql("load/meeting_reports")))]


def _report_entries(relation) -> list[tuple[str, date | None, MeetingMention, int]]:
    """(article_id, published_date, MeetingMention, report_index) of the rows of meeting_reports.sql's shape."""
    reports = []
    for (article_id, published, index, meeting_date, precision, place, country_code, status, mode,
         participants, countries, start, end) in relation.fetchall():
        mention = MeetingMention(list(participants), list(countries), place, country_code, meeting_date, precision,
                                 status, mode, start, end)
        reports.append((article_id, published, mention, index))
    return reports


def _meeting_tables(merged) -> dict[str, pa.Table]:
    meetings, participants, countries, sources = (_columns(s) for s in (
        MEETING_COLUMNS, PARTICIPANT_COLUMNS, COUNTRY_COLUMNS, SOURCE_COLUMNS))
    for m in merged:
        for name in MEETING_COLUMNS.names:
            meetings[name].append(getattr(m, name))
        for entity_id in dict.fromkeys(m.participants):  # dedupe, keep order
            participants["meeting_id"].append(m.meeting_id)
            participants["entity_id"].append(entity_id)
        for code in dict.fromkeys(m.countries):
            countries["meeting_id"].append(m.meeting_id)
            countries["country_code"].append(code)
        for article_id, report_index in dict.fromkeys(tuple(s) for s in m.sources):
            sources["meeting_id"].append(m.meeting_id)
            sources["article_id"].append(article_id)
            sources["report_index"].append(report_index)
    return dict(batch_meetings=_table(meetings, MEETING_COLUMNS),
                batch_participants=_table(participants, PARTICIPANT_COLUMNS),
                batch_countries=_table(countries, COUNTRY_COLUMNS), batch_sources=_table(sources, SOURCE_COLUMNS))


def rebuild_meetings(con: duckdb.DuckDBPyConnection, merge=None, full: bool = False) -> int:
    """Merge the stored meeting reports across articles and replace the meeting tables; returns the number of
    meetings merged. In a run (a `running` row in pipeline_runs) only what its reports touch is re-merged
    (merged.py); with `full`, outside a run, or with another `merge`, every report.

    `merge` defaults to parley.meetings.merge.merge_meetings (imported late: it is its own stage).
    """
    if merge is None and not full:
        running = con.execute(read_sql("load/running_run")).fetchone()
        if running is not None:
            merged_count = remerge_touched(con, running[0])
            link_people(con)
            return merged_count
    if merge is None:
        from ..meetings.merge import merge_meetings as merge
    reports = stored_meeting_reports(con)
    # merge_meetings takes (article_id, published_date, MeetingMention); sources come back as (article_id, index).
    merged = merge(reports)
    tables = _meeting_tables(merged)
    with _registered(con, batch_roles=_role_table(), **tables):
        with transaction(con):
            con.execute(read_sql("load/delete_meeting_links"))
        with transaction(con):
            con.execute(read_sql("load/delete_meetings"))
            con.execute(read_sql("load/insert_merged_meetings"))
            con.execute(read_sql("load/replace_entity_roles"))
    link_people(con)
    return len(merged)


def remerge_touched(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Re-merge the groups of reports the run `run_id` touched and replace their meetings (merged.py)."""
    from ..meetings.merge import merge_entries
    from .merged import touched_reports

    chosen, stale = touched_reports(con, run_id)
    keys = pa.table({"article_id": pa.array([a for a, _ in chosen], _TEXT),
                     "report_index": pa.array([i for _, i in chosen], _INT)})
    with _registered(con, batch_chosen=keys):
        entries = _report_entries(con.execute(read_sql("load/chosen_meeting_reports")))
        gone = set(stale) | {row[0] for row in con.execute(read_sql("load/meetings_of_reports")).fetchall()}
    merged = merge_entries(entries)
    with _registered(con, batch_gone=pa.table({"meeting_id": pa.array(sorted(gone), _TEXT)}), batch_roles=_role_table(),
                     **_meeting_tables(merged)):
        with transaction(con):
            con.execute(read_sql("load/delete_some_meetings"))
            con.execute(read_sql("load/insert_merged_meetings"))
            con.execute(read_sql("load/replace_entity_roles"))
    return len(merged)


def _role_table() -> pa.Table:
    """The knowledge base's dated roles (bi.meeting_participants names a participant's office on the date)."""
    from ..knowledge.kb import load_kb

    rows = [dict(entity_id=r.entity_id, role=r.role, country=r.country, title=r.title or None, start_date=r.start,
                 end_date=r.end) for r in load_kb().roles]
    return pa.Table.from_pylist(rows, ROLE_COLUMNS)
