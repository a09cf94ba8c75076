"""Streamlit pieces of the what-if page: the headline and its plain-words reading, the views (results, comparison,
sensitivity, reproduce, limits) and the fragment that reruns alone when a lever moves.

Moving a lever reruns only the fragment :func:`live`, and of the views only the open one; model runs, tables and
chart specs are cached per scenario (:mod:`smedx.ui.whatif_cache`). What does not depend on the levers (banner,
information panel, presets, assumption sliders, view tabs, chart titles, image downloads, the cross-check, the
limitations) sits outside the fragment. The controls are in :mod:`smedx.ui.whatif_controls`, the results view in
:mod:`smedx.ui.whatif_results`, the comparison in :mod:`smedx.ui.whatif_compare`.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import provenance, whatif, whatif_downloads, whatif_text
from smedx.charts import whatif as charts
from smedx.i18n import t
from smedx.memo import shared
from smedx.model import simulate
from smedx.model.params import ModelSpec, Scenario, load_spec
from smedx.model.snippet import python_snippet
from smedx.ui import components as ui
from smedx.ui import whatif_controls as controls
from smedx.ui import whatif_results as results_ui
from smedx.ui.whatif_cache import derived, run_cached, sobol_cached
from smedx.ui.whatif_compare import compare

N_LIMITATIONS = 9
PAGE = "whatif"
VIEW_KEY = "wi_view"  # the page-level ``view`` key is left to the app; this one is the fragment's own


@shared(2)
def _pilot_check(lang: str) -> tuple[pa.Table, str]:
    """The firms-one-award-funds cross-check table (as Arrow, converted once) and its source caption."""
    table = pa.Table.from_pandas(whatif.pilot_check_table(load_spec(), lang), preserve_index=False)
    return table, provenance.caption(whatif.pilot_check_rows(), lang)


@dataclass(frozen=True)
class Slots:
    """What the fragment fills: the headline on top, the control layout's lever slots, the open view and its
    container (for the results: the static frame's slots)."""

    top: DeltaGenerator
    layout: controls.Layout
    view: str
    body: DeltaGenerator
    results: results_ui.Frame | None = None


def headline(result: simulate.Result, lang: str) -> None:
    """The national headline metrics and their plain-words reading."""
    with st.container(horizontal=True):  # one block instead of five columns: cheaper on every slider move
        for label, value, help_text in derived(whatif_text.headline, result, lang):
            st.metric(label, value, help=help_text, border=True)
    st.markdown(derived(whatif_text.reading, result, lang))


def check(layout: controls.Layout, lang: str) -> None:
    """The 2021 check. It depends on the assumptions and the calibration only (static widgets), not on the live
    levers, so it is drawn outside the fragment from the reference run of the same assumptions."""
    result = run_cached(controls.reference_scenario(load_spec(), layout), ())
    passed, text = derived(whatif_text.validation, result, lang)
    (st.info if passed else st.warning)(text, icon=":material/check_circle:" if passed else ":material/error:")


def sensitivity_view(spec: ModelSpec, scenario: Scenario, result: simulate.Result, lang: str) -> None:
    """Sobol indices of the gain of the nation and the pilot segment (computed only while this view is open)."""
    st.subheader(t("whatif.sens_title", lang))
    table = whatif.sensitivity_table(sobol_cached(scenario), lang)
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


#: The open view's body in the fragment (results: filled into the static frame the page run drew).
VIEW_BODIES: dict[str, Callable[[ModelSpec, Scenario, simulate.Result, str], None]] = {
    "compare": compare, "sensitivity": sensitivity_view, "reproduce": reproduce,
}


def simulator(lang: str) -> None:
    """The simulator. What does not depend on the levers (the banner, headings, information panel, presets,
    assumption sliders, view tabs, chart titles, image downloads) is drawn once per page run; the fragment
    :func:`live` fills its slots with the lever sliders, the headline and the open view's results, and alone
    reruns when a widget in it changes."""
    spec = load_spec()
    st.warning(t("whatif.not_forecast", lang), icon=":material/warning:")
    # The live levers beside the headline and the open view: on a phone the columns stack, so the result comes
    # right after the levers people move; the rarely changed settings and the assumptions follow below.
    left, right = st.columns([2, 5], gap="large")
    more = st.container()
    with left:
        layout = controls.control_layout(spec, lang, more)
    frame = None
    with right:
        top = st.container()  # the headline, filled by the fragment once the sliders have produced the scenario
        view, body = ui.view_tabs(lang, PAGE, VIEW_KEY)
        if view == "results":  # the static frame of the results; the fragment fills its slots
            with body:
                reference = controls.reference_scenario(spec, layout)
                frame = results_ui.draw_frame(int(reference.levers["horizon"]), lang)
                check(layout, lang)
        elif view == "limits":
            with body:
                limits_view(lang)
    live(Slots(top, layout, view, body, frame), lang)


@st.fragment
def live(slots: Slots, lang: str) -> None:
    """Everything that depends on the lever sliders, written into the layout's slots (only the open view is
    built)."""
    spec = load_spec()
    scenario = controls.controls(spec, slots.layout, lang)
    result = run_cached(scenario, results_ui.shown_levels(lang) if slots.results else ())
    with slots.top:
        headline(result, lang)
    if slots.results is not None:
        results_ui.fill(slots.results, result, lang)
    elif slots.view in VIEW_BODIES:
        with slots.body:
            VIEW_BODIES[slots.view](spec, scenario, result, lang)
