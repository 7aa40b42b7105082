"""The DuckDB file: schema, build and publish, loads, the standby copy, the bi contract, queries."""
