"""Is a warehouse file whole? Checked before a run builds on it and before a reader answers from it (issue 29).

Two levels:
- the file: its headers, its length against the block count its header promises (a file cut short), and, for a
  full check, the checksum of every block. DuckDB checksums each 256 KiB block but verifies one only when it reads
  it, and a query reads few of them (`count(*)` none: row counts are metadata; primary-key index blocks are read
  only when a run writes), so a damaged file answers some queries and fails a run deep inside. Reading the blocks
  here with DuckDB's own checksum (a multiply and xor per 8 bytes) finds a damaged block wherever it is: 65 MB in
  0.1-0.4 s (numpy, imported only for this).
- the database: it opens, its catalog reads, `bi.warehouse_info` names a run, every stored table scans, and the
  layout fingerprint, run id and file size and mtime can be compared with the run log's last publish (`expected`,
  a run-log record: run/recover.py reads it; this module does not import run).

A damage is a `Damaged` error whose text is one line: what is wrong, with the file named by the caller.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .sqlfiles import read_sql
from .storage import storage_version

MAGIC = b"DUCK"
MAIN_HEADER = 4096  # then two database headers of 4096 bytes, the newer one current, then the blocks
BLOCKS_START = 3 * 4096
CHECKSUM_SEED = 5381
CHECKSUM_MULTIPLIER = 0xBF58476D1CE4E5B9
NOT_DUCKDB = "not a DuckDB file"
CHUNK_BLOCKS = 32  # blocks checksummed per read (8 MiB): memory stays flat whatever the file's size


class Damaged(RuntimeError):
    """A warehouse file that must not be used: `what` says why, in a few words."""

    def __init__(self, path: Path, what: str):
        super().__init__(f"{path} is damaged: {what}")
        self.path, self.what = Path(path), what


@dataclass(frozen=True)
class Verified:
    """What a check found in an intact file."""

    path: Path
    run_id: str | None
    layout: str | None
    storage: str
    articles: int
    size: int
    mtime_ns: int


def file_facts(path: Path) -> dict:
    """Size and mtime of a file as the run log records them at publish (the fast path compares them)."""
    stat = Path(path).stat()
    return {"file_size": stat.st_size, "file_mtime_ns": stat.st_mtime_ns}


def unchanged_since(path: Path, expected: dict | None) -> bool:
    """True if `path` has the size and mtime recorded at its publish: the block checksums can be skipped."""
    if not expected or expected.get("file_size") is None:
        return False
    try:
        return file_facts(path) == {k: expected.get(k) for k in ("file_size", "file_mtime_ns")}
    except OSError:
        return False


# --- the file --------------------------------------------------------------------------------------------------

def _checksum(words) -> int:
    import numpy as np

    with np.errstate(over="ignore"):  # DuckDB's checksum wraps around 2**64 on purpose
        mixed = words * np.uint64(CHECKSUM_MULTIPLIER)
    return np.bitwise_xor.reduce(mixed, axis=-1) ^ np.uint64(CHECKSUM_SEED)


def _header(raw: bytes) -> tuple[int, int, int] | None:
    """(iteration, block count, block size) of a database header whose checksum holds, else None."""
    import numpy as np

    stored, iteration, _meta, _free, block_count, block_size = struct.unpack_from("<6Q", raw)
    if int(_checksum(np.frombuffer(raw[8:], dtype="<u8"))) != stored or not block_size or block_size % 4096:
        return None
    return iteration, block_count, block_size


def _free_blocks(path: Path) -> int:
    """Free blocks of a file: a checkpoint truncates free blocks off the end and leaves them in the header's block
    count, so a file may end before the blocks its header counts by at most these (a cut mid-block never)."""
    try:
        con = duckdb.connect(str(path), read_only=True)
        try:
            return int(con.execute("SELECT free_blocks FROM pragma_database_size()").fetchone()[0])
        finally:
            con.close()
    except duckdb.Error:
        return -1


def file_problem(path: Path, full: bool = True) -> str | None:
    """Why the bytes of `path` are not a whole DuckDB file, or None. `full`: also checksum every block."""
    import numpy as np

    path = Path(path)
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(BLOCKS_START)
        if len(head) < BLOCKS_START or head[8:12] != MAGIC:
            return f"{NOT_DUCKDB} ({size} bytes, no DuckDB header)"
        headers = [h for h in (_header(head[MAIN_HEADER:2 * MAIN_HEADER]), _header(head[2 * MAIN_HEADER:])) if h]
        if not headers:
            return "both database headers fail their checksums"
        _, blocks, block_size = max(headers)
        promised = BLOCKS_START + blocks * block_size
        if size < promised and ((size - BLOCKS_START) % block_size or blocks - (size - BLOCKS_START) // block_size
                                > _free_blocks(path)):
            return f"cut short: {size:,} bytes of the {promised:,} its header promises"
        blocks = min(blocks, (size - BLOCKS_START) // block_size)
        if not full:
            return None
        done = 0
        while done < blocks:
            count = min(CHUNK_BLOCKS, blocks - done)
            data = np.frombuffer(handle.read(count * block_size), dtype="<u8").reshape(count, block_size // 8)
            bad = np.nonzero(_checksum(data[:, 1:]) != data[:, 0])[0]
            if len(bad):
                first = done + int(bad[0])
                offset = BLOCKS_START + first * block_size
                return (f"block {first} (bytes {offset:,}-{offset + block_size - 1:,}) fails its checksum"
                        + (f", and {len(bad) - 1} more in the next {count} blocks" if len(bad) > 1 else ""))
            done += count
    return None


# --- the database ----------------------------------------------------------------------------------------------

def database_problem(con: duckdb.DuckDBPyConnection) -> tuple[str | None, dict]:
    """Read the catalog, bi.warehouse_info and every stored table of an open warehouse: (why not, facts)."""
    try:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' ORDER BY 1").fetchall()]
        con.execute("SELECT count(*) FROM duckdb_columns()").fetchall()
        info_view = con.execute("SELECT count(*) FROM duckdb_views() WHERE schema_name = 'bi' "
                                "AND view_name = 'warehouse_info'").fetchone()[0]
        # Another DuckDB file (`parley sql` reads any): only its catalog and tables are checked.
        info = con.execute("SELECT run_id, articles FROM bi.warehouse_info").fetchone() if info_view else (None, 0)
        layout = con.execute(read_sql("load/layout")).fetchone() if "schema_version" in tables else None
        for table in tables:  # every column decoded; the block checksums above cover what SQL does not read
            con.execute(f'SELECT count(COLUMNS(*)) FROM main."{table}"').fetchall()
        return None, {"run_id": info[0], "articles": info[1], "layout": layout[0] if layout else None,
                      "storage": storage_version(con)}
    except duckdb.Error as error:
        return first_line(error), {}


def first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def mismatch(found: dict, expected: dict | None, later_runs: set[str] = frozenset()) -> str | None:
    """Why a file's run and layout are not the run log's last publish, or None. A file of a run the log started
    after that publish is accepted: its publish line may be missing (the log never raises) or not written yet."""
    if not expected:
        return None
    if found.get("run_id") != expected.get("run_id") and found.get("run_id") not in later_runs:
        return (f"it holds run {found.get('run_id') or 'none'}, but the run log's last publish is run "
                f"{expected.get('run_id')}")
    if expected.get("layout") and found.get("layout") != expected["layout"]:
        return "its schema is not the one its last publish wrote"
    return None


def check(path: Path, expected: dict | None = None, full: bool | None = None,
          later_runs: set[str] = frozenset(), con: duckdb.DuckDBPyConnection | None = None) -> Verified:
    """Verify `path` (raises Damaged). `full` None: checksum the blocks unless size and mtime are those of the
    last publish. `con`: an open read-only connection to it to use (a reader's own), else one is opened."""
    path = Path(path)
    if not path.is_file():
        raise Damaged(path, "the file is missing")
    full = not unchanged_since(path, expected) if full is None else full
    try:
        problem = file_problem(path, full)
    except OSError as error:  # a failing volume
        problem = f"it cannot be read ({error.strerror or error})"
    if problem:
        raise Damaged(path, problem)
    own = con is None
    try:
        con = duckdb.connect(str(path), read_only=True) if own else con
    except duckdb.Error as error:
        raise Damaged(path, f"DuckDB cannot open it ({first_line(error)})") from None
    try:
        problem, found = database_problem(con)
    finally:
        if own:
            con.close()
    problem = problem or mismatch(found, expected, later_runs)
    if problem:
        raise Damaged(path, problem)
    facts = file_facts(path)
    return Verified(path, found["run_id"], found["layout"], found["storage"], found["articles"],
                    facts["file_size"], facts["file_mtime_ns"])


def aside_path(path: Path, moment: str, damaged: bool = True) -> Path:
    """Where a file replaced by a restore or a rebuild is kept: `news.duckdb.damaged-20261207T101500Z`."""
    return Path(path).with_name(f"{Path(path).name}.{'damaged' if damaged else 'replaced'}-{moment}")


def fsync_folder(folder: Path) -> None:
    directory = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(directory)  # a rename is durable once its folder is synced
    finally:
        os.close(directory)
