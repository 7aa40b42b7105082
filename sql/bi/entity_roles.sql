-- bi.entity_roles: one row per office an entity held or holds, from the knowledge base (its curated roles and the
-- Archigos leaders). title is the local title ("Secretary of State"), or the role code in words when it has none;
-- country is the ISO code of the country the office is for, organisation_id the organisation's entity id for an
-- international office ("united-nations"). A NULL start_date or end_date is an open end.
CREATE OR REPLACE VIEW bi.entity_roles AS
SELECT r.entity_id, e.name, r.role, coalesce(nullif(r.title, ''), replace(r.role, '_', ' ')) AS title,
       CASE WHEN regexp_full_match(r.country, '[A-Z]{2}') THEN r.country END AS country,
       CASE WHEN NOT regexp_full_match(r.country, '[A-Z]{2}') THEN r.country END AS organisation_id,
       r.start_date, r.end_date,
       (r.start_date IS NULL OR r.start_date <= current_date) AND (r.end_date IS NULL OR current_date <= r.end_date)
           AS current
FROM main.entity_roles r
LEFT JOIN main.entities e USING (entity_id);
