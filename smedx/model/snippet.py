"""A "reproduce in Python" code text that calls the package and prints the numbers the page shows; it names the
``pip install`` of the package at this version (:func:`smedx.about.install_command`: from the repository when the
deployment names one, else from the source archive the sources page offers), so it runs in any folder."""
from __future__ import annotations

from smedx import about
from smedx.model.params import Scenario
from smedx.model.simulate import DEFAULT_DRAWS, DEFAULT_SEED

_ARCHIVE_NOTE = "#   (download {archive}, the package's source archive, from the dashboard's Sources & methods page)\n"
SUMMARY_COLUMNS = ("geo_level", "geo_id", "base_p50", "scen_p50", "gain_p05", "gain_p50", "gain_p95",
                   "supported_per_10k_p50", "additional_funding_per_10k_p50", "additional_training_per_10k_p50",
                   "gain_firms_p50")


def _mapping(values: dict, indent: str) -> str:
    lines = [f'{indent}    "{key}": {value!r},' for key, value in values.items()]
    return "{\n" + "\n".join(lines) + f"\n{indent}}}"


def python_snippet(scenario: Scenario, n_draws: int = DEFAULT_DRAWS, seed: int = DEFAULT_SEED) -> str:
    """Python code (after the ``pip install`` it names, in any folder) that reproduces the scenario's tables with
    ``smedx.model.run``.

    The text binds ``result``; its last line prints the horizon-year summary (levels in percent, gains in pp).
    """
    levers = {k: float(v) for k, v in scenario.levers.items()}
    assumptions = {k: (float(lo), float(hi)) for k, (lo, hi) in scenario.assumptions.items()}
    columns = ", ".join(f'"{c}"' for c in SUMMARY_COLUMNS)
    return (
        "# Reproduce the what-if numbers (scenario, not a forecast) in any folder, Python 3.11 or later.\n"
        f"# First install this version of the dashboard's package:\n#   {about.install_command()}\n"
        f"{'' if about.repository() else _ARCHIVE_NOTE.format(archive=about.archive_name())}"
        "from smedx.model import Scenario, run\n\n"
        "scenario = Scenario(\n"
        f"    levers={_mapping(levers, '    ')},\n"
        f"    assumptions={_mapping(assumptions, '    ')},\n"
        ")\n"
        f"result = run(scenario, n_draws={int(n_draws)}, seed={int(seed)})\n"
        f"print(result.summary[[{columns}]].round(2).to_string())\n"
    )
