"""`parley eval`'s output: a block of figures per gold set (work half, check half, whole set side by side), the
work half's misses and extras for `--detail`, and the JSON of every figure."""

from __future__ import annotations

import json
from pathlib import Path

from .sets import HALVES, SetResult

# (label, figure key or P/R/F1 keys[, count key: the rate is shown with its ok/total counts]).
ROWS = [
    ("meetings P / R / F1", ("meetings_p", "meetings_r", "meetings_f1")),
    ("meetings strict F1", "strict_f1"),
    ("date accuracy (day)", "date_accuracy", "dated"),
    ("month accuracy", "month_accuracy", "month"),
    ("place accuracy", "place_accuracy", "placed"),
    ("mode accuracy", "mode_accuracy", "mode"),
    ("quotes P / R / F1 (speaker right)", ("quotes_p", "quotes_r", "quotes_f1")),
    ("quote text F1 (any speaker)", "quote_text_f1"),
    ("aliases", "aliases", "aliases"),
    ("boilerplate removed", "boilerplate", "boilerplate"),
    ("titles / dates", "titles_dates", "titles_dates"),
    ("cross-article merges", "merges", "merges"),
    ("linking precision, Reuters 1987", "linking_precision_reuters", "linked_reuters"),
    ("linking precision, BBC 2004-05", "linking_precision_bbc", "linked_bbc"),
    ("heads of government linked", "linking_hog_recall", "hog"),
]
WIDTH, LABEL_WIDTH = 20, 34


def _cell(figures: dict, counts: dict, keys, count_key: str | None) -> str:
    if isinstance(keys, tuple):
        values = [figures.get(k) for k in keys]
        return "—" if None in values else " / ".join(f"{v:.2f}" for v in values)
    value = figures.get(keys)
    if value is None:
        return "—"
    if count_key:
        return f"{value:.2f} ({counts[count_key + '_ok']}/{counts[count_key]})"
    return f"{value:.2f}"


def _columns(result: SetResult) -> list[tuple[str, dict, dict]]:
    """(heading, figures, counts): the halves first when the set has them, then the whole set."""
    whole = sum(h["articles"] for h in result.halves.values())
    columns = [(f"{half} ({result.halves[half]['articles']})", result.halves[half]["figures"],
                result.halves[half]["counts"]) for half in HALVES if half in result.halves]
    return columns + [(f"all ({whole})" if columns else "all", result.figures, result.counts)]


def format_block(result: SetResult) -> list[str]:
    columns = _columns(result)
    lines = [f"{result.gold_set.label:{LABEL_WIDTH}}" + "".join(f"{c[0]:>{WIDTH}}" for c in columns)]
    lines.append(f"{'gold quotes / meetings':{LABEL_WIDTH}}" + "".join(
        f"{str(c[2].get('quotes_gold', '—')) + ' / ' + str(c[2].get('meetings_gold', '—')):>{WIDTH}}"
        for c in columns))
    no_quotes = not any(c[2].get("quotes_gold") for c in columns)  # a meetings-only gold: its quote rows say nothing
    for label, keys, *count in ROWS:
        cells = [_cell(figures, counts, keys, count[0] if count else None) for _, figures, counts in columns]
        if no_quotes and label.startswith("quote"):
            continue
        if any(cell != "—" for cell in cells):  # a row no column of this set measures is left out
            lines.append(f"{label:{LABEL_WIDTH}}" + "".join(f"{cell:>{WIDTH}}" for cell in cells))
    return lines


def format_table(results: list[SetResult], root: Path) -> str:
    lines = [f"parley eval — gold sets in {root}"]
    if any(r.halves for r in results):
        lines.append("work / check: the fixed halves of splits.json (write rules from the work half only; keep a "
                     "change only if the check half does not fall)")
    for r in results:
        if r.status == "scored":
            lines += [""] + format_block(r)
    lines.append("")
    for r in results:
        if r.status != "scored":
            lines.append(f"{r.gold_set.label}: {r.status.replace('_', ' ')} ({r.reason})")
    return "\n".join(lines).rstrip()


def format_detail(results: list[SetResult]) -> str:
    """Misses and extras of each split set's work half only (the check half stays unread), of a set without halves
    in whole."""
    lines = []
    for r in results:
        if r.status != "scored":
            continue
        if r.halves:
            work = r.halves["work"]
            lines += ["", f"{r.gold_set.label} — misses and extras of the WORK half only ({work['articles']} articles; "
                          "the check half is not listed):"] + [f"  {m}" for m in work["misses"]]
        else:
            lines += ["", f"{r.gold_set.label} — misses and extras (whole set, not split):"] + \
                     [f"  {m}" for m in r.misses]
    return "\n".join(lines)


def write_json(results: list[SetResult], root: Path, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = dict(eval_dir=str(root), sets=[r.as_json() for r in results])
    path.write_text(json.dumps(doc, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
