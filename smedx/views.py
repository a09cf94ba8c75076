"""The key views of the app in a fixed order: presentation mode steps through them (previous / next) and shows
each one's headline sentence; the briefing deck offers the ones with a chart. Plain data: (id, page id, registry
query of the view, locale key of its title, the headline's view id in :mod:`smedx.headlines`, the chart id in
:data:`smedx.exports.charts.CHARTS`); the query holds registry ids only (``smedx.urlstate``), so a view is also a
link."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from smedx import urlstate


class View(NamedTuple):
    id: str  # stable id of the view (the deck picker's value)
    page: str  # an id of urlstate.PAGES
    query: Mapping[str, str]  # registry parameters (ids); the rest of the page's parameters at their default
    title: str  # locale key of the view's title
    headline: str | None = None  # the view's headline sentence: a view id of smedx.headlines (None: none)
    chart: str | None = None  # the view's chart for slides: a chart id of smedx.exports.charts (None: none)


VIEWS: tuple[View, ...] = (
    View("overview", "overview", {}, "overview.title", "overview", "overview_year_change"),
    View("regional", "regional", {}, "regional.title", "regional", "regional_bars"),
    View("clusters", "clusters", {}, "clusters.view_clusters", "clusters", "cluster_bars"),
    View("first_tier", "clusters", {"view": "cities"}, "clusters.view_cities", "first_tier", "first_tier"),
    View("industries", "clusters", {"view": "industries"}, "clusters.view_industries", "industries", "industries"),
    View("tracker", "tracker", {}, "tracker.view_map", "tracker", "tracker_coverage"),
    View("tracker_table", "tracker", {"view": "table"}, "tracker.view_table"),
    View("tracker_programme", "tracker", {"view": "programme"}, "tracker.view_programme"),
    View("whatif", "whatif", {}, "whatif.view_results", "whatif", "whatif_gain"),
    View("whatif_sensitivity", "whatif", {"wi_view": "sensitivity"}, "whatif.view_sensitivity"),
    View("place", "place", {"place": "510100"}, "place.title"),
    View("mydata", "mydata", {}, "mydata.title"),
    View("sources", "sources", {}, "sources.title"),
)


def current(page: str, query: Mapping[str, Sequence[str]]) -> int | None:
    """The index of the key view shown by ``page`` with ``query`` (the most specific view whose parameters all
    hold), None when the page shows none of them."""
    shown = urlstate.canonical(page, query)
    matches = [(len(view.query), index) for index, view in enumerate(VIEWS) if view.page == page
               and all(shown.get(name, []) == urlstate.canonical(page, {name: [value]}).get(name, [])
                       for name, value in view.query.items())]
    return max(matches)[1] if matches else None


def with_chart() -> tuple[View, ...]:
    """The key views that have a chart (the briefing deck's choices), in the fixed order."""
    return tuple(view for view in VIEWS if view.chart is not None)
