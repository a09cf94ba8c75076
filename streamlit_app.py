"""Entry point: page config, the shared sidebar (language, briefing mode), the page navigation, and above every
page its share panel (or, in presentation mode, previous / next through the key views)."""
from __future__ import annotations

import logging

import streamlit as st

from smedx import allocator, startup, urlstate
from smedx.i18n import t
from smedx.tables import DataError
from smedx.ui import present, share, shell

# (page id, title key, icon): the file is pages/<id>.py and the URL path /<id> (ids of smedx.urlstate.PAGES).
# Icons are emoji: Streamlit turns them into an inline favicon, while :material/…: page icons make the browser fetch
# the favicon from a Google host.
ICONS = {"overview": "📊", "regional": "🗺️", "clusters": "🏙️", "tracker": "📍", "whatif": "🧮", "place": "📌",
         "mydata": "📤", "sources": "📚"}
ROOT_PATH = "home"  # the default page's own path: Streamlit serves it at / (and reserves this name)

allocator.tune()  # once per process: keep the model's freed arrays in the heap (see smedx/allocator.py)
shell.start()
briefing = shell.briefing()
st.set_page_config(
    page_title=t("common.app_title", shell.lang()),
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="collapsed" if briefing else "auto",
)
lang = shell.sidebar()
if problems := startup.file_problems():  # a broken deployment: name its files instead of failing page by page
    st.error(t("common.startup_error", lang), icon=":material/error:")
    for problem in problems:
        st.text(problem)  # file names and parser messages, shown as text
    st.stop()
pages = [st.Page(f"pages/{page}.py", title=t(f"common.page_{page}", lang), icon=ICONS[page], url_path=page)
         for page in urlstate.PAGES]
# The overview at / as well as at /overview: the default page's path is always "/", so /overview is its own page,
# and the root is a hidden twin (a link to pages/overview.py resolves to the first, visible one).
root = st.Page("pages/overview.py", title=pages[0].title, icon=ICONS["overview"], url_path=ROOT_PATH, default=True,
               visibility="hidden")
navigation = st.navigation([*pages, root])
page = navigation.url_path or urlstate.PAGES[0]
if briefing:
    present.style()
top = st.container(horizontal=True, horizontal_alignment="right", key="shell_top")
try:
    navigation.run()
except DataError as error:  # a broken data file: say which file, row and column instead of a traceback
    st.error(t("common.data_error", lang, error=error))
except Exception:  # the page boundary: log the traceback for the server, show the reader a plain message
    logging.getLogger("smedx.app").exception("unexpected error on a page")
    st.error(t("common.unexpected_error", lang), icon=":material/error:")
with top:  # after the page: the link holds what the page's controls wrote into the address in this run
    if briefing:
        present.navigation(page, lang, share.current_query())
    else:
        share.panel(page, lang)
