-- Counts not given keep their stored value (finish_run is called once before and once after validation).
UPDATE pipeline_runs SET
    finished_at        = $finished_at,
    status             = coalesce($status, status),
    files_seen         = coalesce($files_seen, files_seen),
    articles_new       = coalesce($articles_new, articles_new),
    articles_changed   = coalesce($articles_changed, articles_changed),
    articles_unchanged = coalesce($articles_unchanged, articles_unchanged),
    rejected           = coalesce($rejected, rejected),
    checks_passed      = coalesce($checks_passed, checks_passed),
    checks_failed      = coalesce($checks_failed, checks_failed),
    message            = coalesce($message, message)
WHERE run_id = $run_id;
