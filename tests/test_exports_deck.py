"""The briefing deck: slides, titles, headline sentences, images, footnotes and links read back with python-pptx;
every link parses back through the URL registry to the key view it came from; LibreOffice (Debian's, installed by
scripts/test.sh) renders it with a CJK font and no missing glyphs."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from smedx import about, headlines, urlstate, views
from smedx.exports import deck
from smedx.model.params import Scenario, default_scenario, load_spec

BASE = "https://smedx.example"
VIEWS = ("overview", "regional", "clusters", "first_tier", "tracker", "whatif")
ALL = tuple(view.id for view in views.with_chart())


def _scenario() -> Scenario:
    """The programme as announced with a budget of 50 (亿元 a year) — not the default, so the link holds it."""
    base = default_scenario(load_spec())
    return Scenario({**base.levers, "budget": 50.0}, base.assumptions)


@pytest.fixture(scope="module")
def zh_deck() -> bytes:
    return deck.build(VIEWS, "zh", BASE, selections={"regional": {"region": "west"}}, scenario=_scenario(),
                      today=date(2026, 12, 1))


def _texts(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _links(slide) -> list[str]:  # type: ignore[no-untyped-def]
    return [run.hyperlink.address for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs if run.hyperlink.address]


def test_deck_has_a_title_slide_and_one_slide_per_view_in_order(zh_deck: bytes) -> None:
    slides = list(Presentation(io.BytesIO(zh_deck)).slides)
    assert len(slides) == 1 + len(VIEWS)
    assert _texts(slides[0]) == ["中小企业数字化转型政策看板", f"简报 · 2026-12-01 · 版本 {about.version()}"]
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
    assert links[0] == [f"{BASE}/overview?lang=zh&v=1"] and links[1] == [f"{BASE}/regional?lang=zh&region=west&v=1"]
    assert links[2] == [f"{BASE}/clusters?lang=zh&v=1"] and links[3] == [f"{BASE}/clusters?lang=zh&view=cities&v=1"]
    assert links[4] == [f"{BASE}/tracker?lang=zh&v=1"]
    assert links[5] == [f"{BASE}/whatif?lang=zh&budget=50&v=1"]  # the scenario's one lever off its default
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
    assert _links(slides[1]) == [f"{BASE}/regional?lang=en&v=1"]
    for bad in ("nowhere", "since_survey", "tracker_table"):  # not a key view; a key view without a chart
        with pytest.raises(ValueError):
            deck.build((bad,), "zh", BASE)


def test_the_picker_offers_the_key_views_with_a_chart_in_their_fixed_order() -> None:
    assert ALL == ("overview", "regional", "clusters", "first_tier", "industries", "tracker", "whatif")
    assert set(deck.DEFAULT_VIEWS) <= set(ALL)
    assert all(view.headline in headlines.VIEWS for view in views.with_chart())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_slide_link_parses_back_through_the_registry_to_the_view_it_came_from(lang: str) -> None:
    selections = {"regional": {"region": "central"}, "first_tier": {"sort": "name", "kind": "interval"}}
    items = deck.slides(ALL, lang, BASE, selections, _scenario())
    assert items[4].export.title == {"zh": "分行业：三个层次", "en": "By industry: three bands"}[lang]
    for view, item in zip(views.with_chart(), items, strict=True):
        parts = urlsplit(item.export.url)
        assert f"{parts.scheme}://{parts.netloc}" == BASE
        page, query = parts.path.strip("/"), parse_qs(parts.query)
        values, notes = urlstate.parse(page, query)
        assert notes == [] and values["lang"] == lang and query["v"] == [urlstate.VERSION]
        assert views.VIEWS[views.current(page, query)] == view  # type: ignore[index]
        assert item.export.url == urlstate.link(BASE, page, query, standalone=True)  # already canonical
    by_view = {view.id: urlstate.parse(view.page, parse_qs(urlsplit(item.export.url).query))[0]
               for view, item in zip(views.with_chart(), items, strict=True)}
    assert by_view["regional"]["region"] == "central"
    assert (by_view["first_tier"]["ft_sort"], by_view["first_tier"]["ft_kind"]) == ("name", "interval")
    assert by_view["whatif"]["budget"] == 50
    assert items[-1].headline == headlines.headline("whatif", lang, scenario=_scenario())
    assert items[4].headline == headlines.headline("industries", lang)


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
