-- The persons person_links.sql may link (load.py: link_people): every PERSON entity's id, name and source.
SELECT entity_id, name, source FROM entities WHERE type = 'PERSON';
