"""parley's own validation report: one static HTML page per run, with no script and no asset from the network, so
it opens offline (great-expectations' Data Docs load their styles and scripts from CDNs).

<docs>/runs/<run id>.html is the run's report, <docs>/report.html a copy of the latest, and <docs>/runs/index.html
lists every report written there. Each page names the parley run id the checks belong to.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-top: 1em; }
th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
.pass { color: #1a7f37; } .fail { color: #c62828; font-weight: bold; }
"""


@dataclass
class CheckRow:
    check: str          # sql/checks/<check>.sql
    expectation: str    # GX expectation type
    columns: str
    success: bool
    detail: str         # counts and first offending values, or the error


def _page(title: str, body: str) -> str:
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}</title>"
            f"<style>{STYLE}</style></head><body>{body}</body></html>\n")


def run_page(run_id: str | None, warehouse: Path, rows: list[CheckRow], generated: datetime | None = None) -> str:
    generated = generated or datetime.now(timezone.utc)
    failed = sum(not r.success for r in rows)
    verdict = (f"<span class=fail>{failed} of {len(rows)} checks failed</span>" if failed
               else f"<span class=pass>all {len(rows)} checks passed</span>")
    cells = "".join(
        f"<tr><td>{html.escape(r.check)}</td><td>{html.escape(r.expectation)}</td><td>{html.escape(r.columns)}</td>"
        f"<td class={'pass' if r.success else 'fail'}>{'pass' if r.success else 'FAIL'}</td>"
        f"<td>{html.escape(r.detail)}</td></tr>"
        for r in sorted(rows, key=lambda r: (r.success, r.check)))
    label = run_id or "(no run: parley check)"
    body = (f"<h1>parley checks — run {html.escape(label)}</h1>"
            f"<p>File checked: <code>{html.escape(str(warehouse))}</code><br>"
            f"Checked at {generated:%Y-%m-%d %H:%M:%S} UTC: {verdict}. "
            f"The run's row in <code>bi.pipeline_runs</code> has run_id <code>{html.escape(label)}</code>. "
            f"<a href=index.html>All reports</a></p>"
            "<table><tr><th>check query</th><th>expectation</th><th>columns</th><th>result</th><th>detail</th></tr>"
            f"{cells}</table>")
    return _page(f"parley checks {label}", body)


def write_report(docs_dir: Path, run_id: str | None, warehouse: Path, rows: list[CheckRow]) -> Path:
    """Write the run's page, the latest copy and the index; returns the latest copy (report.html)."""
    runs = Path(docs_dir) / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    name = run_id or "check-" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    page = run_page(run_id, warehouse, rows)
    (runs / f"{name}.html").write_text(page, encoding="utf-8")
    latest = Path(docs_dir) / "report.html"
    latest.write_text(page.replace("href=index.html", "href=runs/index.html"), encoding="utf-8")
    links = "".join(f"<li><a href='{html.escape(p.name)}'>{html.escape(p.stem)}</a></li>"
                    for p in sorted(runs.glob("*.html"), reverse=True) if p.name != "index.html")
    (runs / "index.html").write_text(_page("parley check reports", f"<h1>parley check reports</h1><ul>{links}</ul>"),
                                     encoding="utf-8")
    return latest
