"""AppTest of the what-if page: levers move the displayed gain the right way, URL state, both languages."""
from __future__ import annotations

import functools
import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest, local_script_runner

from smedx import whatif
from smedx.model import simulate
from smedx.model.baseline import load_units
from smedx.model.params import default_scenario, from_query, load_spec, to_query
from tests.apptest import open_page, texts

GAIN, FIRMS = 1, 4  # metric positions: gain (pp) and "additional / supported per 10,000"
LEVELS = {"Regions": "region", "City clusters": "cluster", "First-tier cities": "city"}


def run_fragment(at: AppTest) -> AppTest:
    """Rerun only the page's fragment, as a live server does when a widget inside it changes (AppTest itself
    always reruns the whole script; here its rerun request carries the fragment's id, as the browser's does)."""
    (fragment_id,) = at._fragment_storage._fragments  # the page's one fragment
    plain = local_script_runner.RerunData
    local_script_runner.RerunData = functools.partial(plain, fragment_id_queue=[fragment_id])
    try:
        return at.run()
    finally:
        local_script_runner.RerunData = plain


def _table(at: AppTest, first_column: str):  # type: ignore[no-untyped-def]
    """The first dataframe whose first column is ``first_column``."""
    return next(d.value for d in at.dataframe if d.value.columns[0] == first_column)


def _gain(at: AppTest) -> tuple[float, float]:
    """Displayed national gain (pp) and additional adopters per 10,000 SMEs."""
    gain = float(at.metric[GAIN].value.split()[0])
    additional = float(at.metric[FIRMS].value.split("/")[0])
    return gain, additional


@pytest.mark.parametrize(("lang", "title", "reference"), [
    ("zh", "情景模拟：资金与人才政策杠杆", "无额外政策（参照情景，不是预测）"),
    ("en", "What-if simulator: funding and talent levers", "No additional policy (reference, not a forecast)"),
])
def test_page_renders_in_both_languages(lang: str, title: str, reference: str) -> None:
    at = open_page("whatif", lang)
    shown = texts(at)
    assert title in shown
    assert len(at.metric) == 5
    assert ("不是预测" if lang == "zh" else "not a forecast") in at.warning[0].value
    assert re.search(r"9\. ", shown)  # the limitations list
    assert len(at.slider) == 15  # 6 levers + 9 assumptions, generated from the parameter file
    assert len(at.expander) >= 6  # an information panel per lever
    assert at.dataframe[-1].value.iloc[:, 3].tolist() == [267, 160, 400, 240]  # the cross-check (firms funded)
    assert not at.get("code") and not at.get("download_button")  # only the open view (results) is built
    code = open_page("whatif", lang, query={"wi_view": "reproduce"}).get("code")[0].value
    assert "from smedx.model import Scenario, run" in code and '"fund_coverage": 5.0' in code
    assert reference  # the reference label is in the chart spec (checked in tests/test_charts_whatif.py)


@pytest.mark.parametrize(("lever", "before", "after", "setup"), [
    ("fund_coverage", 5.0, 15.0, {}),
    ("design_reach", 1, 2, {"fund_coverage": 20.0}),
    ("training_coverage", 5.0, 15.0, {}),
    ("school_enterprise", 0.0, 10.0, {"fund_coverage": 20.0, "design_reach": 2, "start_year": 2021,
                                      "horizon": 2035}),
    ("start_year", 2025, 2022, {}),
    ("horizon", 2027, 2030, {}),
])
def test_each_lever_moves_the_gain_up(lever: str, before: float, after: float, setup: dict) -> None:
    at = open_page("whatif", "en")
    for key, value in setup.items():
        at.slider(key=key).set_value(value).run()
    at.slider(key=lever).set_value(before).run()
    low = _gain(at)
    at.slider(key=lever).set_value(after).run()
    high = _gain(at)
    assert not at.exception
    assert high[0] >= low[0] and high[1] > low[1], (lever, low, high)


def test_moving_a_lever_reruns_only_the_fragment() -> None:
    """A lever move redraws the lever sliders, the headline and the open view, not the static layout, and shows
    the numbers a full page run shows."""
    at = open_page("whatif", "en")
    before = _gain(at)
    at.slider(key="fund_coverage").set_value(20.0)
    run_fragment(at)
    assert not at.exception
    # the tree holds what the fragment sent: no title, no information panels (the one expander is the funding note)
    assert not at.title and len(at.expander) == 1
    assert [s.key for s in at.slider] == ["fund_coverage", "design_reach", "training_coverage", "school_enterprise",
                                          "start_year", "horizon"]
    assert _gain(at)[1] > before[1]
    full = open_page("whatif", "en", query={"fund_coverage": "20"})
    assert [m.value for m in at.metric] == [m.value for m in full.metric]
    assert _table(at, "Unit").equals(_table(full, "Unit"))


def test_all_levers_at_zero_show_no_gain() -> None:
    at = open_page("whatif", "en", query={"fund_coverage": "0", "training_coverage": "0"})
    assert at.metric[GAIN].value == "0.00 pp"
    assert at.metric[FIRMS].value == "0.0 / 0.0"


def test_url_round_trip() -> None:
    """A link with lever values and assumption ranges reopens the same scenario and the same numbers."""
    at = open_page("whatif", "en")
    at.slider(key="fund_coverage").set_value(12.5).run()
    at.slider(key="design_reach").set_value(2).run()
    at.slider(key="speed").set_value((0.2, 0.4)).run()
    at.slider(key="horizon").set_value(2030).run()
    shown = [m.value for m in at.metric]
    query = {"fund_coverage": "12.5", "design_reach": "2", "speed": ["0.2", "0.4"], "horizon": "2030"}
    again = open_page("whatif", "en", query=query)
    assert again.slider(key="fund_coverage").value == 12.5
    assert again.slider(key="speed").value == (0.2, 0.4)
    assert [m.value for m in again.metric] == shown


def test_presets_set_every_assumption_range() -> None:
    at = open_page("whatif", "en")
    at.button(key="wi_preset_high").click().run()
    assert at.slider(key="ceiling").value == (85.0, 100.0)
    assert at.slider(key="speed").value == (0.2, 0.5)
    low_base = open_page("whatif", "en")
    low_base.button(key="wi_preset_low").click().run()
    assert float(at.metric[0].value.split()[0]) > float(low_base.metric[0].value.split()[0])


def test_named_scenarios_side_by_side_and_in_the_url() -> None:
    at = open_page("whatif", "en", query={"wi_view": "compare"})
    at.text_input(key="wi_name").input("Pilot").run()
    at.button(key="wi_save").click().run()
    at.slider(key="fund_coverage").set_value(20.0).run()
    outcomes = _table(at, "National outcome")
    assert outcomes.columns.tolist() == ["National outcome", "Current", "Pilot"]
    settings = _table(at, "Setting")
    assert settings.iloc[:, 0].tolist() == ["Funding coverage (% of non-adopting SMEs per year)"]
    link = at.query_params["cmp"]
    reopened = open_page("whatif", "en", query={"cmp": link, "wi_view": "compare"})
    assert _table(reopened, "National outcome").columns.tolist() == ["National outcome", "Current", "Pilot"]


def test_sensitivity_ranks_assumptions() -> None:
    """The sensitivity view (computed only while open) charts the total Sobol index of every assumption."""
    at = open_page("whatif", "zh", query={"wi_view": "sensitivity"})
    assert "Sobol总效应指数" in texts(at)
    (bars,) = at.get("vega_lite_chart")
    (dataset,) = bars.proto.datasets  # the inline rows, sent as one Arrow dataset
    table = pa.ipc.open_stream(dataset.data.data).read_all()
    assert '"field": "ST"' in bars.proto.spec and table.num_rows == 10  # 9 assumptions and the reach of the design


def test_briefing_mode_hides_downloads_and_tables() -> None:
    full = open_page("whatif", "en", query={"wi_view": "reproduce"})
    brief = open_page("whatif", "en", query={"brief": "1", "wi_view": "reproduce"})
    assert len(full.get("download_button")) == 2 and len(brief.get("download_button")) == 0
    assert len(open_page("whatif", "en", query={"brief": "1"}).dataframe) < len(open_page("whatif", "en").dataframe)


@pytest.mark.parametrize(("tab", "first"), [("Regions", "East"), ("City clusters", "Yangtze River Delta"),
                                             ("First-tier cities", "Hangzhou")])
def test_results_by_region_cluster_and_city(tab: str, first: str) -> None:
    """Only the selected tab is built; each shows its units with the gain."""
    at = open_page("whatif", "en")
    at.session_state["wi_tab"] = tab
    at.run()
    table = _table(at, "Unit")
    assert table["Unit"].iloc[0] == first
    assert (table["Gain (pp)"] > 0).all()
    assert len(at.get("deck_gl_json_chart")) == 0  # the map has its own tab
    # the model ran the nation and this tab's units only, with the numbers of a run of all units
    spec = load_spec()
    everything = simulate.run(from_query(to_query(default_scenario(spec)), spec))
    full = whatif.units_table(everything, LEVELS[tab], "en")
    assert table.to_dict("list") == full.to_dict("list")


def test_fan_chart_offers_every_unit_whatever_tab_is_open() -> None:
    at = open_page("whatif", "en")
    assert len(at.selectbox(key="wi_unit").options) == len(load_units())
    at.selectbox(key="wi_unit").set_value("330100").run()  # Hangzhou, a city, while the regions tab is open
    assert not at.exception and "Hangzhou" in texts(at)


def test_region_map_tab_draws_the_gain_map() -> None:
    """The map tab draws the basemap-free region map coloured by gain, with the map notice."""
    at = open_page("whatif", "en")
    at.session_state["wi_tab"] = "Map of regions"
    at.run()
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    assert "mapStyle" not in decks[0].proto.json or '"mapStyle":null' in decks[0].proto.json
    assert any("Provinces coloured by their region's median gain" in c.value for c in at.caption)


def test_at_most_three_saved_scenarios_and_remove() -> None:
    at = open_page("whatif", "en", query={"wi_view": "compare"})
    for name in ("A", "B", "C"):
        at.text_input(key="wi_name").input(name).run()
        at.button(key="wi_save").click().run()
    assert at.button(key="wi_save").disabled
    assert _table(at, "National outcome").columns.tolist() == ["National outcome", "Current", "A", "B", "C"]
    at.button(key="wi_rm_B").click().run()
    assert _table(at, "National outcome").columns.tolist() == ["National outcome", "Current", "A", "C"]
    assert not at.button(key="wi_save").disabled
