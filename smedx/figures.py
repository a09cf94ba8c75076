"""Figures by indicator: one observation with its display text, unit, label and provenance.

This is the single path from ``data/observations.csv`` to anything a page shows as a number, map colours
included (:func:`smedx.regional.rates` reads the figures).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from smedx import datasets, formatting
from smedx.i18n import normalise_lang


@dataclass(frozen=True)
class Figure:
    """One observation ready for display. ``value`` is in ``unit`` (percent = 0–100) or None if unpublished."""

    indicator: str
    geo_id: str
    year: int | None
    year_inferred: bool  # the source gives no year; ``year`` is the dashboard's inference
    label: str
    unit: str
    value: float | None
    text: str
    status: str
    source_id: str
    locator: str
    note: str


def unit_of(indicator: str) -> str:
    """The unit code of ``indicator`` from ``data/indicators.csv``."""
    return str(datasets.indicator_meta()[indicator]["unit"])


def label_of(indicator: str, lang: str) -> str:
    """The label of ``indicator`` in ``lang``."""
    return str(datasets.indicator_meta()[indicator][f"label_{normalise_lang(lang)}"])


@lru_cache(maxsize=4096)
def figure(indicator: str, lang: str, geo_id: str = "CN", year: int | None = None, long: bool = False) -> Figure:
    """The figure of ``indicator`` at ``geo_id`` (and ``year``), formatted for ``lang`` (cached; immutable)."""
    row = datasets.observation(indicator, geo_id, year)
    unit = unit_of(indicator)
    value = None if pd.isna(row["value"]) else float(row["value"])
    return Figure(
        indicator=indicator,
        geo_id=geo_id,
        year=None if pd.isna(row["year"]) else int(row["year"]),
        year_inferred=bool(row["year_inferred"]),
        label=label_of(indicator, lang),
        unit=unit,
        value=value,
        text=formatting.observation(row, unit, lang, long=long),
        status=str(row["status"]),
        source_id=str(row["source_id"]),
        locator=str(row["locator"]),
        note="" if pd.isna(row[f"note_{normalise_lang(lang)}"]) else str(row[f"note_{normalise_lang(lang)}"]),
    )


def year_text(fig: Figure, lang: str) -> str:
    """The figure's year as titles print it, marked where it is inferred."""
    return formatting.year_text(fig.year, fig.year_inferred, lang)


def provenance_rows(figures: list[Figure]) -> pd.DataFrame:
    """``source_id``/``locator`` rows of ``figures`` for :func:`smedx.provenance.caption`."""
    return pd.DataFrame({"source_id": [f.source_id for f in figures], "locator": [f.locator for f in figures]})


def table(indicator: str, lang: str, long: bool = False) -> pd.DataFrame:
    """All observations of ``indicator`` with display text (columns geo_level … note, text, unit)."""
    obs = datasets.observations()
    rows = obs[obs["indicator"].eq(indicator)].copy()
    unit = unit_of(indicator)
    rows["unit"] = unit
    rows["text"] = [formatting.observation(r, unit, lang, long=long) for r in rows.to_dict("records")]
    return rows.reset_index(drop=True)
