-- The knowledge base's dated roles, replaced whole whenever meetings are rebuilt (a knowledge change re-runs all).
DELETE FROM entity_roles;
INSERT INTO entity_roles (entity_id, role, country, title, start_date, end_date)
SELECT entity_id, role, country, title, start_date, end_date FROM batch_roles;
