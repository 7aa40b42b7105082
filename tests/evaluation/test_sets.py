"""`parley eval` over every gold set: the in-package scorers agree with the shared ones, and no figure falls below
its floor (tests/data/eval_floors.json, raised by the lead as extraction improves; "SET" keys floor the whole set,
"SET.check" keys its check half). A set that splits.json splits is scored per half from its one warehouse.

The fast tests score small invented warehouses; the slow ones build each gold set's warehouse once per session.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from parley.cli import main
from parley.evaluation.sets import SET_NAMES, gold_sets, run_eval

from tests.conftest import DATA, SHARED

EVAL = SHARED / "eval"
REUTERS_SCORER = EVAL / "reuters" / "score.py"
POLNEAR_SCORER = EVAL / "polnear" / "score.py"
FLOORS = json.loads((DATA / "eval_floors.json").read_text(encoding="utf-8"))


def shared_scorer(script: Path, *args) -> str:
    if not script.exists():
        pytest.skip(f"no shared scorer at {script}")
    done = subprocess.run([sys.executable, str(script), *map(str, args)], capture_output=True, text=True, check=True)
    return done.stdout


RATIO = r"(n/a|\d\.\d\d \((\d+)/(\d+)\))"


def parse_records_scorer(out: str) -> dict:
    """Every figure and count the Reuters scorer prints, by the names `parley eval` uses."""
    lines = out.strip().splitlines()[-3:]
    got: dict = {}
    head = re.match(r"meetings: gold (\d+) required, predicted (\d+), found (\d+); date RATIO, month RATIO, "
                    r"place RATIO, mode RATIO$".replace("RATIO", RATIO), lines[0])
    got.update(meetings_gold=int(head[1]), meetings_predicted=int(head[2]), meetings_found=int(head[3]))
    for i, name in enumerate(("date_accuracy", "month_accuracy", "place_accuracy", "mode_accuracy")):
        text = head[4 + 3 * i]
        got[name] = None if text == "n/a" else text.split()[0]
    quotes = re.match(r"quotes: gold (\d+), predicted (\d+), text found (\d+), right speaker (\d+); aliases "
                      + RATIO + r"; articles missing (\d+)$", lines[1])
    got.update(quotes_gold=int(quotes[1]), quotes_predicted=int(quotes[2]), quotes_text_found=int(quotes[3]),
               quotes_right_speaker=int(quotes[4]), articles_missing=int(quotes[8]))
    got["aliases"] = None if quotes[5] == "n/a" else quotes[5].split()[0]
    summary = re.match(r"meetings P (\S+) R (\S+) F1 (\S+); strict F1 (\S+); date accuracy \S+; quotes F1 (\S+)$",
                       lines[2])
    got.update(meetings_p=summary[1], meetings_r=summary[2], meetings_f1=summary[3], strict_f1=summary[4],
               quotes_f1=summary[5])
    return got


def parse_polnear_scorer(out: str) -> dict:
    m = re.search(r"gold (\d+), predicted (\d+), text found (\d+) \(quote F1 (\S+)\), with right speaker (\d+); "
                  r"speaker-attributed P (\S+) R (\S+) F1 (\S+)$", out.strip())
    return dict(quotes_gold=int(m[1]), quotes_predicted=int(m[2]), quotes_text_found=int(m[3]), quote_text_f1=m[4],
                quotes_right_speaker=int(m[5]), quotes_p=m[6], quotes_r=m[7], quotes_f1=m[8])


def assert_agrees(shared: dict, result) -> None:
    """Counts equal; figures equal to two decimals."""
    mine = {**result.counts, **result.figures}
    for name, want in shared.items():
        have = mine[name]
        if isinstance(want, int):
            assert have == want, name
        else:
            assert (None if have is None else f"{have:.2f}") == want, name


# --- fast: invented warehouses, no NLP ---------------------------------------------------------------------------

def invented_warehouse(path: Path) -> Path:
    """The bi views the scorers read, as tables holding a few invented facts."""
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA bi")
    con.execute("CREATE TABLE bi.articles AS SELECT * FROM (VALUES ('a.txt', 'A1', 'Harbour talks', DATE '2021-05-04', "
                "'Lina Ortega met T. Berg.'), ('b.txt', 'B1', 'Other', DATE '2021-05-05', 'Nothing.')) "
                "t(source_name, article_id, title, published_date, body)")
    con.execute("CREATE TABLE bi.mentions AS SELECT * FROM (VALUES ('A1', 'Lina Ortega', 'Ortega'), "
                "('A1', 'Tomas Berg', 'T. Berg')) t(article_id, entity_name, surface)")
    con.execute("CREATE TABLE bi.quotes AS SELECT * FROM (VALUES "
                "('a.txt', 'Lina Ortega', 'Ortega', 'We will not sign the harbour treaty in its present form.', 0),"
                "('a.txt', NULL, 'an aide', 'the talks broke down over the fishing quotas', 1),"
                "('a.txt', 'Tomas Berg', 'Berg', 'Nobody here wanted a second round of talks', 2)) "
                "t(source_name, speaker_name, speaker_text, quote_text, start_char)")
    con.execute("CREATE TABLE bi.meetings AS SELECT * FROM (VALUES "
                "('m1', DATE '2021-05-03', 'Porto', 'held', 'in_person', ['Lina Ortega', 'T. Berg'], ['ES', 'SE'],"
                " ['a.txt']),"
                "('m2', NULL, NULL, 'planned', 'in_person', ['Tomas Berg'], ['SE'], ['a.txt']),"
                "('m3', NULL, NULL, 'held', 'phone', ['Anna Kay'], [], ['a.txt'])) "
                "t(meeting_id, meeting_date, place, status, mode, participants, participant_countries, source_names)")
    con.close()
    return path


INVENTED_GOLD = {"articles": [{
    "file": "a.txt", "title": "Harbour talks", "published": "2021-05-04", "must_not_contain": ["Advertisement"],
    "alias_mentions": [["Ortega", "Lina Ortega"], ["Berg", "Tomas Berg"]],
    "quotes": [{"speaker": "Lina Ortega", "text": "We will not sign the harbour treaty in its present form"},
               {"speaker": None, "text": "The talks broke down over the fishing quotas"}],
    "meetings": [
        {"key": "lisbon", "participants": ["Lina Ortega", "Tomas Berg"], "countries": ["ES", "SE"], "place": "Lisbon",
         "date": "2021-05-03", "status": "held", "mode": "in_person"},
        {"key": "next", "participants": ["Tomas Berg"], "countries": ["SE"], "place": None, "date": None,
         "status": "planned", "mode": "in_person", "optional": True}]}]}


@pytest.fixture()
def invented(tmp_path: Path):
    gold = tmp_path / "eval" / "invented.gold.json"
    gold.parent.mkdir()
    gold.write_text(json.dumps(INVENTED_GOLD), encoding="utf-8")
    return invented_warehouse(tmp_path / "w.duckdb"), gold


def score_invented(warehouse: Path, gold: Path):
    from parley.evaluation.sets import GoldSet

    (result,) = run_eval([GoldSet("invented", "invented", gold.parent, gold)], given={"invented": warehouse})
    return result


def test_records_scorer_on_invented_facts(invented):
    result = score_invented(*invented)
    f = result.figures
    # m1 matches on surnames (found, wrong place: not strict), m2 matches the optional one, m3 is extra.
    assert (f["meetings_p"], f["meetings_r"]) == (pytest.approx(2 / 3), 1.0)
    assert f["strict_f1"] == 0.0 and f["place_accuracy"] == 0.0 and f["date_accuracy"] == 1.0
    assert (f["quotes_p"], f["quotes_r"]) == (pytest.approx(2 / 3), 1.0)
    assert f["aliases"] == 0.5  # "Berg" is no mention's surface
    assert f["boilerplate"] == 1.0 and f["titles_dates"] == 1.0 and f["merges"] is None
    assert any("Berg" in miss for miss in result.misses)


def test_records_scorer_agrees_with_shared_on_invented_facts(invented):
    warehouse, gold = invented
    assert_agrees(parse_records_scorer(shared_scorer(REUTERS_SCORER, gold, warehouse)), score_invented(warehouse, gold))


def test_polnear_scorer_on_invented_attributions(tmp_path: Path):
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    text = 'Senator Ada Moss said "we will fund the bridge this year" and left. "It is late."\n'
    (split / "text" / "x.txt").write_text(text, encoding="utf-8")
    source, content = text.index("Senator"), text.index('"we')
    (split / "attributions" / "x_ann1.ann").write_text(
        f"T1\tSource {source} {source + 16}\tSenator Ada Moss\nT2\tCue 17 21\tsaid\n"
        f"T3\tContent {content} {content + 36}\t{text[content:content + 36]}\n"
        "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n",
        encoding="utf-8")
    warehouse = invented_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(warehouse))
    con.execute("INSERT INTO bi.quotes VALUES ('x.txt', NULL, 'Moss', 'we will fund the bridge this year', 5), "
                "('x.txt', NULL, 'she', 'the bridge will cost more', 6)")
    con.close()
    from parley.evaluation.sets import GoldSet

    (result,) = run_eval([GoldSet("polnear", "polnear", split / "text", split)], given={"polnear": warehouse})
    # One gold quote, found with the right speaker; a.txt's three quotes (no gold there) and the extra are predicted.
    assert result.counts == dict(quotes_gold=1, quotes_predicted=5, quotes_text_found=1, quotes_right_speaker=1)
    assert_agrees(parse_polnear_scorer(shared_scorer(POLNEAR_SCORER, split, warehouse)), result)


def test_missing_sets_are_skipped_not_fatal(tmp_path: Path, capsys):
    assert main(["eval", "--eval-dir", str(tmp_path), "--json", str(tmp_path / "out.json")]) == 2
    out = capsys.readouterr().out
    assert "reuters dev: skipped (missing" in out and "polnear dev: skipped" in out
    doc = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert [s["status"] for s in doc["sets"]] == ["skipped"] * len(SET_NAMES)  # every set, none built


def test_given_warehouse_is_scored_without_a_build(invented, tmp_path: Path, capsys, monkeypatch):
    warehouse, gold = invented
    root = tmp_path / "gold-sets"
    (root / "reuters" / "articles").mkdir(parents=True)
    (root / "reuters" / "reuters.dev.gold.json").write_text(gold.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("PARLEY_EVAL_DIR", str(root))
    out = tmp_path / "o.json"
    assert main(["eval", "--sets", "reuters", "--reuters-warehouse", str(warehouse), "--json", str(out)]) == 0
    assert re.search(r"meetings P / R / F1\s+0\.67 / 1\.00 / 0\.80", capsys.readouterr().out)
    (reuters,) = json.loads(out.read_text(encoding="utf-8"))["sets"]
    assert reuters["status"] == "scored" and reuters["figures"]["meetings_f1"] == pytest.approx(0.8)


def split_gold(tmp_path: Path) -> Path:
    """The invented gold with a second article (one meeting, missed) and splits.json putting a.txt in the work half,
    b.txt in the check half."""
    root = tmp_path / "split-eval"
    (root / "reuters" / "articles").mkdir(parents=True)
    gold = json.loads(json.dumps(INVENTED_GOLD))
    gold["articles"].append({"file": "b.txt", "title": "Other", "published": "2021-05-05", "quotes": [],
                             "meetings": [{"key": "dock", "participants": ["Mira Holt", "Jon Sand"], "countries": [],
                                           "place": None, "date": None, "status": "held", "mode": "in_person"}]})
    (root / "reuters" / "reuters.dev.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    (root / "splits.json").write_text(json.dumps({"sets": {"reuters": {
        "articles": "reuters/articles", "work": ["a.txt"], "check": ["b.txt"]}}}), encoding="utf-8")
    return root


def test_halves_are_scored_from_one_warehouse(tmp_path: Path):
    root = split_gold(tmp_path)
    warehouse = invented_warehouse(tmp_path / "w.duckdb")
    reuters_set = next(s for s in gold_sets(root) if s.name == "reuters")
    (result,) = run_eval([reuters_set], given={"reuters": warehouse}, root=root)
    work, check = result.halves["work"], result.halves["check"]
    assert (work["articles"], check["articles"]) == (1, 1)
    # a.txt alone as before; b.txt's one required meeting is missed and it has no prediction.
    assert work["figures"]["meetings_r"] == 1.0 and work["counts"]["meetings_gold"] == 1
    assert check["figures"]["meetings_r"] == 0.0 and check["counts"]["meetings_predicted"] == 0
    assert result.counts["meetings_gold"] == 2 and result.figures["meetings_r"] == 0.5
    assert not any("b.txt" in m for m in work["misses"]) and any("b.txt" in m for m in check["misses"])


def test_eval_prints_halves_side_by_side_and_details_the_work_half_only(tmp_path: Path, capsys):
    root = split_gold(tmp_path)
    warehouse = invented_warehouse(tmp_path / "w.duckdb")
    assert main(["eval", "--eval-dir", str(root), "--sets", "reuters", "--reuters-warehouse", str(warehouse),
                 "--detail"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"reuters dev\s+work \(1\)\s+check \(1\)\s+all \(2\)", out)
    assert re.search(r"meetings P / R / F1\s+0\.67 / 1\.00 / 0\.80\s+0\.00 / 0\.00 / 0\.00\s+0\.67 / 0\.50 / 0\.57", out)
    detail = out[out.index("WORK half only"):]
    assert "meeting extra a.txt" in detail and "b.txt" not in detail


def test_polnear_half_counts_no_quote_of_the_other_half(tmp_path: Path):
    split = tmp_path / "dev"
    (split / "text").mkdir(parents=True)
    (split / "attributions").mkdir()
    for name in ("x.txt", "y.txt"):
        (split / "text" / name).write_text('Ada Moss said "we will fund the bridge this year" today.\n',
                                            encoding="utf-8")
        (split / "attributions" / name.replace(".txt", "_ann1.ann")).write_text(
            "T1\tSource 0 8\tAda Moss\nT2\tCue 9 13\tsaid\nT3\tContent 14 49\tx\n"
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n", encoding="utf-8")
    (tmp_path / "splits.json").write_text(json.dumps({"sets": {"polnear": {
        "articles": "dev/text", "work": ["x.txt"], "check": ["y.txt"]}}}), encoding="utf-8")
    warehouse = invented_warehouse(tmp_path / "w.duckdb")
    con = duckdb.connect(str(warehouse))
    con.execute("INSERT INTO bi.quotes VALUES ('x.txt', NULL, 'Moss', 'we will fund the bridge this year', 5), "
                "('y.txt', NULL, 'Moss', 'the ferry will stop running in June', 6)")
    con.close()
    from parley.evaluation.sets import GoldSet

    polnear_set = GoldSet("polnear", "polnear", split / "text", split, "polnear")
    (result,) = run_eval([polnear_set], given={"polnear": warehouse}, root=tmp_path)
    # x.txt: its one quote found; y.txt: missed, and its wrong quote is y's extra, not x's.
    assert result.halves["work"]["counts"] == dict(quotes_gold=1, quotes_predicted=1, quotes_text_found=1,
                                                   quotes_right_speaker=1)
    assert result.halves["check"]["counts"] == dict(quotes_gold=1, quotes_predicted=1, quotes_text_found=0,
                                                    quotes_right_speaker=0)
    assert result.counts["quotes_predicted"] == 5  # whole set: a.txt's three quotes (no gold there) count too


# --- slow: each gold set built once per session ---------------------------------------------------------------------

@pytest.fixture(scope="session")
def gold_results(prefect_harness, seed_warehouse, tmp_path_factory) -> dict:
    """Every gold set scored; Reuters and PolNeAR built through `parley eval`'s own builder, seeds reused."""
    builds = tmp_path_factory.mktemp("eval-builds")
    results = run_eval(gold_sets(EVAL), given={"seeds": seed_warehouse}, build_dir=builds, root=EVAL)
    return {r.gold_set.name: r for r in results}


def scored(gold_results: dict, name: str):
    result = gold_results.get(name)
    if result is None or result.status == "skipped":
        pytest.skip(f"gold set {name} not available")
    assert result.status == "scored", result.reason
    return result


@pytest.mark.slow
@pytest.mark.parametrize("name", ["seeds", "reuters"])
def test_records_sets_agree_with_the_shared_scorer(gold_results, name):
    result = scored(gold_results, name)
    out = shared_scorer(REUTERS_SCORER, result.gold_set.gold, result.warehouse)
    assert_agrees(parse_records_scorer(out), result)


@pytest.mark.slow
def test_polnear_agrees_with_the_shared_scorer(gold_results):
    result = scored(gold_results, "polnear")
    assert_agrees(parse_polnear_scorer(shared_scorer(POLNEAR_SCORER, result.gold_set.gold, result.warehouse)), result)


@pytest.mark.slow
@pytest.mark.parametrize("key,figure", [(k, f) for k, fs in FLOORS.items() if not k.startswith("_") for f in fs])
def test_no_figure_below_its_floor(gold_results, key, figure):
    name, _, half = key.partition(".")
    result = scored(gold_results, name)
    value = (result.halves[half]["figures"] if half else result.figures)[figure]
    assert value is not None and value >= FLOORS[key][figure], f"{key} {figure}: {value}"
