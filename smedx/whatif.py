"""Tables of the what-if page, built from :mod:`smedx.model` results (pure pandas, no streamlit).

Levels are PERCENT, gains percentage points (pp), firms per 10,000 SMEs. Every table is a scenario
under stated assumptions, not a forecast.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import pandas as pd

from smedx import datasets, formatting, provenance
from smedx.figures import figure
from smedx.i18n import normalise_lang, t
from smedx.model import evidence, levers
from smedx.model.params import ModelSpec, Param, Scenario, load_spec
from smedx.model.simulate import STAT_COLUMNS, Result
from smedx.places import place_name

UNIT_LEVELS = ("region", "cluster", "city")
MAX_SAVED = 3


def param_label(param: Param, lang: str) -> str:
    """Parameter label with its unit, e.g. "Funding coverage (%/yr)"."""
    unit = t(f"whatif.unit_{param.unit}", lang)
    return f"{param.text('label', lang)} ({unit})" if unit else param.text("label", lang)


def lever_text(param: Param, value: float, lang: str) -> str:
    """A lever value as shown to the user (design presets by name)."""
    if param.options:
        option = param.options[int(value)]
        return option.label_en if normalise_lang(lang) == "en" else option.label_zh
    return f"{value:g}"


def assumption_text(bounds: tuple[float, float]) -> str:
    """An assumption range "lo–hi" (a single value when lo = hi)."""
    lo, hi = bounds
    return f"{lo:g}" if lo == hi else f"{lo:g}–{hi:g}"


def band(low: float, high: float, decimals: int = 2) -> str:
    """A band "low–high" with ``decimals`` places."""
    return f"{low:.{decimals}f}–{high:.{decimals}f}"


def national(result: Result) -> dict[str, float]:
    """The horizon-year numbers of the nation (the columns of ``result.summary`` but the unit columns)."""
    unit = result.units.national
    return {"year": int(result.years[-1]), **{name: float(v[unit]) for name, v in result.horizon.items()}}


def unit_indices(result: Result, level: str) -> list[int]:
    """Positions of the units of ``level`` in the result's arrays (model order)."""
    return [i for i, lvl in enumerate(result.units.geo_level) if lvl == level]


def headline(result: Result, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, help) for the national headline metrics at the horizon."""
    row = national(result)
    year = int(row["year"])
    return [
        (t("whatif.m_base", lang, year=year), f"{row['base_p50']:.1f} %",
         t("whatif.m_base_help", lang, low=f"{row['base_p05']:.1f}", high=f"{row['base_p95']:.1f}")),
        (t("whatif.m_gain", lang, year=year), f"{row['gain_p50']:.2f} pp",
         t("whatif.m_gain_help", lang, band=band(row["gain_p05"], row["gain_p95"]),
           band50=band(row["gain_p25"], row["gain_p75"]))),
        (t("whatif.m_prob", lang), f"{row['p_gain_gt_1pp'] * 100:.0f} %", t("whatif.m_prob_help", lang)),
        (t("whatif.m_years", lang), f"{row['years_gained_p50']:.2f}",
         t("whatif.m_years_help", lang, band=band(row["years_gained_p05"], row["years_gained_p95"]))),
        (t("whatif.m_firms", lang), f"{row['additional_per_10k_p50']:.1f} / {row['supported_per_10k_p50']:.1f}",
         t("whatif.m_firms_help", lang)),
    ]


def funding_note(result: Result, lang: str) -> str:
    """Why funding adds little (or much) under the current assumptions: the national median hazard lifts of
    funding and training (percent a year while the policy acts), the coverages, supported vs additional firms."""
    row = national(result)
    levers = result.scenario.levers
    return t("whatif.funding_why", lang, funding=f"{row['funding_lift_p50']:.2f}",
             training=f"{row['training_lift_p50']:.2f}", f=f"{levers['fund_coverage']:g}",
             tau=f"{levers['training_coverage']:g}", supported=f"{row['supported_per_10k_p50']:.0f}",
             additional=f"{row['additional_per_10k_p50']:.0f}")


def units_columns(result: Result, level: str, lang: str) -> dict[str, list]:
    """Columns (localized header → values) of the display table of one unit level at the horizon."""
    idx = unit_indices(result, level)
    h = {name: values[idx] for name, values in result.horizon.items()}
    first = result.stats[:, 0, 0, idx] * 100  # 2020 baseline percentiles (the data, or its interval)
    return {
        t("whatif.col_unit", lang): [place_name(level, result.units.geo_id[i], lang) for i in idx],
        t("whatif.col_2020", lang): [band(lo, hi, 1) if lo != hi else f"{mid:.1f}"
                                     for lo, mid, hi in zip(first[0], first[2], first[4], strict=True)],
        t("whatif.col_base", lang): h["base_p50"].round(1).tolist(),
        t("whatif.col_scen", lang): h["scen_p50"].round(1).tolist(),
        t("whatif.col_gain", lang): h["gain_p50"].round(2).tolist(),
        t("whatif.col_gain_band", lang): [band(a, b) for a, b in zip(h["gain_p05"], h["gain_p95"], strict=True)],
        t("whatif.col_prob", lang): (h["p_gain_gt_1pp"] * 100).round(0).tolist(),
        t("whatif.col_years", lang): h["years_gained_p50"].round(2).tolist(),
        t("whatif.col_additional", lang): h["additional_per_10k_p50"].round(1).tolist(),
        t("whatif.col_supported", lang): h["supported_per_10k_p50"].round(1).tolist(),
    }


def units_table(result: Result, level: str, lang: str) -> pd.DataFrame:
    """Display table of one unit level at the horizon (named units, localized headers)."""
    return pd.DataFrame(units_columns(result, level, lang))


def gains(result: Result, level: str, lang: str) -> dict[str, list]:
    """Gain percentiles of one level with unit names, as columns (for charts): unit, geo_id, p05…p95 (pp)."""
    idx = unit_indices(result, level)
    ids = [result.units.geo_id[i] for i in idx]
    return {"unit": [place_name(level, g, lang) for g in ids], "geo_id": ids,
            **{col: result.horizon[f"gain_{col}"][idx].tolist() for col in STAT_COLUMNS}}


def path(result: Result, geo_id: str, lang: str) -> dict[str, list]:
    """Yearly percentiles (PERCENT) of baseline and scenario for one unit, as columns (for charts): year,
    measure, series (localized label), p05…p95; the same numbers as the unit's rows of ``result.paths``."""
    unit = result.units.geo_id.index(geo_id)
    n = len(result.years)
    return {
        "year": result.years.tolist() * 2,
        "measure": ["baseline"] * n + ["scenario"] * n,
        "series": [t("whatif.series_base", lang)] * n + [t("whatif.series_scen", lang)] * n,
        **{col: (result.stats[k, :2, :, unit].reshape(2 * n) * 100).tolist() for k, col in enumerate(STAT_COLUMNS)},
    }


def summary_csv(result: Result, lang: str) -> pd.DataFrame:
    """The summary table with unit names, for download (PERCENT levels, pp gains)."""
    out = result.summary.copy()
    out.insert(2, "name", [place_name(lvl, g, lang) for lvl, g in zip(out["geo_level"], out["geo_id"], strict=True)])
    return out


def evidence_table(param_id: str, lang: str) -> pd.DataFrame:
    """Evidence rows of one parameter: finding, value, tag, grade, confidence, source, locator."""
    lang = normalise_lang(lang)
    rows = evidence.evidence(param_id)
    return pd.DataFrame({
        t("whatif.ev_finding", lang): rows[f"finding_{lang}"],
        t("whatif.ev_value", lang): rows["value_text"],
        t("whatif.ev_tag", lang): [t(f"whatif.tag_{tag}", lang) for tag in rows["tag"]],
        t("whatif.ev_grade", lang): rows["grade"],
        t("whatif.ev_confidence", lang): rows["confidence"],
        t("whatif.ev_source", lang): [provenance.citation(s, lang) for s in rows["source_id"]],
        t("whatif.ev_locator", lang): rows["locator"],
    })


def markdown_table(frame: pd.DataFrame) -> str:
    """A small DataFrame as a Markdown table (cells' pipes and line breaks escaped)."""
    def cell(value: object) -> str:
        return str(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


@lru_cache(maxsize=128)
def evidence_panel(param_id: str, lang: str) -> tuple[str, str]:
    """(Markdown evidence table, source caption) of a parameter; ("", "") without evidence rows. Static text,
    built once per process."""
    rows = evidence_rows(param_id)
    if rows.empty:
        return "", ""
    return markdown_table(evidence_table(param_id, lang)), provenance.caption(rows, lang)


def evidence_rows(param_id: str) -> pd.DataFrame:
    """source_id/locator rows behind a parameter (for source captions)."""
    return evidence.evidence(param_id)[["source_id", "locator"]]


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
    labels = [t("whatif.out_year", lang), t("whatif.out_base", lang), t("whatif.out_gain", lang),
              t("whatif.out_band", lang), t("whatif.out_prob", lang), t("whatif.out_years", lang),
              t("whatif.out_additional", lang), t("whatif.out_supported", lang)]
    columns = {}
    for name, result in results.items():
        row = national(result)
        columns[name] = [f"{int(row['year'])}", f"{row['base_p50']:.1f}", f"{row['gain_p50']:.2f}",
                         band(row["gain_p05"], row["gain_p95"]), f"{row['p_gain_gt_1pp'] * 100:.0f} %",
                         f"{row['years_gained_p50']:.2f}", f"{row['additional_per_10k_p50']:.1f}",
                         f"{row['supported_per_10k_p50']:.1f}"]
    return pd.DataFrame({t("whatif.col_outcome", lang): labels, **columns})


def pilot_check_table(spec: ModelSpec, lang: str) -> pd.DataFrame:
    """The firms-reached cross-check with localized headers."""
    check = levers.pilot_check(spec)
    return pd.DataFrame({
        t("whatif.pc_award", lang): check["award_yi"],
        t("whatif.pc_share", lang): (check["retrofit_share"] * 100).round(0),
        t("whatif.pc_subsidy", lang): check["subsidy_wan"],
        t("whatif.pc_firms", lang): check["firms"].round(0).astype(int),
        t("whatif.pc_targets", lang): [f"{a}–{b}" for a, b in zip(check["target_min"], check["target_max"],
                                                                   strict=True)],
    })


def pilot_check_rows(spec: ModelSpec) -> pd.DataFrame:
    """source_id/locator rows behind the cross-check (evidence rows and plan documents)."""
    plans = levers.plan_targets()[["source_id", "locator"]]
    return pd.concat([evidence.evidence("policy_check")[["source_id", "locator"]], plans], ignore_index=True)


def sensitivity_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Sobol indices with localized factor labels (for the chart and the table)."""
    out = frame.copy()
    out["factor_label"] = out[f"label_{normalise_lang(lang)}"]
    return out


@lru_cache(maxsize=4)
def text_fields(lang: str) -> dict[str, str]:
    """Numbers quoted in the page's notes, each formatted from its data row or the parameter file."""
    lang = normalise_lang(lang)
    cities = datasets.observations().query("indicator == 'city_dt_share' and geo_level == 'city'")
    interval = cities[cities["status"].eq("interval")]
    first = interval.iloc[0]
    check = load_spec().policy_check
    number = "{:g}".format
    return {
        "studied": figure("first_tier_cities_studied", lang, "CN", 2020).text,
        "unnamed": figure("first_tier_cities_unnamed", lang, "CN", 2020).text,
        "named": str(len(cities)),
        "n_interval": str(len(interval)),
        "interval_names": t("clusters.list_sep", lang).join(place_name("city", a, lang) for a in interval["geo_id"]),
        "low": formatting.with_unit(float(first["lower"]), "percent", lang, int(first["decimals"])),
        "high": formatting.with_unit(float(first["upper"]), "percent", lang, int(first["decimals"])),
        "award_lo": f"{min(check.award_yi):.1f}", "award_hi": f"{max(check.award_yi):.1f}",
        "share": formatting.with_unit(check.retrofit_share * 100, "percent", lang, 0),
        "sub_lo": number(min(check.subsidy_wan)), "sub_hi": number(max(check.subsidy_wan)),
    }
