"""great-expectations in a process of its own, started with the run: `import great_expectations` takes seconds of
CPU, and in the flow process it competed with the parse for the GIL. The checker imports it and builds the checks
(validate.Checks) on the other core while the flow parses, then waits for one request (the build to validate),
validates it in forked copies of itself, one per core, and writes the result as JSON.

`python -m parley.checks.worker`: reads one JSON line {build, docs, only, run_id, out} on stdin, validates, writes `out`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

from ..children import HELPER_NICENESS, tied_to
from .validate import ValidationResult

MAX_CHECK_PROCESSES = 4  # beyond this the index and the forks' start-up outweigh what each saves
_process: subprocess.Popen | None = None


def start(niceness: int = HELPER_NICENESS) -> None:
    """Start the checker for this run (once); `stop()` ends it if the run never validated."""
    global _process
    if _process is not None:
        return
    _process = subprocess.Popen([sys.executable, "-m", "parley.checks.worker"], stdin=subprocess.PIPE, text=True,
                                preexec_fn=tied_to(os.getpid(), niceness))


def stop() -> None:
    global _process
    if _process is not None:
        if _process.poll() is None:
            _process.kill()
        _process.wait()
        _process = None


def validate(build: Path, docs: Path, only: set[str] | None, run_id: str | None) -> ValidationResult | None:
    """The checker's result, or None when no checker runs or it failed (the caller then validates itself)."""
    global _process
    process, _process = _process, None
    if process is None or process.poll() is not None:
        return None
    with tempfile.TemporaryDirectory(prefix="parley-check-") as folder:
        out = Path(folder) / "result.json"
        request = dict(build=str(build), docs=str(docs), only=sorted(only) if only else None, run_id=run_id,
                       out=str(out))
        try:
            process.communicate(json.dumps(request) + "\n")
        except (OSError, ValueError):
            process.kill()
            process.wait()
            return None
        if process.returncode != 0 or not out.is_file():
            return None
        data = json.loads(out.read_text(encoding="utf-8"))
    for key in ("docs_path", "gx_docs_path"):
        data[key] = Path(data[key]) if data[key] else None
    return ValidationResult(**data)


def main() -> int:
    from .docs_templates import warm
    from .validate import Checks

    checks = Checks()  # the point of this process: great-expectations imported and the checks built before the request
    warm()  # and Data Docs' templates compiled, once for the forked copies too
    line = sys.stdin.readline()
    if not line.strip():
        return 0  # the run ended without validating
    request = json.loads(line)
    only = set(request["only"]) if request["only"] else None
    # The request comes once the parse is over: every core is free for the checks (validate.Checks.run).
    result = checks.run(Path(request["build"]), Path(request["docs"]), only, request["run_id"],
                        processes=min(os.cpu_count() or 1, MAX_CHECK_PROCESSES))
    data = asdict(result)
    for key in ("docs_path", "gx_docs_path"):
        data[key] = str(data[key]) if data[key] else None
    Path(request["out"]).write_text(json.dumps(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    os._exit(code)  # the result is written: the run waits for this exit, not for great-expectations' teardown (~1 s)
