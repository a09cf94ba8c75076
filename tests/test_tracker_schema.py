"""Pilot-city reference tables: schemas reject bad rows; cross-table consistency with the foundation data."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from smedx import datasets
from smedx.paths import DATA_DIR
from smedx.tables import DataFileError, read_table
from smedx.tracker import reference
from smedx.tracker.schema import CAP_BY_TYPE, KPIS, SCHEMAS, TARGET_COLUMNS

URL = re.compile(r"https?://[^\s,;，；）)]+")


@pytest.mark.parametrize("filename", sorted(SCHEMAS))
def test_reference_tables_load(filename: str) -> None:
    assert not read_table(filename, SCHEMAS[filename]).empty


def _mutated(tmp_path: Path, filename: str, row: int, column: str, value: str) -> Path:
    shutil.copy(DATA_DIR / filename, tmp_path / filename)
    frame = pd.read_csv(tmp_path / filename, dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    frame.to_csv(tmp_path / filename, index=False)
    return tmp_path


BAD_ROWS = [
    ("pilot_cities.csv", 0, "adcode", "21010", "adcode"),
    ("pilot_cities.csv", 0, "confidence", "R", "confidence"),
    ("pilot_cities.csv", 0, "clusters", "yrd;pearl", "clusters"),
    ("pilot_cities.csv", 0, "award_cap_yi", "1.0", "inconsistent"),  # Shenyang is a capital: 1.5
    ("pilot_cities.csv", 0, "city_type", "district", "inconsistent"),  # not a municipality district
    ("pilot_cities.csv", 0, "batch", "", "inconsistent"),  # empty batch needs batch_note 2_or_3/unknown
    ("pilot_cities.csv", 0, "target_l2_share", "120", "target_l2_share"),
    ("pilot_cities.csv", 0, "target_products", "-1", "target_products"),
    ("pilot_cities.csv", 0, "pilot_start", "2023/12", "pilot_start"),
    ("pilot_programme.csv", 0, "value", "", "status"),
    ("pilot_programme.csv", 0, "status", "interval", "status"),
    ("pilot_batches.csv", 0, "batch", "4", "batch"),
]


@pytest.mark.parametrize(("filename", "row", "column", "value", "named"), BAD_ROWS)
def test_schema_rejects_bad_row(tmp_path: Path, filename: str, row: int, column: str, value: str, named: str) -> None:
    directory = _mutated(tmp_path, filename, row, column, value)
    with pytest.raises(DataFileError) as caught:
        read_table(filename, SCHEMAS[filename], directory)
    assert filename in str(caught.value) and named in str(caught.value)


def test_cities_batches_and_confidence() -> None:
    cities = reference.cities()
    assert len(cities) == 46 and cities["name_zh"].is_unique
    assert cities["batch"].value_counts().to_dict() == {1: 18, 2: 14, 3: 9}
    assert sorted(reference.unassigned()["name_zh"]) == ["娄底市", "无锡市", "株洲市", "西安市", "银川市"]
    unverified = cities.loc[cities["confidence"].eq("A"), "name_zh"]
    assert sorted(unverified) == sorted(
        ["上海市浦东新区", "苏州市", "合肥市", "青岛市", "北京市顺义区", "天津市武清区", "唐山市", "长治市", "西安市",
         "株洲市", "娄底市"])
    assert (cities["award_cap_yi"] == cities["city_type"].map(CAP_BY_TYPE)).all()


def test_regions_and_provinces_match_foundation() -> None:
    provinces = datasets.provinces().set_index("adcode")
    cities = reference.cities()
    assert cities["province_adcode"].isin(provinces.index).all()
    assert (cities["region"] == cities["province_adcode"].map(provinces["region"])).all()


def test_clusters_match_cluster_members() -> None:
    """A city is in a cluster iff cluster_members lists it (or, for a district, its municipality)."""
    members = datasets.cluster_members()
    pairs = set(zip(members["cluster"], members["adcode"], strict=True))
    for city in reference.cities().itertuples():
        listed = {c for c, a in pairs if a == city.adcode}
        if city.city_type == "district":
            listed |= {c for c, a in pairs if a == city.province_adcode}
        assert set(reference.cluster_ids(city.clusters)) == listed, city.name_zh


def test_targets_and_kpis_line_up() -> None:
    assert {k.target for k in KPIS if k.target} <= set(TARGET_COLUMNS)
    cities = reference.cities().set_index("adcode")
    assert cities.loc["350100", "target_firms"] == 530 and cities.loc["210100", "target_products"] == 125
    assert cities.loc["640100", "target_lighthouse"] == 25 and cities.loc["310117", "target_l2_share"] == 90.0


def test_every_source_exists_and_every_cited_url_is_a_source() -> None:
    sources = datasets.sources()
    known_ids, known_urls = set(sources["source_id"]), set(sources["url"].dropna())
    for filename in SCHEMAS:
        frame = read_table(filename, SCHEMAS[filename])
        assert set(frame["source_id"]) <= known_ids, filename
        text_columns = [c for c in ("locator", "notes_zh", "notes_en", "note") if c in frame]
        cited = {url for column in text_columns for cell in frame[column].dropna() for url in URL.findall(cell)}
        assert cited <= known_urls, (filename, cited - known_urls)


def test_links_and_points_cover_the_city_list() -> None:
    adcodes = set(reference.cities()["adcode"])
    assert set(reference.city_points()["adcode"]) == adcodes  # every pilot city has a map point
    assert set(read_table("pilot_city_sources.csv", SCHEMAS["pilot_city_sources.csv"])["adcode"]) <= adcodes


def test_programme_caps_match_city_caps() -> None:
    assert reference.fact("cap_capital")["value"] == CAP_BY_TYPE["capital"] == 1.5
    assert reference.fact("cap_other")["value"] == CAP_BY_TYPE["other"] == 1.0
    assert reference.fact("per_city_disbursement")["status"] == "not_published"
