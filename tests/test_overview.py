"""Overview tables: stage split, change, macro figures, barriers, path and timeline filters."""
from __future__ import annotations

import pytest

from smedx import overview


def test_stage_split_widths_and_texts() -> None:
    """Widths are the paper's shares plus the unpublished 8.5 % remainder, in display order."""
    table = overview.stage_split("zh")
    assert table["width"].round(1).tolist() == [32.9, 18.6, 40.0, 8.5]
    assert table["text"].tolist() == ["约32.9%", "18.6%", "40.0%", "未说明（剩余8.5%）"]  # "约为32.9%"
    assert table["status"].tolist() == ["published", "published", "published", "not_published"]


def test_stage_note_fields() -> None:
    """The note quotes the stated total (91.5 %) and the remainder (8.5 %), computed from the rows."""
    assert overview.stage_note_fields("en") == {"stated": "91.5 %", "remainder": "8.5 %"}


def test_headline_and_change() -> None:
    """Headline: ≈32.9 % (2020, "约为32.9%"), 44.8 % (2021), 21,781 SMEs; change +11.9 pp as stated by the paper."""
    assert [f.text for f in overview.headline("en")] == ["≈32.9 %", "44.8 %", "21,781 firms"]
    assert overview.change_2021("zh").text == "11.9个百分点"


def test_macro_texts() -> None:
    """Macro figures in the paper's units."""
    assert [f.text for f in overview.macro("zh")] == [
        "41万亿元", "33.9%", "4842万户",
        "增长了1.7倍（即增加170%，为基期的2.7倍）", "≥99%", "23300.4万人", "79.4%", "402.6万亿元", "77.1%"]


def test_path_recommends_the_papers_saas_per_stage() -> None:
    """Stage 1 OA/IM, stage 2 HRM/ERP, stage 3 smart BI/MOM."""
    assert overview.path("en")["saas"].tolist() == ["Essential SaaS such as OA and IM", "SaaS such as HRM and ERP",
                                                    "SaaS such as smart BI and MOM systems"]


@pytest.mark.parametrize(("years", "issuers", "count"), [
    (None, None, 19), ((2015, 2015), None, 1), ((2019, 2019), None, 1), ((2020, 2020), None, 3), (None, ["ndrc"], 2),
    (None, ["pboc", "nfra"], 1), ((2025, 2025), ["ndrc"], 0),
])
def test_timeline_filters(years: tuple[int, int] | None, issuers: list[str] | None, count: int) -> None:
    """Year range (inclusive) and issuer filters (any of the chosen bodies)."""
    assert len(overview.timeline("zh", years, issuers)) == count


def test_timeline_display_and_dates() -> None:
    """Localised headers; year-only dates plot at mid-year."""
    frame = overview.timeline("en")
    shown = overview.timeline_display(frame, "en")
    assert list(shown.columns) == ["Date", "Issued by", "Title", "Document no.", "Main content", "Note", "Listed in"]
    # Table 1 prints 中共中央办公厅、国务院办公厅 for the 2023-07 opinions: shown as printed, the correction noted
    opinions = overview.timeline("zh").set_index("date").loc["2023-07"]
    assert opinions["issuers"] == "中共中央办公厅、国务院办公厅" and "中共中央、国务院" in opinions["note"]
    batch2 = frame[frame["doc_no"].eq("财办建〔2024〕23号")].iloc[0]
    assert (batch2["date"], str(batch2["when"].date())) == ("2024", "2024-07-01")
