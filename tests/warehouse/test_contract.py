"""The bi contract has one source, sql/bi/contract.csv: the views' columns match it, the comments BI tools show
come from it, and the README's view table is generated from it."""

from __future__ import annotations

import duckdb
import pytest

from parley.warehouse.contract import README, readme_table, views

from tests.conftest import build_warehouse


@pytest.fixture(scope="module")
def catalog(tmp_path_factory):
    path = tmp_path_factory.mktemp("contract") / "w.duckdb"
    build_warehouse(path)
    con = duckdb.connect(str(path), read_only=True)
    try:
        found = {name: (comment, []) for name, comment in con.execute(
            "SELECT view_name, comment FROM duckdb_views() WHERE schema_name = 'bi'").fetchall()}
        for view, column, comment in con.execute(
                "SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'bi' "
                "ORDER BY table_name, column_index").fetchall():
            found[view][1].append((column, comment))
        yield found
    finally:
        con.close()


def test_every_bi_view_and_column_is_described_from_the_contract(catalog):
    assert set(catalog) == set(views()), "a bi view without a contract entry, or a contract entry without a view"
    for name, view in views().items():
        comment, columns = catalog[name]
        assert view.description and comment == view.description, name
        assert [c for c, _ in columns] == list(view.columns), f"bi.{name}: columns differ from sql/bi/contract.csv"
        assert [text for _, text in columns] == list(view.columns.values()), name
        assert all(view.columns.values()), f"bi.{name}: a column without a description"


def test_readme_view_table_is_generated_from_the_contract():
    assert readme_table() in README.read_text(encoding="utf-8"), \
        "README's bi table is stale: run `python -m parley.warehouse.contract` to regenerate it"
