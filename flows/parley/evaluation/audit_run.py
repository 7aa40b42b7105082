"""`parley audit`: per corpus, a warehouse built by `parley run` (or reused), its article bodies parsed with spaCy,
and the recall audit's groups (evaluation/audit.py) written as a markdown report with a summary on stdout."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from ..config import DEFAULT_EVAL_DIR, settings
from ..knowledge.kb import load_kb
from ..meetings.find import meeting_groups
from ..nlp.entities import find_mentions
from ..nlp.pipeline import build_pipeline
from ..quotes.find import find_quotes
from ..types import CleanArticle
from .audit import Tally, audit_doc, contact_words, group
from .sets import SPLITS_FILE, eval_dir

CORPORA = DEFAULT_EVAL_DIR.parent / "corpus"
DEFAULT_CORPORA = (CORPORA / "reuters-1987", CORPORA / "bbc-politics")
DEFAULT_OUT = Path("docs/audit")
SEED = 24  # the --limit sample is the same every run
MIN_COUNT = 2  # smaller groups are summed by contact word, not listed
PIPE_BATCH = 64
EXAMPLE_CHARS = 300


class AuditError(Exception):
    """A one-line reason the audit cannot run (the CLI prints it and exits 2)."""


def check_half(eval_root: Path) -> set[str]:
    """Every development gold's check-half article names (splits.json): the corpus holds the Reuters dev stories,
    and an audit that showed the check half would let rules tune to it."""
    path = eval_root / SPLITS_FILE
    if not path.exists():
        return set()
    return {name for entry in json.loads(path.read_text(encoding="utf-8")).get("sets", {}).values()
            for name in entry.get("check", [])}


def sample(names: list[str], limit: int | None) -> list[str]:
    names = sorted(names)
    return names if not limit or limit >= len(names) else sorted(random.Random(SEED).sample(names, limit))


def _build(source: Path, warehouse: Path, log) -> None:
    log(f"building {warehouse} from {source} (parley run)")
    done = subprocess.run([sys.executable, "-m", "parley.cli", "run", "--source", str(source), "--warehouse",
                           str(warehouse)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0 or not warehouse.exists():
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise AuditError(f"parley run over {source} failed (exit {done.returncode}): {tail}")


def warehouse_for(corpus: Path, names: list[str], limit: int | None, folder: Path, build: bool, log) -> Path:
    """The corpus's warehouse in `folder`: the whole corpus's, or a sample's (built from links to its files)."""
    whole = folder / f"{corpus.name}.duckdb"
    if not build:
        path = folder / f"{corpus.name}-sample{limit}.duckdb" if limit else whole
        path = path if path.exists() else whole
        if not path.exists():
            raise AuditError(f"--no-build: no warehouse at {path}")
        return path
    if not limit:
        _build(corpus, whole, log)
        return whole
    links = folder / f"{corpus.name}-sample{limit}"
    links.mkdir(parents=True, exist_ok=True)
    for name in names:
        if not (links / name).exists():
            (links / name).symlink_to((corpus / name).resolve())
    path = folder / f"{corpus.name}-sample{limit}.duckdb"
    _build(links, path, log)
    return path


def read_articles(path: Path, names: set[str]) -> list[CleanArticle]:
    """The sampled articles as cleaned by the run that built the warehouse, keyed by `title` = source name."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute("SELECT source_name, body, published_date, dateline, dateline_date, captions "
                           "FROM articles ORDER BY source_name").fetchall()
    finally:
        con.close()
    return [CleanArticle(body=body, title=source, published_date=published, dateline=dateline,
                         dateline_date=dateline_date, captions=list(captions or []))
            for source, body, published, dateline, dateline_date, captions in rows if source in names and body]


def cited_sentences(doc, article: CleanArticle, kb) -> list[tuple[int, int, None]]:
    """Every sentence today's meeting rules fold into a kept meeting, not only the one its row cites: the
    warehouse only supplies the cleaned text, so the audit always measures the code as it is now."""
    mentions, entities = find_mentions(doc, kb, article.published_date)
    by_id = {e.entity_id: e for e in entities}
    quotes = find_quotes(doc, mentions, by_id, kb, article.published_date)
    groups = meeting_groups(doc, article, mentions, by_id, kb, quotes)
    return [(start, end, None) for g in groups for start, end in g.cited]


def audit_corpus(corpus: Path, limit: int | None, folder: Path, build: bool, nlp, words, log,
                 hidden: set[str] = frozenset()) -> dict:
    if not corpus.is_dir():
        raise AuditError(f"no corpus folder at {corpus}")
    files = [p.name for p in corpus.iterdir() if p.is_file()]
    names = sample([n for n in files if n not in hidden], limit)
    warehouse = warehouse_for(corpus, names, limit, folder, build, log)
    articles = read_articles(warehouse, set(names))
    kb = load_kb()
    log(f"parsing {len(articles)} articles of {corpus.name} with spaCy")
    tally, findings = Tally(), []
    docs = nlp.pipe((a.body for a in articles), batch_size=PIPE_BATCH)
    for article, doc in zip(articles, docs):
        findings += audit_doc(doc, article.title, cited_sentences(doc, article, kb), words, tally)
    return dict(corpus=corpus, warehouse=warehouse, articles=len(articles), limit=limit, tally=tally,
                hidden=sum(n in hidden for n in files),
                unreported=group(findings, "unreported"), no_contact=group(findings, "no_contact"))


def _example(source: str, text: str) -> str:
    text = " ".join(text.split())
    text = text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1] + "…"
    return f"  - `{source}`: {text.replace('|', '/')}"


def _groups_md(groups, min_count: int) -> list[str]:
    lines = []
    for rank, g in enumerate([g for g in groups if g.count >= min_count], 1):
        lines.append(f"{rank}. **{g.count}** `{g.key}` ({g.two_sided} naming two sides)")
        lines += [_example(*e) for e in g.examples]
    small = [g for g in groups if g.count < min_count]
    if small:
        by_word: dict[str, int] = {}
        for g in small:
            word = g.key.split(":", 1)[0]
            by_word[word] = by_word.get(word, 0) + g.count
        lines.append(f"\nGroups under {min_count} sentences, summed by word: " +
                     ", ".join(f"{w} {n}" for w, n in sorted(by_word.items(), key=lambda x: (-x[1], x[0]))))
    return lines


def markdown(result: dict, min_count: int, when: str) -> str:
    t: Tally = result["tally"]
    n_a, n_b = sum(g.count for g in result["unreported"]), sum(g.count for g in result["no_contact"])
    contact = sum(t.sentences.values())
    sample_note = f", a sample of {result['limit']} (seed {SEED})" if result["limit"] else ""
    if result["hidden"]:
        sample_note += f"; {result['hidden']} check-half articles of the eval golds (splits.json) left out"
    lines = [f"# Recall audit: {result['corpus'].name} ({when})", "",
             f"`parley audit` over `{result['corpus']}`: {result['articles']} articles{sample_note}, warehouse "
             f"`{result['warehouse'].name}`. Contact words: `seeds/knowledge/audit_words.csv`; groups: the governing "
             "word's lemma, dependency label, a verb's arguments and its heads up to the first that is not a "
             "preposition (see `flows/parley/evaluation/audit.py`).", "",
             f"- sentences: {t.n_sentences}; with a contact word: {contact}; of those with a meeting report: "
             f"{sum(t.reported.values())}", f"- sentences cited by a meeting: {t.n_reports}",
             f"- (a) contact sentences with no report: {n_a} in {len(result['unreported'])} groups",
             f"- (b) reports from sentences with no contact word: {n_b} in {len(result['no_contact'])} groups", "",
             "## Contact words: sentences they govern, and how many produced a report", "",
             "| word | sentences | with a report |", "|---|---:|---:|"]
    lines += [f"| {w} | {n} | {t.reported[w]} |" for w, n in sorted(t.sentences.items(), key=lambda x: (-x[1], x[0]))]
    lines += ["", "## (a) Sentences with a contact word and no meeting report, biggest groups first", ""]
    lines += _groups_md(result["unreported"], min_count)
    lines += ["", "## (a) restricted to sentences naming two sides (two people, a person and a country, or two "
              "countries), biggest first", ""]
    two_sided = sorted((g for g in result["unreported"] if g.two_sided >= min_count), key=lambda g: (-g.two_sided, g.key))
    for rank, g in enumerate(two_sided, 1):
        lines.append(f"{rank}. **{g.two_sided}** `{g.key}`")
        lines += [_example(*e) for e in g.two_sided_examples]
    lines += ["", "## (b) Meeting reports from sentences with no contact word", ""]
    lines += _groups_md(result["no_contact"], 1)
    return "\n".join(lines) + "\n"


def summary(result: dict, out: Path) -> str:
    t: Tally = result["tally"]
    top = ", ".join(f"{g.key} {g.count}" for g in result["unreported"][:5])
    return (f"{result['corpus'].name}: {result['articles']} articles, {sum(t.sentences.values())} contact sentences "
            f"({sum(t.reported.values())} with a report), {t.n_reports} cited by a meeting; (a) "
            f"{sum(g.count for g in result['unreported'])} unreported, (b) "
            f"{sum(g.count for g in result['no_contact'])} without a contact word; biggest (a): {top}; report {out}")


def main(args) -> int:
    """`parley audit` (options in cli/audit.py)."""
    corpora = [Path(c) for c in args.corpus] or list(DEFAULT_CORPORA)
    if args.out and args.out.suffix == ".md" and len(corpora) > 1:
        print("--out FILE.md audits one corpus: give a folder for several", file=sys.stderr)
        return 2
    if args.no_build and not args.warehouse_dir:
        print("--no-build reuses the warehouses in --warehouse-dir: give one", file=sys.stderr)
        return 2
    if args.limit is not None and args.limit < 1:
        print("--limit takes a positive number of articles", file=sys.stderr)
        return 2
    log = (lambda line: print(line, file=sys.stderr))
    words = contact_words(settings().knowledge_dir)
    nlp = build_pipeline(disable=())  # the run's pipeline for the rules, and the lemmatizer for the groups
    when = dt.datetime.now(dt.timezone.utc).date().isoformat()
    hidden = check_half(eval_dir(args.eval_dir))
    with tempfile.TemporaryDirectory(prefix="parley-audit-") as scratch:
        folder = Path(args.warehouse_dir or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for corpus in corpora:
            try:
                result = audit_corpus(corpus, args.limit, folder, not args.no_build, nlp, words, log, hidden)
            except AuditError as error:
                print(error, file=sys.stderr)
                return 2
            out = args.out if args.out and args.out.suffix == ".md" else \
                (args.out or DEFAULT_OUT) / f"{corpus.name}-{when}.md"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(markdown(result, args.min_count, when), encoding="utf-8")
            print(summary(result, out))
    return 0
