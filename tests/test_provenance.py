"""Provenance: every figure has a source and locator, every source exists and is used, captions are exact."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from smedx import datasets, locators, markup, provenance

DATA = Path(__file__).resolve().parent.parent / "data"


def _source_ids_used() -> set[str]:
    """Source ids cited by data/*.csv (``source_id`` / ``*source_ids`` columns) and by geo/meta.json."""
    used: set[str] = {json.loads((DATA.parent / "geo" / "meta.json").read_text(encoding="utf-8"))["source_id"]}
    for path in DATA.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                for column, value in row.items():
                    if column and (column == "source_id" or column.endswith("source_ids")) and value:
                        used |= {part.strip() for part in value.split(";") if part.strip()}
    return used


def test_every_observation_has_source_and_locator() -> None:
    """No observation lacks a source id or a locator."""
    obs = datasets.observations()
    assert obs["source_id"].notna().all() and obs["locator"].str.len().gt(0).all()


def test_every_cited_source_exists() -> None:
    """Every source id used in any data/*.csv is defined in sources.csv."""
    assert _source_ids_used() - set(datasets.sources()["source_id"]) == set()


def test_every_source_is_used() -> None:
    """No source in sources.csv is unused."""
    assert set(datasets.sources()["source_id"]) - _source_ids_used() == set()


def test_caption_groups_locators_by_source_in_order() -> None:
    """Caption text is exact: sources in first-seen order, locators de-duplicated."""
    rows = pd.DataFrame({"source_id": ["paper", "paper", "accenture_2023", "paper"],
                         "locator": ["§二(一)", "§二(三)1", "paper §三(一)", "§二(一)"]})
    assert provenance.caption(rows, "zh") == (
        "来源：论文《中小企业数字化转型：焦点、难点及进路》，§二(一)；§二(三)1；"
        "《埃森哲：2023中国企业数字化转型指数》（经论文引用），论文 §三(一)")
    assert provenance.caption(rows.head(1), "en") == (
        'Source: Paper "SME digital transformation: focal points, difficulties and ways forward", §2(1)')


@pytest.mark.parametrize(("locator", "zh", "en"), [
    ("§二(一), footnote ⑨", "§二(一)，脚注⑨", "§2(1), footnote ⑨"),
    ("§一 (para. 2)", "§一 (第2段)", "§1 (para. 2)"),
    ("§二(三)3, Fig. 2", "§二(三)3，图2", "§2(3)3, Fig. 2"),
    ("Table 1, 2021-11 row", "表1，2021-11行", "Table 1, 2021-11 row"),
    ("notice text (reprint)", "通知原文（转载）", "notice text (reprint)"),
    ("财建〔2023〕117号 sets caps only", "财建〔2023〕117号 仅规定上限", "财建〔2023〕117号 sets caps only"),
    ("财建〔2023〕117号（新华社转载）", "财建〔2023〕117号（新华社转载）", "财建〔2023〕117号 (Xinhua reprint)"),
    ("国新办 2019年9月底", "国新办 2019年9月底", "SCIO end of 2019-09"),
])
def test_locators_read_in_the_readers_language_by_rule(locator: str, zh: str, en: str) -> None:
    """Structure (paragraph, figure, table, footnote, section numerals, dates) by rule, words by the glossary
    (data/locator_terms.csv); document numbers stay as published."""
    assert (locators.localise(locator, "zh"), locators.localise(locator, "en")) == (zh, en)


def test_a_url_in_a_locator_is_an_explicit_link_that_stops_at_chinese_punctuation() -> None:
    text = "合肥政策（2024-05-28）: https://xzcs2022.com/ssfgk/44475.html；东营实施方案: https://szinfo.jxcrm.net/2026/01/28/36884"
    assert locators.markdown(text, "zh") == (
        "[合肥政策（2024-05-28）](https://xzcs2022.com/ssfgk/44475.html)；"
        "[东营实施方案](https://szinfo.jxcrm.net/2026/01/28/36884)")
    assert locators.markdown(text, "en").startswith("[Hefei policy (2024-05-28)](https://xzcs2022.com/")


def test_data_text_is_escaped_never_markdown() -> None:
    assert markup.escape("**x** [a](https://evil.example) :material/home: www.x.cn") == (
        "\\*\\*x\\*\\* \\[a\\](https:\u2060//evil.example) \\:material/home: www\u2060.x.cn")
    with pytest.raises(ValueError):
        markup.link("x", "javascript:alert(1)")
