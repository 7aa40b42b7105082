SELECT quote_text, speaker_name, speaker_text FROM bi.quotes WHERE source_name = $1 ORDER BY start_char
