"""Tables behind the overview page (pure pandas; the page only renders them).

All shares are percent (0–100) taken from ``data/observations.csv`` via :mod:`smedx.figures`.
Results are cached per language and filter; treat the returned frames as read-only.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache

import pandas as pd

from smedx import datasets, formatting, locators
from smedx.figures import Figure, figure
from smedx.i18n import normalise_lang, t

# (indicator, geo_id, year) of the headline metrics, in display order.
HEADLINE: tuple[tuple[str, str, int], ...] = (
    ("dt_share_implemented", "CN", 2020),
    ("dt_share_implemented", "CN", 2021),
    ("survey_sample_size", "CN", 2020),
)
STAGES: tuple[str, ...] = ("dt_share_implemented", "dt_share_planning", "dt_share_no_plan", "dt_share_unclassified")
SECTORS: tuple[str, ...] = ("de_share_agriculture", "de_share_industry", "de_share_services")
MACRO: tuple[tuple[str, int], ...] = (
    ("industrial_digitalisation_scale", 2022),
    ("industrial_digitalisation_gdp_share", 2022),
    ("enterprises_total", 2021),
    ("enterprises_growth_multiple", 2021),
    ("sme_share_of_enterprises", 2021),
    ("sme_employment", 2018),
    ("sme_employment_share", 2018),
    ("sme_assets", 2018),
    ("sme_assets_share", 2018),
)


@lru_cache(maxsize=8)
def headline(lang: str) -> tuple[Figure, ...]:
    """The headline figures: the 2020 and 2021 shares and the survey sample size."""
    return tuple(figure(ind, lang, geo, year) for ind, geo, year in HEADLINE)


def change_2021(lang: str) -> Figure:
    """The paper's stated 2020→2021 change (percentage points)."""
    return figure("dt_share_change", lang, "CN", 2021)


@lru_cache(maxsize=4)
def text_fields(lang: str) -> dict[str, str]:
    """Years and numbers quoted in the page's titles and notes, from their data rows: ``year`` (survey),
    ``earlier``/``later`` (the two years of the implemented share), ``sectors`` (year of the sector shares),
    ``change`` (the paper's stated change, as text)."""
    survey = figure("survey_sample_size", lang, "CN", 2020)
    earlier, later = (figure("dt_share_implemented", lang, "CN", year) for year in (2020, 2021))
    return {"year": str(survey.year), "earlier": str(earlier.year), "later": str(later.year),
            "sectors": str(figure(SECTORS[0], lang, "CN", 2022).year), "change": change_2021(lang).text}


@lru_cache(maxsize=8)
def stage_split(lang: str) -> pd.DataFrame:
    """2020 stage split: one row per stage with ``width`` (percent) for the chart and the display ``text``.

    The remainder is not a published category: its width is the arithmetic residual and ``status`` is
    ``not_published`` so the chart can show it as "not stated by the paper".
    """
    rows = []
    for order, indicator in enumerate(STAGES):
        fig = figure(indicator, lang, "CN", 2020)
        obs = datasets.observation(indicator, "CN", 2020)
        width = fig.value if fig.value is not None else float(obs["lower"])
        rows.append({"order": order, "stage": fig.label, "width": width, "text": fig.text, "status": fig.status,
                     "source_id": fig.source_id, "locator": fig.locator})
    return pd.DataFrame(rows)


@lru_cache(maxsize=8)
def stage_note_fields(lang: str) -> dict[str, str]:
    """``stated`` (sum of the three published stage shares) and ``remainder`` for the stage-split note."""
    stated = [figure(ind, lang, "CN", 2020) for ind in STAGES[:-1]]
    total = round(sum(f.value or 0.0 for f in stated), 1)
    remainder = datasets.observation(STAGES[-1], "CN", 2020)
    return {"stated": formatting.with_unit(total, "percent", lang),
            "remainder": formatting.with_unit(float(remainder["lower"]), "percent", lang)}


@lru_cache(maxsize=8)
def year_change(lang: str) -> pd.DataFrame:
    """Share that has implemented digital transformation, 2020 and 2021 (percent)."""
    figs = [figure("dt_share_implemented", lang, "CN", year) for year in (2020, 2021)]
    return pd.DataFrame({"year": [f.year for f in figs], "share": [f.value for f in figs],
                         "text": [f.text for f in figs], "source_id": [f.source_id for f in figs],
                         "locator": [f.locator for f in figs]})


@lru_cache(maxsize=8)
def sector_shares(lang: str) -> pd.DataFrame:
    """Digital economy as a share of sector value added, 2022 (percent)."""
    figs = [figure(ind, lang, "CN", 2022) for ind in SECTORS]
    return pd.DataFrame({"sector": [f.label for f in figs], "share": [f.value for f in figs],
                         "text": [f.text for f in figs], "source_id": [f.source_id for f in figs],
                         "locator": [f.locator for f in figs]})


@lru_cache(maxsize=8)
def macro(lang: str) -> tuple[Figure, ...]:
    """Macro context figures of the paper's introduction."""
    return tuple(figure(ind, lang, "CN", year) for ind, year in MACRO)


def macro_table(lang: str) -> pd.DataFrame:
    """Macro figures as a table: indicator, value as displayed, year, locator."""
    figs = macro(lang)
    return pd.DataFrame({
        t("overview.col_indicator", lang): [f.label for f in figs],
        t("overview.col_value", lang): [f.text for f in figs],
        t("overview.col_year", lang): [str(f.year) for f in figs],
        t("overview.col_note", lang): [f.note for f in figs],
    })


def macro_provenance(lang: str) -> pd.DataFrame:
    """``source_id``/``locator`` rows behind the macro figures and the sector chart."""
    figs = macro(lang)
    rows = pd.DataFrame({"source_id": [f.source_id for f in figs], "locator": [f.locator for f in figs]})
    return pd.concat([rows, sector_shares(lang)[["source_id", "locator"]]], ignore_index=True)


@lru_cache(maxsize=8)
def barriers(lang: str) -> pd.DataFrame:
    """The difficulties of §三 with the barrier phrases the paper attaches and their figures."""
    lang = normalise_lang(lang)
    rows = []
    for row in datasets.barriers().to_dict("records"):
        indicators = [] if pd.isna(row["indicators"]) else str(row["indicators"]).split(";")
        figs = [figure(ind, lang) for ind in indicators]
        rows.append({
            "section": row["section"],
            "difficulty": row[f"title_{lang}"],
            "named": "" if pd.isna(row[f"named_{lang}"]) else row[f"named_{lang}"],
            "figures": [f"{f.text} — {f.label}" for f in figs],
            "provenance": [(row["source_id"], row["locator"])] + [(f.source_id, f.locator) for f in figs],
        })
    return pd.DataFrame(rows)


def barriers_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The barriers table with localised headers (figures joined one per line)."""
    return pd.DataFrame({
        t("overview.col_section", lang): [locators.localise(f"§{section}", lang) for section in table["section"]],
        t("overview.col_difficulty", lang): table["difficulty"],
        t("overview.col_named", lang): table["named"],
        t("overview.col_figures", lang): table["figures"].map("\n".join),
    })


def barriers_provenance(table: pd.DataFrame) -> pd.DataFrame:
    """``source_id``/``locator`` rows behind the barriers table."""
    pairs = [pair for pairs in table["provenance"] for pair in pairs]
    return pd.DataFrame(pairs, columns=["source_id", "locator"])


@lru_cache(maxsize=8)
def path(lang: str) -> pd.DataFrame:
    """The three-stage path with the SaaS categories the paper recommends for each stage."""
    lang = normalise_lang(lang)
    frame = datasets.transformation_path()
    return pd.DataFrame({
        "stage": frame["stage"],
        "name": frame[f"name_{lang}"],
        "focus": frame[f"focus_{lang}"],
        "saas": frame[f"saas_{lang}"],
        "source_id": frame["source_id"],
        "locator": frame["locator"],
    })


def path_provenance(table: pd.DataFrame, saas: Figure) -> list[dict[str, str]]:
    """Provenance of the path cards plus the SaaS figure quoted under them."""
    return [*table[["source_id", "locator"]].to_dict("records"), {"source_id": saas.source_id,
                                                                  "locator": saas.locator}]


TIMELINE_COLUMNS: tuple[str, ...] = ("date", "issuers", "title", "doc_no", "summary", "note", "in_paper")


def _mid_date(text: str) -> pd.Timestamp:
    """A plotting date for "YYYY", "YYYY-MM" or "YYYY-MM-DD" (mid-year / first of month when unknown)."""
    parts = text.split("-")
    if len(parts) == 1:
        return pd.Timestamp(int(parts[0]), 7, 1)
    return pd.Timestamp(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) == 3 else 1)


def timeline(lang: str, years: tuple[int, int] | None = None, issuers: Sequence[str] | None = None) -> pd.DataFrame:
    """Policies between ``years`` (inclusive) issued by any of ``issuers`` (keys; all when empty).

    Columns: policy_id, date (as published: YYYY, YYYY-MM or YYYY-MM-DD), issuers (as the source prints them), title,
    doc_no, summary, note (e.g. where the paper's issuer is probably wrong), in_paper (text), when (plotting
    date), source_id, locator.
    """
    return _timeline(normalise_lang(lang), None if years is None else tuple(years), tuple(issuers or ()))


@lru_cache(maxsize=64)
def _timeline(lang: str, years: tuple[int, int] | None, issuers: tuple[str, ...]) -> pd.DataFrame:
    frame = datasets.policies()
    year = frame["date"].str.slice(0, 4).astype(int)
    mask = pd.Series(True, index=frame.index)
    if years is not None:
        mask &= year.between(*years)
    if issuers:
        wanted = set(issuers)
        mask &= frame["issuer_keys"].str.split(";").map(lambda keys: bool(wanted.intersection(keys)))
    chosen = frame[mask]
    return pd.DataFrame({
        "policy_id": chosen["policy_id"],
        "date": chosen["date"],
        "issuers": chosen[f"issuers_{lang}"],
        "title": chosen[f"title_{lang}"],
        "doc_no": chosen["doc_no"].fillna(""),
        "summary": chosen[f"summary_{lang}"],
        "note": chosen[f"note_{lang}"].fillna(""),
        "in_paper": chosen["in_paper"].map({True: t("overview.in_paper_yes", lang),
                                            False: t("overview.in_paper_no", lang)}),
        "when": chosen["date"].map(_mid_date),
        "source_id": chosen["source_id"],
        "locator": chosen["locator"],
    }).reset_index(drop=True)


def timeline_display(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The timeline with localised column headers, as shown and downloaded."""
    return frame[list(TIMELINE_COLUMNS)].rename(columns={c: t(f"overview.col_{c}", lang) for c in TIMELINE_COLUMNS})


def timeline_key_columns(lang: str) -> list[str]:
    """Headers of the timeline columns a phone shows first (date, title, document number)."""
    return [t(f"overview.col_{c}", lang) for c in ("date", "title", "doc_no")]


@cache
def timeline_years() -> tuple[int, int]:
    """First and last year in the policy timeline."""
    years = datasets.policies()["date"].str.slice(0, 4).astype(int)
    return int(years.min()), int(years.max())


@lru_cache(maxsize=8)
def issuer_options(lang: str) -> dict[str, str]:
    """Issuer key → display name, in display order (cached: read-only)."""
    frame = datasets.issuers()
    return dict(zip(frame["issuer"], frame[f"name_{normalise_lang(lang)}"], strict=True))
