"""Display names of the geography ids used in ``data/`` (nation, regions, clusters, provinces, cities).

The one place that maps region and cluster ids to names: every page and the tracker use these maps.
"""
from __future__ import annotations

from functools import lru_cache

from smedx import datasets
from smedx.i18n import normalise_lang, t


@lru_cache(maxsize=4)
def _names(lang: str) -> dict[tuple[str, str], str]:
    unnamed = int(datasets.observation("first_tier_cities_unnamed", "CN", 2020)["value"])  # type: ignore[arg-type]
    names: dict[tuple[str, str], str] = {
        ("nation", "CN"): t("places.nation", lang),
        ("city_group", "first_tier_unnamed"): t("places.first_tier_unnamed", lang, n=unnamed),
    }
    for level, frame, key in (("region", datasets.regions(), "region"), ("cluster", datasets.clusters(), "cluster"),
                              ("province", datasets.provinces(), "adcode"),
                              ("city", datasets.cluster_members(), "adcode")):
        for row in frame.to_dict("records"):
            names[(level, str(row[key]))] = str(row[f"name_{lang}"])
    return names


def place_name(level: str, geo_id: str, lang: str) -> str:
    """Name of ``geo_id`` at ``level`` in ``lang``; unknown ids come back unchanged."""
    return _names(normalise_lang(lang)).get((level, geo_id), geo_id)


@lru_cache(maxsize=4)
def region_options(lang: str) -> dict[str, str]:
    """Region id → display name, in the paper's order (east, central, northeast, west); cached, read-only."""
    frame = datasets.regions()
    return dict(zip(frame["region"], frame[f"name_{normalise_lang(lang)}"], strict=True))


@lru_cache(maxsize=4)
def cluster_options(lang: str) -> dict[str, str]:
    """Cluster id → display name, in the paper's order; cached, read-only."""
    frame = datasets.clusters()
    return dict(zip(frame["cluster"], frame[f"name_{normalise_lang(lang)}"], strict=True))
