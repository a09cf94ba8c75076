"""The data behind every table download of the overview, regional, clusters and sources pages (pure pandas).

Each function returns a :class:`smedx.export.Download`: stable English ids first, then ``value``/``lower``/
``upper`` (numbers in ``unit``; percent = 0–100; blank where the source gives none), ``status``, ``source_id``,
``locator``, then the labels in the reader's language. Rows come from ``data/`` through :mod:`smedx.datasets`;
display text is never parsed back into numbers.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from smedx import catalogue, clusters, datasets, overview, regional, since_survey
from smedx.export import Download
from smedx.figures import figure
from smedx.i18n import normalise_lang

OBSERVATION_COLUMNS = ("indicator", "geo_level", "geo_id", "year", "year_inferred", "value", "lower", "upper",
                       "bounds", "unit", "status", "source_id", "locator")


NOTE_COLUMNS = ("note_zh", "note_en")  # a row's remark in both languages (observations, sources, since_survey,
# industries: the stored columns, whichever language the page is in)


def observation_rows(rows: pd.DataFrame | Iterable[dict]) -> pd.DataFrame:
    """Observation rows in download form (:data:`OBSERVATION_COLUMNS`, then ``note_zh``, ``note_en``), unit from
    indicators.csv."""
    frame = pd.DataFrame(list(rows) if not isinstance(rows, pd.DataFrame) else rows).reset_index(drop=True)
    meta = datasets.indicator_meta()
    frame["unit"] = [str(meta[i]["unit"]) for i in frame["indicator"]]
    frame["year"] = frame["year"].astype("Int64")
    frame["year_inferred"] = frame["year_inferred"].astype(bool)
    for column in ("value", "lower", "upper"):
        frame[column] = frame[column].astype(float)
    return frame[[*OBSERVATION_COLUMNS, *NOTE_COLUMNS]]


def _blank_numbers(frame: pd.DataFrame, unit: str = "") -> pd.DataFrame:
    """``frame`` with empty value/lower/upper (float) and ``unit`` for tables that list things, not numbers."""
    return frame.assign(value=float("nan"), lower=float("nan"), upper=float("nan"), unit=unit)


Key = tuple[str, str, int | None]  # (indicator, geo_id, year)


def figures(title: str, keys: Iterable[Key], lang: str) -> Download:
    """The observations behind a chart or table, with their labels in ``lang`` (``label``, ``text``)."""
    keys = list(keys)
    rows = observation_rows(datasets.observation(*key) for key in keys)
    shown = [figure(indicator, lang, geo_id, year) for indicator, geo_id, year in keys]
    return Download(title, rows.assign(label=[f.label for f in shown], text=[f.text for f in shown]))


def regions(lang: str) -> Download:
    """The four regional 2020 shares and the national figure drawn as the bars' reference line."""
    keys = [(f.indicator, f.geo_id, f.year) for f in (*regional.region_figures(lang), regional.national(lang))]
    return figures("Share of SMEs that started digital transformation by NBS region, 2020", keys, lang)


def cluster_shares(lang: str) -> Download:
    """The five clusters' 2020 shares, the national average band their wording implies, and the national
    headline figure."""
    keys = [("cluster_dt_share", c, None) for c in clusters.cluster_table(lang)["cluster"]]
    keys += [("cluster_comparison_average", "CN", 2020), ("dt_share_implemented", "CN", 2020)]
    return figures("Share of SMEs that started digital transformation by city cluster, 2020", keys, lang)


def year_change(lang: str) -> Download:
    """The implemented share in 2020 and 2021 and the paper's stated change."""
    keys = [("dt_share_implemented", "CN", 2020), ("dt_share_implemented", "CN", 2021),
            ("dt_share_change", "CN", 2021)]
    return figures("SMEs that implemented a digital-transformation strategy, 2020 and 2021", keys, lang)


def macro(lang: str) -> Download:
    """The macro context figures and the sector shares of the overview page."""
    keys = [(ind, "CN", year) for ind, year in overview.MACRO] + [(ind, "CN", 2022) for ind in overview.SECTORS]
    return figures("Macro context of SME digital transformation", keys, lang)


def industries(lang: str) -> Download:
    """The paper's industry bands (Fig. 1): bounds the text states only, no values."""
    lang = normalise_lang(lang)
    frame = datasets.industries()
    shown = clusters.industries(lang)
    data = pd.DataFrame({
        "industry": frame["industry"], "band": frame["band"], "value": float("nan"),
        "lower": frame["lower"].astype(float), "upper": frame["upper"].astype(float), "bounds": frame["bounds"],
        "unit": "percent", "status": frame["status"], "source_id": frame["source_id"], "locator": frame["locator"],
        **{column: frame[column] for column in NOTE_COLUMNS},
        "name": shown["name"], "band_label": shown["band_label"], "text": shown["bound"],
    })
    return Download("Industry bands of SME digital transformation (paper Fig. 1)", data)


def stages(lang: str) -> Download:
    """The 2020 stage split (paper §二(一)): the three published shares and the unstated remainder."""
    rows = observation_rows(datasets.observation(ind, "CN", 2020) for ind in overview.STAGES)
    shown = overview.stage_split(lang)
    return Download("SME digital-transformation stages, 2020", rows.assign(label=shown["stage"], text=shown["text"]))


def timeline(lang: str, years: Sequence[int], issuers: Sequence[str]) -> Download:
    """The policy timeline rows between ``years`` issued by ``issuers`` (keys; all when empty)."""
    shown = overview.timeline(lang, tuple(years), issuers)
    chosen = datasets.policies().set_index("policy_id").loc[shown["policy_id"]].reset_index()
    frame = pd.DataFrame({
        "policy_id": chosen["policy_id"], "date": chosen["date"], "issuer_keys": chosen["issuer_keys"],
        "doc_no": chosen["doc_no"], "in_paper": chosen["in_paper"].astype(bool), "status": "published",
        "source_id": chosen["source_id"], "locator": chosen["locator"],
        "title": shown["title"], "issuers": shown["issuers"], "summary": shown["summary"], "note": shown["note"],
    })
    filters = {"years": f"{years[0]}-{years[1]}", "issuers": ";".join(issuers) or "all"}
    return Download("Policy timeline", _blank_numbers(frame), filters)


def since_survey_figures(lang: str) -> Download:
    """Figures published since the 2020 survey (values and targets; tag A = unverified)."""
    shown = since_survey.figures(lang)
    frame = pd.DataFrame({
        "indicator": shown["indicator"], "kind": shown["kind"], "geo_id": shown["geo_id"],
        "period": shown["period"], "year_inferred": shown["period_inferred"].astype(bool),
        "scope": shown["scope"], "value": shown["value"].astype(float), "lower": float("nan"), "upper": float("nan"),
        "unit": "percent", "status": "published", "unverified": shown["unverified"],
        "source_id": shown["source_id"], "locator": shown["locator"],
        **{column: shown[column] for column in NOTE_COLUMNS}, "label": shown["label"], "text": shown["text"],
    })
    return Download("Figures published since the 2020 survey", frame)


def regional_provinces(lang: str, region: str | None) -> Download:
    """Provinces (of ``region`` or all 34) with their NBS region's 2020 share (the survey reports regions, not
    provinces); Hong Kong, Macao and Taiwan are not in the survey: no value, status ``not_in_survey``, the
    provinces table's source and locator."""
    shown = regional.province_table(lang, region)
    provinces = datasets.provinces().set_index("adcode")
    rows = []
    for adcode in shown["adcode"]:
        province = provinces.loc[adcode]
        base = {"adcode": adcode, "province_en": province["name_en"],
                "region": province["region"] if isinstance(province["region"], str) else ""}
        if province["in_survey"]:
            obs = observation_rows([datasets.observation(regional.INDICATOR, province["region"], 2020)]).iloc[0]
            rows.append({**base, **obs.drop(["geo_level", "geo_id", *NOTE_COLUMNS]).to_dict()})
        else:
            rows.append({**base, "indicator": regional.INDICATOR, "year": pd.NA, "year_inferred": False,
                         "value": float("nan"), "lower": float("nan"), "upper": float("nan"), "bounds": pd.NA,
                         "unit": "percent", "status": "not_in_survey", "source_id": province["source_id"],
                         "locator": province["locator"]})
    frame = pd.DataFrame(rows).assign(province=shown["province"], region_name=shown["region"],
                                      text=shown["text"])
    frame["year"] = frame["year"].astype("Int64")
    return Download("Provinces by NBS region with the region's 2020 share of SMEs that started digital "
                    "transformation", frame, {"region": region or "all"})


def first_tier(lang: str, sort: str, kind: str) -> Download:
    """The first-tier cities the paper names: exact values or intervals (paper §二(三)3, Fig. 2)."""
    shown = clusters.first_tier(lang, sort, kind)
    frame = observation_rows(shown).assign(above_40=shown["above_40"].astype(str), name=shown["name"],
                                           notation=shown["notation"], text=shown["text"])
    return Download("First-tier cities: share of SMEs that started digital transformation", frame,
                    {"sort": sort, "kind": kind})


def cluster_members(lang: str, chosen: Sequence[str]) -> Download:
    """Member cities of the chosen clusters, with the plan that defines each list (confidence A = unverified)."""
    shown = clusters.members(lang, list(chosen))
    raw = datasets.cluster_members()
    raw = raw[raw["cluster"].isin(chosen)] if chosen else raw
    frame = pd.DataFrame({
        "cluster": shown["cluster"], "adcode": shown["adcode"], "city_en": raw["name_en"].to_numpy(),
        "province_adcode": raw["province_adcode"].to_numpy(), "partial": shown["partial"].astype(bool),
        "confidence": shown["confidence"], "status": ["unverified" if u else "verified" for u in shown["unverified"]],
        "source_id": shown["source_id"], "locator": shown["locator"], "cluster_name": shown["cluster_name"],
        "city": shown["city"], "province": shown["province"], "partial_note": shown["partial_note"],
        "plan": shown["plan"],
    })
    return Download("City-cluster member cities", _blank_numbers(frame), {"clusters": ";".join(chosen) or "all"})


# --- the sources page: four tables, row for row the ones it shows (its search keeps the same rows) -----------

def sources_list(lang: str) -> pd.DataFrame:
    """Every source of ``data/sources.csv``."""
    frame = datasets.sources()
    return _blank_numbers(frame.assign(status="", locator="")[
        ["source_id", "kind", "date", "url", "status", "locator", "citation_en", "citation_zh", "publisher_zh",
         "publisher_en", *NOTE_COLUMNS]])


def figures_list(lang: str) -> pd.DataFrame:
    """Every observation, then every figure published since the survey (the order of the sources page)."""
    obs = observation_rows(datasets.observations())
    meta = datasets.indicator_meta()
    obs["label"] = [meta[i][f"label_{normalise_lang(lang)}"] for i in obs["indicator"]]
    since = since_survey_figures(lang).frame.rename(columns={"period": "year"})
    since = since.assign(geo_level=["nation" if g == "CN" else "region" for g in since["geo_id"]], bounds=pd.NA)
    columns = [*OBSERVATION_COLUMNS, "kind", "scope", "unverified", "label", *NOTE_COLUMNS]
    since["year"] = since["year"].astype(str)
    obs["year"] = obs["year"].astype("string")
    return pd.concat([obs.assign(kind="value", scope=pd.NA, unverified=False), since], ignore_index=True)[columns]


def indicators_list(lang: str) -> pd.DataFrame:
    """Indicator metadata (label and definition in both languages)."""
    frame = datasets.indicators()
    return _blank_numbers(frame.assign(status="", locator="")[
        ["indicator", "unit", "status", "source_id", "locator", "label_en", "label_zh", "definition_en",
         "definition_zh"]], unit="").assign(unit=frame["unit"])


def unpublished_list(lang: str) -> pd.DataFrame:
    """Figures without an exact published value, then the industry bands (bounds only)."""
    figures = figures_list(lang)
    gaps = figures[figures["status"].ne("published")]
    industries = datasets.industries()
    bands = pd.DataFrame({
        "indicator": "industry_band", "geo_level": "industry", "geo_id": industries["industry"], "year": "2020",
        "value": float("nan"), "lower": industries["lower"].astype(float), "upper": industries["upper"].astype(float),
        "bounds": industries["bounds"], "unit": "percent", "status": industries["status"],
        "source_id": industries["source_id"], "locator": industries["locator"],
        "label": industries[f"name_{normalise_lang(lang)}"], **{column: industries[column] for column in NOTE_COLUMNS},
    })
    return pd.concat([gaps, bands], ignore_index=True)


SOURCES_PAGE_TABLES = {"sources": (sources_list, catalogue.sources_table, "Sources"),
                       "figures": (figures_list, catalogue.figures_table, "Every figure with its provenance"),
                       "indicators": (indicators_list, catalogue.indicators_table, "Indicators"),
                       "not_published": (unpublished_list, catalogue.unpublished_table, "Figures not published")}


def sources_page(name: str, lang: str, shown: pd.DataFrame, query: str) -> Download:
    """The rows of sources-page table ``name`` that its search ``query`` kept (``shown``: the displayed rows)."""
    data, display, title = SOURCES_PAGE_TABLES[name]
    frame = data(lang)
    if len(frame) != len(display(lang)):
        raise ValueError(f"{name}: {len(frame)} data rows for {len(display(lang))} shown rows")
    return Download(title, frame.loc[shown.index].reset_index(drop=True), {"search": query.strip() or "none"})
