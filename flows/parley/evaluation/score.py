"""Score a published warehouse against a gold file in the format of seeds.gold.json, through the `bi` views.

Quotes match on folded text (curly quotes, whitespace, case) with ≥ 80% token overlap and the right speaker;
meetings on participants (or countries when the gold names nobody), place, status and the date where the gold
has one; aliases when some mention with the gold surface resolves to the gold entity. Gold entries marked
`optional` count neither for nor against.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..knowledge.kb import fold
from ..warehouse.sqlfiles import read_sql

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'"})
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Rate:
    ok: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def record(self, ok: bool, what: str) -> None:
        self.total += 1
        self.ok += ok
        if not ok:
            self.misses.append(what)

    @property
    def value(self) -> float:
        return self.ok / self.total if self.total else 1.0


@dataclass
class ArticleReport:
    file: str
    quotes: Score = field(default_factory=Score)
    meetings: Score = field(default_factory=Score)
    aliases: Rate = field(default_factory=Rate)
    boilerplate: Rate = field(default_factory=Rate)
    metadata: Rate = field(default_factory=Rate)


@dataclass
class Report:
    articles: list[ArticleReport]
    merges: Rate

    def total(self, attr: str):
        first = getattr(self.articles[0], attr) if self.articles else Score()
        total = Score() if isinstance(first, Score) else Rate()
        for article in self.articles:
            part = getattr(article, attr)
            if isinstance(total, Score):
                total.add(part)
            else:
                total.ok += part.ok
                total.total += part.total
                total.misses += part.misses
        return total


def fold_text(text: str) -> list[str]:
    return _TOKEN.findall(text.translate(_QUOTE_MARKS).casefold())


def overlap(gold: str, found: str) -> float:
    """Shared tokens over the longer of the two token lists."""
    g, f = Counter(fold_text(gold)), Counter(fold_text(found))
    longest = max(sum(g.values()), sum(f.values()), 1)
    return sum((g & f).values()) / longest


class Names:
    """Canonical names and their accepted spellings, all folded."""

    def __init__(self, entities: dict):
        self._same: dict[str, str] = {}
        for name, info in entities.items():
            for spelling in [name, *info.get("accept", [])]:
                self._same[fold(spelling)] = fold(name)

    def key(self, name: str | None) -> str | None:
        return None if name is None else self._same.get(fold(name), fold(name))


def _quotes(gold_article: dict, found: list[dict], names: Names) -> Score:
    score = Score()
    used: set[int] = set()
    for gold_quote in gold_article.get("quotes", []):
        match = next(
            (i for i, q in enumerate(found) if i not in used and overlap(gold_quote["text"], q["quote_text"]) >= 0.8
             and names.key(q["speaker_name"]) == names.key(gold_quote.get("speaker"))),
            None,
        )
        if match is not None:
            used.add(match)
            score.tp += not gold_quote.get("optional")
        elif not gold_quote.get("optional"):
            score.fn += 1
    # Found quotes matching no gold text at all (any speaker) are false positives; wrong-speaker ones too.
    score.fp += len(found) - len(used)
    return score


def _meeting_matches(gold: dict, found: dict, names: Names) -> bool:
    if gold["participants"]:
        if {names.key(p) for p in gold["participants"]} != {names.key(p) for p in found["participants"] or []}:
            return False
    elif set(gold["countries"]) != set(found["participant_countries"] or []):
        return False
    if (fold(gold["place"]) if gold["place"] else None) != (fold(found["place"]) if found["place"] else None):
        return False
    if gold["status"] != found["status"]:
        return False
    return gold.get("date") is None or str(found["meeting_date"]) == gold["date"]


def _meetings(gold_article: dict, found: list[dict], names: Names) -> tuple[Score, dict[str, str]]:
    score = Score()
    used: set[int] = set()
    matched_ids: dict[str, str] = {}
    for gold in gold_article.get("meetings", []):
        match = next((i for i, m in enumerate(found) if i not in used and _meeting_matches(gold, m, names)), None)
        if match is not None:
            used.add(match)
            matched_ids[gold["key"]] = found[match]["meeting_id"]
            score.tp += not gold.get("optional")
        elif not gold.get("optional"):
            score.fn += 1
    score.fp += len(found) - len(used)
    return score, matched_ids


def evaluate(warehouse_path: Path, gold_path: Path, names: set[str] | None = None) -> Report:
    """The per-article report; with `names`, of those gold articles only (one half of a split set)."""
    import duckdb

    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    if names is not None:
        gold["articles"] = [a for a in gold["articles"] if a["file"] in names]
    names = Names(gold.get("entities", {}))
    con = duckdb.connect(str(warehouse_path), read_only=True)

    def rows(sql_name: str, source_name: str) -> list[dict]:
        relation = con.execute(read_sql(f"eval/{sql_name}"), [source_name])
        columns = [d[0] for d in relation.description]
        return [dict(zip(columns, row)) for row in relation.fetchall()]

    reports: list[ArticleReport] = []
    meeting_ids_by_key: dict[str, list[str]] = {}
    for gold_article in gold["articles"]:
        report = ArticleReport(gold_article["file"])
        article = rows("article", gold_article["file"])
        body = article[0]["body"] if article else ""
        report.quotes = _quotes(gold_article, rows("quotes", gold_article["file"]), names)
        report.meetings, ids = _meetings(gold_article, rows("meetings", gold_article["file"]), names)
        for key, meeting_id in ids.items():
            meeting_ids_by_key.setdefault(key, []).append(meeting_id)
        mentions = rows("mentions", gold_article["file"])
        for surface, canonical in gold_article.get("alias_mentions", []):
            ok = any(m["surface"] == surface and names.key(m["entity_name"]) == names.key(canonical) for m in mentions)
            report.aliases.record(ok, f"{surface} → {canonical}")
        for chrome in gold_article.get("must_not_contain", []):
            report.boilerplate.record(bool(article) and chrome not in body, f"body still has {chrome!r}")
        for gold_field, column in (("title", "title"), ("published", "published_date")):
            if gold_article.get(gold_field) is not None:
                value = article[0][column] if article else None
                same = " ".join(str(value).split()) == " ".join(gold_article[gold_field].split())  # spacing is no error
                report.metadata.record(same, f"{gold_field}: {value!r} ≠ {gold_article[gold_field]!r}")
        reports.append(report)
    con.close()

    merges = Rate()
    keys_by_article = Counter(m["key"] for a in gold["articles"] for m in a.get("meetings", []) if not m.get("optional"))
    for key, count in keys_by_article.items():
        if count > 1:
            # One merged meeting: every reporting article matched it, and all to the same id.
            ids = meeting_ids_by_key.get(key, [])
            merges.record(len(ids) == count and len(set(ids)) == 1, f"meeting {key!r} reported {count}× → ids {ids}")
    return Report(reports, merges)


def format_report(report: Report) -> str:
    lines = [f"{'article':32} {'quotes P/R/F1':>20} {'meetings P/R/F1':>20} {'aliases':>9} {'chrome':>8} {'meta':>6}"]

    def prf(s: Score) -> str:
        return f"{s.precision:.2f}/{s.recall:.2f}/{s.f1:.2f}"

    def rate(r: Rate) -> str:
        return f"{r.ok}/{r.total}"

    for a in report.articles:
        lines.append(f"{a.file:32} {prf(a.quotes):>20} {prf(a.meetings):>20} {rate(a.aliases):>9} {rate(a.boilerplate):>8} {rate(a.metadata):>6}")
    q, m = report.total("quotes"), report.total("meetings")
    al, bp, md = report.total("aliases"), report.total("boilerplate"), report.total("metadata")
    lines.append(f"{'TOTAL':32} {prf(q):>20} {prf(m):>20} {rate(al):>9} {rate(bp):>8} {rate(md):>6}")
    lines.append(
        f"quote F1 {q.f1:.3f} · meeting F1 {m.f1:.3f} · alias resolution {al.value:.3f} · boilerplate removed "
        f"{bp.value:.3f} · titles/dates {md.value:.3f} · cross-article merges {report.merges.ok}/{report.merges.total}"
    )
    misses = al.misses + bp.misses + md.misses + report.merges.misses
    lines += [f"  miss: {miss}" for miss in misses]
    return "\n".join(lines)
