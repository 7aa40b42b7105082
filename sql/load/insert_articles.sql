INSERT INTO articles (article_id, source_name, source_path, format, content_hash, raw_text, title, published_date,
                      publisher, byline, dateline, dateline_date, captions, body, url, nlp_fingerprint, run_id, loaded_at)
SELECT article_id, source_name, source_path, format, content_hash, raw_text, title, published_date,
       publisher, byline, dateline, dateline_date, captions, body, url, nlp_fingerprint, run_id, loaded_at
FROM batch_articles;
