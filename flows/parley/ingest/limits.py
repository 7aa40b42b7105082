"""Limits every input is read under, so one hostile file is a reject of that file, never a crash or a hang of the run:
a JSON nesting bound checked before json.loads recurses, HTML that declares entities in its DOCTYPE refused before
lxml could expand them ("billion laughs"), and a per-input time budget for reading and cleaning."""

from __future__ import annotations

import re
import signal
import threading
from contextlib import contextmanager

_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')  # brackets inside strings do not nest (unrolled: 3x faster)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
# An entity declaration only ever appears in a DOCTYPE's internal subset; real pages have none (HTML 5 has no DTD).
_ENTITY_DECLARATION = re.compile(r"<!ENTITY\b", re.I)


class TooSlow(Exception):
    """The time budget of one input ran out."""


def json_too_deep(text: str, limit: int) -> bool:
    """True when `text`'s arrays and objects nest deeper than `limit`; linear, no recursion."""
    if text.count("[") + text.count("{") <= limit:  # too few brackets to nest that deep: the usual case, O(n) in C
        return False
    depth = 0
    for bracket in _NOT_BRACKETS.sub("", _JSON_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def declares_entities(html: str) -> bool:
    return _ENTITY_DECLARATION.search(html) is not None


@contextmanager
def time_budget(seconds: float):
    """Raise TooSlow in the block once `seconds` have passed (SIGALRM: Python code and the regex engine stop at it;
    the parse of that one input is abandoned). Only the main thread can take signals: elsewhere, or with seconds
    <= 0, no budget applies. An outer budget is restored afterwards."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum, frame):
        raise TooSlow(f"took longer than {seconds:g} s to read")

    previous = signal.signal(signal.SIGALRM, expire)
    left, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if left:  # an enclosing budget keeps running (less or more, not reset: good enough for nested reads)
            signal.setitimer(signal.ITIMER_REAL, left)


def failure_detail(stage: str, error: BaseException) -> str:
    """The reject sentence of an input one stage failed on: stage, exception class and its first line."""
    message = str(error).strip().splitlines()[0][:300] if str(error).strip() else ""
    return f"{stage} failed: {type(error).__name__}" + (f": {message}" if message else "")
