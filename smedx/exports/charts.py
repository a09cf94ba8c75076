"""The exportable charts of the dashboard's pages: chart id → its framed export for a language and selection.

Each entry builds the same spec the page shows (same builders and tables), the title the page prints, the headline
sentence of its view as subtitle where it has one (:mod:`smedx.headlines`), its source caption and its link (built
by the URL registry, :mod:`smedx.urlstate`, with the language and the link version). Charts whose inputs live only
in the page (a unit's what-if attribution, tracker reports) are framed with :func:`frame` directly.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from smedx import clusters, headlines, overview, provenance, regional, since_survey, urlstate, whatif
from smedx.charts import clusters as cluster_charts
from smedx.charts import coverage
from smedx.charts import overview as overview_charts
from smedx.charts import regional as regional_charts
from smedx.charts import since_survey as since_charts
from smedx.charts import whatif as whatif_charts
from smedx.exports.images import ChartExport
from smedx.i18n import normalise_lang, t
from smedx.places import region_options


def frame(view: str, page: str, spec: dict[str, Any] | Callable[[], dict[str, Any]], title: str, subtitle: str,
          source: str, lang: str, base: str,
          *, query: dict[str, object] | None = None, parts: Sequence[str] = (), year: object = None,
          notes: Sequence[str] = ()) -> ChartExport:
    """A :class:`ChartExport` of ``spec`` whose link reopens ``page`` (``""``: the overview) with ``query``."""
    return ChartExport(view=view, spec=spec, title=title, subtitle=subtitle, source=source,
                       url=view_link(base, page, lang, query or {}), lang=normalise_lang(lang),
                       parts=tuple(parts), year=year, notes=tuple(notes))


def view_link(base: str, page: str, lang: str, query: Mapping[str, object]) -> str:
    """The registry's link that reopens ``page`` in ``lang`` with ``query`` (URL values: strings or lists of them;
    ``None`` and empty values are left out), ``base`` being the app's address (scheme, host, optional prefix)."""
    raw = {name: [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]
           for name, value in query.items() if value not in (None, "", (), [])}
    return urlstate.link(base, page.strip("/") or urlstate.PAGES[0], {**raw, "lang": [normalise_lang(lang)]},
                         standalone=True)


def _overview(name: str, title_key: str, rows: Callable[[str], Any]) -> Callable[..., ChartExport]:
    def build(lang: str, base: str) -> ChartExport:
        fields = overview.text_fields(lang)
        year = {"stage_split": fields["year"], "year_change": fields["later"], "sector_shares": fields["sectors"]}[name]
        subtitle = headlines.headline("overview", lang) if name == "year_change" else ""
        return frame(f"overview_{name}", "", overview_charts.spec(name, lang), t(title_key, lang, **fields),
                     subtitle, provenance.caption(rows(lang), lang), lang, base, year=year)
    return build


def _timeline(lang: str, base: str, years: tuple[int, int] | None = None,
              issuers: Sequence[str] = ()) -> ChartExport:
    full = overview.timeline_years()
    years = tuple(years) if years else full
    table = overview.timeline(lang, years, issuers)
    return frame("overview_timeline", "", overview_charts.spec("timeline", lang, years, tuple(issuers)),
                 t("overview.timeline_title", lang), t("overview.timeline_count", lang, n=len(table)),
                 provenance.caption(table, lang), lang, base, parts=tuple(issuers),
                 year=f"{years[0]}-{years[1]}", query={"tl_years": None if years == full else f"{years[0]}~{years[1]}",
                                                      "tl_issuers": list(issuers)})


def _since(name: str) -> Callable[..., ChartExport]:
    def build(lang: str, base: str) -> ChartExport:
        years = since_survey.rates(lang)["period"].str.slice(0, 4)
        title = (t("overview.rates_title", lang, first=years.min(), last=years.max()) if name == "rates"
                 else t("overview.regions_title", lang))
        subtitle = headlines.headline("since_survey", lang) if name == "rates" else t("overview.regions_note", lang)
        return frame(f"since_survey_{name}", "", since_charts.spec(name, lang), title, subtitle,
                     since_survey.source_line(lang), lang, base, year=years.max())
    return build


def _regional_bars(lang: str, base: str, region: str | None = None) -> ChartExport:
    def spec() -> dict[str, Any]:
        return regional_charts.region_bars(regional.region_table(lang), regional.national(lang), regional.scale(),
                                           lang, selected=region).to_dict()

    return frame("regional", "regional", spec, t("regional.bars_title", lang),
                 headlines.headline("regional", lang, region=region), regional.bars_source(lang), lang, base,
                 query={"region": region}, parts=(region or "all",), year=regional.region_figures(lang)[0].year)


def _regional_map(lang: str, base: str, region: str | None = None) -> ChartExport:
    if region is not None and region not in region_options(lang):
        raise ValueError(f"unknown region {region!r}")
    title, notes = regional_charts.static_map_words(lang)

    def spec() -> dict[str, Any]:  # the map's own title and notes move into the frame; validating ~6 s of geometry
        chart = regional_charts.static_map(lang, region).to_dict(validate=False)  # is skipped (tests validate it)
        chart.pop("title", None)
        return chart

    return frame("regional_map", "regional", spec, title, headlines.headline("regional", lang, region=region),
                 regional.table_source(lang), lang, base, query={"region": region}, parts=(region or "all",),
                 year=regional.region_figures(lang)[0].year, notes=notes)


def _cluster_bars(lang: str, base: str) -> ChartExport:
    def spec() -> dict[str, Any]:
        return cluster_charts.cluster_bars(clusters.cluster_table(lang), clusters.implied_national_average(),
                                           clusters.national(lang), lang).to_dict()

    return frame("clusters", "clusters", spec, t("clusters.clusters_title", lang), headlines.headline("clusters", lang),
                 clusters.clusters_source(lang), lang, base, year=clusters.national(lang).year,
                 notes=(clusters.clusters_note(lang),))


def _first_tier(lang: str, base: str, sort: str = "rank", kind: str = "all") -> ChartExport:
    texts = clusters.first_tier_texts(lang)
    def spec() -> dict[str, Any]:
        return cluster_charts.first_tier(clusters.first_tier(lang, sort, kind), lang).to_dict()

    return frame("first_tier", "clusters", spec, t("clusters.first_tier_title", lang, **clusters.text_fields(lang)),
                 headlines.headline("first_tier", lang), texts["source"], lang, base,
                 query={"view": "cities", "ft_sort": None if sort == "rank" else sort,
                        "ft_kind": None if kind == "all" else kind},
                 parts=tuple(p for p in (sort, kind) if p not in ("rank", "all")), year=clusters.national(lang).year,
                 notes=(texts["legend"],))


def _industries(lang: str, base: str) -> ChartExport:
    def spec() -> dict[str, Any]:
        return cluster_charts.industry_bands(clusters.industries(lang), lang).to_dict()

    return frame("industries", "clusters", spec, t("clusters.industries_title", lang),
                 headlines.headline("industries", lang), clusters.industries_source(lang), lang, base,
                 query={"view": "industries"}, year=clusters.national(lang).year,
                 notes=(t("clusters.industries_note", lang, **clusters.text_fields(lang)),))


def _tracker_coverage(lang: str, base: str) -> ChartExport:
    return frame("tracker", "tracker", coverage.coverage_spec(lang), t("exports.tracker_title", lang),
                 headlines.headline("tracker", lang), t("exports.tracker_source", lang), lang, base)


def _whatif_gain(lang: str, base: str, scenario: Any = None, result: Any = None) -> ChartExport:
    """The nation's what-if gain (fan of 50/90 % bands) of ``result`` (or of ``scenario`` run now; default: the
    programme as announced); the link holds the scenario's levers and assumption ranges."""
    from smedx.model import simulate  # the model only when a what-if chart is exported
    from smedx.model.params import to_query

    result = result if result is not None else simulate.run(scenario)
    return frame("whatif", "whatif", whatif_charts.gain_fan(whatif.gain_path(result, "CN"), lang),
                 t("exports.whatif_title", lang), headlines.headline("whatif", lang, result=result),
                 t("whatif.not_forecast", lang), lang, base, query=to_query(result.scenario),
                 year=int(result.years[-1]))


#: chart id → builder(lang, base, **selection)
CHARTS: dict[str, Callable[..., ChartExport]] = {
    "overview_stage_split": _overview("stage_split", "overview.stages_title", overview.stage_split),
    "overview_year_change": _overview("year_change", "overview.change_title", overview.year_change),
    "overview_sector_shares": _overview("sector_shares", "overview.sectors_title", overview.sector_shares),
    "overview_timeline": _timeline,
    "since_survey_rates": _since("rates"),
    "since_survey_region_measures": _since("region_measures"),
    "regional_bars": _regional_bars,
    "regional_map": _regional_map,
    "cluster_bars": _cluster_bars,
    "first_tier": _first_tier,
    "industries": _industries,
    "tracker_coverage": _tracker_coverage,
    "whatif_gain": _whatif_gain,
}


def chart_export(chart_id: str, lang: str, base: str, **selection: Any) -> ChartExport:
    """The export of chart ``chart_id`` (a key of :data:`CHARTS`) for ``lang`` and the page's ``selection``."""
    return CHARTS[chart_id](normalise_lang(lang), base, **selection)
