"""The upload schema: column ids, accepted headers (English ids and Chinese labels), accepted values, limits and
the bilingual problem type every check reports with.

Column ids are stable English names (templates, downloads and messages use them). Status values and yes/no
answers are accepted in English and Chinese; the mapping below is the single place that defines them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from smedx import datasets
from smedx.i18n import t

NAMESPACE = "mydata"

MAX_UPLOAD_MB = 64  # per file; the uploader refuses larger files before sending them
MAX_BYTES = MAX_UPLOAD_MB * 1024 * 1024
MAX_ROWS = 1_000_000  # data rows (header not counted); reading stops at the first row past it
MAX_COLUMNS = 200
MAX_TEXT = 100  # characters in a firm id, industry or size cell
MIN_N_EFF = 30.0  # cells with a Kish effective sample size below this are suppressed
CONFIDENCE = 0.95
METHOD_ID = "weighted share; 95% Wilson interval (statsmodels proportion_confint) on Kish n_eff; " \
            f"suppressed when n_eff < {MIN_N_EFF:g}"

STATUSES: tuple[str, ...] = ("implemented", "planning", "none")
SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")
REQUIRED: tuple[str, ...] = ("firm_id", "province", "status")
OPTIONAL: tuple[str, ...] = ("city", "industry", "size", "weight")

# Accepted cell texts (compared after :func:`key`: NFKC, lower case, no spaces) → canonical value.
STATUS_VALUES: dict[str, str] = {
    "implemented": "implemented", "implementing": "implemented", "started": "implemented", "yes": "implemented",
    "已实施": "implemented", "已实施数字化转型": "implemented", "已实施数字化转型战略": "implemented",
    "已开展": "implemented", "已开展数字化转型": "implemented", "实施": "implemented", "已转型": "implemented",
    "planning": "planning", "planned": "planning", "plan": "planning", "planningonly": "planning",
    "规划中": "planning", "计划中": "planning", "仅计划": "planning", "计划": "planning", "有计划": "planning",
    "计划启动": "planning", "仅计划启动": "planning",
    "none": "none", "noplan": "none", "no_plan": "none", "no": "none", "notplanned": "none",
    "无计划": "none", "无": "none", "暂无计划": "none", "未有计划": "none", "没有计划": "none", "无任何计划": "none",
}
SIZE_VALUES: dict[str, str] = {
    "micro": "micro", "微型": "micro", "微型企业": "micro", "small": "small", "小型": "small", "小型企业": "small",
    "medium": "medium", "中型": "medium", "中型企业": "medium", "large": "large", "大型": "large", "大型企业": "large",
}
YES_NO: dict[str, float] = {
    "1": 1.0, "yes": 1.0, "y": 1.0, "true": 1.0, "是": 1.0, "有": 1.0, "√": 1.0,
    "0": 0.0, "no": 0.0, "n": 0.0, "false": 0.0, "否": 0.0, "无": 0.0, "没有": 0.0,
}
ALLOWED: dict[str, str] = {  # shown in messages, both languages at once
    "status": "implemented / planning / none；已实施 / 规划中 / 无计划",
    "size": "micro / small / medium / large；微型 / 小型 / 中型 / 大型",
    "yes_no": "1 / 0, yes / no；是 / 否",
}
HEADER_ALIASES: dict[str, str] = {
    "企业编号": "firm_id", "企业id": "firm_id", "企业代码": "firm_id", "编号": "firm_id", "id": "firm_id",
    "firm": "firm_id", "firmid": "firm_id",
    "省份": "province", "省": "province", "省份代码": "province", "省级行政区": "province",
    "城市": "city", "地市": "city", "市": "city", "所在城市": "city",
    "行业": "industry", "所属行业": "industry",
    "企业规模": "size", "规模": "size", "规模类型": "size", "size_class": "size", "sizeclass": "size",
    "权重": "weight", "调查权重": "weight", "样本权重": "weight", "survey_weight": "weight", "surveyweight": "weight",
    "转型状态": "status", "数字化转型状态": "status", "状态": "status",
}


def key(text: object) -> str:
    """A cell or header compared loosely: NFKC (full-width → half-width), lower case, no spaces or BOM."""
    folded = unicodedata.normalize("NFKC", str(text)).replace("\ufeff", "").strip().lower()
    return "".join(folded.split())


@dataclass(frozen=True)
class Barrier:
    """An optional yes/no column for one difficulty of the paper's §三 (``data/barriers.csv``, in file order)."""

    column: str
    section: str
    title_zh: str
    title_en: str

    def header(self, lang: str) -> str:
        """The template header: the id in English, 难点<section> in Chinese."""
        return self.column if lang == "en" else f"难点{self.section}"


@lru_cache(maxsize=1)
def barriers() -> tuple[Barrier, ...]:
    """``barrier_1`` … one per row of ``data/barriers.csv``."""
    rows = datasets.barriers().to_dict("records")
    return tuple(Barrier(f"barrier_{i}", str(r["section"]), str(r["title_zh"]), str(r["title_en"]))
                 for i, r in enumerate(rows, start=1))


def columns() -> tuple[str, ...]:
    """Every column id the upload understands, in template order."""
    return (*REQUIRED[:2], "city", "industry", "size", "weight", "status", *(b.column for b in barriers()))


@lru_cache(maxsize=1)
def header_index() -> dict[str, str]:
    """Accepted header (after :func:`key`) → column id: the ids, both templates' headers and the aliases."""
    index = {key(name): name for name in columns()}
    for lang in ("zh", "en"):
        index |= {key(template_header(name, lang)): name for name in columns()}
    index |= {key(alias): name for alias, name in HEADER_ALIASES.items()}
    for barrier in barriers():
        index |= {key(barrier.title_zh): barrier.column, key(barrier.title_en): barrier.column,
                  key(barrier.section): barrier.column}
    return index


def template_header(column: str, lang: str) -> str:
    """The header a template in ``lang`` uses for ``column``."""
    for barrier in barriers():
        if barrier.column == column:
            return barrier.header(lang)
    return column if lang == "en" else t(f"{NAMESPACE}.col_{column}", "zh")


@dataclass(frozen=True)
class Issue:
    """One problem with an upload, language-neutral: ``code`` names the message ``mydata.msg_<code>``.

    ``rows`` are the first spreadsheet rows concerned (header = row 1), ``count`` how many rows in all;
    ``error`` issues stop the upload, the others are notes (the data are used).
    """

    code: str
    fields: dict[str, Any] = field(default_factory=dict)
    column: str | None = None
    rows: tuple[int, ...] = ()
    count: int = 0
    error: bool = True

    def text(self, lang: str) -> str:
        """The message in ``lang``, with the rows concerned."""
        body = t(f"{NAMESPACE}.msg_{self.code}", lang, **self.fields)
        if not self.rows:
            return body
        rows = t(f"{NAMESPACE}.rows_separator", lang).join(str(r) for r in self.rows)
        more = t(f"{NAMESPACE}.rows_more", lang, n=self.count) if self.count > len(self.rows) else ""
        return t(f"{NAMESPACE}.at_rows", lang, rows=rows, more=more, text=body)


class UploadError(Exception):
    """The file as a whole cannot be used (size, type, encoding, header); carries one :class:`Issue`."""

    def __init__(self, issue: Issue):
        self.issue = issue
        super().__init__(" / ".join(issue.text(lang) for lang in ("zh", "en")))


def text_fields(lang: str) -> dict[str, str]:
    """Numbers the page's texts quote: the confidence level of the intervals and the year of the paper's shares
    (marked when the dashboard infers it), from code constants and data rows."""
    from smedx import figures, formatting

    published = figures.figure("region_dt_share", lang, "east", 2020)
    return {"confidence": formatting.with_unit(CONFIDENCE * 100, "percent", lang, 0),
            "year": figures.year_text(published, lang)}
