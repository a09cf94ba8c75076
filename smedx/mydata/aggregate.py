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
from smedx.mydata import schema

GROUPINGS: tuple[str, ...] = ("region", "province", "cluster", "city", "industry", "size")
ALL = "all"  # the whole upload, in every grouping's table
COLUMNS: tuple[str, ...] = ("grouping", "group", "measure", "n", "sum_weight", "n_eff", "share_pct", "lower_pct",
                            "upper_pct", "suppressed")


def measures(records: pd.DataFrame) -> tuple[str, ...]:
    """The measures the upload answers: the three statuses and every barrier column it has."""
    return (*schema.STATUSES, *(b.column for b in schema.barriers() if b.column in records))


def _keyed(records: pd.DataFrame, grouping: str) -> pd.DataFrame:
    """``records`` with a ``group`` column for ``grouping`` (a firm of a city in two clusters counts in both)."""
    if grouping != "cluster":
        return records.assign(group=records[grouping])
    members = datasets.cluster_members()
    if not members["adcode"].duplicated().any():  # one cluster per city (the data today): a plain lookup
        return records.assign(group=records["city"].map(dict(zip(members["adcode"], members["cluster"],
                                                                 strict=True))))
    rows = pd.DataFrame({"city": records["city"].to_numpy(), "row": np.arange(len(records))})
    joined = rows.merge(members[["adcode", "cluster"]], left_on="city", right_on="adcode", how="inner")
    return records.iloc[joined["row"].to_numpy()].assign(group=joined["cluster"].to_numpy())


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
    records = records[["city" if grouping == "cluster" else grouping, "weight", *chosen]]  # only what is summed
    keyed = _keyed(records, grouping).dropna(subset=["group"])
    codes, groups = pd.factorize(keyed["group"], sort=True)
    groups = [str(g) for g in groups]
    frames = []
    for measure in chosen:
        frames.append(_sums(keyed, records, measure, codes, len(groups)).assign(
            grouping=grouping, group=[*groups, ALL], measure=measure))
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


def _sums(keyed: pd.DataFrame, records: pd.DataFrame, measure: str, codes: np.ndarray, size: int) -> pd.DataFrame:
    """Per group (then the whole upload): answered firms n, Σw, Σw², Σwy of ``measure`` (bincount, no groupby)."""
    out = {}
    for name, frame, index in (("groups", keyed, codes), ("all", records, None)):
        y = frame[measure].to_numpy(dtype=float)
        w = frame["weight"].to_numpy(dtype=float)
        answered = ~np.isnan(y)
        w = np.where(answered, w, 0.0)
        columns = {"n": answered.astype(float), "w": w, "w2": w * w, "wy": w * np.nan_to_num(y)}
        out[name] = ({k: np.bincount(index, v, minlength=size) for k, v in columns.items()} if index is not None
                     else {k: np.array([v.sum()]) for k, v in columns.items()})
    return pd.DataFrame({k: np.concatenate([out["groups"][k], out["all"][k]]) for k in ("n", "w", "w2", "wy")})


def table(records: pd.DataFrame, grouping: str, measure: str, min_n_eff: float = schema.MIN_N_EFF) -> pd.DataFrame:
    """:func:`tables` for one measure."""
    return tables(records, grouping, (measure,), min_n_eff)


def every_table(records: pd.DataFrame) -> pd.DataFrame:
    """:func:`tables` for every grouping and measure, stacked (the "all aggregates" download)."""
    return pd.concat([tables(records, g) for g in GROUPINGS], ignore_index=True)
