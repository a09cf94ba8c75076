"""Check a :class:`~smedx.mydata.reading.RawTable` cell by cell and build the firm records the aggregates use.

Every check is vectorised over the column and reported once per distinct problem (a bad value with the first
rows where it occurs and how many rows in all), so a 200,000-row file with one systematic mistake gives one
message, not 200,000. Any error means no records (the user fixes the file and uploads again; nothing is kept
half-loaded). Unknown cities are a note: those firms count for their province and region only.

Record columns: ``firm_id``, ``province`` (adcode), ``region``, ``city`` (adcode or missing), ``industry``,
``size``, ``weight`` (1 when the file has none), ``implemented``/``planning``/``none`` (0/1) and the barrier
columns (0/1, missing when unanswered).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from smedx import datasets, names
from smedx.mydata import schema
from smedx.mydata.reading import RawTable
from smedx.mydata.schema import Issue

SHOWN_ROWS = 5  # rows quoted per message
SHOWN_VALUES = 20  # distinct bad values reported per column


@dataclass
class Upload:
    """The outcome of checking an upload: ``records`` (None when there are errors) and every issue."""

    records: pd.DataFrame | None
    issues: list[Issue] = field(default_factory=list)
    fmt: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.error]

    @property
    def notes(self) -> list[Issue]:
        return [i for i in self.issues if not i.error]


def _rows(mask: pd.Series) -> tuple[tuple[int, ...], int]:
    hit = mask[mask].index
    return tuple(int(r) for r in hit[:SHOWN_ROWS]), len(hit)


def _by_value(column: str, values: pd.Series, bad: pd.Series, code: str, error: bool = True,
              extra: Callable[[str], dict] | None = None) -> list[Issue]:
    """One issue per distinct bad value (at most :data:`SHOWN_VALUES`, most frequent first)."""
    issues: list[Issue] = []
    if not bad.any():
        return issues
    texts = values.astype(str).where(bad)
    counts = texts[bad].value_counts()
    for value in counts.index[:SHOWN_VALUES]:
        rows, count = _rows(texts.eq(value).fillna(False).astype(bool))
        fields = {"value": value[: schema.MAX_TEXT], **(extra(value) if extra else {})}
        issues.append(Issue(code, fields, column, rows, count, error))
    if len(counts) > SHOWN_VALUES:
        rest = counts.iloc[SHOWN_VALUES:]
        issues.append(Issue("more_values", {"column": column, "values": len(rest), "n": int(rest.sum())}, column,
                            error=error))
    return issues


def _missing(frame: pd.DataFrame, column: str) -> list[Issue]:
    mask = frame[column].isna()
    if not mask.any():
        return []
    rows, count = _rows(mask)
    return [Issue("missing_value", {"column": column}, column, rows, count)]


def _lookup(values: pd.Series, resolve: Callable[[str], str | None]) -> pd.Series:
    """``resolve`` applied once per distinct value, then mapped over the column (missing stays missing)."""
    codes, uniques = pd.factorize(values)
    resolved = np.array([resolve(str(u)) for u in uniques] + [None], dtype=object)
    return pd.Series(resolved[codes], index=values.index, dtype=object)  # code -1 (missing) → the final None


def _coded(frame: pd.DataFrame, column: str, mapping: dict, code: str, allowed: str) -> tuple[pd.Series, list[Issue]]:
    """Cells mapped through ``mapping`` (after :func:`schema.key`); unmapped non-blank cells are errors."""
    raw = frame[column]
    mapped = _lookup(raw, lambda v: mapping.get(schema.key(v)))
    bad = raw.notna() & mapped.isna()
    return mapped, _by_value(column, raw, bad, code, extra=lambda _v: {"allowed": allowed})


def _only(found: set[str]) -> str | None:
    return next(iter(found)) if len(found) == 1 else None


def _places(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, list[Issue]]:
    """Province and city adcodes; unknown provinces are errors, unknown cities notes. Names are resolved once
    per distinct province, and once per distinct (city, province) pair (Taizhou is in Jiangsu and Zhejiang)."""
    issues: list[Issue] = []
    prov_index, city_index = names.provinces(), names.cities()
    raw = frame["province"]
    province = _lookup(raw, lambda v: _only(prov_index.candidates(v)))
    bad = raw.notna() & province.isna()
    issues += _by_value("province", raw, bad, "unknown_province",
                        extra=lambda v: {"suggestion": prov_index.suggest(v) or "—"})
    municipal = _lookup(province, names.municipality_city)
    if "city" not in frame:
        return province, municipal, issues
    pair = frame["city"].astype("string") + "\x1f" + province.astype("string")  # missing if either is missing

    def resolve(key: str) -> str | None:
        value, prov = key.split("\x1f")
        return _only({c for c in city_index.candidates(value) if city_index.parent.get(c) == prov})

    found = _lookup(pair, resolve)
    # A district of a municipality the app does not list still belongs to the municipality (e.g. 徐汇区 → 上海).
    unknown = frame["city"].notna() & found.isna() & province.notna() & municipal.isna()
    issues += _by_value("city", frame["city"], unknown, "unknown_city", error=False,
                        extra=lambda v: {"suggestion": city_index.suggest(v) or "—"})
    city = found.where(found.notna(), municipal)
    return province, city, issues


def _weights(frame: pd.DataFrame) -> tuple[pd.Series, list[Issue]]:
    if "weight" not in frame:
        return pd.Series(1.0, index=frame.index), []
    raw = frame["weight"]
    text = raw.astype("string").str.replace(",", "", regex=False)
    weight = pd.to_numeric(text, errors="coerce").astype(float)
    issues = _missing(frame, "weight")
    issues += _by_value("weight", raw, raw.notna() & weight.isna(), "weight_not_number")
    bad = weight.notna() & ~(np.isfinite(weight) & (weight > 0))
    issues += _by_value("weight", raw, bad, "weight_not_positive")
    return weight, issues


def _texts(frame: pd.DataFrame, column: str) -> tuple[pd.Series, list[Issue]]:
    if column not in frame:
        return pd.Series(pd.NA, index=frame.index, dtype="string"), []
    text = frame[column].astype("string").str.strip()
    too_long = text.str.len().gt(schema.MAX_TEXT).fillna(False).astype(bool)
    rows, count = _rows(too_long)
    issues = [Issue("text_too_long", {"column": column, "max": schema.MAX_TEXT}, column, rows, count)] if count else []
    return text, issues


def _duplicates(firm_id: pd.Series) -> list[Issue]:
    dup = firm_id.notna() & firm_id.duplicated(keep=False)
    if not dup.any():
        return []
    return _by_value("firm_id", firm_id, dup, "duplicate_firm")


def check(raw: RawTable) -> Upload:
    """Validate every cell of ``raw``; records only when there is no error."""
    frame = raw.frame
    issues: list[Issue] = list(raw.notes)
    for column in schema.REQUIRED:
        issues += _missing(frame, column)
    firm_id, more = _texts(frame, "firm_id")
    issues += more + _duplicates(firm_id)
    province, city, more = _places(frame)
    issues += more
    status, more = _coded(frame, "status", schema.STATUS_VALUES, "bad_status", schema.ALLOWED["status"])
    issues += more
    weight, more = _weights(frame)
    issues += more
    size, more = _coded(frame, "size", schema.SIZE_VALUES, "bad_size", schema.ALLOWED["size"]) if "size" in frame else (
        pd.Series([None] * len(frame), index=frame.index, dtype=object), [])
    issues += more
    industry, more = _texts(frame, "industry")
    issues += more
    records = pd.DataFrame({"firm_id": firm_id, "province": province, "city": city, "industry": industry,
                            "size": size, "weight": weight}, index=frame.index)
    records["region"] = province.map(dict(zip(datasets.provinces()["adcode"], datasets.provinces()["region"],
                                              strict=True)))
    for value in schema.STATUSES:
        records[value] = status.eq(value).astype(float).where(status.notna())
    for barrier in schema.barriers():
        if barrier.column in frame:
            answer, more = _coded(frame, barrier.column, schema.YES_NO, "bad_yes_no", schema.ALLOWED["yes_no"])
            issues += more
            records[barrier.column] = answer.astype(float)
    outside = province.notna() & records["region"].isna()
    if outside.any():
        issues += _by_value("province", frame["province"], outside, "province_not_surveyed", error=False)
    if any(i.error for i in issues):
        return Upload(None, issues, raw.fmt)
    # Compact columns: an upload can hold a million firms in a session (categories cost a code per row).
    compact = {column: "category" for column in ("province", "region", "city", "industry", "size")}
    return Upload(records.astype(compact), issues, raw.fmt)
