"""Source captions built from data rows: which source and which place in it backs each figure."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

import pandas as pd

from smedx import datasets
from smedx.i18n import normalise_lang, t


@lru_cache(maxsize=4)
def _citations(lang: str) -> dict[str, str]:
    frame = datasets.sources()
    return dict(zip(frame["source_id"], frame[f"citation_{lang}"], strict=True))


def citation(source_id: str, lang: str) -> str:
    """The short citation of ``source_id`` in ``lang`` (raises KeyError for an unknown source)."""
    return _citations(normalise_lang(lang))[source_id]


def caption(rows: pd.DataFrame | Iterable[Mapping[str, object]], lang: str) -> str:
    """One line naming every source and locator behind ``rows`` (columns ``source_id``, ``locator``).

    Sources keep the order in which they first appear; locators of one source are joined with "; ".
    """
    if isinstance(rows, pd.DataFrame):
        pairs = tuple(zip(rows["source_id"].astype(str), rows["locator"].astype(str), strict=True))
    else:
        pairs = tuple((str(row["source_id"]), str(row["locator"])) for row in rows)
    return _caption(pairs, normalise_lang(lang))


@lru_cache(maxsize=512)
def _caption(pairs: tuple[tuple[str, str], ...], lang: str) -> str:
    by_source: dict[str, dict[str, None]] = {}
    for source_id, locator in pairs:
        by_source.setdefault(source_id, {})[locator] = None
    parts = [t("common.source_item", lang, citation=citation(source_id, lang), locators="; ".join(locators))
             for source_id, locators in by_source.items()]
    return t("common.source_prefix", lang) + t("common.source_separator", lang).join(parts)
