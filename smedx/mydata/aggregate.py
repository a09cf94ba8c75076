"""Weighted shares of the uploaded firms by grouping, with 95 % Wilson intervals on the Kish effective sample size.

For a group with weights w and answers y ∈ {0, 1} (firms without an answer to the measure left out):
share p = Σwy / Σw; Kish n_eff = (Σw)² / Σw²; interval = Wilson score interval of p with n_eff trials
(``statsmodels.stats.proportion.proportion_confint(p·n_eff, n_eff, method="wilson")``; statsmodels accepts
non-integer counts). With equal weights n_eff = n and this is the textbook Wilson interval. Groups with
n_eff < :data:`~smedx.mydata.schema.MIN_N_EFF` are suppressed: share and interval stay missing. Shares and bounds
are PERCENT (0–100), like the published figures.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from smedx import datasets
from smedx.i18n import t
from smedx.mydata import schema

GROUPINGS: tuple[str, ...] = ("region", "province", "cluster", "city", "industry", "size")
ALL = "all"  # the whole upload, in every grouping's table
COLUMNS: tuple[str, ...] = ("grouping", "group", "measure", "n", "sum_weight", "n_eff", "share_pct", "lower_pct",
                            "upper_pct", "suppressed")


def measures(records: pd.DataFrame) -> tuple[str, ...]:
    """The measures the upload answers: the three statuses and every barrier column it has."""
    return (*schema.STATUSES, *(b.column for b in schema.barriers() if b.column in records))


#: Every measure an upload can answer (the ids a link may hold in ``?measure=``).
ALL_MEASURES: tuple[str, ...] = (*schema.STATUSES, *(b.column for b in schema.barriers()))


def measure_label(measure: str, lang: str) -> str:
    """A measure's name: a status, or "barrier: <title>"."""
    barrier = next((b for b in schema.barriers() if b.column == measure), None)
    if barrier is None:
        return t(f"{schema.NAMESPACE}.measure_{measure}", lang)
    return t(f"{schema.NAMESPACE}.measure_barrier", lang, title=barrier.title_en if lang == "en" else barrier.title_zh)


def _keyed(records: pd.DataFrame, grouping: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(row positions, group codes, group ids) of ``grouping``: one entry per firm and group it is in (a firm of
    a city in two clusters is in both); firms without a group are left out."""
    if grouping != "cluster":
        values = records[grouping]
    else:
        members = datasets.cluster_members()
        if members["adcode"].duplicated().any():  # a city in two clusters: one row per membership
            rows = pd.DataFrame({"city": records["city"].to_numpy(), "row": np.arange(len(records))})
            joined = rows.merge(members[["adcode", "cluster"]], left_on="city", right_on="adcode", how="inner")
            codes, groups = pd.factorize(joined["cluster"], sort=True)
            return joined["row"].to_numpy(), codes, [str(g) for g in groups]
        values = records["city"].map(dict(zip(members["adcode"], members["cluster"], strict=True)))
    codes, groups = pd.factorize(values, sort=True)
    inside = codes >= 0
    return np.flatnonzero(inside), codes[inside], [str(g) for g in groups]


def wilson(share: np.ndarray, n_eff: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """95 % Wilson bounds (shares 0–1) of ``share`` with ``n_eff`` trials; NaN where n_eff is 0."""
    from statsmodels.stats.proportion import proportion_confint  # heavy import: only when someone aggregates

    lower = np.full(len(share), np.nan)
    upper = np.full(len(share), np.nan)
    ok = n_eff > 0
    if ok.any():
        low, high = proportion_confint(share[ok] * n_eff[ok], n_eff[ok], alpha=1 - schema.CONFIDENCE,
                                       method="wilson")
        lower[ok], upper[ok] = low, high
    return lower, upper


def tables(records: pd.DataFrame, grouping: str, chosen: tuple[str, ...] | None = None,
           min_n_eff: float = schema.MIN_N_EFF) -> pd.DataFrame:
    """One row per group of ``grouping`` and measure (default: every measure of the upload), largest Σw first,
    with the whole upload as :data:`ALL` last; columns :data:`COLUMNS`. Firms with no value for the grouping
    (no city, no industry …) are left out of the groups but counted in ``all``; firms that did not answer a
    measure are left out of that measure."""
    chosen = chosen or measures(records)
    rows, codes, groups = _keyed(records, grouping)
    weight = records["weight"].to_numpy(dtype=float)
    frames = [_sums(records[m].to_numpy(dtype=float), weight, rows, codes, len(groups)).assign(
        grouping=grouping, group=[*groups, ALL], measure=m) for m in chosen]
    sums = pd.concat(frames, ignore_index=True)
    share = (sums["wy"] / sums["w"]).to_numpy()
    n_eff = (sums["w"] ** 2 / sums["w2"]).to_numpy()
    lower, upper = wilson(share, n_eff)
    suppressed = ~(n_eff >= min_n_eff)
    out = pd.DataFrame({
        "grouping": sums["grouping"], "group": sums["group"], "measure": sums["measure"],
        "n": sums["n"].astype(int), "sum_weight": sums["w"], "n_eff": n_eff,
        "share_pct": np.where(suppressed, np.nan, share * 100), "lower_pct": np.where(suppressed, np.nan, lower * 100),
        "upper_pct": np.where(suppressed, np.nan, upper * 100), "suppressed": suppressed,
    })
    out = out[out["n"].gt(0)]
    out["_all"] = out["group"].eq(ALL)
    out["_measure"] = out["measure"].map({m: i for i, m in enumerate(chosen)})
    out = out.sort_values(["_measure", "_all", "sum_weight", "group"], ascending=[True, True, False, True],
                          kind="stable")
    return out.drop(columns=["_all", "_measure"]).reset_index(drop=True)


def _sums(y: np.ndarray, w: np.ndarray, rows: np.ndarray, codes: np.ndarray, size: int) -> pd.DataFrame:
    """Per group, then the whole upload: answered firms n, Σw, Σw², Σwy of the answers ``y`` (NaN = not
    answered) with weights ``w`` (``np.bincount`` over the group codes of ``rows``; no groupby, no copies)."""
    answered = ~np.isnan(y)
    w = np.where(answered, w, 0.0)
    columns = {"n": answered.astype(float), "w": w, "w2": w * w, "wy": w * np.nan_to_num(y)}
    return pd.DataFrame({k: np.append(np.bincount(codes, v[rows], minlength=size), v.sum())
                         for k, v in columns.items()})


def table(records: pd.DataFrame, grouping: str, measure: str, min_n_eff: float = schema.MIN_N_EFF) -> pd.DataFrame:
    """:func:`tables` for one measure."""
    return tables(records, grouping, (measure,), min_n_eff)


def every_table(records: pd.DataFrame) -> pd.DataFrame:
    """:func:`tables` for every grouping and measure, stacked (the "all aggregates" download)."""
    return pd.concat([tables(records, g) for g in GROUPINGS], ignore_index=True)
