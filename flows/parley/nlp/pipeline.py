"""The spaCy pipeline: the configured model with unused components disabled and an entity ruler built from the
knowledge base, loaded once per process."""

from __future__ import annotations

import threading
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import DEFAULT_DISABLED_COMPONENTS, NLP_WORDS_PER_BATCH, settings
from ..knowledge.kb import KnowledgeBase, load_kb

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.vocab import Vocab


def load_model(model: str | None = None, disable: tuple[str, ...] = DEFAULT_DISABLED_COMPONENTS) -> "Language":
    """The bare model with `disable`d components: what the benchmark's floor measures."""
    import spacy

    return spacy.load(model or settings().spacy_model, disable=list(disable))


def ruler_patterns(kb: KnowledgeBase) -> list[dict]:
    """One exact-spelling pattern per name and alias; `id` carries the entity id to resolution."""
    return [
        {"label": kb.entities[entity_id].type, "pattern": surface, "id": entity_id}
        for surface, entity_id in kb.all_names()
    ]


def build_pipeline(model: str | None = None, kb: KnowledgeBase | None = None,
                   disable: tuple[str, ...] = DEFAULT_DISABLED_COMPONENTS) -> "Language":
    nlp = load_model(model, disable)
    kb = kb or load_kb()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(ruler_patterns(kb))
    return nlp


def parse(nlp: "Language", texts: list[str], words_per_batch: int = NLP_WORDS_PER_BATCH):
    """Docs of `texts` in order, parsed in minibatches of about `words_per_batch` words (a longer text alone), so
    peak memory does not depend on how long the articles that happen to share a minibatch are."""
    batch: list[str] = []
    words = 0
    for text in texts:
        length = text.count(" ") + 1
        if batch and words + length > words_per_batch:
            yield from nlp.pipe(batch, batch_size=len(batch))
            batch, words = [], 0
        batch.append(text)
        words += length
    if batch:
        yield from nlp.pipe(batch, batch_size=len(batch))


def get_pipeline(model: str | None = None) -> "Language":
    """Per-process cache: worker processes and tests load the model once. Under a lock: a parse receiver and
    the flow may ask at once, and two threads importing the model's modules at once can break the import."""
    with _LOADING:
        return _cached_pipeline(model or settings().spacy_model)  # one entry for a model however it is named


_LOADING = threading.Lock()


@lru_cache(maxsize=2)
def _cached_pipeline(model: str) -> "Language":
    return build_pipeline(model)


def get_vocab(model: str | None = None) -> "Vocab":
    """The model's vocabulary (strings, lexeme tables, language defaults) without its components, all that the
    rules need of docs parsed in another process (0.7 s of CPU and 28 MB, against 1.8 s and 79 MB for the pipeline)."""
    with _LOADING:
        return _cached_vocab(model or settings().spacy_model)


@lru_cache(maxsize=2)
def _cached_vocab(model: str) -> "Vocab":
    import spacy
    from spacy.util import get_model_meta, get_package_path, is_package

    meta = get_model_meta(get_package_path(model) if is_package(model) else Path(model))
    return spacy.load(model, exclude=meta.get("components", meta["pipeline"])).vocab


class TokensByOffset:
    """Tokens by character offset. Reads offsets as one array: iterating a Doc builds a Python object per token,
    which on long articles costs more than the rules that use them."""

    def __init__(self, doc):
        self.doc = doc
        self.starts: list[int] = doc.to_array("IDX").tolist()
        self._index = {start: i for i, start in enumerate(self.starts)}

    def get(self, char: int):
        """The token that starts exactly at `char`, or None."""
        i = self._index.get(char)
        return None if i is None else self.doc[i]

    def between(self, start: int, end: int):
        """The span of tokens that start in [start, end)."""
        return self.doc[bisect_left(self.starts, start):bisect_left(self.starts, end)]
