"""UI strings from locale files: ``smedx/locales/<lang>/<namespace>.yaml``.

A key is ``"<namespace>.<name>"``, e.g. ``"overview.title"``. Each namespace file is a flat
mapping of name → string; strings may hold ``str.format`` fields (``{year}``). Chinese (``zh``)
is the default language; English (``en``) is the switch.
"""
from __future__ import annotations

from functools import cache

import yaml

from smedx.paths import LOCALE_DIR

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"


class MissingTranslation(KeyError):
    """A key that a locale does not define."""


def normalise_lang(value: object) -> str:
    """Return a supported language code; anything unknown falls back to Chinese."""
    text = str(value or "").strip().lower()
    return text if text in LANGS else DEFAULT_LANG


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed ``namespace.name`` (read once per process)."""
    strings: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for name, text in data.items():
            if not isinstance(text, str):
                raise ValueError(f"{path}: key {name!r} must map to a string")
            strings[f"{path.stem}.{name}"] = text
    return strings


def t(key: str, lang: str, **fields: object) -> str:
    """Translate ``key`` into ``lang``, filling ``{fields}``; raise if the key is missing."""
    try:
        text = catalogue(normalise_lang(lang))[key]
    except KeyError as exc:
        raise MissingTranslation(f"{key!r} is not in locale {lang!r}") from exc
    return text.format(**fields) if fields else text


def pick(row: object, field: str, lang: str) -> str:
    """Return ``row[field_zh]`` or ``row[field_en]`` for a data row (dict or Series)."""
    return str(row[f"{field}_{normalise_lang(lang)}"])  # type: ignore[index]
