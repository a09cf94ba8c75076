"""Weighted shares, Kish n_eff, Wilson intervals and suppression, checked against hand computation."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smedx.mydata import aggregate, reading, records

Z = 1.959963984540054


def _records(text: str) -> pd.DataFrame:
    upload = records.check(reading.read(text.encode("utf-8")))
    assert upload.records is not None, [i.text("en") for i in upload.issues]
    return upload.records


def _wilson(p: float, n: float) -> tuple[float, float]:
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return centre - half, centre + half


def _firms(rows: list[tuple[str, str, str, float]], barrier: list[str] | None = None) -> pd.DataFrame:
    head = "firm_id,province,city,status,weight" + (",barrier_1" if barrier else "") + "\n"
    body = "".join(f"F{i},{p},{c},{s},{w}" + (f",{barrier[i]}" if barrier else "") + "\n"
                   for i, (p, c, s, w) in enumerate(rows))
    return _records(head + body)


def test_weighted_share_kish_n_eff_and_wilson_on_n_eff() -> None:
    frame = _firms([("浙江", "杭州", "implemented", 1), ("浙江", "宁波", "none", 2), ("江苏", "苏州", "implemented", 3),
                    ("上海", "", "implemented", 4), ("四川", "成都", "none", 5)])
    east = aggregate.table(frame, "region", "implemented", min_n_eff=1).set_index("group").loc["east"]
    assert east["n"] == 4 and east["sum_weight"] == 10
    assert east["share_pct"] == pytest.approx(80.0)  # (1 + 3 + 4) / 10
    assert east["n_eff"] == pytest.approx(100 / 30)  # (Σw)² / Σw² = 10² / (1 + 4 + 9 + 16)
    low, high = _wilson(0.8, 100 / 30)
    assert (east["lower_pct"], east["upper_pct"]) == (pytest.approx(low * 100), pytest.approx(high * 100))


def test_equal_weights_give_the_textbook_wilson_interval() -> None:
    frame = _firms([("44", "", "implemented" if i < 30 else "none", 1) for i in range(100)])
    row = aggregate.table(frame, "province", "implemented").set_index("group").loc["440000"]
    assert row["n_eff"] == pytest.approx(100)
    assert (round(row["lower_pct"], 2), round(row["upper_pct"], 2)) == (21.89, 39.58)  # Wilson 30/100


def test_cells_below_the_n_eff_threshold_are_suppressed_not_shown() -> None:
    frame = _firms([("44", "", "implemented", 1)] * 30 + [("51", "", "implemented", 1)] * 29)
    table = aggregate.table(frame, "province", "implemented").set_index("group")
    assert not table.loc["440000", "suppressed"] and table.loc["440000", "share_pct"] == pytest.approx(100)
    assert table.loc["510000", "suppressed"] and table.loc["510000", "n"] == 29
    assert np.isnan(table.loc["510000", ["share_pct", "lower_pct", "upper_pct"]].astype(float)).all()
    assert table.index[-1] == aggregate.ALL and table.loc[aggregate.ALL, "n"] == 59


def test_unequal_weights_can_suppress_a_cell_with_many_firms() -> None:
    frame = _firms([("44", "", "none", 1000)] + [("44", "", "none", 1)] * 40)
    row = aggregate.table(frame, "province", "none").set_index("group").loc["440000"]
    assert row["n"] == 41 and row["n_eff"] < 2 and row["suppressed"]


def test_unanswered_barriers_are_left_out_of_the_denominator() -> None:
    frame = _firms([("44", "", "none", 1)] * 4, barrier=["1", "0", "", ""])
    row = aggregate.table(frame, "province", "barrier_1", min_n_eff=1).set_index("group").loc["440000"]
    assert row["n"] == 2 and row["share_pct"] == pytest.approx(50)


def test_clusters_come_from_the_member_cities() -> None:
    frame = _firms([("浙江", "杭州", "implemented", 1), ("重庆", "", "none", 1), ("广东", "深圳", "none", 1),
                    ("四川", "成都", "implemented", 1), ("甘肃", "", "none", 1)])
    table = aggregate.table(frame, "cluster", "implemented", min_n_eff=1).set_index("group")
    assert table["n"].to_dict() == {"chengyu": 2, "prd": 1, "yrd": 1, aggregate.ALL: 5}
    assert table.loc["chengyu", "share_pct"] == pytest.approx(50)


def test_every_table_covers_every_grouping_and_measure_with_stable_columns() -> None:
    frame = _firms([("浙江", "杭州", "implemented", 1)] * 3, barrier=["1", "0", "1"])
    every = aggregate.every_table(frame)
    assert tuple(every.columns) == aggregate.COLUMNS
    assert set(every["grouping"]) == set(aggregate.GROUPINGS)
    assert set(every["measure"]) == {"implemented", "planning", "none", "barrier_1"}
    city = every[(every["grouping"] == "city") & (every["measure"] == "implemented")]
    assert city["group"].tolist() == ["330100", aggregate.ALL]


def test_a_city_in_two_clusters_counts_in_both(monkeypatch: pytest.MonkeyPatch) -> None:
    members = aggregate.datasets.cluster_members()
    twice = pd.concat([members, members[members["adcode"].eq("330100")].assign(cluster="prd")], ignore_index=True)
    monkeypatch.setattr(aggregate.datasets, "cluster_members", lambda: twice)
    frame = _firms([("浙江", "杭州", "implemented", 1), ("浙江", "宁波", "none", 1)])
    table = aggregate.table(frame, "cluster", "implemented", min_n_eff=1).set_index("group")
    assert table["n"].to_dict() == {"yrd": 2, "prd": 1, aggregate.ALL: 2}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["44", "51", "33"]), st.floats(0.01, 100), st.booleans()),
                min_size=1, max_size=80))
def test_properties_of_every_cell(rows: list[tuple[str, float, bool]]) -> None:
    """n_eff never exceeds n; shown shares lie inside their interval within [0, 100]; equal weights give n."""
    frame = pd.DataFrame({"province": [p for p, _, _ in rows], "city": None, "weight": [w for _, w, _ in rows],
                          "implemented": [float(y) for _, _, y in rows]})
    table = aggregate.table(frame, "province", "implemented", min_n_eff=0)
    assert (table["n_eff"] <= table["n"] + 1e-9).all() and (table["n_eff"] >= 1 - 1e-9).all()
    assert (table["lower_pct"] <= table["share_pct"] + 1e-9).all()
    assert (table["share_pct"] <= table["upper_pct"] + 1e-9).all()
    assert table["lower_pct"].ge(0).all() and table["upper_pct"].le(100).all()
    equal = aggregate.table(frame.assign(weight=1.0), "province", "implemented", min_n_eff=0)
    assert np.allclose(equal["n_eff"], equal["n"])
