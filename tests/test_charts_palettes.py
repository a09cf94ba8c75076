"""Colour-blind safety of the categorical palettes: every pair of colours a chart shows together stays apart
under simulated deuteranopia and protanopia (Machado, Oliveira & Fernandes 2009, severity 1.0), measured as
CIE76 ΔE in CIELAB. ΔE ≥ 10 reads as clearly different colours at a glance."""
from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from smedx.charts import clusters, mydata, style
from smedx.charts import whatif as whatif_charts

MIN_DELTA_E = 10.0
# Machado et al. (2009) simulation matrices, severity 1.0, applied to linear RGB
MACHADO = {
    "normal": np.eye(3),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
}
PALETTES = {
    "style.CATEGORICAL": style.CATEGORICAL,
    "overview stage split (three stages and the unpublished rest)": (*style.CATEGORICAL[:3], style.NOT_PUBLISHED),
    "clusters.SIDE_COLOURS": tuple(clusters.SIDE_COLOURS.values()),
    "clusters.KIND_COLOURS": tuple(clusters.KIND_COLOURS.values()),
    "clusters.BAND_COLOURS": tuple(clusters.BAND_COLOURS.values()),
    "mydata.SERIES_COLOURS": tuple(mydata.SERIES_COLOURS.values()),
    "whatif base/scenario": (whatif_charts.BASE_COLOUR, whatif_charts.SCEN_COLOUR),
}


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    rgb = np.clip(linear_rgb, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ rgb
    xyz = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(first: str, second: str, vision: str) -> float:
    """CIE76 colour difference of two colours as seen with ``vision``."""
    matrix = MACHADO[vision]
    return float(np.linalg.norm(_lab(matrix @ _linear(first)) - _lab(matrix @ _linear(second))))


@pytest.mark.parametrize("vision", ["normal", "deuteranopia", "protanopia"])
@pytest.mark.parametrize("name", list(PALETTES))
def test_every_pair_of_a_palette_stays_distinguishable(name: str, vision: str) -> None:
    close = [(a, b, round(delta_e(a, b, vision), 1)) for a, b in combinations(PALETTES[name], 2)
             if delta_e(a, b, vision) < MIN_DELTA_E]
    assert not close, f"{name} under {vision}: {close}"


def test_the_check_can_fail() -> None:
    """Red and green, distinct to most readers, are nearly one colour to a deuteranope."""
    assert delta_e("#D62728", "#2CA02C", "normal") > 50
    assert delta_e("#D62728", "#2CA02C", "deuteranopia") < MIN_DELTA_E * 2
