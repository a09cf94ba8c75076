"""Slide-ready chart images: file names, the frame's words (title, headline, source, link), the selection applied,
and SVGs whose text is outlines that render with every glyph on a machine without the CJK font."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from smedx.exports import images
from smedx.exports.charts import CHARTS, chart_export
from smedx.exports.svgpaths import outline_text

BASE = "https://smedx.example"


def _footer_lines(spec: dict) -> list[str]:
    return [row["line"] for row in spec["vconcat"][-1]["data"]["values"]]


def test_file_names_say_what_the_image_is() -> None:
    east = chart_export("regional_bars", "zh", BASE, region="east")
    assert images.filename(east, "png") == "smedx_regional_east_2020.png"
    assert images.filename(chart_export("regional_bars", "en", BASE), "svg") == "smedx_regional_all_2020_en.svg"
    assert images.filename(chart_export("first_tier", "zh", BASE, sort="name", kind="interval"), "png") == \
        "smedx_first-tier_name_interval_2020.png"


def test_frame_carries_title_headline_source_and_the_link_of_the_selection() -> None:
    export = chart_export("regional_bars", "zh", BASE, region="west")
    spec = images.framed(export)
    assert spec["title"]["text"] == ["四大地区对比"]
    assert spec["title"]["subtitle"] == ["西部地区28.3%，比东部地区低8.9个百分点"]
    footer = "".join(_footer_lines(spec))
    assert "§二(三)1，脚注(1)" in footer and "§二(一)，脚注⑨" in footer  # locators in Chinese
    assert footer.endswith("在看板中打开此视图：https://smedx.example/regional?lang=zh&region=west&v=1")
    bars = spec["vconcat"][0]["layer"][0]
    faded = {row["name"]: row["opacity"] for row in spec["datasets"][bars["data"]["name"]]}
    assert faded == {"东部地区": 0.35, "中部地区": 0.35, "东北地区": 0.35, "西部地区": 1.0}
    assert chart_export("first_tier", "en", BASE).url == "https://smedx.example/clusters?lang=en&view=cities&v=1"
    timeline = chart_export("overview_timeline", "zh", BASE, years=(2021, 2024), issuers=("miit",))
    assert timeline.url == "https://smedx.example/overview?lang=zh&tl_years=2021~2024&tl_issuers=miit&v=1"


def test_static_map_outlines_the_selected_region_and_has_a_source_line() -> None:
    spec = images.framed(chart_export("regional_map", "en", BASE, region="central"))
    layers = spec["vconcat"][0]["layer"]
    selected = [layer for layer in layers if layer.get("mark", {}).get("strokeWidth") == 3.0]
    assert [f["properties"]["region"] for f in selected[0]["data"]["values"]] == ["central"]
    lines = _footer_lines(spec)
    assert any(line.startswith("Source: ") for line in lines)
    assert lines[-1] == "Open this view in the dashboard: https://smedx.example/regional?lang=en&region=central&v=1"
    with pytest.raises(ValueError):
        chart_export("regional_map", "zh", BASE, region="atlantis")


def test_every_chart_frames_in_both_languages() -> None:
    prefix = {"zh": "在看板中打开此视图：" + BASE, "en": "Open this view in the dashboard: " + BASE}
    for chart_id in CHARTS:
        for lang in ("zh", "en"):
            spec = images.framed(chart_export(chart_id, lang, BASE))
            assert spec["title"]["text"] and spec["vconcat"][0]
            assert _footer_lines(spec)[-1].startswith(prefix[lang])


def test_png_is_twice_the_chart_size() -> None:
    export = chart_export("overview_year_change", "zh", BASE)
    one, two = (Image.open(io.BytesIO(images.render(export, "png", scale))) for scale in (1, 2))
    assert two.size == (one.size[0] * 2, one.size[1] * 2)


_RENDER = textwrap.dedent("""
    import sys, vl_convert
    sys.stdout.buffer.write(vl_convert.svg_to_png(open(sys.argv[1], encoding="utf-8").read()))
""")


def _render_without_fonts(svg: str, folder: Path) -> np.ndarray:
    """The SVG rendered by resvg (vl-convert) in a process whose fontconfig knows no font at all."""
    empty = folder / "fonts"
    empty.mkdir(exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir><cachedir>{empty}</cachedir></fontconfig>')
    path = folder / "chart.svg"
    path.write_text(svg, encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(folder), "XDG_DATA_HOME": str(folder)}
    out = subprocess.run([sys.executable, "-c", _RENDER, str(path)], env=env, capture_output=True, check=True).stdout
    return np.asarray(Image.open(io.BytesIO(out)).convert("L"), dtype=float)


def _blocks(image: np.ndarray, size: int = 4) -> np.ndarray:
    """Ink (255 − grey) averaged over ``size`` × ``size`` blocks."""
    h, w = (d - d % size for d in image.shape)
    return (255 - image[:h, :w]).reshape(h // size, size, w // size, size).mean(axis=(1, 3))


@pytest.mark.parametrize(("chart_id", "lang", "selection"), [
    ("regional_map", "zh", {"region": "east"}), ("first_tier", "en", {}), ("cluster_bars", "zh", {}),
])
def test_svg_text_is_outlines_with_every_glyph_on_a_machine_without_the_font(
        chart_id: str, lang: str, selection: dict, tmp_path: Path) -> None:
    import vl_convert as vlc

    export = chart_export(chart_id, lang, BASE, **selection)
    raw = vlc.vegalite_to_svg(images.framed(export), allowed_base_urls=[])
    outlined, missing = outline_text(raw)
    assert missing == frozenset()  # glyph coverage: the font has every character of the chart
    svg = images.render(export, "svg").decode("utf-8")
    assert "<text" not in svg and "<text" not in outlined and 'font-family="' not in svg
    assert f'aria-label="{export.title}"' in svg or export.title.split("（")[0] in svg
    with_font = np.asarray(Image.open(io.BytesIO(vlc.svg_to_png(raw))).convert("L"), dtype=float)
    no_font_outlined = _render_without_fonts(svg, tmp_path)
    no_font_text = _render_without_fonts(raw, tmp_path)
    assert no_font_outlined.shape == with_font.shape
    ink, blank, outlines = (_blocks(a) for a in (with_font, no_font_text, no_font_outlined))
    words = (ink - blank) > 20  # where the words are: blank without the font (tofu-free, but no glyphs at all)
    assert words.mean() > 0.01
    # the outlines put the same ink there (4-px blocks: no kerning in the outlines shifts Latin words slightly)
    assert (np.abs(ink - outlines)[words] > 40).mean() < 0.1
