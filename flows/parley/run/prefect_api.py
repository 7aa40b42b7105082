"""The Prefect API a run reports to.

Without a configured server (PREFECT_API_URL, a profile, the test harness) Prefect would start a temporary one
inside the flow: it imports the whole server package in the flow process (seconds) and then waits for it. Here the
same temporary server is started as a subprocess first, so its start-up overlaps the flow's own imports, and every
worker process (process pool, local Dask cluster) reports to it instead of starting one each.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from ..children import HELPER_NICENESS, stop, tied_to
from ..config import keep_prefect_offline

STARTUP_TIMEOUT_SECONDS = 90
_starting: str | None = None  # the API URL of a server started here that has not answered yet


@contextmanager
def api_server(niceness: int = HELPER_NICENESS):
    """Start a temporary Prefect API unless one is configured; stop it (logs and events flushed) on exit.

    Flow-run heartbeats are off for it: they let a lasting server notice a crashed run, and this one dies with the
    run. The flow engine joins its heartbeat thread, which sleeps in 1 s steps, when the flow ends: up to 1 s more
    (0.74 s measured at the end of a 300-article run)."""
    global _starting
    from prefect.context import refresh_global_settings_context
    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    if PREFECT_API_URL.value():
        yield
        return
    keep_prefect_offline()
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    server = _start_uvicorn(port, niceness)
    _starting = url
    # Worker processes read the environment; this process's settings were read at import and are re-read (a
    # context-local override would not reach the threads Prefect starts, which would start servers of their own).
    os.environ["PREFECT_API_URL"] = url
    # An empty UI URL: Prefect would otherwise log a "View at" link to a UI that is gone when the run ends.
    ui_was_set = "PREFECT_UI_URL" in os.environ
    os.environ.setdefault("PREFECT_UI_URL", "")
    refresh_global_settings_context()
    try:
        with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
            yield
    finally:
        _drain_prefect_clients()  # queued logs and events would retry against a stopped server for minutes
        _starting = None
        os.environ.pop("PREFECT_API_URL", None)
        if not ui_was_set:
            os.environ.pop("PREFECT_UI_URL", None)
        refresh_global_settings_context()
        stop(server, grace=5)


def wait_for_api(timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
    """Block until the server `api_server` started answers its health check: the flow's first call needs it."""
    global _starting
    if _starting is None:
        return
    wait_for_url(_starting, timeout=timeout)
    _starting = None


def wait_for_url(url: str, process: subprocess.Popen | None = None, timeout: float = STARTUP_TIMEOUT_SECONDS) -> None:
    """Block until the Prefect API at `url` answers its health check; fail if `process` (its server) exits."""
    deadline = time.monotonic() + timeout
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via an HTTP(S)_PROXY
    while True:
        try:
            with direct.open(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the Prefect server for {url} exited with code {process.returncode}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the Prefect API at {url} did not start within {timeout:.0f} s")
        time.sleep(0.1)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_uvicorn(port: int, niceness: int) -> subprocess.Popen:
    """The command Prefect's own temporary server runs (prefect.server.api.server.SubprocessASGIServer)."""
    import prefect

    env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
    args = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent), "--factory",
        "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port), "--log-level", "error",
        "--lifespan", "on",
    ]  # fmt: skip
    # Tied to the thread that runs the whole command (api_server() is entered there): it dies with the run. By
    # SIGKILL: on SIGTERM uvicorn shuts down gracefully, waiting for connections and the app's shutdown with no time
    # limit, and a server whose run is gone has nothing to finish (one outlived a killed run by over 30 s in a test).
    return subprocess.Popen(args, env=env, preexec_fn=tied_to(os.getpid(), niceness, signal.SIGKILL))


def _drain_prefect_clients() -> None:
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for worker in (APILogWorker, EventsWorker):
        try:
            worker.drain_all(timeout=10)
        except RuntimeError:  # never started
            pass
