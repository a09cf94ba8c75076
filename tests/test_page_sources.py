"""AppTest of the sources & methods page: every source and figure listed, search filters, methods text."""
from __future__ import annotations

import pytest

from smedx import about, datasets
from tests.apptest import open_page, texts


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sources_page_lists_everything(lang: str) -> None:
    """All sources and all observations appear; the methods text quotes the sample and the city intervals."""
    at = open_page("sources", lang)
    sources, figures = at.dataframe[0].value, at.dataframe[1].value
    assert len(sources) == len(datasets.sources())
    assert len(figures) == len(datasets.observations()) + len(datasets.since_survey())
    shown = texts(at)
    if lang == "zh":
        assert "共调查中小企业21,781家" in shown
        assert "只知道高于40.0%、不高于广州的44.0%" in shown
    else:
        assert "the paper reports 21,781 firms" in shown
        assert "above 40.0 % and not above Guangzhou's 44.0 %" in shown


def test_search_filters_tables() -> None:
    """Searching "Fig. 2" keeps only the first-tier city figures."""
    at = open_page("sources", "en")
    at.text_input(key="q").input("Fig. 2").run()
    figures = at.dataframe[1].value
    assert set(figures["Indicator"]) == {"SMEs in digital transformation — first-tier cities",
                                         "First-tier cities the paper does not name"}
    assert "12 of 78 figures" in texts(at)


def test_unpublished_table_shows_intervals_not_guesses() -> None:
    """Ningbo is shown as an interval and the industries as not published, never as a point value."""
    at = open_page("sources", "en")
    gaps = at.dataframe[3].value
    ningbo = gaps[gaps["Area / unit"].eq("Ningbo")]
    assert ningbo["Value"].tolist() == [">40.0 % and ≤44.0 %"]
    assert gaps[gaps["Area / unit"].eq("Real estate")]["Value"].tolist() == ["not published"]
    assert gaps[gaps["Area / unit"].eq("Industry")]["Value"].tolist() == ["≥40 %"]  # "均在40%以上"


def test_methods_show_the_papers_definitions() -> None:
    """The industry-share and first-tier-city definitions of footnotes (1) and (3) are on the page."""
    shown = texts(open_page("sources", "zh"))
    assert "该行业已开展数字化转型的中小企业数量/行业中的中小企业总量" in shown
    assert "§二(三)，脚注(3)" in shown  # the locator in Chinese (smedx.locators)


def test_data_bundle_is_offered_except_in_briefing_mode() -> None:
    """The sources page offers the data bundle and the package's source archive (with the pip command that installs
    it) next to its four table downloads and the briefing deck; briefing mode hides all."""
    full = open_page("sources", "en")
    assert [b.proto.label for b in full.get("download_button")][:2] == ["Download the data bundle (ZIP)",
                                                                         "Download the source archive (ZIP)"]
    assert [b.key for b in full.get("download_button")][-1] == "dl_deck"
    assert len(full.get("download_button")) == 7
    assert f"run `pip install smedx-{about.version()}.zip` in its folder" in full.markdown[2].value
    brief = open_page("sources", "en", query={"brief": "1"})
    assert not brief.get("download_button")
    assert "All data in one file" not in [s.value for s in brief.subheader]
