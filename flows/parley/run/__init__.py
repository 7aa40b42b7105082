"""One run end to end: plan, parse processes, the Prefect flow, the lock and the run log."""
