"""The share panel's pieces, the app version, presentation mode and the registry's notes on real pages
(AppTest)."""
from __future__ import annotations

import datetime as dt
import tomllib

from smedx import about, views
from smedx.i18n import t
from smedx.ui import share
from tests.apptest import ROOT, open_page, texts


def test_the_version_is_the_pyproject_version() -> None:
    assert about.version() == tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"]


def test_citation_and_embed_snippet() -> None:
    link = "http://host/regional?region=west&v=1"
    assert share.citation(link, "en", dt.date(2026, 1, 2)) == (
        f"{t('common.app_title', 'en')}, version {about.version()}, accessed 2026-01-02, {link}")
    assert share.embed_snippet(link, 'a "title"') == (
        '<iframe src="http://host/regional?region=west&amp;v=1&amp;embed=true" title="a &quot;title&quot;" '
        'width="100%" height="800" style="border:0"></iframe>')
    assert share.licence_lines("zh")[1] == t("share.licence_code_none", "zh")


def test_the_old_brief_link_opens_presentation_mode_with_previous_and_next() -> None:
    at = open_page("regional", "zh", query={"brief": "1"})
    assert at.query_params["mode"] == "brief" and "brief" not in at.query_params
    index = views.current("regional", {})
    assert t("share.position", "zh", n=index + 1, total=len(views.VIEWS)) in texts(at)
    assert len(at.get("download_button")) == 0


def test_a_non_pilot_city_opens_no_city_and_says_so() -> None:
    at = open_page("tracker", "en", query={"city": "110000"})
    assert any("Beijing" in w.value and "not an identified" in w.value for w in at.warning)
    assert at.selectbox(key="city").value is None
    assert not any("Shenyang" in h.value for h in at.subheader)


def test_labels_in_an_old_link_become_ids() -> None:
    at = open_page("whatif", "en", query={"wi_unit": "西部地区"})
    assert at.selectbox(key="wi_unit").value == "west" and at.query_params["wi_unit"] == "west"
    at = open_page("clusters", "zh", query={"view": "cities", "ft_sort": "By name"})
    assert at.selectbox(key="ft_sort").value == "name" and at.query_params["ft_sort"] == "name"


def test_an_out_of_range_lever_is_clamped_with_a_note() -> None:
    at = open_page("whatif", "zh", query={"budget": "1e9"})
    assert any("budget" in w.value and "1e9" in w.value for w in at.warning)
    assert at.slider(key="budget").value == at.slider(key="budget").max


def test_presentation_mode_states_each_views_headline_from_the_data() -> None:
    """The regional view names the linked region against the other end ("西部地区28.3%，比东部地区低8.9个百分点");
    the what-if view's sentence is the link's scenario's (scenario, not a forecast)."""
    west = open_page("regional", "zh", query={"mode": "brief", "region": "west"})
    assert west.subheader[0].value == "西部地区28.3%，比东部地区低8.9个百分点"
    scenario = open_page("whatif", "en", query={"mode": "brief", "budget": "0"})
    sentence = scenario.subheader[0].value
    assert sentence.startswith("Scenario, not a forecast") and "0.000 pp" in sentence
    assert not open_page("sources", "en", query={"mode": "brief"}).subheader[0].value.startswith("Scenario")
