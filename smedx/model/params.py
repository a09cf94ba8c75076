"""Load and validate ``data/model_params.yaml``; scenarios (lever values + assumption ranges) and their URL form.

Lever values and assumption ranges are kept in the USER unit of the parameter file (e.g. percent per
year); ``Param.scale`` converts them to the model unit (fractions). See the header of the YAML file for
the meaning of kind, grade and tag.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from smedx.paths import DATA_DIR
from smedx.tables import DataError

PARAMS_FILE = "model_params.yaml"
KINDS = ("lever", "assumption")
GRADES = ("A", "B", "C")
TAGS = ("S", "C", "J")
PRESETS = ("low", "central", "high")
DISTS = ("uniform", "loguniform", "triangular")
#: User units a parameter may declare (each has a label ``whatif.unit_<unit>`` in the locale files).
UNITS = ("yi_per_year", "percent", "wan_per_firm", "preset", "firms_per_year", "firms", "year", "per_year",
         "fraction", "multiplier")
#: Lever channels whose lowest value means "no additional policy"; the gain is non-decreasing in each lever of
#: them except the subsidy per firm (a higher subsidy supports fewer firms with the same money).
INTENSITY_CHANNELS = ("funding", "design", "talent")
#: The parameters the model needs (smedx.model.simulate reads each of them).
REQUIRED = frozenset({
    "budget", "retrofit_share", "subsidy", "design", "trained", "intensity", "start_year", "end_year", "horizon",
    "calibration", "speed", "ceiling", "alpha_funding", "alpha_light", "alpha_intensive",
    "spillover", "segment_size", "segment_level",
})
#: Levers whose options carry a reach range (the design's cap on firms reached a year).
REACH_LEVERS = ("design",)


class ParamFileError(DataError):
    """The parameter file is malformed; the message names the parameter and the field."""


@dataclass(frozen=True)
class Option:
    """One choice of an ordinal lever; for the design, ``reach`` is the range of the yearly cap on firms reached
    (share of not-yet-transformed firms)."""

    value: int
    label_zh: str
    label_en: str
    reach: tuple[float, float] | None = None


@dataclass(frozen=True)
class Param:
    """One lever or assumption as declared in the parameter file (values in the user unit)."""

    id: str
    label_zh: str
    label_en: str
    unit: str
    scale: float
    kind: str
    channel: str
    min: float
    max: float
    step: float
    grade: str
    tag: str
    sources: tuple[str, ...]
    description_zh: str
    description_en: str
    policy_zh: str
    policy_en: str
    default: tuple[float, float] | None = None
    presets: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    dist: str = "uniform"
    mode: float | None = None
    options: tuple[Option, ...] = ()

    @property
    def is_intensity(self) -> bool:
        """True for policy levers (funding, design, talent), as opposed to timing and calibration."""
        return self.kind == "lever" and self.channel in INTENSITY_CHANNELS

    def text(self, name: str, lang: str) -> str:
        """Return ``label``/``description``/``policy`` in ``lang`` ("zh" or "en")."""
        return str(getattr(self, f"{name}_{'en' if lang == 'en' else 'zh'}"))


@dataclass(frozen=True)
class ModelSpec:
    """The validated parameter file."""

    base_year: int
    validation_year: int
    validation_band: tuple[float, float]
    validation_sources: tuple[str, ...]
    params: Mapping[str, Param]
    subsidy_caps: tuple[float, ...]
    subsidy_cap_sources: tuple[str, ...]
    bass_split: tuple[float, float]
    bass_split_sources: tuple[str, ...]

    @property
    def levers(self) -> list[Param]:
        return [p for p in self.params.values() if p.kind == "lever"]

    @property
    def assumptions(self) -> list[Param]:
        return [p for p in self.params.values() if p.kind == "assumption"]

    def source_ids(self) -> set[str]:
        """Every source_id the file refers to."""
        ids = {s for p in self.params.values() for s in p.sources}
        return ids | set(self.validation_sources) | set(self.subsidy_cap_sources) | set(self.bass_split_sources)


def _need(raw: Mapping[str, Any], key: str, where: str) -> Any:
    if key not in raw or raw[key] is None or raw[key] == "":
        raise ParamFileError(f"{where}: missing field {key!r}")
    return raw[key]


def _pair(value: Any, where: str) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ParamFileError(f"{where}: expected [lo, hi], got {value!r}")
    lo, hi = float(value[0]), float(value[1])
    if not lo <= hi:
        raise ParamFileError(f"{where}: lo {lo} > hi {hi}")
    return lo, hi


def _in_bounds(value: float, lo: float, hi: float, where: str) -> None:
    if not lo <= value <= hi:
        raise ParamFileError(f"{where}: {value} outside [{lo}, {hi}]")


def _param(raw: Mapping[str, Any]) -> Param:
    pid = str(_need(raw, "id", "parameter"))
    where = f"{PARAMS_FILE}: parameter {pid!r}"
    kind = _need(raw, "kind", where)
    if kind not in KINDS:
        raise ParamFileError(f"{where}: kind {kind!r} not in {KINDS}")
    grade, tag = _need(raw, "grade", where), _need(raw, "tag", where)
    if grade not in GRADES:
        raise ParamFileError(f"{where}: grade {grade!r} not in {GRADES}")
    if tag not in TAGS:
        raise ParamFileError(f"{where}: tag {tag!r} not in {TAGS}")
    if raw.get("unit") not in UNITS:
        raise ParamFileError(f"{where}: unit {raw.get('unit')!r} not in {UNITS}")
    lo, hi = float(_need(raw, "min", where)), float(_need(raw, "max", where))
    step = float(_need(raw, "step", where))
    if not (lo < hi and step > 0):
        raise ParamFileError(f"{where}: need min < max and step > 0")
    sources = tuple(str(s) for s in raw.get("sources") or ())
    texts = {k: str(_need(raw, k, where)) for k in (
        "label_zh", "label_en", "unit", "description_zh", "description_en", "policy_zh", "policy_en")}
    common = dict(id=pid, kind=kind, channel=str(_need(raw, "channel", where)), min=lo, max=hi, step=step,
                  scale=float(_need(raw, "scale", where)), grade=grade, tag=tag, sources=sources, **texts)
    if kind == "lever":
        options = tuple(
            Option(int(o["value"]), str(o["label_zh"]), str(o["label_en"]),
                   _pair(o["reach"], f"{where}: option {o.get('value')}") if pid in REACH_LEVERS else None)
            for o in raw.get("options") or ()
        )
        if options and [o.value for o in options] != list(range(int(lo), int(hi) + 1)):
            raise ParamFileError(f"{where}: options must be numbered min..max")
        reaches = [o.reach for o in options if o.reach]
        if any(a[0] > b[0] or a[1] > b[1] for a, b in itertools.pairwise(reaches)):
            raise ParamFileError(f"{where}: option reach ranges must increase")
        if reaches and not all(r[0] > 0 and r[1] <= 1 for r in reaches):
            raise ParamFileError(f"{where}: reach ranges must lie in (0, 1]")
        return Param(options=options, **common)
    default_pair = _pair(_need(raw, "default", where), f"{where}: default")
    presets = {name: _pair(_need(_need(raw, "presets", where), name, f"{where}: presets"), f"{where}: {name}")
               for name in PRESETS}
    for name, (plo, phi) in {"default": default_pair, **presets}.items():
        _in_bounds(plo, lo, hi, f"{where}: {name}")
        _in_bounds(phi, lo, hi, f"{where}: {name}")
    prior = _need(raw, "prior", where)
    dist = prior.get("dist")
    if dist not in DISTS:
        raise ParamFileError(f"{where}: prior dist {dist!r} not in {DISTS}")
    if dist == "loguniform" and lo <= 0:
        raise ParamFileError(f"{where}: loguniform needs min > 0")
    mode = float(prior["mode"]) if dist == "triangular" else None
    if dist == "triangular":
        _in_bounds(mode, lo, hi, f"{where}: prior mode")  # type: ignore[arg-type]
    return Param(default=default_pair, presets=presets, dist=dist, mode=mode, **common)


def parse_spec(data: Mapping[str, Any]) -> ModelSpec:
    """Validate the parsed YAML mapping and return a :class:`ModelSpec`."""
    params: dict[str, Param] = {}
    for raw in _need(data, "parameters", PARAMS_FILE):
        param = _param(raw)
        if param.id in params:
            raise ParamFileError(f"{PARAMS_FILE}: duplicate parameter {param.id!r}")
        params[param.id] = param
    missing = REQUIRED - set(params)
    if missing:
        raise ParamFileError(f"{PARAMS_FILE}: the model needs parameters {sorted(missing)}")
    for pid in (*REACH_LEVERS, "intensity", "calibration"):
        if not params[pid].options:
            raise ParamFileError(f"{PARAMS_FILE}: parameter {pid!r} needs options")
    validation = _need(data, "validation", PARAMS_FILE)
    caps = _need(_need(data, "policy_check", PARAMS_FILE), "subsidy_wan", f"{PARAMS_FILE}: policy_check")
    subsidy_caps = tuple(float(v) for v in _need(caps, "values", f"{PARAMS_FILE}: policy_check.subsidy_wan"))
    if not subsidy_caps or min(subsidy_caps) <= 0:
        raise ParamFileError(f"{PARAMS_FILE}: policy_check.subsidy_wan: values must be positive")
    split = _need(data, "bass_split", PARAMS_FILE)
    bass_p, bass_q = float(_need(split, "p", "bass_split")), float(_need(split, "q", "bass_split"))
    if not (bass_p > 0 and bass_q > 0):
        raise ParamFileError(f"{PARAMS_FILE}: bass_split: p and q must be positive")
    return ModelSpec(
        base_year=int(_need(data, "base_year", PARAMS_FILE)),
        validation_year=int(validation["year"]),
        validation_band=_pair(validation["band"], "validation band"),
        validation_sources=tuple(validation.get("sources", ())),
        params=params,
        subsidy_caps=subsidy_caps,
        subsidy_cap_sources=tuple(str(s) for s in caps.get("sources") or ()),
        bass_split=(bass_p, bass_q),
        bass_split_sources=tuple(str(s) for s in split.get("sources") or ()),
    )


@lru_cache(maxsize=4)
def load_spec(path: Path = DATA_DIR / PARAMS_FILE) -> ModelSpec:
    """Read and validate the parameter file (cached per path); any failure is a ``ParamFileError`` naming the file
    (not its server path)."""
    name = Path(path).name
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParamFileError(f"{name}: file not found") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ParamFileError(f"{name}: YAML syntax: {exc}") from None
    try:
        return parse_spec(data)
    except ParamFileError:
        raise
    except (TypeError, KeyError, AttributeError, ValueError, IndexError) as exc:  # a corrupt but parseable file
        raise ParamFileError(f"{name}: malformed ({type(exc).__name__}: {exc})") from None


@dataclass(frozen=True)
class Scenario:
    """Lever values (user units) and assumption ranges [lo, hi] (user units)."""

    levers: Mapping[str, float]
    assumptions: Mapping[str, tuple[float, float]]


def default_scenario(spec: ModelSpec, preset: str | None = None, programme: str = "as_announced") -> Scenario:
    """The levers of a programme preset (default: as announced, see :mod:`smedx.model.programme`) with the default
    assumption ranges, or those of ``preset`` (low/central/high)."""
    from smedx.model.programme import preset_levers

    assumptions = {p.id: (p.presets[preset] if preset else p.default) for p in spec.assumptions}
    return Scenario(preset_levers(spec, programme), assumptions)  # type: ignore[arg-type]


def with_preset(scenario: Scenario, spec: ModelSpec, preset: str) -> Scenario:
    """Same levers, every assumption range set to ``preset``."""
    return replace(scenario, assumptions={p.id: p.presets[preset] for p in spec.assumptions})


def reference(scenario: Scenario, spec: ModelSpec) -> Scenario:
    """The "no additional policy" scenario: no money and no training, same timing and assumptions."""
    return replace(scenario, levers={**scenario.levers, "budget": spec.params["budget"].min,
                                     "trained": spec.params["trained"].min})


def snap(value: float, param: Param) -> float:
    """Clamp ``value`` to [min, max] and round it to the parameter's step grid."""
    clamped = min(max(float(value), param.min), param.max)
    steps = round((clamped - param.min) / param.step)
    decimals = max(0, -math.floor(math.log10(param.step))) + 1
    return round(min(param.min + steps * param.step, param.max), decimals)


def to_query(scenario: Scenario) -> dict[str, str]:
    """Flat string form for a URL: levers ``id=value``, assumption ranges ``id=lo~hi``."""
    query = {pid: f"{v:g}" for pid, v in scenario.levers.items()}
    query |= {pid: f"{lo:g}~{hi:g}" for pid, (lo, hi) in scenario.assumptions.items()}
    return query


def from_query(query: Mapping[str, str], spec: ModelSpec) -> Scenario:
    """Inverse of :func:`to_query`; unknown keys are ignored, bad or missing values fall back to defaults,
    values are clamped to the parameter bounds and snapped to the step grid."""
    base = default_scenario(spec)
    levers = dict(base.levers)
    assumptions = dict(base.assumptions)
    for param in spec.params.values():
        text = query.get(param.id)
        if text is None:
            continue
        try:
            if param.kind == "lever":
                levers[param.id] = snap(float(text), param)
            else:
                lo_text, hi_text = str(text).split("~")
                lo, hi = sorted((snap(float(lo_text), param), snap(float(hi_text), param)))
                assumptions[param.id] = (lo, hi)
        except (ValueError, OverflowError):
            continue
    return Scenario(levers, assumptions)
