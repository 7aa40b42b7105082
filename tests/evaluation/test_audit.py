"""The recall audit on invented text: the governing contact word, its construction key, the two kinds of finding,
their groups, and `parley audit` over an invented corpus and warehouse (no build)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from parley.cli import main
from parley.config import KNOWLEDGE_DIR, settings
from parley.evaluation.audit import (Finding, Tally, audit_doc, construction, contact_words, governing_contact, group,
                                     names_two_sides)
from parley.evaluation.audit_run import cited_sentences
from parley.nlp.pipeline import build_pipeline
from parley.types import CleanArticle

WORDS = contact_words(KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def parse():
    spacy = pytest.importorskip("spacy")
    return spacy.load(settings().spacy_model, disable=["ner"])


@pytest.mark.parametrize("text,key", [
    ("The minister flew to Oslo for talks with the premier.", "talk:pobj<-for<-fly"),
    ("After a meeting with the mayor, the senator said the budget was fair.", "meeting:pobj<-after<-say"),
    ("Ortega paid a visit to the harbour.", "visit:dobj<-pay"),
    ("Ortega met Berg in Lisbon on Monday.", "meet:ROOT(dobj,nsubj)"),
])
def test_the_governing_contact_word_and_its_construction(parse, text, key):
    sent = next(parse(text).sents)
    assert construction(governing_contact(sent, WORDS)) == key


def test_no_contact_word_no_governor(parse):
    assert governing_contact(next(parse("The bank raised its interest rates.").sents), WORDS) is None


BODY = ("Ortega met Berg in Lisbon on Monday. The two ministers will hold talks in Madrid next week. "
        "The bank raised its interest rates.")


def test_findings_of_an_article(parse):
    doc = parse(BODY)
    first, third = BODY.index("Ortega"), BODY.index("The bank")
    reports = [(first, BODY.index(" The two"), "Ortega met Berg in Lisbon on Monday."),
               (third, len(BODY), "The bank raised its interest rates.")]
    tally = Tally()
    findings = audit_doc(doc, "a.txt", reports, WORDS, tally)
    # The first sentence is reported; the talks sentence is not (a); the rates report has no contact word (b).
    assert [(f.kind, f.key) for f in findings] == [("unreported", "talk:dobj<-hold"),
                                                   ("no_contact", "raise:ROOT(dobj,nsubj)")]
    assert tally.sentences == {"meet": 1, "talk": 1} and tally.reported == {"meet": 1, "talk": 0}
    assert (tally.n_sentences, tally.n_reports) == (3, 2)


def test_groups_biggest_first_with_examples_from_different_articles():
    findings = [Finding("unreported", "visit:dobj<-pay", "a.txt", "one"),
                Finding("unreported", "visit:dobj<-pay", "a.txt", "two"),
                Finding("unreported", "talk:dobj<-hold", "b.txt", "three"),
                Finding("unreported", "visit:dobj<-pay", "b.txt", "four"),
                Finding("unreported", "visit:dobj<-pay", "c.txt", "five"),
                Finding("unreported", "visit:dobj<-pay", "d.txt", "six"),
                Finding("no_contact", "raise:ROOT", "a.txt", "seven")]
    groups = group(findings, "unreported")
    assert [(g.key, g.count) for g in groups] == [("visit:dobj<-pay", 5), ("talk:dobj<-hold", 1)]
    assert groups[0].examples == [("a.txt", "one"), ("b.txt", "four"), ("c.txt", "five")]
    assert [g.key for g in group(findings, "no_contact")] == ["raise:ROOT"]


def invented_corpus(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "harbour-news"
    corpus.mkdir()
    bodies = {"a.txt": BODY, "b.txt": "The two ministers will hold talks in Oslo. Prices fell."}
    for name, body in bodies.items():
        (corpus / name).write_text(body, encoding="utf-8")
    folder = tmp_path / "warehouses"
    folder.mkdir()
    con = duckdb.connect(str(folder / "harbour-news.duckdb"))  # the cleaned text, as a run stores it
    con.execute("CREATE TABLE articles (source_name VARCHAR, body VARCHAR, published_date DATE, dateline VARCHAR, "
                "dateline_date DATE, captions VARCHAR[])")
    con.executemany("INSERT INTO articles VALUES (?, ?, DATE '2023-05-10', NULL, NULL, [])", list(bodies.items()))
    con.close()
    return corpus, folder


def test_audit_command_writes_the_groups(parse, tmp_path: Path, capsys):
    corpus, folder = invented_corpus(tmp_path)
    out = tmp_path / "report.md"
    assert main(["audit", str(corpus), "--warehouse-dir", str(folder), "--no-build", "--out", str(out),
                 "--min-count", "1"]) == 0
    report = out.read_text(encoding="utf-8")
    # today's rules find a.txt's two meetings (Ortega and Berg, "the two ministers" next week); b.txt's talks
    # name no side, so they are the one finding
    assert "1. **1** `talk:dobj<-hold`" in report and "Oslo" in report and "Madrid" not in report
    assert "| meet | 1 | 1 |" in report and "| talk | 2 | 1 |" in report
    assert "harbour-news: 2 articles, 3 contact sentences (2 with a report)" in capsys.readouterr().out


@pytest.fixture(scope="module")
def pipeline(kb):
    return build_pipeline(kb=kb, disable=())  # the audit's: the run's pipeline with the lemmatizer


def test_a_sentence_folded_into_a_meeting_counts_as_reported(pipeline, kb):
    # the row cites the first sentence only; the audit must not list the second as a sentence the rules missed
    body = "Ortega met Berg in Lisbon on Monday. Their talks lasted three hours and covered fishing rights."
    doc = pipeline(body)
    cited = cited_sentences(doc, CleanArticle(body=body, published_date=date(2023, 5, 10)), kb)
    second = body.index("Their")
    assert [start for start, _, _ in cited] == [0, second]
    assert audit_doc(doc, "a.txt", cited, WORDS) == []


def test_audit_sample_is_fixed(parse, tmp_path: Path, capsys):
    corpus, folder = invented_corpus(tmp_path)
    runs = []
    for _ in range(2):
        assert main(["audit", str(corpus), "--warehouse-dir", str(folder), "--no-build", "--limit", "1",
                     "--out", str(tmp_path / "s.md")]) == 0
        runs.append(capsys.readouterr().out)
    assert runs[0] == runs[1] and "harbour-news: 1 articles" in runs[0]


@pytest.mark.parametrize("argv,message", [
    (["--no-build"], "--no-build reuses the warehouses in --warehouse-dir"),
    (["--limit", "0"], "--limit takes a positive number"),
])
def test_audit_refuses_bad_options_in_one_line(tmp_path: Path, capsys, argv, message):
    assert main(["audit", str(tmp_path)] + argv) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_audit_of_a_missing_corpus_is_one_line(tmp_path: Path, capsys):
    assert main(["audit", str(tmp_path / "nowhere"), "--warehouse-dir", str(tmp_path), "--no-build"]) == 2
    assert capsys.readouterr().err.strip() == f"no corpus folder at {tmp_path / 'nowhere'}"


def test_audit_leaves_out_the_check_halves_of_the_golds(parse, tmp_path: Path, capsys):
    corpus, folder = invented_corpus(tmp_path)
    golds = tmp_path / "eval"
    golds.mkdir()
    (golds / "splits.json").write_text('{"sets": {"x": {"articles": "x", "work": ["a.txt"], "check": ["b.txt"]}}}',
                                       encoding="utf-8")
    out = tmp_path / "r.md"
    assert main(["audit", str(corpus), "--warehouse-dir", str(folder), "--no-build", "--eval-dir", str(golds),
                 "--out", str(out)]) == 0
    assert "harbour-news: 1 articles" in capsys.readouterr().out
    report = out.read_text(encoding="utf-8")
    assert "1 check-half articles of the eval golds (splits.json) left out" in report and "Oslo" not in report


@pytest.mark.parametrize("text,two", [
    ("Karl Brenner will hold talks with Tomas Varga next week.", True),
    ("Karl Brenner will hold talks in Norway next week.", True),
    ("France and Norway held talks on fishing.", True),
    ("The board held its annual meeting in Chicago.", False),
    ("Karl Brenner told a news conference the plan had failed.", False),
])
def test_sentences_naming_two_sides(pipeline, text, two):
    assert names_two_sides(next(pipeline(text).sents)) is two
