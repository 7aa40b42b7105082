"""`parley bench`: throughput against the bare-spaCy floor, re-runs and memory."""
