"""Locale files: both languages define the same keys, fields and are valid; lookups behave."""
from __future__ import annotations

import re
import string

import pytest

from smedx import i18n


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_locales_cover_every_key() -> None:
    """zh and en define exactly the same keys."""
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    assert sorted(set(zh) - set(en)) == []
    assert sorted(set(en) - set(zh)) == []


def test_both_locales_use_the_same_format_fields() -> None:
    """A string's {fields} are the same in both languages, so formatting never fails in one of them."""
    zh, en = i18n.catalogue("zh"), i18n.catalogue("en")
    mismatched = [key for key in zh if _fields(zh[key]) != _fields(en[key])]
    assert mismatched == []


def test_chinese_strings_are_chinese() -> None:
    """Page titles in zh contain CJK characters (guards against copying English into the zh file)."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    titles = [k for k in i18n.catalogue("zh") if k.startswith("common.page_")]
    assert titles and all(cjk.search(i18n.t(k, "zh")) for k in titles)


@pytest.mark.parametrize(("raw", "expected"), [("en", "en"), ("EN", "en"), ("zh", "zh"), ("fr", "zh"),
                                                (None, "zh"), ("", "zh"), ("<script>", "zh")])
def test_normalise_lang_falls_back_to_chinese(raw: object, expected: str) -> None:
    """Unknown or malformed ?lang= values fall back to Chinese instead of failing."""
    assert i18n.normalise_lang(raw) == expected


def test_t_formats_fields_and_rejects_unknown_keys() -> None:
    """t() fills fields and raises MissingTranslation for a key no locale has."""
    assert i18n.t("units.percent", "zh", x="32.9") == "32.9%"
    assert i18n.t("units.percent", "en", x="32.9") == "32.9 %"
    with pytest.raises(i18n.MissingTranslation):
        i18n.t("overview.no_such_key", "en")
