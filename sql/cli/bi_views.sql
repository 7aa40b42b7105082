-- `parley export`: every view of the bi schema, by name.
SELECT view_name FROM duckdb_views() WHERE schema_name = 'bi' AND database_name = current_database() ORDER BY view_name;
