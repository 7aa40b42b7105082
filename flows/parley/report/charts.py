"""The report's charts as Vega-Lite / Vega specs (plain dicts: the data is already aggregated in DuckDB)."""

from __future__ import annotations

TIME_UNIT = {"week": "yearweek", "month": "yearmonth"}


def timeline(rows: list[dict], bucket: str) -> dict:
    """Meetings per week or month, one stacked block per meeting, coloured held/planned, a tooltip each."""
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 220,
            "data": {"values": rows}, "mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.5},
            "encoding": {
                "x": {"field": "bucket", "type": "temporal", "timeUnit": TIME_UNIT[bucket], "title": bucket},
                "y": {"aggregate": "count", "title": "meetings"}, "detail": {"field": "meeting_id"},
                "color": {"field": "status", "scale": {"domain": ["held", "planned"]}},
                "tooltip": [{"field": "meeting_date"}, {"field": "participants"}, {"field": "place"},
                            {"field": "sources"}, {"field": "status"}]}}


def network(rows: list[dict]) -> dict:
    """Who met whom: a Vega force layout (drag a node to move it), node area = meetings, edge width = times."""
    index = {r["a"]: i for i, r in enumerate(r for r in rows if r["kind"] == "node")}
    nodes = [{"index": i, "name": r["name"], "country": r["country"], "meetings": r["weight"]}
             for r in rows if r["kind"] == "node" for i in [index[r["a"]]]]
    links = [{"source": index[r["a"]], "target": index[r["b"]], "times": r["weight"]}
             for r in rows if r["kind"] == "edge"]
    return {
        "$schema": "https://vega.github.io/schema/vega/v5.json", "width": 760, "height": 460, "autosize": "none",
        "signals": [
            {"name": "cx", "update": "width / 2"}, {"name": "cy", "update": "height / 2"},
            {"name": "node", "value": None, "on": [
                {"events": "symbol:pointerover", "update": "group()._id ? null : datum", "force": True},
                {"events": "symbol:pointerdown", "update": "datum"},
                {"events": "window:pointerup", "update": "null"}]},
            {"name": "restart", "value": False, "on": [{"events": {"signal": "node"}, "update": "node != null"}]}],
        "data": [{"name": "nodes", "values": nodes}, {"name": "links", "values": links}],
        "scales": [{"name": "color", "type": "ordinal", "domain": {"data": "nodes", "field": "country"},
                    "range": {"scheme": "tableau20"}},
                   {"name": "size", "type": "linear", "domain": {"data": "nodes", "field": "meetings"},
                    "range": [60, 900], "zero": False}],
        "marks": [
            {"name": "people", "type": "symbol", "zindex": 1, "from": {"data": "nodes"},
             "on": [{"trigger": "node", "modify": "node", "values": "node && {fx: x(), fy: y()}"},
                    {"trigger": "!node", "modify": "node", "values": "{fx: null, fy: null}"}],
             "encode": {"enter": {"fill": {"scale": "color", "field": "country"}, "stroke": {"value": "white"},
                                  "size": {"scale": "size", "field": "meetings"}},
                        "update": {"cursor": {"value": "pointer"},
                                   "tooltip": {"signal": "datum.name + ' (' + datum.country + '): ' + "
                                                         "datum.meetings + ' meetings'"}}},
             "transform": [{"type": "force", "iterations": 300, "restart": {"signal": "restart"},
                            "static": False, "signal": "force", "forces": [
                                {"force": "center", "x": {"signal": "cx"}, "y": {"signal": "cy"}},
                                {"force": "collide", "radius": 14}, {"force": "nbody", "strength": -40},
                                {"force": "link", "links": "links", "distance": 60}]}]},
            {"type": "text", "from": {"data": "people"}, "zindex": 2,
             "encode": {"enter": {"text": {"field": "datum.name"}, "fontSize": {"value": 10},
                                  "dy": {"value": -10}, "align": {"value": "center"}},
                        "update": {"x": {"field": "x"}, "y": {"field": "y"}}}},
            {"type": "path", "from": {"data": "links"}, "interactive": False,
             "encode": {"update": {"stroke": {"value": "#999"}, "strokeWidth": {"field": "times"},
                                   "tooltip": {"signal": "datum.times + ' times'"}}},
             "transform": [{"type": "linkpath", "require": {"signal": "force"}, "shape": "line",
                            "sourceX": "datum.source.x", "sourceY": "datum.source.y",
                            "targetX": "datum.target.x", "targetY": "datum.target.y"}]}]}


def country_matrix(rows: list[dict]) -> dict:
    both = rows + [{**r, "country_a": r["country_b"], "country_b": r["country_a"]} for r in rows]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": both},
            "mark": "rect", "encoding": {
                "x": {"field": "country_a", "type": "nominal", "title": None},
                "y": {"field": "country_b", "type": "nominal", "title": None},
                "color": {"field": "meetings", "type": "quantitative", "scale": {"scheme": "blues"}},
                "tooltip": [{"field": "country_a"}, {"field": "country_b"}, {"field": "meetings"},
                            {"field": "planned"}]}}


def bars(rows: list[dict], label: str, value: str, color: str | None = None) -> dict:
    encoding = {"y": {"field": label, "type": "nominal", "sort": "-x", "title": None},
                "x": {"field": value, "type": "quantitative"}, "tooltip": [{"field": label}, {"field": value}]}
    if color:
        encoding["color"] = {"field": color}
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container",
            "data": {"values": rows}, "mark": "bar", "encoding": encoding}


def mentions_over_time(rows: list[dict], bucket: str) -> dict:
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 220,
            "data": {"values": rows}, "mark": {"type": "line", "point": True}, "encoding": {
                "x": {"field": "bucket", "type": "temporal", "timeUnit": TIME_UNIT[bucket], "title": bucket},
                "y": {"field": "mentions", "type": "quantitative"}, "color": {"field": "entity_name", "title": None},
                "tooltip": [{"field": "entity_name"}, {"field": "bucket"}, {"field": "mentions"}]}}
