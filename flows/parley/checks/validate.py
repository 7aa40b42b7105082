"""Validate a warehouse file with great-expectations before it is published.

GX's SQL path fails against duckdb-engine (IndexError on every metric; GX issues 10738 / 11579), so each check
query in sql/checks/ is run by DuckDB (read-only) into a pandas DataFrame and GX validates that frame through an
ephemeral context's pandas datasource. One ValidationDefinition and one Checkpoint per check query: a Checkpoint
passes the same batch parameters (`{"dataframe": df}`) to all its definitions, so frames cannot share one.
All results are rendered once as Data Docs HTML under `docs_dir`, each validation under the parley run id, and as
parley's own offline report (report.py: docs_dir/report.html and docs_dir/runs/<run id>.html).

`row_problem()` is the row-level half of the same checks, run on each processed article before it is loaded: an
article that would fail one (an implausible date, an offset that misses the body, a malformed code) is moved to
rejects with the reason, so one bad row never blocks the good articles of a run. The checks above then only
fail on run-level problems (keys, referential integrity, counts) and those still block publishing.

A run's checks are scoped (sql/checks/scope.sql): the row-level queries read the rows it wrote, and the keys and
references are counted by DuckDB in one query (sql/checks/table_wide.sql: references and meetings over every row,
the big tables' keys for the keys the run wrote, against every row), so pandas and GX never hold a frame the size
of the warehouse. `parley check` (no run) reads every row.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ..children import Forked
from ..types import ProcessedArticle
from ..warehouse.sqlfiles import read_sql
from .report import CheckRow, write_report

STATUSES = ["held", "planned"]
MODES = ["in_person", "phone", "virtual", "letter"]
RUN_STATUSES = ["running", "validating", "published", "checks_failed", "failed"]
COUNTRY_CODE = r"^[A-Z]{2}$"
EARLIEST_DATE = datetime(1900, 1, 1)
MIN_LINE_WORDS = 3  # a body with no line this long is a menu or site chrome ("Home / World / Politics")


@dataclass
class ValidationResult:
    success: bool
    passed: int
    failed: int
    failures: list[str] = field(default_factory=list)
    docs_path: Path | None = None  # parley's offline report of these checks (report.html)
    seconds: float = 0.0
    gx_docs_path: Path | None = None  # great-expectations' Data Docs index (styles and scripts from CDNs)


def latest_plausible_date(today: date | None = None) -> datetime:
    """Dates are plausible up to one year ahead (planned meetings). A datetime: GX's pandas path compares
    datetime64 columns with datetime bounds (a str or date bound raises a type error)."""
    today = today or date.today()
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return datetime(today.year + 1, today.month, day)


def check_plan(latest_date: datetime) -> dict[str, tuple[list[str], list[tuple[str, dict]]]]:
    """check name (= sql/checks/<name>.sql) → (columns naming a failing row, [(expectation class, kwargs)])."""
    def unique_key(*columns):
        if len(columns) == 1:
            return [("ExpectColumnValuesToNotBeNull", {"column": columns[0]}),
                    ("ExpectColumnValuesToBeUnique", {"column": columns[0]})]
        return [("ExpectColumnValuesToNotBeNull", {"column": c}) for c in columns] + [
            ("ExpectCompoundColumnsToBeUnique", {"column_list": list(columns)})]

    def not_null(*columns):
        return [("ExpectColumnValuesToNotBeNull", {"column": c}) for c in columns]

    def null(*columns):
        return [("ExpectColumnValuesToBeNull", {"column": c}) for c in columns]

    def plausible(column):
        return [("ExpectColumnValuesToBeBetween", {"column": column, "min_value": EARLIEST_DATE,
                                                   "max_value": latest_date})]

    def vocabulary():
        return [("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": STATUSES}),
                ("ExpectColumnValuesToBeInSet", {"column": "mode", "value_set": MODES})]

    def at_least_one(column):
        return [("ExpectColumnValuesToBeBetween", {"column": column, "min_value": 1})]

    return {
        "articles": (["article_id"], unique_key("article_id") + unique_key("source_name")
                     + not_null("content_hash") + plausible("published_date") + null("empty_body")),
        "entities": (["entity_id"], unique_key("entity_id") + not_null("name", "type")),
        "mentions": (["mention_id"], unique_key("mention_id") + not_null("article_ref", "entity_ref")
                     + null("offsets_error", "surface_error")),
        "quotes": (["quote_id"], unique_key("quote_id") + not_null("article_ref")
                   + null("unknown_speaker", "offsets_error", "quote_text_error")),
        "meeting_reports": (["report_key"], unique_key("article_id", "report_index") + not_null("article_ref")
                            + plausible("meeting_date") + vocabulary() + at_least_one("parties")
                            + null("offsets_error", "evidence_error")),
        "meeting_report_participants": (["report_key", "entity_id"], not_null("entity_ref")),
        "meetings": (["meeting_id"], unique_key("meeting_id") + plausible("meeting_date") + vocabulary()
                     + at_least_one("parties") + at_least_one("sources")),
        "meeting_participants": (["meeting_id", "entity_id"], unique_key("meeting_id", "entity_id")
                                 + not_null("meeting_ref", "entity_ref")),
        "meeting_countries": (["meeting_id", "country_code"], unique_key("meeting_id", "country_code")
                              + not_null("meeting_ref")),
        "meeting_sources": (["meeting_id", "article_id", "report_index"],
                            unique_key("meeting_id", "article_id", "report_index")
                            + not_null("meeting_ref", "article_ref", "report_ref")),
        "country_codes": (["source_table"], [("ExpectColumnValuesToMatchRegex",
                                              {"column": "country_code", "regex": COUNTRY_CODE})]),
        "rejects": (["run_id", "source_name"], unique_key("run_id", "source_name") + not_null("reason")),
        "pipeline_runs": (["run_id"], unique_key("run_id")
                          + [("ExpectColumnValuesToBeInSet", {"column": "status", "value_set": RUN_STATUSES})]),
        # Keys and references over every row, counted in DuckDB (the fact tables have no constraints: issue 26).
        "table_wide": (["check_name"], [("ExpectColumnValuesToBeBetween",
                                         {"column": "violations", "min_value": 0, "max_value": 0})]),
    }


_CODE = re.compile(COUNTRY_CODE)
_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")


def _plausible(day: date | None, latest: date) -> bool:
    return day is None or EARLIEST_DATE.date() <= day <= latest


def _span_problem(body: str, start, end, expected: str | None, what: str, may_be_empty: bool = False) -> str | None:
    if start is None or end is None or not 0 <= start <= end <= len(body) or (start == end and not may_be_empty):
        return f"{what} span [{start}, {end}) is empty or outside a body of {len(body)} characters"
    if expected is not None and body[start:end] != expected:
        return f"{what} span [{start}, {end}) holds {body[start:end][:60]!r}, not {expected[:60]!r}"
    return None


def row_problem(article: ProcessedArticle, today: date | None = None) -> tuple[str, str] | None:
    """(reason, detail) of the first row-level check the article fails, or None. Reasons: empty,
    implausible_date, bad_offsets, bad_code, bad_value."""
    latest = latest_plausible_date(today).date()
    span = f"{EARLIEST_DATE.date()}..{latest}"
    clean, facts, body = article.clean, article.facts, article.clean.body
    if not any(len(line.split()) >= MIN_LINE_WORDS for line in body.splitlines()):
        return "empty", (f"no line of {MIN_LINE_WORDS} words or more is left after cleaning: no article text "
                         "(navigation, scripts or site chrome only)")
    if not _plausible(clean.published_date, latest):
        return "implausible_date", f"published date {clean.published_date} is outside {span}"
    stated = _YEAR.search(article.raw.published or "") if clean.published_date is None else None
    if stated and not EARLIEST_DATE.year <= int(stated[1]) <= latest.year:
        return "implausible_date", f"published {article.raw.published!r} is outside {span}"
    for m in facts.mentions:
        if problem := _span_problem(body, m.start_char, m.end_char, m.surface, f"mention {m.entity_id}"):
            return "bad_offsets", problem
    for q in facts.quotes:
        problem = _span_problem(body, q.start_char, q.end_char, q.text, "quote")
        if problem is None and (q.speaker_start is not None or q.speaker_end is not None):
            problem = _span_problem(body, q.speaker_start, q.speaker_end, None, "quote speaker")
        if problem:
            return "bad_offsets", problem
    for e in facts.entities:
        if e.country and not _CODE.fullmatch(e.country):
            return "bad_code", f"entity {e.entity_id} has country code {e.country!r}"
    for r in facts.meetings:
        if problem := _span_problem(body, r.start_char, r.end_char, None, "meeting report", may_be_empty=True):
            return "bad_offsets", problem
        if not _plausible(r.meeting_date, latest):
            return "implausible_date", f"meeting date {r.meeting_date} is outside {span}"
        bad_codes = [c for c in [r.country_code, *r.countries] if c is not None and not _CODE.fullmatch(c)]
        if bad_codes:
            return "bad_code", f"meeting report has country code {bad_codes[0]!r}"
        if r.status not in STATUSES or r.mode not in MODES:
            return "bad_value", f"meeting report has status {r.status!r} and mode {r.mode!r}"
        if not r.participants and not r.countries:
            return "bad_value", "meeting report names no participant and no country"
    return None


# Each checking process (the checker forks one per core) holds its own connection: DuckDB's default memory limit is
# 80% of the machine per connection. A run's scoped queries need a few MB; `parley check --full` spills to disk.
CHECK_CONNECTION = {"memory_limit": "512MB"}


def check_frames(path: Path, only: set[str] | None = None, scope_run: str | None = None):
    """(check name, DataFrame) for each check query (all, or those named in `only`), run by DuckDB on the warehouse
    file (read-only). One frame at a time: a frame has a row per mention or quote, and holding them all at once
    would make validation's memory grow with the warehouse. `scope_run`: the row-level queries read only the rows
    of that run (scope.sql); None reads every row."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True, config=CHECK_CONNECTION)
    try:
        for statement in read_sql("checks/scope").split(";\n"):
            if statement.strip():
                con.execute(statement, {"run_id": scope_run})
        for name in check_plan(EARLIEST_DATE):
            if only is None or name in only:
                sql = read_sql(f"checks/{name}")
                yield name, con.execute(sql, {"run_id": scope_run} if "$run_id" in sql else None).df()
    finally:
        con.close()


def _shown(value) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def _example(result: dict) -> str:
    """The first offending value(s), with the key of the row they came from when GX reports it."""
    indexed = result.get("partial_unexpected_index_list") or []
    if indexed and isinstance(indexed[0], dict):
        return "; ".join(", ".join(f"{k}={_shown(v)}" for k, v in row.items()) for row in indexed[:3])
    values = result.get("partial_unexpected_list") or []
    return ", ".join(_shown(v) for v in values[:3])


def _describe(check: str, expectation_result) -> str:
    """"<expectation> on <check query>.<column> failed (n of m rows), e.g. <value and row key>"."""
    config = expectation_result.expectation_config
    kwargs = config.kwargs
    columns = kwargs.get("column") or ",".join(kwargs.get("column_list") or [])
    result = expectation_result.result or {}
    info = expectation_result.exception_info or {}
    errors = [info, *(v for v in info.values() if isinstance(v, dict))]  # GX nests errors per metric
    messages = [e.get("exception_message") for e in errors if e.get("raised_exception")]
    if messages:
        return f"{config.type} on {check}.{columns} could not run: {messages[0]}"
    if not columns:  # a table-level expectation (a row count): no rows to name
        return f"{config.type} on {check} failed (observed {result.get('observed_value')}, expected {kwargs})"
    counted = f"{result.get('unexpected_count')} of {result.get('element_count')} rows"
    return f"{config.type} on {check}.{columns} failed ({counted}), e.g. {_example(result)}"


def _docs_site(docs_dir: Path) -> dict:
    return {
        "class_name": "SiteBuilder",
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
    }


DOCS_SITE = "local_site"


def _use_docs_dir(context, docs_dir: Path) -> None:
    """Point the ephemeral context's default docs site at docs_dir, dropping the empty temp dir it made for it."""
    default = context.list_data_docs_sites().get(DOCS_SITE, {}).get("store_backend", {}).get("base_directory")
    context.update_data_docs_site(DOCS_SITE, _docs_site(docs_dir))
    if default and Path(default).is_dir() and not any(Path(default).iterdir()):
        Path(default).rmdir()


def _row(check: str, expectation_result) -> CheckRow:
    kwargs = expectation_result.expectation_config.kwargs
    columns = kwargs.get("column") or ",".join(kwargs.get("column_list") or [])
    result = expectation_result.result or {}
    detail = (_describe(check, expectation_result) if not expectation_result.success
              else f"{result.get('element_count', '')} rows".strip())
    return CheckRow(check, expectation_result.expectation_config.type, columns, expectation_result.success, detail)


def validate(path: Path, docs_dir: Path, today: date | None = None, only: set[str] | None = None,
             run_id: str | None = None, full: bool = False) -> ValidationResult:
    """Run every check (or the checks named in `only`) on the warehouse file; Data Docs and parley's report go under
    docs_dir (docs_path: the report), labelled with `run_id`. The row-level checks read that run's rows, or every
    row when there is no run_id or `full`."""
    return Checks(today).run(path, docs_dir, only, run_id, full=full)


class Checks:
    """An ephemeral GX context with a suite, a validation definition and a checkpoint per check query, built before
    there is data to check (the checker process builds them while the flow parses); `run` validates one warehouse."""

    def __init__(self, today: date | None = None):
        import great_expectations as gx  # seconds to import: only when validating
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import ProgressBarsConfig

        from .docs_templates import compile_once

        compile_once()  # Data Docs templates compiled once per process, not once per build
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        source = self.context.data_sources.add_pandas("warehouse")
        self.checkpoints = {}
        for check, (index_columns, expectations) in check_plan(latest_plausible_date(today)).items():
            batch_definition = source.add_dataframe_asset(check).add_batch_definition_whole_dataframe(check)
            suite = self.context.suites.add(gx.ExpectationSuite(name=check))
            for class_name, kwargs in expectations:
                suite.add_expectation(getattr(gxe, class_name)(**kwargs))
            definition = self.context.validation_definitions.add(
                gx.ValidationDefinition(name=check, data=batch_definition, suite=suite))
            self.checkpoints[check] = self.context.checkpoints.add(gx.Checkpoint(
                name=check, validation_definitions=[definition],
                result_format={"result_format": "SUMMARY", "unexpected_index_column_names": index_columns,
                               "partial_unexpected_count": 3}))

    def run(self, path: Path, docs_dir: Path, only: set[str] | None = None, run_id: str | None = None,
            processes: int = 1, full: bool = False) -> ValidationResult:
        """Validate the warehouse file. With `processes` > 1 the check queries are shared among forked copies of this
        process: GX's cost is Python per expectation, whatever the rows, and at the end of a run the parse has left
        every core free. Only for a process that holds no threads or connections (the checker)."""
        started = time.perf_counter()
        docs_dir = Path(docs_dir)
        docs_dir.mkdir(parents=True, exist_ok=True)
        _use_docs_dir(self.context, docs_dir)
        names = [name for name in self.checkpoints if only is None or name in only]
        self.scope_run = None if full else run_id
        shares = [names[i::processes] for i in range(max(1, min(processes, len(names))))]
        if len(shares) == 1:
            results = self._validate(path, shares[0], run_id)
            self.context.build_data_docs(site_names=[DOCS_SITE])
        else:
            # The copies render their own pages (the last one the suites' too); this process its pages and the index
            # once every page exists: the index lists the pages it finds.
            copies = [Forked(self._validate_and_render, path, share, run_id, i == len(shares) - 1)
                      for i, share in enumerate(shares[1:], start=1)]
            results = self._validate(path, shares[0], run_id)
            for copy, share in zip(copies, shares[1:]):
                got = copy.result()
                results += got if got is not None else self._validate_and_render(path, share, run_id, True)
            for _check, key, suite_result in results:
                self.context.validation_results_store.set(key, suite_result)
            own = [key for check, key, _ in results if check in shares[0]]
            self.context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=own)
        order = {name: i for i, name in enumerate(names)}
        rows = [_row(check, expectation_result)
                for check, _key, suite_result in sorted(results, key=lambda r: order[r[0]])
                for expectation_result in suite_result.results]
        failures = [row.detail for row in rows if not row.success]
        report = write_report(docs_dir, run_id, Path(path), rows)
        return ValidationResult(not failures, len(rows) - len(failures), len(failures), failures, report,
                                round(time.perf_counter() - started, 2), docs_dir / "index.html")

    def _validate(self, path: Path, names: list[str], run_id: str | None) -> list[tuple]:
        """(check, result key, suite result) per check query named."""
        from great_expectations.core.run_identifier import RunIdentifier

        results = []
        for check, frame in check_frames(Path(path), set(names), self.scope_run):
            run = self.checkpoints[check].run(batch_parameters={"dataframe": frame},
                                              run_id=RunIdentifier(run_name=run_id or "parley-check"))
            del frame  # before the next query: one frame in memory at a time
            results += [(check, key, suite_result) for key, suite_result in run.run_results.items()]
        return results

    def _validate_and_render(self, path: Path, names: list[str], run_id: str | None, suites: bool) -> list[tuple]:
        results = self._validate(path, names, run_id)
        pages = [key for _, key, _ in results] + (self.context.expectations_store.list_keys() if suites else [])
        self.context.build_data_docs(site_names=[DOCS_SITE], resource_identifiers=pages, build_index=False)
        return results

