"""The bench's floor: bare spaCy over the bodies the pipeline parses, in a fresh process, as a run parses them.

A process that has parsed the texts once parses them again faster: its vocabulary already holds their words
(first pass ÷ later passes 1.025-1.052 in three fresh processes, 100 BBC articles). The floor used to be measured
twice in the bench's own process, before and after the run, so the second measure was warm and the averaged floor
faster than any fresh process parses, the run's parse processes included. Each floor is now a process of its own
that loads the pipeline (timed: the floor's model load) and runs `nlp.pipe` over the bodies once.

`python -m parley.bench.floor BODIES_JSON N_PROCESS` prints {"load_s": ..., "parse_s": ...}.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from ..config import NLP_PIPE_BATCH


def measure_floor(bodies_file: Path, n_process: int, env: dict) -> dict:
    """Load and parse seconds of a fresh process's bare `nlp.pipe` over the bodies in `bodies_file`."""
    done = subprocess.run([sys.executable, "-m", "parley.bench.floor", str(bodies_file), str(n_process)], env=env,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    bodies = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    started = time.perf_counter()
    from ..nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    loaded = time.perf_counter()
    for _ in nlp.pipe(bodies, batch_size=NLP_PIPE_BATCH, n_process=int(argv[1])):
        pass  # docs consumed and dropped, as the pipeline does after extraction
    print(json.dumps({"load_s": round(loaded - started, 2), "parse_s": round(time.perf_counter() - loaded, 2)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
