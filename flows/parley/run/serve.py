"""`parley serve`: the flow on a cron schedule.

Prefect's ephemeral server (what a process without PREFECT_API_URL gets) runs no scheduler: a deployment served
against it never runs. So without PREFECT_API_URL serve starts a real Prefect server, scheduler included, as its
child for its own lifetime: its database lives beside the warehouse (`<warehouse folder>/.prefect/`), and the
kernel kills it when serve dies, kill -9 included (children.tied_to). With PREFECT_API_URL serve uses that server.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from ..children import stop, tied_to
from ..config import keep_prefect_offline

SERVER_LOG = "server.log"


def cron_problem(cron: str) -> str | None:
    """Why `cron` is not a cron expression Prefect can schedule, or None."""
    from datetime import datetime

    from cronsim import CronSim, CronSimError

    try:
        CronSim(cron, datetime(2000, 1, 1))
    except CronSimError as error:
        return f"--cron {cron!r}: not a cron expression ({error})"
    return None


def prefect_home(published: Path) -> Path:
    return published.parent / ".prefect"


def start_server(published: Path) -> tuple[subprocess.Popen, str]:
    """A Prefect server with its scheduler, its database and log in `.prefect/` beside the warehouse; returns the
    process and its API URL once it answers. This process then reports to it (PREFECT_API_URL)."""
    from .prefect_api import _free_port, wait_for_url

    keep_prefect_offline()
    home = prefect_home(published)
    home.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_UI_ENABLED": "0", "PREFECT_SERVER_UI_ENABLED": "0",
           "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'prefect.db'}"}
    env.pop("PREFECT_API_URL", None)
    with (home / SERVER_LOG).open("ab") as log:
        # SIGKILL when serve dies: uvicorn's graceful SIGTERM shutdown has no time limit (prefect_api.py).
        server = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            preexec_fn=tied_to(os.getpid(), 0, signal.SIGKILL))
    try:
        wait_for_url(url, server)
    except BaseException:
        stop_server(server)
        raise
    os.environ["PREFECT_API_URL"] = url  # before Prefect is imported here: the served flow and its runs use it
    os.environ.setdefault("PREFECT_HOME", str(home))
    return server, url


def stop_server(server: subprocess.Popen) -> None:
    stop(server, grace=10)


def drop_missed_runs(name: str) -> int:
    """Delete the runs an earlier serve's scheduler queued for the deployment `name` that are already due: they
    would otherwise all start now, back to back (each later tick is queued afresh). Returns how many."""
    import asyncio
    from datetime import datetime, timezone

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (DeploymentFilter, DeploymentFilterName, FlowRunFilter,
                                                FlowRunFilterExpectedStartTime, FlowRunFilterState,
                                                FlowRunFilterStateType)
    from prefect.client.schemas.objects import StateType

    async def drop() -> int:
        due = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
                            expected_start_time=FlowRunFilterExpectedStartTime(before_=datetime.now(timezone.utc)))
        async with get_client() as client:
            runs = await client.read_flow_runs(flow_run_filter=due, deployment_filter=DeploymentFilter(
                name=DeploymentFilterName(any_=[name])))
            for run in runs:
                await client.delete_flow_run(run.id)
        return len(runs)

    return asyncio.run(drop())


def serve(source: Path, published: Path, cron: str, name: str, wait_seconds: float) -> None:
    """Serve the flow on `cron` until interrupted; every scheduled run takes the nothing-new path first."""
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server, url = start_server(published)
        print(f"parley serve: Prefect server with its scheduler at {url} (database and log in "
              f"{prefect_home(published)}); stopped with serve", file=sys.stderr, flush=True)
    keep_prefect_offline()
    try:
        from .flow import parley_run

        if server is not None and (missed := drop_missed_runs(name)):  # its own database: runs of an earlier serve
            print(f"parley serve: {missed} run(s) missed while serve was stopped were dropped", file=sys.stderr)
        parley_run.serve(
            name=name, cron=cron, limit=1,  # never two of its own runs at once; the lock makes a manual run wait or fail
            parameters={"source": str(source), "warehouse_file": str(published), "wait_seconds": wait_seconds,
                        "scheduled": True},
        )
    finally:
        if server is not None:
            stop_server(server)
