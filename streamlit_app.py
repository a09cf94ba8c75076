"""Entry point: page config, the shared sidebar (language, briefing mode) and the page navigation."""
from __future__ import annotations

import logging

import streamlit as st

from smedx import allocator, startup
from smedx.i18n import t
from smedx.tables import DataError
from smedx.ui import shell

# (file, title key, icon, url path) — every page is listed explicitly. Icons are emoji: Streamlit turns them
# into an inline favicon, while :material/…: page icons make the browser fetch the favicon from a Google host.
PAGES: list[tuple[str, str, str, str]] = [
    ("pages/overview.py", "common.page_overview", "📊", "overview"),
    ("pages/regional.py", "common.page_regional", "🗺️", "regional"),
    ("pages/clusters.py", "common.page_clusters", "🏙️", "clusters"),
    ("pages/tracker.py", "common.page_tracker", "📍", "tracker"),
    ("pages/whatif.py", "common.page_whatif", "🧮", "whatif"),
    ("pages/place.py", "common.page_place", "📌", "place"),
    ("pages/mydata.py", "common.page_mydata", "📤", "mydata"),
    ("pages/sources.py", "common.page_sources", "📚", "sources"),
]

allocator.tune()  # once per process: keep the model's freed arrays in the heap (see smedx/allocator.py)
shell.start()
st.set_page_config(
    page_title=t("common.app_title", shell.lang()),
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="collapsed" if shell.briefing() else "auto",
)
lang = shell.sidebar()
if problems := startup.file_problems():  # a broken deployment: name its files instead of failing page by page
    st.error(t("common.startup_error", lang), icon=":material/error:")
    for problem in problems:
        st.text(problem)  # file names and parser messages, shown as text
    st.stop()
navigation = st.navigation(
    [st.Page(path, title=t(title, lang), icon=icon, url_path=url, default=index == 0)
     for index, (path, title, icon, url) in enumerate(PAGES)]
)
try:
    navigation.run()
except DataError as error:  # a broken data file: say which file, row and column instead of a traceback
    st.error(t("common.data_error", lang, error=error))
except Exception:  # the page boundary: log the traceback for the server, show the reader a plain message
    logging.getLogger("smedx.app").exception("unexpected error on a page")
    st.error(t("common.unexpected_error", lang), icon=":material/error:")
