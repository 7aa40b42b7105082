"""Parsed docs from a parse process to the flow's process, cheaper to pack than spaCy's DocBin.

The parse process's core is what a one-process run waits for. DocBin.add looks up nine strings per token in Python
and DocBin.to_bytes compresses with zlib, which a local pipe does not need: 2% of that core's time. Here each doc
goes as its token attributes (Doc.to_array over DocBin's own attributes) with the strings behind the distinct
hashes among them, a few thousand lookups a chunk instead of tens of thousands; the receiver rebuilds the docs as
DocBin.get_docs does. Nothing of a doc's user data, categories or span groups is sent (the pipeline sets none).
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

import numpy
from spacy.attrs import ENT_IOB, HEAD, POS, SENT_START, SPACY
from spacy.tokens import Doc, DocBin

if TYPE_CHECKING:
    from spacy.vocab import Vocab

ATTRS: list[int] = DocBin().attrs  # ORTH first, as DocBin keeps them
_STRING_COLUMNS = [i for i, attr in enumerate(ATTRS) if attr not in (HEAD, ENT_IOB, POS, SENT_START)]


def pack(docs: list[Doc]) -> bytes:
    arrays = [doc.to_array(ATTRS) for doc in docs]
    spaces = [doc.to_array(SPACY).astype(bool) for doc in docs]
    texts = []
    if docs:
        strings = docs[0].vocab.strings
        hashes = numpy.unique(numpy.concatenate([array[:, _STRING_COLUMNS].ravel() for array in arrays]))
        texts = [strings[h] for h in hashes.tolist() if h in strings]
    return pickle.dumps((arrays, spaces, texts), protocol=pickle.HIGHEST_PROTOCOL)


def unpack(packed: bytes, vocab: Vocab) -> list[Doc]:
    arrays, spaces, texts = pickle.loads(packed)
    for text in texts:
        vocab.strings.add(text)
    return [Doc(vocab, words=array[:, 0], spaces=space).from_array(ATTRS, array)
            for array, space in zip(arrays, spaces)]
