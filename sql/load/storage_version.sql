-- The storage format of the current database file, as DuckDB tags it ("v1.4.0+").
SELECT tags['storage_version'] FROM duckdb_databases() WHERE database_name = current_database();
