"""Display text for figures: units, intervals and unpublished values, in Chinese or English.

Numbers keep the decimals the source printed (``decimals`` column added by the loader), so 43.0 shows as
"43.0%" exactly as in the paper. ``percent`` values are 0–100.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from smedx.i18n import normalise_lang, t

# Units measured in 10,000s (万) print as millions in English.
_WAN_UNITS = {"wan_firms", "wan_persons"}


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def number(value: float, decimals: int = 1, thousands: bool = True) -> str:
    """``value`` with ``decimals`` places (thousands separator optional)."""
    return f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: float, unit: str, lang: str, decimals: int = 1) -> str:
    """Format one number in ``unit`` for ``lang`` (e.g. 32.9 percent → "32.9%").

    ``times_increase`` is the Chinese "增长了x倍" (an increase of x times the base): English spells it as the
    percentage increase and the multiple of the base (1.7 → "+170 % (2.7 × the base)"), never "1.7-fold".
    """
    bare = _bare(value, unit, lang, decimals)
    if unit == "times_increase":
        return t("units.times_increase", normalise_lang(lang), x=bare, pct=number(value * 100, 0),
                 total=number(value + 1, decimals))
    return t(f"units.{unit}", normalise_lang(lang), x=bare)


def year_text(year: object, inferred: bool, lang: str) -> str:
    """A figure's year for titles: "2020年", or "2020年（年份为推断）" where the source gives no year."""
    if _missing(year):
        return t("units.year_not_stated", lang)
    return t("units.year_inferred" if inferred else "units.year", lang, x=int(year))  # type: ignore[call-overload]


def _bare(value: float, unit: str, lang: str, decimals: int) -> str:
    if unit in _WAN_UNITS and normalise_lang(lang) == "en":
        return _trim(f"{value / 100:,.{decimals + 2}f}")
    return number(value, decimals, thousands=unit not in _WAN_UNITS)


def observation(row: Mapping[str, object], unit: str, lang: str, long: bool = False) -> str:
    """Display text of an observation or interval row (value/lower/upper/bounds/status/approx/decimals).

    A closed interval prints as "29.7–40.0%"; one with an open end always spells its bounds out
    (">40.0% and ≤44.0%", so the open end is never hidden), as does ``long=True``. A lower bound alone prints
    as ">40%" (open) or "≥40%" (closed, the paper's "以上"); ``not_published`` as "not published".
    """
    lang = normalise_lang(lang)
    decimals = int(row.get("decimals", 1) or 0)
    status = row["status"]
    if status == "published":
        text = with_unit(float(row["value"]), unit, lang, decimals)  # type: ignore[arg-type]
        return t("units.approx", lang, x=text) if row.get("approx") else text
    lower, upper, bounds = row.get("lower"), row.get("upper"), str(row.get("bounds") or "")
    low_key = "gt" if bounds.startswith("(") else "ge"
    high_key = "le" if bounds.endswith("]") else "lt"
    if status == "interval":
        if _missing(upper):
            return t(f"units.{low_key}", lang, x=with_unit(float(lower), unit, lang, decimals))  # type: ignore[arg-type]
        if _missing(lower):
            return t(f"units.{high_key}", lang, x=with_unit(float(upper), unit, lang, decimals))  # type: ignore[arg-type]
        if long or bounds != "[]":
            return t("units.between_long", lang,
                     low=t(f"units.{low_key}", lang, x=with_unit(float(lower), unit, lang, decimals)),  # type: ignore[arg-type]
                     high=t(f"units.{high_key}", lang, x=with_unit(float(upper), unit, lang, decimals)))  # type: ignore[arg-type]
        span = t("units.range", lang, low=_bare(float(lower), unit, lang, decimals),  # type: ignore[arg-type]
                 high=_bare(float(upper), unit, lang, decimals))  # type: ignore[arg-type]
        return t(f"units.{unit}", lang, x=span)
    if not _missing(lower) and lower == upper:
        return t("units.residual", lang, x=with_unit(float(lower), unit, lang, decimals))  # type: ignore[arg-type]
    return t("units.not_published", lang)
