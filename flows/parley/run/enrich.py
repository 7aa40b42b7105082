"""Clean → parse → facts for a batch of inputs: spaCy parses the batch in word-sized minibatches; the rules run
on each parsed doc."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..config import settings
from ..ingest.clean import clean
from ..ingest.extract import text_of
from ..ingest.limits import TooSlow, failure_detail, time_budget
from ..knowledge.kb import KnowledgeBase, load_kb
from ..meetings.find import find_meetings
from ..nlp.entities import find_mentions
from ..nlp.pipeline import get_pipeline, parse
from ..quotes.find import find_quotes
from ..types import ArticleFacts, CleanArticle, ProcessedArticle, RawDoc, raw_id
from .fingerprint import nlp_fingerprint

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_facts(doc, article: CleanArticle, kb: KnowledgeBase) -> ArticleFacts:
    mentions, entities = find_mentions(doc, kb, article.published_date)
    by_id = {e.entity_id: e for e in entities}
    quotes = find_quotes(doc, mentions, by_id, kb, article.published_date)
    meetings = find_meetings(doc, article, mentions, by_id, kb, quotes)
    return ArticleFacts(entities=entities, mentions=mentions, quotes=quotes, meetings=meetings)


def process_batch(raws: list[RawDoc], model: str | None = None) -> list[ProcessedArticle]:
    """Everything between extract and load for one batch, in whichever process or worker gets the batch (in
    `parley run`, parse_process.processed first takes what the parse processes have done)."""
    model = model or settings().spacy_model  # one cache key, whether or not the caller named the model
    if not raws:
        return []  # no model load for nothing
    cleaned, docs = parsed(raws, model)
    return with_facts(raws, cleaned, docs, model)


def parsed(raws: list[RawDoc], model: str) -> tuple[list[CleanArticle], Iterator[Doc]]:
    """The NLP half: cleaned articles and their docs (parsed lazily, in order)."""
    seconds = settings().read_seconds
    cleaned = [_cleaned(raw, seconds) for raw in raws]
    return cleaned, parse(get_pipeline(model), [c.body for c in cleaned])


def _cleaned(raw: RawDoc, seconds: float) -> CleanArticle:
    """One input cleaned under the time budget (limits.time_budget: the main thread only); a failure is the input's
    reject, with an empty body for the parse."""
    try:
        with time_budget(seconds):
            return clean(text_of(raw), raw.title, raw.published)
    except TooSlow as slow:
        return CleanArticle(body="", failure=("too_slow", str(slow)))
    except Exception as error:  # noqa: BLE001 - one input's failure is its reject, never the run's
        return CleanArticle(body="", failure=("failed", failure_detail("clean", error)))


def _with_facts(raw: RawDoc, article: CleanArticle, doc, kb: KnowledgeBase, fingerprint: str) -> ProcessedArticle:
    failure = article.failure
    facts = ArticleFacts([], [], [], [])
    if failure is None:
        try:
            facts = extract_facts(doc, article, kb)
        except Exception as error:  # noqa: BLE001 - a rule failing on one input rejects that input
            failure = ("failed", failure_detail("enrich", error))
    return ProcessedArticle(raw_id(raw), raw, article, facts, fingerprint, failure=failure)


def with_facts(raws: list[RawDoc], cleaned: list[CleanArticle], docs: Iterable[Doc], model: str
               ) -> list[ProcessedArticle]:
    """The rules' half: each parsed article with the facts found in it."""
    kb = load_kb()
    fingerprint = nlp_fingerprint(model)
    return [_with_facts(raw, article, doc, kb, fingerprint) for raw, article, doc in zip(raws, cleaned, docs)]


def warm_up(model: str | None = None) -> None:
    """Load model and knowledge base once in a worker process before its first batch."""
    get_pipeline(model or settings().spacy_model)
    load_kb()
