"""Streamlit pieces of the what-if page: lever and assumption widgets (generated from the parameter file,
state bound to the URL), results, comparison of named scenarios, sensitivity, downloads and the reproduce snippet.

Moving a lever reruns only the fragment :func:`live`, and of the views (results, comparison, sensitivity,
reproduce) only the open one; model runs, tables and chart specs are cached per scenario. What does not depend on
the levers (banner, information panels, presets, assumption sliders, view tabs, the cross-check, the limitations)
sits outside the fragment.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import geo, provenance, whatif
from smedx.charts import whatif as charts
from smedx.i18n import t
from smedx.memo import shared
from smedx.model import sensitivity, simulate
from smedx.model.baseline import load_units
from smedx.model.params import PRESETS, ModelSpec, Param, Scenario, from_query, load_spec, to_query
from smedx.model.snippet import python_snippet
from smedx.places import place_name
from smedx.ui import components as ui
from smedx.ui.shell import briefing

SAVED_KEY = "wi_saved"
SAVED_PARAM = "cmp"
CURRENT = "current"
N_LIMITATIONS = 9


VIEWS = ("results", "compare", "sensitivity", "reproduce")
VIEW_KEY = "wi_view"  # the page-level ``view`` key is left to the app; this one is the fragment's own
UNIT_KEY = "wi_unit"  # the fan chart's unit (``?wi_unit=``)
UNIT_TAB_KEY = "wi_tab"  # the open tab of results by region / cluster / city / map


# Process-wide memos: results are shared read-only objects, looked up on every rerun for ~1 µs (not the ~0.1 ms
# of st.cache_resource's argument hashing).
@shared(128)
def _run(query: tuple[tuple[str, str], ...], levels: tuple[str, ...] | None) -> simulate.Result:
    return simulate.run(from_query(dict(query), load_spec()), levels=levels)


@shared(16)
def _sobol(query: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    return sensitivity.sobol(from_query(dict(query), load_spec()))


@shared(2)
def _pilot_check(lang: str) -> tuple[pa.Table, str]:
    """The firms-reached cross-check table (as Arrow, converted once) and its source caption (static data)."""
    spec = load_spec()
    table = pa.Table.from_pandas(whatif.pilot_check_table(spec, lang), preserve_index=False)
    return table, provenance.caption(whatif.pilot_check_rows(spec), lang)


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
    return {g: place_name(level, g, lang) for level, g in zip(levels, ids, strict=True)}


def _units_arrow(result: simulate.Result, level: str, lang: str) -> pa.Table:
    """:func:`smedx.whatif.units_table` as an Arrow table (built from the columns, no DataFrame on the way)."""
    return pa.table(whatif.units_columns(result, level, lang))


def _fan_spec(result: simulate.Result, unit: str, lang: str) -> dict:
    return charts.fan(whatif.path(result, unit, lang), lang)


def _bars_spec(result: simulate.Result, level: str, lang: str) -> dict:
    return charts.gain_bars(whatif.gains(result, level, lang), lang)


def _key(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(to_query(scenario).items()))


def run_cached(scenario: Scenario, levels: tuple[str, ...] | None = None) -> simulate.Result:
    """The model result of ``scenario`` (default draws and seed), cached across reruns and sessions; ``levels``:
    only the nation and the units of these geo levels (the same numbers as a run of all units, see
    :func:`smedx.model.simulate.run`), None: all units."""
    return _run(_key(scenario), levels)


def _results_levels(lang: str) -> tuple[str, ...]:
    """The geo levels the results view shows on this rerun besides the nation: the open unit tab's (the map's:
    regions) and the fan chart unit's. Read from the widgets' state before they are drawn, so a slider move runs
    the model for those units only."""
    tabs = {t(f"whatif.tab_{view}", lang): view for view in (*whatif.UNIT_LEVELS, "map")}
    tab = tabs.get(st.session_state.get(UNIT_TAB_KEY), whatif.UNIT_LEVELS[0])
    unit = st.session_state.get(UNIT_KEY) or st.query_params.get(UNIT_KEY)
    units = load_units()
    unit_level = units.geo_level[units.geo_id.index(unit)] if unit in units.geo_id else "nation"
    return tuple(sorted({"region" if tab == "map" else tab, unit_level} - {"nation"}))


@lru_cache(maxsize=64)
def _info_text(param_id: str, lang: str) -> tuple[str, str]:
    """(Markdown body, caption) of a parameter's information panel; static, built once per process."""
    param = load_spec().params[param_id]
    table, source = whatif.evidence_panel(param.id, lang)
    body = [t("whatif.info_grade", lang, grade=param.grade, grade_text=t(f"whatif.grade_{param.grade}", lang),
              tag=t(f"whatif.tag_{param.tag}", lang)),
            f"**{t('whatif.info_definition', lang)}** {param.text('description', lang)}",
            f"**{t('whatif.info_policy', lang)}** {param.text('policy', lang)}",
            table or t("whatif.info_no_evidence", lang)]
    return "\n\n".join(body), "\n\n".join(p for p in (source, t(f"whatif.meaning_{param.channel}", lang)) if p)


def _info_panel(param: Param, lang: str) -> None:
    """Definition, the Chinese policy it maps to, the evidence table with grades and sources, what the numbers
    mean."""
    body, caption = _info_text(param.id, lang)
    with st.expander(t("whatif.info_title", lang, label=param.text("label", lang)), icon=":material/info:"):
        st.markdown(body)
        st.caption(caption)


def _lever(param: Param, lang: str) -> float:
    label = whatif.param_label(param, lang)
    if param.options or param.unit == "year":
        # integer sliders: a select_slider would put the (language-dependent) option label into the URL
        value = st.slider(label, int(param.min), int(param.max), int(param.default), int(param.step), key=param.id,
                          bind="query-params")
        if param.options:
            st.caption(whatif.lever_text(param, value, lang))
    else:
        value = st.slider(label, param.min, param.max, float(param.default), param.step, key=param.id,
                          bind="query-params")
    return float(value)


def _assumption(param: Param, lang: str) -> tuple[float, float]:
    lo, hi = param.default  # type: ignore[misc]
    value = st.slider(f"{whatif.param_label(param, lang)} · {t('whatif.grade_badge', lang, grade=param.grade)}",
                      param.min, param.max, (lo, hi), param.step, key=param.id, bind="query-params",
                      help=param.text("description", lang))
    return float(value[0]), float(value[1])


def _apply_preset(spec: ModelSpec, preset: str) -> None:
    for param in spec.assumptions:
        st.session_state[param.id] = param.presets[preset]


@dataclass(frozen=True)
class Slots:
    """What the fragment works with: the containers of the static layout that it fills (the headline on top, one
    per lever slider, each followed by its information panel, and the open view's tab) and the assumption ranges
    (sliders outside the fragment: assumptions change rarely, and a move reruns the page)."""

    top: DeltaGenerator
    levers: dict[str, DeltaGenerator]
    assumptions: dict[str, tuple[float, float]]
    view: str
    body: DeltaGenerator


def _control_layout(spec: ModelSpec, lang: str) -> tuple[dict[str, DeltaGenerator], dict[str, tuple[float, float]]]:
    """Headings, a slot for each lever followed by its information panel, the presets and the assumption
    sliders; returns the lever slots and the assumption ranges."""
    st.subheader(t("whatif.levers_title", lang))
    st.caption(t("whatif.levers_note", lang))
    slots = {}
    for param in spec.levers:
        slots[param.id] = st.container()
        _info_panel(param, lang)
    st.subheader(t("whatif.assumptions_title", lang))
    st.caption(t("whatif.assumptions_note", lang))
    for column, preset in zip(st.columns(len(PRESETS)), PRESETS, strict=True):
        column.button(t(f"whatif.preset_{preset}", lang), key=f"wi_preset_{preset}", on_click=_apply_preset,
                      args=(spec, preset), width="stretch")
    with st.expander(t("whatif.assumptions_expand", lang), expanded=False):
        return slots, {param.id: _assumption(param, lang) for param in spec.assumptions}


def controls(spec: ModelSpec, slots: Slots, lang: str) -> Scenario:
    """Lever sliders in their slots; returns the scenario they describe with the assumption ranges."""
    lever_values = {}
    for param in spec.levers:
        with slots.levers[param.id]:
            lever_values[param.id] = _lever(param, lang)
    # normalised through the URL form, so the model, the cache key and the snippet see identical values
    return from_query(to_query(Scenario(lever_values, slots.assumptions)), spec)


def _saved() -> dict[str, dict[str, str]]:
    """Named scenarios of this session (name → query), seeded from the URL's repeated ``cmp`` parameter."""
    if SAVED_KEY not in st.session_state:
        saved: dict[str, dict[str, str]] = {}
        for entry in st.query_params.get_all(SAVED_PARAM)[: whatif.MAX_SAVED]:
            name, _, query = entry.partition("::")
            if name:
                saved[name] = dict(parse_qsl(query))
        st.session_state[SAVED_KEY] = saved
    return st.session_state[SAVED_KEY]


def _write_saved(saved: dict[str, dict[str, str]]) -> None:
    st.session_state[SAVED_KEY] = saved
    st.query_params[SAVED_PARAM] = [f"{name}::{urlencode(query)}" for name, query in saved.items()]


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
    scale = geo.SequentialScale.for_values(list(rates.values()), step=0.05)
    st.pydeck_chart(charts.region_gain_deck(rates, scale, lang), height=480, key="wi_map")
    st.caption(t("whatif.map_note", lang, low=f"{scale.domain[0]:.2f}", high=f"{scale.domain[1]:.2f}"))
    st.caption(geo.notice(lang))


def headline(result: simulate.Result, lang: str) -> None:
    """The national headline metrics."""
    with st.container(horizontal=True):  # one block instead of five columns: cheaper on every slider move
        for label, value, help_text in derived(whatif.headline, result, lang):
            st.metric(label, value, help=help_text, border=True)


def results(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """The fan chart with the reference scenario, validation, results by region/cluster/city and the region map."""
    every = load_units()  # the result holds only the units shown (see _results_levels)
    units = _unit_names(every.geo_level, every.geo_id, lang)
    unit = st.selectbox(t("whatif.unit_select", lang), list(units), format_func=units.get, key=UNIT_KEY,
                        bind="query-params")
    st.markdown(f"**{t('whatif.fan_title', lang, unit=units[unit])}**")
    ui.chart(derived(_fan_spec, result, unit, lang), key="wi_fan")
    st.caption(t("whatif.fan_note", lang))
    with st.expander(t("whatif.funding_why_title", lang), icon=":material/help:"):
        st.markdown(derived(whatif.funding_note, result, lang))
    check = result.checks
    st.info(t("whatif.validation", lang, year=int(check["year"]), lo=f"{check['band_lower']:.0f}",
              hi=f"{check['band_upper']:.0f}", p05=f"{check['p05']:.1f}", p50=f"{check['p50']:.1f}",
              p95=f"{check['p95']:.1f}", share=f"{check['share_in_band'] * 100:.0f}"))
    # The region map has its own tab: redrawing a WebGL map on every slider move costs the browser far more
    # than the bars (see bench/bench_browser.py), so it is drawn only while its tab is open.
    views = (*whatif.UNIT_LEVELS, "map")
    tabs = st.tabs([t(f"whatif.tab_{view}", lang) for view in views], key=UNIT_TAB_KEY, on_change="rerun")
    for tab, view in zip(tabs, views, strict=True):
        if not tab.open:  # only the selected tab is built (a slider rerun pays for one map or table)
            continue
        with tab:
            if view == "map":
                _region_map(result, lang)
                continue
            ui.chart(derived(_bars_spec, result, view, lang), key=f"wi_bars_{view}")
            if not briefing():
                st.dataframe(derived(_units_arrow, result, view, lang), hide_index=True, placeholder="—")
    st.caption(t("whatif.units_note", lang, **whatif.text_fields(lang)))


def sensitivity_view(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """Sobol indices of the national gain (computed only while this view is open, cached per scenario)."""
    st.subheader(t("whatif.sens_title", lang))
    table = whatif.sensitivity_table(_sobol(_key(scenario)), lang)
    if table["ST"].isna().all():
        st.caption(t("whatif.sens_none", lang))
    else:
        ui.chart(charts.sensitivity_bars(table, lang), key="wi_sens_chart")
        st.caption(t("whatif.sens_note", lang))


def reproduce(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """CSV downloads of the result tables and the reproduce-in-Python snippet."""
    # all units, run when a download is clicked (the view itself needs no model result)
    ui.csv_download(lambda: whatif.summary_csv(run_cached(scenario), lang), "whatif_summary.csv", lang,
                    "wi_dl_summary")
    ui.csv_download(lambda: run_cached(scenario).paths, "whatif_paths.csv", lang, "wi_dl_paths")
    st.subheader(t("whatif.snippet_title", lang))
    st.code(python_snippet(scenario, result.n_draws, result.seed), language="python")


def cross_check(lang: str) -> None:
    """The firms-reached cross-check of the funding lever (static: outside the fragment)."""
    st.subheader(t("whatif.check_title", lang))
    st.markdown(t("whatif.check_intro", lang, **whatif.text_fields(lang)))
    table, caption = _pilot_check(lang)
    st.dataframe(table, hide_index=True, placeholder="—")
    st.caption(caption)


def limitations(lang: str) -> None:
    """The limitations list."""
    st.subheader(t("whatif.lim_title", lang))
    fields = whatif.text_fields(lang)
    st.markdown("\n".join(f"{i}. {t(f'whatif.lim_{i}', lang, **fields)}" for i in range(1, N_LIMITATIONS + 1)))


VIEW_BODIES: dict[str, Callable[[ModelSpec, Scenario, simulate.Result, str], None]] = {
    "results": results, "compare": compare, "sensitivity": sensitivity_view, "reproduce": reproduce,
}


def simulator(lang: str) -> None:
    """The simulator. What does not depend on the levers (the banner, headings, information panels, presets,
    assumption sliders, view tabs) is drawn once per page run; the fragment :func:`live` fills its slots with the
    lever sliders, the headline and the open view, and alone reruns when a widget in it changes."""
    spec = load_spec()
    st.warning(t("whatif.not_forecast", lang), icon=":material/warning:")
    top = st.container()  # the headline, filled by the fragment once the sliders have produced the scenario
    left, right = st.columns([2, 5], gap="large")
    with left:
        levers, assumptions = _control_layout(spec, lang)
    with right:
        view, body = ui.view_tabs(lang, "whatif", VIEWS, key=VIEW_KEY)
    live(Slots(top, levers, assumptions, view, body), lang)


@st.fragment
def live(slots: Slots, lang: str) -> None:
    """Everything that depends on the lever sliders, written into the layout's slots (only the open view is
    built)."""
    spec = load_spec()
    scenario = controls(spec, slots, lang)
    result = run_cached(scenario, _results_levels(lang) if slots.view == "results" else ())
    with slots.top:
        headline(result, lang)
    with slots.body:
        VIEW_BODIES[slots.view](spec, scenario, result, lang)
