"""The "reproduce in Python" snippet returns the displayed numbers."""
from __future__ import annotations

import contextlib
import io
from dataclasses import replace

import pandas as pd

from smedx.model import params, simulate, snippet

SPEC = params.load_spec()


def test_snippet_reproduces_the_run() -> None:
    base = params.default_scenario(SPEC, "high")
    scenario = replace(base, levers={**base.levers, "budget": 120.5, "design": 1.0, "trained": 30000.0,
                                     "horizon": 2030.0})
    code = snippet.python_snippet(scenario, n_draws=400, seed=11)
    namespace: dict = {}
    with contextlib.redirect_stdout(io.StringIO()) as out:
        exec(compile(code, "<snippet>", "exec"), namespace)
    expected = simulate.run(scenario, n_draws=400, seed=11)
    pd.testing.assert_frame_equal(namespace["result"].summary, expected.summary)
    printed = out.getvalue()
    assert "gain_p50" in printed and "330100" in printed and "pilot" in printed
    assert f"{expected.summary['gain_p50'].iloc[0]:.2f}" in printed
    assert f"{expected.summary['gain_firms_p50'].iloc[0]:.2f}" in printed


def test_snippet_lists_every_parameter() -> None:
    code = snippet.python_snippet(params.default_scenario(SPEC))
    for pid in SPEC.params:
        assert f'"{pid}"' in code
    assert "n_draws=2000, seed=2020" in code
    assert "not a forecast" in code
    assert "#   pip install smedx-0.1.0.zip\n#   (download smedx-0.1.0.zip, the package's source archive, from the " \
           "dashboard's Sources & methods page)\n" in code  # no repository set: the archive the app offers
