"""The parse of a one-process `parley run`, in a process of its own started before Prefect.

The CLI starts this child first. It loads the spaCy pipeline, plans the inputs against the published warehouse
(read-only, the flow's own scan and plan functions), cleans and parses them, and sends each chunk's docs (a
DocBin) through a pipe, in plan order. A thread of the flow's process receives them at once and runs the rules
(enrich.with_facts); the flow's enrich tasks take the results by input name and content hash. So the one NLP
process only parses: the Prefect API's start, the flow's Prefect calls, the rules and the loads run beside it on
another core, where they took a third of its time when the parse ran in the flow's process. An input the child
did not parse (changed since it was read, or the child failed) is parsed by the flow itself, so the child can
only save work, never change what is loaded. At most MAX_READY results wait for the flow; the child then blocks
on the pipe: memory stays flat.

`parley run` only: a run called from Python (tests) parses in its own process, where a patched function applies.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

from .types import ProcessedArticle, RawDoc

CHUNK_WORDS = 5_000  # words per message: small enough that the flow's first batch starts early
MAX_READY = 512  # results waiting for the flow; full while the flow waits for others means the two plans differ

_process = None
_receiver: threading.Thread | None = None
_changed = threading.Condition()
_ready: dict[tuple[str, str], ProcessedArticle | None] = {}  # (name, hash) → article; None: not parsed
_passed: set[str] = set()  # names the child has sent, in any version
_done = True  # the child has sent everything, died or was stopped
taken = 0  # articles the flow took from the child in this run (the flow logs it)


def begin(source: Path, published: Path, model: str | None = None) -> None:
    """Start the child and its receiver (once per run); `end()` stops them."""
    global _process, _receiver, _done
    if _process is not None:
        return
    from .config import settings

    model = model or settings().spacy_model
    spawn = multiprocessing.get_context("spawn")  # no fork of a process holding threads and DuckDB
    pipe, child_end = spawn.Pipe(duplex=False)
    _process = spawn.Process(target=_work, args=(child_end, str(source), str(published), model, os.getpid()),
                             name="parley-parse", daemon=True)
    _process.start()
    child_end.close()
    _ready.clear()
    _passed.clear()
    _done = False
    _receiver = threading.Thread(target=_receive, args=(pipe, model), name="parley-parse-receiver", daemon=True)
    _receiver.start()


def take(raws: list[RawDoc]) -> dict[str, ProcessedArticle]:
    """`raws` the child parsed, by source name, waiting for them; an input missing from the answer is the caller's
    to parse."""
    global taken
    found: dict[str, ProcessedArticle] = {}
    with _changed:
        pending = {raw.source_name: raw.content_hash for raw in raws}
        while pending:
            for name in [n for n in pending if n in _passed]:
                article = _ready.pop((name, pending.pop(name)), None)
                if article is not None:
                    found[name] = article
            if not pending or _done:
                break
            if len(_ready) >= MAX_READY:
                _stop_locked()
                break
            _changed.wait()
        _changed.notify_all()  # room for the receiver
    taken += len(found)
    return found


def end() -> None:
    global _receiver, taken
    with _changed:
        _stop_locked()
    if _receiver is not None:
        _receiver.join()
        _receiver = None
    taken = 0


def _stop_locked() -> None:
    global _process, _done
    if _process is not None:
        _process.terminate()  # the receiver then reads the end of the pipe
        _process.join()
        _process = None
    _done = True
    _ready.clear()
    _changed.notify_all()


def _receive(pipe, model: str) -> None:
    """The receiver thread: each chunk from the child, with its facts, into `_ready` for take()."""
    global _done
    try:
        while True:
            message = pipe.recv()
            if message is None:
                break
            results = _with_facts(*message, model)
            with _changed:
                while len(_ready) >= MAX_READY and not _done:
                    _changed.wait()
                if _done:
                    break
                _ready.update(results)
                _passed.update(name for name, _ in results)
                _changed.notify_all()
    except (EOFError, OSError):  # the child died or was stopped
        pass
    finally:
        pipe.close()
        with _changed:
            _done = True
            _changed.notify_all()


def _with_facts(raws: list[RawDoc], cleaned, docbin: bytes | None, model: str) -> dict:
    """(name, hash) → the processed article, or None for all of a chunk the child or the rules failed on: the flow
    then processes it itself and meets the failure where its own handling applies."""
    keys = [(raw.source_name, raw.content_hash) for raw in raws]
    if docbin is not None:
        try:
            from spacy.tokens import DocBin

            from .enrich import with_facts
            from .nlp import get_pipeline

            docs = DocBin().from_bytes(docbin).get_docs(get_pipeline(model).vocab)
            return dict(zip(keys, with_facts(raws, cleaned, docs, model)))
        except Exception:  # noqa: BLE001
            pass
    return dict.fromkeys(keys)


def _work(pipe, source: str, published: str, model: str, parent_pid: int) -> None:
    """The child: plan, clean and parse, one chunk per message; None at the end."""
    from .children import tied_to

    tied_to(parent_pid)()
    chunk: list[RawDoc] = []
    words = 0
    try:
        for raw in _planned(Path(source), Path(published), model):
            chunk.append(raw)
            words += raw.raw_text.count(" ") + 1
            if words >= CHUNK_WORDS:
                pipe.send(_parsed(chunk, model))
                chunk, words = [], 0
        if chunk:
            pipe.send(_parsed(chunk, model))
        pipe.send(None)
    except (BrokenPipeError, EOFError, OSError):  # the run ended first
        pass
    except Exception:  # noqa: BLE001 - e.g. an unreadable knowledge base: the flow parses alone and reports it
        pass


def _parsed(chunk: list[RawDoc], model: str) -> tuple:
    """(inputs, cleaned articles, DocBin bytes) of a chunk; None for the last two if it could not be parsed."""
    from spacy.tokens import DocBin

    from .enrich import parsed

    try:
        cleaned, docs = parsed(chunk, model)
        return chunk, cleaned, DocBin(store_user_data=False, docs=docs).to_bytes()
    except Exception:  # noqa: BLE001
        return chunk, None, None


def _planned(source: Path, published: Path, model: str):
    """The inputs the flow will parse, in its order: new or changed against the published file (all of them when
    there is none yet or it cannot be read)."""
    import duckdb

    from . import warehouse
    from .config import settings
    from .extract import scan
    from .fingerprint import nlp_fingerprint
    from .plan import PlanCounts, plan_inputs

    stored: dict = {}
    owners: dict = {}
    if published.is_file():
        try:
            con = duckdb.connect(str(published), read_only=True)
            try:
                stored, owners = warehouse.stored_state(con), warehouse.stored_hash_owner(con)
            finally:
                con.close()
        except duckdb.Error:
            stored, owners = {}, {}
    planned = plan_inputs(scan(source, settings().max_file_bytes), stored, owners, nlp_fingerprint(model),
                          PlanCounts())
    return (item for item in planned if isinstance(item, RawDoc))
