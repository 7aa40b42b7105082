-- Entity mentions; offsets are code-point offsets into articles.body (end exclusive).
CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR NOT NULL,  -- article_id:start-end; unique, and both ids resolve, by the checks
    article_id VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL,
    surface    VARCHAR NOT NULL,
    start_char INTEGER NOT NULL CHECK (start_char >= 0),
    end_char   INTEGER NOT NULL,
    method     VARCHAR,
    CHECK (end_char > start_char)
);
