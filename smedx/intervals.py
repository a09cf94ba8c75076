"""Exact values and intervals for figures the paper only bounds (e.g. the first-tier cities of Fig. 2).

A published value is a degenerate interval [v, v]; an ``interval`` row has ``lower``/``upper`` and ``bounds``
("(]" = lower open, upper closed); ``not_published`` is the unbounded interval. Comparisons are three-valued:
an interval that straddles a threshold is "unknown", never guessed. Values are percent (0–100).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

Relation = Literal["above", "below", "equal", "unknown"]


def _number(value: object) -> float | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    return float(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Interval:
    """A set of possible values: ``lower``/``upper`` (None = unbounded) with open or closed ends."""

    lower: float | None
    upper: float | None
    lower_closed: bool = True
    upper_closed: bool = True

    @classmethod
    def point(cls, value: float) -> Interval:
        """The exact value ``value``."""
        return cls(value, value)

    @classmethod
    def from_row(cls, row: Mapping[str, object]) -> Interval:
        """From an observation row (status, value, lower, upper, bounds)."""
        status = row.get("status")
        if status == "published":
            value = _number(row.get("value"))
            if value is None:
                raise ValueError(f"published row without a value: {dict(row)}")
            return cls.point(value)
        if status == "interval":
            bounds = str(row.get("bounds") or "[]")
            return cls(_number(row.get("lower")), _number(row.get("upper")),
                       lower_closed=not bounds.startswith("("), upper_closed=not bounds.endswith(")"))
        return cls(None, None, lower_closed=False, upper_closed=False)

    @property
    def is_point(self) -> bool:
        """True for an exact value."""
        return self.lower is not None and self.lower == self.upper

    def contains(self, x: float) -> bool:
        """Whether ``x`` is a possible value."""
        if self.lower is not None and (x < self.lower or (x == self.lower and not self.lower_closed)):
            return False
        return not (self.upper is not None and (x > self.upper or (x == self.upper and not self.upper_closed)))

    def compare(self, threshold: float) -> Relation:
        """Where every possible value lies relative to ``threshold``; "unknown" if the interval straddles it."""
        if self.is_point and self.lower == threshold:
            return "equal"
        if self.lower is not None and (self.lower > threshold or (self.lower == threshold and not self.lower_closed)):
            return "above"
        if self.upper is not None and (self.upper < threshold or (self.upper == threshold and not self.upper_closed)):
            return "below"
        return "unknown"

    def notation(self, decimals: int = 1) -> str:
        """Mathematical notation: "47.2" for a point, "(40.0, 44.0]" for an interval, ∞ for a missing bound."""
        if self.is_point:
            return f"{self.lower:.{decimals}f}"
        low = "−∞" if self.lower is None else f"{self.lower:.{decimals}f}"
        high = "∞" if self.upper is None else f"{self.upper:.{decimals}f}"
        left = "[" if self.lower_closed and self.lower is not None else "("
        right = "]" if self.upper_closed and self.upper is not None else ")"
        return f"{left}{low}, {high}{right}"

    def sort_key(self) -> tuple[float, float]:
        """Key for sorting from high to low with ``reverse=True``: by upper bound, then lower bound."""
        upper = math.inf if self.upper is None else self.upper
        lower = -math.inf if self.lower is None else self.lower
        return upper, lower


def ranked(observations: pd.DataFrame, indicator: str = "city_dt_share") -> pd.DataFrame:
    """Rows of ``indicator`` (cities and city groups) ranked from high to low, stable for ties (source order).

    Added columns: ``interval`` (:class:`Interval`), ``kind`` ("point" | "interval" | "not_published"),
    ``lower_plot``/``upper_plot`` (the interval's ends for drawing; equal for points), ``notation``.
    """
    rows = observations[observations["indicator"].eq(indicator)].copy()
    intervals = [Interval.from_row(r) for r in rows.to_dict("records")]
    decimals = rows["decimals"] if "decimals" in rows else pd.Series(1, index=rows.index)
    rows["interval"] = intervals
    rows["kind"] = ["point" if i.is_point else "not_published" if i.lower is None and i.upper is None
                    else "interval" for i in intervals]
    rows["lower_plot"] = [i.lower for i in intervals]
    rows["upper_plot"] = [i.upper for i in intervals]
    rows["notation"] = [i.notation(int(d)) for i, d in zip(intervals, decimals, strict=True)]
    order = sorted(range(len(intervals)), key=lambda k: intervals[k].sort_key(), reverse=True)
    # sorted() with reverse=True keeps ties in source order.
    return rows.iloc[order].reset_index(drop=True)


def relation_to(frame: pd.DataFrame, threshold: float) -> pd.Series:
    """For each row of :func:`ranked`, "above" / "below" / "equal" / "unknown" relative to ``threshold``."""
    return pd.Series([i.compare(threshold) for i in frame["interval"]], index=frame.index, dtype="string")
