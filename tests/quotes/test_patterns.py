"""One test per quotation pattern of wire and web news (issue 10), on sentences written for the test."""

from __future__ import annotations

from parley.ingest.clean import clean
from parley.nlp.entities import find_mentions
from parley.quotes.find import find_quotes


def quotes_of(text, nlp, kb):
    doc = nlp(text)
    mentions, entities = find_mentions(doc, kb, None)
    return find_quotes(doc, mentions, {e.entity_id: e for e in entities}, kb, None)


def said(text, nlp, kb):
    return [(q.text, q.speaker_text, q.speaker_entity_id) for q in quotes_of(text, nlp, kb)]


def test_hard_wrapped_wire_quote_over_line_breaks_and_paragraphs(nlp, kb):
    raw = ("OSLO, May 4 - Norwegian fisheries minister Kari Solheim said\n"
           "quotas would rise next year.\n"
           "    \"We expect the stocks to recover fully within two\n"
           "seasons if the fleets keep to the agreed limits,\" she told\n"
           "reporters after the meeting.\n"
           "    \"The scientists agree with us on this point.\n"
           "    \"The fleets have already cut their catches by a third,\" she\n"
           "added.\n"
           " REUTER\n")
    body = clean(raw, None, "1987-05-04").body
    quotes = quotes_of(body, nlp, kb)
    assert [q.text for q in quotes] == [
        "We expect the stocks to recover fully within two seasons if the fleets keep to the agreed limits,",
        "The scientists agree with us on this point.",
        "The fleets have already cut their catches by a third,",
    ]
    assert {q.speaker_entity_id for q in quotes} == {"person:kari-solheim"}
    assert all(body[q.start_char:q.end_char] == q.text for q in quotes)


def test_multi_paragraph_quote_with_blank_lines_carries_the_speaker(nlp, kb):
    text = ("“Our harbours are full and the prices are falling every week,” said Kari Solheim.\n\n"
            "“Nobody in the north can live on these prices for long.\n\n"
            "“We will ask the government for help before the winter.”")
    assert [s for _, _, s in said(text, nlp, kb)] == ["person:kari-solheim"] * 3


def test_speaker_after_with_a_long_apposition(nlp, kb):
    text = ("“The banks will need a far more open market than exists today,” Robert Lindqvist, senior vice-president "
            "of the Northern Savings Bank of Bergen, said.")
    assert said(text, nlp, kb)[0][2] == "person:robert-lindqvist"


def test_title_phrase_ending_in_a_name_names_that_person(nlp, kb):
    text = ("Reform is overdue because of the “strain on the whole fishing economy,” the director general of the "
            "Nordic Fisheries Council Anna Berglund said. Berglund left early.")
    assert said(text, nlp, kb)[0][2] == "person:anna-berglund"


def test_speaker_before_with_a_colon_in_the_paragraph_before(nlp, kb):
    text = "Anna Berglund continued:\n\n“The council cannot wait for another bad season to act.”"
    assert said(text, nlp, kb)[0][2] == "person:anna-berglund"


def test_according_to(nlp, kb):
    text = "According to Anna Berglund, “the council will publish the new limits in June.”"
    assert said(text, nlp, kb)[0][2] == "person:anna-berglund"


def test_signed_quote_after_a_dash(nlp, kb):
    text = "Readers wrote to us.\n“The new limits will ruin every small boat owner in the north.” ― Per Haugen"
    assert said(text, nlp, kb)[0][:2] == ("The new limits will ruin every small boat owner in the north.", "Per Haugen")


def test_the_minister_resolves_to_the_minister_named_before(nlp, kb):
    text = ("Norwegian fisheries minister Kari Solheim met boat owners on Monday.\n"
            "“The quotas will not be cut again this year,” the minister said.")
    assert said(text, nlp, kb)[0][1:] == ("the minister", "person:kari-solheim")


def test_one_and_two_word_labels_are_not_quotes_but_reported_three_words_are(nlp, kb):
    text = ("Anna Berglund said the council would act “very soon.” She called the plan “a start” and said "
            "she felt “relief and hope” after the vote.")
    assert [q for q, _, _ in said(text, nlp, kb)] == ["relief and hope"]


def test_titles_of_works_are_not_quotes(nlp, kb):
    text = "Anna Berglund wrote a book called “Storms Over the Northern Sea” and appeared on “Morning With Maria.”"
    assert said(text, nlp, kb) == []


def test_a_date_is_not_a_speaker(nlp, kb):
    text = "“We have done what we could for the fleets this year,” said Thursday's statement from the council."
    assert all(s != "Thursday" for _, s, _ in said(text, nlp, kb))


def test_missing_space_before_the_opening_mark(nlp, kb):
    text = "Anna Berglund spoke to the council.\"We need to protect the young fish first.\""
    assert said(text, nlp, kb)[0][0] == "We need to protect the young fish first."


def test_unnamed_source_keeps_its_text_without_a_name(nlp, kb):
    text = "“The limits are far too strict for the small boats,” one harbour official said."
    assert said(text, nlp, kb)[0][1:] == ("one harbour official", None)


def test_named_subject_of_a_sentence_without_a_speech_verb(nlp, kb):
    text = "In March, Governor Ellen Marsh praised the plan in her address for its “bold and careful ideas.”"
    assert said(text, nlp, kb)[0][1:] == ("Ellen Marsh", "person:ellen-marsh")


def test_single_quote_nested_inside_double_with_a_space_before_the_close(nlp, kb):
    text = "\"I have never liked the word 'austerity,' \" Kari Solheim told the crowd."
    assert said(text, nlp, kb) == [("I have never liked the word 'austerity,'", "Kari Solheim", "person:kari-solheim")]


def test_headline_quote_with_a_speaker_is_kept_and_a_headline_label_is_not(nlp, kb):
    with_speaker = "Solheim: \"We will not cut the quotas\"\nNorwegian fisheries minister Kari Solheim met owners on Monday."
    assert said(with_speaker, nlp, kb)[0][2] == "person:kari-solheim"
    label = "Fishermen fear \"the end of the fleet\"\nBoat owners met on Monday to discuss the new limits."
    assert said(label, nlp, kb) == []


def test_relative_clause_speaker_is_the_name_before_who(nlp, kb):
    text = ("The plan was discussed with several of the senators, including Tom Garland who urged the council to "
            "\"keep the pressure on\" the fleets, officials said.")
    assert said(text, nlp, kb)[0][2] == "person:tom-garland"


def test_a_two_word_commitment_after_agreed_to_is_a_quote(nlp, kb):
    text = ("The talks went well, Anna Berglund said, adding that both sides had agreed to “jointly review” the "
            "border regime. She called the result “a start”.")
    assert said(text, nlp, kb) == [("jointly review", "both sides", None)]  # who agreed, unnamed
