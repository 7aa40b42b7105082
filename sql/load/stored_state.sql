SELECT source_name, content_hash, nlp_fingerprint FROM articles;
