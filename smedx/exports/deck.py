"""The briefing deck: a PPTX of the views a presenter picked — a title slide, then per view its title, the headline
sentence generated from the data (:mod:`smedx.headlines`), the chart, the source footnote and a hyperlink that
reopens the view; the what-if slide adds the scenario settings and "scenario, not a forecast".

KEY_VIEWS is this module's own ordered list until ``smedx/views.py`` (the URL registry) is merged; then it should
read the key views from there.
"""
from __future__ import annotations

import io
import tomllib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from smedx import headlines, whatif
from smedx.charts import coverage
from smedx.charts import whatif as whatif_charts
from smedx.exports.charts import chart_export, frame
from smedx.exports.images import ChartExport, render_spec
from smedx.i18n import normalise_lang, t
from smedx.paths import ROOT

#: view id → chart id of :data:`smedx.exports.charts.CHARTS` (None: built here), in the deck's fixed order
KEY_VIEWS: dict[str, str | None] = {
    "overview": "overview_year_change", "regional": "regional_bars", "clusters": "cluster_bars",
    "first_tier": "first_tier", "since_survey": "since_survey_rates", "tracker": None, "whatif": None,
}
DEFAULT_VIEWS: tuple[str, ...] = ("overview", "regional", "clusters", "first_tier", "tracker", "whatif")
FONT = "Noto Sans CJK SC"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
GREY = RGBColor(0x55, 0x55, 0x55)


def version() -> str:
    """The app version: the installed package's, else the checkout's pyproject.toml."""
    try:
        return metadata.version("smedx")
    except metadata.PackageNotFoundError:
        return str(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"])


@dataclass(frozen=True)
class Slide:
    """One view's slide: its export (title, source, link, chart spec), headline and extra lines (scenario)."""

    export: ChartExport
    headline: str
    settings: tuple[str, ...] = ()


def _tracker(lang: str, base: str) -> ChartExport:
    return frame("tracker", "tracker", coverage.coverage_spec(lang), t("exports.tracker_title", lang),
                 headlines.headline("tracker", lang), t("exports.tracker_source", lang), lang, base)


def _scenario_settings(scenario: Any, lang: str) -> tuple[str, ...]:
    from smedx.model.params import load_spec

    spec = load_spec()
    return tuple(f"{whatif.param_label(p, lang)}: {whatif.lever_text(p, scenario.levers[p.id], lang)}"
                 for p in spec.levers)


def _whatif(lang: str, base: str, scenario: Any = None) -> Slide:
    from smedx.model import simulate
    from smedx.model.params import default_scenario, load_spec, to_query

    scenario = scenario or default_scenario(load_spec())
    result = simulate.run(scenario)
    export = frame("whatif", "whatif", whatif_charts.gain_fan(whatif.gain_path(result, "CN"), lang),
                   t("exports.whatif_title", lang), headlines.headline("whatif", lang, result=result),
                   t("whatif.not_forecast", lang), lang, base, query=to_query(scenario))
    return Slide(export, export.subtitle, (t("whatif.not_forecast", lang), *_scenario_settings(scenario, lang)))


def slides(views: Sequence[str], lang: str, base: str, selections: Mapping[str, Mapping[str, Any]] | None = None,
           scenario: Any = None) -> list[Slide]:
    """The slides of ``views`` (ids of :data:`KEY_VIEWS`, kept in its order) with each view's selection."""
    lang = normalise_lang(lang)
    selections = selections or {}
    unknown = [v for v in views if v not in KEY_VIEWS]
    if unknown:
        raise ValueError(f"unknown views {unknown}")
    out = []
    for view in (v for v in KEY_VIEWS if v in views):
        if view == "whatif":
            out.append(_whatif(lang, base, scenario))
            continue
        selection = dict(selections.get(view, {}))
        export = _tracker(lang, base) if view == "tracker" else chart_export(KEY_VIEWS[view], lang, base, **selection)
        heading = selection.get("region") if view == "regional" else None
        out.append(Slide(export, headlines.headline(view, lang, **({"region": heading} if heading else {}))))
    return out


def _text(slide: Any, box: tuple[Emu, Emu, Emu, Emu], lines: Sequence[str], size: int, *, bold: bool = False,
          colour: RGBColor | None = None, link: str | None = None) -> Any:
    """A text box of ``lines`` in the CJK font (Latin and East Asian faces set, so no glyph falls back to boxes)."""
    shape = slide.shapes.add_textbox(*box)
    frame_ = shape.text_frame
    frame_.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame_.paragraphs[0] if index == 0 else frame_.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT
        if colour is not None:
            run.font.color.rgb = colour
        latin = run._r.get_or_add_rPr().find(qn("a:latin"))
        latin.addnext(latin.makeelement(qn("a:ea"), {"typeface": FONT}))
        if link and index == len(lines) - 1:
            run.hyperlink.address = link
    return shape


def _picture(slide: Any, png: bytes, left: Emu, top: Emu, width: Emu, height: Emu) -> None:
    """The chart image fitted into the box, keeping its aspect ratio, centred horizontally."""
    picture = slide.shapes.add_picture(io.BytesIO(png), left, top)
    ratio = min(width / picture.width, height / picture.height)
    picture.width, picture.height = int(picture.width * ratio), int(picture.height * ratio)
    picture.left = int(left + (width - picture.width) / 2)


def build(views: Sequence[str], lang: str, base: str, selections: Mapping[str, Mapping[str, Any]] | None = None,
          scenario: Any = None, today: date | None = None) -> bytes:
    """The PPTX bytes of the deck of ``views`` (see :func:`slides`); ``base`` is the app's address for the links."""
    lang = normalise_lang(lang)
    deck = Presentation()
    deck.slide_width, deck.slide_height = SLIDE_W, SLIDE_H
    blank = deck.slide_layouts[6]
    width = SLIDE_W - 2 * MARGIN
    cover = deck.slides.add_slide(blank)
    _text(cover, (MARGIN, Inches(2.4), width, Inches(1.4)), [t("common.app_title", lang)], 36, bold=True)
    _text(cover, (MARGIN, Inches(3.9), width, Inches(0.8)),
          [t("exports.deck_subtitle", lang, date=(today or date.today()).isoformat(), version=version())], 18,
          colour=GREY)
    items = slides(views, lang, base, selections, scenario)
    with ThreadPoolExecutor(max_workers=4) as pool:  # vl-convert renders in parallel (~40 % less wall time)
        images = list(pool.map(lambda item: render_spec(item.export.chart_spec(), "png", 2.0), items))
    for item, png in zip(items, images, strict=True):
        page = deck.slides.add_slide(blank)
        export = item.export
        _text(page, (MARGIN, Inches(0.3), width, Inches(0.7)), [export.title], 26, bold=True)
        _text(page, (MARGIN, Inches(1.0), width, Inches(0.8)), [item.headline], 18)
        chart_width = width - Inches(4.2) if item.settings else width
        _picture(page, png, MARGIN, Inches(1.9), chart_width, Inches(4.5))
        if item.settings:
            _text(page, (MARGIN + chart_width + Inches(0.2), Inches(1.9), Inches(4.0), Inches(4.5)),
                  [t("exports.whatif_settings", lang), *item.settings], 11)
        _text(page, (MARGIN, Inches(6.5), width, Inches(0.9)),
              [export.source, f"{t('exports.open_view', lang)}: {export.url}"], 9, colour=GREY, link=export.url)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
