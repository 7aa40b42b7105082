"""One writer per warehouse: an exclusive flock on a lock file beside the published file, held for a whole run.

The kernel releases a flock when its holder dies (kill -9 included), so a crashed run never leaves a stale lock.
The file keeps "pid, start time, run id" of the current holder for the message a refused run prints; it is never
deleted (deleting it would let a second run lock a new file while the first still holds the old one), and
`still_held()` checks the path still names the locked file before a run publishes.
"""

from __future__ import annotations

import fcntl
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

POLL_SECONDS = 0.2


class RunLocked(RuntimeError):
    """Another run holds the warehouse's lock (exit code 3 in the CLI)."""


def lock_path(published: Path) -> Path:
    return published.with_name(published.name + ".lock")


class RunLock:
    def __init__(self, published: Path, run_id: str):
        self.path = lock_path(Path(published))
        self.run_id = run_id
        self._fd: int | None = None

    def acquire(self, wait_seconds: float = 0.0) -> RunLock:
        """Take the lock, waiting up to `wait_seconds` for another run to finish; RunLocked if it does not."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        deadline = time.monotonic() + max(wait_seconds, 0.0)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = self.holder()
                    os.close(fd)
                    waited = f" (waited {wait_seconds:g} s)" if wait_seconds > 0 else ""
                    raise RunLocked(f"another run is building {self.path.with_suffix('')} ({holder}){waited}") from None
                time.sleep(POLL_SECONDS)
        started = datetime.now(timezone.utc).isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, started {started}, run {self.run_id}\n".encode(), 0)
        self._fd = fd
        return self

    def holder(self) -> str:
        try:
            return self.path.read_text(encoding="utf-8").strip() or "pid unknown"
        except OSError:
            return "pid unknown"

    def still_held(self) -> bool:
        """True if this process holds the lock and the lock path still names the locked file."""
        if self._fd is None:
            return False
        try:
            return os.stat(self.path).st_ino == os.fstat(self._fd).st_ino
        except FileNotFoundError:
            return False

    def release(self) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __enter__(self) -> RunLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + uuid.uuid4().hex[:6]


_held: dict[tuple[Path, str], RunLock] = {}  # (lock path, run id) → the lock this process holds for that run


@contextmanager
def hold(published: Path, run_id: str, wait_seconds: float = 0.0) -> Iterator[RunLock]:
    """The warehouse's lock for run `run_id`: taken here, or re-used if this process already holds it for the same
    run (the CLI takes it before the Prefect API starts, so a refused run fails at once; the flow takes it too)."""
    key = (lock_path(Path(published)), run_id)
    if key in _held:
        yield _held[key]
        return
    lock = RunLock(published, run_id).acquire(wait_seconds)
    _held[key] = lock
    try:
        yield lock
    finally:
        del _held[key]
        lock.release()
