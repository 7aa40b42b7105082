"""A head start for one-process runs: parse the first inputs while the temporary Prefect API starts.

The API needs seconds to answer and runs in its own process; the flow process would wait idle for it. Instead a
thread loads the spaCy pipeline, plans the inputs against the published warehouse (read-only, the flow's own
scan/plan functions) and processes the first new or changed ones in small chunks. The flow's first enrich batch
stops the thread (at most one chunk's wait) and takes the results, keyed by input name and content hash: a result
the flow does not ask for is dropped, so a head start can only save work, never change what is loaded.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .types import ProcessedArticle, RawDoc

CHUNK_WORDS = 2_000  # words parsed between two looks at the stop flag: a short wait for the flow's first batch
MAX_ARTICLES = 512  # memory bound of the results held for the flow

_results: dict[tuple[str, str], ProcessedArticle] = {}
_stop = threading.Event()
_thread: threading.Thread | None = None
handed_over = 0  # articles the flow took from the head start in this process (the run summary reports it)


def begin(source: Path, published: Path, model: str | None = None) -> None:
    """Start the head start (once per run); `end()` stops it and drops what the flow did not take."""
    global _thread
    if _thread is not None:
        return
    _stop.clear()
    _results.clear()
    _thread = threading.Thread(target=_work, args=(Path(source), Path(published), model), daemon=True,
                               name="parley-head-start")
    _thread.start()


def take(raws: list[RawDoc]) -> dict[str, ProcessedArticle]:
    """Stop the head start and hand over its results for `raws` (by source name)."""
    global handed_over
    halt()
    found = {}
    for raw in raws:
        article = _results.pop((raw.source_name, raw.content_hash), None)
        if article is not None:
            found[raw.source_name] = article
    handed_over += len(found)
    if found:
        import sys
        print(f"[head start] {len(found)} articles parsed while the Prefect API started", file=sys.stderr)
    return found


def halt() -> None:
    if _thread is not None:
        _stop.set()
        _thread.join()


def end() -> None:
    global _thread
    halt()
    _thread = None
    _results.clear()


def _work(source: Path, published: Path, model: str | None) -> None:
    from .enrich import process_batch  # imports spaCy: in this thread, not before the API starts

    try:
        planned = _planned(source, published, model)
        chunk: list[RawDoc] = []
        words = done = 0
        for raw in planned:
            if _stop.is_set() or done >= MAX_ARTICLES:
                break
            chunk.append(raw)
            words += raw.raw_text.count(" ") + 1
            if words >= CHUNK_WORDS:
                done += _keep(process_batch(chunk, model, head_start=False))
                chunk, words = [], 0
        if chunk and not _stop.is_set():
            _keep(process_batch(chunk, model, head_start=False))
    except Exception:  # noqa: BLE001 - a head start that fails costs nothing: the flow parses the input itself
        pass


def _keep(processed: list[ProcessedArticle]) -> int:
    for article in processed:
        _results[(article.raw.source_name, article.raw.content_hash)] = article
    return len(processed)


def _planned(source: Path, published: Path, model: str | None):
    """The inputs the flow will parse, in its order: new or changed against the published file (all of them when
    there is none yet or it cannot be read)."""
    import duckdb

    from .config import settings
    from .extract import scan
    from .fingerprint import nlp_fingerprint
    from .plan import PlanCounts, plan_inputs
    from .unchanged import _hash_owner, _stored_state

    cfg = settings()
    stored: dict = {}
    owners: dict = {}
    if published.is_file():
        try:
            con = duckdb.connect(str(published), read_only=True)
            try:
                stored, owners = _stored_state(con), _hash_owner(con)
            finally:
                con.close()
        except duckdb.Error:
            stored, owners = {}, {}
    planned = plan_inputs(scan(source, cfg.max_file_bytes), stored, owners,
                          nlp_fingerprint(model or cfg.spacy_model), PlanCounts())
    return (item for item in planned if isinstance(item, RawDoc))
