"""The texts of a place profile: the paper's and the pilot list's values, each section with its source."""
from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from smedx import place_sections as ps
from smedx.model import simulate
from smedx.paths import DATA_DIR
from smedx.place_profile import model_unit, resolve


@cache
def _run(level: str) -> simulate.Result:
    return simulate.run(levels=(level,))


def _items(code: str, lang: str = "zh") -> dict[str, str]:
    place = resolve(code)
    unit = model_unit(place)
    result = _run(unit[0]) if unit else None
    return {s.key: "\n".join(s.items) for s in ps.profile(place, lang, result)}


def test_hefei_region_cluster_first_tier_and_ranks() -> None:
    text = _items("340100")
    assert "合肥属于中部地区：已开展数字化转型的中小企业占比33.7%，在4个地区中排第2。" in text["shares"]
    assert ("合肥属于长三角城市群：城市群中小企业数字化转型比例43.0%，在5个城市群中排第1；"
            "论文称其高于全国平均水平。") in text["shares"]
    assert "已实施数字化转型战略的中小企业占比约32.9%。这是另一个口径" in text["shares"]
    assert text["first_tier"] == ("合肥是论文点名的一线城市之一（论文研究16个，正文点名10个）："
                                  "中小企业数字化转型比例29.7%。")


def test_hefei_pilot_facts_are_marked_unverified() -> None:
    zh, en = _items("340100")["pilot"], _items("340100", "en")["pilot"]
    for line in ("未核实：这座城市只见于聚合或转载页面的名单", "批次：第一批", "可信度：未核实",
                 "中央奖补上限：不超过 1.5 亿元（上限，非实际拨付）", "试点细分行业：未说明"):
        assert line in zh, line
    assert "unverified: this city appears only on an aggregator" in en and "Batch: Batch 1" in en


def test_shenyang_targets_and_sub_sectors_from_its_row() -> None:
    pilot = _items("210100")["pilot"]
    assert "试点细分行业：风冷/机床/传动及通用设备、汽车零部件、输配电及控制设备" in pilot
    assert ("实施方案目标：到2025年：小快轻准产品数 ≥125、规上企业二级及以上占比 ≥90%、"
            "数字化车间/智能工厂数 ≥20") in pilot
    assert "可信度：已核实" in pilot and "未核实：" not in pilot


def test_a_non_pilot_city_gets_the_count_of_unidentified_pilots() -> None:
    planned = pd.read_csv(DATA_DIR / "pilot_programme.csv", dtype=str).set_index("fact_id").loc["plan_2027_cities"]
    identified = len(pd.read_csv(DATA_DIR / "pilot_cities.csv", dtype=str))
    pilot = _items("340500")["pilot"]
    missing = int(planned["value"]) - identified
    assert pilot == (f"马鞍山不是已识别的试点城市。2025—2027年试点城市（“百城”）计划约{planned['value']}个，"
                     f"看板已识别{identified}个，还有约{missing}个尚未识别，马鞍山是否在其中不得而知。")
    assert "马鞍山不在论文点名的10个一线城市之中（论文研究16个，另有6个未点名" in _items("340500")["first_tier"]


def test_a_province_lists_its_pilot_and_first_tier_cities_and_says_provinces_are_not_reported() -> None:
    text = _items("340000")
    assert text["pilot"].splitlines()[:3] == ["安徽省的已识别试点城市（2个）：", "合肥市 — 第一批（未核实）",
                                              "芜湖市 — 第二批（已核实）"]
    assert text["first_tier"] == "安徽省境内论文点名的一线城市：合肥 29.7%（论文研究16个，正文点名10个）。"
    assert "有城市属于长三角城市群（合肥、芜湖、马鞍山、铜陵、安庆、滁州、池州、宣城）：该城市群的比例43.0%" in (
        text["shares"])
    assert text["unknown"] == ("调查按地区报告，不按省份报告：没有安徽省自己的转型比例，"
                               "上面的数字是它所属地区和城市群的。")


def test_an_interval_stays_an_interval_and_is_said_once_to_be_unknown() -> None:
    text = _items("330200", "en")
    assert "Ningbo is one of the first-tier cities the paper names" in text["first_tier"]
    assert ">40.0 % and ≤44.0 %" in text["first_tier"]
    assert text["unknown"].count("exact share") == 1


def test_the_scenario_is_the_containing_units_and_labelled_not_a_forecast() -> None:
    for code, start in (("340500", "模型中包含马鞍山的最小单位是长三角城市群"),
                        ("340000", "模型中包含安徽省的最小单位是中部地区"), ("340100", "合肥本身是模型的一个单位")):
        assert _items(code)["scenario"].startswith(start)
    place = resolve("340100")
    result = _run("city")
    section = ps.scenario(place, result, "en")
    assert "not a forecast" in section.items[-1] and "Hefei" in section.items[1]
    row = result.summary.set_index("geo_id").loc["340100"]
    assert f"{row['gain_p50']:.3f} pp" in section.items[1]
    assert "(50 % band" in section.items[1] and "90 % band" in section.items[1]
    assert ps.scenario(resolve("710000"), None, "zh").items == ("模型不包含台湾省，没有可显示的情景。",)


def test_policies_are_national_and_every_section_with_numbers_has_a_source() -> None:
    place = resolve("340100")
    sections = {s.key: s for s in ps.profile(place, "zh", simulate.run(levels=("city",)))}
    policies = pd.read_csv(DATA_DIR / "policies.csv", dtype=str)
    assert sections["policies"].items[0] == f"以下{len(policies)}项政策是全国性的，适用于各地，并非针对某一地方："
    assert len(sections["policies"].items) == len(policies) + 1
    assert [line.split(" — ")[0] for line in sections["plan_sources"].items] == [
        "中小企业数字化转型试点城市名单汇总（聚合页面）", "合肥市中小企业数字化转型城市试点支持政策（转载）"]
    for key in ("shares", "first_tier", "pilot", "policies", "scenario"):
        assert sections[key].source.startswith("来源："), key
    assert "§二(三)3，图2" in sections["first_tier"].source  # the locator in Chinese


@pytest.mark.parametrize("code", ["340100", "340000", "710000"])
def test_header_names_the_kind_province_and_region(code: str) -> None:
    assert ps.header(resolve(code), "zh") == {"340100": "城市 · 安徽省 · 中部地区", "340000": "省级行政区 · 中部地区",
                                              "710000": "省级行政区 · 不在调查范围内"}[code]
