-- Fact tables that still carry a key or reference constraint (a warehouse written before schema version 3).
SELECT DISTINCT table_name FROM duckdb_constraints()
WHERE database_name = current_database() AND schema_name = 'main'
  AND constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')
  AND table_name IN ('articles', 'mentions', 'quotes', 'meeting_reports', 'meetings', 'meeting_participants',
                     'meeting_countries', 'meeting_sources');
