"""Progress of a run: inputs done of total, words/s and time left. On a terminal one status line is rewritten in
place; in a log (not a terminal) a plain line is written at most every `interval` seconds."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..ingest.extract import walk_inputs


def count_inputs(source: Path) -> int:
    """Files a run will read (extract.scan's own walk). A .jsonl file counts once however many records it holds,
    so `done` can pass this: the total then follows `done`."""
    return sum(1 for _ in walk_inputs(source))


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    return f"{seconds // 60}m{seconds % 60:02d}s"


class Progress:
    def __init__(self, total: int, log: Callable[[str], None], stream: TextIO | None = None,
                 interval: float = 10.0, clock: Callable[[], float] = time.monotonic):
        self.total, self.log, self.interval, self.clock = total, log, interval, clock
        self.stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(self.stream, "isatty", lambda: False)())
        self.started = clock()
        self.last_line = float("-inf")
        self.last_text = ""

    def line(self, done: int, words: int) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        total = max(self.total, done)
        text = f"{done:,}/{total:,} inputs · {words / elapsed:,.0f} words/s"
        if 0 < done < total:
            text += f" · ETA {_duration((total - done) * elapsed / done)}"
        return text

    def update(self, done: int, words: int) -> None:
        text = self.line(done, words)
        if self.live:
            self.stream.write(f"\r\x1b[K{text}")
            self.stream.flush()
        elif self.clock() - self.last_line >= self.interval:
            self._log(text)

    def _log(self, text: str) -> None:
        self.log(text)
        self.last_line, self.last_text = self.clock(), text

    def finish(self, done: int, words: int) -> None:
        """The final figures, always: a newline ends the live line, a log gets its last line."""
        if self.live:
            self.update(done, words)
            self.stream.write("\n")
            self.stream.flush()
        elif self.line(done, words) != self.last_text:
            self._log(self.line(done, words))
