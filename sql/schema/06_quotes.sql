-- Attributed quotes; quote_text is body[start_char:end_char] without the quotation marks.
CREATE TABLE IF NOT EXISTS quotes (
    quote_id          VARCHAR NOT NULL,  -- article_id:qstart-end; unique, and its ids resolve, by the checks
    article_id        VARCHAR NOT NULL,
    quote_text        VARCHAR NOT NULL,
    start_char        INTEGER NOT NULL CHECK (start_char >= 0),
    end_char          INTEGER NOT NULL,
    speaker_entity_id VARCHAR,  -- NULL: unnamed or unknown speaker
    speaker_text      VARCHAR,
    speaker_start     INTEGER CHECK (speaker_start >= 0),
    speaker_end       INTEGER,
    method            VARCHAR,
    CHECK (end_char > start_char),
    CHECK (speaker_end IS NULL OR speaker_start IS NULL OR speaker_end > speaker_start)
);
