"""Validated reference tables from ``data/`` (read once per process; treat results as read-only).

:data:`SCHEMAS` is the one registry of every CSV in ``data/`` and its schema; :func:`table` is the one loader.
Each loader returns a pandas DataFrame. ``true``/``false`` text columns come back as bool.
Values are in the indicator's unit: ``percent`` means 0–100 (not a 0–1 share).
"""
from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd
import pandera.pandas as pa

from smedx import schemas
from smedx.tables import read_table
from smedx.tracker.schema import SCHEMAS as TRACKER_SCHEMAS

FLAG_COLUMNS = ("in_survey", "partial", "in_paper", "approx", "year_inferred", "period_inferred")
NUMBER_COLUMNS = ("value", "lower", "upper")


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "sources.csv": schemas.SOURCES,
    "indicators.csv": schemas.INDICATORS,
    "observations.csv": schemas.OBSERVATIONS,
    "regions.csv": schemas.REGIONS_TABLE,
    "provinces.csv": schemas.PROVINCES,
    "clusters.csv": schemas.CLUSTERS_TABLE,
    "cluster_members.csv": schemas.CLUSTER_MEMBERS,
    "policies.csv": schemas.POLICIES,
    "industries.csv": schemas.INDUSTRIES,
    "transformation_path.csv": schemas.TRANSFORMATION_PATH,
    "barriers.csv": schemas.BARRIERS,
    "issuers.csv": schemas.ISSUERS,
    "definitions.csv": schemas.DEFINITIONS,
    "since_survey.csv": schemas.SINCE_SURVEY,
    "model_evidence.csv": schemas.MODEL_EVIDENCE,
    "locator_terms.csv": schemas.LOCATOR_TERMS,
    **TRACKER_SCHEMAS,
}
# Files whose rows keep their numbers as typed by the schema only (no ``decimals``, no bool flags).
RAW_FILES = frozenset(TRACKER_SCHEMAS)


@cache
def _load(filename: str) -> pd.DataFrame:
    if filename in RAW_FILES:
        return read_table(filename, SCHEMAS[filename])
    frame = read_table(filename, SCHEMAS[filename], decimals_of=NUMBER_COLUMNS)
    for column in FLAG_COLUMNS:
        if column in frame:
            frame[column] = frame[column].eq("true")
    return frame


def table(filename: str) -> pd.DataFrame:
    """The validated table ``filename`` of :data:`SCHEMAS` (cached; a shallow copy, treat as read-only)."""
    # A shallow copy is free under pandas copy-on-write and keeps the cached frame intact.
    return _load(filename).copy(deep=False)


def sources() -> pd.DataFrame:
    """Bibliography: one row per source (``source_id``): citation, publisher and note in Chinese and English
    (``_zh``/``_en``), date as published (YYYY, YYYY-MM or YYYY-MM-DD; empty where the source states none)."""
    return table("sources.csv")


def indicators() -> pd.DataFrame:
    """Indicator metadata: label, unit, definition, source."""
    return table("indicators.csv")


def observations() -> pd.DataFrame:
    """All figures: indicator × geography × year with value or interval, status, source and locator."""
    return table("observations.csv")


def regions() -> pd.DataFrame:
    """The four NBS regions in display order."""
    return table("regions.csv").sort_values("sort", ignore_index=True)


def provinces() -> pd.DataFrame:
    """34 provincial units with NBS region; Hong Kong, Macao and Taiwan are not in the survey."""
    return table("provinces.csv")


def clusters() -> pd.DataFrame:
    """The five city clusters of the paper with the official plan that defines them."""
    return table("clusters.csv").sort_values("sort", ignore_index=True)


def cluster_members() -> pd.DataFrame:
    """Member cities of each cluster (``partial`` = only part of the city's area belongs)."""
    return table("cluster_members.csv")


def policies() -> pd.DataFrame:
    """Policy timeline: the paper's Table 1 plus later pilot notices, sorted by date (sorted once per process; a
    shallow copy, treat as read-only)."""
    return _policies_sorted().copy(deep=False)


@cache
def _policies_sorted() -> pd.DataFrame:
    return table("policies.csv").sort_values(["date", "policy_id"], ignore_index=True)


def industries() -> pd.DataFrame:
    """The paper's industry bands (Fig. 1): only bounds the text states, no invented values; the paper's words
    quoted in the notes (``note_zh``, ``note_en``)."""
    return table("industries.csv").sort_values("sort", ignore_index=True)


def transformation_path() -> pd.DataFrame:
    """The paper's three-stage transformation path with the SaaS it recommends per stage."""
    return table("transformation_path.csv")


def issuers() -> pd.DataFrame:
    """Issuing bodies used to filter the policy timeline (keys of ``policies.issuer_keys``)."""
    return table("issuers.csv").sort_values("sort", ignore_index=True)


def barriers() -> pd.DataFrame:
    """The difficulties of §三 with the barrier phrases the paper attaches and their indicators."""
    return table("barriers.csv")


def definitions() -> pd.DataFrame:
    """Definitions the paper gives in footnotes (industry share, first-tier city), with their locators."""
    return table("definitions.csv")


def since_survey() -> pd.DataFrame:
    """Figures published since the 2020 survey (MIIT rates, 5th economic census): other measures than the
    ACFIC share of SMEs. One row per reported value; ``tag`` V (official host) or A (unverified); the note
    quotes the source (``note_zh``; ``note_en`` keeps a Chinese quotation verbatim and renders it in English)."""
    return table("since_survey.csv")


@lru_cache(maxsize=1)
def _observation_index() -> dict[tuple[str, str], list[dict[str, object]]]:
    index: dict[tuple[str, str], list[dict[str, object]]] = {}
    for row in _load("observations.csv").to_dict("records"):
        index.setdefault((str(row["indicator"]), str(row["geo_id"])), []).append(row)
    return index


def observation(indicator: str, geo_id: str = "CN", year: int | None = None) -> dict[str, object]:
    """The single observation (as a dict) for ``indicator`` at ``geo_id`` (and ``year`` if given)."""
    rows = [dict(r) for r in _observation_index().get((indicator, geo_id), [])
            if year is None or (not pd.isna(r["year"]) and r["year"] == year)]
    if len(rows) != 1:
        raise LookupError(f"{len(rows)} observations for {indicator!r} at {geo_id!r} year {year!r}")
    return rows[0]


@lru_cache(maxsize=1)
def indicator_meta() -> dict[str, dict[str, object]]:
    """Indicator metadata keyed by indicator id."""
    return {str(r["indicator"]): r for r in _load("indicators.csv").to_dict("records")}


def locator_terms() -> pd.DataFrame:
    """Glossary of locator words, English ↔ Chinese (``term_en``, ``term_zh``)."""
    return table("locator_terms.csv")
