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


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key defined twice in one mapping (plain YAML keeps the last silently)."""


def _unique_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode) -> dict[object, object]:
    seen: set[object] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise ValueError(f"{node.start_mark.name}: key {key!r} is defined twice (line {line})")
        seen.add(key)
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def load_strings(text: str, name: str = "<string>") -> dict[str, object]:
    """Parse one locale file's YAML text; a duplicate key is an error naming the key and line."""
    loader = _UniqueKeyLoader(text)
    loader.name = name
    try:
        return loader.get_single_data() or {}
    finally:
        loader.dispose()


def normalise_lang(value: object) -> str:
    """Return a supported language code; anything unknown falls back to Chinese."""
    text = str(value or "").strip().lower()
    return text if text in LANGS else DEFAULT_LANG


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language, keyed ``namespace.name`` (read once per process)."""
    strings: dict[str, str] = {}
    for path in sorted((LOCALE_DIR / lang).glob("*.yaml")):
        data = load_strings(path.read_text(encoding="utf-8"), str(path))
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


