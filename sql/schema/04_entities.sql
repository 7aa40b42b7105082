-- Canonical entities: knowledge-base entries (source 'kb') and entities known only from NER (source 'ner').
CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR PRIMARY KEY,
    name      VARCHAR NOT NULL,
    type      VARCHAR NOT NULL,
    country   VARCHAR CHECK (regexp_full_match(country, '[A-Z]{2}')),
    source    VARCHAR NOT NULL CHECK (source IN ('kb', 'ner'))
);
