"""Progress of a run: inputs done of total, words/s and time left. On a terminal one status line is rewritten in
place (every second, on a timer, and at each batch); in a log (not a terminal) a plain line every `interval`
seconds, on a timer too: a batch of 256 articles takes longer than that."""

from __future__ import annotations

import sys
import threading
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
        self.last_done: int | None = None
        self.done = self.words = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def start(self, tick: float = 1.0) -> Progress:
        """Show the line on a timer until `finish`: every second on a terminal, every `interval` in a log (checked
        every second: a tick of `interval` itself would let up to two intervals pass between lines)."""

        def run() -> None:
            while not self._stop.wait(tick):
                self.update(self.done, self.words)

        self._ticker = threading.Thread(target=run, name="parley-progress", daemon=True)
        self._ticker.start()
        return self

    def line(self, done: int, words: int) -> str:
        elapsed = max(self.clock() - self.started, 1e-9)
        total = max(self.total, done)
        text = f"{done:,}/{total:,} inputs · {words / elapsed:,.0f} words/s"
        if 0 < done < total:
            text += f" · ETA {_duration((total - done) * elapsed / done)}"
        return text

    def update(self, done: int, words: int) -> None:
        with self._lock:  # the timer and the flow both call it
            self.done, self.words = done, words
            text = self.line(done, words)
            if self.live:
                self.stream.write(f"\r\x1b[K{text}")
                self.stream.flush()
            elif self.clock() - self.last_line >= self.interval - 0.05:  # a timer tick may come a hair early
                self._log(text, done)

    def _log(self, text: str, done: int) -> None:
        self.log(text)
        self.last_line, self.last_text, self.last_done = self.clock(), text, done

    def stop(self) -> None:
        """End the timer (a failed run: no final line)."""
        self._stop.set()
        if self._ticker is not None and self._ticker is not threading.current_thread():
            self._ticker.join()

    def finish(self, done: int, words: int) -> None:
        """The final figures, once: a newline ends the live line; a log gets its last line unless the last line
        logged already had this count (its words/s differ by a few hundredths of a second: the same line twice)."""
        self.stop()
        if self.live:
            self.update(done, words)
            self.stream.write("\n")
            self.stream.flush()
        elif done != self.last_done:
            self._log(self.line(done, words), done)
