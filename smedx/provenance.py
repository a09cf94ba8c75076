"""Source captions built from data rows: which source and which place in it backs each figure."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

from smedx import datasets, locators, markup
from smedx.i18n import normalise_lang, t


@lru_cache(maxsize=4)
def _citations(lang: str) -> dict[str, str]:
    frame = datasets.sources()
    return dict(zip(frame["source_id"], frame[f"citation_{lang}"], strict=True))


def citation(source_id: str, lang: str) -> str:
    """The short citation of ``source_id`` in ``lang`` (raises KeyError for an unknown source)."""
    return _citations(normalise_lang(lang))[source_id]


def _pairs(rows: pd.DataFrame | Iterable[Mapping[str, object]]) -> tuple[tuple[str, str], ...]:
    if isinstance(rows, pd.DataFrame):
        return tuple(zip(rows["source_id"].astype(str), rows["locator"].astype(str), strict=True))
    return tuple((str(row["source_id"]), str(row["locator"])) for row in rows)


def caption(rows: pd.DataFrame | Iterable[Mapping[str, object]], lang: str) -> str:
    """One markdown line naming every source and locator behind ``rows`` (columns ``source_id``, ``locator``),
    in ``lang``: data text escaped, every URL an explicit link (for ``st.caption``/``st.markdown``).

    Sources keep the order in which they first appear; locators of one source are joined with "; ".
    """
    return _caption(_pairs(rows), normalise_lang(lang), True)


def caption_text(rows: pd.DataFrame | Iterable[Mapping[str, object]], lang: str) -> str:
    """:func:`caption` as plain text (for a chart tooltip or a file; URLs written out)."""
    return _caption(_pairs(rows), normalise_lang(lang), False)


@lru_cache(maxsize=512)
def _caption(pairs: tuple[tuple[str, str], ...], lang: str, markdown: bool) -> str:
    by_source: dict[str, dict[str, None]] = {}
    for source_id, locator in pairs:
        by_source.setdefault(source_id, {})[locator] = None
    shown = locators.markdown if markdown else locators.localise
    cite = markup.escape if markdown else str
    separator = t("common.locator_separator", lang)
    parts = [t("common.source_item", lang, citation=cite(citation(source_id, lang)),
               locators=separator.join(shown(locator, lang) for locator in locator_set))
             for source_id, locator_set in by_source.items()]
    return t("common.source_prefix", lang) + t("common.source_separator", lang).join(parts)
