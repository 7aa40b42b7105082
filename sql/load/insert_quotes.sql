INSERT INTO quotes (quote_id, article_id, quote_text, start_char, end_char, speaker_entity_id, speaker_text,
                    speaker_start, speaker_end, method)
SELECT quote_id, article_id, quote_text, start_char, end_char, speaker_entity_id, speaker_text,
       speaker_start, speaker_end, method
FROM batch_quotes;
