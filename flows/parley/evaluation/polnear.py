"""Direct-quote attribution scored against PolNeAR (brat standoff: Source/Cue/Content spans tied by E relations),
with the matching of `../shared/eval/polnear/score.py`: `parley eval` must agree with it.

Gold quotes are the quoted stretches of 3+ words inside annotated attribution contents (the first annotator file
of an article is the one scored). A predicted quote matches with 60% token overlap; its speaker is right when the
gold source's content words meet the predicted speaker_text or speaker_name (a pronoun-only source counts on the
quote's text alone). Quotes in articles with no gold attribution count as predictions.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..warehouse.sqlfiles import read_sql
from .reuters import fold, overlap, ratio, tokens

OPEN = '"\u201c'
MIN_WORDS = 3  # one- and two-word quoted phrases ("troubling", "change agent") are labels, not statements
STOP = {"the", "a", "an", "of", "his", "her", "its", "their", "he", "she", "they", "it", "who", "said"}


def _spans(field: str) -> list[tuple[int, int]]:
    """brat (discontinuous) spans: "760 769;780 790"."""
    return [(int(s), int(e)) for s, e in (part.split() for part in field.split(";"))]


def quoted_stretches(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each stretch between quotation marks that lies in content [start, end)."""
    lo, hi = max(0, start - 1), min(len(text), end + 1)
    out, i = [], lo
    while i < hi:
        ch = text[i]
        if ch in OPEN:
            close = "\u201d" if ch == "\u201c" else '"'
            j = text.find(close, i + 1, hi + 1)
            if j == -1:  # the content runs on past the span (a quote over several paragraphs)
                j = end
            a, b = max(i + 1, start), min(j, end)
            if b - a > 1:
                out.append((a, b))
            i = j + 1
        else:
            i += 1
    return out


def direct_quotes(root: Path):
    """(article file name, quote text, source text or None) for every quoted stretch of every attribution."""
    for path in sorted((root / "text").glob("*.txt")):
        anns = sorted((root / "attributions").glob(path.stem + "_*.ann"))
        if not anns:
            continue
        text = path.read_text(encoding="utf-8")
        spans_by_id: dict[str, tuple[str, list]] = {}
        relations = []
        for line in anns[0].read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                tid, meta, _ = line.split("\t", 2)
                kind, rest = meta.split(" ", 1)
                spans_by_id[tid] = (kind, _spans(rest))
            elif line.startswith("E"):
                relations.append(dict(p.split(":", 1) for p in line.split("\t")[1].split() if ":" in p))
        for relation in relations:
            content, source = spans_by_id.get(relation.get("Content")), spans_by_id.get(relation.get("Source"))
            if not content:
                continue
            source_text = " ".join(text[a:b] for a, b in source[1]) if source else None
            # One content can hold several quotations ("X," he said, "Y.") or a quoted phrase inside paraphrase:
            # each quoted stretch is a direct quote of its own.
            for start, end in content[1]:
                for a, b in quoted_stretches(text, start, end):
                    yield path.name, text[a:b], source_text


def content_tokens(s: str | None) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold(s)) if t not in STOP}


def load_gold(root: Path) -> dict[str, list[tuple[str, str | None]]]:
    gold: dict[str, list[tuple[str, str | None]]] = {}
    for name, quote, source in direct_quotes(root):
        if len(tokens(quote)) >= MIN_WORDS:
            gold.setdefault(name, []).append((quote, source))
    return gold


def score(con, gold: dict[str, list[tuple[str, str | None]]], names: set[str] | None = None) -> dict:
    """Counts, figures and misses of one warehouse (an open DuckDB connection) against the PolNeAR gold; with
    `names`, of those articles only (one half of a split set: the other half's quotes are not counted as extras)."""
    pred: dict[str, list[tuple]] = {}
    for name, speaker_name, speaker_text, quote_text in con.execute(read_sql("eval/all_quotes")).fetchall():
        if len(tokens(quote_text)) >= MIN_WORDS and (names is None or name in names):
            pred.setdefault(name, []).append((quote_text, speaker_text, speaker_name))
    n_pred = sum(len(v) for k, v in pred.items() if k not in gold)  # quotes found in articles with none
    tp = found = n_gold = 0
    misses: list[str] = []
    for name, quotes in gold.items():
        mine = pred.get(name, [])
        n_gold += len(quotes)
        n_pred += len(mine)
        used: set[int] = set()
        for quote, source in quotes:
            hit = next((i for i, p in enumerate(mine) if i not in used and overlap(p[0], quote) >= 0.6), None)
            if hit is None:
                misses.append(f"quote missed {name}: {quote[:70]!r}")
                continue
            used.add(hit)
            found += 1
            said = content_tokens((mine[hit][1] or "") + " " + (mine[hit][2] or ""))
            want = content_tokens(source or "")
            if not want or want & said:  # a pronoun or missing source cannot be checked by words
                tp += 1
            else:
                misses.append(f"quote speaker {name}: {quote[:40]!r} got {mine[hit][1]!r} want {source!r}")
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    figures = dict(quotes_p=p, quotes_r=r, quotes_f1=2 * p * r / (p + r) if p + r else 0.0,
                   quote_text_f1=ratio(2 * found, n_pred + n_gold))
    counts = dict(quotes_gold=n_gold, quotes_predicted=n_pred, quotes_text_found=found, quotes_right_speaker=tp)
    return dict(figures=figures, counts=counts, misses=misses)
