"""Validate a warehouse file with great-expectations before it is published.

GX's SQL path fails against duckdb-engine (IndexError on every metric; GX issues 10738 / 11579), so each check
query in sql/checks/ is run by DuckDB (read-only) into a pandas DataFrame and GX validates that frame through an
ephemeral context's pandas datasource. One ValidationDefinition and one Checkpoint per check query: a Checkpoint
passes the same batch parameters (`{"dataframe": df}`) to all its definitions, so frames cannot share one.
All results are rendered once as Data Docs HTML under `docs_dir`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from .sqlfiles import read_sql

STATUSES = ["held", "planned"]
MODES = ["in_person", "phone", "virtual"]
RUN_STATUSES = ["running", "validating", "published", "checks_failed", "failed"]
COUNTRY_CODE = r"^[A-Z]{2}$"
EARLIEST_DATE = datetime(1900, 1, 1)


@dataclass
class ValidationResult:
    success: bool
    passed: int
    failed: int
    failures: list[str] = field(default_factory=list)
    docs_path: Path | None = None
    seconds: float = 0.0


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
                     + not_null("content_hash") + plausible("published_date")),
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
    }


def check_frames(path: Path, only: set[str] | None = None):
    """(check name, DataFrame) for each check query (all, or those named in `only`), run by DuckDB on the warehouse
    file (read-only). One frame at a time: a frame has a row per mention or quote, and holding them all at once
    would make validation's memory grow with the warehouse."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        for name in check_plan(EARLIEST_DATE):
            if only is None or name in only:
                yield name, con.execute(read_sql(f"checks/{name}")).df()
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


def validate(path: Path, docs_dir: Path, today: date | None = None, only: set[str] | None = None) -> ValidationResult:
    """Run every check (or the checks named in `only`) on the warehouse file; Data Docs go under docs_dir
    (docs_path: its index.html)."""
    import great_expectations as gx  # ~5 s to import: only when validating
    import great_expectations.expectations as gxe
    from great_expectations.data_context.types.base import ProgressBarsConfig

    started = time.perf_counter()
    docs_dir = Path(docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    _use_docs_dir(context, docs_dir)
    source = context.data_sources.add_pandas("warehouse")
    passed = failed = 0
    failures: list[str] = []
    plan = check_plan(latest_plausible_date(today))
    for check, frame in check_frames(Path(path), only):
        index_columns, expectations = plan[check]
        batch_definition = source.add_dataframe_asset(check).add_batch_definition_whole_dataframe(check)
        suite = context.suites.add(gx.ExpectationSuite(name=check))
        for class_name, kwargs in expectations:
            suite.add_expectation(getattr(gxe, class_name)(**kwargs))
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=check, data=batch_definition, suite=suite))
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=check, validation_definitions=[definition],
            result_format={"result_format": "SUMMARY", "unexpected_index_column_names": index_columns,
                           "partial_unexpected_count": 3}))
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        del frame  # before the next query: one frame in memory at a time
        for suite_result in run.run_results.values():
            for expectation_result in suite_result.results:
                if expectation_result.success:
                    passed += 1
                else:
                    failed += 1
                    failures.append(_describe(check, expectation_result))
    context.build_data_docs(site_names=[DOCS_SITE])
    return ValidationResult(failed == 0, passed, failed, failures, docs_dir / "index.html",
                            round(time.perf_counter() - started, 2))
