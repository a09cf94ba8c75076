"""The province tile map's layout and rows (pure pandas; the chart is :mod:`smedx.charts.tiles`).

Every provincial unit is one equal square on a grid that keeps the country's rough shape (``geo/tiles.csv``:
``adcode,row,col,short_zh,code``; row 0 is the north, col 0 the west). The layout is drawn by the project after
the common tile-grid map convention (one equal cell per unit, placed near its geographic position, neighbours
kept adjacent where the grid allows); it holds no figures. ``code`` is the unit's ISO 3166-2:CN subdivision code
(without ``CN-``), the tile's label in English; ``short_zh`` its usual short Chinese name. No projection, no
boundaries: a deployment that may not publish a boundary map can show tiles only (:func:`maps_setting`).
"""
from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd
import pandera.pandas as pa

from smedx.paths import GEO_DIR
from smedx.schemas import ADCODE, TEXT, text_column
from smedx.tables import read_table

TILES = pa.DataFrameSchema(
    {
        "adcode": text_column(False, ADCODE),
        "row": pa.Column(int, pa.Check.in_range(0, 20), coerce=True),
        "col": pa.Column(int, pa.Check.in_range(0, 20), coerce=True),
        "short_zh": text_column(False, TEXT),
        "code": text_column(False, pa.Check.str_matches(r"^[A-Z]{2}$")),
    },
    strict=True,
    unique=["adcode"],
)

TILES_ONLY = "tiles"  # the setting's value that hides the boundary maps
BOTH = "both"
MODES = ("tiles", "boundary")  # tile map first: the default
ENV_MAPS = "SMEDX_MAPS"
NO_VALUE = "—"


@cache
def layout() -> pd.DataFrame:
    """The tile layout (``geo/tiles.csv``), validated; shared, read-only."""
    return read_table("tiles.csv", TILES, directory=GEO_DIR)


def tile_label(row: Mapping[str, Any], lang: str) -> str:
    """The short label printed on a tile: the short Chinese name, or the ISO 3166-2 code in English."""
    return str(row["code"] if lang == "en" else row["short_zh"])


def tile_rows(table: pd.DataFrame, lang: str, selected: Collection[str] | None = None) -> list[dict[str, Any]]:
    """One record per tile: the layout joined with ``table`` (one row per province, by ``adcode``; its columns
    ``province`` (name), ``text`` (the value as printed) and ``value`` (number or NaN, for the colour)).

    ``short`` is what the tile prints: ``text``, or a dash for a unit without a value (the tooltip keeps
    ``text``, e.g. "not in the survey"). A tile is ``selected`` when its adcode is in ``selected`` (with no
    selection, every tile is). Provinces missing from ``table`` get an empty text and no value.
    """
    by_code = table.set_index("adcode").to_dict("index")
    rows = []
    for tile in layout().to_dict("records"):
        data = by_code.get(tile["adcode"], {})
        value = data.get("value")
        value = None if value is None or pd.isna(value) else float(value)
        text = str(data.get("text", ""))
        rows.append({
            "adcode": tile["adcode"], "row": tile["row"], "col": tile["col"],
            "label": tile_label(tile, lang), "name": data.get("province", ""), "text": text,
            "short": text if value is not None else NO_VALUE, "value": value,
            "selected": selected is None or tile["adcode"] in selected,
        })
    return rows


def counts_table(adcodes: Sequence[str], names: Mapping[str, str]) -> pd.DataFrame:
    """Rows for :func:`tile_rows` counting ``adcodes`` (one entry per item, e.g. per pilot city) by province:
    ``adcode``, ``province`` (from ``names``: adcode → name, every province), ``value`` (count) and ``text``."""
    counts = pd.Series(list(adcodes), dtype=object).value_counts()
    return pd.DataFrame({"adcode": list(names), "province": list(names.values()),
                         "value": [int(counts.get(code, 0)) for code in names],
                         "text": [str(int(counts.get(code, 0))) for code in names]})


def maps_setting(secrets: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None) -> str:
    """Which maps a deployment shows: ``"tiles"`` (tile maps only) when Streamlit secrets say
    ``[smedx] maps = "tiles"`` or the environment ``SMEDX_MAPS=tiles``; else ``"both"`` (secrets first)."""
    environ = os.environ if environ is None else environ
    section = (secrets or {}).get("smedx") or {}
    value = section.get("maps") if isinstance(section, Mapping) else None
    value = str(value or environ.get(ENV_MAPS, "")).strip().lower()
    return TILES_ONLY if value == TILES_ONLY else BOTH


def selected_adcode(state: Mapping[str, Any] | None, param: str) -> str | None:
    """The adcode of the tile tapped on the tile map (Streamlit's Altair selection state), or None."""
    points = (((state or {}).get("selection") or {}).get(param)) or []
    if not points or not isinstance(points, list):
        return None
    adcode = points[0].get("adcode") if isinstance(points[0], Mapping) else None
    return adcode if isinstance(adcode, str) and adcode.isdigit() else None
