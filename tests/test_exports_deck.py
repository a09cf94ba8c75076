"""The briefing deck: slides, titles, headline sentences, images, footnotes and links read back with python-pptx;
LibreOffice (Debian's, installed by scripts/test.sh) renders it with a CJK font and no missing glyphs."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from smedx.exports import deck

BASE = "https://smedx.example"
VIEWS = ("overview", "regional", "clusters", "first_tier", "tracker", "whatif")


@pytest.fixture(scope="module")
def zh_deck() -> bytes:
    return deck.build(VIEWS, "zh", BASE, selections={"regional": {"region": "west"}}, today=date(2026, 12, 1))


def _texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _links(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [run.hyperlink.address for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if run.hyperlink.address]


def test_deck_has_a_title_slide_and_one_slide_per_view_in_order(zh_deck: bytes) -> None:
    slides = list(Presentation(io.BytesIO(zh_deck)).slides)
    assert len(slides) == 1 + len(VIEWS)
    assert _texts(slides[0]) == ["中小企业数字化转型政策看板", f"简报 · 2026-12-01 · 版本 {deck.version()}"]
    titles = [_texts(s)[0] for s in slides[1:]]
    assert titles == ["2020 → 2021：实施了数字化转型战略的比例", "四大地区对比", "五大城市群与全国平均水平",
                      "16个一线城市", "试点城市：官方公布与已识别", "情景模拟：全国增量（个百分点）"]


def test_each_view_slide_has_headline_image_footnote_and_the_link_that_reopens_it(zh_deck: bytes) -> None:
    slides = list(Presentation(io.BytesIO(zh_deck)).slides)[1:]
    headlines = [_texts(s)[1] for s in slides]
    assert headlines[1] == "西部地区28.3%，比东部地区低8.9个百分点"  # the presenter's selection
    assert headlines[2] == "长三角城市群43.0%，比长江中游城市群高12.0个百分点"
    assert headlines[3] == "论文研究的16个一线城市中，7个城市的比例突破40%；精确数值最高的是杭州（47.2%）"
    assert headlines[4] == "3批试点官方公布约100个城市；本看板已识别46个，其中35个已核实"
    for slide in slides:
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
        assert Image.open(io.BytesIO(pictures[0].image.blob)).size[0] >= 1400  # rendered at 2×
        footnote = _texts(slide)[-1]
        assert footnote.startswith(("来源：", "这是情景")) and "在看板中打开此视图: " + BASE in footnote
    links = [_links(s) for s in slides]
    assert links[1] == [f"{BASE}/regional?region=west"] and links[0] == [f"{BASE}/"]
    assert links[3] == [f"{BASE}/clusters?view=cities"]
    assert links[5][0].startswith(f"{BASE}/whatif?") and "budget=" in links[5][0]
    assert "§二(三)1，脚注(1)" in _texts(slides[1])[-1]  # the locator in Chinese (smedx.locators)


def test_what_if_slide_carries_the_scenario_and_says_it_is_not_a_forecast(zh_deck: bytes) -> None:
    slide = list(Presentation(io.BytesIO(zh_deck)).slides)[-1]
    texts = _texts(slide)
    assert texts[1].startswith("情景，不是预测：到2027年")
    settings = next(text for text in texts if text.startswith("情景设置"))
    assert "这是情景，不是预测。" in settings and len(settings.splitlines()) >= 6


def test_english_deck_and_bad_views() -> None:
    pptx = deck.build(("regional",), "en", BASE)
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    assert _texts(slides[1])[:2] == ["The four regions compared", "East 37.2 %, 8.9 pp above West"]
    assert _links(slides[1]) == [f"{BASE}/regional?lang=en"]
    with pytest.raises(ValueError):
        deck.build(("nowhere",), "zh", BASE)


def _soffice() -> str:
    found = shutil.which("soffice")
    assert found, "LibreOffice is missing: run bash scripts/test.sh (installs libreoffice-impress)"
    return found


def test_libreoffice_renders_the_deck_with_an_embedded_cjk_font_and_no_missing_glyphs(zh_deck: bytes,
                                                                                      tmp_path: Path) -> None:
    source = tmp_path / "deck.pptx"
    source.write_bytes(zh_deck)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for target in ("pdf", "png"):  # png: LibreOffice renders the first slide
        subprocess.run([_soffice(), profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path),
                        str(source)], check=True, capture_output=True, timeout=240)
    fonts = subprocess.run(["pdffonts", str(tmp_path / "deck.pdf")], check=True, capture_output=True,
                           text=True).stdout
    cjk = [line for line in fonts.splitlines() if "NotoSansCJK" in line.replace(" ", "")]
    assert cjk and all(" yes " in line for line in cjk)  # the CJK face was used and embedded
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "deck.pdf"), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "西部地区28.3%，比东部地区低8.9个百分点" in text.replace(" ", "")
    assert "□" not in text and "\ufffd" not in text  # no replacement boxes
    cover = np.asarray(Image.open(tmp_path / "deck.png").convert("L"))
    title_band = cover[int(cover.shape[0] * 0.3):int(cover.shape[0] * 0.5)]
    assert (title_band < 100).mean() > 0.005  # the Chinese title is drawn, not blank
