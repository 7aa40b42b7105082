-- Schema version 4 is recorded once person_links has been computed for the file (warehouse/migrate.py).
INSERT INTO schema_version (version, note)
VALUES (4, 'person_links: one-word persons shown as the full-name person of their surname') ON CONFLICT DO NOTHING;
