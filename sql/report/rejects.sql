-- report/rejects: the inputs rejected now, by reason, with one example each.
SELECT reason, count(*) AS inputs, min(source_name) AS example, arg_min(detail, source_name) AS detail
FROM bi.rejects GROUP BY reason ORDER BY inputs DESC, reason;
