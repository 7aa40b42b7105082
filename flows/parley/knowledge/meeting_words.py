"""The meeting rules' word lists, read once from `meeting_words.csv` in the knowledge directory.

Each row is (kind, word); a kind is one list (trigger verbs, meeting nouns, light verbs, party nouns, "not a
meeting" nouns, ...), so a new pattern is one data line. Words are matched lower-cased, token by token. The speech
verbs are the quotes' own (`speech_verb` in lexicon.csv): one list of them.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from ..config import settings
from .kb import fold, lexicon

FILE_NAME = "meeting_words.csv"


class MeetingWords:
    """Each kind is an attribute (`words.meet_verb`): plain attribute lookups, since rules test every token."""

    def __init__(self, kinds: dict[str, frozenset[str]], speech_verb: frozenset[str]):
        self.kinds = kinds
        self.__dict__.update(kinds)
        empty: frozenset[str] = frozenset()
        self.speech_verb = speech_verb  # "X said after talks": the reporter of a meeting
        self.speaking_verb = speech_verb | kinds.get("speak_verb", empty)  # "X was speaking before the talks"
        # unions the rules test per token, built once
        self.visit_or_meeting = kinds.get("visit_word", empty) | kinds.get("meeting_noun", empty)
        self.event_word = self.visit_or_meeting | kinds.get("meet_verb", empty)
        self.party_or_group = kinds.get("party_noun", empty) | kinds.get("group_noun", empty)
        # verbs of a relative clause that tell when the meeting is: "the talks, which were held / begin on Monday"
        self.holding_verb = frozenset().union(*(kinds.get(k, empty) for k in (
            "light_verb", "meet_verb", "planning_verb", "start_verb", "carry_verb", "travel_verb")))
        # triggers that say the parties were in one room
        self.in_person_word = frozenset().union(*(kinds.get(k, empty) for k in (
            "meet_verb", "visit_word", "meal_noun", "receive_verb", "handshake_verb"))) | {
            "summit", "conference", "gathering"}

    def __getattr__(self, name: str) -> frozenset[str]:
        """A kind the file does not list is empty (a knowledge folder of an older release still loads)."""
        if name.startswith("_"):
            raise AttributeError(name)
        return frozenset()

    def gate(self) -> re.Pattern:
        """Cheap pre-test: a body with none of the trigger words has no meeting report."""
        words = set().union(*(self.kinds.get(k, frozenset()) for k in GATE_KINDS))
        return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b", re.I)


GATE_KINDS = ("meet_verb", "meeting_noun", "visit_word", "speak_verb", "conference_noun", "phone_word", "call_verb",
              "tell_verb", "letter_noun", "write_verb", "meal_noun", "receive_verb", "discuss_verb", "handshake_verb",
              "summon_verb", "delegation_noun")


@lru_cache(maxsize=4)
def meeting_words(directory: Path | None = None) -> MeetingWords:
    path = Path(directory or settings().knowledge_dir) / FILE_NAME
    kinds: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kind, word = (row.get("kind") or "").strip(), (row.get("word") or "").strip().lower()
            if kind and word and not kind.startswith("#"):
                kinds.setdefault(kind, set()).add(word)
    return MeetingWords({kind: frozenset(words) for kind, words in kinds.items()}, lexicon("speech_verb", directory))


@lru_cache(maxsize=4)
def country_groups(directory: Path | None = None) -> dict[str, tuple[str, ...]]:
    """Folded group name or alias ("g-7", "group of seven") -> member country codes, from country_groups.csv."""
    path = Path(directory or settings().knowledge_dir) / "country_groups.csv"
    groups: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            members = tuple(code.strip() for code in (row.get("members") or "").split("|") if code.strip())
            for name in [row.get("name") or "", *(row.get("aliases") or "").split("|")]:
                if name.strip():
                    groups[fold(name.strip())] = members
    return groups
