"""Words of the what-if page: headline metrics, the plain-words reading, timing and validation notes, the
programme marks on the levers and the numbers quoted in its notes (pure Python, no streamlit).

Every number is formatted from a model result, a data row or the parameter file; the locale files hold no numbers.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from smedx import datasets, formatting
from smedx.figures import figure
from smedx.i18n import normalise_lang, t
from smedx.model import evidence, programme
from smedx.model.baseline import BASE_YEAR, SEGMENT
from smedx.model.diffusion import STEPS_PER_YEAR
from smedx.model.params import ModelSpec, Param, load_spec
from smedx.model.simulate import DEFAULT_DRAWS, DEFAULT_SEED, MIN_KEPT, Result
from smedx.places import place_name
from smedx.whatif import band, bands, firms, money_wan, money_yi, percent, pp, row, unit_name


def headline(result: Result, lang: str) -> list[tuple[str, str, str]]:
    """(label, value, help) of the five headline metrics: national gain, funding and training (additional /
    supported or trained firms), cost per additional adopter, the pilot segment against its target."""
    r, seg = row(result), row(result, SEGMENT[1])
    year = r["year"]
    target = programme.segment_target()
    return [
        (t("whatif.m_gain", lang, year=year), pp(r["gain_p50"], lang, 3),
         t("whatif.m_gain_help", lang, **bands(lang),
           band50=band(pp(r["gain_p25"], lang, 3), pp(r["gain_p75"], lang, 3)),
           band90=band(pp(r["gain_p05"], lang, 3), pp(r["gain_p95"], lang, 3)),
           firms=firms(r["gain_firms_p50"], lang))),
        (t("whatif.m_funding", lang), f"{firms(r['additional_funding_firms_p50'], lang)} / "
                                      f"{firms(r['supported_firms_p50'], lang)}",
         t("whatif.m_funding_help", lang, **bands(lang), band90=band(firms(r["additional_funding_firms_p05"], lang),
                                                      firms(r["additional_funding_firms_p95"], lang)))),
        (t("whatif.m_training", lang), f"{firms(r['additional_training_firms_p50'], lang)} / "
                                       f"{firms(r['trained_firms_p50'], lang)}",
         t("whatif.m_training_help", lang, **bands(lang), band90=band(firms(r["additional_training_firms_p05"], lang),
                                                       firms(r["additional_training_firms_p95"], lang)))),
        (t("whatif.m_cost", lang), money_wan(r["cost_additional_wan_p50"], lang),
         t("whatif.m_cost_help", lang, **bands(lang), band50=band(money_wan(r["cost_additional_wan_p25"], lang),
                                                   money_wan(r["cost_additional_wan_p75"], lang)),
           band90=band(money_wan(r["cost_additional_wan_p05"], lang), money_wan(r["cost_additional_wan_p95"], lang)),
           spend=money_yi(r["spend_yi_p50"], lang), per_supported=money_wan(r["cost_supported_wan"], lang))),
        (t("whatif.m_segment", lang, year=year), percent(seg["scen_p50"], lang),
         t("whatif.m_segment_help", lang, **bands(lang), base=percent(seg["base_p50"], lang),
           band90=band(percent(seg["scen_p05"], lang), percent(seg["scen_p95"], lang)),
           target=formatting.with_unit(target.value, "percent", lang, 0))),
    ]


def reading(result: Result, lang: str) -> str:
    """The plain-words reading of the national result, in one or two sentences."""
    r = row(result)
    additional = r["additional_funding_firms_p50"] + r["additional_training_firms_p50"]
    per_10k = r["additional_funding_per_10k_p50"] + r["additional_training_per_10k_p50"]
    # the net gain split in the ratio of the median lasting and pulled-forward parts, so the two add up to it
    parts = r["lasting_firms_p50"] + r["pulled_firms_p50"]
    lasting = r["gain_firms_p50"] * r["lasting_firms_p50"] / parts if parts > 0 else 0.0
    text = t("whatif.reading", lang, year=r["year"], additional=firms(additional, lang),
             per_10k=formatting.number(per_10k, 1), funding=firms(r["additional_funding_firms_p50"], lang),
             training=firms(r["additional_training_firms_p50"], lang), spilled=firms(r["spilled_firms_p50"], lang),
             net=firms(r["gain_firms_p50"], lang), gain=pp(r["gain_p50"], lang, 3),
             lasting=firms(lasting, lang), pulled=firms(r["gain_firms_p50"] - lasting, lang))
    shrink = after_policy(result, lang)
    return f"{text}{t('whatif.sep', lang) if shrink else ''}{shrink}"


def after_policy(result: Result, lang: str, geo_id: str = "CN") -> str:
    """Whether the median gain shrinks after the policy ends (empty when the horizon is not after the end year or
    the gain does not shrink)."""
    end = int(result.scenario.levers["end_year"])
    years = result.years
    if years[-1] <= end or end < years[0]:
        return ""
    path = result.stats[2, 2, :, result.units.geo_id.index(geo_id)] * 100
    peak = int(np.argmax(path))
    if path[-1] >= path[peak] or years[peak] < end:
        return ""
    return t("whatif.shrinks", lang, end=end, peak_year=int(years[peak]), peak=pp(path[peak], lang, 3),
             year=int(years[-1]), now=pp(path[-1], lang, 3))


def validation(result: Result, lang: str) -> tuple[bool, str]:
    """(passed, text) of the 2021 check; under a calibration to 2021, what was kept (or that the fit failed)."""
    c = result.checks
    fields = dict(year=int(c["year"]), lo=percent(c["band_lower"], lang, 0), hi=percent(c["band_upper"], lang, 0),
                  p05=percent(c["p05"], lang), p50=percent(c["p50"], lang), p95=percent(c["p95"], lang),
                  share=percent(c["share_in_band"] * 100, lang, 0),
                  survey=figure("dt_share_implemented", lang, "CN", int(c["year"])).text, **bands(lang))
    passed = bool(c["passed"])
    text = t(f"whatif.check_{'passed' if passed else 'failed'}", lang, **fields)
    if c["calibration"] == 1:
        key = "calibration_failed" if c["fit_failed"] else "calibration_kept"
        text += t("whatif.sep", lang) + t(f"whatif.{key}", lang, year=int(c["year"]), kept=f"{int(c['kept']):,}",
                                                   n=f"{result.n_draws:,}", min=f"{MIN_KEPT:,}")
    return passed, text


def lever_marks(param: Param, spec: ModelSpec, levers: dict[str, float], lang: str) -> str:
    """Where the real programmes sit on a lever, plus the firms a year the funding levers imply ("" for others)."""
    parts = []
    for mark in programme.param_marks(param, spec, levers):
        fmt = {"budget": money_yi, "subsidy": money_wan, "start_year": _year, "end_year": _year}.get(
            param.id, lambda v, lg: percent(v, lg, 0))
        value = fmt(mark.low, lang) if mark.low == mark.high else band(fmt(mark.low, lang), fmt(mark.high, lang))
        parts.append(t(f"whatif.{mark.key}", lang, value=value, firms=firms(programme.plan_firms_per_year(), lang),
                       total=_fact_text(programme.FIRMS_FACT, "firms", lang),
                       cities=_fact_text(programme.CITIES_FACT, "cities", lang),
                       first=programme.PLAN_YEARS[0], last=programme.PLAN_YEARS[1]))
    if param.id == "budget":
        supported = programme.firms_funded(levers["budget"], levers["retrofit_share"], levers["subsidy"])
        parts.append(t("whatif.implied_firms", lang, firms=firms(supported, lang)))
    if param.id == "trained":
        parts.append(t("whatif.no_training_figure", lang))
    return t("whatif.sep", lang).join(parts)


@lru_cache(maxsize=4)
def text_fields(lang: str) -> dict[str, str]:
    """Numbers quoted in the page's notes, each formatted from its data row, the parameter file or the code."""
    lang = normalise_lang(lang)
    cities = datasets.observations().query("indicator == 'city_dt_share' and geo_level == 'city'")
    interval = cities[cities["status"].eq("interval")]
    spec = load_spec()
    caps = sorted(programme.fact(c).value for c in programme.CAP_FACTS)
    share = programme.fact(programme.SHARE_FACT)
    subsidy = spec.subsidy_caps
    return {
        "studied": figure("first_tier_cities_studied", lang, "CN", BASE_YEAR).text,
        "unnamed": figure("first_tier_cities_unnamed", lang, "CN", BASE_YEAR).text,
        "named": str(len(cities)),
        "n_interval": str(len(interval)),
        "interval_names": t("clusters.list_sep", lang).join(place_name("city", a, lang) for a in interval["geo_id"]),
        "interval": figure("city_dt_share", lang, str(interval["geo_id"].iloc[0]), BASE_YEAR).text,
        "award_lo": money_yi(caps[0], lang), "award_hi": money_yi(caps[-1], lang),
        "share": formatting.with_unit(share.value, "percent", lang, 0),
        "sub_lo": money_wan(min(subsidy), lang), "sub_hi": money_wan(max(subsidy), lang),
        "draws": f"{DEFAULT_DRAWS:,}", "seed": str(DEFAULT_SEED), "steps": str(STEPS_PER_YEAR),
        "survey_2021": figure("dt_share_implemented", lang, "CN", 2021).text,
        "jobs_2021": _evidence_value("validation", "jjyj_2025_dt_rate", lang),
        "target": formatting.with_unit(programme.segment_target().value, "percent", lang, 0),
        "segment": unit_name(*SEGMENT, lang),
        "base_year": str(spec.base_year), "check_year": str(spec.validation_year),
    }


def _year(value: float, lang: str) -> str:
    return f"{value:.0f}"


def _fact_text(fact_id: str, unit: str, lang: str) -> str:
    """A programme fact with its qualifier ("≥40,000家", "约100个")."""
    fact = programme.fact(fact_id)
    text = formatting.with_unit(fact.value, unit, lang, 0)
    qualifier = {"at_least": "units.ge", "approx": "units.approx", "at_most": "units.le"}.get(fact.qualifier)
    return t(qualifier, lang, x=text) if qualifier else text


def _evidence_value(param_id: str, source_id: str, lang: str) -> str:
    rows = evidence.evidence(param_id)
    return str(rows.loc[rows["source_id"].eq(source_id), f"value_text_{normalise_lang(lang)}"].iloc[0])
