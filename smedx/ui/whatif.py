"""Streamlit pieces of the what-if page: the headline and its plain-words reading, results (gain, attribution,
levels, units, map), comparison of named scenarios, sensitivity, downloads and the reproduce snippet.

Moving a lever reruns only the fragment :func:`live`, and of the views (results, comparison, sensitivity,
reproduce) only the open one; model runs, tables and chart specs are cached per scenario. What does not depend on
the levers (banner, information panel, presets, assumption sliders, view tabs, the cross-check, the limitations)
sits outside the fragment. The controls are in :mod:`smedx.ui.whatif_controls`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import geo, headlines, provenance, urlstate, whatif, whatif_downloads, whatif_text
from smedx.charts import whatif as charts
from smedx.exports.charts import frame
from smedx.i18n import t
from smedx.memo import shared
from smedx.model import programme, sensitivity, simulate
from smedx.model.baseline import SEGMENT, load_units
from smedx.model.params import ModelSpec, Scenario, from_query, load_spec, to_query
from smedx.model.snippet import python_snippet
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links
from smedx.ui import whatif_controls as controls
from smedx.ui.shell import briefing

SAVED_KEY = "wi_saved"
SAVED_PARAM = "cmp"
N_LIMITATIONS = 9
PAGE = "whatif"
VIEWS = urlstate.TABS[PAGE]
VIEW_KEY = "wi_view"  # the page-level ``view`` key is left to the app; this one is the fragment's own
UNIT_KEY = "wi_unit"  # the charts' unit (``?wi_unit=``)
UNIT_TAB_KEY = "wi_tab"  # the open tab of the results: levels, regions, clusters, cities, map
UNIT_TABS = whatif.UNIT_TABS


# Process-wide memos: results are shared read-only objects, looked up on every rerun for ~1 µs (not the ~0.1 ms
# of st.cache_resource's argument hashing).
# Keyed by the scenario's URL form (computed once per rerun, :func:`_key`); the scenario itself is passed along
# (``_scenario``: not part of the key), so it is not converted back from the strings.
@shared(128)
def _run(query: tuple[tuple[str, str], ...], levels: tuple[str, ...] | None, _scenario: Scenario) -> simulate.Result:
    return simulate.run(_scenario, levels=levels)


@shared(16)
def _sobol(query: tuple[tuple[str, str], ...], _scenario: Scenario) -> Any:
    return sensitivity.sobol(_scenario)


@shared(2)
def _pilot_check(lang: str) -> tuple[pa.Table, str]:
    """The firms-one-award-funds cross-check table (as Arrow, converted once) and its source caption."""
    table = pa.Table.from_pandas(whatif.pilot_check_table(load_spec(), lang), preserve_index=False)
    return table, provenance.caption(whatif.pilot_check_rows(), lang)


class _Same:
    """Hashes by identity: a cached model result (the same object for the same scenario) as a cache key."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


@lru_cache(maxsize=256)
def _derived(function: Callable[..., Any], result: _Same, *args: Any) -> Any:
    return function(result.obj, *args)


def derived(function: Callable[..., Any], result: simulate.Result, *args: Any) -> Any:
    """``function(result, *args)`` computed once per cached result: a rerun with an unchanged scenario (another
    widget, a tab switch) reuses the tables and chart specs; treat them as read-only."""
    return _derived(function, _Same(result), *args)


@shared(8)
def _unit_names(levels: tuple[str, ...], ids: tuple[str, ...], lang: str) -> dict[str, str]:
    return {g: whatif.unit_name(level, g, lang) for level, g in zip(levels, ids, strict=True)}


def _units_arrow(result: simulate.Result, level: str, lang: str) -> pa.Table:
    """:func:`smedx.whatif.units_table` as an Arrow table (built from the columns, no DataFrame on the way)."""
    return pa.table(whatif.units_columns(result, level, lang))


def _gain_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    return charts.gain_fan(whatif.gain_path(result, unit), lang)


def _levels_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    target = programme.segment_target().value if unit == SEGMENT[1] else None
    return charts.levels(whatif.level_path(result, unit, lang), lang, target)


def _attribution_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    return charts.decomposition(whatif.attribution(result, unit, lang), lang)


def _bars_spec(result: simulate.Result, level: str, lang: str) -> dict:
    return charts.gain_bars(whatif.gains(result, level, lang), lang)


def _summary(result: simulate.Result, unit: str, lang: str) -> str:
    """The one-sentence reading of the gain chart: the headline (the nation) or the unit's attribution."""
    return (headlines.headline("whatif", lang, result=result) if unit == "CN"
            else whatif.attribution_text(result, unit, lang))


def _images(result: simulate.Result, spec: dict, title: str, unit: str, part: str, lang: str, key: str) -> None:
    """PNG · SVG of a what-if chart framed for slides: the scenario's headline (the nation) or attribution (a unit),
    "scenario, not a forecast", and the link that reopens this scenario and unit."""
    subtitle = derived(_summary, result, unit, lang)
    export = frame("whatif", "whatif", spec, title, subtitle, t("whatif.not_forecast", lang), lang,
                   exports_ui.base_url(), query={**to_query(result.scenario), UNIT_KEY: None if unit == "CN" else unit},
                   parts=(part,), year=int(result.years[-1]))
    exports_ui.export_downloads(export, lang, key)


def _key(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(to_query(scenario).items()))


def run_cached(scenario: Scenario, levels: tuple[str, ...] | None = None) -> simulate.Result:
    """The model result of ``scenario`` (default draws and seed), cached across reruns and sessions; ``levels``:
    only the nation, the pilot segment and the units of these geo levels (the same numbers as a run of all units,
    see :func:`smedx.model.simulate.run`), None: all units."""
    return _run(_key(scenario), levels, scenario)


def _results_levels(lang: str) -> tuple[str, ...]:
    """The geo levels the results view shows on this rerun besides the nation and the segment: the open unit tab's
    (the map's: regions) and the chart unit's. Read from the widgets' state before they are drawn, so a slider move
    runs the model for those units only."""
    tab = links.open_tab(PAGE, UNIT_TAB_KEY, lang)
    unit = links.value(PAGE, UNIT_KEY)
    units = load_units()
    unit_level = units.geo_level[units.geo_id.index(unit)] if unit in units.geo_id else "nation"
    tab_level = {"map": "region", "levels": "nation"}.get(tab, tab)
    return tuple(sorted({tab_level, unit_level} - {"nation", SEGMENT[0]}))


@dataclass(frozen=True)
class Slots:
    """What the fragment fills: the headline on top, the control layout's lever slots, and the open view's tab."""

    top: DeltaGenerator
    layout: controls.Layout
    view: str
    body: DeltaGenerator


def headline(result: simulate.Result, lang: str) -> None:
    """The national headline metrics and their plain-words reading."""
    with st.container(horizontal=True):  # one block instead of five columns: cheaper on every slider move
        for label, value, help_text in derived(whatif_text.headline, result, lang):
            st.metric(label, value, help=help_text, border=True)
    st.markdown(derived(whatif_text.reading, result, lang))


def _saved() -> dict[str, dict[str, str]]:
    """Named scenarios of this session (name → query), seeded from the URL's repeated ``cmp`` parameter."""
    if SAVED_KEY not in st.session_state:
        saved: dict[str, dict[str, str]] = {}
        for entry in links.value(PAGE, SAVED_PARAM):
            name, _, query = entry.partition("::")
            if name:
                saved[name] = dict(parse_qsl(query))
        st.session_state[SAVED_KEY] = saved
    return st.session_state[SAVED_KEY]


def _write_saved(saved: dict[str, dict[str, str]]) -> None:
    st.session_state[SAVED_KEY] = saved
    links.store(PAGE, urlstate.key(PAGE, SAVED_PARAM), [f"{name}::{urlencode(query)}" for name, query in saved.items()])


def _save(query: dict[str, str], fallback_name: str) -> None:
    """Button callback: store the current scenario under the typed name (callbacks survive the shell's rerun)."""
    name = str(st.session_state.get("wi_name") or "").strip() or fallback_name
    _write_saved({**_saved(), name: query})


def _remove(name: str) -> None:
    _write_saved({k: v for k, v in _saved().items() if k != name})


def compare(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """Save up to three named scenarios and show them side by side with the current one (``result``)."""
    st.subheader(t("whatif.compare_title", lang))
    saved = _saved()
    name_col, save_col = st.columns([3, 1], vertical_alignment="bottom")
    name_col.text_input(t("whatif.compare_name", lang), key="wi_name",
                        placeholder=t("whatif.compare_placeholder", lang, n=len(saved) + 1))
    full = len(saved) >= whatif.MAX_SAVED
    save_col.button(t("whatif.compare_save", lang), key="wi_save", disabled=full, width="stretch",
                    on_click=_save, args=(to_query(scenario), t("whatif.compare_placeholder", lang, n=len(saved) + 1)))
    if full:
        st.caption(t("whatif.compare_full", lang, n=whatif.MAX_SAVED))
    if not saved:
        st.caption(t("whatif.compare_empty", lang))
        return
    for label in list(saved):
        st.button(t("whatif.compare_remove", lang, name=label), key=f"wi_rm_{label}", on_click=_remove, args=(label,))
    current = t("whatif.compare_current", lang)
    scenarios = {current: scenario, **{k: from_query(v, spec) for k, v in saved.items()}}
    results = {k: result if k == current else run_cached(s, ()) for k, s in scenarios.items()}
    st.dataframe(whatif.outcomes_table(results, lang), hide_index=True, placeholder="—")
    settings = whatif.settings_table(scenarios, spec, lang)
    st.markdown(f"**{t('whatif.compare_settings', lang)}**")
    st.dataframe(settings[settings["differs"]].drop(columns="differs"), hide_index=True, placeholder="—")


def _region_map(result: simulate.Result, lang: str) -> None:
    gains = derived(whatif.gains, result, "region", lang)
    rates = dict(zip(gains["geo_id"], gains["p50"], strict=True))
    scale = geo.SequentialScale.for_values(list(rates.values()), step=0.001)
    st.pydeck_chart(charts.region_gain_deck(rates, scale, lang), height=480, key="wi_map")
    st.caption(t("whatif.map_note", lang, low=whatif.pp(scale.domain[0], lang, 3),
                 high=whatif.pp(scale.domain[1], lang, 3)))
    st.caption(geo.notice(lang))


def _unit_tab(view: str, unit: str, level: str, result: simulate.Result, lang: str) -> None:
    if view == "map":
        _region_map(result, lang)
    elif view == "levels":
        st.markdown(f"**{t('whatif.levels_title', lang, measure=whatif.measure(level, lang))}**  \n"
                    f"{t('whatif.levels_note', lang, **whatif.bands(lang))}")
        ui.chart(derived(_levels_spec, result, unit, lang), key="wi_levels")
        _images(result, derived(_levels_spec, result, unit, lang),
                t("whatif.levels_title", lang, measure=whatif.measure(level, lang)), unit, f"levels-{unit}", lang,
                "dl_wi_levels")
    else:
        st.markdown(f"**{t('whatif.bars_title', lang, measure=whatif.measure(view, lang))}**")
        ui.chart(derived(_bars_spec, result, view, lang), key=f"wi_bars_{view}")
        _images(result, derived(_bars_spec, result, view, lang),
                t("whatif.bars_title", lang, measure=whatif.measure(view, lang)), "CN", view, lang, f"dl_wi_{view}")
        if not briefing():
            st.dataframe(derived(_units_arrow, result, view, lang), hide_index=True, placeholder="—")


def _chosen_unit() -> str:
    """The charts' unit (the selectbox outside the fragment; the nation before it exists)."""
    unit = st.session_state.get(UNIT_KEY)
    return unit if unit in load_units().geo_id else "CN"


def unit_select(lang: str) -> None:
    """The charts' unit, chosen rarely: outside the fragment (a change reruns the page)."""
    every = load_units()
    names = _unit_names(every.geo_level, every.geo_id, lang)
    links.widget(PAGE, UNIT_KEY, st.selectbox, t("whatif.unit_select", lang), list(names), format_func=names.get)


def check(layout: controls.Layout, lang: str) -> None:
    """The 2021 check. It depends on the assumptions and the calibration only (static widgets), not on the live
    levers, so it is drawn outside the fragment from the reference run of the same assumptions."""
    result = run_cached(controls.reference_scenario(load_spec(), layout), ())
    passed, text = derived(whatif_text.validation, result, lang)
    (st.info if passed else st.warning)(text, icon=":material/check_circle:" if passed else ":material/error:")


def results(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """The gain chart and its attribution for the chosen unit, and levels, units and map in tabs."""
    every = load_units()  # the result holds only the units shown (see _results_levels)
    names = _unit_names(every.geo_level, every.geo_id, lang)
    unit = _chosen_unit()
    level = every.geo_level[every.geo_id.index(unit)]
    measure = whatif.measure(level, lang)
    # titles and their one-line readings share one element: every element costs the browser on each lever move
    shrink = derived(whatif_text.after_policy, result, lang, unit)
    st.markdown(f"**{t('whatif.gain_title', lang, unit=names[unit], measure=measure)}**"
                + (f"  \n{shrink}" if shrink else ""))
    ui.chart(derived(_gain_spec, result, unit, lang), key="wi_gain",
             summary=derived(_summary, result, unit, lang))
    _images(result, derived(_gain_spec, result, unit, lang), t("whatif.gain_title", lang, unit=names[unit],
            measure=measure), unit, f"gain-{unit}", lang, "dl_wi_gain")
    st.markdown(f"**{t('whatif.attr_title', lang, unit=names[unit])}**  \n"
                f"{derived(whatif.attribution_text, result, unit, lang)}")
    ui.chart(derived(_attribution_spec, result, unit, lang), key="wi_attr")
    _images(result, derived(_attribution_spec, result, unit, lang), t("whatif.attr_title", lang, unit=names[unit]),
            unit, f"attribution-{unit}", lang, "dl_wi_attr")
    # The region map has its own tab: redrawing a WebGL map on every slider move costs the browser far more
    # than the bars (see bench/bench_browser.py), so it is drawn only while its tab is open.
    _, tabs = links.tabs(PAGE, UNIT_TAB_KEY, lang)
    for tab, view in zip(tabs, UNIT_TABS, strict=True):
        if tab.open:  # only the selected tab is built (a slider rerun pays for one map or table)
            with tab:
                _unit_tab(view, unit, level, result, lang)


def sensitivity_view(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """Sobol indices of the gain of the nation and the pilot segment (computed only while this view is open)."""
    st.subheader(t("whatif.sens_title", lang))
    table = whatif.sensitivity_table(_sobol(_key(scenario), scenario), lang)
    if table["ST"].isna().all():
        st.caption(t("whatif.sens_none", lang))
        return
    ui.chart(charts.sensitivity_bars(table, lang), key="wi_sens_chart")
    st.caption(t("whatif.sens_note", lang))


def reproduce(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """CSV downloads of the result tables and the reproduce-in-Python snippet."""
    # all units, run when a download is clicked (the view itself needs no model result)
    ui.csv_download(lambda: whatif_downloads.summary(run_cached(scenario), lang), "whatif_summary.csv", lang,
                    "wi_dl_summary")
    ui.csv_download(lambda: whatif_downloads.paths(run_cached(scenario), lang), "whatif_paths.csv", lang,
                    "wi_dl_paths")
    ui.csv_download(lambda: whatif_downloads.settings(spec, scenario, result.n_draws, result.seed, lang),
                    "whatif_scenario.csv", lang, "wi_dl_scenario")
    st.subheader(t("whatif.snippet_title", lang))
    st.code(python_snippet(scenario, result.n_draws, result.seed), language="python")


def cross_check(lang: str) -> None:
    """Firms one pilot award can fund vs the city plans' targets (static: outside the fragment)."""
    st.subheader(t("whatif.check_title", lang))
    st.markdown(t("whatif.check_intro", lang, **whatif_text.text_fields(lang)))
    table, caption = _pilot_check(lang)
    st.dataframe(table, hide_index=True, placeholder="—")
    st.caption(caption)


def limitations(lang: str) -> None:
    """The limitations list."""
    st.subheader(t("whatif.lim_title", lang))
    fields = whatif_text.text_fields(lang)
    st.markdown("\n".join(f"{i}. {t(f'whatif.lim_{i}', lang, **fields)}" for i in range(1, N_LIMITATIONS + 1)))


def method_note(lang: str) -> None:
    """Where the method is documented, with the draws and seed of the runs."""
    st.caption(t("whatif.method_note", lang, **whatif_text.text_fields(lang)))


def limits_view(lang: str) -> None:
    """The cross-check, the limitations and the method note: static, so drawn outside the fragment, and only
    while their view is open (every element on the page costs the browser on each lever move)."""
    cross_check(lang)
    limitations(lang)
    method_note(lang)


VIEW_BODIES: dict[str, Callable[[ModelSpec, Scenario, simulate.Result, str], None]] = {
    "results": results, "compare": compare, "sensitivity": sensitivity_view, "reproduce": reproduce,
}


def simulator(lang: str) -> None:
    """The simulator. What does not depend on the levers (the banner, headings, information panel, presets,
    assumption sliders, view tabs) is drawn once per page run; the fragment :func:`live` fills its slots with the
    lever sliders, the headline and the open view, and alone reruns when a widget in it changes."""
    spec = load_spec()
    st.warning(t("whatif.not_forecast", lang), icon=":material/warning:")
    # The live levers beside the headline and the open view: on a phone the columns stack, so the result comes
    # right after the levers people move; the rarely changed settings and the assumptions follow below.
    left, right = st.columns([2, 5], gap="large")
    more = st.container()
    with left:
        layout = controls.control_layout(spec, lang, more)
    with right:
        top = st.container()  # the headline, filled by the fragment once the sliders have produced the scenario
        view, body = ui.view_tabs(lang, PAGE, VIEW_KEY)
        if view == "results":  # the static parts of the results around the fragment's own container
            with body:
                unit_select(lang)
                body = st.container()
                check(layout, lang)
            st.caption(t("whatif.gain_note", lang, **whatif.bands(lang)) + " " + t("whatif.attr_note", lang))
            st.caption(t("whatif.units_note", lang, **whatif_text.text_fields(lang)))
        elif view == "limits":
            with body:
                limits_view(lang)
    live(Slots(top, layout, view, body), lang)


@st.fragment
def live(slots: Slots, lang: str) -> None:
    """Everything that depends on the lever sliders, written into the layout's slots (only the open view is
    built)."""
    spec = load_spec()
    scenario = controls.controls(spec, slots.layout, lang)
    result = run_cached(scenario, _results_levels(lang) if slots.view == "results" else ())
    with slots.top:
        headline(result, lang)
    if slots.view in VIEW_BODIES:
        with slots.body:
            VIEW_BODIES[slots.view](spec, scenario, result, lang)
