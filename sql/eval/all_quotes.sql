-- All quotes in scan order (see all_articles.sql).
select source_name, speaker_name, speaker_text, quote_text from bi.quotes
