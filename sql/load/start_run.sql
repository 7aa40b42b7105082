INSERT INTO pipeline_runs (run_id, started_at, status, source_dir, parley_version, storage_version)
VALUES ($run_id, $started_at, 'running', $source_dir, $parley_version, $storage_version);
