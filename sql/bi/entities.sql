-- bi.entities: one row per canonical entity (knowledge base or NER only), with its offices and how often and when
-- the articles mention it. country falls back to the single country of its offices when the entity has none;
-- current_roles are the offices held today, roles every dated office ("Foreign Minister (RU) 2004-03-09–").
-- first_seen / last_seen are the earliest and latest published_date of the articles mentioning it. A bare
-- surname's article-local person that main.person_links maps to a full-name person has no row: its mentions count
-- under that person (bi.person_links lists the pairs).
CREATE OR REPLACE VIEW bi.entities AS
WITH roles AS (
    SELECT entity_id,
           string_agg(CASE WHEN current THEN title END, '; ' ORDER BY start_date NULLS FIRST, title) AS current_roles,
           string_agg(title || ' (' || coalesce(country, organisation_id) || ') ' || coalesce(start_date::VARCHAR, '')
                      || '–' || coalesce(end_date::VARCHAR, ''), '; ' ORDER BY start_date NULLS FIRST, title) AS roles,
           CASE WHEN count(DISTINCT country) = 1 THEN min(country) END AS role_country
    FROM (SELECT entity_id, start_date, end_date, coalesce(nullif(title, ''), replace(role, '_', ' ')) AS title,
                 CASE WHEN regexp_full_match(country, '[A-Z]{2}') THEN country END AS country,
                 CASE WHEN NOT regexp_full_match(country, '[A-Z]{2}') THEN country END AS organisation_id,
                 (start_date IS NULL OR start_date <= current_date) AND (end_date IS NULL OR current_date <= end_date)
                     AS current
          FROM main.entity_roles)  -- as bi.entity_roles shows them (that view is created after this one)
    GROUP BY entity_id
), seen AS (
    SELECT coalesce(l.canonical_id, m.entity_id) AS entity_id, count(*) AS mentions,
           count(DISTINCT m.article_id) AS articles,
           min(a.published_date) AS first_seen, max(a.published_date) AS last_seen
    FROM main.mentions m JOIN main.articles a USING (article_id)
    LEFT JOIN main.person_links l ON l.entity_id = m.entity_id
    GROUP BY ALL
)
SELECT e.entity_id, e.name, e.type, coalesce(e.country, r.role_country) AS country, e.source,
       r.current_roles, r.roles, coalesce(s.mentions, 0) AS mentions, coalesce(s.articles, 0) AS articles,
       s.first_seen, s.last_seen
FROM main.entities e
LEFT JOIN roles r USING (entity_id)
LEFT JOIN seen s USING (entity_id)
WHERE e.entity_id NOT IN (SELECT entity_id FROM main.person_links);
