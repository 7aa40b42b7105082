"""The parse of `parley run` on this machine, in processes of their own started before Prefect.

The CLI starts these children first (one per NLP process asked for). Each loads the spaCy pipeline, plans the
inputs against the published warehouse (read-only, the flow's own scan and plan functions), and cleans and parses
its share of the chunks (every n-th), sending each through a pipe. A receiver thread per child in the flow's
process puts the results where the flow's enrich tasks take them, by input name and content hash. An input no
child parsed (changed since it was read, or a child failed) is parsed by the flow itself, so the children can
only save work, never change what is loaded. At most MAX_READY results wait for the flow; the children then
block on their pipes: memory stays flat.

Where a core is left over (one NLP process on two cores), a child only parses and sends docs (nlp/doc_transfer.py) and
its receiver runs the rules (enrich.with_facts): the Prefect API's start, the flow's Prefect calls, the rules and the
loads then run beside the parse instead of taking a third of its time. Otherwise each child runs the rules too.

`parley run` only: a run called from Python (tests) parses in its own process, where a patched function applies.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from pathlib import Path

from ..types import ProcessedArticle, RawDoc

CHUNK_WORDS = 5_000  # words per message: small enough that the flow's first batch starts early
MAX_READY = 512  # results waiting for the flow; full while the flow waits for others means the plans differ

_children: list = []
_pipes: list = []  # (pipe, model) of each child until its receiver starts
_receivers: list[threading.Thread] = []
_changed = threading.Condition()
_ready: dict[tuple[str, str], ProcessedArticle | None] = {}  # (name, hash) → article; None: not parsed
_passed: set[str] = set()  # names the children have sent, in any version
_reading = 0  # receivers still reading: 0 once every child has sent everything, died or was stopped
taken = 0  # articles the flow took from the children in this run (the flow logs it)


def begin(source: Path, published: Path, processes: int = 1, model: str | None = None) -> None:
    """Start the children (once per run); `receive()` starts their receivers, `end()` stops both."""
    if _children:
        return
    from ..children import core_to_spare
    from ..config import settings

    model = model or settings().spacy_model
    with_rules = not core_to_spare(processes)  # no core left for the receivers: the children run the rules
    spawn = multiprocessing.get_context("spawn")  # no fork of a process holding threads and DuckDB
    _ready.clear()
    _passed.clear()
    for share in range(processes):
        pipe, child_end = spawn.Pipe(duplex=False)
        child = spawn.Process(target=_work, name=f"parley-parse-{share}", daemon=True, args=(
            child_end, str(source), str(published), model, os.getpid(), share, processes, with_rules))
        child.start()
        child_end.close()
        _children.append(child)
        _pipes.append((pipe, model))


def receive() -> None:
    """Start the receivers once the caller has imported the flow's modules: a receiver imports spaCy and the
    rules, and two threads importing spaCy at once can leave one of them a partly initialised module."""
    global _reading
    with _changed:
        if not _children:
            return
        _reading += len(_pipes)
        while _pipes:
            _receivers.append(threading.Thread(target=_receive, args=_pipes.pop(0), daemon=True,
                                               name=f"parley-parse-receiver-{len(_receivers)}"))
            _receivers[-1].start()


def active() -> bool:
    """True while this run's children parse: the flow's enrich tasks then only take their results."""
    return bool(_children)


def take(raws: list[RawDoc]) -> dict[str, ProcessedArticle]:
    """`raws` the children parsed, by source name, waiting for them; an input missing from the answer is the
    caller's to parse."""
    global taken
    found: dict[str, ProcessedArticle] = {}
    with _changed:
        pending = {raw.source_name: raw.content_hash for raw in raws}
        while pending:
            for name in [n for n in pending if n in _passed]:
                article = _ready.pop((name, pending.pop(name)), None)
                if article is not None:
                    found[name] = article
            if not pending or not _reading:
                break
            if len(_ready) >= MAX_READY:
                _stop_locked()
                break
            _changed.wait()
        _changed.notify_all()  # room for the receivers
    taken += len(found)
    return found


def processed(raws: list[RawDoc], model: str | None = None) -> list[ProcessedArticle]:
    """The batch's articles: those the children processed, the rest processed here (enrich.process_batch)."""
    from .enrich import process_batch

    ready = take(raws)
    rest = iter(process_batch([r for r in raws if r.source_name not in ready], model))
    return [ready[r.source_name] if r.source_name in ready else next(rest) for r in raws]


def end() -> None:
    global taken
    with _changed:
        _stop_locked()
    for receiver in _receivers:
        receiver.join()
    _receivers.clear()
    while _pipes:  # never received from
        _pipes.pop()[0].close()
    taken = 0


def _stop_locked() -> None:
    for child in _children:
        child.terminate()  # its receiver then reads the end of the pipe
        child.join()
    _children.clear()
    _ready.clear()
    _changed.notify_all()


def _receive(pipe, model: str) -> None:
    """A receiver thread: each chunk from its child, with its facts, into `_ready` for take()."""
    global _reading
    try:
        while True:
            message = pipe.recv()
            if message is None:
                break
            results = _with_facts(*message, model)
            with _changed:
                while len(_ready) >= MAX_READY and _children:
                    _changed.wait()
                if not _children:  # stopped
                    break
                _ready.update(results)
                _passed.update(name for name, _ in results)
                _changed.notify_all()
    except (EOFError, OSError):  # the child died or was stopped
        pass
    finally:
        pipe.close()
        with _changed:
            _reading -= 1
            _changed.notify_all()


def _with_facts(raws: list[RawDoc], articles: list[ProcessedArticle] | None, cleaned, packed: bytes | None,
                model: str) -> dict:
    """(name, hash) → the processed article, or None for all of a chunk the child or the rules failed on: the flow
    then processes it itself and meets the failure where its own handling applies."""
    keys = [(raw.source_name, raw.content_hash) for raw in raws]
    if articles is not None:
        return dict(zip(keys, articles))
    if packed is not None:
        try:
            from ..nlp.doc_transfer import unpack
            from ..nlp.pipeline import get_vocab
            from .enrich import with_facts

            docs = unpack(packed, get_vocab(model))
            return dict(zip(keys, with_facts(raws, cleaned, docs, model)))
        except Exception:  # noqa: BLE001
            pass
    return dict.fromkeys(keys)


def _work(pipe, source: str, published: str, model: str, parent_pid: int, share: int, shares: int,
          with_rules: bool) -> None:
    """A child: plan, then clean and parse every `shares`-th chunk from `share`, one chunk per message; None at
    the end."""
    from ..children import tied_to

    tied_to(parent_pid)()
    try:
        for index, chunk in enumerate(_chunks(_planned(Path(source), Path(published), model))):
            if index % shares == share:
                pipe.send(_parsed(chunk, model, with_rules))
        pipe.send(None)
    except (BrokenPipeError, EOFError, OSError):  # the run ended first
        pass
    except Exception:  # noqa: BLE001 - e.g. an unreadable knowledge base: the flow parses alone and reports it
        pass


def _chunks(raws):
    chunk: list[RawDoc] = []
    words = 0
    for raw in raws:
        chunk.append(raw)
        words += raw.raw_text.count(" ") + 1
        if words >= CHUNK_WORDS:
            yield chunk
            chunk, words = [], 0
    if chunk:
        yield chunk


def _parsed(chunk: list[RawDoc], model: str, with_rules: bool) -> tuple:
    """(inputs, processed articles, cleaned articles, packed docs) of a chunk: the articles with the rules run here,
    else the cleaned articles and their docs; None for all but the inputs if it could not be parsed."""
    from ..nlp.doc_transfer import pack
    from .enrich import parsed, process_batch

    try:
        if with_rules:
            return chunk, process_batch(chunk, model), None, None
        cleaned, docs = parsed(chunk, model)
        return chunk, None, cleaned, pack(list(docs))
    except Exception:  # noqa: BLE001
        return chunk, None, None, None


def _planned(source: Path, published: Path, model: str):
    """The inputs the flow will parse, in its order: new or changed against the published file (all of them when
    there is none yet or it cannot be read)."""
    from ..config import settings
    from ..ingest.extract import scan
    from ..warehouse.stored import published_state
    from .fingerprint import nlp_fingerprint
    from .plan import PlanCounts, plan_inputs

    stored, owners = published_state(published)
    planned = plan_inputs(scan(source, settings().max_file_bytes), stored, owners, nlp_fingerprint(model),
                          PlanCounts())
    return (item for item in planned if isinstance(item, RawDoc))
