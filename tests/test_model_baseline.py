"""Model units and 2020 levels from observations."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from smedx.model import baseline

COLUMNS = ["indicator", "geo_level", "geo_id", "year", "value", "lower", "upper", "bounds", "status"]


def _fixture() -> pd.DataFrame:
    rows = [
        ("dt_share_implemented", "nation", "CN", 2020, 32.9, None, None, "", "published"),
        ("dt_share_implemented", "nation", "CN", 2021, 44.8, None, None, "", "published"),
        ("region_dt_share", "region", "east", 2020, 37.2, None, None, "", "published"),
        ("city_dt_share", "city", "330200", 2020, None, 40.0, 44.0, "(]", "interval"),
        ("city_dt_share", "city_group", "first_tier_unnamed", 2020, None, 29.7, 40.0, "[]", "interval"),
        ("city_dt_share", "city", "999999", 2020, None, None, None, "", "not_published"),
        ("dt_share_unclassified", "nation", "CN", None, None, 8.5, 8.5, "[]", "not_published"),
    ]
    return pd.DataFrame(rows, columns=COLUMNS)


def test_units_from_fixture() -> None:
    units = baseline.units_from_observations(_fixture())
    assert units.geo_id == ("CN", "east", "330200", "pilot")
    assert units.geo_level == ("nation", "region", "city", "segment")
    assert units.lower[:3].tolist() == pytest.approx([0.329, 0.372, 0.40])
    assert units.upper[:3].tolist() == pytest.approx([0.329, 0.372, 0.44])
    assert np.isnan(units.lower[3]) and units.bounds[3] == baseline.ASSUMED  # the segment: an assumption
    assert units.national == 0 and units.segment == 3
    assert units.subset([0, 1]).segment is None


def test_interval_draws_are_in_half_open_interval() -> None:
    units = baseline.units_from_observations(_fixture())
    u = np.array([[0.0, 0.0, 0.0, 0.0], [0.999999, 0.5, 0.5, 0.5]])
    levels = units.levels(u)
    assert levels[:, 0].tolist() == [units.lower[0]] * 2
    assert levels[0, 2] == pytest.approx(0.44)
    assert 0.40 < levels[1, 2] < 0.44


def test_no_national_value_is_an_error() -> None:
    frame = _fixture()
    with pytest.raises(ValueError, match="national"):
        baseline.units_from_observations(frame[frame["geo_level"] != "nation"])


def test_real_units_are_the_papers_values() -> None:
    frame = baseline.load_units().frame()
    exact = frame[frame["bounds"] == ""].set_index("geo_id")["lower"].round(1).to_dict()
    assert exact == {
        "CN": 32.9, "east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3,
        "yrd": 43.0, "prd": 40.1, "jjj": 37.4, "chengyu": 34.6, "mid_yangtze": 31.0,
        "330100": 47.2, "440300": 46.0, "440100": 44.0, "340100": 29.7, "430100": 28.6, "120000": 25.7,
    }
    intervals = frame[~frame["bounds"].isin(["", baseline.ASSUMED])]
    assert intervals["geo_id"].tolist() == ["330200", "310000", "110000", "320500"]
    assert (intervals[["lower", "upper"]].round(1).to_numpy() == [40.0, 44.0]).all()
    assert set(intervals["bounds"]) == {"(]"}


def test_sme_count_interval_from_the_paper() -> None:
    low, high = baseline.load_sme_count()
    assert (low, high) == (pytest.approx(4842e4 * 0.99), 4842e4)  # 4842万户 at end-2021, "99%以上" SMEs
