-- Meetings merged across articles (rebuilt from meeting_reports on every run that changed anything),
-- with their participants, party countries and the reports they were merged from.
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id     VARCHAR PRIMARY KEY,
    meeting_date   DATE,
    date_precision VARCHAR CHECK (date_precision IN ('day', 'month', 'year')),
    place          VARCHAR,
    country_code   VARCHAR CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    status         VARCHAR NOT NULL CHECK (status IN ('held', 'planned')),
    mode           VARCHAR NOT NULL CHECK (mode IN ('in_person', 'phone', 'virtual'))
);

CREATE TABLE IF NOT EXISTS meeting_participants (
    meeting_id VARCHAR NOT NULL REFERENCES meetings (meeting_id),
    entity_id  VARCHAR NOT NULL REFERENCES entities (entity_id),
    PRIMARY KEY (meeting_id, entity_id)
);

CREATE TABLE IF NOT EXISTS meeting_countries (
    meeting_id   VARCHAR NOT NULL REFERENCES meetings (meeting_id),
    country_code VARCHAR NOT NULL CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    PRIMARY KEY (meeting_id, country_code)
);

CREATE TABLE IF NOT EXISTS meeting_sources (
    meeting_id   VARCHAR NOT NULL REFERENCES meetings (meeting_id),
    article_id   VARCHAR NOT NULL REFERENCES articles (article_id),
    report_index INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, article_id, report_index)
);
