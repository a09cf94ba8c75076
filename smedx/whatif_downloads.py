"""What-if downloads: the horizon summary, the yearly paths and the scenario itself, each carrying the full
scenario (levers, assumption ranges, draws, seed, app version) in its header (pure pandas, no streamlit).

Model numbers are a scenario, not a forecast: ``status`` is ``scenario``; ``value`` is the median of the draws,
``lower``/``upper`` the 5th/95th percentiles (the 90 % band), ``p25``/``p75`` the 50 % band. Units: ``percent``
(levels, 0–100), ``pp`` (gains), ``per_10k_smes`` (firms per 10,000 SMEs of the unit), ``firms``, ``wan_yuan``
(万元), ``yi_yuan`` (亿元).
"""
from __future__ import annotations

import re

import pandas as pd

from smedx import about, whatif
from smedx.export import Download
from smedx.model.params import ModelSpec, Scenario
from smedx.model.simulate import Result

STATUS = "scenario"
LOCATOR = "smedx.model.run with data/model_params.yaml"
BANDS = "value = median of the draws; lower/upper = 5th/95th percentile (90 % band); p25/p75 = the 50 % band"
_PERCENTILE = re.compile(r"^(?P<measure>.+)_(?P<stat>p\d\d)$")


def unit_of(measure: str) -> str:
    """The unit of a summary measure (see the module docstring)."""
    if measure in ("base", "scen"):
        return "percent"
    if measure.startswith(("gain_mean", "attr_")) or measure == "gain":
        return "pp"
    if measure.endswith("_per_10k"):
        return "per_10k_smes"
    if measure.endswith("_firms"):
        return "firms"
    if measure.endswith("_wan"):
        return "wan_yuan"
    return "yi_yuan" if measure.startswith("spend_yi") else ""


def scenario_notes(scenario: Scenario, n_draws: int, seed: int) -> tuple[str, ...]:
    """Header lines that let anyone rerun the numbers: levers, assumption ranges, draws, seed, the pip step."""
    levers = "; ".join(f"{k}={float(v):g}" for k, v in scenario.levers.items())
    ranges = "; ".join(f"{k}={float(lo):g}..{float(hi):g}" for k, (lo, hi) in scenario.assumptions.items())
    return ("scenario, not a forecast", f"levers: {levers}", f"assumption ranges: {ranges}",
            f"draws: {int(n_draws)}; seed: {int(seed)}", BANDS, f"reproduce: {about.install_command()}")


def _unit_names(frame: pd.DataFrame, lang: str) -> list[str]:
    return [whatif.unit_name(lvl, g, lang) for lvl, g in zip(frame["geo_level"], frame["geo_id"], strict=True)]


def summary(result: Result, lang: str) -> Download:
    """One row per unit and measure at the horizon year (long form)."""
    wide = result.summary
    measures: dict[str, dict[str, str]] = {}
    for column in wide.columns[3:]:
        match = _PERCENTILE.match(column)
        name, stat = (match["measure"], match["stat"]) if match else (column, "value")
        measures.setdefault(name, {})[stat] = column
    parts = []
    for name, stats in measures.items():
        value = stats.get("p50", stats.get("value"))
        part = pd.DataFrame({
            "geo_level": wide["geo_level"], "geo_id": wide["geo_id"], "year": wide["year"], "measure": name,
            "value": wide[value].astype(float),
            "lower": wide[stats["p05"]].astype(float) if "p05" in stats else float("nan"),
            "upper": wide[stats["p95"]].astype(float) if "p95" in stats else float("nan"),
            "p25": wide[stats["p25"]].astype(float) if "p25" in stats else float("nan"),
            "p75": wide[stats["p75"]].astype(float) if "p75" in stats else float("nan"),
            "unit": unit_of(name), "status": STATUS, "source_id": "", "locator": LOCATOR,
        })
        parts.append(part)
    frame = pd.concat(parts, ignore_index=True)
    frame["name"] = _unit_names(frame, lang)
    return Download("What-if summary at the horizon year (scenario, not a forecast)", frame,
                    notes=scenario_notes(result.scenario, result.n_draws, result.seed))


def paths(result: Result, lang: str) -> Download:
    """Yearly percentiles of reference, scenario and gain for every unit."""
    raw = result.paths
    frame = pd.DataFrame({
        "year": raw["year"], "geo_level": raw["geo_level"], "geo_id": raw["geo_id"], "measure": raw["measure"],
        "value": raw["p50"], "lower": raw["p05"], "upper": raw["p95"], "p25": raw["p25"], "p75": raw["p75"],
        "unit": ["pp" if m == "gain" else "percent" for m in raw["measure"]], "status": STATUS, "source_id": "",
        "locator": LOCATOR,
    })
    frame["name"] = _unit_names(frame, lang)
    return Download("What-if yearly paths (scenario, not a forecast)", frame,
                    notes=scenario_notes(result.scenario, result.n_draws, result.seed))


def settings(spec: ModelSpec, scenario: Scenario, n_draws: int, seed: int, lang: str) -> Download:
    """The scenario as rows: each lever (``value``) and assumption range (``lower``/``upper``) with its unit,
    evidence grade, research tag and first source."""
    rows = []
    for param in spec.params.values():
        lever = param.kind == "lever"
        lo, hi = (float("nan"), float("nan")) if lever else scenario.assumptions[param.id]
        rows.append({"param": param.id, "kind": param.kind, "channel": param.channel,
                     "value": float(scenario.levers[param.id]) if lever else float("nan"),
                     "lower": float(lo), "upper": float(hi), "unit": param.unit, "status": STATUS,
                     "grade": param.grade, "tag": param.tag, "source_id": param.sources[0] if param.sources else "",
                     "sources": ";".join(param.sources), "locator": "data/model_params.yaml",
                     "label": whatif.param_label(param, lang)})
    return Download("What-if scenario settings", pd.DataFrame(rows), notes=scenario_notes(scenario, n_draws, seed))
