"""A damaged published file, found before use and recovered (issue 29): the run log's side of warehouse/verify.py.

The publish line of the run log records the file's size, mtime, layout and article count. Before a run (and a
reader) uses the published file, it is verified against that line: the block checksums are read only when size or
mtime differ from it (the unchanged fast path stays at one open). A damaged file is restored from the standby when
that is whole and holds the last publish (standby.refresh keeps it so), else the run stops with one line that
says to run `parley run --rebuild`, which sets the damaged file aside and builds a new one from the source folder.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from ..warehouse import standby, verify
from ..warehouse.storage import layout_fingerprint, wal_path
from ..warehouse.verify import Damaged
from . import log

EXIT_DAMAGED = 4  # the exit code of a command refused because the warehouse file is damaged (README)
READER_ADVICE = ("`parley run` restores it from its standby when that holds the last publish, else "
                 "`parley run --rebuild` rebuilds it from the source folder")
REBUILD_ADVICE = ("run `parley run --rebuild` to rebuild it from the source folder (the damaged file is kept "
                  "aside)")


def _moment() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def last_publish(published: Path) -> tuple[dict | None, set[str]]:
    """The run log's last publish record, and the runs the log started after it (see verify.mismatch)."""
    runs = log.runs(published)
    for index in range(len(runs) - 1, -1, -1):
        if runs[index].get("status") == "published":
            return runs[index], {run["run_id"] for run in runs[index + 1:]}
    return None, {run["run_id"] for run in runs}


def verify_published(published: Path, con=None) -> verify.Verified:
    """verify.check of the published file against the run log's last publish (raises Damaged)."""
    expected, later = last_publish(published)
    return verify.check(published, expected, later_runs=later, con=con)


def after_publish(published: Path, articles: int, say) -> dict:
    """Right after a publish: bring the standby up to it (standby.refresh) and return the facts the run log's
    publish line keeps for the next verification."""
    why = standby.refresh(published) if standby.standby_path(published).is_file() else None  # none: a first publish
    if why:
        say(f"standby not brought up to this publish: {why}; the next run syncs it, and a damaged file cannot be "
            "restored from it until then")
    return dict(verify.file_facts(published), layout=layout_fingerprint(), articles=articles)


def ensure_intact(published: Path, say) -> None:
    """Before a run uses the published file: verify it; restore a damaged one from an intact standby holding the
    last publish (one line through `say`), or raise Damaged with what to do."""
    if not published.is_file():
        return
    expected, later = last_publish(published)
    try:
        verify.check(published, expected, later_runs=later)
        return
    except Damaged as damage:
        found = damage
    reason = standby.refusal(published, expected)
    if reason:
        raise Damaged(published, f"{found.what}; its standby cannot replace it: {reason}. {REBUILD_ADVICE}")
    aside = standby.restore(published, _moment())
    # The restored file has the standby's size and mtime: recorded so that the next check takes the fast path.
    log.append(published, dict(run_id=expected["run_id"], restored_at=datetime.now(timezone.utc).isoformat(),
                               **verify.file_facts(published)))
    say(f"{published} was damaged ({found.what}); restored from its standby, which holds the last publish "
        f"(run {expected['run_id']}, {expected.get('articles', '?')} articles); the damaged file is kept as "
        f"{aside.name}")


def set_aside(published: Path, say) -> dict | None:
    """`parley run --rebuild`: move the published file (damaged or not) and its standby aside so the run builds a
    new file from the source folder. Returns the last publish record (what the rebuild is compared with)."""
    expected, _ = last_publish(published)
    if not published.exists():
        return expected
    try:
        verify.check(published, expected, full=True)
        damaged = False
    except Damaged:
        damaged = True
    aside = verify.aside_path(published, _moment(), damaged)
    published.rename(aside)
    moves = {wal_path(published): ".wal", standby.standby_path(published): ".standby"}
    for path, suffix in moves.items():
        if path.exists():  # an older state or part of the damaged one: not a start for a rebuild
            path.rename(aside.with_name(aside.name + suffix))
    verify.fsync_folder(published.parent)
    say(f"rebuilding {published} from the source folder; the {'damaged' if damaged else 'replaced'} file is kept "
        f"as {aside.name}")
    return expected


def rebuild_note(published: Path, before: dict | None, summary: dict) -> str:
    """What a rebuild could not recover, in one line."""
    runs = log.runs(published)
    first = runs[0].get("started_at", "?") if runs else "?"
    lost = []
    if before and before.get("articles") is not None and summary.get("articles", 0) < before["articles"]:
        lost.append(f"{before['articles'] - summary['articles']} of the {before['articles']} articles of the last "
                    "publish (their inputs are no longer in the source folder)")
    lost.append(f"run history older than the run log (it starts at {first})")
    lost.append("rejects recorded before this run, except those of inputs still in the folder")
    return "Rebuilt; not recovered: " + "; ".join(lost) + "."
