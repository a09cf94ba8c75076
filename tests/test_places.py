"""Place names for geography ids in both languages."""
from __future__ import annotations

import pytest

from smedx.places import place_name


@pytest.mark.parametrize(("level", "geo_id", "zh", "en"), [
    ("nation", "CN", "全国", "China"),
    ("region", "northeast", "东北地区", "Northeast"),
    ("cluster", "chengyu", "成渝城市群", "Chengdu–Chongqing"),
    ("province", "710000", "台湾省", "Taiwan"),
    ("city", "361000", "抚州", "Fuzhou (Jiangxi)"),
    ("city_group", "first_tier_unnamed", "论文未点名的6个一线城市", "The 6 first-tier cities the paper does not name"),
])
def test_place_names(level: str, geo_id: str, zh: str, en: str) -> None:
    """Names come from the reference tables (and the locale for the nation and the unnamed group)."""
    assert place_name(level, geo_id, "zh") == zh
    assert place_name(level, geo_id, "en") == en


def test_unknown_id_is_returned_unchanged() -> None:
    """An id without a name is shown as is rather than failing."""
    assert place_name("city", "000000", "en") == "000000"
