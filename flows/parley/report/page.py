"""Writes the report page: one HTML file with the Vega runtime, styles and data inline, so it opens offline."""

from __future__ import annotations

import html
import json
import os
import time
from datetime import date
from pathlib import Path

from ..warehouse.query import open_warehouse
from . import charts
from .data import gather

# Only inline scripts and styles: the browser itself refuses any network fetch the page might attempt.
CSP = ("default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
       "img-src data:; font-src data:")
STYLE = """body{font:14px system-ui,sans-serif;margin:1.5em auto;max-width:1100px;color:#222}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;margin-top:1.6em}.tiles span{display:inline-block;
margin:0 1.2em .4em 0}.tiles b{font-size:1.3em}.chart{width:100%;min-height:60px}.empty{color:#888;
font-style:italic}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:3px 6px;
text-align:left;vertical-align:top}blockquote{margin:.2em 0 .4em 1em;color:#444}small{color:#777}"""
SCRIPT = """const errors=[];window.addEventListener('error',e=>{errors.push(String(e.message));report()});
function report(){document.getElementById('errors').textContent=errors.join('\\n');}
const specs=JSON.parse(document.getElementById('specs').textContent);
Promise.all(Object.entries(specs).map(([id,spec])=>vegaEmbed('#'+id,spec,{renderer:'svg',actions:false})
 .catch(e=>{errors.push(id+': '+e);console.error(e);}))).then(()=>{document.body.dataset.rendered=
 Object.keys(specs).length;report();});
const search=document.getElementById('search');if(search){search.addEventListener('input',()=>{
 const q=search.value.toLowerCase();for(const row of document.querySelectorAll('#meetings-table tbody tr'))
 row.style.display=row.textContent.toLowerCase().includes(q)?'':'none';});}"""


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one script, from vl-convert-python (no download); kept in a cache file
    per vl-convert version because bundling takes ~6 s."""
    import vl_convert

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "parley"
    path = cache / f"vl-convert-{vl_convert.__version__}.js"
    if path.exists():
        return path.read_text(encoding="utf-8")
    bundle = vl_convert.javascript_bundle()
    try:
        cache.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(bundle, encoding="utf-8")
        partial.replace(path)
    except OSError:  # a read-only home: the page is still written, just slower next time
        pass
    return bundle


def _e(value) -> str:
    return html.escape("" if value is None else str(value))


def _section(title: str, key: str, has_data: bool, empty: str, specs: dict, spec: dict | None, extra: str = "") -> str:
    if not has_data:
        return f'<section id="{key}"><h2>{_e(title)}</h2><p class="empty">{_e(empty)}</p></section>'
    chart = ""
    if spec is not None:
        specs[f"{key}-chart"] = spec
        chart = f'<div class="chart" id="{key}-chart"></div>'
    return f'<section id="{key}"><h2>{_e(title)}</h2>{chart}{extra}</section>'


def _header(data: dict, warehouse: Path) -> str:
    h, f = data["header"], data["filters"]
    tiles = "".join(f"<span><b>{_e(h[k])}</b> {k}</span>" for k in ("articles", "meetings", "quotes", "people"))
    dates = f"{h['first_published'] or '?'} – {h['last_published'] or '?'}" + \
        (f" ({h['undated_articles']} undated)" if h["undated_articles"] else "")
    rejects = ", ".join(f"{r['reason']}: {r['inputs']}" for r in data["rejects"]) or "none"
    shown = ", ".join(f"{k} {v}" for k, v in f.items() if v) or "everything"
    return (f"<h1>parley report</h1><p>Warehouse <code>{_e(warehouse)}</code>, last published run "
            f"<code>{_e(h['run_id'])}</code> at {_e(h['published_at'])} (parley {_e(h['parley_version'])}); "
            f"showing {_e(shown)}.</p><div class=tiles>{tiles}</div>"
            f"<p>Published {_e(dates)}. Last run: {_e(h['last_status'])}, checks passed {_e(h['checks_passed'])}, "
            f"failed {_e(h['checks_failed'])}; quarantined rows {_e(h['quarantined'])}; "
            f"rejects by reason: {_e(rejects)}.</p>")


def _cite(item: dict) -> str:
    """The article a quote or a meeting's evidence comes from: its title (else its file) and its file."""
    return f"<small>{_e(item['title'] or item['source'])} ({_e(item['source'])})</small>"


def _speakers(rows: list[dict]) -> str:
    items = []
    for r in rows:
        quotes = "".join(f"<blockquote>“{_e(q['text'])}” {_cite(q)}</blockquote>" for q in r["examples"] or [])
        items.append(f"<li><b>{_e(r['speaker_name'])}</b> — {r['quotes']} quotes in {r['articles']} articles"
                     f"{quotes}</li>")
    return f"<ol>{''.join(items)}</ol>"


def _table(rows: list[dict]) -> str:
    body = []
    for r in rows:
        evidence = "".join(f"<div>{_e(e['evidence'])} {_cite(e)}</div>" for e in r["evidence"] or [])
        body.append(f"<tr><td>{_e(r['meeting_date'] or 'undated')}</td><td>{_e(r['status'])} {_e(r['mode'])}</td>"
                    f"<td>{_e(r['participants'])}</td><td>{_e(r['countries'])}</td><td>{_e(r['place'])}</td>"
                    f"<td>{evidence}<small>{r['reports']} articles</small></td></tr>")
    return ('<p><input id="search" type="search" placeholder="Search meetings" size="40"></p>'
            '<table id="meetings-table"><thead><tr><th>date</th><th>kind</th><th>participants</th>'
            '<th>countries</th><th>place</th><th>evidence</th></tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table>")


def render(data: dict, warehouse: Path, bundle: str) -> str:
    specs: dict = {}
    span, bucket = data["span"], data["bucket"]
    undated = f"<p><small>{span['undated']} undated meetings are not on the time axis.</small></p>" \
        if span["undated"] else ""
    nodes = [r for r in data["network"] if r["kind"] == "node"]
    people = [r for r in data["top_entities"]]
    sections = [
        _section("Meetings over time", "timeline", bool(data["meetings_time"]),
                 f"No dated meetings{' (' + str(span['undated']) + ' undated)' if span['undated'] else ''}.",
                 specs, charts.timeline(data["meetings_time"], bucket), undated),
        _section("Who met whom", "network", bool(nodes), "No meetings with named participants.", specs,
                 charts.network(data["network"])),
        _section("Who met whom, by country pair", "countries", bool(data["country_pairs"]),
                 "No meetings between two countries.", specs, charts.country_matrix(data["country_pairs"])),
        _section("Who said what", "speakers", bool(data["speakers"]), "No quotes with a named speaker.", specs,
                 charts.bars(data["speakers"], "speaker_name", "quotes"), _speakers(data["speakers"])),
        _section("Most mentioned people and organisations", "mentioned", bool(people),
                 "No people or organisations mentioned.", specs,
                 charts.bars(people, "entity_name", "mentions", "entity_type")),
        _section("Mentions over time, top ten", "mentions-time", bool(data["mentions_time"]),
                 "No mentions in dated articles.", specs, charts.mentions_over_time(data["mentions_time"], bucket)),
        _section("Meetings", "meetings", bool(data["meetings_table"]), "No meetings.", specs, None,
                 _table(data["meetings_table"])),
    ]
    spec_json = json.dumps(specs, ensure_ascii=False).replace("</", "<\\/")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}"><title>parley report</title>'
            f"<style>{STYLE}</style><script>{bundle}</script></head><body>{_header(data, warehouse)}"
            f"{''.join(sections)}<pre id=\"errors\"></pre>"
            f'<script type="application/json" id="specs">{spec_json}</script><script>{SCRIPT}</script>'
            "</body></html>")


def write_report(warehouse: Path, out: Path, date_from: date | None = None, date_to: date | None = None,
                 country: str | None = None) -> dict:
    """Write the page for the published warehouse; returns what was written (path, bytes, seconds)."""
    started = time.perf_counter()
    con = open_warehouse(Path(warehouse))
    try:
        data = gather(con, date_from, date_to, country)
    finally:
        con.close()
    page = render(data, Path(warehouse), vega_bundle())
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.write_text(page, encoding="utf-8")
    partial.replace(out)
    return {"path": out, "bytes": out.stat().st_size, "seconds": time.perf_counter() - started}
