"""The key views of the app in a fixed order: presentation mode steps through them (previous / next) and shows
each one's headline sentence. Plain data: (page id, registry query of the view, locale key of its title, the
headline's view id in :mod:`smedx.headlines`); the query holds registry ids only (``smedx.urlstate``), so a view
is also a link."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from smedx import urlstate


class View(NamedTuple):
    page: str  # an id of urlstate.PAGES
    query: Mapping[str, str]  # registry parameters (ids); the rest of the page's parameters at their default
    title: str  # locale key of the view's title
    headline: str | None = None  # the view's headline sentence: a view id of smedx.headlines (None: none)


VIEWS: tuple[View, ...] = (
    View("overview", {}, "overview.title", "overview"),
    View("regional", {}, "regional.title", "regional"),
    View("clusters", {}, "clusters.view_clusters", "clusters"),
    View("clusters", {"view": "cities"}, "clusters.view_cities", "first_tier"),
    View("clusters", {"view": "industries"}, "clusters.view_industries"),
    View("tracker", {}, "tracker.view_map", "tracker"),
    View("tracker", {"view": "table"}, "tracker.view_table"),
    View("tracker", {"view": "programme"}, "tracker.view_programme"),
    View("whatif", {}, "whatif.view_results", "whatif"),
    View("whatif", {"wi_view": "sensitivity"}, "whatif.view_sensitivity"),
    View("place", {"place": "510100"}, "place.title"),
    View("mydata", {}, "mydata.title"),
    View("sources", {}, "sources.title"),
)


def current(page: str, query: Mapping[str, Sequence[str]]) -> int | None:
    """The index of the key view shown by ``page`` with ``query`` (the most specific view whose parameters all
    hold), None when the page shows none of them."""
    shown = urlstate.canonical(page, query)
    matches = [(len(view.query), index) for index, view in enumerate(VIEWS) if view.page == page
               and all(shown.get(name, []) == urlstate.canonical(page, {name: [value]}).get(name, [])
                       for name, value in view.query.items())]
    return max(matches)[1] if matches else None
