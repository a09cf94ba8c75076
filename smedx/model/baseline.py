"""Model units and their 2020 levels, read from the observations table (PERCENT → fractions), and the SME count.

Units: the nation (share that "实施了数字化转型战略"), the NBS regions, the city clusters and the first-tier cities the
paper names (shares that "已开展" digital transformation; paper §二(三)), and the pilot segment (above-scale SMEs in the
pilot sub-sectors of the pilot cities, share at digital level 2+), whose 2020 level is not published: it is the
assumption ``segment_level``. Cities with only an interval get a level drawn from that interval in every Monte Carlo
draw; the unnamed first-tier cities have no data and are not units.
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
SEGMENT = ("segment", "pilot")  # (geo_level, geo_id) of the pilot segment
#: marks a unit whose 2020 level is an assumption drawn by the model, not a data row
ASSUMED = "assumed"


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

    @property
    def segment(self) -> int | None:
        """Index of the pilot segment, or None when it is not among these units."""
        return self.geo_level.index(SEGMENT[0]) if SEGMENT[0] in self.geo_level else None


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
    rows.append((*SEGMENT, np.nan, np.nan, ASSUMED))
    level, ids, lower, upper, bounds = zip(*rows, strict=True)
    return Units(tuple(level), tuple(ids), np.array(lower), np.array(upper), tuple(bounds))


def _figure_rows(*indicators: str) -> pd.DataFrame:
    """The observation rows of ``indicators`` through the figure lookup (the one path from a data row to the
    screen: smedx.figures)."""
    from smedx import figures

    return pd.concat([figures.table(indicator, "zh") for indicator in indicators], ignore_index=True)


@cache
def load_units() -> Units:
    """Units from the project's figures (``smedx.figures.table`` of the level indicators), built once (read-only)."""
    units = units_from_observations(_figure_rows(*LEVEL_INDICATORS.values()))
    units.lower.setflags(write=False)
    units.upper.setflags(write=False)
    return units


def sme_count(obs: pd.DataFrame) -> tuple[float, float]:
    """SMEs in China (firms) as an interval: enterprises at end-2021 (万户) × the SME share ("99%以上": (99, 100]),
    paper §一. The only sourced count; the model applies it to every year."""
    total = obs[obs["indicator"].eq("enterprises_total") & obs["status"].eq("published")]
    share = obs[obs["indicator"].eq("sme_share_of_enterprises")]
    if total.empty or share.empty:
        raise ValueError("observations: no enterprises_total or sme_share_of_enterprises row")
    firms = float(total["value"].iloc[0]) * 1e4
    lower = float(share["lower"].iloc[0]) / 100
    return firms * lower, firms


@cache
def load_sme_count() -> tuple[float, float]:
    """:func:`sme_count` of the project's figures."""
    return sme_count(_figure_rows("enterprises_total", "sme_share_of_enterprises"))
