"""Place names → adcodes: Chinese (simplified and traditional), pinyin, English, codes; nearest-name suggestions."""
from __future__ import annotations

import pytest

from smedx import names


@pytest.mark.parametrize("value", ["合肥", "合肥市", "Hefei", "hefei", "HE FEI", "Héféi", "340100", " 合肥 "])
def test_hefei_in_every_spelling(value: str) -> None:
    assert names.cities().candidates(value) == {"340100"}


@pytest.mark.parametrize(("value", "adcode"), [("長沙", "430100"), ("蘇州市", "320500"), ("瀋陽", "210100"),
                                               ("廣州", "440100"), ("Pudong", "310115"), ("shen zhen", "440300")])
def test_cities_in_traditional_characters_pinyin_and_english(value: str, adcode: str) -> None:
    assert names.cities().candidates(value) == {adcode}


@pytest.mark.parametrize(("value", "adcode"), [("安徽", "340000"), ("安徽省", "340000"), ("Anhui", "340000"),
                                               ("34", "340000"), ("Shaanxi", "610000"), ("山西", "140000"),
                                               ("廣東", "440000"), ("Inner Mongolia", "150000")])
def test_provinces(value: str, adcode: str) -> None:
    assert names.provinces().candidates(value) == {adcode}


def test_an_ambiguous_name_gives_both_cities_with_their_provinces() -> None:
    found = names.cities().candidates("Taizhou")
    assert found == {"321200", "331000"}
    assert {names.cities().parent[c] for c in found} == {"320000", "330000"}


def test_nearest_name_and_suggestion() -> None:
    score, codes = names.cities().nearest("Hefie")
    assert codes == ("340100",) and 0.6 <= score < 1
    assert names.cities().suggest("Hefie") == "合肥 (Hefei)"
    assert names.provinces().suggest("Anhiu") == "安徽省 (Anhui)"
    assert names.cities().nearest("zzzzzzzz") == (0.0, ()) and names.cities().suggest("zzzzzzzz") is None


def test_normalise_folds_script_case_tones_and_spaces() -> None:
    assert names.normalise("廣東 Province") == names.normalise("广东province")
    assert names.normalise("Guǎng-dōng") == "guangdong"


def test_municipalities_are_their_own_city() -> None:
    assert [names.municipality_city(p) for p in ("110000", "120000", "310000", "500000", "340000")] == [
        "110000", "120000", "310000", "500000", None]


# --- spellings researchers use in uploads (the my-data page) ---------------------------------------------

@pytest.mark.parametrize("value", ["广东省", "广东", "廣東", "廣東省", "Guangdong", "GUANGDONG", "guang dong sheng",
                                   "Guǎngdōng", "Guangdong Province", "440000", "440000.0", "44", " 广东 "])
def test_guangdong_in_every_spelling(value: str) -> None:
    assert names.provinces().candidates(value) == {"440000"}


@pytest.mark.parametrize(("value", "adcode"), [
    ("Shanxi", "140000"), ("shanxi", "140000"), ("Shaanxi", "610000"), ("陝西", "610000"), ("山西省", "140000"),
    ("Inner Mongolia", "150000"), ("Neimenggu", "150000"), ("内蒙古自治区", "150000"), ("內蒙古", "150000"),
    ("Xizang", "540000"), ("Tibet", "540000"), ("广西壮族自治区", "450000"), ("Guangxi Zhuang", "450000"),
    ("新疆", "650000"), ("重慶", "500000"), ("Chongqing Municipality", "500000"), ("臺灣", "710000"),
    ("Hong Kong", "810000"), ("Xianggang", "810000"), ("澳門", "820000"),
])
def test_provinces_with_collisions_and_non_pinyin_english(value: str, adcode: str) -> None:
    assert names.provinces().candidates(value) == {adcode}


@pytest.mark.parametrize(("value", "adcode"), [
    ("瀋陽", "210100"), ("沈阳市", "210100"), ("Shenyang", "210100"), ("shen yang", "210100"), ("210100", "210100"),
    ("蘇州市", "320500"), ("杭州", "330100"), ("上海市浦东新区", "310115"), ("Pudong", "310115"), ("北京", "110000"),
])
def test_cities(value: str, adcode: str) -> None:
    assert names.cities().candidates(value) == {adcode}


def test_an_ambiguous_city_name_gives_every_candidate_with_its_province() -> None:
    index = names.cities()
    found = index.candidates("Taizhou")
    assert found == {"321200", "331000"}
    assert {index.parent[c] for c in found} == {"320000", "330000"}


def test_unknown_names_get_the_nearest_known_name() -> None:
    assert names.provinces().candidates("Guangdon") == set()
    assert names.provinces().suggest("Guangdon") == "广东省 (Guangdong)"
    assert names.provinces().suggest("浙江身") == "浙江省 (Zhejiang)"
    assert names.cities().suggest("Hangzou") == "杭州 (Hangzhou)"
    assert names.provinces().suggest("zzzzzzzz") is None
