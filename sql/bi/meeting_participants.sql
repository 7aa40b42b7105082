-- bi.meeting_participants: one row per meeting and participant, for BI tools that cannot unnest lists. role is
-- the participant's office on the meeting date (an undated meeting: the date of the first article reporting it)
-- from the knowledge base, its local title ("Secretary of State"), role_code the knowledge base's code
-- (foreign_minister); offices held on that date for several countries are joined with "; " in one row.
-- country comes from the entity, else from its offices, else from the meeting: the one party country no other
-- participant accounts for, when one participant is left without a country; country_source says which.
-- Participants are read through main.person_links (a bare surname's person is its full-name person), once each.
CREATE OR REPLACE VIEW bi.meeting_participants AS
WITH participant AS (
    SELECT p.meeting_id, p.entity_id, e.name, e.country AS entity_country, m.meeting_date, m.date_precision,
           coalesce(m.meeting_date, (SELECT min(a.published_date) FROM main.meeting_sources s
                                     JOIN main.articles a USING (article_id)
                                     WHERE s.meeting_id = m.meeting_id)) AS role_date
    FROM (SELECT DISTINCT p.meeting_id, coalesce(l.canonical_id, p.entity_id) AS entity_id
          FROM main.meeting_participants p LEFT JOIN main.person_links l ON l.entity_id = p.entity_id) p
    JOIN main.entities e USING (entity_id)
    JOIN main.meetings m USING (meeting_id)
), held AS (
    SELECT p.meeting_id, p.entity_id,
           string_agg(coalesce(nullif(r.title, ''), replace(r.role, '_', ' ')), '; ' ORDER BY r.start_date, r.role)
               AS role,
           string_agg(r.role, '; ' ORDER BY r.start_date, r.role) AS role_code,
           CASE WHEN count(DISTINCT r.country) = 1 AND regexp_full_match(min(r.country), '[A-Z]{2}')
                THEN min(r.country) END AS role_country
    FROM participant p
    JOIN main.entity_roles r ON r.entity_id = p.entity_id AND p.role_date IS NOT NULL
         AND (r.start_date IS NULL OR r.start_date <= p.role_date) AND (r.end_date IS NULL OR p.role_date <= r.end_date)
    GROUP BY p.meeting_id, p.entity_id
), any_office AS (  -- the one country of all an entity's offices, whatever their dates
    SELECT entity_id, min(country) AS office_country FROM main.entity_roles
    GROUP BY entity_id HAVING count(DISTINCT country) = 1 AND regexp_full_match(min(country), '[A-Z]{2}')
), known AS (
    SELECT p.*, h.role, h.role_code,
           coalesce(p.entity_country, h.role_country, o.office_country) AS known_country,
           CASE WHEN p.entity_country IS NOT NULL THEN 'entity'
                WHEN coalesce(h.role_country, o.office_country) IS NOT NULL THEN 'role' END AS known_source
    FROM participant p
    LEFT JOIN held h USING (meeting_id, entity_id)
    LEFT JOIN any_office o USING (entity_id)
), left_over AS (  -- a meeting's one party country no participant's known country covers, with one participant unknown
    SELECT c.meeting_id, min(c.country_code) AS country_code
    FROM main.meeting_countries c
    WHERE NOT EXISTS (SELECT 1 FROM known k WHERE k.meeting_id = c.meeting_id AND k.known_country = c.country_code)
    GROUP BY c.meeting_id
    HAVING count(*) = 1
       AND (SELECT count(*) FROM known k WHERE k.meeting_id = c.meeting_id AND k.known_country IS NULL) = 1
)
SELECT k.meeting_id, k.entity_id, k.name, coalesce(k.known_country, l.country_code) AS country, k.role,
       k.role_code, CASE WHEN k.known_country IS NULL AND l.country_code IS NOT NULL THEN 'meeting'
                         ELSE k.known_source END AS country_source,
       k.meeting_date, k.date_precision
FROM known k
LEFT JOIN left_over l ON l.meeting_id = k.meeting_id AND k.known_country IS NULL;
