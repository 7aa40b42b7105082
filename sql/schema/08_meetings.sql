-- Meetings merged across articles (rebuilt from meeting_reports on every run that changed anything),
-- with their participants, party countries and the reports they were merged from. Keys and references are not
-- constraints (see 02_articles.sql): the checks verify them before every publish.
CREATE TABLE IF NOT EXISTS meetings (
    meeting_id     VARCHAR NOT NULL,
    meeting_date   DATE,
    date_precision VARCHAR CHECK (date_precision IN ('day', 'month', 'year')),
    place          VARCHAR,
    country_code   VARCHAR CHECK (regexp_full_match(country_code, '[A-Z]{2}')),
    status         VARCHAR NOT NULL CHECK (status IN ('held', 'planned')),
    mode           VARCHAR NOT NULL CHECK (mode IN ('in_person', 'phone', 'virtual', 'letter'))
);

CREATE TABLE IF NOT EXISTS meeting_participants (
    meeting_id VARCHAR NOT NULL,
    entity_id  VARCHAR NOT NULL
);

CREATE TABLE IF NOT EXISTS meeting_countries (
    meeting_id   VARCHAR NOT NULL,
    country_code VARCHAR NOT NULL CHECK (regexp_full_match(country_code, '[A-Z]{2}'))
);

CREATE TABLE IF NOT EXISTS meeting_sources (
    meeting_id   VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    report_index INTEGER NOT NULL
);
