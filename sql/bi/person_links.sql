-- bi.person_links: the persons the other bi views show under another id: a bare surname's article-local person
-- (person:<surname>) and the one full-name person of that surname whose mentions fit in time. The raw tables keep
-- the articles' ids; every bi view reads people through this mapping (bi.entities leaves the linked ids out).
CREATE OR REPLACE VIEW bi.person_links AS
SELECT l.entity_id, e.name, l.canonical_id, c.name AS canonical_name, l.reason
FROM main.person_links l
LEFT JOIN main.entities e ON e.entity_id = l.entity_id
LEFT JOIN main.entities c ON c.entity_id = l.canonical_id;
