"""Altair chart of the pilot-city tracker: a city's reported progress over time against the straight path
from pilot start (0) to the target at pilot end. Counts are cumulative; the level-2+ share is percent 0–100."""
from __future__ import annotations

import altair as alt
import pandas as pd

from smedx.charts.style import CATEGORICAL, NOT_PUBLISHED, configure
from smedx.i18n import t
from smedx.tracker.reference import PilotPeriod, period_end


def progress_chart(reports: pd.DataFrame, city: pd.Series, period: PilotPeriod | None, lang: str) -> alt.LayerChart:
    """Reported firms retrofitted (or, if none, the level-2+ share) by period end, with the target path."""
    kpi = "firms_retrofitted" if reports["firms_retrofitted"].notna().any() else "l2_share_pct"
    label = t(f"tracker.col_{kpi}", lang)
    data = reports.loc[reports[kpi].notna(), ["period", kpi]].rename(columns={kpi: "value"})
    data = data.assign(date=[period_end(p).isoformat() for p in data["period"]])
    line = alt.Chart(data).mark_line(point=True, color=CATEGORICAL[0]).encode(
        x=alt.X("date:T", title=None),
        y=alt.Y("value:Q", title=label),
        tooltip=[alt.Tooltip("period:N", title=t("tracker.col_period", lang)), alt.Tooltip("value:Q", title=label)],
    )
    layers: list[alt.Chart] = [line]
    target_column = "target_firms" if kpi == "firms_retrofitted" else "target_l2_share"
    target = city[target_column]
    if period is not None and pd.notna(target) and kpi == "firms_retrofitted":
        path = pd.DataFrame({"date": [period.start.isoformat(), period.end.isoformat()], "value": [0, float(target)],
                             "label": [t("tracker.path_label", lang)] * 2})
        layers.insert(0, alt.Chart(path).mark_line(strokeDash=[6, 4], color=NOT_PUBLISHED).encode(
            x="date:T", y="value:Q", tooltip=[alt.Tooltip("label:N", title=None), alt.Tooltip("value:Q", title=label)]))
    return configure(alt.layer(*layers).properties(height=220, width="container"))
