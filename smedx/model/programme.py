"""The real programmes in the simulator's units: facts from ``data/pilot_programme.csv``, presets, slider marks.

财建〔2023〕117号: capped central awards per pilot city, a minimum share for firm retrofits.
工信部联企业〔2024〕239号: ≥ 40,000 SMEs digitally transformed in about 100 pilot cities, 2025–2027.
The presets ("as announced", "twice the scale", "no additional policy") are computed from those rows and the
per-firm subsidy caps of the parameter file; they are the levers' defaults. Money in 亿元 (1e8 yuan) and
万元 (1e4 yuan); shares in PERCENT as the levers show.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from smedx.model.params import ModelSpec, Param, snap

YUAN_PER_YI = 1e8
YUAN_PER_WAN = 1e4
WAN_PER_YI = YUAN_PER_YI / YUAN_PER_WAN
#: pilot_programme.csv rows the presets and marks read.
FIRMS_FACT = "plan_2027_smes"
CITIES_FACT = "plan_2027_cities"
SHARE_FACT = "funds_retrofit_share"
CAP_FACTS = ("cap_other", "cap_capital")
TARGET_FACT = "target_l2_share"
#: The action plan's years (工信部联企业〔2024〕239号, "2025—2027年", the label of the FIRMS_FACT row).
PLAN_YEARS = (2025, 2027)
#: 117号 asks for curated "小快轻准" solutions with vetted providers: the curated design option.
PLAN_DESIGN = 2
PRESETS = ("as_announced", "twice", "none")
PRESET_SCALE = {"as_announced": 1.0, "twice": 2.0, "none": 0.0}


@dataclass(frozen=True)
class Fact:
    """One programme fact: value (in ``unit``), qualifier (at_least / approx / at_most / exact), source, locator."""

    fact_id: str
    value: float
    unit: str
    qualifier: str
    source_id: str
    locator: str


@lru_cache(maxsize=1)
def _facts() -> dict[str, Fact]:
    from smedx.tracker import reference

    rows = reference.programme()
    rows = rows[rows["status"].eq("published")]
    return {str(r.fact_id): Fact(str(r.fact_id), float(r.value), str(r.unit), str(r.qualifier or ""),
                                 str(r.source_id), str(r.locator)) for r in rows.itertuples()}


def fact(fact_id: str) -> Fact:
    """A published programme fact (``KeyError`` if the row is missing or not published)."""
    return _facts()[fact_id]


def facts_rows(fact_ids: tuple[str, ...] = (FIRMS_FACT, CITIES_FACT, SHARE_FACT, *CAP_FACTS)) -> pd.DataFrame:
    """source_id/locator rows of programme facts (for source captions)."""
    return pd.DataFrame([{"source_id": fact(f).source_id, "locator": fact(f).locator} for f in fact_ids])


def firms_funded(budget_yi: float, share_percent: float, subsidy_wan: float) -> float:
    """Firms a budget can subsidise: budget (亿元) × share for retrofits (%) / subsidy per firm (万元)."""
    return budget_yi * WAN_PER_YI * share_percent / 100 / subsidy_wan if subsidy_wan > 0 else 0.0


def budget_for(firms: float, share_percent: float, subsidy_wan: float) -> float:
    """Budget (亿元) that subsidises ``firms`` at the share (%) and subsidy per firm (万元): inverse of firms_funded."""
    return firms * subsidy_wan / (share_percent / 100) / WAN_PER_YI


def plan_subsidy(spec: ModelSpec) -> float:
    """Subsidy per firm of the presets (万元): the middle of the published per-firm caps (actual averages are not
    published), on the lever's grid."""
    caps = spec.subsidy_caps
    return snap((min(caps) + max(caps)) / 2, spec.params["subsidy"])


def plan_firms_per_year() -> float:
    """The action plan's firms a year: its firm count over its years (firms/yr)."""
    first, last = PLAN_YEARS
    return fact(FIRMS_FACT).value / (last - first + 1)


def preset_levers(spec: ModelSpec, preset: str) -> dict[str, float]:
    """Lever values of a programme preset: ``as_announced`` supports the action plan's firms a year over its years
    with the 117号 retrofit share, the middle of the subsidy caps and the curated design; ``twice`` doubles the
    money; ``none`` has no additional policy. No published programme counts firms trained, so none trains any."""
    share = snap(fact(SHARE_FACT).value, spec.params["retrofit_share"])
    subsidy = plan_subsidy(spec)
    budget = budget_for(plan_firms_per_year() * PRESET_SCALE[preset], share, subsidy)
    first, last = PLAN_YEARS
    return {
        "budget": snap(budget, spec.params["budget"]), "retrofit_share": share, "subsidy": subsidy,
        "design": float(PLAN_DESIGN), "trained": 0.0, "intensity": 1.0,
        "start_year": float(first), "end_year": float(last), "horizon": float(last), "calibration": 0.0,
    }


@dataclass(frozen=True)
class Mark:
    """Where a real programme sits on a lever: ``low``–``high`` in the lever's unit (equal for one value)."""

    key: str
    low: float
    high: float


def budget_marks(spec: ModelSpec, share_percent: float, subsidy_wan: float) -> list[Mark]:
    """Marks on the budget lever: the 117号 central awards at their caps for the plan's pilot cities, spread over
    the plan's years (亿元 a year), and the budget that supports the 239号 firm count at the given share and
    subsidy."""
    first, last = PLAN_YEARS
    years = last - first + 1
    cities = fact(CITIES_FACT).value
    caps = sorted(fact(c).value for c in CAP_FACTS)
    plan = budget_for(plan_firms_per_year(), share_percent, subsidy_wan)
    return [Mark("mark_117", cities * caps[0] / years, cities * caps[-1] / years), Mark("mark_239", plan, plan)]


def subsidy_marks(spec: ModelSpec) -> list[Mark]:
    """Mark on the subsidy lever: the published per-firm caps (万元)."""
    caps = spec.subsidy_caps
    return [Mark("mark_caps", min(caps), max(caps))]


def share_marks() -> list[Mark]:
    """Mark on the retrofit-share lever: 117号's minimum share (%)."""
    value = fact(SHARE_FACT).value
    return [Mark("mark_share", value, value)]


def segment_target() -> Fact:
    """The pilots' end-of-pilot target: share of above-scale firms in each pilot sub-sector at level 2+ (%)."""
    return fact(TARGET_FACT)


def param_marks(param: Param, spec: ModelSpec, levers: dict[str, float]) -> list[Mark]:
    """Marks of one lever for the current lever values (none for levers no programme sets)."""
    if param.id == "budget":
        return budget_marks(spec, levers["retrofit_share"], levers["subsidy"])
    if param.id == "subsidy":
        return subsidy_marks(spec)
    if param.id == "retrofit_share":
        return share_marks()
    if param.id in ("start_year", "end_year"):
        return [Mark("mark_years", *(float(y) for y in PLAN_YEARS))]
    return []


def plan_targets(cities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Firm targets of published city pilot plans (confidence V / V-inf) from ``data/pilot_cities.csv``.

    Columns: adcode, name_zh, name_en, target_firms, target_year, confidence, source_id, locator.
    """
    if cities is None:
        from smedx.tracker import reference

        cities = reference.cities()
    rows = cities[cities["target_firms"].notna() & cities["confidence"].isin(["V", "V-inf"])]
    columns = ["adcode", "name_zh", "name_en", "target_firms", "target_year", "confidence", "source_id", "locator"]
    out = rows[columns].reset_index(drop=True)
    out["target_firms"] = pd.to_numeric(out["target_firms"]).astype(int)
    return out


def pilot_check(spec: ModelSpec, targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Firms one city's central award can fund at the per-firm caps vs pilot-plan targets.

    One row per (award cap, subsidy cap): award_yi, retrofit_share (%), subsidy_wan, firms (implied), target_min,
    target_max (firms in the published city plans). Plans also count locally co-funded firms
    (企业出一点、服务商让一点、政府补一点), so targets above the implied number are expected.
    """
    firms_target = (plan_targets() if targets is None else targets)["target_firms"]
    share = fact(SHARE_FACT).value
    rows = []
    for award in sorted(fact(c).value for c in CAP_FACTS):
        for subsidy in spec.subsidy_caps:
            rows.append({"award_yi": award, "retrofit_share": share, "subsidy_wan": subsidy,
                         "firms": firms_funded(award, share, subsidy), "target_min": int(firms_target.min()),
                         "target_max": int(firms_target.max())})
    return pd.DataFrame(rows)
