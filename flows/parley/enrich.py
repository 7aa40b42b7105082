"""Clean → parse → facts for a batch of inputs: spaCy parses the batch in word-sized minibatches; the rules run
on each parsed doc."""

from __future__ import annotations

from . import headstart
from .clean import clean
from .config import settings
from .entities import find_mentions
from .extract import text_of
from .fingerprint import nlp_fingerprint
from .knowledge import KnowledgeBase, load_kb
from .meetings import find_meetings
from .nlp import get_pipeline, parse
from .quotes import find_quotes
from .types import ArticleFacts, CleanArticle, ProcessedArticle, RawDoc, article_id_for


def extract_facts(doc, article: CleanArticle, kb: KnowledgeBase) -> ArticleFacts:
    mentions, entities = find_mentions(doc, kb, article.published_date)
    by_id = {e.entity_id: e for e in entities}
    quotes = find_quotes(doc, mentions, by_id, kb, article.published_date)
    meetings = find_meetings(doc, article, mentions, by_id, kb, quotes)
    return ArticleFacts(entities=entities, mentions=mentions, quotes=quotes, meetings=meetings)


def process_batch(raws: list[RawDoc], model: str | None = None, head_start: bool = True) -> list[ProcessedArticle]:
    """Everything between extract and load for one batch; runs in whichever process or worker gets the batch.
    Articles the head start already processed in this process (headstart.py) are taken from it."""
    model = model or settings().spacy_model  # one cache key, whether or not the caller named the model
    if head_start:
        ready = headstart.take(raws)
        if ready:
            rest = iter(process_batch([r for r in raws if r.source_name not in ready], model, head_start=False))
            return [ready[r.source_name] if r.source_name in ready else next(rest) for r in raws]
    nlp = get_pipeline(model)
    kb = load_kb()
    fingerprint = nlp_fingerprint(model)
    cleaned = [clean(text_of(raw), raw.title, raw.published) for raw in raws]
    docs = parse(nlp, [c.body for c in cleaned])
    return [
        ProcessedArticle(article_id_for(raw.source_name), raw, article, extract_facts(doc, article, kb), fingerprint)
        for raw, article, doc in zip(raws, cleaned, docs)
    ]


def warm_up(model: str | None = None) -> None:
    """Load model and knowledge base once in a worker process before its first batch."""
    get_pipeline(model or settings().spacy_model)
    load_kb()
