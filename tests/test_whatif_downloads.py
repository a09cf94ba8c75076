"""What-if downloads carry the full scenario and the model's numbers as value/lower/upper (median, 5th/95th)."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace

import pandas as pd

from smedx import about, whatif_downloads
from smedx.export import csv_bytes
from smedx.model import params, simulate

SPEC = params.load_spec()
BASE = params.default_scenario(SPEC)
SCENARIO = replace(BASE, levers={**BASE.levers, "budget": 120.5},
                   assumptions={**BASE.assumptions, "speed": (0.2, 0.4)})
RESULT = simulate.run(SCENARIO, n_draws=200, seed=7)


def _read(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), comment="#", keep_default_na=False, na_values=[""])


def test_summary_is_long_with_bands_and_units() -> None:
    made = whatif_downloads.summary(RESULT, "zh")
    frame = _read(csv_bytes(made)).set_index(["geo_id", "measure"])
    wide = RESULT.summary.set_index("geo_id")
    gain = frame.loc[("CN", "gain")]
    assert (gain["value"], gain["lower"], gain["upper"]) == (
        wide.loc["CN", "gain_p50"], wide.loc["CN", "gain_p05"], wide.loc["CN", "gain_p95"])
    assert (gain["unit"], gain["status"], gain["name"]) == ("pp", "scenario", "全国")
    assert frame.loc[("CN", "base"), "unit"] == "percent"
    assert frame.loc[("CN", "supported_per_10k"), "unit"] == "per_10k_smes"
    assert frame.loc[("CN", "cost_supported_wan"), "unit"] == "wan_yuan"
    assert pd.isna(frame.loc[("CN", "gain_mean"), "lower"])
    assert not (frame["unit"] == "").any()


def test_every_download_names_the_scenario() -> None:
    """Levers, assumption ranges, draws, seed, app version and the pip step in the header of each file."""
    for made in (whatif_downloads.summary(RESULT, "en"), whatif_downloads.paths(RESULT, "en"),
                 whatif_downloads.settings(SPEC, SCENARIO, 200, 7, "en")):
        text = csv_bytes(made, dt.date(2026, 1, 1)).decode("utf-8")
        assert "# note: scenario, not a forecast\n" in text
        assert "budget=120.5;" in text and "speed=0.2..0.4;" in text
        assert "# note: draws: 200; seed: 7\n" in text
        assert f"# app: smedx {about.version()}\n" in text and about.install_command() in text


def test_paths_match_the_result() -> None:
    frame = _read(csv_bytes(whatif_downloads.paths(RESULT, "en")))
    assert len(frame) == len(RESULT.paths)
    pd.testing.assert_series_equal(frame["value"], RESULT.paths["p50"], check_names=False)
    assert set(frame.loc[frame["measure"].eq("gain"), "unit"]) == {"pp"}


def test_settings_rows_hold_levers_and_ranges() -> None:
    frame = _read(csv_bytes(whatif_downloads.settings(SPEC, SCENARIO, 200, 7, "en"))).set_index("param")
    assert len(frame) == len(SPEC.params)
    assert frame.loc["budget", "value"] == 120.5 and frame.loc["budget", "kind"] == "lever"
    assert (frame.loc["speed", "lower"], frame.loc["speed", "upper"]) == (0.2, 0.4)
    assert frame["source_id"].notna().all()
