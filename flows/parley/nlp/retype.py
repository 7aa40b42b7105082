"""What a span the small model types PERSON really is, read from the words around it: the wire's company brackets
("<Teck Hock and Co>"), an organisation noun before it or in apposition ("the lobby group Eurofer", "Coface, the
French export credit agency"), a place noun ("the resort of Knokke"), an agreement named after it ("the Louvre
accord"), or a portfolio before a title and a name ("External Trade Commissioner Willy De Clercq"). Names the
knowledge base knows, and the surnames of its people, are never retyped: these rules only judge what NER alone
says."""

from __future__ import annotations

from ..knowledge.gazetteer import is_world_city
from ..knowledge.kb import lexicon
from ..knowledge.meeting_words import meeting_words

NOT_A_NAME = ""  # the span names no entity at all: every span of that name in the article is dropped


def person_or_else(words: list, text: str, start: int, end: int) -> str:
    """'PERSON', another label, or NOT_A_NAME for an NER PERSON span of `words` at text[start:end]."""
    doc = words[0].doc
    before = doc[words[0].i - 1] if words[0].i > 0 else None
    after = doc[words[-1].i + 1] if words[-1].i + 1 < len(doc) else None
    one_word = len(words) == 1
    organisation = lexicon("org_noun") | lexicon("company_word")
    if _bracketed(text, start, end):
        return "ORG"  # Reuters writes a company's name in angle brackets
    if one_word and before is not None and before.is_lower and before.lower_ in organisation and not _of_phrase(before):
        return "ORG"  # "the sales company Tsvetmetpromexport", "the lobby group Eurofer" (not "chairman of the
        # executive committee Shepard Broad", nor a given name and surname: "energy ministry Javier Espinosa")
    if _described_as(after, organisation):
        return "ORG"  # "Coface, the French export credit agency" (not "X, director-general of Y, the company")
    if before is not None and before.lower_ == "of" and before.i > 0 and (
            doc[before.i - 1].lower_ in meeting_words().place_noun):
        return "GPE"  # "the New Zealand resort of Taupo", "the village of Genval"
    if not one_word and words[-1].lower_ in lexicon("officer_noun"):
        return "ORG"  # "the NAWG President": the body whose officer goes unnamed
    if one_word and after is not None and after.lower_ in lexicon("agreement_noun"):
        return NOT_A_NAME  # "the Louvre accord", "the Uruaguay round": named after a place or an event
    if one_word and after is not None and after.lower_ in lexicon("gathering_noun"):
        return "GPE" if is_world_city(words[0].text) else "FAC"  # "the Taupo meeting": where it was held
    if one_word and before is not None and before.lower_ == "the" and _article_name(words[0], after):
        return "FAC"  # "at the Louvre": people take no article ("the Kennedys" do; "the G8" is a group)
    if after is not None and after.text[:1].isupper() and after.lower_ in lexicon("officer_noun"):
        following = [t for t in doc[after.i + 1:after.i + 3] if not t.is_punct][:1]
        if following and following[0].ent_type_ == "PERSON":
            return NOT_A_NAME  # "External Trade Commissioner, Willy De Clercq": a portfolio, then the person
    return "PERSON"


def _article_name(word, after) -> bool:
    """'the Louvre' standing alone: not a modifier ('the Carter administration'), a possessive, a pair ('the
    Boren/Boschwitz plan'), a plural or an acronym."""
    alone = after is None or after.pos_ not in ("NOUN", "PROPN", "PART") and after.text not in "/-–"
    return alone and word.is_title and word.is_alpha and not word.text.endswith("s")


def one_reading(spans: list[tuple[str, tuple]]) -> list[tuple]:
    """(NER label, cleaned span) pairs -> spans: a name the rules retyped from PERSON somewhere in the article is
    retyped everywhere ("talks with CoFACE, the French export credit agency ... CoFACE sources said")."""
    retyped = {span[2]: span[3] for label, span in spans
               if label == "PERSON" and span[3] not in ("PERSON", "WORK_OF_ART")}
    spans = [(*s[:3], retyped.get(s[2], s[3]) if s[3] == "PERSON" else s[3], s[4]) for _, s in spans]
    return [s for s in spans if s[3] != NOT_A_NAME]


def without_date_words(words: list) -> list:
    """'met James Baker Monday in Frankfurt': NER runs a trailing weekday into the name."""
    while len(words) > 1 and words[-1].lower_ in lexicon("date_word"):
        words = words[:-1]
    return words


def _bracketed(text: str, start: int, end: int) -> bool:
    """text[start:end] lies inside '<...>' on one line."""
    opening = text.rfind("<", max(0, start - 80), start + 1)
    if opening < 0 or "\n" in text[opening:start] or ">" in text[opening:start]:
        return False
    closing = text.find(">", end - 1, end + 80)
    return closing >= 0 and "\n" not in text[end:closing] and "<" not in text[end:closing]


def _of_phrase(noun) -> bool:
    """The noun ends an 'of' phrase ('chairman of the executive committee'): the name after it is the officer's."""
    k = noun.i - 1
    while k >= 0 and noun.i - k < 4 and noun.doc[k].is_lower and noun.doc[k].pos_ in ("DET", "ADJ", "NOUN", "PROPN"):
        k -= 1
    return k >= 0 and noun.doc[k].lower_ == "of"


def _described_as(after, nouns: frozenset[str]) -> bool:
    """', the French export credit agency,': the phrase after the name's comma ends in one of `nouns`."""
    if after is None or after.text != ",":
        return False
    for token in after.doc[after.i + 1:after.i + 8]:
        if token.lower_ in nouns:
            following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
            return following is None or following.is_punct
        if token.pos_ not in ("DET", "ADJ", "NOUN", "PROPN") or not (token.is_lower or token.ent_type_ in ("NORP", "GPE")):
            return False
    return False
