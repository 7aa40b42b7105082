-- One meeting as one article reports it; participants are entity ids (lists cannot carry FOREIGN KEYs:
-- the checks in sql/checks/ verify them).
CREATE TABLE IF NOT EXISTS meeting_reports (
    article_id     VARCHAR NOT NULL,  -- (article_id, report_index) unique by the checks
    report_index   INTEGER NOT NULL CHECK (report_index >= 0),
    meeting_date   DATE,
    date_precision VARCHAR CHECK (date_precision IN ('day', 'month', 'year')),
    place          VARCHAR,
    country_code   VARCHAR CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    status         VARCHAR NOT NULL CHECK (status IN ('held', 'planned')),
    mode           VARCHAR NOT NULL CHECK (mode IN ('in_person', 'phone', 'virtual', 'letter')),
    participants   VARCHAR[] NOT NULL,
    countries      VARCHAR[] NOT NULL,
    start_char     INTEGER NOT NULL CHECK (start_char >= 0),
    end_char       INTEGER NOT NULL,
    evidence       VARCHAR,  -- the sentence reporting it: substr(body, start_char + 1, end_char - start_char)
    CHECK (end_char >= start_char)
);

-- Warehouses built before the evidence column existed.
ALTER TABLE meeting_reports ADD COLUMN IF NOT EXISTS evidence VARCHAR;
