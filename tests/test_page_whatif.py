"""AppTest of the what-if page: levers move the displayed gain the right way, URL state, both languages."""
from __future__ import annotations

import functools
import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest, local_script_runner

from smedx import whatif, whatif_text
from smedx.i18n import t
from smedx.model import programme, simulate
from smedx.model.baseline import load_units
from smedx.model.params import default_scenario, from_query, load_spec, to_query
from smedx.ui import whatif_controls
from tests.apptest import open_page, texts

GAIN, FUNDING, TRAINING = 0, 1, 2  # metric positions: national gain (pp), funding and training firms
LEVELS = {"Regions": "region", "City clusters": "cluster", "First-tier cities": "city"}
SPEC = load_spec()


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


def _number(text: str) -> float:
    return float(re.sub(r"[^0-9.]", "", text) or "nan")


def _gain(at: AppTest) -> tuple[float, float]:
    """Displayed national gain (pp) and additional adopters (funding + training, firms)."""
    firms = [_number(at.metric[i].value.split("/")[0]) for i in (FUNDING, TRAINING)]
    return _number(at.metric[GAIN].value), sum(firms)


def _expected(query: dict[str, str]) -> list[str]:
    """The headline values the package computes for a URL query (language en)."""
    result = simulate.run(from_query(query, SPEC))
    return [value for _, value, _ in whatif_text.headline(result, "en")]


@pytest.mark.parametrize(("lang", "title", "reading"), [
    ("zh", "情景模拟：资金与人才政策杠杆", "因该政策提前或额外开展数字化转型"),
    ("en", "What-if simulator: funding and talent levers", "start digital transformation earlier or at all"),
])
def test_page_renders_in_both_languages(lang: str, title: str, reading: str) -> None:
    at = open_page("whatif", lang)
    shown = texts(at)
    assert title in shown and reading in shown
    assert len(at.metric) == 5
    assert [m.value for m in at.metric] == [v for _, v, _ in whatif_text.headline(simulate.run(), lang)]
    assert ("不是预测" if lang == "zh" else "not a forecast") in at.warning[0].value
    assert len(at.slider) == 18  # 10 levers + 8 assumptions, generated from the parameter file
    explainer = at.selectbox(key="wi_info")  # one information panel for every lever and assumption
    assert len(explainer.options) == 18
    at = explainer.set_value("alpha_funding").run()
    body = whatif_controls._info_text("alpha_funding", lang)[0]
    assert ("证据等级" if lang == "zh" else "Evidence grade") in body and "B" in body
    assert any(m.value.endswith(body) for m in at.markdown)  # the picked parameter's panel is shown
    assert not re.search(r"9\. ", shown)  # the limitations list has its own view, built only while open
    assert not at.get("code")  # only the open view (results) is built: its downloads are its charts' images
    assert [button.key for button in at.get("download_button")] == [
        f"dl_wi_{chart}_{fmt}" for chart in ("gain", "attr") for fmt in ("png", "svg")]
    # the results' first tab says how to read them (no chart of its own: a lever move redraws two charts)
    assert t("whatif.units_note", lang, **whatif_text.text_fields(lang)) in shown
    levels = open_page("whatif", lang, query={"wi_tab": "levels"})
    assert [button.key for button in levels.get("download_button")][-2:] == ["dl_wi_levels_png", "dl_wi_levels_svg"]
    code = open_page("whatif", lang, query={"wi_view": "reproduce"}).get("code")[0].value
    assert "from smedx.model import Scenario, run" in code and '"budget": 66.7' in code
    limits = open_page("whatif", lang, query={"wi_view": "limits"})
    assert re.search(r"9\. ", texts(limits))  # the limitations list
    assert limits.dataframe[-1].value.iloc[:, 3].tolist() == [267, 160, 400, 240]  # the cross-check (firms funded)


def test_levers_start_as_announced_and_show_where_the_programmes_sit() -> None:
    at = open_page("whatif", "zh")
    announced = programme.preset_levers(SPEC, "as_announced")
    assert {s.key: s.value for s in at.slider if s.key in announced} == {
        k: (int(v) if SPEC.params[k].options or SPEC.params[k].unit == "year" else v) for k, v in announced.items()}
    captions = texts(at)
    assert "财建〔2023〕117号：约100个城市" in captions and "工信部联企业〔2024〕239号：每年约13,300家" in captions
    assert "没有公开的政策给出每年培训的企业数" in captions


@pytest.mark.parametrize(("lever", "before", "after", "setup"), [
    ("budget", 30.0, 100.0, {}),
    ("retrofit_share", 60.0, 100.0, {}),
    ("subsidy", 60.0, 30.0, {}),  # a lower subsidy supports more firms with the same money
    ("design", 0, 2, {"budget": 200.0}),  # the narrow voucher's reach binds at this budget
    ("trained", 0.0, 100000.0, {}),
    ("intensity", 0, 1, {"trained": 100000.0}),
    ("start_year", 2026, 2025, {}),
    ("end_year", 2026, 2027, {}),
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
    assert high[0] > low[0] and high[1] > low[1], (lever, low, high)


def test_moving_a_lever_reruns_only_the_fragment() -> None:
    """A lever move redraws the lever sliders, the headline and the open view, not the static layout, and shows
    the numbers a full page run shows."""
    at = open_page("whatif", "en")
    at.session_state["wi_tab"] = "Regions"
    at.run()
    before = _gain(at)
    at.slider(key="budget").set_value(120.0)
    run_fragment(at)
    assert not at.exception
    # the tree holds what the fragment sent: no information panels, only the charts' folded data tables
    assert not at.title and all(e.label.startswith("Data table") for e in at.expander)
    assert [s.key for s in at.slider] == ["budget", "retrofit_share", "subsidy", "trained"]  # the live levers
    assert _gain(at)[1] > before[1]
    full = open_page("whatif", "en", query={"budget": "120"})
    full.session_state["wi_tab"] = "Regions"
    full.run()
    assert [m.value for m in at.metric] == [m.value for m in full.metric] == _expected({"budget": "120"})
    assert _table(at, "Unit").equals(_table(full, "Unit"))


def test_no_additional_policy_shows_no_gain() -> None:
    at = open_page("whatif", "en")
    at.button(key="wi_programme_none").click().run()
    assert at.slider(key="budget").value == 0.0
    assert at.metric[GAIN].value == "0.000 pp"
    assert at.metric[FUNDING].value == "0 firms / 0 firms"
    assert at.metric[3].value == "—"  # no money, no cost per additional firm


def test_programme_presets_set_the_levers() -> None:
    at = open_page("whatif", "en")
    at.button(key="wi_programme_twice").click().run()
    assert at.slider(key="budget").value == programme.preset_levers(SPEC, "twice")["budget"] == 133.3
    assert [m.value for m in at.metric] == _expected({"budget": "133.3"})


def test_url_round_trip() -> None:
    """A link with lever values and assumption ranges reopens the same scenario and the same numbers."""
    at = open_page("whatif", "en")
    at.slider(key="budget").set_value(12.5).run()
    at.slider(key="design").set_value(1).run()
    at.slider(key="speed").set_value((0.2, 0.4)).run()
    at.slider(key="horizon").set_value(2030).run()
    shown = [m.value for m in at.metric]
    query = {"budget": "12.5", "design": "1", "speed": ["0.2", "0.4"], "horizon": "2030"}
    again = open_page("whatif", "en", query=query)
    assert again.slider(key="budget").value == 12.5
    assert again.slider(key="speed").value == (0.2, 0.4)
    assert [m.value for m in again.metric] == shown


def test_assumption_presets_set_every_range() -> None:
    at = open_page("whatif", "en")
    at.button(key="wi_preset_high").click().run()
    assert at.slider(key="ceiling").value == (85.0, 100.0)
    assert at.slider(key="speed").value == (0.3, 0.7)
    low = open_page("whatif", "en")
    low.button(key="wi_preset_low").click().run()
    assert _gain(at)[1] > _gain(low)[1]  # high additionality adds more firms


def test_the_failed_2021_check_is_shown_as_failed_and_calibration_is_offered() -> None:
    at = open_page("whatif", "en")
    checks = simulate.run().checks
    assert not checks["passed"]  # the central speed range does not reach 40 % by 2021
    assert any("Check, 2021: failed" in w.value for w in at.warning)
    at.slider(key="calibration").set_value(1).run()
    assert any("Check, 2021: passed" in i.value and "Calibrated to 2021" in i.value for i in at.info)
    assert [m.value for m in at.metric] == _expected({"calibration": "1"})


def test_named_scenarios_side_by_side_and_in_the_url() -> None:
    at = open_page("whatif", "en", query={"wi_view": "compare"})
    at.text_input(key="wi_name").input("Pilot").run()
    at.button(key="wi_save").click().run()
    at.slider(key="budget").set_value(150.0).run()
    outcomes = _table(at, "National outcome")
    assert outcomes.columns.tolist() == ["National outcome", "Current", "Pilot"]
    settings = _table(at, "Setting")
    assert settings.iloc[:, 0].tolist() == ["Retrofit funding per year (亿元 a year)"]
    link = at.query_params["cmp"]
    reopened = open_page("whatif", "en", query={"cmp": link, "wi_view": "compare"})
    assert _table(reopened, "National outcome").columns.tolist() == ["National outcome", "Current", "Pilot"]


def test_sensitivity_ranks_assumptions_for_the_nation_and_the_pilot_group() -> None:
    """The sensitivity view (computed only while open) charts the total Sobol index of every used assumption."""
    at = open_page("whatif", "zh", query={"wi_view": "sensitivity"})
    assert "Sobol总效应指数" in texts(at)
    (bars,) = at.get("vega_lite_chart")
    (dataset,) = bars.proto.datasets  # the inline rows, sent as one Arrow dataset
    table = pa.ipc.open_stream(dataset.data.data).read_all()
    assert set(table.column("output").to_pylist()) == {"全国", "试点群体"}
    assert table.num_rows == 2 * 7  # speed, ceiling, α funding, spillover, segment size and level, design reach


def test_briefing_mode_hides_downloads_and_tables() -> None:
    full = open_page("whatif", "en", query={"wi_view": "reproduce"})
    brief = open_page("whatif", "en", query={"brief": "1", "wi_view": "reproduce"})
    assert len(full.get("download_button")) == 3 and len(brief.get("download_button")) == 0
    tables = []
    for query in ({"brief": "1"}, {}):
        at = open_page("whatif", "en", query=query)
        at.session_state["wi_tab"] = "Regions"
        tables.append(len(at.run().dataframe))
    assert tables[0] < tables[1]


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
    # the model ran the nation, the segment and this tab's units only, with the numbers of a run of all units
    everything = simulate.run(from_query(to_query(default_scenario(SPEC)), SPEC))
    full = whatif.units_table(everything, LEVELS[tab], "en")
    assert table.to_dict("list") == full.to_dict("list")


def test_charts_offer_every_unit_and_title_them_by_their_measure() -> None:
    at = open_page("whatif", "en")
    assert len(at.selectbox(key="wi_unit").options) == len(load_units())
    assert "Gain: China, SMEs that have implemented a digital-transformation strategy (pp)" in texts(at)
    at.selectbox(key="wi_unit").set_value("pilot").run()
    assert not at.exception and "Gain: Pilot group" in texts(at)
    at.session_state["wi_tab"] = "Levels"
    at.run()
    assert "Share of the pilot group at digital level 2+ (%): reference and scenario" in texts(at)
    at.selectbox(key="wi_unit").set_value("330100").run()  # Hangzhou, a city, while the levels tab is open
    assert not at.exception and "Gain: Hangzhou" in texts(at)


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
