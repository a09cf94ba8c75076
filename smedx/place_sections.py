"""The texts of a place profile, one section at a time, each with its source line (pure Python, no streamlit).

Every number is a data row's display text (:func:`smedx.figures.figure`), a count or rank computed from data rows,
or a model result; the locale files hold none. Shares are PERCENT. Regions, clusters and cities measure the share
of SMEs that "已开展" (have started) digital transformation; the national figure measures those that "实施了数字化
转型战略" (implemented a strategy): a different measure, said so wherever both appear.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from smedx import datasets, locators, provenance, whatif
from smedx.figures import Figure, figure
from smedx.i18n import normalise_lang, t
from smedx.model.baseline import LEVEL_INDICATORS
from smedx.model.simulate import Result
from smedx.place_profile import Place, contained_cities, model_unit, pilot_cities
from smedx.places import place_name
from smedx.tracker import reference, view


@dataclass(frozen=True)
class Section:
    """One block of the profile: a title, short lines (plain text, never markdown) and the source line."""

    key: str
    title: str
    items: tuple[str, ...]
    source: str
    links: bool = False  # the items are reference data whose URLs are shown as links (never user text)


def _k(key: str, lang: str, /, **fields: object) -> str:
    return t(f"place.{key}", lang, **fields)


def _join(parts: Iterable[str], lang: str) -> str:
    return t("tracker.list_sep", lang).join(parts)


def _caption(rows: Iterable[Mapping[str, object]], lang: str) -> str:
    rows = [r for r in rows if r.get("source_id")]
    return provenance.caption(rows, lang) if rows else ""


def _row(frame_row: Mapping[str, object]) -> dict[str, object]:
    return {"source_id": frame_row["source_id"], "locator": frame_row["locator"]}


def _ranked(indicator: str, ids: Iterable[str], lang: str) -> list[Figure]:
    """Figures of ``ids``, highest first."""
    return sorted((figure(indicator, lang, geo_id) for geo_id in ids), key=lambda f: f.value or 0.0, reverse=True)


def _first_tier_ids() -> tuple[str, ...]:
    obs = datasets.observations()
    return tuple(obs.loc[obs["indicator"].eq("city_dt_share") & obs["geo_level"].eq("city"), "geo_id"])


# --------------------------------------------------------------------------------------------- shares
def shares(place: Place, lang: str) -> Section:
    """The region's share and rank, the cluster's (or, for a province, those of clusters with cities in it) and
    the national figure as a different measure."""
    province = datasets.provinces().set_index("adcode").loc[place.province]
    name, items, rows = place.name(lang), [], [_row(province)]
    if place.region is None:
        items.append(_k("outside_survey", lang, place=name))
        return Section("shares", _k("shares_title", lang), tuple(items), _caption(rows, lang))
    regions = _ranked("region_dt_share", datasets.regions()["region"], lang)
    region = next(f for f in regions if f.geo_id == place.region)
    items.append(_k("region_line", lang, place=name, region=place_name("region", place.region, lang),
                    value=region.text, rank=regions.index(region) + 1, n=len(regions)))
    rows.append(_fig_row(region))
    clusters = _ranked("cluster_dt_share", datasets.clusters()["cluster"], lang)
    meta = datasets.clusters().set_index("cluster")
    found = _clusters_of(place, lang)
    for cluster, members in found.items():
        fig = next(f for f in clusters if f.geo_id == cluster)
        fields = {"cluster": place_name("cluster", cluster, lang), "value": fig.text,
                  "rank": clusters.index(fig) + 1, "n": len(clusters),
                  "side": _k(f"side_{meta.loc[cluster, 'paper_vs_average']}", lang)}
        if members is None:
            partial = _k("partial_member", lang) if place.cluster_partial else ""
            items.append(_k("cluster_line", lang, place=name, partial=partial, **fields))
        else:
            items.append(_k("cluster_line_province", lang, place=name, cities=members, **fields))
        if meta.loc[cluster, "list_status"] != "confirmed":
            items.append(_k("cluster_list_status", lang, cluster=fields["cluster"],
                            note=meta.loc[cluster, f"member_note_{normalise_lang(lang)}"]))
        rows += [_fig_row(fig), _row(meta.loc[cluster])]
    if not found:
        items.append(_k("no_cluster", lang, place=name))
    national = figure("dt_share_implemented", lang, "CN", 2020)
    items.append(_k("national_line", lang, value=national.text))
    rows.append(_fig_row(national))
    return Section("shares", _k("shares_title", lang), tuple(items), _caption(rows, lang))


def _fig_row(fig: Figure) -> dict[str, object]:
    return {"source_id": fig.source_id, "locator": fig.locator}


def _clusters_of(place: Place, lang: str) -> dict[str, str | None]:
    """Cluster id → None for a city (or municipality) in it; for a province, the names of its member cities."""
    if place.level == "city" or place.municipality:
        return {place.cluster: None} if place.cluster else {}
    members = datasets.cluster_members()
    inside = members[members["province_adcode"].eq(place.province)]
    return {cluster: _join(group[f"name_{normalise_lang(lang)}"], lang)
            for cluster, group in inside.groupby("cluster", sort=False)}


# --------------------------------------------------------------------------------------------- first tier
def first_tier(place: Place, lang: str) -> Section:
    """The paper's first-tier value or interval of the city (or of a district's municipality); for a province the
    named first-tier cities in it; else that the place is not among the cities the paper names."""
    name, named = place.name(lang), _first_tier_ids()
    studied = figure("first_tier_cities_studied", lang, "CN", 2020)
    unnamed = figure("first_tier_cities_unnamed", lang, "CN", 2020)
    counts = {"studied": studied.text, "named": len(named), "unnamed": unnamed.text}
    figs: list[Figure] = [studied, unnamed]
    if place.city in named:
        fig = figure("city_dt_share", lang, place.city, long=True)
        figs.append(fig)
        key = "first_tier_self" if place.city == place.adcode else "first_tier_municipality"
        items = [_k(key, lang, place=name, city=place_name("city", place.city, lang), value=fig.text, **counts)]
    elif place.level == "province":
        inside = [figure("city_dt_share", lang, c, long=True) for c in contained_cities(place) if c in named]
        figs += inside
        items = [_k("first_tier_province", lang, place=name, **counts,
                    cities=_join((f"{place_name('city', f.geo_id, lang)} {f.text}" for f in inside), lang))
                 if inside else _k("first_tier_province_none", lang, place=name, **counts)]
    else:
        items = [_k("first_tier_not_named", lang, place=name, **counts)]
    return Section("first_tier", _k("first_tier_title", lang), tuple(items), _caption(
        [_fig_row(f) for f in figs], lang))


# --------------------------------------------------------------------------------------------- pilot
def unidentified() -> tuple[pd.Series, int, int]:
    """The planned number of pilot cities (2025–2027 fact row), the identified pilot cities and the difference."""
    planned = reference.fact("plan_2027_cities")
    identified = len(reference.cities())
    return planned, identified, int(planned["value"]) - identified


def _count(value: int, approx: bool, lang: str) -> str:
    text = t("units.cities", lang, x=value)
    return t("units.approx", lang, x=text) if approx else text


def pilot(place: Place, lang: str) -> Section:
    """A pilot city's reference facts (batch, confidence, cap, period, sub-sectors, stated targets); otherwise
    "not an identified pilot" with the count of pilots not identified; for a province its pilot cities."""
    lang, name = normalise_lang(lang), place.name(lang)
    planned, identified, missing = unidentified()
    approx = planned["qualifier"] == "approx"
    counts = {"planned": _count(int(planned["value"]), approx, lang), "identified": _count(identified, False, lang),
              "missing": _count(missing, approx, lang), "plan_label": planned[f"label_{lang}"]}
    pilots = reference.cities()
    if place.adcode in pilots["adcode"].values:
        return _pilot_city(place, lang)
    rows = [_row(planned)]
    if place.level == "province":
        inside = pilots[pilots["adcode"].isin(pilot_cities(place))]
        listed = [f"{r[f'name_{lang}']} — {_pilot_label(r, lang)}" for r in inside.to_dict("records")]
        rows += [_row(r) for r in inside.to_dict("records")]
        head = (_k("pilot_province", lang, place=name, n=len(listed)) if listed
                else _k("pilot_province_none", lang, place=name))
        items = [head, *listed, _k("pilot_missing", lang, **counts)]
    else:
        items = [_k("pilot_not_identified", lang, place=name, **counts)]
    return Section("pilot", _k("pilot_title", lang), tuple(items), _caption(rows, lang))


def _pilot_label(row: Mapping[str, object], lang: str) -> str:
    return _k("pilot_label", lang, batch=view.batch_label(row["batch"], row["batch_note"], lang),
              confidence=view.confidence_label(str(row["confidence"]), lang))


def _pilot_city(place: Place, lang: str) -> Section:
    row = reference.city(place.adcode)
    period = reference.pilot_period(row)
    facts = [
        (t("tracker.fact_batch", lang), view.batch_label(row["batch"], row["batch_note"], lang)),
        (t("tracker.fact_confidence", lang), view.confidence_label(str(row["confidence"]), lang)),
        (t("tracker.fact_type", lang), t(f"tracker.type_{row['city_type']}", lang)),
        (t("tracker.fact_cap", lang), t("tracker.cap_value", lang, cap=f"{row['award_cap_yi']:.1f}")),
        (t("tracker.fact_period", lang), t("tracker.period_unknown", lang) if period is None else
         t(f"tracker.period_{period.basis}", lang, start=period.start.isoformat(), end=period.end.isoformat())),
        (t("tracker.fact_sub_sectors", lang), _join(str(row[f"sub_sectors_{lang}"]).split(";"), lang)
         if pd.notna(row[f"sub_sectors_{lang}"]) else t("tracker.not_stated", lang)),
    ]
    targets = view.targets_table(row, lang)
    target_text = (_join((f"{a} {b}" for a, b in targets.itertuples(index=False)), lang) if not targets.empty
                   else t("tracker.no_targets", lang))
    if pd.notna(row["target_year"]) and not targets.empty:
        target_text = _k("targets_by", lang, year=int(row["target_year"]), targets=target_text)
    facts.append((t("tracker.targets_title", lang), target_text))
    items = [_k("pilot_is", lang, place=place.name(lang))]
    if row["confidence"] == "A":
        items.append(_k("pilot_unverified", lang, mark=t("common.unverified", lang)))
    items += [_k("fact", lang, label=label, value=value) for label, value in facts]
    for column in (f"targets_note_{lang}", f"notes_{lang}"):
        if pd.notna(row[column]):
            items.append(str(row[column]))
    return Section("pilot", _k("pilot_title", lang), tuple(items), _caption([_row(row)], lang))


# --------------------------------------------------------------------------------------------- policies
@lru_cache(maxsize=4)
def national_policies(lang: str) -> Section:
    """The national policy timeline (it applies everywhere, not to one place), oldest first."""
    frame = datasets.policies()
    items = tuple(f"{r['date']} {r[f'title_{normalise_lang(lang)}']}" for r in frame.to_dict("records"))
    return Section("policies", _k("policies_title", lang), (_k("policies_national", lang, n=len(items)), *items),
                   _caption(frame.to_dict("records"), lang))


def plan_sources(place: Place, lang: str) -> Section | None:
    """The pilot city's own plan, listing and policy sources (None for a place that is not a pilot city)."""
    if place.adcode not in reference.cities()["adcode"].values:
        return None
    lang = normalise_lang(lang)
    rows = reference.city_sources(place.adcode).to_dict("records")
    items = tuple(_k("plan_source", lang, citation=r[f"citation_{lang}"], locator=locators.localise(r["locator"], lang),
                     supports=t(f"tracker.supports_{r['supports']}", lang)) for r in rows)
    return Section("plan_sources", _k("plan_sources_title", lang, place=place.name(lang)), items, "", links=True)


# --------------------------------------------------------------------------------------------- scenario
def scenario(place: Place, result: Result | None, lang: str) -> Section:
    """What the default what-if scenario says for the smallest model unit containing the place (its own numbers
    only if the place is that unit), labelled as that unit's scenario, not a forecast."""
    unit = model_unit(place)
    if unit is None or result is None:
        return Section("scenario", _k("scenario_title", lang), (_k("scenario_none", lang, place=place.name(lang)),), "")
    level, geo_id = unit
    r = whatif.row(result, geo_id)
    unit_name = whatif.unit_name(level, geo_id, lang)
    bands = whatif.bands(lang)
    own = level == "city" and geo_id == place.adcode
    items = (
        _k("scenario_unit_own" if own else f"scenario_unit_{level}", lang, place=place.name(lang), unit=unit_name),
        _k("scenario_line", lang, unit=unit_name, year=r["year"], measure=whatif.measure(level, lang),
           scen=whatif.percent(r["scen_p50"], lang), base=whatif.percent(r["base_p50"], lang),
           gain=whatif.pp(r["gain_p50"], lang, 3), inner=bands["inner"], outer=bands["outer"],
           band50=whatif.band(whatif.pp(r["gain_p25"], lang, 3), whatif.pp(r["gain_p75"], lang, 3)),
           band90=whatif.band(whatif.pp(r["gain_p05"], lang, 3), whatif.pp(r["gain_p95"], lang, 3))),
        _k("scenario_label", lang),
    )
    level_fig = figure(LEVEL_INDICATORS[level], lang, geo_id)
    return Section("scenario", _k("scenario_title", lang), items, _caption([_fig_row(level_fig)], lang))


# --------------------------------------------------------------------------------------------- not known
def unknowns(place: Place, lang: str) -> Section:
    """What the dashboard does not know about the place, said once."""
    name, items = place.name(lang), []
    if place.region is None:
        items.append(_k("unknown_outside", lang, place=name))
    elif place.level == "province" and not place.municipality:
        items.append(_k("unknown_province", lang, place=name))
    if place.city in _first_tier_ids():
        fig = figure("city_dt_share", lang, place.city, long=True)
        if fig.status == "interval":
            items.append(_k("unknown_interval", lang, city=place_name("city", place.city, lang), value=fig.text))
    elif place.level == "city":
        items.append(_k("unknown_city", lang, place=name))
    pilots = reference.cities()
    if place.adcode in pilots["adcode"].values:
        items.append(_k("unknown_disbursement", lang))
        if pd.isna(reference.city(place.adcode)["batch"]):
            items.append(_k("unknown_batch", lang))
    elif place.level == "city":
        items.append(_k("unknown_pilot", lang, place=name))
    return Section("unknown", _k("unknown_title", lang), tuple(items), "")


def profile(place: Place, lang: str, result: Result | None) -> tuple[Section, ...]:
    """Every section of the profile in reading order (``result``: the default scenario's run for the place's
    model unit, see :func:`smedx.place_profile.model_unit`)."""
    sections = [shares(place, lang), first_tier(place, lang), pilot(place, lang)]
    sources = plan_sources(place, lang)
    sections += [national_policies(lang), *([sources] if sources else []), scenario(place, result, lang),
                 unknowns(place, lang)]
    return tuple(sections)


def header(place: Place, lang: str) -> str:
    """"城市 · 安徽省 · 中部地区": what kind of place it is and where."""
    parts = [_k("kind_municipality" if place.municipality else f"kind_{place.level}", lang)]
    if place.level == "city":
        parts.append(str(datasets.provinces().set_index("adcode").loc[place.province, f"name_{normalise_lang(lang)}"]))
    parts.append(place_name("region", place.region, lang) if place.region else t("common.not_in_survey", lang))
    return " · ".join(parts)

