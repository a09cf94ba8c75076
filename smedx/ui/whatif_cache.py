"""Process-wide memos of the what-if page: model runs, Sobol indices and what is derived from a run (tables, chart
specs, sentences). Results are shared read-only objects, looked up on every rerun for ~1 µs (not the ~0.1 ms of
st.cache_resource's argument hashing)."""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from smedx.memo import shared
from smedx.model import sensitivity, simulate
from smedx.model.params import Scenario, to_query


# Keyed by the scenario's URL form (computed once per rerun, :func:`key`); the scenario itself is passed along
# (``_scenario``: not part of the key), so it is not converted back from the strings.
@shared(128)
def _run(query: tuple[tuple[str, str], ...], levels: tuple[str, ...] | None, _scenario: Scenario) -> simulate.Result:
    return simulate.run(_scenario, levels=levels)


@shared(16)
def _sobol(query: tuple[tuple[str, str], ...], _scenario: Scenario) -> Any:
    return sensitivity.sobol(_scenario)


def key(scenario: Scenario) -> tuple[tuple[str, str], ...]:
    """The scenario's URL form as a hashable key."""
    return tuple(sorted(to_query(scenario).items()))


def run_cached(scenario: Scenario, levels: tuple[str, ...] | None = None) -> simulate.Result:
    """The model result of ``scenario`` (default draws and seed), cached across reruns and sessions; ``levels``:
    only the nation, the pilot segment and the units of these geo levels (the same numbers as a run of all units,
    see :func:`smedx.model.simulate.run`), None: all units."""
    return _run(key(scenario), levels, scenario)


def sobol_cached(scenario: Scenario) -> Any:
    """Sobol indices of ``scenario`` (:func:`smedx.model.sensitivity.sobol`), cached."""
    return _sobol(key(scenario), scenario)


class _Same:
    """Hashes by identity: a cached model result (the same object for the same scenario) as a cache key."""

    __slots__ = ("obj",)

    def __init__(self, obj: object) -> None:
        self.obj = obj

    def __hash__(self) -> int:
        return id(self.obj)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.obj is self.obj


@lru_cache(maxsize=256)
def _derived(function: Callable[..., Any], result: _Same, *args: Any) -> Any:
    return function(result.obj, *args)


def derived(function: Callable[..., Any], result: simulate.Result, *args: Any) -> Any:
    """``function(result, *args)`` computed once per cached result: a rerun with an unchanged scenario (another
    widget, a tab switch) reuses the tables and chart specs; treat them as read-only."""
    return _derived(function, _Same(result), *args)
