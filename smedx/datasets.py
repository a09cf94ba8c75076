"""Validated reference tables from ``data/`` (read once per process; treat results as read-only).

Each loader returns a pandas DataFrame. ``true``/``false`` text columns come back as bool.
Values are in the indicator's unit: ``percent`` means 0–100 (not a 0–1 share).
"""
from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd
import pandera.pandas as pa

from smedx import schemas
from smedx.paths import DATA_DIR
from smedx.tables import read_table

FLAG_COLUMNS = ("in_survey", "partial", "in_paper", "approx")
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
}


@cache
def _load(filename: str) -> pd.DataFrame:
    frame = read_table(filename, SCHEMAS[filename])
    for column in FLAG_COLUMNS:
        if column in frame:
            frame[column] = frame[column].eq("true")
    if any(column in frame for column in NUMBER_COLUMNS):
        frame["decimals"] = _printed_decimals(filename)
    return frame


def _printed_decimals(filename: str) -> pd.Series:
    """Decimal places as printed in the CSV (max over value/lower/upper), so 43.0 stays "43.0"."""
    raw = pd.read_csv(DATA_DIR / filename, dtype=str, keep_default_na=False, encoding="utf-8")
    places = [raw[c].str.extract(r"\.(\d+)$")[0].str.len().fillna(0) for c in NUMBER_COLUMNS if c in raw]
    return pd.concat(places, axis=1).max(axis=1).astype(int)


def _table(filename: str) -> pd.DataFrame:
    # A shallow copy is free under pandas copy-on-write and keeps the cached frame intact.
    return _load(filename).copy(deep=False)


def sources() -> pd.DataFrame:
    """Bibliography: one row per source (``source_id``)."""
    return _table("sources.csv")


def indicators() -> pd.DataFrame:
    """Indicator metadata: label, unit, definition, source."""
    return _table("indicators.csv")


def observations() -> pd.DataFrame:
    """All figures: indicator × geography × year with value or interval, status, source and locator."""
    return _table("observations.csv")


def regions() -> pd.DataFrame:
    """The four NBS regions in display order."""
    return _table("regions.csv").sort_values("sort", ignore_index=True)


def provinces() -> pd.DataFrame:
    """34 provincial units with NBS region; Hong Kong, Macao and Taiwan are not in the survey."""
    return _table("provinces.csv")


def clusters() -> pd.DataFrame:
    """The five city clusters of the paper with the official plan that defines them."""
    return _table("clusters.csv").sort_values("sort", ignore_index=True)


def cluster_members() -> pd.DataFrame:
    """Member cities of each cluster (``partial`` = only part of the city's area belongs)."""
    return _table("cluster_members.csv")


def policies() -> pd.DataFrame:
    """Policy timeline: the paper's Table 1 plus later pilot notices, sorted by date."""
    return _table("policies.csv").sort_values(["date", "policy_id"], ignore_index=True)


def industries() -> pd.DataFrame:
    """The paper's industry bands (Fig. 1): only bounds the text states, no invented values."""
    return _table("industries.csv").sort_values("sort", ignore_index=True)


def transformation_path() -> pd.DataFrame:
    """The paper's three-stage transformation path with the SaaS it recommends per stage."""
    return _table("transformation_path.csv")


def issuers() -> pd.DataFrame:
    """Issuing bodies used to filter the policy timeline (keys of ``policies.issuer_keys``)."""
    return _table("issuers.csv").sort_values("sort", ignore_index=True)


def barriers() -> pd.DataFrame:
    """The difficulties of §三 with the barrier phrases the paper attaches and their indicators."""
    return _table("barriers.csv")


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
