"""One headline sentence per key view, generated from the data rows in the current language (pure, no streamlit).

``headline(view_id, lang, **selection)`` is the one entry point (presentation mode, text summaries and the
briefing deck call it). Numbers come from :mod:`smedx.figures` and :mod:`smedx.formatting`; the templates live in
``smedx/locales/<lang>/headlines.yaml`` and hold no digits. Shares are percent (0–100); gaps are percentage points.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from smedx import clusters, datasets, formatting, overview, regional, since_survey, whatif
from smedx.figures import Figure, figure
from smedx.i18n import normalise_lang, t
from smedx.places import cluster_options, region_options
from smedx.tracker import reference

VIEWS: tuple[str, ...] = ("overview", "regional", "clusters", "first_tier", "industries", "since_survey", "tracker",
                          "whatif")


def _decimals(fig: Figure) -> int:
    """The decimals the source printed for ``fig`` (a gap between two figures keeps them)."""
    return int(datasets.observation(fig.indicator, fig.geo_id, fig.year).get("decimals", 1) or 0)


def compare(figures: list[Figure], names: Mapping[str, str], selected: str | None, lang: str) -> str:
    """"<selected> x, g pp above/below <other>": the selected unit (default the highest) against the lowest, or,
    when it is the lowest, against the highest. ``figures`` sorted highest first; units without a value skipped."""
    valued = [f for f in figures if f.value is not None]
    if selected is not None and selected not in names:
        raise ValueError(f"unknown unit {selected!r}")
    chosen = next((f for f in valued if f.geo_id == selected), valued[0])
    other = valued[-1] if chosen is not valued[-1] else valued[0]
    gap = abs(float(chosen.value) - float(other.value))  # type: ignore[arg-type]
    decimals = max(_decimals(chosen), _decimals(other))
    side = "above" if chosen.value >= other.value else "below"  # type: ignore[operator]
    return t(f"headlines.compare_{side}", lang, name=names[chosen.geo_id], value=chosen.text,
             other=names[other.geo_id], gap=formatting.with_unit(round(gap, decimals), "pp", lang, decimals))


def _overview(lang: str) -> str:
    earlier, later = (figure("dt_share_implemented", lang, "CN", year) for year in (2020, 2021))
    return t("headlines.overview", lang, earlier_year=earlier.year, earlier=earlier.text, later_year=later.year,
             later=later.text, n=overview.headline(lang)[2].text)


def _regional(lang: str, region: str | None = None) -> str:
    return compare(regional.region_figures(lang), region_options(lang), region, lang)


def _clusters(lang: str, cluster: str | None = None) -> str:
    figs = sorted((figure("cluster_dt_share", lang, c) for c in cluster_options(lang)),
                  key=lambda f: f.value or 0.0, reverse=True)
    return compare(figs, cluster_options(lang), cluster, lang)


def _first_tier(lang: str) -> str:
    named = clusters.first_tier(lang)
    above = named[named["above_40"].eq("above")]
    top = named[named["kind"].eq("point")].iloc[0]
    fields = clusters.text_fields(lang)
    return t("headlines.first_tier", lang, n=int(figure("first_tier_cities_studied", lang).value or 0),
             n_above=len(above), threshold=fields["threshold"], top=top["name"], top_value=top["text"])


def _industries(lang: str) -> str:
    """The paper's Fig. 1 in words: the industries above its bound and the low ones (it gives no other numbers)."""
    bands = clusters.industries(lang)
    sep = t("clusters.list_sep", lang)
    high, low = (sep.join(bands.loc[bands["band"].eq(band), "name"]) for band in ("high", "low"))
    return t("headlines.industries", lang, high=high, bound=clusters.text_fields(lang)["bound"], low=low)


def _since_survey(lang: str, indicator: str = since_survey.RATES[0]) -> str:
    if indicator not in since_survey.RATES:
        raise ValueError(f"unknown rate {indicator!r}")
    rates = since_survey.rates(lang)
    rows = rates[rates["indicator"].eq(indicator)]
    latest = rows.iloc[-1]
    target = since_survey.targets(lang).set_index("indicator").loc[indicator]
    return t("headlines.since_survey", lang, label=latest["label"], period=latest["period_text"], value=latest["text"],
             target_period=target["period_text"], target=target["text"])


def _tracker(lang: str) -> str:
    coverage = reference.coverage()
    cities = reference.cities()
    official = formatting.with_unit(float(coverage["official_count"].sum()), "cities", lang, 0)
    if coverage["count_approx"].any():
        official = t("units.approx", lang, x=official)
    return t("headlines.tracker", lang, batches=len(coverage), official=official, identified=len(cities),
             verified=int(cities["verified"].sum()))


def _whatif(lang: str, result: Any = None, scenario: Any = None) -> str:
    """``result``: a :class:`smedx.model.simulate.Result` (or ``scenario`` to run; default: as announced)."""
    if result is None:
        from smedx.model import simulate  # the model is imported only when a scenario is needed

        result = simulate.run(scenario)
    r = whatif.row(result)
    return t("headlines.whatif", lang, year=r["year"], gain=whatif.pp(r["gain_p50"], lang, 3),
             low=whatif.pp(r["gain_p05"], lang, 3), high=whatif.pp(r["gain_p95"], lang, 3),
             outer=whatif.bands(lang)["outer"])


_BUILDERS: dict[str, Callable[..., str]] = {
    "overview": _overview, "regional": _regional, "clusters": _clusters, "first_tier": _first_tier,
    "industries": _industries, "since_survey": _since_survey, "tracker": _tracker, "whatif": _whatif,
}


def headline(view_id: str, lang: str, **selection: Any) -> str:
    """The headline sentence of ``view_id`` (one of :data:`VIEWS`) in ``lang`` for the view's ``selection``:
    ``regional``: ``region`` (id or None); ``clusters``: ``cluster``; ``since_survey``: ``indicator``;
    ``whatif``: ``result`` or ``scenario``. Unknown views or selection keys raise (``KeyError``/``TypeError``);
    an unknown id raises ``ValueError``."""
    if view_id in _STATIC:
        return _static(view_id, normalise_lang(lang), tuple(sorted(selection.items())))
    return _BUILDERS[view_id](normalise_lang(lang), **selection)


# Views drawn from the data files alone: their sentence cannot change while the app runs, so it is built once
# per language and selection (the since-survey sentence took ~5 ms of pandas on every overview rerun). The
# tracker's (stored reports) and the what-if's (a model result) are built on each call.
_STATIC = frozenset({"overview", "regional", "clusters", "first_tier", "since_survey"})


@lru_cache(maxsize=256)
def _static(view_id: str, lang: str, selection: tuple[tuple[str, Any], ...]) -> str:
    return _BUILDERS[view_id](lang, **dict(selection))
