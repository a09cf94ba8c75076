"""Model units and their 2020 levels, read from the observations table (PERCENT → fractions).

Units: the nation, the 4 NBS regions, the 5 city clusters and the first-tier cities the paper names
(paper §二(三)). Cities with only an interval (宁波, 上海, 北京, 苏州: (40.0, 44.0]) get a level drawn
from that interval in every Monte Carlo draw; the 6 unnamed first-tier cities have no data and are not units.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd

#: indicator of the 2020 level for each unit level (observations.csv), in display order.
LEVEL_INDICATORS: dict[str, str] = {
    "nation": "dt_share_implemented",
    "region": "region_dt_share",
    "cluster": "cluster_dt_share",
    "city": "city_dt_share",
}
BASE_YEAR = 2020


@dataclass(frozen=True)
class Units:
    """Model units; ``lower``/``upper`` are 2020 shares (fractions), equal for published values."""

    geo_level: tuple[str, ...]
    geo_id: tuple[str, ...]
    lower: np.ndarray
    upper: np.ndarray
    bounds: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.geo_id)

    @property
    def national(self) -> int:
        """Index of the national unit."""
        return self.geo_level.index("nation")

    def frame(self) -> pd.DataFrame:
        """One row per unit: geo_level, geo_id, lower/upper in PERCENT, bounds ("" for a published value)."""
        return pd.DataFrame({
            "geo_level": list(self.geo_level), "geo_id": list(self.geo_id),
            "lower": self.lower * 100, "upper": self.upper * 100, "bounds": list(self.bounds),
        })

    def subset(self, keep: list[int]) -> Units:
        """The units at the indices ``keep`` (in that order)."""
        return Units(tuple(self.geo_level[i] for i in keep), tuple(self.geo_id[i] for i in keep),
                     self.lower[keep], self.upper[keep], tuple(self.bounds[i] for i in keep))

    def levels(self, u: np.ndarray) -> np.ndarray:
        """2020 shares per draw: ``u`` (draws, units) uniforms in [0, 1) → (draws, units) fractions.

        A "(]" interval maps u to upper − u·width, so values lie in (lower, upper]; any other interval maps
        to lower + u·width. Published values ignore u.
        """
        width = self.upper - self.lower
        open_left = np.array([b == "(]" for b in self.bounds])
        return np.where(open_left, self.upper - u * width, self.lower + u * width)


def _years(obs: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(obs["year"], errors="coerce")


def units_from_observations(obs: pd.DataFrame, year: int = BASE_YEAR) -> Units:
    """Build the units from an observations table (columns as in ``data/observations.csv``)."""
    rows = []
    for level, indicator in LEVEL_INDICATORS.items():
        part = obs[(obs["indicator"] == indicator) & (obs["geo_level"] == level) & (_years(obs) == year)]
        for _, row in part.iterrows():
            status = str(row["status"])
            if status == "published":
                lo = hi = float(row["value"])
                bounds = ""
            elif status == "interval":
                lo, hi = float(row["lower"]), float(row["upper"])
                bounds = str(row["bounds"])
            else:
                continue
            rows.append((level, str(row["geo_id"]), lo / 100, hi / 100, bounds))
    if not rows or rows[0][0] != "nation":
        raise ValueError(f"observations: no national {LEVEL_INDICATORS['nation']} value for {year}")
    level, ids, lower, upper, bounds = zip(*rows, strict=True)
    return Units(tuple(level), tuple(ids), np.array(lower), np.array(upper), tuple(bounds))


@cache
def load_units() -> Units:
    """Units from the project's observations (``smedx.datasets.observations()``), built once (read-only)."""
    from smedx import datasets

    units = units_from_observations(datasets.observations())
    units.lower.setflags(write=False)
    units.upper.setflags(write=False)
    return units


def observed(obs: pd.DataFrame, indicator: str, year: int, geo_id: str = "CN") -> float | None:
    """A published value (PERCENT) or None."""
    part = obs[(obs["indicator"] == indicator) & (_years(obs) == year) & (obs["geo_id"] == geo_id)
               & (obs["status"] == "published")]
    return float(part["value"].iloc[0]) if len(part) else None
