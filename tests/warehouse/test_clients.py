"""The published seeds warehouse as real SQL and BI clients open it: the pip DuckDB CLI 1.5, duckdb 1.4 Python
(an older library, the one many BI drivers bundle), and SQLAlchemy + duckdb-engine (Superset's path). Every
client queries every bi view. The CLI and SQLAlchemy are pinned in requirements.lock; duckdb 1.4 is pinned in
requirements-clients.lock and installed beside .venv by `./dev setup` (.clients/duckdb-1.4)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from parley.config import STORAGE_VERSION
from parley.warehouse.contract import views

from tests.conftest import ROOT, query

pytestmark = pytest.mark.slow  # they read the warehouse the whole flow publishes

DUCKDB_14 = Path(os.environ.get("PARLEY_DUCKDB14_DIR", ROOT / ".clients" / "duckdb-1.4"))


def _required(path: Path, what: str) -> Path:
    """A client installed by `./dev setup`. Missing in CI is a failure; elsewhere the test says how to get it."""
    if path.exists():
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{what} missing at {path}: `./dev setup` installs it")
    pytest.skip(f"{what} not installed at {path}: run `./dev setup`")


def duckdb_cli() -> Path:
    spec = importlib.util.find_spec("duckdb_cli")
    return _required(Path(spec.origin).parent / "duckdb" if spec else Path("duckdb_cli/duckdb"), "duckdb-cli")


def count_statements() -> str:
    return "".join(f"SELECT '{name}' AS view, count(*) AS n FROM bi.{name};\n" for name in views())


def test_published_file_has_the_pinned_storage_version(seed_warehouse: Path):
    from parley.warehouse.query import open_warehouse
    from parley.warehouse.storage import storage_version

    con = open_warehouse(seed_warehouse)
    try:
        assert storage_version(con).rstrip("+") == STORAGE_VERSION
    finally:
        con.close()
    (run_id, storage, articles), = query(seed_warehouse,
                                          "SELECT run_id, storage_version, articles FROM bi.warehouse_info")
    assert storage == STORAGE_VERSION and articles == 5
    assert query(seed_warehouse, f"SELECT status FROM bi.pipeline_runs WHERE run_id = '{run_id}'") == [("published",)]


def test_duckdb_cli_15_reads_every_bi_view(seed_warehouse: Path):
    cli = duckdb_cli()
    version = subprocess.run([str(cli), "-version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.5."), version
    done = subprocess.run([str(cli), "-readonly", "-csv", "-noheader", str(seed_warehouse)],
                          input=count_statements(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr, done.stderr
    counts = {view: int(n) for view, n in (line.split(",") for line in done.stdout.split())}
    assert set(counts) == set(views()) and counts["articles"] == 5 and counts["meetings"] > 0
    described = subprocess.run(
        [str(cli), "-readonly", "-csv", "-noheader", str(seed_warehouse), "-c",
         "SELECT count(*) FROM duckdb_views() WHERE schema_name = 'bi' AND comment IS NOT NULL"],
        capture_output=True, text=True, check=True).stdout
    assert int(described) == len(views())


PROBE_14 = textwrap.dedent("""
    import json, sys
    import duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    out = {"version": duckdb.__version__, "views": {}}
    for name in json.loads(sys.argv[2]):
        relation = con.sql(f"SELECT * FROM bi.{name}")
        out["views"][name] = {"columns": relation.columns, "rows": len(relation.fetchall())}
    out["comments"] = con.sql("SELECT table_name, column_name, comment FROM duckdb_columns() "
                              "WHERE schema_name = 'bi'").fetchall()
    print(json.dumps(out))
""")


def test_duckdb_14_python_reads_every_bi_view(seed_warehouse: Path):
    target = _required(DUCKDB_14, "duckdb 1.4")
    # -S: no site-packages, so the only duckdb importable is the one in the target folder.
    done = subprocess.run([sys.executable, "-S", "-c", PROBE_14, str(seed_warehouse), json.dumps(list(views()))],
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(target)})
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["version"].startswith("1.4.")
    for name, view in views().items():
        assert out["views"][name]["columns"] == list(view.columns), name
    assert out["views"]["articles"]["rows"] == 5
    described = {(t, c): text for t, c, text in out["comments"]}
    assert all(described[(name, column)] for name, view in views().items() for column in view.columns)


@pytest.mark.filterwarnings("ignore:Did not recognize type 'list'")  # duckdb-engine maps LIST columns to NullType
def test_sqlalchemy_duckdb_engine_introspects_bi_and_queries(seed_warehouse: Path):
    import sqlalchemy as sa

    assert sa.__version__.startswith("2.0.")  # 2.1 cannot list duckdb-engine columns (pg_collation)
    engine = sa.create_engine(f"duckdb:///{seed_warehouse}", connect_args={"read_only": True})
    try:
        inspector = sa.inspect(engine)
        assert f"{seed_warehouse.stem}.bi" in inspector.get_schema_names()  # catalog-qualified, as Superset lists it
        assert set(inspector.get_view_names(schema="bi")) == set(views())
        for name, view in views().items():
            assert inspector.get_table_comment(name, schema="bi")["text"] == view.description
            columns = inspector.get_columns(name, schema="bi")
            assert [c["name"] for c in columns] == list(view.columns), name
            assert [c["comment"] for c in columns] == list(view.columns.values()), name
        with engine.connect() as con:
            rows = con.execute(sa.text(
                "SELECT m.meeting_id, p.entity_id, p.name FROM bi.meetings m "
                "JOIN bi.meeting_participants p USING (meeting_id) WHERE list_contains(m.participant_ids, p.entity_id)"
            )).fetchall()
            everyone = con.execute(sa.text("SELECT count(*) FROM bi.meeting_participants")).scalar()
        assert rows and len(rows) == everyone
    finally:
        engine.dispose()


@pytest.mark.filterwarnings("ignore:Did not recognize type 'list'")
def test_which_sqlalchemy_connections_see_a_new_publish(tmp_path: Path):
    """What the README says about freshness: a pooled connection keeps the file it opened; a connection per query
    (NullPool) sees each publish, once no other connection of the same process holds the old file."""
    import sqlalchemy as sa
    from sqlalchemy.pool import NullPool

    from parley.warehouse import files

    from tests.conftest import RUN, build_warehouse

    published = tmp_path / "news.duckdb"

    build = tmp_path / "news.building.duckdb"

    def publish(run_id: str) -> None:
        if published.exists():
            files.prepare_build(published, build)
        else:
            build_warehouse(build)
        con = files.connect(build)
        if run_id != RUN:
            files.start_run(con, run_id, "/in")
        files.finish_run(con, run_id, status="published")
        files.close(con)
        files.publish(build, published)

    def seen(engine) -> str:
        with engine.connect() as con:
            return con.execute(sa.text("SELECT run_id FROM bi.warehouse_info")).scalar()

    publish(RUN)
    url, args = f"duckdb:///{published}", {"read_only": True}
    pooled = sa.create_engine(url, connect_args=args)
    assert seen(pooled) == RUN
    publish("20990101T000000Z-second")
    assert seen(pooled) == RUN  # the pool's connection still reads the file it opened
    pooled.dispose()
    per_query = sa.create_engine(url, connect_args=args, poolclass=NullPool)
    assert seen(per_query) == "20990101T000000Z-second"
    publish("20990102T000000Z-third")
    assert seen(per_query) == "20990102T000000Z-third"
    per_query.dispose()
