"""Chart of the pilot programme's coverage as a Vega-Lite dict: per batch, the cities officially announced and the
cities the dashboard has identified (counts from :func:`smedx.tracker.reference.coverage`)."""
from __future__ import annotations

from typing import Any

from smedx.charts.style import CATEGORICAL, FONT
from smedx.i18n import t
from smedx.tracker import reference


def coverage_spec(lang: str) -> dict[str, Any]:
    """Grouped bars: official count (≈ where the notice rounds) and identified cities per batch."""
    series = {"official": t("exports.series_official", lang), "identified": t("exports.series_identified", lang)}
    values = [{"batch": t(f"tracker.batch_{row.batch}", lang), "series": series[name], "value": int(getattr(
        row, f"{name}_count" if name == "official" else name))}
              for row in reference.coverage().itertuples() for name in series]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": values}, "width": "container", "height": 240,
        "encoding": {"x": {"field": "batch", "type": "nominal", "title": None, "axis": {"labelAngle": 0}, "sort": None},
                     "xOffset": {"field": "series", "type": "nominal", "sort": list(series.values())},
                     "y": {"field": "value", "type": "quantitative", "title": t("exports.axis_cities", lang)}},
        "layer": [
            {"mark": {"type": "bar"},
             "encoding": {"color": {"field": "series", "type": "nominal", "title": None, "sort": list(series.values()),
                                    "scale": {"range": [CATEGORICAL[4], CATEGORICAL[0]]},
                                    "legend": {"orient": "bottom"}}}},
            {"mark": {"type": "text", "dy": -7, "fontSize": 12}, "encoding": {"text": {"field": "value"}}},
        ],
        "config": {"font": FONT, "view": {"stroke": None}, "axis": {"grid": False}},
    }
