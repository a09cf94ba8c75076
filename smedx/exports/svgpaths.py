"""SVG text to outlines: every ``<text>`` of a vl-convert SVG becomes glyph paths of the CJK font, so the file shows
the same letters on a machine without the font (a file that only names the font shows boxes there).

Each glyph is defined once in ``<defs>`` (font units) and placed with ``<use>``; a text run keeps its words in
``aria-label``, so the SVG stays searchable and readable by screen readers. Layout uses the font's advance widths,
the same metrics vl-convert measured the text with (no kerning: CJK and the dashboard's Latin labels need none).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTCollection, TTFont

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
FAMILY = "Noto Sans CJK SC"
FONT_FILES: dict[str, tuple[Path, ...]] = {
    "regular": (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),),
    "bold": (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),),
}
#: fallback faces for characters the CJK font lacks (e.g. "▬"), as a browser would fall back
FALLBACK_FILES: dict[str, Path] = {
    "regular": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "bold": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}
#: presentation attributes of a <text> that also apply to the glyph paths
KEPT = ("fill", "fill-opacity", "opacity", "stroke", "stroke-width", "stroke-opacity", "transform", "role",
        "aria-roledescription", "class")
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


class FontMissing(RuntimeError):
    """The CJK font the outlines are made from is not installed (Debian: fonts-noto-cjk)."""


@lru_cache(maxsize=2)
def font(weight: str) -> TTFont:
    """The ``FAMILY`` face of ``weight`` ("regular"/"bold") from the installed collection (loaded once, ~1 s)."""
    for path in FONT_FILES[weight]:
        if path.is_file():
            for face in TTCollection(str(path), lazy=True).fonts:
                if face["name"].getDebugName(1) == FAMILY:
                    return face
    raise FontMissing(f"{FAMILY} ({weight}) not found in {[str(p) for p in FONT_FILES[weight]]}")


@lru_cache(maxsize=2)
def fallback(weight: str) -> TTFont | None:
    """The fallback face of ``weight``, or None when it is not installed."""
    path = FALLBACK_FILES[weight]
    return TTFont(str(path), lazy=True) if path.is_file() else None


@dataclass
class Outliner:
    """Collects the glyphs used by one SVG (``defs``) and the characters the font lacks (``missing``)."""

    defs: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)

    def glyph(self, weight: str, char: str) -> tuple[str, int]:
        """(def id, advance in the CJK font's units) of ``char``, from the CJK font or the fallback face (scaled to
        the CJK font's units); a character neither has is drawn as .notdef and recorded in ``missing``."""
        face, prefix = font(weight), f"g{weight[0]}"
        name = face.getBestCmap().get(ord(char))
        other = fallback(weight) if name is None else None
        if other is not None and ord(char) in other.getBestCmap():
            face, prefix, name = other, f"f{weight[0]}", other.getBestCmap()[ord(char)]
        elif name is None:
            self.missing.add(char)
            name = ".notdef"
        ratio = font(weight)["head"].unitsPerEm / face["head"].unitsPerEm
        gid = f"{prefix}{face.getGlyphID(name)}"
        if gid not in self.defs:
            pen = SVGPathPen(face.getGlyphSet())
            face.getGlyphSet()[name].draw(TransformPen(pen, (ratio, 0, 0, ratio, 0, 0)) if ratio != 1 else pen)
            self.defs[gid] = pen.getCommands()
        return gid, round(face["hmtx"][name][0] * ratio)


def _px(value: str | None, default: float = 0.0) -> float:
    match = re.match(r"\s*(-?[\d.]+)", value or "")
    return float(match.group(1)) if match else default


def _lines(text: ET.Element) -> list[tuple[float, str]]:
    """(vertical offset in px, words) of each line: the text itself or its tspans (``dy`` accumulates)."""
    spans = text.findall(f"{{{SVG_NS}}}tspan")
    if not spans:
        return [(0.0, text.text or "")]
    lines, offset = [], 0.0
    for span in spans:
        offset += _px(span.get("dy"))
        lines.append((offset, "".join(span.itertext())))
    return lines


def _outline(text: ET.Element, outliner: Outliner) -> ET.Element:
    size = _px(text.get("font-size"), 11.0)
    weight = "bold" if text.get("font-weight") in ("bold", "bolder", "600", "700", "800", "900") else "regular"
    anchor = text.get("text-anchor", "start")
    units = font(weight)["head"].unitsPerEm
    scale = size / units
    group = ET.Element(f"{{{SVG_NS}}}g", {k: v for k in KEPT if (v := text.get(k)) is not None})
    lines = _lines(text)
    group.set("aria-label", text.get("aria-label") or " ".join(words for _, words in lines))
    group.set("fill", text.get("fill", "black"))
    for offset, words in lines:
        placed, x = [], 0
        for char in words:
            gid, advance = outliner.glyph(weight, char)
            if not char.isspace():
                placed.append((gid, x))
            x += advance
        shift = {"middle": -x / 2, "end": -x}.get(anchor, 0.0) * scale
        line = ET.SubElement(group, f"{{{SVG_NS}}}g",
                             {"transform": f"translate({shift:.2f},{offset:g}) scale({scale:.5f},{-scale:.5f})"})
        for gid, at in placed:
            ET.SubElement(line, f"{{{SVG_NS}}}use", {f"{{{XLINK_NS}}}href": f"#{gid}", "x": str(at)})
    return group


def outline_text(svg: str) -> tuple[str, frozenset[str]]:
    """``svg`` with every ``<text>`` drawn as glyph outlines, and the characters the font has no glyph for."""
    root = ET.fromstring(svg)
    outliner = Outliner()
    for parent in list(root.iter()):
        for index, child in enumerate(list(parent)):
            if child.tag == f"{{{SVG_NS}}}text":
                parent.remove(child)
                parent.insert(index, _outline(child, outliner))
    defs = ET.Element(f"{{{SVG_NS}}}defs")
    for gid, path in outliner.defs.items():
        ET.SubElement(defs, f"{{{SVG_NS}}}path", {"id": gid, "d": path})
    root.insert(0, defs)
    return ET.tostring(root, encoding="unicode"), frozenset(outliner.missing)
