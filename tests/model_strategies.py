"""Hypothesis strategies for model scenarios (shared by the tests/test_model_*.py files)."""
from __future__ import annotations

from hypothesis import strategies as st

from smedx.model import params

SPEC = params.load_spec()


def on_grid(param: params.Param) -> st.SearchStrategy[float]:
    """A value of the parameter's step grid."""
    n = round((param.max - param.min) / param.step)
    return st.integers(0, n).map(lambda k: params.snap(param.min + k * param.step, param))


def scenarios() -> st.SearchStrategy[params.Scenario]:
    """Any lever values and assumption ranges the UI can produce."""
    ranges = {p.id: st.tuples(on_grid(p), on_grid(p)).map(lambda t: tuple(sorted(t))) for p in SPEC.assumptions}
    return st.builds(
        params.Scenario,
        levers=st.fixed_dictionaries({p.id: on_grid(p) for p in SPEC.levers}),
        assumptions=st.fixed_dictionaries(ranges),
    )
