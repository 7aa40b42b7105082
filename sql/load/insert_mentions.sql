INSERT INTO mentions (mention_id, article_id, entity_id, surface, start_char, end_char, method)
SELECT mention_id, article_id, entity_id, surface, start_char, end_char, method FROM batch_mentions;
