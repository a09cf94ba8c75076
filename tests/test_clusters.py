"""Tables and texts behind the clusters & cities page (smedx.clusters) and its charts (smedx.charts.clusters)."""
from __future__ import annotations

import pytest

from smedx import clusters, places
from smedx.charts import clusters as charts
from smedx.intervals import Interval

CLUSTERS = {"yrd": 43.0, "prd": 40.1, "jjj": 37.4, "chengyu": 34.6, "mid_yangtze": 31.0}  # paper §二(三)2


def test_cluster_table_ranked_with_the_papers_sides() -> None:
    table = clusters.cluster_table("zh")
    assert dict(zip(table["cluster"], table["value"], strict=True)) == CLUSTERS
    assert list(table["cluster"]) == list(CLUSTERS)
    assert dict(zip(table["cluster"], table["side"], strict=True)) == {
        "yrd": "above", "prd": "above", "jjj": "above", "chengyu": "below", "mid_yangtze": "below"}


def test_implied_national_average_is_bounded_by_the_wording() -> None:
    band = clusters.implied_national_average()
    assert band == Interval(34.6, 37.4, lower_closed=False, upper_closed=False)
    assert band.compare(clusters.national("zh").value) == "above"  # so 32.9 % is not the average the paper used


@pytest.mark.parametrize(("chosen", "count", "partial"), [
    (["yrd"], 27, set()), (["prd"], 9, set()), (["jjj"], 13, set()),
    (["chengyu"], 16, {"重庆"}), (["mid_yangtze"], 31, {"抚州", "吉安"}), ([], 96, None),
])
def test_members_with_points_and_partial_flags(chosen: list[str], count: int, partial: set[str] | None) -> None:
    frame = clusters.members("zh", chosen)
    assert len(frame) == count
    assert frame["lon"].notna().all() and frame["lat"].notna().all()
    if partial is not None:
        assert set(frame.loc[frame["partial"], "city"]) == partial


def test_member_points_are_hollow_for_partial_members() -> None:
    frame = clusters.members("en", ["mid_yangtze"])
    colours = charts.cluster_colours(list(places.cluster_options("en")))
    points = {p["city"]: p for p in charts.member_points(frame, colours, "en")}
    assert points["Ji'an"]["fill"] == [255, 255, 255, 255] and points["Ji'an"]["partial_text"] == " (partial)"
    assert points["Wuhan"]["fill"][:3] == [0x56, 0xB4, 0xE9]
    assert points["Wuhan"]["status_text"] == ""


def test_member_map_legend_is_escaped_html_in_the_point_colours() -> None:
    names = {"prd": "PRD <b>", "chengyu": "Chengdu–Chongqing"}
    legend = charts.cluster_legend(["prd", "chengyu"], names, charts.cluster_colours(["yrd", "prd", "chengyu"]), "en")
    assert legend == ('<span style="color:#E69F00;font-size:1.2em">●</span>&nbsp;PRD &lt;b&gt; &nbsp; '
                      '<span style="color:#009E73;font-size:1.2em">●</span>&nbsp;Chengdu–Chongqing &nbsp; '
                      '<span style="color:#555555;font-size:1.2em">○</span>&nbsp;only part of the city in the cluster')


@pytest.mark.parametrize(("sort", "kind", "first", "count"), [
    ("rank", "all", "杭州", 10), ("rank_asc", "all", "天津", 10), ("rank", "interval", "宁波", 4),
    ("rank", "point", "杭州", 6), ("name", "point", "合肥", 6),
])
def test_first_tier_sort_and_filter(sort: str, kind: str, first: str, count: int) -> None:
    frame = clusters.first_tier("zh", sort, kind)
    assert len(frame) == count and frame["name"].iloc[0] == first
    assert "first_tier_unnamed" not in set(frame["geo_id"])


def test_unknown_sort_is_rejected() -> None:
    with pytest.raises(ValueError):
        clusters.first_tier("zh", "random")


def test_unnamed_cities_are_a_count_and_an_interval() -> None:
    # Upper bound from the text (not among the 7 above 40 %); no lower bound: 合肥/长沙/天津 are "相对较低", not
    # the three lowest.
    assert clusters.unnamed() == (6, Interval(None, 40.0, lower_closed=False))
    texts = clusters.first_tier_texts("zh")
    assert "≤40.0%" in texts["unnamed"] and "6" in texts["unnamed"] and "没有下限" in texts["unnamed"]
    assert "29.7" not in texts["unnamed"]
    assert "宁波 (40.0, 44.0]" in texts["legend"]


def test_industry_bands_only_give_the_bound_the_paper_states() -> None:
    frame = clusters.industries("en")
    assert dict(zip(frame["industry"], frame["band"], strict=True)) == {
        "ict": "high", "industry": "high", "agriculture": "middle", "accommodation": "low", "utilities": "low",
        "real_estate": "low"}
    assert set(frame.loc[frame["band"].eq("high"), "bound"]) == {"≥40 %"}  # "均在40%以上": 以上 includes 40
    assert set(frame.loc[~frame["band"].eq("high"), "bound"]) == {"not published"}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_texts(lang: str) -> None:
    assert "(34.6, 37.4)" in clusters.clusters_note(lang)
    assert ("§二(三)2" if lang == "zh" else "§2(3)2") in clusters.clusters_source(lang)
    assert len(clusters.plan_captions(lang, ("yrd", "prd"))) == 2
    assert ("§二(二)" if lang == "zh" else "§2(2)") in clusters.industries_source(lang)
