"""The entity-linking check (issue 25): 200 hand-annotated person mentions of corpus articles outside every gold
(tests/data/linking.csv, drawn at random before the linking rules changed; tests/data/README.md says how).

Each gold mention is matched to the warehouse mention that overlaps it most. Precision: of the mentions linked to a
knowledge-base person, the share linked to the right one (same name or alias, or same first and last word), per
corpus. Recall: of the mentions of a head of government in office that day, the share linked to that person.
"""

from __future__ import annotations

import csv
import shutil
import tempfile
from pathlib import Path

from ..config import PROJECT_ROOT

GOLD = PROJECT_ROOT / "tests" / "data" / "linking.csv"
NOT_PERSON = "NOT_PERSON"
CORPORA = {"reuters-1987": "reuters", "bbc-politics": "bbc"}


def load_gold(path: Path = GOLD) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def sample_folder(eval_root: Path, gold: Path = GOLD) -> Path:
    """A folder holding a copy of every article the check annotates (<corpus>/<file>), from the corpus folder
    beside the eval folder; the copy is refreshed on each call so a build sees exactly these articles."""
    corpus = Path(eval_root).parent / "corpus"
    out = Path(tempfile.gettempdir()) / "parley-linking-sample"
    if not corpus.exists() or not Path(gold).exists():
        return corpus / "missing"
    for row in load_gold(gold):
        target = out / row["corpus"] / row["article"]
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(corpus / row["corpus"] / row["article"], target)
    return out


def _fold(text: str) -> str:
    from ..knowledge.kb import fold

    return fold(text.replace(".", ". ")).replace(" .", ".")


def same_person(gold: str, names: list[str]) -> bool:
    """The gold name is one of the entity's names, or shares its first and last word ("George Shultz" and
    "George P. Shultz"), or ends in the whole of a name of two words or more ("Bonar Law")."""
    g = _fold(gold).split()
    for name in names:
        n = _fold(name).split()
        if n == g or (len(n) > 1 and len(g) > 1 and (n[0] == g[0] and n[-1] == g[-1] or g[-len(n):] == n)):
            return True
    return False


def score(con, rows: list[dict[str, str]]) -> dict:
    """{figures, counts, misses} of the warehouse open on `con` against the check's rows."""
    from ..knowledge.kb import load_kb

    kb = load_kb()
    found = con.execute(
        "SELECT a.source_name, m.start_char, m.end_char, m.entity_id, e.name, e.type, e.source FROM mentions m "
        "JOIN articles a USING (article_id) JOIN entities e USING (entity_id)").fetchall()
    by_article: dict[str, list[tuple]] = {}
    for source_name, *rest in found:
        by_article.setdefault(source_name.replace("\\", "/").split("/")[-1], []).append(tuple(rest))
    counts = {f"linked_{c}{k}": 0 for c in CORPORA.values() for k in ("", "_ok")}
    counts.update(hog=0, hog_ok=0)
    misses = []
    for row in rows:
        start, end = int(row["start_char"]), int(row["end_char"])
        overlapping = [m for m in by_article.get(row["article"], []) if m[0] < end and start < m[1]]
        best = max(overlapping, key=lambda m: min(end, m[1]) - max(start, m[0]), default=None)
        linked = best is not None and best[5] == "kb" and best[4] == "PERSON"
        entity = kb.entities.get(best[2]) if linked else None
        names = [best[3], *(entity.aliases if entity else [])] if linked else []
        right = linked and row["person"] != NOT_PERSON and same_person(row["person"], names)
        corpus = CORPORA.get(row["corpus"], row["corpus"])
        where = f"{row['article']}:{start} {row['surface']!r}"
        if linked:
            counts[f"linked_{corpus}"] += 1
            counts[f"linked_{corpus}_ok"] += right
            if not right:
                misses.append(f"linking: {where} linked to {best[3]} ({best[2]}), gold {row['person']}")
        if row["head_of_government"] == "yes":
            counts["hog"] += 1
            counts["hog_ok"] += right
            if not right:
                misses.append(f"linking: {where} head of government {row['person']} not linked")

    def rate(ok: str, total: str):
        return counts[ok] / counts[total] if counts[total] else None

    figures = {f"linking_precision_{c}": rate(f"linked_{c}_ok", f"linked_{c}") for c in CORPORA.values()}
    figures["linking_hog_recall"] = rate("hog_ok", "hog")
    return dict(figures=figures, counts=counts, misses=misses)


def people_twice(con, top: int | None = None) -> list[tuple]:
    """People by mention count, each with its possible twins (sql/eval/people_twice.sql): (entity_id, name,
    mentions, articles, twin names or None); the first `top` rows only when given."""
    from ..warehouse.sqlfiles import read_sql

    rows = con.execute(read_sql("eval/people_twice")).fetchall()
    return rows[:top] if top else rows


def main(argv: list[str] | None = None) -> int:
    """`python -m parley.evaluation.linking WAREHOUSE [TOP]`: the top people by mention count and their twins;
    exit 1 when one of them has a twin (one person under two ids)."""
    import sys

    import duckdb

    args = sys.argv[1:] if argv is None else argv
    if not args or not Path(args[0]).is_file() or (len(args) > 1 and not args[1].isdigit()):
        print("usage: python -m parley.evaluation.linking WAREHOUSE [TOP] (a warehouse file, a whole number)",
              file=sys.stderr)
        return 2
    con = duckdb.connect(args[0], read_only=True)
    try:
        rows = people_twice(con, int(args[1]) if len(args) > 1 else 30)
    finally:
        con.close()
    for rank, (_, name, mentions, articles, twins) in enumerate(rows, 1):
        print(f"{rank:3} {name:32} {mentions:5} mentions {articles:4} articles" + (f"  twins: {twins}" if twins else ""))
    return 1 if any(r[4] for r in rows) else 0


def score_file(warehouse: Path, gold: Path = GOLD) -> dict:
    import duckdb

    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return score(con, load_gold(gold))
    finally:
        con.close()


if __name__ == "__main__":
    raise SystemExit(main())
