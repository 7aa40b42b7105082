"""Incremental planning: which inputs need NLP, which are unchanged, which are rejected. No I/O of its own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .types import RawDoc, Reject


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


def plan_inputs(
    items: Iterable[RawDoc | Reject],
    stored: dict[str, tuple[str, str | None]],
    hash_owner: dict[str, str],
    fingerprint: str,
    counts: PlanCounts,
) -> Iterator[RawDoc | Reject]:
    """Pass through what must be (re)processed and the rejects; count and drop what is unchanged.

    `stored` maps source_name → (content_hash, nlp_fingerprint) already in the warehouse; `hash_owner` maps a stored
    content hash to its source_name, so a new file with an already-loaded text is a duplicate, not a second article.
    """
    for item in items:
        counts.files_seen += 1
        if isinstance(item, Reject):
            counts.count_reject(item)
            yield item
            continue
        previous = stored.get(item.source_name)
        if previous is not None and previous == (item.content_hash, fingerprint):
            counts.unchanged += 1
            continue
        owner = hash_owner.get(item.content_hash)
        if owner is not None and owner != item.source_name:
            reject = Reject(
                item.source_name, item.source_path, "duplicate",
                f"same content as {owner}, already in the warehouse", len(item.raw_text.encode()), item.content_hash,
            )
            counts.count_reject(reject)
            yield reject
            continue
        if previous is None:
            counts.new += 1
        else:
            counts.changed += 1
        yield item
