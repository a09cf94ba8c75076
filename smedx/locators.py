"""Locators ("§二(一), footnote ⑨", "Table 1", "合肥政策（2024-05-28）: https://…") in the reader's language.

A locator cell is written once, in whichever language its source uses. It is shown by rules, not per-row
translations: structural parts (paragraph, figure, table, footnote, the paper's Chinese section numerals, dates)
are parsed and rendered from locale templates; the remaining words come from the glossary
``data/locator_terms.csv``. URLs are kept as they are and become explicit links in :func:`markdown`.
"""
from __future__ import annotations

import re
from functools import cache

from smedx import datasets, markup
from smedx.i18n import normalise_lang, t

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_NUMERAL = "[一二三四五六七八九十]"


def _arabic(numeral: str) -> str:
    """一 … 十九 as a number ("十二" → "12")."""
    if numeral.startswith("十"):
        return str(10 + _NUMERALS.get(numeral[1:], 0))
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return str(_NUMERALS[tens] * 10 + _NUMERALS.get(ones, 0))
    return str(_NUMERALS[numeral])


# English structure → Chinese (English keeps the text as written)
_FROM_EN: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpara\. (?P<n>\d+)"), "loc_para"),
    (re.compile(r"\bFig\. (?P<n>\d+)"), "loc_figure"),
    (re.compile(r"\bTable (?P<n>\d+)"), "loc_table"),
    (re.compile(r"\bfootnote (?P<n>\(\d+\)|[①-⑳])"), "loc_footnote"),
)
_ITEM = re.compile(rf"第({_NUMERAL}+)(?![年月日号次批])")
_MONTH_END = re.compile(r"(\d{4})年(\d{1,2})月底")
_MONTH = re.compile(r"(\d{4})年(\d{1,2})月")
_SECTION = re.compile(rf"§(?:{_NUMERAL}|[()\d–])+")
# A 《title》 or a document number (财建〔2023〕117号) is a proper name: shown as published in both languages.
_PROPER = re.compile(r"(《[^》]*》|[\u3400-\u9fff]+〔\d{4}〕\d+号)")
_ZH_PUNCTUATION = {"（": " (", "）": ")", "：": ": ", "，": ", ", "；": "; ", "、": ", "}
_EN_PUNCTUATION = {", ": "，", "; ": "；", ": ": "："}
_HAN = "\u3400-\u9fff"


@cache
def _glossary(lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Pattern of the terms to replace when showing ``lang`` and the replacement of each (first row wins)."""
    terms = datasets.locator_terms()
    source, target = ("term_en", "term_zh") if lang == "zh" else ("term_zh", "term_en")
    usable = terms["direction"].isin(["both", f"to_{lang}"])
    mapping: dict[str, str] = {}
    for before, after in zip(terms.loc[usable, source], terms.loc[usable, target], strict=True):
        mapping.setdefault(before, after)
    ordered = sorted(mapping, key=len, reverse=True)  # longest first: "notice text (reprint)" before "notice"
    if lang == "zh":  # English words replace as whole words only ("row" not in "growth" or "row_id")
        alternatives = [rf"(?<![A-Za-z_]){re.escape(term)}(?![A-Za-z_])" for term in ordered]
    else:
        alternatives = [re.escape(term) for term in ordered]
    return re.compile("|".join(alternatives)), mapping


def _to_zh(text: str) -> str:
    pattern, mapping = _glossary("zh")
    for rule, key in _FROM_EN:
        text = rule.sub(lambda m, key=key: t(f"common.{key}", "zh", **m.groupdict()), text)
    text = pattern.sub(lambda m: mapping[m.group(0)], text)
    for before, after in _EN_PUNCTUATION.items():
        text = text.replace(before, after)
    text = re.sub(rf"(?<=[{_HAN}\d）])\s+(?=[{_HAN}（])", "", text)  # no space between Chinese words
    return re.sub(r"\s*([，；：（）])\s*", r"\1", text)


def _to_en(text: str) -> str:
    pattern, mapping = _glossary("en")
    text = pattern.sub(lambda m: f" {mapping[m.group(0)]} ", text)
    text = _SECTION.sub(lambda m: re.sub(f"{_NUMERAL}+", lambda n: _arabic(n.group(0)), m.group(0)), text)
    text = _ITEM.sub(lambda m: f' {t("common.loc_item", "en", n=_arabic(m.group(1)))} ', text)
    text = _MONTH_END.sub(lambda m: t("common.loc_month_end", "en", year=m.group(1),
                                      month=f"{int(m.group(2)):02d}"), text)
    text = _MONTH.sub(lambda m: f"{m.group(1)}-{int(m.group(2)):02d}", text)
    text = re.sub(r"(\d{4})—(\d{4})年", r"\1–\2", text)
    for before, after in _ZH_PUNCTUATION.items():
        text = text.replace(before, after)
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+([),;:])", r"\1", text))
    return re.sub(r"\s{2,}", " ", text)


def _text(text: str, lang: str) -> str:
    """One piece of locator text (no URL) in ``lang``; proper names are kept as published."""
    change = _to_zh if lang == "zh" else _to_en
    parts = _PROPER.split(text)
    shown = "".join(part if _PROPER.fullmatch(part) else change(part) for part in parts)
    return shown.strip() + (" " if text[-1:].isspace() else "")


@cache
def localise(locator: str, lang: str) -> str:
    """``locator`` in ``lang`` as plain text (URLs unchanged)."""
    lang = normalise_lang(lang)
    return "".join(piece if url else _text(piece, lang) for piece, url in markup.split_urls(locator))


@cache
def markdown(locator: str, lang: str) -> str:
    """``locator`` in ``lang`` for a markdown element: text escaped, each URL an explicit link."""
    return markup.linkify(localise(locator, lang))
