-- The first source (by name) holding each content hash owns it; later copies are duplicates.
SELECT content_hash, min(source_name) AS source_name FROM articles GROUP BY content_hash;
