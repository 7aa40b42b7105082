"""The helper processes of a run (the Prefect API, the checker and its forked copies, the parse): none outlives
its run, and those that only serve it leave the CPU to the parse where it can spare a core."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
from collections.abc import Callable

HELPER_NICENESS = 10  # where the parse leaves a core free, the API and the checker run on it without slowing the parse


def core_to_spare(parse_processes: int) -> bool:
    """True when the parse leaves a core free for the rest of the run (the rules, the loads, the helpers)."""
    return parse_processes < (os.cpu_count() or 1)


def helper_niceness(parse_processes: int) -> int:
    """The API and the checker yield to the parse only where it leaves them a core. With every core parsing they
    would otherwise wait until the parse ends, and the loads and checks would then run alone on one core (a 2-process
    run of 300 articles: 57-60 s niced, 51-53 s not)."""
    return HELPER_NICENESS if core_to_spare(parse_processes) else 0


def tied_to(parent_pid: int, niceness: int = 0, death_signal: int = signal.SIGTERM) -> Callable[[], None]:
    """A function for the child to run first: as Popen's preexec_fn (between fork and exec: no imports, no
    allocation-heavy work) or at the start of a spawned process. The kernel then sends `death_signal` to the child
    when the parent dies, kill -9 included (PR_SET_PDEATHSIG, Linux; it survives the exec and fires when the parent
    thread that started the child ends); if the parent is already gone, the child exits at once. A niceness > 0
    lowers the child's CPU priority. Without prctl only the niceness applies."""
    import ctypes
    import ctypes.util

    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        prctl = None
    set_parent_death_signal, signal_number = 1, int(death_signal)  # PR_SET_PDEATHSIG

    def setup() -> None:
        if niceness:
            os.nice(niceness)
        if prctl is not None:
            prctl(set_parent_death_signal, signal_number, 0, 0, 0)
            if os.getppid() != parent_pid:
                os._exit(1)

    return setup


class Forked:
    """`function(*args)` in a forked copy of this process, which dies with it; `result()` is its return value, or
    None if the copy failed (the caller then does the work itself)."""

    def __init__(self, function, *args):
        read, write = os.pipe()
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:  # the copy: never returns into the caller's code
            os.close(read)
            try:
                tied_to(parent)()
                data = pickle.dumps(function(*args))
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            except BaseException:  # noqa: BLE001 - the parent does the work instead
                code = 1
            os._exit(code)
        os.close(write)
        self.pipe = os.fdopen(read, "rb")

    def result(self):
        with self.pipe:
            data = self.pipe.read()  # to the end before waiting: a full pipe would block the copy
        _, status = os.waitpid(self.pid, 0)
        if status != 0 or not data:
            return None
        return pickle.loads(data)


class Terminated(BaseException):
    """SIGTERM, raised like KeyboardInterrupt for SIGINT: the run's cleanup (the build removed, the helpers
    stopped) runs on the way out, and nothing half-done is published."""


SIGNAL_EXIT = {signal.SIGTERM: 143, signal.SIGINT: 130}  # the shell's 128 + signal number
STOP_GRACE_SECONDS = 8.0  # the cleanup's time after SIGTERM / SIGINT before the process leaves without it
_received: list[int] = []  # the first stop signal, once one came


def received_signal() -> int | None:
    """The stop signal this process took, if any: a library may wrap the raised Terminated in an error of its own
    (pydantic does, in a serializer), and the caller still exits as the signal asks."""
    return _received[0] if _received else None


def stop_on_signals(message: Callable[[int], str]) -> None:
    """SIGTERM raises Terminated and SIGINT KeyboardInterrupt in the main thread, and a watchdog thread ends the
    process STOP_GRACE_SECONDS later if the cleanup has not (a stalled teardown; the next run removes a build left
    behind, and the children die with the process: tied_to). Prefect swaps its own SIGTERM handler in during a flow
    and sends the signal again to this one once its flow has stopped. Main thread only."""
    import threading

    def watchdog(number: int) -> None:
        import sys
        import time

        time.sleep(STOP_GRACE_SECONDS)
        sys.stderr.write(message(number) + "\n")
        sys.stderr.flush()
        os._exit(SIGNAL_EXIT[number])

    def handler(number, frame):
        if not _received:
            _received.append(number)
            threading.Thread(target=watchdog, args=(number,), name="parley-stop-watchdog", daemon=True).start()
        raise Terminated() if number == signal.SIGTERM else KeyboardInterrupt()

    for number in SIGNAL_EXIT:
        signal.signal(number, handler)


def stop(process, grace: float) -> None:
    """Ask a child process to end (SIGTERM), and kill it if it has not within `grace` seconds."""
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()

