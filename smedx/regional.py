"""Tables behind the regional page (pure pandas; the page only renders them).

The survey reports the share of SMEs that have started digital transformation by NBS region (paper §二(三)1,
2020; percent 0–100), not by province: a province's value on the map is its region's value.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import pandas as pd

from smedx import datasets, geo, locators, provenance
from smedx.figures import Figure, figure, year_text
from smedx.i18n import normalise_lang, t
from smedx.places import region_options

INDICATOR = "region_dt_share"
NATIONAL = ("dt_share_implemented", "CN", 2020)  # the paper's national 2020 figure (§二(一))
BROADBAND: tuple[tuple[str, str], ...] = (("broadband_share_east", "east"), ("broadband_share_west_rural", "west"))


def region_figures(lang: str) -> list[Figure]:
    """The four regional 2020 shares as figures, highest first."""
    figs = [figure(INDICATOR, lang, region) for region in region_options(lang)]
    return sorted(figs, key=lambda f: f.value or 0.0, reverse=True)


def national(lang: str) -> Figure:
    """The paper's national 2020 share (SMEs that implemented a digital-transformation strategy)."""
    indicator, geo_id, year = NATIONAL
    return figure(indicator, lang, geo_id, year)


def region_table(lang: str) -> pd.DataFrame:
    """One row per region: region, name, value (percent), text, source_id, locator; highest first."""
    names = region_options(lang)
    figs = region_figures(lang)
    return pd.DataFrame({
        "region": [f.geo_id for f in figs],
        "name": [names[f.geo_id] for f in figs],
        "value": [f.value for f in figs],
        "text": [f.text for f in figs],
        "source_id": [f.source_id for f in figs],
        "locator": [f.locator for f in figs],
    })


def rates() -> dict[str, float]:
    """Region id → 2020 share (percent), from the same figures the page prints (one path for colours and text)."""
    return {f.geo_id: f.value for f in region_figures("zh") if f.value is not None}


@lru_cache(maxsize=4)
def year_fields(lang: str) -> dict[str, str]:
    """``year`` of the regional shares for titles and texts, marked as inferred (the paper gives none), and
    ``national_year`` of the national reference figure (stated)."""
    return {"year": year_text(region_figures(lang)[0], lang), "national_year": year_text(national(lang), lang)}


def projection_fields() -> dict[str, str]:
    """Standard parallels and central meridian of the maps' China Albers projection, for the export note."""
    south, north = geo.PARALLELS
    return {"south": f"{south:g}", "north": f"{north:g}", "meridian": f"{geo.CENTRAL_MERIDIAN:g}"}


def scale() -> geo.SequentialScale:
    """The colour scale shared by the map, its legend and the Altair twin."""
    return geo.SequentialScale.for_values(list(rates().values()))


def map_features(lang: str, selected: str | None, projected: bool) -> dict[str, Any]:
    """Province features with their region's rate, colour and tooltip text (deck or Altair coordinates)."""
    base = geo.projected("provinces") if projected else geo.provinces_geojson()
    figs = {f.geo_id: f for f in region_figures(lang)}
    source = t("regional.tooltip_source", lang, locator=locators.localise(next(iter(figs.values())).locator, lang))
    return geo.join_rates(
        base, rates(), scale(), lang=normalise_lang(lang), region_names=region_options(lang),
        rate_texts={region: f.text for region, f in figs.items()}, no_data_label=t("common.not_in_survey", lang),
        source_label=source, selected_region=selected,
    )


def province_table(lang: str, region: str | None) -> pd.DataFrame:
    """Provinces (of ``region``, or all 34) with their region and the region's share; not-surveyed units last.

    Columns: adcode, province, region, value (percent or NaN), text, in_survey, source_id, locator.
    """
    lang = normalise_lang(lang)
    names = region_options(lang)
    figs = {f.geo_id: f for f in region_figures(lang)}
    frame = datasets.provinces()
    if region is not None:
        frame = frame[frame["region"].eq(region)]
    rows = []
    for row in frame.to_dict("records"):
        fig = figs.get(row["region"]) if isinstance(row["region"], str) else None
        rows.append({
            "adcode": row["adcode"],
            "province": row[f"name_{lang}"],
            "region": names.get(row["region"], "") if fig else "",
            "value": fig.value if fig else float("nan"),
            "text": fig.text if fig else t("common.not_in_survey", lang),
            "in_survey": bool(row["in_survey"]),
            "source_id": fig.source_id if fig else row["source_id"],
            "locator": fig.locator if fig else row["locator"],
        })
    table = pd.DataFrame(rows)
    return table.sort_values(["in_survey", "value"], ascending=[False, False], kind="stable", ignore_index=True)


def province_display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The side table with localized headers, as shown and downloaded."""
    return pd.DataFrame({
        t("regional.col_province", lang): table["province"],
        t("regional.col_region", lang): table["region"],
        t("regional.col_region_share", lang): table["text"],
    })


def broadband(lang: str) -> list[Figure]:
    """The paper's broadband context figures (east: share of national broadband households; west: share of
    national rural broadband households; year not stated)."""
    return [figure(indicator, lang, region) for indicator, region in BROADBAND]


def region_of_selection(state: Mapping[str, Any] | None) -> str | None:
    """The region of the province clicked on the deck (Streamlit's pydeck selection state), or None."""
    picked = (((state or {}).get("selection") or {}).get("objects") or {}).get("provinces") or []
    if not picked:
        return None
    props = picked[0].get("properties", picked[0])
    region = props.get("region")
    return region if isinstance(region, str) and region else None


# --- page texts (pure strings, cached per language: the data do not change while the app runs) ---------------

def _caption(figures: list[Figure], lang: str) -> str:
    return provenance.caption([{"source_id": f.source_id, "locator": f.locator} for f in figures], lang)


@lru_cache(maxsize=8)
def map_alt(lang: str, key: str = "map_alt") -> str:
    """Text alternative of the choropleth (``map_alt``) or the tile map (``tiles_alt``): every region with its
    share."""
    sep = t("common.source_separator", lang)
    names = region_options(lang)
    return t(f"regional.{key}", lang,
             values=sep.join(f"{names[f.geo_id]} {f.text}" for f in region_figures(lang)))


def province_codes(region: str | None) -> frozenset[str] | None:
    """Adcodes of the provinces of ``region`` (None: no region chosen)."""
    if region is None:
        return None
    frame = datasets.provinces()
    return frozenset(frame.loc[frame["region"].eq(region), "adcode"])


def region_of_province(adcode: str) -> str | None:
    """The NBS region of a province (None for units outside the survey or an unknown adcode)."""
    regions = datasets.provinces().set_index("adcode")["region"]
    region = regions.get(adcode)
    return region if isinstance(region, str) else None


@lru_cache(maxsize=4)
def bars_source(lang: str) -> str:
    """Source caption of the region bars and the national line."""
    return _caption([*region_figures(lang), national(lang)], lang)


@lru_cache(maxsize=4)
def broadband_source(lang: str) -> str:
    """Source caption of the broadband figures."""
    return _caption(broadband(lang), lang)


@lru_cache(maxsize=4)
def table_source(lang: str) -> str:
    """Source caption of the province table (the regional shares)."""
    return _caption(region_figures(lang), lang)
