"""The one URL registry: every query parameter of every page with its parse, format and default.

A link holds ids and numbers, never labels (``?region=west``, ``?ft_sort=name``, ``?wi_unit=west``), so it reopens
the same view in either language. Labels of both languages are still read (old links held them). A value that
cannot be read gives a :class:`Note` the page shows next to the control — never a silent default. ``v`` is the
link format's version (absent in old links, read as version 1).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial
from typing import Any
from urllib.parse import urlencode

from smedx import clusters, overview, place_profile, places, tiles, whatif
from smedx.i18n import DEFAULT_LANG, t
from smedx.model.baseline import load_units
from smedx.model.params import load_spec, snap
from smedx.mydata import aggregate
from smedx.tracker import reference
from smedx.tracker import view as tracker_view
from smedx.urlkeys import Choice, Key, Multi, Note, Number, Options, PilotCity, Place, Range, Text, TextList

__all__ = ["PAGES", "TABS", "VERSION", "Choice", "Key", "Multi", "Note", "canonical", "format_query", "key", "link",
           "page_keys", "parse"]

VERSION = "1"
VERSION_KEY = "v"
BRIEF_ALIAS = "brief"  # the first briefing-mode links: ?brief=1 (read as ?mode=brief)
LANG_NAMES = {"zh": "中文", "en": "English"}
#: The app's pages in navigation order (their URL paths).
PAGES = ("overview", "regional", "clusters", "tracker", "whatif", "place", "mydata", "sources")
#: Tab ids of the pages with tabs (labels: ``<namespace>.view_<id>``).
TABS = {
    "clusters": ("clusters", "cities", "industries"),
    "tracker": ("map", "table", "city", "data", "programme"),
    "whatif": ("results", "compare", "sensitivity", "reproduce", "limits"),
}


# ------------------------------------------------------------------ option lists (id -> label, per language)

def _labelled(ids: Sequence[Any], key: Callable[[Any], str]) -> Options:
    return cache(lambda lang: {ident: t(key(ident), lang) for ident in ids})


@cache
def _pilot_cities(lang: str) -> dict[str, str]:
    cities = reference.cities()
    return dict(zip(cities["adcode"], cities[f"name_{lang}"], strict=True))


@cache
def _pilot_provinces(lang: str) -> dict[str, str]:
    codes = sorted(set(reference.cities()["province_adcode"]))
    return {code: place.name(lang) for code in codes if (place := place_profile.resolve(code)) is not None}


@cache
def _units(lang: str) -> dict[str, str]:
    units = load_units()
    return {g: whatif.unit_name(level, g, lang) for level, g in zip(units.geo_level, units.geo_id, strict=True)}


def _ids(name: str, ids: Sequence[Any], prefix: str, **kwargs: Any) -> Choice:
    """A choice among ``ids`` (the first is the default) labelled ``<prefix><id>``."""
    return Choice(name, ids[0], options=_labelled(ids, lambda v: f"{prefix}{v}"), **kwargs)


def _tabs(page: str, key: str = "view") -> Choice:
    return _ids(key, TABS[page], f"{page}.view_", state=f"_{page}_tab")


def _map_mode() -> Choice:
    """The regional and tracker pages' map (``tiles`` or ``boundary``); absent: the browser's hint (a phone's
    User-Agent opens the tile map), so the default is not a fixed id."""
    return Choice("map", "auto", options=_labelled(tiles.MODES, lambda mode: f"common.map_mode_{mode}"))


def _year_snap(value: float) -> float:
    first, last = overview.timeline_years()
    return float(min(max(round(value), first), last))


def _whatif_params() -> list[Key]:
    keys: list[Key] = []
    for param in load_spec().params.values():
        grid = partial(snap, param=param)
        if param.kind == "lever":
            from smedx.model.programme import preset_levers  # the levers' defaults: the programme as announced
            default = preset_levers(load_spec(), "as_announced")[param.id]
            integer = bool(param.options) or param.unit == "year"
            keys.append(Number(param.id, int(default) if integer else default, lo=param.min, hi=param.max,
                               snap=grid, integer=integer))
        else:
            lo, hi = param.default  # type: ignore[misc]
            keys.append(Range(param.id, (lo, hi), lo=param.min, hi=param.max, snap=grid))
    return keys


def _shell_keys() -> list[Key]:
    return [
        Choice("lang", DEFAULT_LANG, options=lambda lang: LANG_NAMES),
        _ids("mode", ("normal", "brief"), "share.mode_", state="brief"),  # the briefing toggle holds a bool
    ]


@cache
def page_keys(page: str) -> tuple[Key, ...]:
    """Every parameter of ``page`` (the shell's ``lang`` and ``mode`` first)."""
    first, last = overview.timeline_years()
    tracker_filters = {
        "batch": _labelled((1, 2, 3, 0), lambda b: f"tracker.batch_{b}" if b else "tracker.batch_unknown"),
        "region": places.region_options, "cluster": places.cluster_options, "province": _pilot_provinces,
        "status": _labelled(tracker_view.STATUS_ORDER, lambda s: f"tracker.status_{s}"),
        "confidence": _labelled(("V", "V-inf", "A"), lambda c: f"tracker.confidence_{c.replace('-', '_')}"),
    }
    keys: dict[str, list[Key]] = {
        "overview": [Range("tl_years", (first, last), lo=first, hi=last, snap=_year_snap, integer=True),
                     Multi("tl_issuers", (), options=overview.issuer_options)],
        "regional": [Choice("region", "all", options=lambda lang: {"all": t("regional.all_regions", lang),
                                                                   **places.region_options(lang)}),
                     _map_mode()],
        "clusters": [_tabs("clusters"),
                     Multi("clusters", tuple(places.cluster_options(DEFAULT_LANG)), options=places.cluster_options),
                     _ids("ft_sort", clusters.SORTS, "clusters.sort_"),
                     _ids("ft_kind", clusters.KINDS, "clusters.kind_")],
        "tracker": [_tabs("tracker"),
                    PilotCity("city", next(iter(_pilot_cities(DEFAULT_LANG))), options=_pilot_cities, fallback=None),
                    *(Multi(name, (), state=f"tracker_f_{name}", options=options)
                      for name, options in tracker_filters.items()),
                    _map_mode()],
        "whatif": [_tabs("whatif", "wi_view"),
                   Choice("wi_unit", "CN", options=_units),
                   _ids("wi_tab", whatif.UNIT_TABS, "whatif.tab_"),
                   TextList("cmp", (), state="_wi_cmp", count=whatif.MAX_SAVED),
                   *_whatif_params()],
        "place": [Place("place", None)],
        "mydata": [_ids("grouping", aggregate.GROUPINGS, "mydata.grouping_", state="mydata_grouping"),
                   Choice("measure", aggregate.ALL_MEASURES[0], state="mydata_measure",
                          options=lambda lang: {m: aggregate.measure_label(m, lang) for m in aggregate.ALL_MEASURES})],
        "sources": [Text("q", "")],
    }
    return (*_shell_keys(), *keys[page])


def key(page: str, name: str) -> Key:
    """The parameter ``name`` of ``page``."""
    return next(k for k in page_keys(page) if k.name == name)


Query = Mapping[str, Sequence[str]]


def shell_mode(query: Query) -> tuple[str, Note | None]:
    """``normal`` or ``brief`` from ``?mode=`` (or the old ``?brief=1``)."""
    if not query.get("mode") and [str(v).lower() for v in query.get(BRIEF_ALIAS, [])][:1] in (["1"], ["true"]):
        return "brief", None
    return key("overview", "mode").parse(list(query.get("mode", [])))


def version_note(query: Query) -> Note | None:
    """A note for a link of another format version (read as best as this version can)."""
    raw = list(query.get(VERSION_KEY, []))
    return None if not raw or raw[0] == VERSION else Note(VERSION_KEY, str(raw[0]), "share.note_version")


def parse(page: str, query: Query) -> tuple[dict[str, Any], list[Note]]:
    """Every parameter of ``page`` read from ``query`` (name -> list of raw strings) and the notes of what could
    not be read as given."""
    values: dict[str, Any] = {}
    notes = [n for n in (version_note(query),) if n]
    for k in page_keys(page):
        value, note = shell_mode(query) if k.name == "mode" else k.parse(list(query.get(k.name, [])))
        values[k.name] = value
        if note is not None:
            notes.append(note)
    return values, notes


def format_query(page: str, values: Mapping[str, Any]) -> dict[str, list[str]]:
    """The query of ``values`` (parameters at their default are left out; ``v`` when anything is left)."""
    query = {k.name: k.format(values[k.name]) for k in page_keys(page) if k.name in values}
    query = {name: raw for name, raw in query.items() if raw}
    return {**query, VERSION_KEY: [VERSION]} if query else {}


def canonical(page: str, query: Query) -> dict[str, list[str]]:
    """``query`` read and written again: ids instead of labels, defaults and unknown parameters left out."""
    return format_query(page, parse(page, query)[0])


def link(base: str, page: str, query: Mapping[str, Sequence[str]], *, standalone: bool = False) -> str:
    """``base`` (the app's address, no trailing slash) + the page's path + the canonical query. ``standalone``
    (links printed on slides and images): the language and the version are written even at their default, so the
    link states everything a fresh session needs to reopen the view."""
    params = canonical(page, query)
    if standalone:
        params = {"lang": [parse(page, query)[0]["lang"]], **params, VERSION_KEY: [VERSION]}
    text = urlencode([(name, v) for name, raw in params.items() for v in raw], safe=",~")
    return f"{base.rstrip('/')}/{page}" + (f"?{text}" if text else "")
