"""Display and comparison frames: the upload's aggregates named and formatted, and — for regions and clusters —
side by side with the paper's published figures (read through :mod:`smedx.regional` and :mod:`smedx.clusters`).

The published figures are the paper's 2020 shares of SMEs that have started digital transformation (ACFIC
survey); they compare with the upload's ``implemented`` share only. Values are PERCENT (0–100).
"""
from __future__ import annotations

import math

import pandas as pd

from smedx import clusters, datasets, formatting, names, provenance, regional
from smedx.export import Download
from smedx.i18n import normalise_lang, t
from smedx.mydata import aggregate, schema

COMPARED: tuple[str, ...] = ("region", "cluster")
COMPARED_MEASURE = "implemented"
MINE, PUBLISHED = "mine", "published"
NS = schema.NAMESPACE


def group_names(grouping: str, lang: str) -> dict[str, str]:
    """Group id → display name for the place groupings (industry and size: see :func:`group_name`)."""
    lang = normalise_lang(lang)
    if grouping == "region":
        return regional.region_options(lang)
    if grouping == "cluster":
        return clusters.cluster_options(lang)
    if grouping == "province":
        frame = datasets.provinces()
        return dict(zip(frame["adcode"], frame[f"name_{lang}"], strict=True))
    if grouping == "city":
        index = names.cities()
        return index.english if lang == "en" else index.display
    return {}


def group_name(grouping: str, group: str, lang: str, known: dict[str, str]) -> str:
    """Display name of one group; industries are shown as written in the upload."""
    if group == aggregate.ALL:
        return t(f"{NS}.all_firms", lang)
    if grouping == "size":
        return t(f"{NS}.size_{group}", lang)
    return known.get(group, group)


def percent(value: float, lang: str) -> str:
    return formatting.with_unit(value, "percent", lang, decimals=1)


def share_text(row: dict, lang: str) -> str:
    """"37.2% (33.1–41.5)", or the suppression note — never a bare number for a suppressed cell."""
    if row["suppressed"] or math.isnan(row["share_pct"]):
        return t(f"{NS}.suppressed", lang, n_eff=formatting.number(row["n_eff"], 1), min=f"{schema.MIN_N_EFF:g}")
    span = t("units.range", lang, low=f"{row['lower_pct']:.1f}", high=f"{row['upper_pct']:.1f}")
    return t(f"{NS}.share_with_interval", lang, share=percent(row["share_pct"], lang), interval=span)


def named(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``table`` (one grouping, from :func:`aggregate.table`) with ``name`` and ``text`` columns."""
    grouping = str(table["grouping"].iloc[0]) if len(table) else ""
    known = group_names(grouping, lang)
    return table.assign(name=[group_name(grouping, g, lang, known) for g in table["group"]],
                        text=[share_text(r, lang) for r in table.to_dict("records")])


def display(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The aggregate as shown on the page: localized headers, share with interval or suppression note."""
    frame = named(table, lang)
    return pd.DataFrame({
        t(f"{NS}.col_group", lang): frame["name"],
        t(f"{NS}.col_share", lang, **schema.text_fields(lang)): frame["text"],
        "n": frame["n"],
        "n_eff": frame["n_eff"].round(1),
    })


def download(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The aggregate as downloaded: stable English column ids, the group's name in ``lang`` and the method."""
    known: dict[str, dict[str, str]] = {}
    names_ = [group_name(g, k, lang, known.setdefault(g, group_names(g, lang)))
              for g, k in zip(table["grouping"], table["group"], strict=True)]
    out = table.assign(group_name=names_, method=schema.METHOD_ID, confidence=schema.CONFIDENCE,
                       min_n_eff=schema.MIN_N_EFF)
    return out[["grouping", "group", "group_name", "measure", "n", "sum_weight", "n_eff", "share_pct", "lower_pct",
                "upper_pct", "suppressed", "confidence", "min_n_eff", "method"]].round(
        {"sum_weight": 4, "n_eff": 2, "share_pct": 2, "lower_pct": 2, "upper_pct": 2})


UPLOAD_LOCATOR = "the uploaded file (session only; not stored)"


def as_download(table: pd.DataFrame, lang: str, filters: dict[str, str]) -> Download:
    """:func:`download` with the data columns of every download: ``value``/``lower``/``upper`` = the weighted
    share and its 95 % Wilson interval (percent, blank when suppressed), ``status`` ``estimate`` or
    ``suppressed``; the source is the user's own upload (no ``source_id``)."""
    frame = download(table, lang)
    data = frame.assign(value=frame["share_pct"].astype(float), lower=frame["lower_pct"].astype(float),
                        upper=frame["upper_pct"].astype(float), unit="percent",
                        status=["suppressed" if s else "estimate" for s in frame["suppressed"]], source_id="",
                        locator=UPLOAD_LOCATOR)
    return Download("My data: weighted shares of the uploaded firm records", data, filters,
                    (f"method: {schema.METHOD_ID}; cells with n_eff < {schema.MIN_N_EFF:g} suppressed",))


def published(grouping: str, lang: str) -> pd.DataFrame:
    """The paper's figures of ``grouping`` (region or cluster): group, name, value, text, source_id, locator."""
    source = regional.region_table(lang) if grouping == "region" else clusters.cluster_table(lang)
    column = "region" if grouping == "region" else "cluster"
    return pd.DataFrame({"group": source[column], "name": source["name"], "value": source["value"],
                         "text": source["text"], "source_id": source["source_id"], "locator": source["locator"]})


def comparison(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long frame for the side-by-side bars: per published group, a ``published`` and a ``mine`` row.

    Columns: group, name, series, series_label, value, lower, upper, text, suppressed (mine only). Groups are in
    the published order (highest first); a group without firms in the upload shows as suppressed with n_eff 0.
    """
    grouping = str(table["grouping"].iloc[0])
    paper = published(grouping, lang)
    mine = named(table, lang).set_index("group")
    rows = []
    for fig in paper.to_dict("records"):
        rows.append({"group": fig["group"], "name": fig["name"], "series": PUBLISHED,
                     "series_label": t(f"{NS}.series_published", lang), "value": fig["value"], "lower": math.nan,
                     "upper": math.nan, "text": fig["text"], "suppressed": False})
        if fig["group"] in mine.index:
            own = mine.loc[fig["group"]]
            values = (own["share_pct"], own["lower_pct"], own["upper_pct"], own["text"], bool(own["suppressed"]))
        else:
            empty = {"suppressed": True, "share_pct": math.nan, "n_eff": 0.0}
            values = (math.nan, math.nan, math.nan, share_text(empty, lang), True)
        rows.append({"group": fig["group"], "name": fig["name"], "series": MINE,
                     "series_label": t(f"{NS}.series_mine", lang), "value": values[0], "lower": values[1],
                     "upper": values[2], "text": values[3], "suppressed": values[4]})
    return pd.DataFrame(rows)


def published_source(grouping: str, lang: str, markdown: bool = False) -> str:
    """Source caption of the published figures of ``grouping`` (plain text, or markdown with links)."""
    caption = provenance.caption if markdown else provenance.caption_text
    return caption(published(grouping, lang), lang)


def my_rates(table: pd.DataFrame) -> dict[str, float]:
    """Region → upload share (percent) for the map; suppressed regions are left out (drawn as no data)."""
    shown = table[~table["suppressed"] & table["group"].ne(aggregate.ALL)]
    return dict(zip(shown["group"], shown["share_pct"], strict=True))
