"""The downloadable templates (CSV, headers in Chinese or English) and the schema table the page documents.

The three example firms are fictitious and only show the format; they are not data.
"""
from __future__ import annotations

import pandas as pd

from smedx import locators
from smedx.i18n import normalise_lang, t
from smedx.mydata import schema
from smedx.mydata.schema import NAMESPACE as NS

EXAMPLES: dict[str, list[dict[str, str]]] = {
    "zh": [
        {"firm_id": "示例001", "province": "广东省", "city": "深圳", "industry": "工业", "size": "小型",
         "weight": "1.5", "status": "已实施"},
        {"firm_id": "示例002", "province": "四川", "city": "成都市", "industry": "住宿业", "size": "微型",
         "weight": "0.8", "status": "规划中"},
        {"firm_id": "示例003", "province": "610000", "city": "", "industry": "", "size": "",
         "weight": "1", "status": "无计划"},
    ],
    "en": [
        {"firm_id": "example-001", "province": "Guangdong", "city": "Shenzhen", "industry": "Industry",
         "size": "small", "weight": "1.5", "status": "implemented"},
        {"firm_id": "example-002", "province": "Sichuan", "city": "Chengdu", "industry": "Accommodation",
         "size": "micro", "weight": "0.8", "status": "planning"},
        {"firm_id": "example-003", "province": "610000", "city": "", "industry": "", "size": "",
         "weight": "1", "status": "none"},
    ],
}
BARRIER_EXAMPLES = {"zh": ("是", "否", ""), "en": ("yes", "no", "")}


def template_frame(lang: str) -> pd.DataFrame:
    """Every column of the schema with headers in ``lang`` and the three example firms."""
    lang = normalise_lang(lang)
    rows = [dict(row) for row in EXAMPLES[lang]]
    for row, answer in zip(rows, BARRIER_EXAMPLES[lang], strict=True):
        row.update({b.column: answer for b in schema.barriers()})
    frame = pd.DataFrame(rows, columns=list(schema.columns()))
    return frame.rename(columns={c: schema.template_header(c, lang) for c in frame.columns})


def schema_table(lang: str) -> pd.DataFrame:
    """One row per column: id, Chinese header, required, accepted values, meaning (in ``lang``)."""
    lang = normalise_lang(lang)
    barriers = {b.column: b for b in schema.barriers()}
    rows = []
    for column in schema.columns():
        barrier = barriers.get(column)
        base = "barrier" if barrier else column
        meaning = (t(f"{NS}.meaning_barrier", lang, section=locators.localise(f"§{barrier.section}", lang),
                     title=barrier.title_en if lang == "en" else barrier.title_zh) if barrier
                   else t(f"{NS}.meaning_{column}", lang))
        rows.append({
            t(f"{NS}.schema_col_id", lang): column,
            t(f"{NS}.schema_col_zh", lang): schema.template_header(column, "zh"),
            t(f"{NS}.schema_col_required", lang): t(f"{NS}.required_{'yes' if column in schema.REQUIRED else 'no'}",
                                                    lang),
            t(f"{NS}.schema_col_values", lang): t(f"{NS}.values_{base}", lang),
            t(f"{NS}.schema_col_meaning", lang): meaning,
        })
    return pd.DataFrame(rows)
