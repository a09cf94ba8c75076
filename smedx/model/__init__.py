"""What-if model: Bass diffusion of SME digital transformation with a policy channel of treated firms.

Funding supports firms (budget × share for retrofits / subsidy per firm, capped by the design's reach) and training
trains firms; an additionality α of them adopt because of it (research notes model-v2). Pure Python (numpy, pandas,
SALib); no streamlit. Shares are fractions 0–1 inside the model and PERCENT (levels) or percentage points (gains) in
every DataFrame it returns. The design and the
evidence behind each parameter are documented in ``docs/model.md`` and ``data/model_params.yaml``.
A scenario is an assumption-driven illustration, not a forecast.
"""
from __future__ import annotations

from smedx.model.params import ModelSpec, Scenario, load_spec
from smedx.model.simulate import Result, run

__all__ = ["ModelSpec", "Result", "Scenario", "load_spec", "run"]
