"""Tables and chart inputs of the what-if page, built from :mod:`smedx.model` results (pure pandas, no streamlit).

Levels are PERCENT, gains percentage points (pp), counts firms or firms per 10,000 SMEs of the unit. Every table is a
scenario under stated assumptions, not a forecast. The headline, the plain-words sentence and the notes are in
:mod:`smedx.whatif_text`.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from smedx import formatting, locators, provenance
from smedx.charts import table as chart_table
from smedx.figures import figure, label_of
from smedx.i18n import normalise_lang, t
from smedx.model import evidence, programme
from smedx.model.baseline import BASE_YEAR, LEVEL_INDICATORS, SEGMENT
from smedx.model.params import ModelSpec, Param, Scenario
from smedx.model.simulate import PERCENTILES, STAT_COLUMNS, Result
from smedx.places import place_name

UNIT_LEVELS = ("region", "cluster", "city")
UNIT_TABS = ("notes", "levels", *UNIT_LEVELS, "map")  # the results' tabs (``?wi_tab=``): how to read them, then
# the units' charts (the first, open by default, draws no chart: a lever move redraws only the charts above it)
MAX_SAVED = 3
ATTRIBUTION = ("funding", "training", "interaction")


def unit_name(level: str, geo_id: str, lang: str) -> str:
    """Display name of a model unit (the pilot segment has its own)."""
    return t("whatif.segment_name", lang) if level == SEGMENT[0] else place_name(level, geo_id, lang)


def measure(level: str, lang: str) -> str:
    """What a unit's share measures: the national "implemented a strategy" share, the "已开展" shares of regions,
    clusters and cities (labels of data/indicators.csv), or the pilot segment's share at digital level 2+."""
    return t("whatif.segment_measure", lang) if level == SEGMENT[0] else label_of(LEVEL_INDICATORS[level], lang)


def param_label(param: Param, lang: str) -> str:
    """Parameter label with its unit, e.g. "Retrofit funding per year (亿元 a year)"."""
    unit = t(f"whatif.unit_{param.unit}", lang)
    return f"{param.text('label', lang)} ({unit})" if unit else param.text("label", lang)


def lever_text(param: Param, value: float, lang: str) -> str:
    """A lever value as shown to the user (options by name)."""
    if param.options:
        option = param.options[int(value)]
        return option.label_en if normalise_lang(lang) == "en" else option.label_zh
    return f"{value:g}"


def assumption_text(bounds: tuple[float, float]) -> str:
    """An assumption range "lo–hi" (a single value when lo = hi)."""
    lo, hi = bounds
    return f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"


def round_firms(value: float) -> float:
    """A model count rounded to three significant digits (scenario numbers, not data)."""
    if math.isnan(value) or value == 0:
        return value
    digits = len(str(int(abs(value)))) - 3
    return float(round(value, -digits)) if digits > 0 else float(round(value))


def firms(value: float, lang: str) -> str:
    """A count of firms ("约17,800家" / "≈17,800 firms"), "—" when unknown."""
    if math.isnan(value):
        return "—"
    text = formatting.with_unit(round_firms(value), "firms", lang, 0)
    return text if value == 0 else t("units.approx", lang, x=text)


def pp(value: float, lang: str, decimals: int = 2) -> str:
    """A gain in percentage points."""
    return formatting.with_unit(value, "pp", lang, decimals)


def percent(value: float, lang: str, decimals: int = 1) -> str:
    """A level in percent."""
    return formatting.with_unit(value, "percent", lang, decimals)


def money_yi(value: float, lang: str) -> str:
    """Money in 亿元; in English as billion yuan (1 亿元 = 0.1 billion yuan)."""
    if math.isnan(value):
        return "—"
    english = normalise_lang(lang) == "en"
    return t("whatif.money_yi", lang, x=formatting.number(value / 10 if english else value, 2 if english else 1))


def money_wan(value: float, lang: str) -> str:
    """Money in 万元; in English as million yuan (1 万元 = 0.01 million yuan); "∞" when infinite."""
    if math.isnan(value):
        return "—"
    if value == float("inf"):
        return "∞"
    english = normalise_lang(lang) == "en"
    return t("whatif.money_wan", lang, x=formatting.number(value / 100 if english else value, 2 if english else 0))


@lru_cache(maxsize=4)
def bands(lang: str) -> dict[str, str]:
    """The two bands the page shows, as text: ``inner`` (the middle 50 % of draws) and ``outer`` (90 %)."""
    inner = PERCENTILES[3] - PERCENTILES[1]
    outer = PERCENTILES[-1] - PERCENTILES[0]
    return {"inner": percent(inner, lang, 0), "outer": percent(outer, lang, 0)}


def band(low: str, high: str) -> str:
    """A band "low–high" of two formatted numbers."""
    return f"{low}–{high}"


def row(result: Result, geo_id: str = "CN") -> dict[str, float]:
    """The horizon-year numbers of one unit (the columns of ``result.summary`` but the unit columns)."""
    unit = result.units.geo_id.index(geo_id)
    return {"year": int(result.years[-1]), **{name: float(v[unit]) for name, v in result.horizon.items()}}


def unit_indices(result: Result, level: str) -> list[int]:
    """Positions of the units of ``level`` in the result's arrays (model order)."""
    return [i for i, lvl in enumerate(result.units.geo_level) if lvl == level]


def first_level(level: str, geo_id: str, lang: str) -> str:
    """A unit's base-year level as the data row shows it (its interval where only one is published), or "assumption"."""
    if level == SEGMENT[0]:
        return t("whatif.assumed_level", lang)
    return figure(LEVEL_INDICATORS[level], lang, geo_id, BASE_YEAR).text


def units_columns(result: Result, level: str, lang: str) -> dict[str, list]:
    """Columns (localized header → values) of the display table of one unit level at the horizon."""
    idx = unit_indices(result, level)
    h = {name: values[idx] for name, values in result.horizon.items()}
    ids = [result.units.geo_id[i] for i in idx]
    return {
        t("whatif.col_unit", lang): [unit_name(level, g, lang) for g in ids],
        t("whatif.col_2020", lang, base_year=int(result.years[0])): [first_level(level, g, lang) for g in ids],
        t("whatif.col_base", lang): h["base_p50"].round(1).tolist(),
        t("whatif.col_scen", lang): h["scen_p50"].round(1).tolist(),
        t("whatif.col_gain", lang): h["gain_p50"].round(3).tolist(),
        t("whatif.col_gain_band", lang, **bands(lang)): [band(f"{a:.3f}", f"{b:.3f}")
                                                         for a, b in zip(h["gain_p05"], h["gain_p95"], strict=True)],
        t("whatif.col_supported", lang): h["supported_per_10k_p50"].round(1).tolist(),
        t("whatif.col_additional", lang): (h["additional_funding_per_10k_p50"]
                                           + h["additional_training_per_10k_p50"]).round(1).tolist(),
    }


def units_table(result: Result, level: str, lang: str) -> pd.DataFrame:
    """Display table of one unit level at the horizon (named units, localized headers)."""
    return pd.DataFrame(units_columns(result, level, lang))


def gains(result: Result, level: str, lang: str) -> dict[str, list]:
    """Gain percentiles of one level with unit names, as columns (for charts): unit, geo_id, p05…p95 (pp)."""
    idx = unit_indices(result, level)
    ids = [result.units.geo_id[i] for i in idx]
    return {"unit": [unit_name(level, g, lang) for g in ids], "geo_id": ids,
            **{col: result.horizon[f"gain_{col}"][idx].tolist() for col in STAT_COLUMNS}}


def gain_path(result: Result, geo_id: str) -> dict[str, list]:
    """Yearly gain percentiles (pp) of one unit, as columns (for the gain chart): year, p05…p95."""
    unit = result.units.geo_id.index(geo_id)
    return {"year": result.years.tolist(),
            **{col: (result.stats[k, 2, :, unit] * 100).tolist() for k, col in enumerate(STAT_COLUMNS)}}


def level_path(result: Result, geo_id: str, lang: str) -> dict[str, list]:
    """Yearly percentiles (PERCENT) of reference and scenario for one unit, as columns (for charts): year, measure,
    series (localized label), p05…p95; the same numbers as the unit's rows of ``result.paths``."""
    unit = result.units.geo_id.index(geo_id)
    n = len(result.years)
    return {
        "year": result.years.tolist() * 2,
        "measure": ["baseline"] * n + ["scenario"] * n,
        "series": [t("whatif.series_base", lang)] * n + [t("whatif.series_scen", lang)] * n,
        **{col: (result.stats[k, :2, :, unit].reshape(2 * n) * 100).tolist() for k, col in enumerate(STAT_COLUMNS)},
    }


def attribution(result: Result, geo_id: str, lang: str) -> dict[str, list]:
    """The mean gain (pp) of one unit at the horizon split by lever: funding alone, training alone, and their
    interaction (the rest of the total); the three add up to the mean total. Columns part, label, value."""
    r = row(result, geo_id)
    return {"part": list(ATTRIBUTION), "label": [t(f"whatif.attr_{p}", lang) for p in ATTRIBUTION],
            "value": [r[f"attr_{p}"] for p in ATTRIBUTION]}


def attribution_text(result: Result, geo_id: str, lang: str) -> str:
    """The decomposition chart's text alternative: each part's mean gain, e.g. "资金：0.0373个百分点 · …"."""
    parts = attribution(result, geo_id, lang)
    shown = [0.0 if abs(v) < 5e-5 else v for v in parts["value"]]  # no "-0.0000" for an interaction of noise
    return " · ".join(f"{label}: {pp(value, lang, 4)}" for label, value in zip(parts["label"], shown, strict=True))


def evidence_table(param_id: str, lang: str) -> pd.DataFrame:
    """Evidence rows of one parameter: finding, value, tag, grade, confidence, source, locator."""
    lang = normalise_lang(lang)
    rows = evidence.evidence(param_id)
    return pd.DataFrame({
        t("whatif.ev_finding", lang): rows[f"finding_{lang}"],
        t("whatif.ev_value", lang): rows[f"value_text_{lang}"],
        t("whatif.ev_tag", lang): [t(f"whatif.tag_{tag}", lang) for tag in rows["tag"]],
        t("whatif.ev_grade", lang): rows["grade"],
        t("whatif.ev_confidence", lang): rows["confidence"],
        t("whatif.ev_source", lang): [provenance.citation(s, lang) for s in rows["source_id"]],
        t("whatif.ev_locator", lang): [locators.localise(loc, lang) for loc in rows["locator"]],
    })


def markdown_table(frame: pd.DataFrame) -> str:
    """A small DataFrame of data text as a Markdown table (every cell escaped: shown as written)."""
    return chart_table.markdown(frame)


@lru_cache(maxsize=128)
def evidence_panel(param_id: str, lang: str) -> tuple[str, str]:
    """(Markdown evidence table, source caption) of a parameter; ("", "") without evidence rows. Static text,
    built once per process."""
    rows = evidence.evidence(param_id)[["source_id", "locator"]]
    if rows.empty:
        return "", ""
    return markdown_table(evidence_table(param_id, lang)), provenance.caption(rows, lang)


def settings_table(scenarios: Mapping[str, Scenario], spec: ModelSpec, lang: str) -> pd.DataFrame:
    """Side-by-side settings of named scenarios; ``differs`` marks rows that are not all equal."""
    rows = []
    for param in spec.params.values():
        if param.kind == "lever":
            values = [lever_text(param, s.levers[param.id], lang) for s in scenarios.values()]
        else:
            values = [assumption_text(s.assumptions[param.id]) for s in scenarios.values()]
        rows.append([param_label(param, lang), *values, len(set(values)) > 1])
    return pd.DataFrame(rows, columns=[t("whatif.col_setting", lang), *scenarios, "differs"])


def outcomes_table(results: Mapping[str, Result], lang: str) -> pd.DataFrame:
    """Side-by-side national outcomes of named scenarios."""
    keys = ("out_year", "out_gain", "out_band", "out_funding", "out_training", "out_cost", "out_segment")
    columns = {}
    for name, result in results.items():
        r, seg = row(result), row(result, SEGMENT[1])
        columns[name] = [
            str(r["year"]), pp(r["gain_p50"], lang, 3), band(pp(r["gain_p05"], lang, 3), pp(r["gain_p95"], lang, 3)),
            f"{firms(r['additional_funding_firms_p50'], lang)} / {firms(r['supported_firms_p50'], lang)}",
            f"{firms(r['additional_training_firms_p50'], lang)} / {firms(r['trained_firms_p50'], lang)}",
            money_wan(r["cost_additional_wan_p50"], lang), percent(seg["scen_p50"], lang),
        ]
    labels = [t(f"whatif.{k}", lang, **bands(lang)) for k in keys]
    return pd.DataFrame({t("whatif.col_outcome", lang): labels, **columns})


def pilot_check_table(spec: ModelSpec, lang: str) -> pd.DataFrame:
    """The firms-one-award-funds cross-check with localized headers."""
    check = programme.pilot_check(spec)
    return pd.DataFrame({
        t("whatif.pc_award", lang): check["award_yi"],
        t("whatif.pc_share", lang): check["retrofit_share"].round(0),
        t("whatif.pc_subsidy", lang): check["subsidy_wan"],
        t("whatif.pc_firms", lang): check["firms"].round(0).astype(int),
        t("whatif.pc_targets", lang): [band(str(a), str(b)) for a, b in zip(check["target_min"], check["target_max"],
                                                                            strict=True)],
    })


def pilot_check_rows() -> pd.DataFrame:
    """source_id/locator rows behind the cross-check (programme facts, evidence rows and plan documents)."""
    plans = programme.plan_targets()[["source_id", "locator"]]
    return pd.concat([programme.facts_rows(), evidence.evidence("policy_check")[["source_id", "locator"]], plans],
                     ignore_index=True)


def sensitivity_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sobol indices in long form for the chart and table: factor_label, grade, output (localized), ST, S1."""
    label = frame[f"label_{normalise_lang(lang)}"]
    parts = []
    for output in ("nation", "segment"):
        parts.append(pd.DataFrame({"factor_label": label, "grade": frame["grade"],
                                   "output": t(f"whatif.sens_{output}", lang), "ST": frame[f"{output}_ST"],
                                   "S1": frame[f"{output}_S1"]}))
    return pd.concat(parts, ignore_index=True)
