"""spaCy: the pipeline, its parse, and mentions resolved to knowledge-base entities."""
