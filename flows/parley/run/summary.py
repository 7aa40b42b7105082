"""The one-paragraph summary of a run: printed by `parley run`, logged into Prefect and kept as a markdown artifact
by scheduled runs (`parley serve`)."""

from __future__ import annotations


def describe(s: dict) -> str:
    """The one-paragraph end-of-run summary."""
    rejected = ", ".join(f"{n} {reason}" for reason, n in sorted(s.get("reject_reasons", {}).items())) or "none"
    timing = f"in {s['seconds']} s"
    if "startup_seconds" in s:
        timing += f" (+ {s['startup_seconds']} s start-up: {s['total_seconds']} s in all)"
    if s["status"] == "unchanged":
        return (f"Run {s['run_id']} unchanged {timing}: {s['files_seen']} inputs seen — nothing new: "
                f"{s['articles_new']} new, {s['articles_changed']} changed, {s['articles_unchanged']} unchanged, "
                f"{s['rejected']} rejected as before ({rejected}). The warehouse "
                f"holds {s['articles']} articles, {s['mentions']} mentions of {s['entities']} entities, "
                f"{s['quotes']} quotes and {s['meetings']} meetings; {s['warehouse']} was left as it was (no checks "
                f"needed; the run is in the run log, `parley runs`).")
    head = (
        f"Run {s['run_id']} {s['status']} {timing}: {s['files_seen']} inputs seen — "
        f"{s['articles_new']} new, {s['articles_changed']} changed, {s['articles_unchanged']} unchanged, "
        f"{s['rejected']} rejected ({rejected}). The warehouse now holds {s['articles']} articles, "
        f"{s['mentions']} mentions of {s['entities']} entities, {s['quotes']} quotes and {s['meetings']} meetings. "
        f"Checks: {s['checks_passed']} passed, {s['checks_failed']} failed (report: {s['docs']})"
    )
    if s["status"] == "published":
        return head + f"; published to {s['warehouse']}."
    failures = "\n  - ".join(s.get("failures", [])[:10])
    return head + f"; {s['warehouse']} was NOT changed (build kept as *.failed.duckdb).\n  - {failures}"


def markdown(s: dict) -> str:
    """The summary as a Prefect markdown artifact: the counts, the checks, the report and the rejects."""
    rows = [("status", s["status"]), ("seconds", s["seconds"]), ("inputs seen", s["files_seen"]),
            ("new / changed / unchanged", f"{s['articles_new']} / {s['articles_changed']} / {s['articles_unchanged']}"),
            ("rejected", s["rejected"]),
            ("warehouse", f"{s['articles']} articles, {s['mentions']} mentions of {s['entities']} entities, "
                          f"{s['quotes']} quotes, {s['meetings']} meetings"),
            ("checks", f"{s['checks_passed']} passed, {s['checks_failed']} failed" if "checks_passed" in s
             else "none needed (nothing new)"),
            ("check report", s.get("docs", "unchanged")), ("file", s["warehouse"])]
    lines = [f"## Run {s['run_id']}: {s['status']}", "", "| | |", "| --- | --- |"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    reasons = sorted(s.get("reject_reasons", {}).items())
    if reasons:
        lines += ["", "| reject reason | inputs |", "| --- | --- |"] + [f"| {r} | {n} |" for r, n in reasons]
    if s.get("failures"):
        lines += ["", "Failed checks:", ""] + [f"- {f}" for f in s["failures"][:10]]
    return "\n".join(lines) + "\n"
