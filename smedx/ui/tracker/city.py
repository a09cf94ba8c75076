"""The city tab: a city chosen in the URL (``?city=<adcode>``), its reference facts, plan targets, progress
reports and sources. User-entered text (who entered the latest report) is shown as text, never as markdown."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
import streamlit as st

from smedx import locators, markup, memo
from smedx.charts import tracker as charts
from smedx.exports.charts import frame
from smedx.i18n import t
from smedx.tracker import reference, view
from smedx.ui import components as ui
from smedx.ui import exports as exports_ui
from smedx.ui import links
from smedx.ui import place as place_ui
from smedx.ui.tracker.overview import arrow
from smedx.ui.tracker.text import k as _k
from smedx.ui.tracker.text import plain

CITY_KEY = "city"


def city_choice(lang: str) -> str | None:
    """Selectbox of all pilot cities, kept in the URL as ``?city=<adcode>`` (the first city when the link names
    none); None, with the registry's note, when the link names a code that is no identified pilot city."""
    names = _city_names(lang)
    return links.widget("tracker", CITY_KEY, st.selectbox, _k("city_select", lang), list(names), index=None,
                        format_func=names.get, placeholder=_k("city_select", lang))


@cache
def _city_names(lang: str) -> dict[str, str]:
    """adcode -> name of every pilot city, in reference order (reference data: once per language)."""
    cities = reference.cities()
    return dict(zip(cities["adcode"], cities[f"name_{lang}"], strict=True))


@dataclass(frozen=True)
class CityDetail:
    """What the detail view of one city shows (built once per language, data version and city; read-only)."""

    title: str
    facts: str  # markdown list
    notes: str | None
    targets: pa.Table | None  # None: the city states no targets
    targets_note: str | None
    summary: str | None  # None: the database is unavailable
    chart: dict[str, Any] | None
    reports_table: pa.Table | None
    sources: str  # markdown list
    rows: dict[int, Any]  # report id -> report (named tuple of the reports frame's columns), for the editor form
    cap: float  # central reward cap, 亿元 (upper bound of the funds field)


@memo.shared(256)
def _city_detail(lang: str, url: str | None, signature: tuple[Any, ...] | None, adcode: str,
                 _cities: pd.DataFrame, _reports: pd.DataFrame | None) -> CityDetail:
    city = _cities.set_index("adcode").loc[adcode]
    row = reference.city(adcode)
    period = reference.pilot_period(row)
    period_text = (_k("period_unknown", lang) if period is None else
                   _k(f"period_{period.basis}", lang, start=period.start.isoformat(), end=period.end.isoformat()))
    facts = [
        (_k("fact_batch", lang), city["batch_label"]),
        (_k("fact_type", lang), _k(f"type_{row['city_type']}", lang)),
        (_k("fact_cap", lang), _k("cap_value", lang, cap=f"{row['award_cap_yi']:.1f}")),
        (_k("fact_period", lang), period_text),
        (_k("fact_confidence", lang), city["confidence_label"]),
        (_k("fact_status", lang), city["status_label"]),
        (_k("fact_sub_sectors", lang), city["sub_sectors"] or _k("not_stated", lang)),
    ]
    targets = view.targets_table(row, lang)
    city_reports = (_reports[_reports["city_adcode"].eq(adcode)].reset_index(drop=True) if _reports is not None
                    else pd.DataFrame(columns=list(view.REPORT_COLUMNS)))
    has_reports = _reports is not None and not city_reports.empty
    sources = [f"- {markup.escape(getattr(source, f'citation_{lang}'))} — {_k('supports_' + source.supports, lang)}"
               f"{_k('supports_sep', lang)}{locators.markdown(source.locator, lang)}"
               for source in reference.city_sources(adcode).itertuples()]
    return CityDetail(
        title=city["name"] + ("" if city["verified"] else f"（{t('common.unverified', lang)}）"),
        facts="\n".join(f"- **{label}**：{value}" if lang == "zh" else f"- **{label}**: {value}"
                        for label, value in facts),
        notes=row[f"notes_{lang}"] if pd.notna(row[f"notes_{lang}"]) else None,
        targets=None if targets.empty else arrow(targets),
        targets_note=row[f"targets_note_{lang}"] if pd.notna(row[f"targets_note_{lang}"]) else None,
        summary=None if _reports is None else view.latest_summary(city_reports, row, lang, plain),
        chart=charts.progress_spec(city_reports, row, period, lang) if has_reports else None,
        reports_table=arrow(view.reports_table(city_reports, lang)) if has_reports else None,
        sources="\n".join(sources),
        rows={int(r.id): r for r in city_reports.itertuples()},
        cap=float(row["award_cap_yi"]),
    )


def city_detail(lang: str, adcode: str, cities: pd.DataFrame, reports: pd.DataFrame | None,
                url: str | None = None, signature: tuple[Any, ...] | None = None) -> CityDetail:
    """Reference facts, plan targets, reports over time and sources of one city; returns what was shown.
    ``cities`` and ``reports`` are the frames the cache key (``url``, ``signature``) stands for."""
    detail = _city_detail(lang, url, signature, adcode, cities, reports)
    st.subheader(detail.title)
    place_ui.profile_link(adcode, lang)  # everything the dashboard knows about the city
    st.markdown(detail.facts)
    if detail.notes is not None:
        st.caption(detail.notes)
    st.markdown(f"**{_k('targets_title', lang)}**")
    if detail.targets is None:
        st.caption(_k("no_targets", lang))
    else:
        st.dataframe(detail.targets, hide_index=True, placeholder="—")
    if detail.targets_note is not None:
        st.caption(detail.targets_note)
    st.markdown(f"**{_k('reports_title', lang)}**")
    if detail.summary is None:
        st.caption(_k("reports_unavailable", lang))
    else:
        st.markdown(detail.summary)
        if detail.chart is not None:
            ui.chart(detail.chart, key=f"tracker_chart_{adcode}")
            exports_ui.export_downloads(frame(
                "tracker", "tracker", detail.chart, f"{detail.title} · {_k('reports_title', lang)}", "",
                t("exports.tracker_reports_source", lang), lang, exports_ui.base_url(), query={"city": adcode},
                parts=(adcode,)), lang, f"dl_tracker_chart_{adcode}")
            st.dataframe(detail.reports_table, hide_index=True, placeholder="—")
    st.markdown(f"**{_k('sources_title', lang)}**")
    st.markdown(detail.sources)
    return detail
