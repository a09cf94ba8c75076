"""Province and city names as people write them → adcodes (used by the place profile's search and the my-data
upload checks).

Understood: adcodes (6 digits; provinces also by their 2-digit prefix), Chinese names with or without 省/市/
自治区…, traditional characters (廣東, 瀋陽; converted with OpenCC ``t2s``), English names and pinyin with or
without tones, spaces or suffixes (Guangdong, guang dong sheng, Guǎngdōng, Neimenggu). Where English and pinyin
collide (山西 Shanxi vs 陕西 pinyin "shanxi") the official English spelling wins (陕西 = Shaanxi). Unknown names get
the nearest known name as a suggestion (difflib). Provinces: ``data/provinces.csv``; cities: the cities the app
knows (``geo/cities.csv``: cluster members and pilot cities).
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import pandas as pd

from smedx import datasets, geo

PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "省", "市")
CITY_SUFFIXES = ("回族自治州", "自治州", "新区", "地区", "盟", "市", "区", "州")
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
LATIN_SUFFIXES = ("autonomousregion", "specialadministrativeregion", "province", "municipality", "sar", "city",
                  "zizhiqu", "sheng", "shi", "zhuang", "hui", "uygur", "uyghur")


@cache
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@cache
def _pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text))


def normalise(text: object) -> str:
    """A name compared loosely: simplified characters, NFKC, lower case, no tone marks, spaces or punctuation."""
    folded = unicodedata.normalize("NFKC", str(text)).strip()
    if re.search(r"[\u3400-\u9fff]", folded):
        folded = _t2s().convert(folded)
    stripped = "".join(c for c in unicodedata.normalize("NFD", folded) if not unicodedata.combining(c))
    return re.sub(r"[\s\-_'’·.,()（）]", "", unicodedata.normalize("NFC", stripped).lower())


def _strip_suffixes(name: str, suffixes: Iterable[str]) -> set[str]:
    names = {name}
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            names.add(name[: -len(suffix)])
    return names


def _latin_keys(name_en: str) -> set[str]:
    """Guangdong → guangdong; "Tibet (Xizang)" → tibetxizang, tibet, xizang; "Taizhou (Jiangsu)" → taizhou…"""
    keys = {normalise(name_en), normalise(re.sub(r"\(.*?\)", "", name_en))}
    keys |= {normalise(inner) for inner in re.findall(r"\((.*?)\)", name_en)}
    for key in list(keys):
        for suffix in LATIN_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 2:
                keys.add(key[: -len(suffix)])
    return {k for k in keys if k}


def _chinese_keys(name_zh: str, suffixes: Iterable[str]) -> set[str]:
    names = {name_zh}
    for prefix in MUNICIPALITIES:  # 上海市浦东新区 → 浦东新区
        if name_zh.startswith(prefix) and len(name_zh) > len(prefix):
            names.add(name_zh[len(prefix):])
    for name in list(names):
        names |= _strip_suffixes(name, suffixes)
    if "市" in suffixes:  # cities are listed as 沈阳: 沈阳市 names it too
        names |= {n + "市" for n in names if not n.endswith(("市", "区", "县", "盟", "地区", "自治州"))}
    return {normalise(n) for n in names}


class NameIndex:
    """Resolves names or codes of one kind of place to adcodes; ``display`` gives the Chinese name of a code,
    ``parent`` its province's adcode (cities only)."""

    def __init__(self, frame: pd.DataFrame, suffixes: Iterable[str], short_codes: bool = False,
                 parent_column: str | None = None):
        suffixes = tuple(suffixes)
        self.parent: dict[str, str] = (dict(zip(frame["adcode"], frame[parent_column], strict=True))
                                       if parent_column else {})
        self.display: dict[str, str] = dict(zip(frame["adcode"], frame["name_zh"], strict=True))
        self.english: dict[str, str] = dict(zip(frame["adcode"], frame["name_en"], strict=True))
        self.keys: dict[str, set[str]] = {}
        rows = frame.to_dict("records")
        # Order matters only within one key: codes and Chinese, then English, then generated pinyin.
        for row in rows:
            self._add({row["adcode"], *_chinese_keys(row["name_zh"], suffixes)}, row["adcode"])
            if short_codes:
                self._add({row["adcode"][:2]}, row["adcode"])
        for row in rows:
            self._add(_latin_keys(row["name_en"]), row["adcode"])
        taken = set(self.keys)
        for row in rows:
            chinese = {n for n in _chinese_keys(row["name_zh"], suffixes) if re.search(r"[\u4e00-\u9fff]", n)}
            self._add({_pinyin(n) for n in chinese} - taken, row["adcode"])

    def _add(self, keys: Iterable[str], adcode: str) -> None:
        for k in keys:
            self.keys.setdefault(k, set()).add(adcode)

    def candidates(self, value: object) -> set[str]:
        """Every adcode the value may name (several for an ambiguous name such as Taizhou)."""
        text = str(value).strip()
        if re.fullmatch(r"\d+(\.0+)?", text):
            text = text.split(".")[0]
        key = normalise(text)
        while key not in self.keys:  # "Guangxi Zhuang Autonomous Region" → guangxizhuang → guangxi
            shorter = next((key[: -len(s)] for s in LATIN_SUFFIXES if key.endswith(s) and len(key) > len(s) + 2),
                           None)
            if shorter is None:
                return set()
            key = shorter
        return set(self.keys[key])

    def nearest(self, value: object) -> tuple[float, tuple[str, ...]]:
        """The adcodes of the nearest known name (sorted) with its similarity (0–1); (0.0, ()) when none is
        close."""
        key = normalise(value)
        close = difflib.get_close_matches(key, list(self.keys), n=1, cutoff=0.6)
        if not close:
            return 0.0, ()
        return difflib.SequenceMatcher(None, key, close[0]).ratio(), tuple(sorted(self.keys[close[0]]))

    def suggest(self, value: object) -> str | None:
        """The nearest known name, as "中文名 (English)", or None."""
        codes = self.nearest(value)[1]
        if not codes:
            return None
        return " / ".join(f"{self.display[c]} ({self.english[c]})" for c in codes)


@lru_cache(maxsize=1)
def provinces() -> NameIndex:
    """The 34 provincial units (built once per process; read-only)."""
    return NameIndex(datasets.provinces(), PROVINCE_SUFFIXES, short_codes=True)


@lru_cache(maxsize=1)
def cities() -> NameIndex:
    """The cities the app knows, with their province (``parent``)."""
    return NameIndex(geo.cities(), CITY_SUFFIXES, parent_column="province_adcode")


def municipality_city(province_adcode: str) -> str | None:
    """The city adcode of a province-level municipality (Beijing, Tianjin, Shanghai, Chongqing), else None."""
    name = provinces().display.get(province_adcode, "")
    return province_adcode if name in MUNICIPALITIES else None
