"""The what-if results view: the gain chart and its attribution for the chosen unit, then levels, units and the
region map in tabs.

The page run draws the static frame (unit choice, titles, tabs, the image downloads); a lever move reruns only
:func:`fill` in the fragment, which writes the charts and the sentences that depend on the result into the frame's
slots. Every element a lever move sends costs the browser a render, so only those are in the fragment.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import geo, headlines, whatif, whatif_text
from smedx.charts import whatif as charts
from smedx.exports.charts import frame as chart_frame
from smedx.exports.images import filename, render
from smedx.i18n import t
from smedx.memo import shared
from smedx.model import programme, simulate
from smedx.model.baseline import SEGMENT, load_units
from smedx.model.params import Scenario, to_query
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links
from smedx.ui import maps as maps_ui
from smedx.ui.shell import briefing
from smedx.ui.whatif_cache import derived, run_cached

PAGE = "whatif"
UNIT_KEY = "wi_unit"  # the charts' unit (``?wi_unit=``)
UNIT_TAB_KEY = "wi_tab"  # the open tab of the results: how to read them, levels, regions, clusters, cities, map
UNIT_TABS = whatif.UNIT_TABS


@shared(8)
def _unit_names(levels: tuple[str, ...], ids: tuple[str, ...], lang: str) -> dict[str, str]:
    return {g: whatif.unit_name(level, g, lang) for level, g in zip(levels, ids, strict=True)}


def unit_names(lang: str) -> dict[str, str]:
    """Unit id → its name in ``lang``, for every unit of the model (nation, segment, regions, clusters, cities)."""
    every = load_units()
    return _unit_names(every.geo_level, every.geo_id, lang)


def chosen_unit() -> str:
    """The charts' unit (the selectbox of the static frame; the nation before it exists)."""
    unit = st.session_state.get(UNIT_KEY)
    return unit if unit in load_units().geo_id else "CN"


def shown_levels(lang: str) -> tuple[str, ...]:
    """The geo levels the results view shows on this rerun besides the nation and the segment: the open unit tab's
    (the map's: regions) and the chart unit's. Read from the widgets' state, so a slider move runs the model for
    those units only."""
    tab = links.open_tab(PAGE, UNIT_TAB_KEY, lang)
    unit = links.value(PAGE, UNIT_KEY)
    units = load_units()
    unit_level = units.geo_level[units.geo_id.index(unit)] if unit in units.geo_id else "nation"
    tab_level = {"map": "region", "levels": "nation", "notes": "nation"}.get(tab, tab)
    return tuple(sorted({tab_level, unit_level} - {"nation", SEGMENT[0]}))


def _gain_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    return charts.gain_fan(whatif.gain_path(result, unit), lang)


def _levels_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    target = programme.segment_target().value if unit == SEGMENT[1] else None
    return charts.levels(whatif.level_path(result, unit, lang), lang, target)


def _attribution_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    return charts.decomposition(whatif.attribution(result, unit, lang), lang)


def _bars_spec(result: simulate.Result, level: str, lang: str) -> dict:
    return charts.gain_bars(whatif.gains(result, level, lang), lang)


def _units_arrow(result: simulate.Result, level: str, lang: str) -> pa.Table:
    """:func:`smedx.whatif.units_table` as an Arrow table (built from the columns, no DataFrame on the way)."""
    return pa.table(whatif.units_columns(result, level, lang))


def summary(result: simulate.Result, unit: str, lang: str) -> str:
    """The one-sentence reading of the gain chart: the headline (the nation) or the unit's attribution."""
    return (headlines.headline("whatif", lang, result=result) if unit == "CN"
            else whatif.attribution_text(result, unit, lang))


@dataclass(frozen=True)
class Chart:
    """One what-if chart: its spec from (result, subject, lang), the subject (a unit id, or the geo level of a
    bar chart) and the unit its slide image is framed for."""

    spec: Callable[[simulate.Result, str, str], dict]
    subject: str
    unit: str
    part: str  # the file name's part, e.g. ``gain-CN``
    title: str


@dataclass
class Latest:
    """The scenario the fragment drew last: the image downloads of the static frame render it when clicked."""

    scenario: Scenario | None = None


@dataclass(frozen=True)
class Frame:
    """The static frame of the results: the chosen unit, the open tab and the slots the fragment fills."""

    unit: str
    tab: str
    gain: DeltaGenerator
    attr: DeltaGenerator
    tab_body: DeltaGenerator
    latest: Latest = field(default_factory=Latest)


def _image(latest: Latest, chart: Chart, lang: str, base: str, fmt: str) -> bytes:
    """The slide image of ``chart`` for the scenario drawn last: its headline (the nation) or attribution (a unit),
    "scenario, not a forecast", and the link that reopens this scenario and unit."""
    assert latest.scenario is not None, "the fragment draws a scenario before any image button can be clicked"
    result = run_cached(latest.scenario)
    export = chart_frame("whatif", PAGE, derived(chart.spec, result, chart.subject, lang), chart.title,
                         derived(summary, result, chart.unit, lang), t("whatif.not_forecast", lang), lang, base,
                         query={**to_query(result.scenario), UNIT_KEY: None if chart.unit == "CN" else chart.unit},
                         parts=(chart.part,), year=int(result.years[-1]))
    return render(export, fmt)


def _images(latest: Latest, chart: Chart, year: int, lang: str, key: str) -> None:
    """PNG · SVG of ``chart`` framed for slides, rendered on click from the scenario the fragment drew last."""
    if briefing():
        return
    base = exports_ui.base_url()
    stub = chart_frame("whatif", PAGE, {}, chart.title, "", "", lang, base, parts=(chart.part,), year=year)
    exports_ui.image_pair(lambda fmt: filename(stub, fmt), lambda fmt: _image(latest, chart, lang, base, fmt),
                          lang, key)


def draw_frame(year: int, lang: str) -> Frame:
    """The static frame: unit choice, chart titles, the unit tabs (only the open one is built) and the image
    downloads; ``year``: the horizon (the images' file names)."""
    names = unit_names(lang)
    links.widget(PAGE, UNIT_KEY, st.selectbox, t("whatif.unit_select", lang), list(names), format_func=names.get)
    unit = chosen_unit()
    every = load_units()
    level = every.geo_level[every.geo_id.index(unit)]
    latest = Latest()
    gain_title = t("whatif.gain_title", lang, unit=names[unit], measure=whatif.measure(level, lang))
    st.markdown(f"**{gain_title}**")
    gain = st.container()
    _images(latest, Chart(_gain_spec, unit, unit, f"gain-{unit}", gain_title), year, lang, "dl_wi_gain")
    attr_title = t("whatif.attr_title", lang, unit=names[unit])
    st.markdown(f"**{attr_title}**")
    attr = st.container()
    _images(latest, Chart(_attribution_spec, unit, unit, f"attribution-{unit}", attr_title), year, lang,
            "dl_wi_attr")
    # The region map has its own tab: redrawing a WebGL map on every slider move costs the browser far more
    # than the bars (see bench/bench_browser.py), so it is drawn only while its tab is open.
    tab, tabs = links.tabs(PAGE, UNIT_TAB_KEY, lang)
    with tabs[UNIT_TABS.index(tab)]:
        if tab == "notes":  # static: how to read the charts above (no chart, so a lever move redraws none here)
            st.caption(t("whatif.gain_note", lang, **whatif.bands(lang)) + " " + t("whatif.attr_note", lang))
            st.caption(t("whatif.units_note", lang, **whatif_text.text_fields(lang)))
            chart = None
        elif tab == "levels":
            title = t("whatif.levels_title", lang, measure=whatif.measure(level, lang))
            st.markdown(f"**{title}**  \n{t('whatif.levels_note', lang, **whatif.bands(lang))}")
            chart = Chart(_levels_spec, unit, unit, f"levels-{unit}", title)
        elif tab == "map":
            chart = None
        else:
            title = t("whatif.bars_title", lang, measure=whatif.measure(tab, lang))
            st.markdown(f"**{title}**")
            chart = Chart(_bars_spec, tab, "CN", tab, title)
        tab_body = st.container()
        if chart is not None:
            _images(latest, chart, year, lang, f"dl_wi_{tab}")
    return Frame(unit, tab, gain, attr, tab_body, latest)


def _region_map(result: simulate.Result, lang: str) -> None:
    gains = derived(whatif.gains, result, "region", lang)
    rates = dict(zip(gains["geo_id"], gains["p50"], strict=True))
    scale = geo.SequentialScale.for_values(list(rates.values()), step=0.001)
    with maps_ui.still_map_container("whatif", False):  # a swipe over the map scrolls the page on a phone
        st.pydeck_chart(charts.region_gain_deck(rates, scale, lang), height=480, key="wi_map")
    st.caption(t("whatif.map_note", lang, low=whatif.pp(scale.domain[0], lang, 3),
                 high=whatif.pp(scale.domain[1], lang, 3)))
    st.caption(geo.notice(lang))


def fill(frame: Frame, result: simulate.Result, lang: str) -> None:
    """The fragment's part of the results: what depends on the levers, written into the frame's slots."""
    frame.latest.scenario = result.scenario
    unit = frame.unit
    with frame.gain:
        shrink = derived(whatif_text.after_policy, result, lang, unit)
        if shrink:
            st.markdown(shrink)
        ui.chart(derived(_gain_spec, result, unit, lang), key="wi_gain", summary=derived(summary, result, unit, lang))
    with frame.attr:
        st.markdown(derived(whatif.attribution_text, result, unit, lang))
        ui.chart(derived(_attribution_spec, result, unit, lang), key="wi_attr")
    if frame.tab == "notes":  # static text only
        return
    with frame.tab_body:
        if frame.tab == "map":
            _region_map(result, lang)
        elif frame.tab == "levels":
            ui.chart(derived(_levels_spec, result, unit, lang), key="wi_levels")
        else:
            ui.chart(derived(_bars_spec, result, frame.tab, lang), key=f"wi_bars_{frame.tab}")
            if not briefing():
                st.dataframe(derived(_units_arrow, result, frame.tab, lang), hide_index=True, placeholder="—")
