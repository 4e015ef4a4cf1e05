"""The lineage page: one item's chain of tasks from the province down to its districts, each
indicator's targets level by level beside a small bar chart drawn on the server (inline SVG: no
script, no CDN), and the child plans that have not taken the item up. Its JSON twin is
/lineage.json, or Accept: application/json.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template, request

from kg.lineage import plain_unit
from web.api import find_lineage
from web.pages import page_of, wants_json
from web.sparql import error_response

bp = Blueprint("lineage", __name__)

LEVEL_NAMES = {"province": "省级", "city": "市级", "district": "县区级"}
BAR_MAX = 300  # px: the longest bar of a chart
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH = 18, 8, 150


@bp.get("/lineage")
def page():
    """The chain of ?task= as a table, and its indicators by level with their charts."""
    ident = request.args.get("task", "").strip()
    found = find_lineage(ident) if ident else None
    if wants_json():
        return _json(found, ident)
    if found is None:
        message = f"没有找到这个任务：{ident}" if ident else "请用 ?task= 给出一个任务的 IRI。"
        return render_template("error.html", title="找不到任务", message=message), 404 if ident else 400
    return render_template("lineage.html", chain=found, charts=[chart(i) for i in found["indicators"]],
                           level_name=level_name, page_of=page_of)


@bp.get("/lineage.json")
def page_json():
    ident = request.args.get("task", "").strip()
    return _json(find_lineage(ident) if ident else None, ident)


def _json(found: dict | None, ident: str):
    if found is None:
        return error_response(404 if ident else 400, f"no such task: {ident}" if ident else "the parameter 'task' is required")
    return jsonify(found)


def level_name(level: str) -> str:
    return LEVEL_NAMES.get(level, level or "—")


def chart(indicator: dict) -> dict:
    """Bars for an indicator's values, each scaled to the largest; values in another unit than the
    indicator's (万元 beside 亿元) are left out of the chart, not drawn on a false scale."""
    unit = plain_unit(indicator["unit"])
    drawn = [v for v in indicator["levels"] if plain_unit(v["unit"]) == unit]
    largest = max((v["value"] for v in drawn), default=0) or 1
    bars = [{"label": f"{v['region'] or '—'}（{level_name(v['level'])}）", "value": f"{v['value']:g}{v['unit']}",
             "width": max(1, round(BAR_MAX * v["value"] / largest)), "y": i * (BAR_HEIGHT + BAR_GAP), "level": v["level"]}
            for i, v in enumerate(drawn)]
    return {"bars": bars, "left_out": len(indicator["levels"]) - len(drawn), "label_width": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT, "width": LABEL_WIDTH + BAR_MAX + 90,
            "height": max(1, len(bars)) * (BAR_HEIGHT + BAR_GAP)}
