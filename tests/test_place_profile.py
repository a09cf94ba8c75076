"""Resolving ?place= codes and names to places, and the model unit that contains each place."""
from __future__ import annotations

import pytest

from smedx import clusters
from smedx import place_profile as pp
from smedx.charts import clusters as cluster_charts


def test_hefei_is_a_city_of_anhui_in_the_central_region_and_the_yrd_cluster() -> None:
    place = pp.resolve("340100")
    assert (place.level, place.name_zh, place.name_en) == ("city", "合肥", "Hefei")
    assert (place.province, place.region, place.cluster, place.city) == ("340000", "central", "yrd", "340100")
    assert not place.municipality and not place.cluster_partial


def test_anhui_is_a_province_without_a_cluster_of_its_own() -> None:
    place = pp.resolve("340000")
    assert (place.level, place.name_zh, place.region, place.cluster, place.city) == (
        "province", "安徽省", "central", None, None)
    assert pp.contained_cities(place) == ("340100", "340200", "340500", "340700", "340800", "341100", "341700",
                                          "341800")


def test_a_municipality_is_a_province_that_carries_its_city() -> None:
    place = pp.resolve("110000")
    assert (place.level, place.municipality, place.city, place.cluster) == ("province", True, "110000", "jjj")
    assert pp.contained_cities(place) == ("110113",)


def test_a_district_is_known_through_its_municipality() -> None:
    place = pp.resolve("310115")
    assert (place.name_zh, place.province, place.city, place.cluster) == ("上海市浦东新区", "310000", "310000", "yrd")
    assert pp.model_unit(place) == ("city", "310000")


def test_a_partial_cluster_member_is_marked() -> None:
    assert pp.resolve("500000").cluster_partial


@pytest.mark.parametrize("code", ["999999", "", None, "34010", "3401000", "<script>alert(1)</script>", "3" * 10_000,
                                  "CN", "central"])
def test_an_unknown_code_is_no_place(code: object) -> None:
    assert pp.resolve(code) is None


@pytest.mark.parametrize(("code", "unit"), [
    ("340100", ("city", "340100")),   # first-tier city with a value
    ("330200", ("city", "330200")),   # first-tier city with an interval only
    ("340500", ("cluster", "yrd")),   # Ma'anshan: cluster member, not first-tier
    ("210100", ("region", "northeast")),  # Shenyang: in no cluster
    ("340000", ("region", "central")),    # a province is inside its region only
    ("110000", ("city", "110000")),   # a municipality is a first-tier city
    ("710000", None),                 # outside the survey
])
def test_the_smallest_model_unit_containing_the_place(code: str, unit: tuple[str, str] | None) -> None:
    assert pp.model_unit(pp.resolve(code)) == unit


@pytest.mark.parametrize("query", ["合肥", "合肥市", "Hefei", "hefei", "HEFEI", "340100"])
def test_search_finds_hefei(query: str) -> None:
    assert [p.adcode for p in pp.search(query).found] == ["340100"]


@pytest.mark.parametrize(("query", "adcode"), [("長沙", "430100"), ("蘇州", "320500"), ("安徽", "340000"),
                                               ("Anhui", "340000"), ("瀋陽市", "210100")])
def test_search_reads_traditional_characters_and_provinces(query: str, adcode: str) -> None:
    assert [p.adcode for p in pp.search(query).found] == [adcode]


def test_search_finds_a_municipality_once_and_an_ambiguous_name_twice() -> None:
    assert [p.adcode for p in pp.search("北京").found] == ["110000"]
    assert [p.adcode for p in pp.search("Taizhou").found] == ["321200", "331000"]


def test_an_unknown_name_gets_the_nearest_place_as_a_suggestion() -> None:
    result = pp.search("Hefie")
    assert result.found == () and [p.adcode for p in result.suggested] == ["340100"]
    assert [p.adcode for p in pp.search("Anhiu").suggested] == ["340000"]
    assert pp.search("qqqqqqqq") == pp.Search("qqqqqqqq", (), ())
    assert pp.search("   ") == pp.Search("", (), ())


def test_search_cuts_long_input_before_looking_it_up() -> None:
    assert pp.search("合肥" + "x" * 10_000).query == ("合肥" + "x" * 10_000)[: pp.MAX_QUERY]


@pytest.mark.parametrize(("state", "adcode"), [
    ({"selection": {"indices": {"provinces": [11]},
                    "objects": {"provinces": [{"properties": {"adcode": "340000", "region": "central"}}]}}}, "340000"),
    ({"selection": {"indices": {"cities": [7]}, "objects": {"cities": [{"adcode": "340100", "name": "合肥"}]}}},
     "340100"),
    ({"selection": {"objects": {"regions": [{"properties": {"region": "east"}}]}}}, None),
    ({"selection": {"objects": {"cities": [{"adcode": "<img src=x>"}, "junk", None]}}}, None),
    ({"selection": {"objects": {}}}, None), ({}, None), (None, None),
])
def test_the_place_tapped_on_a_map(state, adcode) -> None:  # type: ignore[no-untyped-def]
    assert pp.picked_adcode(state) == adcode


def test_a_city_tapped_on_the_cluster_map_resolves_to_its_profile() -> None:
    """The cluster member points carry their adcode, so a tap's selection state names the city (issue 16)."""
    frame = clusters.members("zh", ["yrd"])
    points = cluster_charts.member_points(frame, cluster_charts.cluster_colours(["yrd"]), "zh")
    nanjing = next(p for p in points if p["adcode"] == "320100")
    state = {"selection": {"indices": {"cities": [0]}, "objects": {"cities": [nanjing]}}}
    assert pp.picked_adcode(state) == "320100"
