"""Reports of the same meeting from different articles, folded into one warehouse row each.

Runs in the flow process over every stored report (`warehouse/load.py`: `rebuild_meetings`) in each run that changed an
article; it is not part of the NLP fingerprint, since what it reads is the stored reports, not the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

from ..types import MeetingMention


@dataclass
class MergedMeeting:
    meeting_id: str
    meeting_date: date | None
    date_precision: str | None
    place: str | None
    country_code: str | None
    status: str
    mode: str
    participants: list[str]
    countries: list[str]
    sources: list[tuple[str, int]]


# An undated report matches a dated one when its article appeared within this many days after the meeting
# (or one day before it: time zones, and planned meetings reported the day before).
REPORT_LAG_DAYS = 7


@dataclass
class _Cluster:
    reports: list[tuple[str, date | None, MeetingMention, int]]  # article id, published, report, report index


def tokens(report: MeetingMention) -> list[tuple]:
    """What two reports of one meeting must share (_same_event): status, mode and a participant, or status, mode and
    the whole country set when neither names a person. Reports sharing no token never merge, so the reports fall
    apart into independent groups (connected by tokens), each merged alone: warehouse/merged.py re-merges only the
    groups a run touched."""
    if report.participants:
        return [("person", report.status, report.mode, p) for p in sorted(set(report.participants))]
    return [("countries", report.status, report.mode, tuple(sorted(set(report.countries))))]


def _signature(published: date | None, r: MeetingMention) -> tuple:
    """Everything _same_event reads of an entry."""
    return (published, r.status, r.mode, tuple(r.participants), tuple(r.countries), r.place, r.country_code,
            r.meeting_date, r.date_precision)


def merge_meetings(reports: list[tuple[str, date | None, MeetingMention]]) -> list[MergedMeeting]:
    """Fold reports of the same meeting from all articles into one row each, most precise facts winning. Reports
    are numbered per article in the order given (their report_index)."""
    seen_per_article: dict[str, int] = {}
    entries = []
    for article_id, published, report in reports:
        report_index = seen_per_article.get(article_id, 0)
        seen_per_article[article_id] = report_index + 1
        entries.append((article_id, published, report, report_index))
    return merge_entries(entries)


def merge_entries(entries: list[tuple[str, date | None, MeetingMention, int]]) -> list[MergedMeeting]:
    """merge_meetings over (article_id, published, report, report_index), in (article_id, report_index) order.

    Each report joins the first cluster (in creation order) whose every member it matches. Whether it matches a
    cluster depends only on its signature and the set of the members' signatures (the cluster's kind), so clusters
    are grouped by kind, a kind is tested once per signature, and only kinds sharing a token can match: the result
    is that of comparing with every member of every cluster, at a cost that follows the distinct reports, not the
    copies (a warehouse holds many copies of one story: syndication, replicas).
    """
    clusters: list[_Cluster] = []
    kind_of: list[frozenset] = []  # cluster index → its kind
    members: dict[frozenset, set[int]] = {}  # kind → the clusters of that kind
    by_token: dict[tuple, set[frozenset]] = {}  # token → the kinds holding it
    example: dict[tuple, tuple] = {}  # signature → its first entry
    known: dict[tuple[tuple, frozenset], bool] = {}  # (signature, kind) → match

    def kind_tokens(kind: frozenset) -> set[tuple]:
        return {t for sig in kind for t in tokens(example[sig][2])}

    def place(index: int, kind: frozenset) -> None:
        kind_of[index] = kind
        if kind not in members:
            members[kind] = set()
            for token in kind_tokens(kind):
                by_token.setdefault(token, set()).add(kind)
        members[kind].add(index)

    def leave(index: int) -> None:
        kind = kind_of[index]
        members[kind].discard(index)
        if not members[kind]:
            del members[kind]
            for token in kind_tokens(kind):
                by_token[token].discard(kind)

    for entry in entries:
        signature = _signature(entry[1], entry[2])
        example.setdefault(signature, entry)
        kinds = set().union(*(by_token.get(token, ()) for token in tokens(entry[2])))
        matching = []
        for kind in kinds:
            key = (signature, kind)
            if key not in known:
                known[key] = all(_same_event(entry, example[other]) for other in kind)
            if known[key]:
                matching.append(min(members[kind]))
        if matching:
            target = min(matching)
            clusters[target].reports.append(entry)
            if signature not in kind_of[target]:
                leave(target)
                place(target, kind_of[target] | {signature})
        else:
            clusters.append(_Cluster([entry]))
            kind_of.append(frozenset())
            place(len(clusters) - 1, frozenset([signature]))
    return [_merged_row(c) for c in clusters]


def _same_event(a: tuple, b: tuple) -> bool:
    _, published_a, ra, _ = a
    _, published_b, rb, _ = b
    if ra.status != rb.status or ra.mode != rb.mode:
        return False
    if ra.participants or rb.participants:
        shared = len(set(ra.participants) & set(rb.participants))
        # the same core: most of the larger side, or two people at least ("Reagan" alone in a report of his
        # meeting with four advisers is not the Reagan of another meeting)
        if not shared or shared < 2 and shared * 2 < max(len(set(ra.participants)), len(set(rb.participants))):
            return False
        only_a, only_b = set(ra.participants) - set(rb.participants), set(rb.participants) - set(ra.participants)
        if shared < 2 and only_a and only_b and not _pinned_together(ra, rb):
            return False  # "Baker met Sato" and "Baker met Kohl": one person shared is not one meeting
    elif set(ra.countries) != set(rb.countries):
        return False
    if ra.place and rb.place and ra.place != rb.place:
        return False
    if ra.country_code and rb.country_code and ra.country_code != rb.country_code:
        return False
    return _dates_agree(ra, published_a, rb, published_b, same_place=bool(ra.place and ra.place == rb.place))


def _pinned_together(ra: MeetingMention, rb: MeetingMention) -> bool:
    """Reports sharing one person, each with another, are one meeting only where the same place or day says so."""
    same_place = bool(ra.place and ra.place == rb.place)
    same_day = ra.date_precision == rb.date_precision == "day" and ra.meeting_date == rb.meeting_date
    return same_place or same_day


def _dates_agree(ra: MeetingMention, published_a, rb: MeetingMention, published_b, same_place: bool) -> bool:
    if ra.meeting_date and rb.meeting_date:
        return _covers(ra.meeting_date, ra.date_precision, rb.meeting_date, rb.date_precision)
    dated, published = (ra, published_b) if ra.meeting_date else (rb, published_a) if rb.meeting_date else (None, None)
    if dated is not None:
        if published is None:
            return same_place  # undated article: only a named place ties it to the dated report
        lag = (published - dated.meeting_date).days
        if dated.date_precision == "day":
            return -1 <= lag <= REPORT_LAG_DAYS
        span_days = 366 if dated.date_precision == "year" else 31  # the whole month or year the date stands for
        return -1 <= lag <= span_days + REPORT_LAG_DAYS
    if published_a and published_b:
        return abs((published_a - published_b).days) <= REPORT_LAG_DAYS
    return same_place


def _covers(day_a: date, precision_a, day_b: date, precision_b) -> bool:
    """Equal days, or a month/year that contains the other's day."""
    coarsest = "year" if "year" in (precision_a, precision_b) else "month" if "month" in (precision_a, precision_b) else "day"
    if coarsest == "year":
        return day_a.year == day_b.year
    if coarsest == "month":
        return (day_a.year, day_a.month) == (day_b.year, day_b.month)
    return day_a == day_b


def _merged_row(cluster: _Cluster) -> MergedMeeting:
    reports = [entry[2] for entry in cluster.reports]
    dated = [r for r in reports if r.meeting_date]
    best_date = max(dated, key=lambda r: {"day": 3, "month": 2, "year": 1}.get(r.date_precision or "", 0), default=None)
    place = next((r.place for r in reports if r.place), None)
    country_code = next((r.country_code for r in reports if r.place == place and r.country_code), None)
    country_code = country_code or next((r.country_code for r in reports if r.country_code), None)
    participants = sorted({p for r in reports for p in r.participants})
    countries = sorted({c for r in reports for c in r.countries})
    meeting_date = best_date.meeting_date if best_date else None
    precision = best_date.date_precision if best_date else None
    status, mode = reports[0].status, reports[0].mode
    # Content plus the earliest source: two distinct clusters with the same content still get distinct ids.
    first_source = min((article_id, index) for article_id, _, _, index in cluster.reports)
    key = "|".join([",".join(participants), ",".join(countries), place or "", str(meeting_date or ""), status, mode,
                    f"{first_source[0]}#{first_source[1]}"])
    return MergedMeeting(
        meeting_id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
        meeting_date=meeting_date,
        date_precision=precision,
        place=place,
        country_code=country_code,
        status=status,
        mode=mode,
        participants=participants,
        countries=countries,
        sources=[(article_id, index) for article_id, _, _, index in cluster.reports],
    )
