"""The briefing deck: a PPTX of the key views a presenter picked (:data:`smedx.views.VIEWS`, the ones with a
chart, in that fixed order) — a title slide, then per view its title, the headline sentence generated from the data
(:mod:`smedx.headlines`), the chart, the source footnote and the link that reopens the view (built by the URL
registry, :mod:`smedx.urlstate`); the what-if slide adds the scenario settings and "scenario, not a forecast".
"""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from smedx import about, headlines, views, whatif
from smedx.exports.charts import chart_export
from smedx.exports.images import ChartExport, render_spec
from smedx.i18n import normalise_lang, t

#: the views of a deck built without a choice (ids of :data:`smedx.views.VIEWS`)
DEFAULT_VIEWS: tuple[str, ...] = ("overview", "regional", "clusters", "first_tier", "tracker", "whatif")
FONT = "Noto Sans CJK SC"
SLIDE_W, SLIDE_H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
GREY = RGBColor(0x55, 0x55, 0x55)


@dataclass(frozen=True)
class Slide:
    """One view's slide: its export (title, source, link, chart spec), headline and extra lines (scenario)."""

    export: ChartExport
    headline: str
    settings: tuple[str, ...] = ()


def _scenario_settings(scenario: Any, lang: str) -> tuple[str, ...]:
    from smedx.model.params import load_spec

    spec = load_spec()
    return tuple(f"{whatif.param_label(p, lang)}: {whatif.lever_text(p, scenario.levers[p.id], lang)}"
                 for p in spec.levers)


def _slide(view: views.View, lang: str, base: str, selection: Mapping[str, Any], scenario: Any) -> Slide:
    """The slide of ``view`` (a view with a chart and a headline): its chart with the presenter's ``selection``
    (the what-if view: ``scenario``, run once for chart and headline) and the view's headline for the same
    selection."""
    chart, headline = str(view.chart), str(view.headline)
    if chart == "whatif_gain":
        from smedx.model import simulate  # the model only when the deck has the what-if view

        result = simulate.run(scenario)
        return Slide(chart_export(chart, lang, base, result=result), headlines.headline(headline, lang, result=result),
                     (t("whatif.not_forecast", lang), *_scenario_settings(result.scenario, lang)))
    region = {"region": selection["region"]} if selection.get("region") else {}
    return Slide(chart_export(chart, lang, base, **selection), headlines.headline(headline, lang, **region))


def slides(chosen: Sequence[str], lang: str, base: str, selections: Mapping[str, Mapping[str, Any]] | None = None,
           scenario: Any = None) -> list[Slide]:
    """The slides of ``chosen`` (view ids of :func:`smedx.views.with_chart`, kept in that order) with each view's
    selection (``regional``: ``region``; ``first_tier``: ``sort``, ``kind``) and the what-if ``scenario``."""
    lang = normalise_lang(lang)
    selections = selections or {}
    offered = views.with_chart()
    unknown = sorted(set(chosen) - {view.id for view in offered})
    if unknown:
        raise ValueError(f"unknown views {unknown}")
    return [_slide(view, lang, base, selections.get(view.id, {}), scenario) for view in offered if view.id in chosen]


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
          [t("exports.deck_subtitle", lang, date=(today or date.today()).isoformat(), version=about.version())], 18,
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
