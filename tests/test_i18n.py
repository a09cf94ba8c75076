"""Locale files: both languages define the same keys, fields and are valid; lookups behave."""
from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from smedx import i18n
from smedx.paths import LOCALE_DIR, ROOT


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


# --- numbers and keys in the locale files ------------------------------------------------------------------

# Digits that are names, not figures: each pattern is removed before the check. Extend with a reason.
ALLOWED_DIGITS: dict[str, str] = {
    "document number": r"〔\d{4}〕\d+号",
    "document number, English": r"\[\d{4}\] No\. \d+",
    "unit name (zh 每万家)": r"per 10,000",
    "disease name": r"COVID-19",
    "adcode example of the upload format": r"440000(或| or )44",
    "coded values of the upload format (weights, yes/no, y)": r"1 / 0|y ?= ?1|权重为1|均为1|weighs 1|1 for every firm|"
                                                              r"大于0|greater than 0",
    "the paper's figure or table": r"(Fig\.|Table|图|表)\s?\d+",
    "encoding name": r"UTF-8|GB18030",
    "URL parameter": r"brief=1",
    "batch name": r"\b[Bb]atch \d( or \d)?\b",
    "digital level name": r"\b[Ll]evel[- ]\d\+?",
    "survey name": r"10,000 private enterprises",
    "format example": r"(e\.g\. |如 )\d{4}-\d{2}",
}
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_DIGIT = re.compile(r"[0-9０-９]")


def _locale_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/*.yaml"))


def digits_outside_placeholders(text: str, allowed: dict[str, str] = ALLOWED_DIGITS) -> list[str]:
    """The digits of ``text`` that are neither in a ``{placeholder}`` nor in an allowed name."""
    bare = _PLACEHOLDER.sub("", text)
    for pattern in allowed.values():
        bare = re.sub(pattern, "", bare)
    return _DIGIT.findall(bare)


def test_no_number_is_typed_into_a_locale_string() -> None:
    """Figures and years come from data rows or code constants through placeholders, never typed into text."""
    offenders = [f"{path.parent.name}/{path.name}: {key}"
                 for path in _locale_files()
                 for key, text in i18n.load_strings(path.read_text(encoding="utf-8"), str(path)).items()
                 if digits_outside_placeholders(str(text))]
    assert offenders == []


def test_the_digit_check_can_fail() -> None:
    assert digits_outside_placeholders("2020年：{x}") == ["2", "0", "2", "0"]
    assert digits_outside_placeholders("财建〔2023〕117号，{year}年，论文表1") == []


def test_a_key_defined_twice_is_an_error() -> None:
    """YAML keeps the last of two equal keys silently; the loader refuses it and names key and line."""
    with pytest.raises(ValueError, match=r"'col_target_firms' is defined twice \(line 3\)"):
        i18n.load_strings("col_target_firms: a\nother: b\ncol_target_firms: c\n", "tracker.yaml")


def _code_strings() -> tuple[set[str], set[str]]:
    """String constants of the code (plus the constant pieces of f-strings) and prefixes a key is built from
    (an f-string's or a concatenation's leading constant ending in "_")."""
    literals: set[str] = set()
    prefixes: set[str] = set()
    files = [*(ROOT / "smedx").rglob("*.py"), *(ROOT / "pages").glob("*.py"), ROOT / "streamlit_app.py"]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
                if node.value.endswith("_") and "." in node.value:  # a key prefix handed on ("clusters.sort_")
                    prefixes.add(node.value.rsplit(".", 1)[-1])
            elif isinstance(node, ast.JoinedStr):
                pieces = [v.value for v in node.values if isinstance(v, ast.Constant)]
                literals |= {p.lstrip(".") for p in pieces}
                prefixes |= {p.rsplit(".", 1)[-1] for p in pieces if p.endswith("_")}
            elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) and \
                    isinstance(node.left.value, str) and node.left.value.endswith("_"):
                prefixes.add(node.left.value)
    return literals, prefixes


def test_every_locale_key_is_read_by_the_code() -> None:
    """No unread keys: each key appears in the code, or is a prefix the code builds it from plus a name the
    code holds (e.g. f"kind_{k}" with "point" in KINDS)."""
    literals, prefixes = _code_strings()
    unread = []
    for path in _locale_files():
        for name in i18n.load_strings(path.read_text(encoding="utf-8"), str(path)):
            key = f"{path.stem}.{name}"
            built = any(name.startswith(p) and name[len(p):].removesuffix("_help").replace("_inf", "-inf")
                        in literals | {str(i) for i in range(10)} for p in prefixes)
            if key not in literals and name not in literals and not built:
                unread.append(key)
    assert sorted(set(unread)) == []
