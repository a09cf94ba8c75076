"""Tables, labels and map points of the tracker page (pure pandas) and the progress chart."""
from __future__ import annotations

import pandas as pd
import pytest

from smedx.charts.tracker import progress_spec
from smedx.tracker import reference, view

COLUMNS = ["city_adcode", "period", "firms_retrofitted", "l2_share_pct", "service_providers", "products",
           "lighthouse_firms", "funds_disbursed_yi", "note", "source", "updated_by", "updated_at", "version"]


def reports(*rows: tuple) -> pd.DataFrame:
    filled = [(*row, *([None] * (len(COLUMNS) - len(row)))) for row in rows]
    frame = pd.DataFrame(filled, columns=COLUMNS)
    return frame.assign(updated_by="李华", updated_at=pd.Timestamp("2025-06-15 12:00", tz="UTC"), version=1)


SAMPLE = reports(("350100", "2024-12", 265, 50.0, None, None, None, 0.75), ("350100", "2024-06", 100),
                 ("350200", "2024-12", 30))


def test_cities_frame_status_and_progress() -> None:
    frame = view.cities_frame("en", SAMPLE).set_index("adcode")
    fuzhou = frame.loc["350100"]
    assert (fuzhou["status"], fuzhou["latest_period"], fuzhou["firms_retrofitted"]) == ("green", "2024-12", 265)
    assert fuzhou["firms_pct"] == 50.0 and fuzhou["funds_pct"] == 50.0  # 265 of 530 firms; 0.75 of 1.5 亿元
    assert frame.loc["350200", "status_label"] == "Behind"
    assert frame.loc["210100", "status_label"] == "No report yet"
    assert frame.loc["310115", "cluster_names"] == "Yangtze River Delta"
    assert frame.loc["640100", "batch_label"] == "Batch 2 or 3"
    assert frame.loc["430100", "batch_label"] == "Batch 1 (inferred)"


def test_database_down_is_unknown_not_no_report() -> None:
    frame = view.cities_frame("zh", None)
    assert set(frame["status"]) == {view.UNKNOWN}
    assert set(frame["status_label"]) == {"暂不可知（数据库不可用）"}


@pytest.mark.parametrize(
    ("chosen", "count"),
    [({}, 46), ({"batch": [1]}, 18), ({"batch": [0]}, 5), ({"batch": [2, 3]}, 23), ({"region": ["west"]}, 7),
     ({"cluster": ["prd"]}, 6), ({"province": ["440000"]}, 6), ({"confidence": ["A"]}, 11),
     ({"cluster": ["yrd"], "batch": [2]}, 3), ({"status": ["green"]}, 1)],
)
def test_filter_cities(chosen: dict, count: int) -> None:
    assert len(view.filter_cities(view.cities_frame("zh", SAMPLE), **chosen)) == count


def test_table_headers_and_order() -> None:
    table = view.table(view.cities_frame("zh", SAMPLE), "zh")
    assert list(table.columns[:3]) == ["城市", "省份", "区域"]
    targets = dict(zip(table["城市"], table["目标改造企业数"], strict=True))
    # "以上" kept; 芜湖 counts firms at level 2+, not retrofits
    assert (targets["福州市"], targets["厦门市"], targets["芜湖市"]) == (">530", "600", "—")
    assert table["城市"].tolist()[:2] == ["厦门市", "福州市"]  # behind first, then on track


def test_map_points_colour_batch_and_status() -> None:
    points = {p["adcode"]: p for p in view.map_points(view.cities_frame("en", SAMPLE))}
    assert len(points) == 46
    assert points["350100"]["fill"] == [*view.BATCH_COLOURS[1], 230]
    assert points["350100"]["line"] == [*view.STATUS_COLOURS["green"], 255]
    assert points["340100"]["fill"][3] == 120  # Hefei unverified: faint
    assert points["640100"]["fill"][:3] == list(view.BATCH_COLOURS[None])
    assert len(points["350100"]["position"]) == 2


@pytest.mark.parametrize(
    ("fact_id", "zh", "en"),
    [("cap_capital", "≤1.5亿元", "≤1.5 亿元"), ("plan_2027_cities", "约100个城市", "≈100 cities"),
     ("predecessor_lighthouse", "4,000–6,000家企业", "4,000–6,000 firms"),
     ("per_city_disbursement", "未公布", "not published"), ("funds_retrofit_share", "≥80%", "≥80 %"),
     ("batch3_large_province_threshold", ">15,000家中小企业", ">15,000 SMEs")],
)
def test_fact_text(fact_id: str, zh: str, en: str) -> None:
    row = reference.fact(fact_id)
    assert (view.fact_text(row, "zh"), view.fact_text(row, "en")) == (zh, en)


def test_coverage_rows() -> None:
    rows = view.coverage_rows("en")
    assert [r["value"] for r in rows] == ["18 of ≈30", "14 of ≈36 (derived)", "9 of ≈34"]
    assert rows[1]["detail"].startswith("Of the 14 identified: 10 verified, 4 unverified; 6 with an inferred batch "
                                        "(3 of them on weak evidence)")
    assert view.coverage_rows("zh")[0]["detail"].startswith(
        "已识别 18 个中：已核实 14 个、未核实 4 个；批次为推断的 8 个（其中依据较弱的 1 个）")


def test_city_tables_and_summary() -> None:
    songjiang = reference.city("310117")
    targets = view.targets_table(songjiang, "en")
    assert targets.values.tolist() == [["Firms to be retrofitted", "≥520"],
                                       ["Above-scale SMEs at level 2+", "≥90 %"],
                                       ["Digital workshops / smart factories", "≥40"]]
    # "以上" and "约" stay: Fuzhou ">530" (超530家), Dongying "≈730" firms at level 2+ (not a retrofit count)
    assert view.targets_table(reference.city("350100"), "zh").values.tolist() == [["改造企业数", ">530"]]
    assert view.targets_table(reference.city("370500"), "zh").values.tolist() == [
        ["达到二级及以上的企业数", "约730"], ["数字化车间/智能工厂数", "32"]]
    fuzhou = SAMPLE[SAMPLE["city_adcode"].eq("350100")]
    assert view.reports_table(fuzhou, "zh")["报告期（YYYY-MM）"].tolist() == ["2024-12", "2024-06"]
    assert view.latest_summary(fuzhou, reference.city("350100"), "zh") == (
        "最新报告：2024-12，完成改造企业 265 家（目标 >530 家），由 李华 录入。")
    assert view.latest_summary(fuzhou.iloc[0:0], reference.city("350100"), "en") == "No progress report yet."


def test_progress_spec_has_target_path_and_reports() -> None:
    fuzhou = reference.city("350100")
    spec = progress_spec(SAMPLE[SAMPLE["city_adcode"].eq("350100")], fuzhou, reference.pilot_period(fuzhou), "en")
    path, reported = (layer["data"]["values"] for layer in spec["layer"])
    assert [(p["date"], p["value"]) for p in path] == [("2023-12-29", 0.0), ("2025-12-31", 530.0)]
    assert [(r["period"], r["value"]) for r in reported] == [("2024-12", 265.0), ("2024-06", 100.0)]
    assert spec["layer"][1]["encoding"]["y"]["title"] == "Firms retrofitted"


def test_intro_fields_come_from_data_and_rules() -> None:
    """The intro's first year and batch count come from the data; the status thresholds from the rules."""
    assert view.intro_fields("zh") == {"first_year": "2023", "batches": "3", "green": "90%", "amber": "70%"}


def test_text_stored_before_the_limits_is_shown_shortened() -> None:
    """A 95 MB note from before the limits would crash a viewer's tab: the table shows its first 2,000 characters."""
    huge = reports(("350100", "2024-12", 265, None, None, None, None, None, "注" * 100_000, "源" * 600))
    shown = view.reports_table(huge, "en")
    assert shown["Note"].str.len().tolist() == [2000] and shown["Source"].str.len().tolist() == [500]


def test_summary_escapes_only_the_editor_name() -> None:
    fuzhou = SAMPLE[SAMPLE["city_adcode"].eq("350100")].assign(updated_by="[x](https://e.example)")
    summary = view.latest_summary(fuzhou, reference.city("350100"), "en", escape=lambda s: f"<{s}>")
    assert summary.endswith("entered by <[x](https://e.example)>.")
