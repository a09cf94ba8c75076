"""Streamlit part of the place profile (``?place=<adcode>``): the name search, the profile's sections as short text
blocks that read top to bottom on a phone (no tables), links on to the tracker and the what-if page, and
:func:`profile_link` / :func:`open_profile` for the maps and lists of other pages.

Everything shown from data or typed by the user goes through :func:`plain`, so it is text, never markdown.
"""
from __future__ import annotations

import re

import streamlit as st

from smedx import markup, place_profile, place_sections, urlstate, whatif
from smedx.i18n import t
from smedx.memo import shared
from smedx.model.params import default_scenario, load_spec
from smedx.place_profile import Place
from smedx.ui import links, whatif_cache

PAGE = "pages/place.py"
PAGE_ID = "place"  # its id in the URL registry
PLACE_KEY = "place"  # ?place=<adcode>: the open place, in the URL whatever the language
SEARCH_KEY = "place_q"
RESULT_KEY = "_place_search"  # the last search that did not open a place by itself (several or no matches)
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """``text`` with every markdown character escaped and line breaks folded, so Streamlit shows it as typed."""
    return _MARKDOWN.sub(r"\\\1", " ".join(str(text).split()))


def _adcode(level_or_adcode: str | tuple[str, str]) -> str:
    return level_or_adcode[1] if isinstance(level_or_adcode, tuple) else level_or_adcode


def profile_link(level_or_adcode: str | tuple[str, str], lang: str, label: str | None = None) -> bool:
    """A link to the profile of a province or city (an adcode, or a ``(geo_level, adcode)`` pair of a map or
    table row); nothing for anything else (a region, a cluster, an unknown code). Returns whether it drew one."""
    place = place_profile.resolve(_adcode(level_or_adcode))
    if place is None:
        return False
    st.page_link(PAGE, label=plain(label or t("place.link_label", lang, place=place.name(lang))), icon="📌",
                 query_params={PLACE_KEY: place.adcode})
    return True


def open_profile(level_or_adcode: str | tuple[str, str]) -> None:
    """Go to the profile of a province or city at once (e.g. after a tap on a map); does nothing for an id that
    is not a place."""
    place = place_profile.resolve(_adcode(level_or_adcode))
    if place is not None:
        st.switch_page(PAGE, query_params={PLACE_KEY: place.adcode})


def _open(adcode: str) -> None:
    """Callback: show ``adcode`` and forget the search."""
    links.store(PAGE_ID, urlstate.key(PAGE_ID, PLACE_KEY), adcode)
    st.session_state[SEARCH_KEY] = ""
    st.session_state[RESULT_KEY] = None


def _search() -> None:
    """Callback of the search box: one match opens it; several or none are listed below the box."""
    query = str(st.session_state.get(SEARCH_KEY) or "")
    result = place_profile.search(query)
    if len(result.found) == 1:
        _open(result.found[0].adcode)
    else:
        st.session_state[RESULT_KEY] = result.query or None


def _choices(places: tuple[Place, ...], lang: str, key: str) -> None:
    for place in places:
        label = f"{place.name(lang)} · {place_sections.header(place, lang)}"
        st.button(plain(label), key=f"{key}_{place.adcode}", on_click=_open, args=(place.adcode,))


def search_box(lang: str) -> None:
    """The name search and, after a search that did not open a place, the matches or the nearest names."""
    st.text_input(t("place.search_label", lang), key=SEARCH_KEY, on_change=_search, max_chars=place_profile.MAX_QUERY,
                  placeholder=t("place.search_placeholder", lang))
    query = st.session_state.get(RESULT_KEY)
    if not query:
        return
    result = place_profile.search(query)
    if result.found:
        st.markdown(plain(t("place.search_several", lang, query=query)))
        _choices(result.found, lang, "place_found")
        return
    st.warning(plain(t("place.search_none", lang, query=query)))
    if result.suggested:
        st.markdown(plain(t("place.search_suggest", lang)))
        _choices(result.suggested, lang, "place_suggested")
    else:
        st.caption(plain(t("place.search_nothing_close", lang)))


def _section(section: place_sections.Section) -> None:
    st.subheader(plain(section.title))
    if section.items:
        shown = markup.linkify if section.links else plain
        st.markdown("\n".join(f"- {shown(item)}" for item in section.items))
    if section.source:
        st.caption(section.source)  # markdown from provenance.caption


def reports(place: Place, lang: str) -> None:
    """The pilot city's red/amber/green status and latest progress report from the tracker's store (read-only;
    the database banner when it cannot be read), and a link to the tracker's city view."""
    # imported here, not at the top: the tracker's city view links back to profiles (it imports this module)
    from smedx.tracker import reference, view
    from smedx.ui.tracker import connection

    st.markdown(f"**{plain(t('place.reports_title', lang))}**")
    frame = connection.load_reports(connection.connect(lang, connection.secrets()), lang)
    state = view.cities_frame(lang, frame).set_index("adcode").loc[place.adcode, "status_label"]
    lines = [f"{t('tracker.fact_status', lang)}{'：' if lang == 'zh' else ': '}{state}"]
    if frame is not None:
        city_reports = frame[frame["city_adcode"].eq(place.adcode)]
        lines.append(view.latest_summary(city_reports, reference.city(place.adcode), lang))
    st.markdown("  \n".join(plain(line) for line in lines))
    st.page_link("pages/tracker.py", label=plain(t("place.open_tracker", lang, place=place.name(lang))), icon="📍",
                 query_params={"view": "city", "city": place.adcode})


@shared(512)
def _sections(place: Place, lang: str) -> dict[str, place_sections.Section]:
    """The profile's sections by key, built once per place and language (the default scenario's run is shared
    with the what-if page's cache); read-only."""
    unit = place_profile.model_unit(place)
    result = whatif_cache.run_cached(default_scenario(load_spec()), (unit[0],)) if unit else None
    return {section.key: section for section in place_sections.profile(place, lang, result)}


def policies(section: place_sections.Section, lang: str) -> None:
    """The national timeline: what it is on top, the titles folded away (they are the same for every place)."""
    st.subheader(plain(section.title))
    st.markdown(plain(section.items[0]))
    with st.expander(plain(t("place.policies_list", lang, n=len(section.items) - 1))):
        st.markdown("\n".join(f"- {plain(item)}" for item in section.items[1:]))
        st.caption(section.source)  # markdown from provenance.caption


def profile(place: Place, lang: str) -> None:
    """Every section of one place, top to bottom, with the reports hook after a pilot city's facts and a link to
    the model unit on the what-if page after the scenario."""
    st.header(plain(place.name(lang)))
    st.caption(plain(place_sections.header(place, lang)))
    if place.level == "city":
        profile_link(place.province, lang)
    sections = _sections(place, lang)
    for key, section in sections.items():
        if key == "policies":
            policies(section, lang)
            continue
        _section(section)
        if key == "pilot" and "plan_sources" in sections:
            reports(place, lang)
        elif key == "pilot" and place.level == "province":
            for adcode in place_profile.pilot_cities(place):
                profile_link(adcode, lang)
        if key == "scenario":
            whatif_link(place, lang)


def whatif_link(place: Place, lang: str) -> None:
    """A link to the place's model unit on the what-if page (``?wi_unit=``); nothing outside the model."""
    unit = place_profile.model_unit(place)
    if unit is not None:
        label = t("place.open_whatif", lang, unit=whatif.unit_name(*unit, lang))
        st.page_link("pages/whatif.py", label=plain(label), icon="🧮", query_params={"wi_unit": unit[1]})


def render(lang: str) -> None:
    """The page body: search, then the place of ``?place=`` (a clear note for a code that is no place)."""
    search_box(lang)
    raw = st.query_params.get_all(PLACE_KEY)
    adcode, note = urlstate.key(PAGE_ID, PLACE_KEY).parse(raw)
    if note is not None:  # a code (or name) that is no place the dashboard knows
        st.error(plain(note.text(lang)))
        return
    if adcode is None:
        st.caption(plain(t("place.choose_prompt", lang)))
        return
    profile(place_profile.resolve(adcode), lang)
