-- Stored articles of inputs whose latest version was rejected: an input rejected as a whole file (batch_retired
-- whole_file) also retires its records ("feed.jsonl#3").
SELECT a.article_id
FROM articles a JOIN batch_retired r
  ON a.source_name = r.source_name OR (r.whole_file AND starts_with(a.source_name, r.source_name || '#'));
