"""Comparison and download frames: the paper's figures next to the upload's, suppressed cells never a number."""
from __future__ import annotations

import io
import math

import pandas as pd

from smedx.export import csv_bytes, to_csv_bytes
from smedx.mydata import aggregate, compare, reading, records, schema

PAPER_REGIONS = {"east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3}  # paper §二(三)1, 2020
PAPER_CLUSTERS = {"yrd": 43.0, "prd": 40.1, "jjj": 37.4, "chengyu": 34.6, "mid_yangtze": 31.0}  # §二(三)2


def _records(n_east: int, n_west: int) -> pd.DataFrame:
    rows = [f"E{i},浙江,杭州,{'implemented' if i % 4 == 0 else 'none'}\n" for i in range(n_east)]
    rows += [f"W{i},四川,成都,implemented\n" for i in range(n_west)]
    upload = records.check(reading.read(("firm_id,province,city,status\n" + "".join(rows)).encode()))
    assert upload.records is not None
    return upload.records


def test_region_comparison_pairs_published_and_uploaded_values() -> None:
    table = aggregate.table(_records(400, 10), "region", "implemented")
    frame = compare.comparison(table, "en")
    published = frame[frame["series"].eq(compare.PUBLISHED)]
    assert dict(zip(published["group"], published["value"], strict=True)) == PAPER_REGIONS
    assert published["text"].tolist() == ["37.2 %", "33.7 %", "29.6 %", "28.3 %"]
    mine = frame[frame["series"].eq(compare.MINE)].set_index("group")
    assert mine.loc["east", "value"] == 25.0 and mine.loc["east", "text"] == "25.0 % (21.0–29.5)"
    assert mine.loc["west", "suppressed"] and math.isnan(mine.loc["west", "value"])
    assert mine.loc["west", "text"] == "too few firms (n_eff 10.0 < 30)"
    assert mine.loc["central", "text"] == "too few firms (n_eff 0.0 < 30)"  # no firm there at all


def test_cluster_comparison_in_chinese() -> None:
    frame = compare.comparison(aggregate.table(_records(40, 0), "cluster", "implemented"), "zh")
    published = frame[frame["series"].eq(compare.PUBLISHED)]
    assert dict(zip(published["group"], published["value"], strict=True)) == PAPER_CLUSTERS
    assert set(frame["series_label"]) == {"论文公布", "我的数据"}
    mine = frame.set_index(["group", "series"]).loc[("yrd", compare.MINE), "text"]
    assert mine == "25.0%（14.2–40.2）"  # Wilson interval of 10/40


def test_display_never_shows_a_bare_number_for_a_suppressed_cell() -> None:
    shown = compare.display(aggregate.table(_records(40, 5), "province", "implemented"), "zh")
    assert shown.iloc[:, 1].tolist() == ["25.0%（14.2–40.2）", "样本不足（n_eff 5.0 < 30）", "33.3%（21.4–47.9）"]
    assert shown.iloc[:, 0].tolist() == ["浙江省", "四川省", "全部企业"]


def test_download_has_stable_english_ids_the_method_and_utf8_bom() -> None:
    frame = compare.download(aggregate.table(_records(40, 5), "province", "implemented"), "en")
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ("grouping,group,group_name,measure,n,sum_weight,n_eff,share_pct,lower_pct,upper_pct,"
                        "suppressed,confidence,min_n_eff,method")
    assert lines[1].startswith("province,330000,Zhejiang,implemented,40,40.0,40.0,25.0,14.19,40.19,False,0.95,30.0,")
    assert lines[2].startswith("province,510000,Sichuan,implemented,5,5.0,5.0,,,,True,0.95,30.0,")
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert set(back["method"]) == {schema.METHOD_ID}


def test_as_download_has_the_data_columns_and_the_filters() -> None:
    """The aggregate download carries value/lower/upper (share and Wilson bounds, blank when suppressed), unit,
    status, an empty source_id (the user's own upload) and the view's filters in its header."""
    made = compare.as_download(aggregate.table(_records(40, 5), "province", "implemented"), "en",
                               {"grouping": "province", "measure": "implemented"})
    frame = pd.read_csv(io.BytesIO(csv_bytes(made)), comment="#", dtype={"group": str})
    zhejiang, sichuan = frame.iloc[0], frame.iloc[1]
    assert (zhejiang["value"], zhejiang["lower"], zhejiang["upper"]) == (25.0, 14.19, 40.19)
    assert (zhejiang["unit"], zhejiang["status"], sichuan["status"]) == ("percent", "estimate", "suppressed")
    assert pd.isna(sichuan["value"]) and frame["source_id"].isna().all()
    assert b"# filters: grouping=province; measure=implemented\n" in csv_bytes(made)
