"""Source captions built from data rows: which source and which place in it backs each figure."""
from __future__ import annotations

from collections.abc import Iterable
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


def caption(rows: pd.DataFrame | Iterable[dict[str, str]], lang: str) -> str:
    """One line naming every source and locator behind ``rows`` (columns ``source_id``, ``locator``).

    Sources keep the order in which they first appear; locators of one source are joined with "; ".
    """
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(list(rows))
    parts: list[str] = []
    for source_id, group in frame.groupby("source_id", sort=False):
        locators = list(dict.fromkeys(group["locator"].astype(str)))
        parts.append(t("common.source_item", lang, citation=citation(str(source_id), lang),
                       locators="; ".join(locators)))
    return t("common.source_prefix", lang) + t("common.source_separator", lang).join(parts)
