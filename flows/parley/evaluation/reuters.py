"""Meetings, quotes and aliases scored against a gold in the seeds.gold.json record format (the seeds and the
Reuters dev set), with the matching of `../shared/eval/reuters/score.py`: `parley eval` must agree with it.

Meetings, per article (a predicted meeting belongs to every article in its source_names, and one naming neither
people nor countries is not scored): a prediction matches a gold meeting of the same status when their surname
sets overlap by half the larger set or more (a gold meeting naming nobody matches on a shared country); of several
candidates the closest is taken. Strict also wants the exact surname set, the gold place and the gold day.
Quotes: 80% token overlap, and the speaker's surname (or NULL for an unnamed gold source). Aliases: a mention with
the alias as surface resolves to the canonical name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ..warehouse.sqlfiles import read_sql

_TITLES = {"jr", "sr", "mr", "mrs", "ms", "dr", "sir"}


def fold(s: str | None) -> str:
    """Accents, curly quotes, whitespace and case folded."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"\s+", " ", s).strip().lower()


def tokens(s: str | None) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(s))


def overlap(a: str | None, b: str | None) -> float:
    """Shared tokens (with multiplicity) over the longer token list."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    common = sum((Counter(ta) & Counter(tb)).values())
    return common / max(len(ta), len(tb))


def prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_r if n_r else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ratio(ok: int, n: int) -> float | None:
    return ok / n if n else None


def person_key(name: str | None) -> str:
    """Surname key: 'James A. Baker', 'James Baker' and 'Baker' meet on 'baker'."""
    words = [w for w in tokens(name) if len(w) > 1 and w not in _TITLES]
    return words[-1] if words else fold(name)


def _rows(con, sql_name: str) -> list[tuple]:
    # Whole tables in scan order, as the shared scorer reads them: greedy matching depends on the order.
    return con.execute(read_sql(f"eval/{sql_name}")).fetchall()


def score(con, records: list[dict]) -> dict:
    """Counts, figures and misses of one warehouse (an open DuckDB connection) against the gold records."""
    arts = {r[0] for r in _rows(con, "all_articles")}
    quotes_by: dict[str, list[tuple]] = {}
    for source, speaker_name, _speaker_text, text in _rows(con, "all_quotes"):
        quotes_by.setdefault(source, []).append((speaker_name, text))
    mentions_by: dict[str, list[tuple]] = {}
    for source, entity_name, surface in _rows(con, "all_mentions"):
        mentions_by.setdefault(source, []).append((entity_name, fold(surface)))
    meetings = _rows(con, "all_meetings")

    m = Counter()
    qs = Counter()
    misses: list[str] = []
    for a in records:
        f = a["file"]
        if f not in arts:
            m["missing"] += 1
            m["gold"] += sum(1 for g in a["meetings"] if not g.get("optional"))
            qs["gold"] += len(a["quotes"])
            misses.append(f"article not in the warehouse: {f}")
            continue
        _meetings(f, a["meetings"], [x for x in meetings if f in (x[7] or []) and (x[5] or x[6])], m, misses)
        _quotes(f, a["quotes"], quotes_by.get(f, []), qs, misses)
        for surface, want in a.get("alias_mentions", []):
            m["alias_n"] += 1
            got = [name for name, folded in mentions_by.get(f, []) if folded == fold(surface)]
            if any(fold(n) == fold(want) for n in got):
                m["alias_ok"] += 1
            else:
                misses.append(f"alias {f}: {surface!r} -> {got[:3]} want {want!r}")
    return _figures(m, qs, misses)


def _meetings(f: str, gold: list[dict], preds: list[tuple], m: Counter, misses: list[str]) -> None:
    m["pred"] += len(preds)
    matched: set[int] = set()
    for g in gold:
        gp = {person_key(p) for p in g["participants"]}
        best, best_rank = None, None
        for i, x in enumerate(preds):
            if x[3] != g["status"]:
                continue
            xp = {person_key(p) for p in (x[5] or [])}
            if gp:
                ok = len(gp & xp) * 2 >= max(len(gp), len(xp))
            else:
                ok = bool(set(g.get("countries") or []) & set(x[6] or []))
            if not ok:
                continue
            # The closest candidate: unclaimed first, then participants, day and place agreeing.
            rank = (i not in matched, len(gp & xp) / max(len(gp | xp), 1),
                    bool(g.get("date")) and str(x[1])[:10] == g["date"],
                    bool(g.get("place")) and fold(x[2] or "") == fold(g["place"]))
            if best_rank is None or rank > best_rank:
                best, best_rank = i, rank
        if best is not None:
            matched.add(best)
        if g.get("optional") or not (gp or g.get("countries")):
            continue  # optional, or naming neither people nor countries: neither required nor wrong
        m["gold"] += 1
        if best is None:
            misses.append(f"meeting missed {f} {g['key']}: {g['participants']} {g.get('place')} {g.get('date')} "
                          f"{g['status']}")
            continue
        x = preds[best]
        m["found"] += 1
        xp = {person_key(p) for p in (x[5] or [])}
        day_ok = (not g.get("date")) or str(x[1])[:10] == g["date"]
        place_ok = (not g.get("place")) or fold(x[2] or "").replace(".", "") == fold(g["place"]).replace(".", "")
        if g.get("date"):
            m["dated"] += 1
            m["dated_ok"] += day_ok
            if not day_ok:
                misses.append(f"meeting date {f} {g['key']}: got {x[1]} want {g['date']}")
        elif g.get("month"):
            m["month"] += 1
            m["month_ok"] += str(x[1] or "")[:7] == g["month"]
        if g.get("place"):
            m["placed"] += 1
            m["placed_ok"] += place_ok
        if g.get("mode") in ("in_person", "phone"):
            m["mode_n"] += 1
            m["mode_ok"] += x[4] == g["mode"]
        m["strict"] += (xp == gp or not gp) and day_ok and place_ok
    m["right"] += len(matched)  # matched a required or an optional meeting: neither counts against
    misses += [f"meeting extra {f}: {x[5]} @ {x[2]} {x[1]} {x[3]}" for i, x in enumerate(preds) if i not in matched]


def _quotes(f: str, gold: list[dict], mine: list[tuple], qs: Counter, misses: list[str]) -> None:
    qs["pred"] += len(mine)
    used: set[int] = set()
    for g in gold:
        qs["gold"] += 1
        hit = next((i for i, x in enumerate(mine) if i not in used and overlap(x[1], g["text"]) >= 0.8), None)
        if hit is None:
            misses.append(f"quote missed {f}: {g['text'][:70]!r}")
            continue
        used.add(hit)
        qs["text"] += 1
        got = mine[hit][0]
        if (g["speaker"] is None and got is None) or (g["speaker"] and got and
                                                      person_key(got) == person_key(g["speaker"])):
            qs["right"] += 1
        else:
            misses.append(f"quote speaker {f}: {g['text'][:40]!r} got {got!r} want {g['speaker']!r}")
    misses += [f"quote extra {f}: {x[1][:70]!r} ({x[0]})" for i, x in enumerate(mine) if i not in used]


def _figures(m: Counter, qs: Counter, misses: list[str]) -> dict:
    mp, mr, mf = prf(m["right"], m["pred"], m["found"], m["gold"])
    _, _, sf = prf(m["right"] - (m["found"] - m["strict"]), m["pred"], m["strict"], m["gold"])
    qp, qr, qf = prf(qs["right"], qs["pred"], qs["right"], qs["gold"])
    figures = dict(
        meetings_p=mp, meetings_r=mr, meetings_f1=mf, strict_f1=sf,
        date_accuracy=ratio(m["dated_ok"], m["dated"]), month_accuracy=ratio(m["month_ok"], m["month"]),
        place_accuracy=ratio(m["placed_ok"], m["placed"]), mode_accuracy=ratio(m["mode_ok"], m["mode_n"]),
        quotes_p=qp, quotes_r=qr, quotes_f1=qf,
        quote_text_f1=ratio(2 * qs["text"], qs["pred"] + qs["gold"]),
        aliases=ratio(m["alias_ok"], m["alias_n"]),
    )
    counts = dict(
        meetings_gold=m["gold"], meetings_predicted=m["pred"], meetings_found=m["found"], meetings_strict=m["strict"],
        dated=m["dated"], dated_ok=m["dated_ok"], month=m["month"], month_ok=m["month_ok"],
        placed=m["placed"], placed_ok=m["placed_ok"], mode=m["mode_n"], mode_ok=m["mode_ok"],
        quotes_gold=qs["gold"], quotes_predicted=qs["pred"], quotes_text_found=qs["text"],
        quotes_right_speaker=qs["right"], aliases=m["alias_n"], aliases_ok=m["alias_ok"],
        articles_missing=m["missing"],
    )
    return dict(figures=figures, counts=counts, misses=misses)
