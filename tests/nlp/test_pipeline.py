"""The spaCy layer: word-sized minibatches and token lookups by character offset."""

from __future__ import annotations

from parley.nlp.pipeline import TokensByOffset, parse


class RecordingPipeline:
    """Stands in for a spaCy Language: records the minibatches it is handed and returns the texts."""

    def __init__(self):
        self.minibatches: list[list[str]] = []

    def pipe(self, texts, batch_size):
        texts = list(texts)
        assert batch_size == len(texts)  # one spaCy minibatch per call
        self.minibatches.append(texts)
        return iter(texts)


def test_minibatches_hold_at_most_the_word_budget_and_keep_order():
    texts = ["one two three", "four five", "six", "a b c d e f g h i j", "k l", "m"]
    recorder = RecordingPipeline()
    assert list(parse(recorder, texts, words_per_batch=5)) == texts
    assert recorder.minibatches == [["one two three", "four five"], ["six"], ["a b c d e f g h i j"], ["k l", "m"]]
    # a text longer than the budget is parsed alone, never split or dropped
    assert all(len(" ".join(batch).split()) <= 5 or len(batch) == 1 for batch in recorder.minibatches)


def test_parse_returns_the_docs_of_the_texts_in_order(nlp):
    texts = ["Lavrov met Kerry in Geneva.", "The talks were long.", "Cavusoglu spoke to reporters on Monday."]
    docs = list(parse(nlp, texts, words_per_batch=6))
    assert [doc.text for doc in docs] == texts
    assert any(ent.text == "Geneva" for ent in docs[0].ents)


def test_tokens_by_offset(nlp):
    doc = nlp("Sergei Lavrov met John Kerry in Geneva.")
    tokens = TokensByOffset(doc)
    assert tokens.get(doc.text.index("Kerry")).text == "Kerry"
    assert tokens.get(doc.text.index("Kerry") + 1) is None  # not the start of a token
    assert [t.text for t in tokens.between(doc.text.index("John"), doc.text.index(" in"))] == ["John", "Kerry"]


def test_docs_packed_for_another_process_come_back_with_every_annotation(nlp, kb):
    """What a parse process sends (doc_transfer.py) rebuilds the docs in a vocab that has never seen their strings:
    words, spaces, tags, morphology, the parse, sentences and entities with the knowledge base's ids."""
    import spacy

    from parley.nlp.doc_transfer import pack, unpack

    name, entity_id = next(iter(kb.all_names()))
    texts = [f"{name} flew to Oslo on Tuesday.  \"We will talk,\" the envoy told reporters.\nTalks resumed.",
             "Qxzvbl wrote nothing.", ""]
    docs = list(nlp.pipe(texts))
    back = unpack(pack(docs), spacy.blank("en").vocab)

    def annotations(doc):
        return ([(t.text, t.whitespace_, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.norm_, t.is_sent_start)
                 for t in doc], [(e.start, e.end, e.label_, e.ent_id_) for e in doc.ents], doc.text)

    assert [annotations(doc) for doc in back] == [annotations(doc) for doc in docs]
    assert entity_id in [e.ent_id_ for e in back[0].ents] and "Qxzvbl" in back[1].text
    assert unpack(pack([]), nlp.vocab) == []


def test_the_rules_find_the_same_facts_in_docs_unpacked_into_the_model_vocabulary_alone(nlp, kb):
    """A one-process run's receiver rebuilds the parse process's docs in the model's vocabulary without its
    components (get_vocab): the lexeme attributes the rules read (is_title, is_punct, is_alpha...) come from the model's
    tables and language defaults, so the facts are those of the docs the pipeline made."""
    from parley.ingest.clean import clean
    from parley.nlp.doc_transfer import pack, unpack
    from parley.nlp.pipeline import get_vocab
    from parley.run.enrich import extract_facts

    vocab = get_vocab()
    assert vocab is not nlp.vocab and get_vocab() is vocab  # loaded once per process, apart from the pipeline
    article = clean("Envoys meet in Vienna\nMarch 3, 2016\n\nThe Russian foreign minister met his Turkish "
                    "counterpart in Vienna on Tuesday. \"We agreed on a ceasefire,\" Lavrov told reporters after "
                    "the talks. Cavusoglu said the two would speak by phone next week.")
    doc = nlp(article.body)
    facts = extract_facts(doc, article, kb)
    assert facts.quotes and facts.meetings  # the text exercises quotes, speakers and meetings
    assert extract_facts(unpack(pack([doc]), vocab)[0], article, kb) == facts
