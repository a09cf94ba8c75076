"""The share panel of every page (one popover, drawn by the app shell): the link of the current view built by
the URL registry, an ``?embed=true`` iframe snippet, how to cite (title, version, date, link) and the licence.

The popover reruns the whole app when it opens, so its link holds the levers a fragment moved since."""
from __future__ import annotations

import datetime as dt
import html

import streamlit as st

from smedx import about, urlstate
from smedx.i18n import t

LOCAL_BASE = "http://localhost:8501"  # the address when the browser has not told it (AppTest, first run)


def base_url(page: str) -> str:
    """The app's root address as the browser sees it (``st.context.url`` holds the page's path too)."""
    url = (st.context.url or LOCAL_BASE).split("?")[0].split("#")[0].rstrip("/")
    return url[: -len(page) - 1] if url.endswith(f"/{page}") else url


def current_query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def current_link(page: str) -> str:
    """The full link of the view shown now: the registry's canonical form of the address's parameters."""
    return urlstate.link(base_url(page), page, current_query())


def embed_snippet(link: str, title: str) -> str:
    sep = "&" if "?" in link else "?"
    return (f'<iframe src="{html.escape(link + sep + "embed=true")}" title="{html.escape(title)}" '
            'width="100%" height="800" style="border:0"></iframe>')


def citation(link: str, lang: str, today: dt.date | None = None) -> str:
    """"<title>, version <v>, accessed <date>, <link>" (the date in ISO form, UTC)."""
    date = (today or dt.datetime.now(dt.UTC).date()).isoformat()
    return t("share.cite_text", lang, title=t("common.app_title", lang), version=about.version(), date=date, url=link)


def licence_lines(lang: str) -> list[str]:
    code = (t("share.licence_code", lang, licence=about.CODE_LICENCE) if about.CODE_LICENCE
            else t("share.licence_code_none", lang))
    return [t("share.licence_data", lang), code]


def panel(page: str, lang: str) -> None:
    """The share popover; its contents are built only while it is open."""
    popover = st.popover(t("share.button", lang), icon=":material/share:", key="share_panel", on_change="rerun")
    if not popover.open:
        return
    link = current_link(page)
    with popover:
        st.markdown(f"**{t('share.link_title', lang)}**")
        st.code(link, language=None, wrap_lines=True)
        st.caption(t("share.link_help", lang))
        st.markdown(f"**{t('share.embed_title', lang)}**")
        st.code(embed_snippet(link, t("common.app_title", lang)), language="html", wrap_lines=True)
        st.caption(t("share.embed_help", lang))
        st.markdown(f"**{t('share.cite_title', lang)}**")
        st.code(citation(link, lang), language=None, wrap_lines=True)
        st.markdown(f"**{t('share.licence_title', lang)}**")
        st.caption("\n\n".join(licence_lines(lang)))
