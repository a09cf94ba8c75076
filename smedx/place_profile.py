"""One place (a province or a city) as the dashboard knows it: resolve ``?place=<adcode>``, search by name, and the
smallest model unit that contains the place (pure Python, no streamlit; the texts are in
:mod:`smedx.place_sections`).

Places: the 34 provincial units of ``data/provinces.csv`` and the cities of ``geo/cities.csv`` (cluster members of
``data/cluster_members.csv`` and pilot cities of ``data/pilot_cities.csv``). A municipality (北京, 天津, 上海, 重庆)
is both a province and a city with the same adcode: it resolves to the province, which carries the city's facts.
An unknown code resolves to ``None`` (the page says "no such place"), never to a default place.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from smedx import datasets, geo, names
from smedx.i18n import normalise_lang
from smedx.model.baseline import load_units
from smedx.tracker import reference

ADCODE = re.compile(r"\d{6}")
MAX_QUERY = 60  # characters of a search or a ?place= value looked at; longer input is cut before any lookup


@dataclass(frozen=True)
class Place:
    """A province or city. ``region`` is None outside the survey (Hong Kong, Macao, Taiwan); ``cluster`` is the
    city cluster the place (or, for a district, its municipality) belongs to; ``city`` is the adcode under which
    the paper and the model know the place as a city: itself, the municipality of a district, or None."""

    adcode: str
    level: str  # "province" or "city"
    name_zh: str
    name_en: str
    province: str  # the province's adcode (the place itself for a province)
    region: str | None
    cluster: str | None
    cluster_partial: bool
    municipality: bool  # a province-level municipality (also a city)
    city: str | None

    def name(self, lang: str) -> str:
        """The place's name in ``lang``."""
        return self.name_en if normalise_lang(lang) == "en" else self.name_zh


def _text(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)


@lru_cache(maxsize=1)
def _members() -> dict[str, dict[str, object]]:
    return {str(row["adcode"]): row for row in datasets.cluster_members().to_dict("records")}


@lru_cache(maxsize=1)
def _provinces() -> dict[str, dict[str, object]]:
    return {str(row["adcode"]): row for row in datasets.provinces().to_dict("records")}


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict[str, object]]:
    return {str(row["adcode"]): row for row in geo.cities().to_dict("records")}


def _cluster(adcode: str, municipality_city: str | None) -> tuple[str | None, bool]:
    """The cluster of a city: its own member row, else its pilot row's cluster, else its municipality's."""
    member = _members().get(adcode)
    if member is not None:
        return str(member["cluster"]), bool(member["partial"])
    if adcode in reference.cities()["adcode"].values:
        ids = reference.cluster_ids(reference.city(adcode)["clusters"])
        if ids:
            return ids[0], False
    if municipality_city is not None and municipality_city in _members():
        return _cluster(municipality_city, None)
    return None, False


@lru_cache(maxsize=256)
def resolve(code: object) -> Place | None:
    """The place with adcode ``code`` (a province first, then a city), or None for anything else."""
    text = str(code or "").strip()[:MAX_QUERY]
    if not ADCODE.fullmatch(text):
        return None
    province = _provinces().get(text)
    if province is not None:
        municipality = names.municipality_city(text) is not None
        cluster, partial = _cluster(text, None) if municipality else (None, False)
        return Place(text, "province", str(province["name_zh"]), str(province["name_en"]), text,
                     _text(province["region"]), cluster, partial, municipality, text if municipality else None)
    city = _cities().get(text)
    if city is None:
        return None
    parent = _provinces()[str(city["province_adcode"])]
    municipality_city = names.municipality_city(str(city["province_adcode"]))
    cluster, partial = _cluster(text, municipality_city)
    return Place(text, "city", str(city["name_zh"]), str(city["name_en"]), str(city["province_adcode"]),
                 _text(parent["region"]), cluster, partial, False, municipality_city or text)


@dataclass(frozen=True)
class Search:
    """What a typed name finds: the places it names (several for e.g. Taizhou), else the nearest known places."""

    query: str
    found: tuple[Place, ...]
    suggested: tuple[Place, ...]


@lru_cache(maxsize=256)
def search(query: str) -> Search:
    """Places named by ``query``: an adcode, a Chinese name (simplified or traditional), pinyin or English.

    Cities and provinces are both searched; a municipality found as both is one place."""
    text = str(query).strip()[:MAX_QUERY]
    if not text:
        return Search(text, (), ())
    codes = names.cities().candidates(text) | names.provinces().candidates(text)
    found = tuple(p for p in (resolve(c) for c in sorted(codes)) if p is not None)
    if found:
        return Search(text, found, ())
    nearest = max((names.cities().nearest(text), names.provinces().nearest(text)), key=lambda pair: pair[0])
    return Search(text, (), tuple(p for p in (resolve(c) for c in nearest[1]) if p is not None))


def model_unit(place: Place) -> tuple[str, str] | None:
    """(geo_level, geo_id) of the smallest what-if model unit containing the place: its first-tier city unit (the
    city itself or a district's municipality, when the paper gives it a value), else its cluster, else its
    region; None outside the survey."""
    units = set(zip(load_units().geo_level, load_units().geo_id, strict=True))
    candidates = (("city", place.city), ("cluster", place.cluster), ("region", place.region))
    return next(((level, geo_id) for level, geo_id in candidates if (level, geo_id) in units), None)


def contained_cities(place: Place) -> tuple[str, ...]:
    """Adcodes of the known cities in a province (its districts for a municipality), in table order."""
    return tuple(code for code, row in _cities().items()
                 if str(row["province_adcode"]) == place.province and code != place.adcode)


def pilot_cities(place: Place) -> tuple[str, ...]:
    """Adcodes of the identified pilot cities in a province (a municipality's pilot districts), in list order."""
    pilots = reference.cities()
    return tuple(pilots.loc[pilots["province_adcode"].eq(place.province), "adcode"])


def picked_adcode(state: Mapping[str, Any] | None) -> str | None:
    """The adcode of the province or city tapped on a pydeck map: Streamlit's selection state (``on_select``) of
    any layer whose objects carry an ``adcode`` (as GeoJSON properties or as a point's field); None when nothing
    picked is a place."""
    objects = ((state or {}).get("selection") or {}).get("objects") or {}
    for picked in objects.values():
        for obj in picked or ():
            fields = obj.get("properties", obj) if isinstance(obj, Mapping) else {}
            adcode = fields.get("adcode") if isinstance(fields, Mapping) else None
            if resolve(adcode) is not None:
                return str(adcode)
    return None
