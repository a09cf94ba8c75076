"""Streamlit pieces of the "my data" page: schema and templates, the uploader, the check report, the grouping
controls, bars, maps, tables and downloads.

The upload and everything computed from it live in this session's ``st.session_state`` only — never in
``st.cache_data``/``st.cache_resource`` or an ``lru_cache`` (those are shared by every session of the process),
never on disk. Text from the file is shown only through ``st.dataframe``/``st.text`` and chart marks, never as
markdown or HTML.
"""
from __future__ import annotations

import logging
from functools import partial

import pandas as pd
import streamlit as st

from smedx import regional
from smedx.charts import mydata as charts
from smedx.export import csv_bytes, to_csv_bytes
from smedx.i18n import t
from smedx.mydata import aggregate, compare, reading, records, schema, template
from smedx.mydata.schema import NAMESPACE as NS
from smedx.mydata.schema import UploadError
from smedx.ui import components as ui
from smedx.ui import links
from smedx.ui import maps as maps_ui
from smedx.ui.shell import briefing

STATE = "_mydata"  # {"file_id", "name", "upload"} of the file checked last in this session
UPLOADER_COUNT = "_mydata_uploader_n"  # bumped by "remove my data" to give the uploader a fresh, empty key
CSV = "text/csv"
_LOG = logging.getLogger(__name__)
_MAP_RESETS = "_mydata_map_resets"  # part of the region maps' keys: a reset redraws their initial view


def keep_uploads_in_memory() -> None:
    """Keep uploads up to the limit in memory while Streamlit's server receives them.

    Streamlit 1.67 parses an upload with Starlette's multipart parser, which spools any file part over 1 MB to
    a temporary file in the temp dir before Streamlit reads it into memory. Raising the parser's spool size to
    the upload limit keeps the whole way in memory (the upload is held in memory afterwards anyway).
    """
    from starlette.formparsers import MultiPartParser

    wanted = schema.MAX_BYTES + 1024 * 1024
    if MultiPartParser.spool_max_size < wanted:
        MultiPartParser.spool_max_size = wanted


def intro(lang: str) -> None:
    """The page's introduction, privacy note, method and the schema with both templates."""
    st.markdown(t(f"{NS}.intro", lang, **schema.text_fields(lang)))
    st.info(t(f"{NS}.privacy", lang), icon=":material/lock:")
    with st.expander(t(f"{NS}.schema_title", lang)):
        st.markdown(t(f"{NS}.schema_intro", lang, mb=schema.MAX_UPLOAD_MB, rows=f"{schema.MAX_ROWS:,}"))
        st.dataframe(template.schema_table(lang), hide_index=True)
        if not briefing():
            with st.container(horizontal=True):
                for code in ("zh", "en"):
                    ui.download(t(f"{NS}.template_{code}", lang), partial(_template_bytes, code),
                                f"mydata_template_{code}.csv", CSV, f"dl_mydata_tpl_{code}",
                                help_text=t(f"{NS}.template_help", lang))
    with st.expander(t(f"{NS}.method_title", lang)):
        st.markdown(t(f"{NS}.method", lang, min=f"{schema.MIN_N_EFF:g}", **schema.text_fields(lang)))


def _template_bytes(lang: str) -> bytes:
    return to_csv_bytes(template.template_frame(lang))


def uploader(lang: str) -> records.Upload | None:
    """The file chooser; the checked upload of the chosen file (checked once per file, kept in the session)."""
    keep_uploads_in_memory()
    key = f"mydata_upload_{st.session_state.get(UPLOADER_COUNT, 0)}"
    file = st.file_uploader(t(f"{NS}.upload_label", lang), type=["csv", "txt", "xlsx", "parquet"], key=key,
                            max_upload_size=schema.MAX_UPLOAD_MB)
    st.caption(t(f"{NS}.upload_help", lang, mb=schema.MAX_UPLOAD_MB, rows=f"{schema.MAX_ROWS:,}"))
    if file is None:
        st.session_state.pop(STATE, None)
        return None
    state = st.session_state.get(STATE)
    if state is None or state["file_id"] != file.file_id:
        with st.spinner(t(f"{NS}.reading", lang)):
            state = {"file_id": file.file_id, "name": file.name, "upload": _check(file)}
        st.session_state[STATE] = state
    return state["upload"]


def _check(file) -> records.Upload:  # type: ignore[no-untyped-def]
    try:
        reading.check_size(file.size)  # the announced size first: nothing is parsed when it is over the limit
        return records.check(reading.read(file.getvalue()))
    except UploadError as error:
        return records.Upload(None, [error.issue])
    except Exception as error:  # untrusted bytes can break a parser in ways no check foresees: say so, no traceback
        _LOG.warning("upload could not be read: %s", type(error).__name__)
        return records.Upload(None, [schema.Issue("unreadable", {"detail": type(error).__name__})])


def _issue_table(issues: list[schema.Issue], lang: str) -> pd.DataFrame:
    return pd.DataFrame({t(f"{NS}.issue_col_column", lang): [i.column or "" for i in issues],
                         t(f"{NS}.issue_col_message", lang): [i.text(lang) for i in issues]})


def report(lang: str, upload: records.Upload) -> pd.DataFrame | None:
    """The check's outcome: errors (nothing loaded), or the loaded summary with its notes; the records or None."""
    if upload.errors:
        st.error(t(f"{NS}.errors_headline", lang, n=len(upload.errors)), icon=":material/error:")
        st.dataframe(_issue_table(upload.errors + upload.notes, lang), hide_index=True)
        return None
    assert upload.records is not None
    st.success(t(f"{NS}.loaded", lang, n=f"{len(upload.records):,}", fmt=upload.fmt.upper()),
               icon=":material/task_alt:")
    with st.container(horizontal=True, vertical_alignment="center"):
        st.caption(t(f"{NS}.file_name", lang))
        st.text(st.session_state[STATE]["name"])  # user text: plain text, never markdown
        st.button(t(f"{NS}.clear", lang), key="mydata_clear", on_click=_clear, icon=":material/delete:")
    if upload.notes:
        st.warning(t(f"{NS}.notes_headline", lang, n=len(upload.notes)), icon=":material/info:")
        st.dataframe(_issue_table(upload.notes, lang), hide_index=True)
    return upload.records


def _clear() -> None:
    st.session_state.pop(STATE, None)
    st.session_state[UPLOADER_COUNT] = st.session_state.get(UPLOADER_COUNT, 0) + 1


def controls(lang: str, data: pd.DataFrame) -> tuple[str, str]:
    """Grouping (region … size) and measure (statuses and the barriers the file has)."""
    grouping = links.widget("mydata", "grouping", st.radio, t(f"{NS}.grouping_label", lang), aggregate.GROUPINGS,
                            horizontal=True, format_func=lambda g: t(f"{NS}.grouping_{g}", lang))
    options = aggregate.measures(data)
    key = links.seed("mydata", "measure")
    if st.session_state[key.state_key] not in options:  # a measure of the link this file does not answer
        st.warning(t("share.note_measure", lang, measure=aggregate.measure_label(st.session_state[key.state_key],
                                                                                   lang)), icon=":material/link_off:")
        st.session_state[key.state_key] = options[0]
    measure = st.selectbox(t(f"{NS}.measure_label", lang), options, key=key.state_key,
                           format_func=partial(aggregate.measure_label, lang=lang))
    links.store("mydata", key, measure)
    links.note("mydata", key, measure)
    return grouping, measure


def results(lang: str, data: pd.DataFrame, grouping: str, measure: str) -> None:
    """Bars (next to the published figures for regions and clusters), the region maps, the table, downloads."""
    table = aggregate.table(data, grouping, measure)
    named = compare.named(table, lang)
    group_label = t(f"{NS}.grouping_{grouping}", lang)
    st.caption(f":orange-badge[{t(f'{NS}.mine_marker', lang)}]")
    if len(named) <= 1:
        st.info(t(f"{NS}.no_groups", lang))
    compared = grouping in compare.COMPARED and measure == compare.COMPARED_MEASURE
    if compared:
        st.subheader(t(f"{NS}.compare_title", lang, grouping=group_label))
        frame = compare.comparison(table, lang)
        ui.chart(charts.interval_bars(frame, lang), key="mydata_compare_bars")
        note = t(f"{NS}.compare_note", lang, **schema.text_fields(lang))
        st.caption(f"{note}\n\n{compare.published_source(grouping, lang, markdown=True)}")
    else:
        st.subheader(t(f"{NS}.bars_title", lang, grouping=group_label, measure=aggregate.measure_label(measure, lang)))
        ui.chart(charts.interval_bars(charts.bar_frame(named, lang), lang), key="mydata_bars")
        notes = [t(f"{NS}.bars_note", lang, **schema.text_fields(lang))]
        if grouping in compare.COMPARED:
            notes.append(t(f"{NS}.compare_other_measure", lang))
        st.caption("\n\n".join(notes))
    if compared and grouping == "region":
        region_maps(lang, table, named)
    st.subheader(t(f"{NS}.table_title", lang))
    st.dataframe(compare.display(table, lang), hide_index=True)
    st.caption(t(f"{NS}.table_note", lang, min=f"{schema.MIN_N_EFF:g}", **schema.text_fields(lang)))
    downloads(lang, data, table, grouping, measure)


def region_maps(lang: str, table: pd.DataFrame, named: pd.DataFrame) -> None:
    """Published and uploaded region maps side by side, on one colour scale."""
    texts = dict(zip(named["group"], named["text"], strict=True))
    published, mine = regional.rates(), compare.my_rates(table)
    pan = maps_ui.pan_switch(lang, "mydata_map", _MAP_RESETS)  # off: a swipe over either map scrolls the page
    decks = charts.region_decks(published, mine, texts, lang, pan)
    scale = charts.map_scale(published, mine)
    legends = (regional.region_table(lang), named[named["group"].ne(aggregate.ALL)].rename(
        columns={"share_pct": "value"}))
    titles = (f"**{t(f'{NS}.map_published_title', lang, **schema.text_fields(lang))}**",
              f"**{t(f'{NS}.map_mine_title', lang)}** :orange-badge[{t(f'{NS}.series_mine', lang)}]")
    for column, deck, legend, title, key in zip(st.columns(2), decks, legends, titles, ("published", "mine"),
                                                strict=True):
        with column:
            st.markdown(title)
            with maps_ui.still_map_container(f"mydata_{key}", pan):
                st.pydeck_chart(deck, height=charts.MAP_HEIGHT,
                                key=f"mydata_map_{key}_{st.session_state.get(_MAP_RESETS, 0)}")
            ui.chart(charts.map_legend(scale, legend, lang), key=f"mydata_legend_{key}")
    st.caption(t(f"{NS}.map_note", lang))


def downloads(lang: str, data: pd.DataFrame, table: pd.DataFrame, grouping: str, measure: str) -> None:
    """This view's aggregate and every grouping's, as UTF-8 CSV with BOM (bytes built on click)."""
    if briefing():
        return
    filters = {"grouping": grouping, "measure": measure}
    with st.container(horizontal=True):
        ui.download(t(f"{NS}.download_view", lang), lambda: csv_bytes(compare.as_download(table, lang, filters)),
                    f"mydata_{grouping}_{measure}.csv", CSV, "dl_mydata_view", help_text=t(f"{NS}.download_help", lang))
        ui.download(t(f"{NS}.download_all", lang),
                    lambda: csv_bytes(compare.as_download(aggregate.every_table(data), lang, {"grouping": "all"})),
                    "mydata_all_groupings.csv", CSV, "dl_mydata_all", help_text=t(f"{NS}.download_help", lang))
