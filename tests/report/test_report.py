"""`parley report` as a person sees it: the page opened in headless Chromium with the network off."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import build_warehouse

CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="no chromium here: `./dev setup` installs Debian's "
                                                              "chromium package (apt-get install -y chromium)")
CHART_SECTIONS = ("timeline", "network", "countries", "speakers", "mentioned")
# No proxy reachable and no DNS: any request the page made would fail (its CSP forbids them besides).
OFFLINE = ["--headless", "--no-sandbox", "--disable-gpu", "--proxy-server=127.0.0.1:9",
           "--host-resolver-rules=MAP * ~NOTFOUND", "--virtual-time-budget=15000"]


def open_page(page: Path) -> str:
    """The DOM after the page's scripts ran, as Chromium has it."""
    done = subprocess.run([CHROMIUM, *OFFLINE, "--dump-dom", page.resolve().as_uri()], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(page: Path, png: Path) -> None:
    """The PNG shown in the README: `python -m tests.report.test_report PAGE.html OUT.png`."""
    subprocess.run([CHROMIUM, *OFFLINE, "--window-size=1100,2600", "--hide-scrollbars", f"--screenshot={png}",
                    page.resolve().as_uri()], check=True, capture_output=True, timeout=120)


def sections(dom: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', dom, re.S))


def marks(fragment: str) -> int:
    """Drawn marks inside an SVG: Vega's mark groups hold a path, rect or circle per datum."""
    return sum(len(re.findall(rf"<{tag}\b", svg)) for svg in re.findall(r"<svg.*?</svg>", fragment, re.S)
               for tag in ("path", "rect", "circle", "line"))


def test_missing_warehouse_is_one_line_exit_2(tmp_path):
    from parley.cli import main

    assert main(["report", "--warehouse", str(tmp_path / "none.duckdb")]) == 2


def test_report_of_an_empty_warehouse_says_so_per_section(tmp_path):
    from parley.report.page import write_report

    build_warehouse(tmp_path / "empty.duckdb", articles=[])
    page = write_report(tmp_path / "empty.duckdb", tmp_path / "empty.html")["path"].read_text(encoding="utf-8")
    found = sections(page)
    assert set(CHART_SECTIONS) <= set(found)
    for key in (*CHART_SECTIONS, "meetings"):
        assert 'class="empty"' in found[key], key


def test_filters_narrow_the_meetings(tmp_path):
    from parley.report.page import write_report

    build_warehouse(tmp_path / "w.duckdb")
    everything = write_report(tmp_path / "w.duckdb", tmp_path / "all.html")["path"].read_text(encoding="utf-8")
    june = write_report(tmp_path / "w.duckdb", tmp_path / "june.html", country="us")["path"].read_text("utf-8")
    assert "Sergei Lavrov" in sections(everything)["meetings"]
    assert "Sergei Lavrov" not in sections(june)["meetings"] and "planned" in sections(june)["meetings"]


@needs_chromium
def test_seed_report_renders_offline(seed_warehouse, tmp_path):
    from parley.cli import main

    out = tmp_path / "seeds.html"
    assert main(["report", "--warehouse", str(seed_warehouse), "--out", str(out)]) == 0
    dom = open_page(out)
    assert re.search(r'data-rendered="\d+"', dom), "the charts' scripts never finished"
    assert re.search(r'<pre id="errors">\s*</pre>', dom), re.search(r'<pre id="errors">(.*?)</pre>', dom, re.S)[1]
    found = sections(dom)
    for key in CHART_SECTIONS:
        assert marks(found[key]) > 0, f"section {key} drew no marks"
    timeline_data = out.read_text(encoding="utf-8")  # tooltips live in the chart's data, not in the SVG
    timeline_spec = re.search(r'"timeline-chart": (\{.*?\}), "network-chart"', timeline_data)[1]
    met = re.findall(r'"participants": "([^"]*)"', timeline_spec)
    assert any("Lavrov" in p and "Cavusoglu" in p for p in met), met
    network_labels = re.findall(r"<text[^>]*>([^<]+)</text>", found["network"])
    assert any("Lavrov" in t for t in network_labels) and any("Cavusoglu" in t for t in network_labels)


if __name__ == "__main__":
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
