"""What has been published since the 2020 survey: MIIT's two national rates, the 5th economic census and the
city pilots (pure pandas; the overview page only renders these tables).

These are OTHER MEASURES than the ACFIC share of SMEs that implemented a digital-transformation strategy: other
samples, other firms (all sizes), other definitions. They are shown beside the survey, never joined with it into
one line. Values are percent (0–100) from ``data/since_survey.csv``; each row carries its research tag (V =
official host, A = shown "unverified"), source and locator. Tables are cached per language; treat as read-only.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from smedx import datasets, formatting, provenance, regional
from smedx.figures import label_of
from smedx.i18n import normalise_lang, t
from smedx.places import region_options
from smedx.tracker import reference

RATES: tuple[str, ...] = ("miit_rd_tool_rate", "miit_cnc_rate")
CENSUS = "census_digital_tech_share"
CENSUS_REGIONS = "census_core_de_region_share"


def _when(period: str) -> pd.Timestamp:
    """Plotting date of "YYYY" (mid-year) or "YYYY-MM" (mid-month)."""
    parts = [int(p) for p in period.split("-")]
    return pd.Timestamp(parts[0], 7, 1) if len(parts) == 1 else pd.Timestamp(parts[0], parts[1], 15)


def _period_text(period: str, inferred: bool, lang: str) -> str:
    year, _, month = period.partition("-")
    text = t("overview.period_month", lang, year=year, month=int(month)) if month else t("units.year", lang, x=year)
    return t("overview.period_inferred", lang, x=text) if inferred else text


def _rows(indicators: tuple[str, ...], kind: str, lang: str) -> pd.DataFrame:
    lang = normalise_lang(lang)
    frame = datasets.since_survey()
    rows = frame[frame["indicator"].isin(indicators) & frame["kind"].eq(kind)]
    values = [formatting.with_unit(float(v), "percent", lang, int(d))
              for v, d in zip(rows["value"], rows["decimals"], strict=True)]
    unverified = rows["tag"].eq("A")
    return pd.DataFrame({
        "indicator": rows["indicator"],
        "label": rows["indicator"].map(lambda i: label_of(i, lang)),
        "geo_id": rows["geo_id"],
        "period": rows["period"],
        "period_inferred": rows["period_inferred"],
        "period_text": [_period_text(p, i, lang) for p, i in zip(rows["period"], rows["period_inferred"], strict=True)],
        "when": rows["period"].map(_when),
        "value": rows["value"],
        "text": [t("overview.unverified_value", lang, x=v) if u else v
                 for v, u in zip(values, unverified, strict=True)],
        "scope": rows["scope"],
        "scope_label": rows["scope"].map(lambda s: t(f"overview.scope_{s}", lang)),
        "unverified": unverified,
        "status": [t("common.unverified", lang) if u else t("overview.verified", lang) for u in unverified],
        "source": rows["source_id"].map(lambda s: provenance.citation(s, lang)),
        "kind": rows["kind"],
        "note": rows[f"note_{lang}"].fillna(""),
        "note_zh": rows["note_zh"],
        "note_en": rows["note_en"],
        "source_id": rows["source_id"],
        "locator": rows["locator"],
    }).reset_index(drop=True)


@lru_cache(maxsize=4)
def figures(lang: str) -> pd.DataFrame:
    """Every row of the section (values and targets) for the sources page, with ``kind``, ``note`` (in ``lang``)
    and both stored notes (``note_zh``, ``note_en``, for downloads)."""
    frame = datasets.since_survey()
    indicators = tuple(dict.fromkeys(frame["indicator"]))
    rows = pd.concat([_rows(indicators, "value", lang), _rows(indicators, "target", lang)], ignore_index=True)
    return rows


@lru_cache(maxsize=4)
def rates(lang: str) -> pd.DataFrame:
    """Every reported value of the two MIIT rates (both values where two conflict), in time order."""
    return _rows(RATES, "value", lang).sort_values(["indicator", "when", "value"], ignore_index=True)


@lru_cache(maxsize=4)
def targets(lang: str) -> pd.DataFrame:
    """The 2025 targets of the two rates (reference lines, not data points)."""
    frame = _rows(RATES, "target", lang)
    frame["line_label"] = [t("overview.target_line", lang, period=p, label=lb, x=x)
                           for p, lb, x in zip(frame["period_text"], frame["label"], frame["text"], strict=True)]
    return frame


def _scope_runs(frame: pd.DataFrame, lang: str) -> str:
    """ "scope: periods" for each run of points published under one scope, in time order."""
    runs: list[tuple[str, list[str]]] = []
    for scope, period in zip(frame["scope_label"], frame["period_text"], strict=True):
        if runs and runs[-1][0] == scope:
            runs[-1][1].append(period)
        else:
            runs.append((scope, [period]))
    sep = t("overview.list_sep", lang)
    return t("overview.run_sep", lang).join(t("overview.scope_run", lang, scope=s, periods=sep.join(p))
                                            for s, p in runs)


@lru_cache(maxsize=4)
def rate_footnotes(lang: str) -> tuple[str, ...]:
    """Footnotes printed on the rates chart: the scope of each stretch of the series (the breaks) and every
    period reported with two different values (both are plotted)."""
    frame = rates(lang)
    notes = [t("overview.scope_breaks", lang, label=label, runs=_scope_runs(group, lang))
             for label, group in frame.groupby("label", sort=False)]
    for _, group in frame.groupby(["label", "period"], sort=False):
        if group["value"].nunique() > 1:
            values = t("overview.list_sep", lang).join(
                t("overview.conflict_value", lang, x=x, scope=s)
                for x, s in zip(group["text"], group["scope_label"], strict=True))
            notes.append(t("overview.conflict", lang, label=group["label"].iloc[0], period=group["period_text"].iloc[0],
                           values=values))
    return tuple(notes)


@lru_cache(maxsize=4)
def census(lang: str) -> pd.DataFrame:
    """The 5th economic census (2023): above-scale enterprises applying digital technology, all and secondary
    industry (all firm sizes, not only SMEs)."""
    return _rows((CENSUS,), "value", lang)


@lru_cache(maxsize=4)
def region_measures(lang: str) -> pd.DataFrame:
    """Two different regional measures side by side (never one line): the survey's share of SMEs in each
    region that started digital transformation, and the census's split of core digital-economy enterprises
    across the regions (shares of the national total, summing to 100). Columns: measure, measure_label, region,
    name, value, text, year_text, source_id, locator."""
    lang = normalise_lang(lang)
    names = region_options(lang)
    survey = regional.region_table(lang).set_index("region").loc[list(names)].reset_index()
    census_rows = _rows((CENSUS_REGIONS,), "value", lang).set_index("geo_id").loc[list(names)].reset_index()
    frame = pd.concat([
        survey.assign(measure="survey", year_text=regional.year_fields(lang)["year"]),
        census_rows.rename(columns={"geo_id": "region", "period_text": "year_text"}).assign(measure="census"),
    ], ignore_index=True)
    frame["name"] = frame["region"].map(names)
    frame["measure_label"] = [t(f"overview.measure_{m}", lang, year=y)
                              for m, y in zip(frame["measure"], frame["year_text"], strict=True)]
    return frame[["measure", "measure_label", "region", "name", "value", "text", "year_text", "source_id",
                  "locator"]]


@lru_cache(maxsize=4)
def pilots(lang: str) -> pd.DataFrame:
    """The city pilots since 2023 per batch: official count as published (≈, derived marked), cities
    identified so far and the unverified ones (research tag A) by name."""
    lang = normalise_lang(lang)
    cities = reference.cities()
    rows = []
    for row in reference.coverage().itertuples():
        official = t("units.approx", lang, x=row.official_count) if row.count_approx else str(row.official_count)
        members = cities[cities["batch"].eq(row.batch).fillna(False)]
        rows.append({"batch": t(f"tracker.batch_{row.batch}", lang), "year": str(row.year),
                     "official": t("tracker.derived", lang, x=official) if row.count_derived else official,
                     "identified": row.identified,
                     "unverified": t("tracker.list_sep", lang).join(members.loc[~members["verified"], f"name_{lang}"])})
    unknown = cities[cities["batch"].isna()]
    rows.append({"batch": t("tracker.batch_unknown", lang), "year": "", "official": "", "identified": len(unknown),
                 "unverified": t("tracker.list_sep", lang).join(unknown.loc[~unknown["verified"], f"name_{lang}"])})
    return pd.DataFrame(rows)


def pilots_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The pilot table with localised headers."""
    columns = ("batch", "year", "official", "identified", "unverified")
    return frame.rename(columns={c: t(f"overview.pilot_col_{c}", lang) for c in columns})


@lru_cache(maxsize=4)
def source_line(lang: str) -> str:
    """One source caption for every row of the section (MIIT rates, targets, census)."""
    rows = pd.concat([rates(lang), targets(lang), census(lang), region_measures(lang)], ignore_index=True)
    return provenance.caption(rows[["source_id", "locator"]], lang)
