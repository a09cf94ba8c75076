"""Small rendering helpers shared by all pages: source captions, CSV downloads, figure metrics."""
from __future__ import annotations

import copy
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from smedx import provenance
from smedx.export import to_csv_bytes
from smedx.figures import Figure, provenance_rows
from smedx.i18n import t
from smedx.ui.shell import briefing


def source_caption(rows: pd.DataFrame, lang: str) -> None:
    """One-line source caption built from the ``source_id``/``locator`` of ``rows``."""
    st.caption(provenance.caption(rows, lang))


def figures_caption(figures: list[Figure], lang: str) -> None:
    """Source caption for a group of figures."""
    source_caption(provenance_rows(figures), lang)


def csv_download(frame: pd.DataFrame | Callable[[], pd.DataFrame], filename: str, lang: str, key: str) -> None:
    """A CSV download button for ``frame`` (or a function making it); hidden in briefing mode.

    The CSV bytes are built only when the button is clicked, so a rerun does not pay for them.
    """
    if briefing():
        return
    make = frame if callable(frame) else (lambda: frame)
    st.download_button(t("common.download_csv", lang), lambda: to_csv_bytes(make()), file_name=filename,
                       mime="text/csv", key=key, help=t("common.download_help", lang), icon=":material/download:")


def chart(spec: alt.Chart | alt.LayerChart | dict, key: str) -> None:
    """Render an Altair chart or a (cached) Vega-Lite dict at container width; the toolbar offers PNG/SVG."""
    if isinstance(spec, dict):
        st.vega_lite_chart(spec=copy.deepcopy(spec), width="stretch", key=key)
    else:
        st.altair_chart(spec, width="stretch", key=key)


def metric(label: str, figure: Figure, delta: str | None = None, help_text: str | None = None) -> None:
    """A metric card showing ``figure.text`` (never a re-formatted number)."""
    st.metric(label, figure.text, delta=delta, help=help_text, border=True)
