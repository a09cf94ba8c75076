"""Shared chart styling: colour-blind-safe palettes and CJK-capable fonts (no web fonts)."""
from __future__ import annotations

import altair as alt

# Okabe–Ito palette (colour-blind safe), first colours used for categories.
CATEGORICAL: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
NOT_PUBLISHED = "#BBBBBB"
# Locally installed fonts only; the viewer's system CJK font is the fallback.
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"


LABEL_PX = 12  # smallest text on a chart (axis labels, legends, data labels)
# Vega-Lite config of every chart: the font, quiet axes, text of at least LABEL_PX and legend labels never cut
CONFIG: dict = {"font": FONT, "view": {"stroke": None},
                "axis": {"grid": False, "labelFontSize": LABEL_PX, "titleFontSize": LABEL_PX},
                "legend": {"labelFontSize": LABEL_PX, "titleFontSize": LABEL_PX, "labelLimit": 0},
                "title": {"fontSize": LABEL_PX + 1, "subtitleFontSize": LABEL_PX}}


def configure(chart: alt.Chart | alt.LayerChart) -> alt.Chart | alt.LayerChart:
    """Apply the dashboard's font, quiet axes and text sizes (:data:`CONFIG`) to ``chart``."""
    return (chart.configure(font=FONT).configure_view(stroke=None)
            .configure_axis(**CONFIG["axis"]).configure_legend(**CONFIG["legend"]).configure_title(**CONFIG["title"]))
