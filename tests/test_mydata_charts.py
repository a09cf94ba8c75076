"""Charts of the "my data" page: bars with whiskers next to the published figures; two maps on one scale."""
from __future__ import annotations

import json

import pandas as pd

from smedx import geo, regional
from smedx.charts import mydata as charts
from smedx.mydata import aggregate, compare, reading, records


def _table(grouping: str) -> pd.DataFrame:
    rows = "".join(f"F{i},{'浙江' if i < 60 else '四川'},杭州,{'implemented' if i % 3 == 0 else 'none'}\n"
                   for i in range(70))
    upload = records.check(reading.read(("firm_id,province,city,status\n" + rows).encode()))
    assert upload.records is not None
    return aggregate.table(upload.records, grouping, "implemented")


def _values(spec: dict) -> list[dict]:
    return next(iter(spec["datasets"].values()))


def test_comparison_bars_carry_both_series_and_whiskers_only_for_the_upload() -> None:
    spec = charts.interval_bars(compare.comparison(_table("region"), "en"), "en").to_dict()
    values = _values(spec)
    assert {v["series_label"] for v in values} == {"my data", "published (paper)"}
    east = {v["series"]: v for v in values if v["group"] == "east"}
    assert east["published"]["value"] == 37.2 and east["published"]["lower"] is None
    assert round(east["mine"]["value"], 1) == 33.3  # 20 of 60 Zhejiang firms
    assert east["mine"]["lower"] < east["mine"]["value"] < east["mine"]["upper"]
    west = next(v for v in values if v["group"] == "west" and v["series"] == "mine")
    assert west["value"] is None and west["text"].startswith("too few firms")  # suppressed: label, no bar
    marks = [layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"] for layer in spec["layer"]]
    assert marks == ["bar", "rule", "text"]


def test_upload_only_bars_for_other_groupings() -> None:
    frame = charts.bar_frame(compare.named(_table("province"), "zh"), "zh")
    spec = charts.interval_bars(frame, "zh").to_dict()
    assert [v["name"] for v in _values(spec)] == ["浙江省", "四川省", "全部企业"]


def test_region_maps_share_one_scale_and_have_no_basemap() -> None:
    table = _table("region")
    named = compare.named(table, "en")
    published, mine = charts.region_decks(regional.rates(), compare.my_rates(table),
                                          dict(zip(named["group"], named["text"], strict=True)), "en")
    for deck in (published, mine):
        spec = json.loads(deck.to_json())
        assert "mapStyle" not in spec and [v["@@type"] for v in spec["views"]] == ["OrthographicView"]

    def props(deck, adcode: str) -> dict:  # type: ignore[no-untyped-def]
        layer = next(layer for layer in json.loads(deck.to_json())["layers"] if layer["id"] == "provinces")
        return next(f["properties"] for f in layer["data"]["features"] if f["properties"]["adcode"] == adcode)

    assert props(published, "330000")["rate"] == 37.2
    assert round(props(mine, "330000")["rate"], 1) == 33.3
    assert props(mine, "330000")["rate_text"] == named.set_index("group").loc["east", "text"]
    assert props(mine, "510000")["rate"] is None and props(mine, "510000")["rate_text"].startswith("no estimate")
    # one scale over both maps' values: colours follow it on both
    scale = geo.SequentialScale.for_values([*regional.rates().values(), *compare.my_rates(table).values()])
    assert props(published, "420000")["fill"] == list(scale.rgba(33.7))
    assert props(mine, "330000")["fill"] == list(scale.rgba(props(mine, "330000")["rate"]))
    assert props(mine, "330000")["source"] == "Source: your uploaded file (not checked)"


def test_map_legend_ticks_only_regions_with_a_shown_value() -> None:
    table = _table("region")
    named = compare.named(table, "en")
    scale = charts.map_scale(regional.rates(), compare.my_rates(table))
    spec = charts.map_legend(scale, named[named["group"].ne(aggregate.ALL)].rename(columns={"share_pct": "value"}),
                             "en").to_dict()
    labels = {v["label"] for values in spec["datasets"].values() for v in values if "label" in v and "name" in v}
    assert labels == {"East 33.3 %"}  # the west has too few firms: no tick
