"""parley: a news-intelligence warehouse (extract → clean → enrich → load → validate → publish)."""

__version__ = "0.1.0"
