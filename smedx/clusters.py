"""Tables behind the clusters & cities page (pure pandas; the page only renders them).

Shares are percent (0–100) from the paper §二(二)–(三) (2020 survey). Values the paper only bounds stay
intervals (see :mod:`smedx.intervals`); industries carry bands, not numbers.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from smedx import datasets, formatting, geo, provenance
from smedx.figures import Figure, figure, table, year_text
from smedx.i18n import normalise_lang, t
from smedx.intervals import Interval, ranked, relation_to
from smedx.places import cluster_options, place_name

SORTS: tuple[str, ...] = ("rank", "rank_asc", "name")
KINDS: tuple[str, ...] = ("all", "point", "interval")


def cluster_table(lang: str) -> pd.DataFrame:
    """The five clusters, highest share first: cluster, name, value, text, side ("above"/"below" the national
    average as the paper states it), plan, list_status, source_id, locator."""
    lang = normalise_lang(lang)
    meta = datasets.clusters().set_index("cluster")
    rows = []
    for cluster in meta.index:
        fig = figure("cluster_dt_share", lang, cluster)
        rows.append({"cluster": cluster, "name": meta.loc[cluster, f"name_{lang}"], "value": fig.value,
                     "text": fig.text, "side": meta.loc[cluster, "paper_vs_average"],
                     "plan": meta.loc[cluster, f"plan_{lang}"], "list_status": meta.loc[cluster, "list_status"],
                     "source_id": fig.source_id, "locator": fig.locator})
    return pd.DataFrame(rows).sort_values("value", ascending=False, ignore_index=True)


def implied_national_average() -> Interval:
    """The national average the paper compares clusters with, as bounded by its wording (§二(三)2), from the
    ``cluster_comparison_average`` data row: (34.6, 37.4) percent."""
    return Interval.from_row(datasets.observation("cluster_comparison_average", "CN", 2020))


def national(lang: str) -> Figure:
    """The paper's headline national 2020 share (§二(一)), shown for reference."""
    return figure("dt_share_implemented", lang, "CN", 2020)


def members(lang: str, clusters: list[str] | None = None) -> pd.DataFrame:
    """Member cities (of ``clusters``; all when empty) with label points.

    Columns: cluster, cluster_name, adcode, city, province, partial, partial_note, confidence, unverified,
    plan, lon, lat, source_id, locator.
    """
    lang = normalise_lang(lang)
    frame = datasets.cluster_members()
    if clusters:
        frame = frame[frame["cluster"].isin(clusters)]
    names = cluster_options(lang)
    plans = datasets.clusters().set_index("cluster")[f"plan_{lang}"]
    provinces = datasets.provinces().set_index("adcode")[f"name_{lang}"]
    points = geo.cities().set_index("adcode")
    return pd.DataFrame({
        "cluster": frame["cluster"],
        "cluster_name": frame["cluster"].map(names),
        "adcode": frame["adcode"],
        "city": frame[f"name_{lang}"],
        "province": frame["province_adcode"].map(provinces),
        "partial": frame["partial"],
        "partial_note": frame[f"note_{lang}"].fillna(""),
        "confidence": frame["confidence"],
        "unverified": frame["confidence"].eq("A"),
        "plan": frame["cluster"].map(plans),
        "lon": frame["adcode"].map(points["lon"]),
        "lat": frame["adcode"].map(points["lat"]),
        "source_id": frame["source_id"],
        "locator": frame["locator"],
    }).reset_index(drop=True)


def members_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The member table with localized headers; partial members and unverified lists are marked."""
    partial = [t("clusters.partial_mark", lang, note=n) if p else "" for p, n in
               zip(frame["partial"], frame["partial_note"], strict=True)]
    return pd.DataFrame({
        t("clusters.col_cluster", lang): frame["cluster_name"],
        t("clusters.col_city", lang): frame["city"],
        t("clusters.col_province", lang): frame["province"],
        t("clusters.col_partial", lang): partial,
        t("clusters.col_status", lang): [t("common.unverified", lang) if u else "" for u in frame["unverified"]],
        t("clusters.col_plan", lang): frame["plan"],
    })


def first_tier(lang: str, sort: str = "rank", kind: str = "all") -> pd.DataFrame:
    """The first-tier cities the paper names (exact values or intervals); the unnamed ones are a note only.

    Columns (from :func:`smedx.intervals.ranked`): geo_id, name, kind, interval, lower_plot, upper_plot,
    notation, text, above_40 (relation to 40 %), source_id, locator, note. ``sort`` ∈ SORTS, ``kind`` ∈ KINDS.
    """
    lang = normalise_lang(lang)
    frame = ranked(datasets.observations())
    frame = frame[frame["geo_level"].eq("city")].copy()
    texts = table("city_dt_share", lang).set_index("geo_id")["text"]
    frame["name"] = [place_name("city", geo_id, lang) for geo_id in frame["geo_id"]]
    frame["text"] = frame["geo_id"].map(texts)
    frame["above_40"] = relation_to(frame, 40.0)
    if kind != "all":
        frame = frame[frame["kind"].eq(kind)]
    if sort == "rank_asc":
        frame = frame.iloc[::-1]
    elif sort == "name":
        frame = frame.sort_values("name", kind="stable")
    elif sort != "rank":
        raise ValueError(f"unknown sort {sort!r}")
    return frame.reset_index(drop=True)


def unnamed() -> tuple[int, Interval]:
    """How many first-tier cities the paper does not name (16 − 7 − 3, derived in the data) and the interval
    their shares lie in (percent)."""
    count = int(datasets.observation("first_tier_cities_unnamed", "CN", 2020)["value"])
    return count, Interval.from_row(datasets.observation("city_dt_share", "first_tier_unnamed", 2020))


def first_tier_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The first-tier table with localized headers."""
    kinds = {k: t(f"clusters.kind_{k}", lang) for k in ("point", "interval", "not_published")}
    return pd.DataFrame({
        t("clusters.col_city", lang): frame["name"],
        t("clusters.col_share", lang): frame["text"],
        t("clusters.col_notation", lang): frame["notation"],
        t("clusters.col_kind", lang): frame["kind"].map(kinds),
    })


def industries(lang: str) -> pd.DataFrame:
    """The paper's industry bands (Fig. 1): name, band, band_order (high = 3), bound text (">40%" where the
    text gives one, else "not published"), source_id, locator. No numbers the paper does not give."""
    lang = normalise_lang(lang)
    frame = datasets.industries()
    order = {"high": 3, "middle": 2, "low": 1}
    bounds = [formatting.observation(row, "percent", lang) for row in frame.to_dict("records")]
    return pd.DataFrame({
        "industry": frame["industry"],
        "name": frame[f"name_{lang}"],
        "band": frame["band"],
        "band_label": frame["band"].map(lambda b: t(f"clusters.band_{b}", lang, **text_fields(lang))),
        "band_order": frame["band"].map(order),
        "bound": bounds,
        "source_id": frame["source_id"],
        "locator": frame["locator"],
    })



# --- page texts (pure strings, cached per language: the data do not change while the app runs) ---------------

def _names(ids: list[str] | tuple[str, ...], lang: str) -> str:
    options = cluster_options(lang)
    return t("clusters.list_sep", lang).join(options[i] for i in ids)


@lru_cache(maxsize=4)
def clusters_note(lang: str) -> str:
    """Why the chart's national reference is a band: the paper's above/below statements bound it."""
    band = implied_national_average()
    side = datasets.clusters().set_index("cluster")["paper_vs_average"]
    return t("clusters.clusters_note", lang, above=_names(tuple(side.index[side.eq("above")]), lang),
             below=_names(tuple(side.index[side.eq("below")]), lang),
             band=t("units.percent", lang, x=band.notation()), national=national(lang).text)


@lru_cache(maxsize=4)
def clusters_source(lang: str) -> str:
    """Source caption of the cluster shares and the national figure."""
    figs = [*(figure("cluster_dt_share", lang, c) for c in cluster_options(lang)), national(lang),
            figure("cluster_comparison_average", lang, "CN", 2020)]
    return provenance.caption([{"source_id": f.source_id, "locator": f.locator} for f in figs], lang)


@lru_cache(maxsize=4)
def first_tier_texts(lang: str) -> dict[str, str]:
    """Intro, legend note, unnamed-cities note and source caption of the first-tier section."""
    named = first_tier(lang)
    above = named[named["above_40"].eq("above")]
    low = named[named["kind"].eq("point") & named["above_40"].eq("below")]
    sep = t("clusters.list_sep", lang)
    example = named[named["kind"].eq("interval")].iloc[0]
    count, _ = unnamed()
    interval_text = figure("city_dt_share", lang, "first_tier_unnamed", 2020).text
    return {
        "intro": t("clusters.first_tier_intro", lang, n=int(figure("first_tier_cities_studied", lang).value or 0),
                   n_above=len(above), above=sep.join(above["name"]), low=sep.join(low["name"]),
                   n_exact=int(named["kind"].eq("point").sum()), **text_fields(lang)),
        "legend": t("clusters.legend_note", lang, example=f"{example['name']} {example['notation']}",
                    **text_fields(lang)),
        "unnamed": t("clusters.unnamed_note", lang, n=count, interval=interval_text,
                     threshold=text_fields(lang)["threshold"]),
        "source": provenance.caption(named[["source_id", "locator"]], lang),
    }


@lru_cache(maxsize=70)
def plan_captions(lang: str, chosen: tuple[str, ...]) -> tuple[str, ...]:
    """One line per chosen cluster naming the official plan that defines its members."""
    options = cluster_options(lang)
    plans = datasets.clusters().set_index("cluster")[f"plan_{normalise_lang(lang)}"]
    return tuple(t("clusters.plan_caption", lang, name=options[c], plan=plans[c]) for c in chosen)


@lru_cache(maxsize=70)
def members_source(lang: str, chosen: tuple[str, ...]) -> str:
    """Source caption of the member lists of ``chosen`` clusters."""
    return provenance.caption(members(lang, list(chosen))[["source_id", "locator"]], lang)


@lru_cache(maxsize=4)
def industries_source(lang: str) -> str:
    """Source caption of the industry bands."""
    return provenance.caption(industries(lang)[["source_id", "locator"]], lang)


@lru_cache(maxsize=4)
def text_fields(lang: str) -> dict[str, str]:
    """Numbers quoted in the page's fixed texts, formatted from their data rows: the number of first-tier
    cities studied, the 40 % threshold of the first-tier intervals and of the industry bands."""
    cities = datasets.observations().query("indicator == 'city_dt_share' and status == 'interval' "
                                           "and geo_level == 'city'").iloc[0]
    high = datasets.industries().query("band == 'high'").iloc[0]
    return {
        "year": year_text(figure("cluster_dt_share", lang, "yrd", 2020), lang),
        "studied": figure("first_tier_cities_studied", lang, "CN", 2020).text,
        # printed as the paper's sentence prints it ("突破40%"), from the lower bound of the interval rows
        "threshold": formatting.with_unit(float(cities["lower"]), "percent", lang, 0),
        "bound": formatting.with_unit(float(high["lower"]), "percent", lang, int(high["decimals"])),
    }
