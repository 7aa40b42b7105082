SELECT entity_id, name, type, country FROM entities;
