"""Tables of the what-if page (smedx.whatif)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from smedx import whatif
from smedx.model import params, simulate

SPEC = params.load_spec()
SCENARIO = params.default_scenario(SPEC)
RESULT = simulate.run(SCENARIO, n_draws=400)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_headline_has_five_metrics(lang: str) -> None:
    rows = whatif.headline(RESULT, lang)
    assert len(rows) == 5
    assert rows[1][1].endswith(" pp") and rows[0][1].endswith(" %")
    national = whatif.national(RESULT)
    assert rows[1][1] == f"{national['gain_p50']:.2f} pp"


@pytest.mark.parametrize(("level", "names"), [
    ("region", {"zh": "东部地区", "en": "East"}),
    ("cluster", {"zh": "长三角城市群", "en": "Yangtze River Delta"}),
])
def test_units_table_names_and_values(level: str, names: dict[str, str]) -> None:
    for lang, first in names.items():
        table = whatif.units_table(RESULT, level, lang)
        assert table.iloc[0, 0] == first
        assert table.shape[1] == 10


def test_city_table_shows_intervals_for_unpublished_cities() -> None:
    table = whatif.units_table(RESULT, "city", "en")
    assert len(table) == 10
    shown = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    assert shown["Hangzhou"] == "47.2"
    assert shown["Ningbo"].startswith("40.") and shown["Ningbo"].count("–") == 1


def test_path_labels_the_reference() -> None:
    table = whatif.path(RESULT, "CN", "en")
    assert set(table["series"]) == {"No additional policy (reference, not a forecast)", "Scenario"}
    assert min(table["year"]) == 2020
    # the same numbers as the nation's rows of the long paths table
    rows = RESULT.paths[(RESULT.paths["geo_id"] == "CN") & (RESULT.paths["measure"] != "gain")]
    assert table["p50"] == rows["p50"].tolist() and table["measure"] == rows["measure"].tolist()


def test_evidence_table_cites_sources() -> None:
    table = whatif.evidence_table("design_reach", "en")
    assert len(table) == 3
    assert table["Grade"].tolist() == ["B", "B", "B"]
    assert "0.07 %" in table["Value"].iloc[0]


def test_compare_tables() -> None:
    other = replace(SCENARIO, levers={**SCENARIO.levers, "fund_coverage": 20.0, "design_reach": 2.0})
    settings = whatif.settings_table({"A": SCENARIO, "B": other}, SPEC, "en")
    differing = settings[settings["differs"]]
    assert len(differing) == 2
    assert differing["B"].tolist() == ["20", "Curated solutions with providers (like Singapore SMEs Go Digital)"]
    outcomes = whatif.outcomes_table({"A": RESULT, "B": simulate.run(other, n_draws=400)}, "en")
    assert outcomes.columns.tolist() == ["National outcome", "A", "B"]
    assert float(outcomes.loc[2, "B"]) >= float(outcomes.loc[2, "A"])


def test_pilot_check_table() -> None:
    table = whatif.pilot_check_table(SPEC, "zh")
    assert table["可支持企业数"].tolist() == [267, 160, 400, 240]
    rows = whatif.pilot_check_rows(SPEC)
    assert {"notice_2023_117", "pilot_clnews_fujian"} <= set(rows["source_id"])


def test_summary_csv_has_names() -> None:
    frame = whatif.summary_csv(RESULT, "zh")
    assert frame["name"].iloc[0] == "全国" and frame["name"].iloc[10] == "杭州"
    assert len(frame) == 20


def test_funding_note_explains_the_small_funding_effect() -> None:
    """20 % funding offers with a curated design, 2021–2029, no training: the funding lift is well below 1 %
    of the hazard a year, and the note shows it next to the (zero) training lift and the firm counts."""
    levers = {**SCENARIO.levers, "fund_coverage": 20.0, "training_coverage": 0.0, "design_reach": 2.0,
              "start_year": 2021.0, "horizon": 2029.0}
    result = simulate.run(replace(SCENARIO, levers=levers), n_draws=400)
    row = whatif.national(result)
    assert 0 < row["funding_lift_p50"] < 1 and row["training_lift_p50"] == 0
    assert row["supported_per_10k_p50"] > 20 * row["additional_per_10k_p50"]
    note = whatif.funding_note(result, "en")
    assert f"a median {row['funding_lift_p50']:.2f} % a year and training by 0.00 %" in note
    assert f"{row['supported_per_10k_p50']:.0f} supported vs {row['additional_per_10k_p50']:.0f} additional" in note
    assert "coverage f (20 %)" in note
    assert f"{row['funding_lift_p50']:.2f}" in whatif.funding_note(result, "zh")


def test_note_numbers_come_from_data() -> None:
    """The notes quote the first-tier counts, the interval and the award caps from data rows and the parameter file."""
    assert whatif.text_fields("zh") == {
        "studied": "16个", "unnamed": "6个", "named": "10", "n_interval": "4",
        "interval_names": "宁波、上海、北京、苏州", "low": "40.0%", "high": "44.0%", "award_lo": "1.0",
        "award_hi": "1.5", "share": "80%", "sub_lo": "30", "sub_hi": "50"}
