"""Incremental planning: which inputs need NLP, which are unchanged, which are rejected. No I/O of its own.

Duplicates are decided here, where the stored state is known: of two inputs with the same text, the one that
already holds it in the warehouse keeps it (an unchanged input is never rejected because another file now copies
it); between new texts, the first input in scan order keeps it. Every duplicate reject names the keeper.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ..types import RawDoc, Reject


@dataclass
class PlanCounts:
    files_seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    rejected: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)

    def count_reject(self, reject: Reject) -> None:
        self.rejected += 1
        self.reject_reasons[reject.reason] = self.reject_reasons.get(reject.reason, 0) + 1


def _duplicate(doc: RawDoc, keeper: str) -> Reject:
    # Worded the same whether the keeper is stored yet or new in this run: the second run of a folder then records
    # the same reject as the first, and its unchanged re-run takes the nothing-new path (issue 26).
    return Reject(doc.source_name, doc.source_path, "duplicate", f"same content as {keeper}, which keeps it",
                  len(doc.raw_text.encode()), doc.content_hash)


def plan_inputs(
    items: Iterable[RawDoc | Reject],
    stored: dict[str, tuple[str, str | None]],
    hash_owner: dict[str, str],
    fingerprint: str,
    counts: PlanCounts,
) -> Iterator[RawDoc | Reject]:
    """Pass through what must be (re)processed and the rejects; count and drop what is unchanged.

    `stored` maps source_name → (content_hash, nlp_fingerprint) already in the warehouse; `hash_owner` maps a stored
    content hash to its source_name. An input whose text another stored input holds waits until that owner is seen
    in this scan (or the scan ends: an owner no longer in the folder keeps its rows, and its text).
    """
    keeper: dict[str, str] = {}  # content hash → the input that keeps it in this run
    holds: dict[str, str | None] = {}  # source_name → the hash it holds after this run (None: rejected)
    waiting: dict[str, list[RawDoc]] = {}  # owner source_name → inputs with the owner's stored text

    def claim(doc: RawDoc) -> RawDoc | Reject:
        first = keeper.setdefault(doc.content_hash, doc.source_name)
        if first != doc.source_name:
            return _duplicate(doc, first)
        holds[doc.source_name] = doc.content_hash
        if doc.source_name in stored:
            counts.changed += 1
        else:
            counts.new += 1
        return doc

    def settle(name: str) -> Iterator[RawDoc | Reject]:
        """`name` has been decided: inputs waiting for it are duplicates if it still holds their text."""
        for doc in waiting.pop(name, []):
            item = _duplicate(doc, name) if holds.get(name) == doc.content_hash else claim(doc)
            yield from emit(item)

    def emit(item: RawDoc | Reject) -> Iterator[RawDoc | Reject]:
        if isinstance(item, Reject):
            counts.count_reject(item)
            holds[item.source_name] = None
        yield item
        yield from settle(item.source_name)

    for item in items:
        counts.files_seen += 1
        if isinstance(item, Reject):
            yield from emit(item)
            continue
        name, digest = item.source_name, item.content_hash
        if stored.get(name) == (digest, fingerprint):
            counts.unchanged += 1
            keeper.setdefault(digest, name)
            holds[name] = digest
            yield from settle(name)
            continue
        owner = hash_owner.get(digest)
        if owner is not None and owner != name and owner not in holds:
            waiting.setdefault(owner, []).append(item)  # decided when the owner is seen
            continue
        if owner is not None and owner != name and holds[owner] == digest:
            yield from emit(_duplicate(item, owner))
            continue
        yield from emit(claim(item))
    for owner in list(waiting):  # owners gone from the folder keep their stored text
        for doc in waiting.pop(owner):
            yield from emit(_duplicate(doc, owner))
