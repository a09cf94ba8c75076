"""Resolving what an editor typed in a city cell to a pilot city's adcode, and suggesting the nearest name.

Accepted: the adcode (also as Excel text, ``'350100``), the Chinese name with or without 市/区/州 (上海市浦东新区,
浦东新区, 浦东; 昌吉回族自治州, 昌吉州, 昌吉), traditional spellings (廈門市, 瀋陽: the traditional forms of the
characters in the pilot cities' names, ``TRADITIONAL``) and the English name in any case, with or without
spaces, apostrophes or the province qualifier (``Fuzhou``, ``fuzhou (fujian)``, ``Xian``). Suggestions compare
pinyin spellings that start with the same letter first, so ``Fuzou`` suggests 福州市, never 苏州市.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

import pandas as pd

# Traditional → simplified for every character of the pilot cities' names that has a traditional form.
TRADITIONAL = str.maketrans("東鄉區廈寧島廣慶無漢瀋濟溫綿蕪蘇營許連鄭鄲銀錫長門陽順義縣",
                            "东乡区厦宁岛广庆无汉沈济温绵芜苏营许连郑郸银锡长门阳顺义县")
_SUFFIXES = ("回族自治州", "自治州", "新区", "市", "区", "州")
_MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
_QUALIFIER = re.compile(r"\s*\(.*?\)\s*")


def short_names(name_zh: str) -> set[str]:
    """上海市浦东新区 → 浦东新区, 浦东; 沈阳市 → 沈阳; 昌吉回族自治州 → 昌吉州, 昌吉."""
    names = {name_zh}
    for prefix in _MUNICIPALITIES:
        if name_zh.startswith(prefix) and len(name_zh) > len(prefix):
            names.add(name_zh[len(prefix):])
    for name in list(names):
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                base = name[: -len(suffix)]
                names |= {base, base + "州"} if suffix.endswith("自治州") else {base}
    return names


def latin_key(text: str) -> str:
    """``Xi'an`` → ``xian``; ``Fuzhou (Fujian)`` → ``fuzhou``; ``Shanghai Songjiang District`` → unchanged
    letters only."""
    return re.sub(r"[^a-z0-9]", "", _QUALIFIER.sub(" ", text).lower())


def _english_keys(name_en: str) -> set[str]:
    plain = name_en.lower()
    variants = {plain, _QUALIFIER.sub(" ", plain).strip(), plain.removesuffix(" district"),
                plain.replace(" new area", ""), plain.replace(" autonomous prefecture", "")}
    variants |= {v.replace(" hui", "") for v in variants}
    return variants | {latin_key(v) for v in variants} | {re.sub(r"[^a-z0-9]", "", plain)}


def normalise(value: str) -> str:
    """NFKC (full-width letters and digits), blanks and an Excel text apostrophe removed, traditional → simplified."""
    text = unicodedata.normalize("NFKC", value).strip().removeprefix("'").strip()
    return text.translate(TRADITIONAL)


class CityIndex:
    """Resolves a city cell to an adcode (see the module docstring); ``caps`` are the reward caps in 亿元."""

    def __init__(self, cities: pd.DataFrame):
        self.by_key: dict[str, str] = {}
        self.display: dict[str, str] = {}
        for row in cities.itertuples():
            self.display[row.adcode] = row.name_zh
            for key in {row.adcode} | _english_keys(row.name_en) | short_names(row.name_zh):
                self.by_key.setdefault(key, row.adcode)
        self.caps = dict(zip(cities["adcode"], cities["award_cap_yi"].astype(float), strict=True))

    def resolve(self, value: str) -> str | None:
        key = normalise(value)
        return self.by_key.get(key) or self.by_key.get(key.lower()) or self.by_key.get(latin_key(key))

    def suggest(self, value: str) -> str | None:
        """The closest known name, shown as the pilot city's Chinese name (``None`` if nothing is close)."""
        key = normalise(value)
        latin = key.isascii()
        wanted = latin_key(key) if latin else key
        if not wanted:
            return None
        names = [k for k in self.by_key if k.isascii() == latin and not k.isdigit()]
        same_start = [k for k in names if k[:1] == wanted[:1]]
        for pool in (same_start, names):
            close = difflib.get_close_matches(wanted, pool, n=1, cutoff=0.6)
            if close:
                return self.display[self.by_key[close[0]]]
        return None
