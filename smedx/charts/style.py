"""Shared chart styling: colour-blind-safe palettes and CJK-capable fonts (no web fonts)."""
from __future__ import annotations

import altair as alt

# Okabe–Ito palette (colour-blind safe), first colours used for categories.
CATEGORICAL: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
NOT_PUBLISHED = "#BBBBBB"
# Locally installed fonts only; the viewer's system CJK font is the fallback.
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


def configure(chart: alt.Chart | alt.LayerChart) -> alt.Chart | alt.LayerChart:
    """Apply the dashboard's font and quiet axes to ``chart``."""
    return chart.configure(font=FONT).configure_view(stroke=None).configure_axis(grid=False)
