"""Entity mentions resolved to canonical entities. (First cut: ruler ids and raw NER; resolution rules to come.)"""

from __future__ import annotations

import re
from datetime import date

from .knowledge import KnowledgeBase, fold
from .types import Entity, Mention

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT"}


def ner_entity_id(name: str, label: str) -> str:
    """Stable id for an entity known only from NER: type plus folded name."""
    return f"{label.lower()}:" + re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")


def find_mentions(doc, kb: KnowledgeBase, published: date | None) -> tuple[list[Mention], list[Entity]]:
    mentions: list[Mention] = []
    entities: dict[str, Entity] = {}
    for ent in doc.ents:
        if ent.label_ not in KEPT_LABELS:
            continue
        kb_entity = kb.entities.get(ent.ent_id_) if ent.ent_id_ else kb.lookup(ent.text)
        if kb_entity:
            entity = Entity(kb_entity.entity_id, kb_entity.name, kb_entity.type, kb_entity.country, "kb")
            method = "alias"
        else:
            entity = Entity(ner_entity_id(ent.text, ent.label_), ent.text, ent.label_, None, "ner")
            method = "ner"
        entities.setdefault(entity.entity_id, entity)
        mentions.append(Mention(entity.entity_id, ent.start_char, ent.end_char, ent.text, method))
    return mentions, list(entities.values())
