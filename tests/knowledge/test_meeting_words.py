"""The meeting rules' word lists: one home per list, shared with the quote rules where they mean the same words."""

from __future__ import annotations

import csv

from parley.knowledge.kb import lexicon
from parley.knowledge.meeting_words import FILE_NAME, meeting_words

from tests.conftest import ROOT

KNOWLEDGE = ROOT / "seeds" / "knowledge"


def _kinds(name: str, column: str) -> set[str]:
    with (KNOWLEDGE / name).open(encoding="utf-8", newline="") as handle:
        return {row[column] for row in csv.DictReader(handle)}


def test_no_list_stands_in_both_word_files():
    assert not _kinds(FILE_NAME, "kind") & _kinds("lexicon.csv", "kind")


def test_the_meeting_rules_read_the_quotes_speech_verbs():
    words = meeting_words(KNOWLEDGE)
    assert words.speech_verb == lexicon("speech_verb", KNOWLEDGE)
    assert {"said", "told", "warned"} <= words.speech_verb
    assert {"spoke", "talked", "said"} <= words.speaking_verb  # "X spoke / said before the talks"


def test_a_speech_verb_added_to_the_lexicon_reaches_the_meeting_rules(tmp_path):
    for path in KNOWLEDGE.glob("*.csv"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    with (tmp_path / "lexicon.csv").open("a", encoding="utf-8") as handle:
        handle.write("harrumphed,speech_verb,\n")
    assert "harrumphed" in meeting_words(tmp_path).speech_verb
    assert "harrumphed" not in meeting_words(KNOWLEDGE).speech_verb
