"""Chart of the pilot-city tracker as a Vega-Lite spec dict (no Altair object: cheap on every rerun): a city's
reported progress over time against the straight path from pilot start (0) to the target at pilot end.
Counts are cumulative; the level-2+ share is percent 0–100."""
from __future__ import annotations

from typing import Any

import pandas as pd

from smedx.charts.style import CATEGORICAL, CONFIG, NOT_PUBLISHED
from smedx.i18n import t
from smedx.tracker.reference import PilotPeriod, period_end


def progress_spec(reports: pd.DataFrame, city: pd.Series, period: PilotPeriod | None, lang: str) -> dict[str, Any]:
    """Reported firms retrofitted (or, if none, the level-2+ share) by period end, with the target path."""
    kpi = "firms_retrofitted" if reports["firms_retrofitted"].notna().any() else "l2_share_pct"
    label = t(f"tracker.col_{kpi}", lang)
    period_title = t("tracker.col_period", lang)
    values = [{"date": period_end(p).isoformat(), "period": p, "value": float(v), "series": "report"}
              for p, v in zip(reports["period"], reports[kpi], strict=True) if pd.notna(v)]
    layers: list[dict[str, Any]] = []
    target = city["target_firms"]
    if period is not None and kpi == "firms_retrofitted" and pd.notna(target):
        path = [{"date": period.start.isoformat(), "value": 0.0},
                {"date": period.end.isoformat(), "value": float(target)}]
        layers.append({
            "data": {"values": [{**p, "label": t("tracker.path_label", lang)} for p in path]},
            "mark": {"type": "line", "strokeDash": [6, 4], "color": NOT_PUBLISHED},
            "encoding": {"x": {"field": "date", "type": "temporal"}, "y": {"field": "value", "type": "quantitative"},
                         "tooltip": [{"field": "label", "type": "nominal", "title": " "},
                                     {"field": "value", "type": "quantitative", "title": label}]},
        })
    layers.append({
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "color": CATEGORICAL[0]},
        "encoding": {"x": {"field": "date", "type": "temporal", "title": None},
                     "y": {"field": "value", "type": "quantitative", "title": label},
                     "tooltip": [{"field": "period", "type": "nominal", "title": period_title},
                                 {"field": "value", "type": "quantitative", "title": label}]},
    })
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "height": 220,
        "layer": layers,
        "config": CONFIG,
    }
