"""Controls of the what-if page, generated from the parameter file: lever sliders with the marks of the real
programmes, programme presets, assumption ranges with their presets, and the information panel of every parameter.

Every widget is kept in the URL through the registry (:mod:`smedx.urlstate`; ``?budget=66.7``: ids and numbers,
never labels), so a link reopens the scenario in either language.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from smedx import whatif
from smedx.i18n import t
from smedx.model import programme
from smedx.model.params import PRESETS, ModelSpec, Param, Scenario, load_spec, snap
from smedx.ui import links
from smedx.whatif_text import lever_marks

#: Levers shown with the assumptions (a modelling choice, not a policy).
SETTING_CHANNELS = ("calibration",)
#: The levers people move while watching the result: their sliders are in the fragment (a move reruns it alone).
#: The others (design, intensity, timing) change rarely and sit in the static layout: a move reruns the page.
LIVE_LEVERS = ("budget", "retrofit_share", "subsidy", "trained")
#: Levers whose marks depend on other levers' values (written by the fragment); the others' marks are static.
LIVE_MARKS = ("budget",)
LEVER_GROUPS = ("funding", "design", "talent", "timing")
PAGE = "whatif"


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


def explainer(spec: ModelSpec, lang: str) -> None:
    """One information panel for every lever and assumption: pick a parameter, read its definition, the Chinese
    policy it maps to, the evidence table with grades and sources, and what it means. (One panel, not one expander
    per parameter: every element on the page costs the browser on each lever move.)"""
    params = {param.id: param for param in spec.params.values()}
    with st.expander(t("whatif.info_heading", lang), icon=":material/info:"):
        pid = st.selectbox(t("whatif.info_pick", lang), list(params), key="wi_info",
                           format_func=lambda p: whatif.param_label(params[p], lang))
        body, caption = _info_text(pid, lang)
        st.markdown(f"**{t('whatif.info_title', lang, label=params[pid].text('label', lang))}**\n\n{body}")
        st.caption(caption)


def lever(param: Param, spec: ModelSpec, lang: str) -> float:
    """One lever slider (integer sliders for options and years, so the URL holds a number, not a label)."""
    label = whatif.param_label(param, lang)
    if param.options or param.unit == "year":
        value = links.widget(PAGE, param.id, st.slider, label, int(param.min), int(param.max), step=int(param.step))
        if param.options:
            st.caption(whatif.lever_text(param, value, lang))
    else:
        value = links.widget(PAGE, param.id, st.slider, label, param.min, param.max, step=param.step)
    return float(value)


@lru_cache(maxsize=1)
def _defaults() -> dict[str, float]:
    """The levers' defaults: the programme as announced (computed from data rows once per process)."""
    return programme.preset_levers(load_spec(), "as_announced")


def _assumption(param: Param, lang: str) -> tuple[float, float]:
    """A range slider (the range comes from its state, seeded by the registry)."""
    value = links.widget(PAGE, param.id, st.slider,
                         f"{whatif.param_label(param, lang)} · {t('whatif.grade_badge', lang, grade=param.grade)}",
                         param.min, param.max, step=param.step, help=param.text("description", lang))
    return float(value[0]), float(value[1])


def _apply_assumptions(spec: ModelSpec, preset: str) -> None:
    for param in spec.assumptions:
        st.session_state[param.id] = param.presets[preset]


def _apply_programme(spec: ModelSpec, preset: str) -> None:
    for pid, value in programme.preset_levers(spec, preset).items():
        param = spec.params[pid]
        if param.channel not in SETTING_CHANNELS:
            st.session_state[pid] = int(value) if param.options or param.unit == "year" else value


def policy_levers(spec: ModelSpec) -> list[Param]:
    """The levers in the left column, in file order (the calibration choice sits with the assumptions)."""
    return [p for p in spec.levers if p.channel not in SETTING_CHANNELS]


@dataclass(frozen=True)
class Layout:
    """What the static layout hands the fragment: a slot per live lever (filled with its slider and marks), the
    values of the other levers and the assumption ranges (widgets outside the fragment: they change rarely, and a
    move reruns the page)."""

    levers: dict[str, DeltaGenerator]
    settings: dict[str, float]
    assumptions: dict[str, tuple[float, float]]


def _grouped(params: list[Param]) -> list[tuple[Param, bool]]:
    """``params`` in file order, each flagged when it opens its group (the group's heading goes before it)."""
    flagged, group = [], None
    for param in params:
        flagged.append((param, param.channel != group))
        group = param.channel
    return flagged


def _lever_row(param: Param, first: bool, spec: ModelSpec, lang: str, slots: dict[str, DeltaGenerator]) -> float | None:
    """A lever's group heading (if it opens one), its slot (a live lever's, filled by the fragment; None) or its
    slider (the value), and its static marks."""
    if first:
        st.markdown(f"**{t(f'whatif.group_{param.channel}', lang)}**")
    if param.id in LIVE_LEVERS:
        slots[param.id] = st.container()
        value = None
    else:
        value = lever(param, spec, lang)
    if param.id not in LIVE_MARKS:  # static marks: drawn once per page run, not on every lever move
        marks = lever_marks(param, spec, _defaults(), lang)
        if marks:
            st.caption(marks)
    return value


def control_layout(spec: ModelSpec, lang: str, more: DeltaGenerator) -> Layout:
    """The programme presets and a slot for each live lever (with its marks) where it is called; in ``more``
    (below the results, so that on a phone the result follows the first levers): the other levers, the
    assumption presets, the calibration choice, the assumption sliders and every parameter's information panel."""
    st.subheader(t("whatif.levers_title", lang))
    st.caption(t("whatif.levers_note", lang))
    with st.container(horizontal=True):
        for preset in programme.PRESETS:
            st.button(t(f"whatif.programme_{preset}", lang), key=f"wi_programme_{preset}", on_click=_apply_programme,
                      args=(spec, preset))
    slots, settings = {}, {}
    for param, first in _grouped([p for p in policy_levers(spec) if p.id in LIVE_LEVERS]):
        _lever_row(param, first, spec, lang, slots)
    with more:
        st.subheader(t("whatif.more_title", lang))
        for param, first in _grouped([p for p in policy_levers(spec) if p.id not in LIVE_LEVERS]):
            settings[param.id] = _lever_row(param, first, spec, lang, slots)
        st.subheader(t("whatif.assumptions_title", lang))
        st.caption(t("whatif.assumptions_note", lang))
        with st.container(horizontal=True):
            for preset in PRESETS:
                st.button(t(f"whatif.preset_{preset}", lang), key=f"wi_preset_{preset}", on_click=_apply_assumptions,
                          args=(spec, preset))
        for param in spec.levers:
            if param.channel in SETTING_CHANNELS:
                settings[param.id] = lever(param, spec, lang)
        with st.expander(t("whatif.assumptions_expand", lang), expanded=False):
            assumptions = {param.id: _assumption(param, lang) for param in spec.assumptions}
        explainer(spec, lang)
    return Layout(slots, settings, assumptions)


def reference_scenario(spec: ModelSpec, layout: Layout) -> Scenario:
    """No additional policy under the layout's static levers and assumptions (the 2021 check's run)."""
    levers = {**programme.preset_levers(spec, "none"), **layout.settings}
    return on_grid(Scenario(levers, layout.assumptions), spec)


def controls(spec: ModelSpec, layout: Layout, lang: str) -> Scenario:
    """The live lever sliders (with the programmes' marks) in their slots; returns the scenario they and the static
    levers describe."""
    values = dict(layout.settings)
    for pid in LIVE_LEVERS:
        with layout.levers[pid]:
            values[pid] = lever(spec.params[pid], spec, lang)
    for pid in LIVE_MARKS:  # these marks depend on the other funding levers: written once all are read
        layout.levers[pid].caption(lever_marks(spec.params[pid], spec, values, lang))
    return on_grid(Scenario(values, layout.assumptions), spec)


def on_grid(scenario: Scenario, spec: ModelSpec) -> Scenario:
    """``scenario`` with every value on its parameter's step grid (a slider's float is not always on it), so
    the model, the cache key and the snippet see the values the link holds — no round trip through strings."""
    return Scenario({pid: snap(v, spec.params[pid]) for pid, v in scenario.levers.items()},
                    {pid: (snap(lo, spec.params[pid]), snap(hi, spec.params[pid]))
                     for pid, (lo, hi) in scenario.assumptions.items()})
