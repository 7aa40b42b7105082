-- Entity mentions; offsets are code-point offsets into articles.body (end exclusive).
CREATE TABLE IF NOT EXISTS mentions (
    mention_id VARCHAR PRIMARY KEY,  -- article_id:start-end
    article_id VARCHAR NOT NULL REFERENCES articles (article_id),
    entity_id  VARCHAR NOT NULL REFERENCES entities (entity_id),
    surface    VARCHAR NOT NULL,
    start_char INTEGER NOT NULL CHECK (start_char >= 0),
    end_char   INTEGER NOT NULL,
    method     VARCHAR,
    CHECK (end_char > start_char)
);
