"""Tables of the sources & methods page: every source, every figure with its provenance, what is unpublished.

Tables are cached per language; treat them as read-only.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from smedx import datasets, formatting, locators, provenance, since_survey
from smedx.figures import figure
from smedx.i18n import normalise_lang, t
from smedx.places import place_name


def search(frame: pd.DataFrame, query: str) -> pd.DataFrame:
    """Rows of ``frame`` in which any text cell contains ``query`` (case-insensitive; blank = all rows)."""
    needle = query.strip().casefold()
    if not needle:
        return frame
    text = frame.astype(str).apply(lambda column: column.str.casefold().str.contains(needle, regex=False))
    return frame[text.any(axis=1)]


def key_columns(lang: str) -> list[str]:
    """Headers of the columns the source and figure tables show first on a phone (what, where, value, whose)."""
    names = ("indicator", "geo", "year", "value", "citation", "date", "url", "locator", "unit", "definition")
    return [t(f"sources.col_{name}", lang) for name in names]


@lru_cache(maxsize=4)
def sources_table(lang: str) -> pd.DataFrame:
    """All sources with localised headers; the note in ``lang``, a source without a date "not stated"."""
    lang = normalise_lang(lang)
    frame = datasets.sources()
    return pd.DataFrame({
        t("sources.col_source_id", lang): frame["source_id"],
        t("sources.col_citation", lang): frame[f"citation_{lang}"],
        t("sources.col_publisher", lang): frame[f"publisher_{lang}"],
        t("sources.col_date", lang): frame["date"].fillna(t("sources.date_not_stated", lang)),
        t("sources.col_url", lang): frame["url"].fillna(""),
        t("sources.col_kind", lang): [t(f"sources.kind_{kind}", lang) for kind in frame["kind"]],
        t("sources.col_notes", lang): frame[f"note_{lang}"].fillna(""),
    })


@lru_cache(maxsize=4)
def figures_table(lang: str) -> pd.DataFrame:
    """Every figure: the observations (the paper and its sources), then the figures published since the survey
    (:mod:`smedx.since_survey`, unverified ones marked in the value). Columns: indicator, place, year, value as
    displayed, status, source, locator, note, and the indicator id."""
    return pd.concat([_observations_table(normalise_lang(lang)), _since_survey_table(normalise_lang(lang))],
                     ignore_index=True)


def _since_survey_table(lang: str) -> pd.DataFrame:
    frame = since_survey.figures(lang)
    return pd.DataFrame({
        t("sources.col_indicator", lang): frame["label"],
        t("sources.col_geo", lang): [place_name("nation" if g == "CN" else "region", g, lang) for g in frame["geo_id"]],
        t("sources.col_year", lang): [t("sources.target_year", lang, x=p) if k == "target" else p
                                      for p, k in zip(frame["period_text"], frame["kind"], strict=True)],
        t("sources.col_value", lang): frame["text"],
        t("sources.col_status", lang): t("sources.status_published", lang),
        t("sources.col_source", lang): frame["source"],
        t("sources.col_locator", lang): [locators.localise(loc, lang) for loc in frame["locator"]],
        t("sources.col_note", lang): frame["note"],
        "indicator": frame["indicator"],
    })


def _observations_table(lang: str) -> pd.DataFrame:
    obs = datasets.observations()
    meta = datasets.indicators().set_index("indicator")
    cites = datasets.sources().set_index("source_id")[f"citation_{lang}"]
    records = obs.to_dict("records")
    return pd.DataFrame({
        t("sources.col_indicator", lang): [meta.loc[r["indicator"], f"label_{lang}"] for r in records],
        t("sources.col_geo", lang): [place_name(r["geo_level"], r["geo_id"], lang) for r in records],
        t("sources.col_year", lang): [t("sources.year_not_stated", lang) if pd.isna(r["year"]) else
                                      t("sources.year_inferred", lang, x=r["year"]) if r["year_inferred"] else
                                      str(r["year"]) for r in records],
        t("sources.col_value", lang): [formatting.observation(r, meta.loc[r["indicator"], "unit"], lang, long=True)
                                       for r in records],
        t("sources.col_status", lang): [t(f"sources.status_{r['status']}", lang) for r in records],
        t("sources.col_source", lang): [cites[r["source_id"]] for r in records],
        t("sources.col_locator", lang): [locators.localise(r["locator"], lang) for r in records],
        t("sources.col_note", lang): ["" if pd.isna(r[f"note_{lang}"]) else r[f"note_{lang}"] for r in records],
        "indicator": [r["indicator"] for r in records],
    })


@lru_cache(maxsize=4)
def indicators_table(lang: str) -> pd.DataFrame:
    """Indicator metadata with localised headers."""
    lang = normalise_lang(lang)
    frame = datasets.indicators()
    return pd.DataFrame({
        "indicator": frame["indicator"],
        t("sources.col_indicator", lang): frame[f"label_{lang}"],
        t("sources.col_unit", lang): [t(f"sources.unit_{unit}", lang) for unit in frame["unit"]],
        t("sources.col_definition", lang): frame[f"definition_{lang}"],
        t("sources.col_source_id", lang): frame["source_id"],
    })


@lru_cache(maxsize=4)
def unpublished_table(lang: str) -> pd.DataFrame:
    """Figures without an exact published value: intervals, unpublished observations and industry bands."""
    lang = normalise_lang(lang)
    figures = figures_table(lang)
    status = t("sources.col_status", lang)
    gaps = figures[figures[status] != t("sources.status_published", lang)].drop(columns="indicator")
    industries = datasets.industries()
    rows = pd.DataFrame({
        t("sources.col_indicator", lang): t("sources.industry_band", lang),
        t("sources.col_geo", lang): industries[f"name_{lang}"],
        t("sources.col_year", lang): "2020",
        t("sources.col_value", lang): [formatting.observation(r, "percent", lang, long=True)
                                       for r in industries.to_dict("records")],
        status: [t(f"sources.status_{s}", lang) for s in industries["status"]],
        t("sources.col_source", lang): datasets.sources().set_index("source_id").loc[
            industries["source_id"], f"citation_{lang}"].to_numpy(),
        t("sources.col_locator", lang): [locators.localise(loc, lang) for loc in industries["locator"]],
        t("sources.col_note", lang): industries[f"note_{lang}"].fillna(""),
    })
    return pd.concat([gaps, rows], ignore_index=True)


@lru_cache(maxsize=16)
def definition(term: str, lang: str) -> str:
    """The paper's definition of ``term`` (data/definitions.csv) as one line with its source and locator."""
    lang = normalise_lang(lang)
    row = datasets.definitions().set_index("term").loc[term]
    source = provenance.caption([{"source_id": row["source_id"], "locator": row["locator"]}], lang)
    return t("common.definition", lang, term=row[f"term_{lang}"], text=row[f"text_{lang}"], source=source)


def definitions(lang: str) -> tuple[str, ...]:
    """Every definition the paper gives in its footnotes, one line each."""
    return tuple(definition(term, lang) for term in datasets.definitions()["term"])


@lru_cache(maxsize=4)
def method_fields(lang: str) -> dict[str, str]:
    """Numbers quoted in the methods text, each formatted from its data row."""
    cities = datasets.observations().query("indicator == 'city_dt_share' and geo_level == 'city'")
    interval = cities[cities["status"].eq("interval")].iloc[0]
    high_band = datasets.industries().query("band == 'high'").iloc[0]
    return {
        "n": figure("survey_sample_size", lang, "CN", 2020).text,
        "year": str(figure("survey_sample_size", lang, "CN", 2020).year),
        "studied": figure("first_tier_cities_studied", lang, "CN", 2020).text,
        "exact": str(int(cities["status"].eq("published").sum())),
        "low": formatting.with_unit(float(interval["lower"]), "percent", lang, int(interval["decimals"])),
        "high": formatting.with_unit(float(interval["upper"]), "percent", lang, int(interval["decimals"])),
        "unnamed": figure("first_tier_cities_unnamed", lang, "CN", 2020).text,
        "bound": formatting.with_unit(float(high_band["lower"]), "percent", lang, int(high_band["decimals"])),
    }
