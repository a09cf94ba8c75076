"""The URL registry: every parameter of every page reads what it writes, labels of both languages are read,
an unreadable value gives a note (never a silent default), and the link carries its version."""
from __future__ import annotations

import pytest

from smedx import urlstate, views
from smedx.i18n import LANGS, t
from smedx.model.params import load_spec

# (page, parameter, a non-default value as the registry holds it, its URL form)
ROUND_TRIPS = [
    ("overview", "lang", "en", ["en"]),
    ("overview", "mode", "brief", ["brief"]),
    ("overview", "tl_years", (2019, 2022), ["2019~2022"]),
    ("overview", "tl_issuers", ("state_council",), ["state_council"]),
    ("regional", "region", "west", ["west"]),
    ("regional", "map", "tiles", ["tiles"]),
    ("tracker", "map", "boundary", ["boundary"]),
    ("clusters", "view", "cities", ["cities"]),
    ("clusters", "clusters", ("yrd", "prd"), ["yrd,prd"]),
    ("clusters", "ft_sort", "name", ["name"]),
    ("clusters", "ft_kind", "interval", ["interval"]),
    ("tracker", "view", "table", ["table"]),
    ("tracker", "city", "210200", ["210200"]),
    ("tracker", "batch", (1, 0), ["1,0"]),
    ("tracker", "region", ("east", "west"), ["east,west"]),
    ("tracker", "cluster", ("yrd",), ["yrd"]),
    ("tracker", "province", ("510000",), ["510000"]),
    ("tracker", "status", ("no_report",), ["no_report"]),
    ("tracker", "confidence", ("V-inf",), ["V-inf"]),
    ("whatif", "wi_view", "sensitivity", ["sensitivity"]),
    ("whatif", "wi_view", "limits", ["limits"]),
    ("whatif", "wi_unit", "west", ["west"]),
    ("whatif", "wi_tab", "map", ["map"]),
    ("whatif", "budget", 50.0, ["50"]),
    ("whatif", "start_year", 2027, ["2027"]),
    ("whatif", "cmp", ("A::budget=10",), ["A::budget=10"]),
    ("place", "place", "510100", ["510100"]),
    ("mydata", "grouping", "cluster", ["cluster"]),
    ("mydata", "measure", "barrier_1", ["barrier_1"]),
    ("sources", "q", "工信部", ["工信部"]),
]


def test_the_table_covers_every_parameter_of_every_page_but_the_model_ones() -> None:
    """Each page's own parameters (the what-if levers and assumptions are checked one by one below)."""
    model = set(load_spec().params)
    listed = {(page, name) for page, name, _, _ in ROUND_TRIPS if name not in model}
    every = {(page, k.name) for page in urlstate.PAGES for k in urlstate.page_keys(page) if k.name not in model}
    every -= {(page, name) for page in urlstate.PAGES if page != "overview" for name in ("lang", "mode")}
    assert every == listed


@pytest.mark.parametrize(("page", "name", "value", "raw"), ROUND_TRIPS)
def test_a_value_is_written_as_ids_and_read_back(page: str, name: str, value: object, raw: list[str]) -> None:
    key = urlstate.key(page, name)
    assert key.format(value) == raw
    assert key.parse(raw) == (value, None)
    assert key.format(key.default) == []  # the default is left out of the link
    assert key.parse([]) == (key.default, None)


@pytest.mark.parametrize("param", sorted(load_spec().params))
def test_every_model_parameter_round_trips_on_its_grid(param: str) -> None:
    spec = load_spec().params[param]
    key = urlstate.key("whatif", param)
    value = spec.max if spec.kind == "lever" else (spec.min, spec.max)
    parsed, note = key.parse(key.format(value))
    assert note is None and parsed == (int(value) if isinstance(parsed, int) else value)
    assert key.parse(["1e9"] if spec.kind == "lever" else ["-1e9~1e9"])[1].message == "share.note_range"


# (page, parameter, label as an old link held it, the id it stands for)
LABELS = [
    ("regional", "region", "West", "west"),
    ("regional", "region", "西部地区", "west"),
    ("regional", "region", "WEST", "west"),
    ("clusters", "ft_sort", "By name", "name"),
    ("clusters", "ft_sort", "按名称", "name"),
    ("clusters", "view", t("clusters.view_cities", "zh"), "cities"),
    ("clusters", "view", t("clusters.view_cities", "en"), "cities"),
    ("whatif", "wi_unit", "西部地区", "west"),
    ("whatif", "wi_unit", "West", "west"),
    ("whatif", "wi_tab", t("whatif.tab_map", "zh"), "map"),
    ("tracker", "city", "沈阳市", "210100"),
    ("tracker", "city", "Shenyang", "210100"),
    ("overview", "lang", "English", "en"),
    ("mydata", "grouping", t("mydata.grouping_size", "zh"), "size"),
]


@pytest.mark.parametrize(("page", "name", "label", "ident"), LABELS)
def test_labels_of_both_languages_are_read_as_ids(page: str, name: str, label: str, ident: str) -> None:
    key = urlstate.key(page, name)
    labels = {key.labels(lang).get(ident, "").casefold() for lang in LANGS}  # type: ignore[attr-defined]
    assert label.casefold() in labels, f"{label!r} is not a label of {ident!r}: the table is out of date"
    assert key.parse([label]) == (ident, None)


def test_multi_choices_read_labels_and_repeated_parameters() -> None:
    key = urlstate.key("tracker", "region")
    assert key.parse(["East", "西部地区"]) == (("east", "west"), None)
    value, note = key.parse(["west,atlantis"])
    assert value == ("west",) and note is not None and note.raw == "atlantis"


@pytest.mark.parametrize(("page", "name", "raw"), [
    ("regional", "region", "atlantis"), ("clusters", "ft_sort", "random"), ("clusters", "view", "nope"),
    ("whatif", "wi_unit", "XX"), ("whatif", "budget", "lots"), ("overview", "tl_years", "soon"),
    ("mydata", "grouping", "planet"), ("overview", "lang", "fr"),
])
def test_an_unknown_value_gives_a_note_in_both_languages(page: str, name: str, raw: str) -> None:
    key = urlstate.key(page, name)
    value, note = key.parse([raw])
    assert value == key.default and note is not None
    for lang in LANGS:
        assert f"{name}={raw}" in note.text(lang)


def test_a_city_that_is_no_pilot_says_so_and_opens_none() -> None:
    """Beijing (110000) is a place but no identified pilot; 999999 is nothing at all."""
    key = urlstate.key("tracker", "city")
    value, note = key.parse(["110000"])
    assert value is None and note is not None and note.message == "share.note_not_pilot"
    assert "北京" in note.text("zh") and "Beijing" in note.text("en")
    value, note = key.parse(["999999"])
    assert value is None and note is not None and note.message == "share.note_not_a_city"
    assert "999999" in note.text("en")
    assert key.parse([]) == ("210100", None)  # no city in the link: the first pilot city


def test_an_unknown_place_gives_the_place_page_note() -> None:
    assert urlstate.key("place", "place").parse(["成都"]) == ("510100", None)
    value, note = urlstate.key("place", "place").parse(["000000"])
    assert value is None and note is not None and "000000" in note.text("zh")


def test_text_is_cut_at_its_limit_with_a_note() -> None:
    value, note = urlstate.key("sources", "q").parse(["x" * 500])
    assert len(value) == 100 and note is not None and note.message == "share.note_long"


def test_the_version_key_is_written_and_another_version_gets_a_note() -> None:
    assert urlstate.canonical("regional", {"region": ["West"]}) == {"region": ["west"], "v": [urlstate.VERSION]}
    assert urlstate.canonical("regional", {}) == {}
    _, notes = urlstate.parse("regional", {"region": ["west"], "v": ["9"]})
    assert [n.message for n in notes] == ["share.note_version"]
    assert urlstate.parse("regional", {"region": ["west"]})[1] == []  # an old link without v: version 1


def test_brief_is_an_alias_of_mode_brief() -> None:
    assert urlstate.shell_mode({"brief": ["1"]}) == ("brief", None)
    assert urlstate.shell_mode({"mode": ["brief"]}) == ("brief", None)
    assert urlstate.shell_mode({}) == ("normal", None)


def test_a_link_is_the_page_path_and_the_canonical_query() -> None:
    link = urlstate.link("http://host:8501/", "clusters", {"ft_sort": ["By name"], "clusters": ["yrd,prd"],
                                                            "junk": ["1"]})
    assert link == "http://host:8501/clusters?clusters=yrd,prd&ft_sort=name&v=1"
    assert urlstate.link("http://host", "overview", {}) == "http://host/overview"
    standalone = urlstate.link("http://host", "regional", {"region": ["West"]}, standalone=True)
    assert standalone == "http://host/regional?lang=zh&region=west&v=1"  # language and version even at default
    assert urlstate.link("http://host", "overview", {"lang": ["en"]}, standalone=True) == "http://host/overview?lang=en&v=1"


def test_the_key_views_are_registry_links_of_every_page() -> None:
    assert {view.page for view in views.VIEWS} == set(urlstate.PAGES)
    assert len({view.id for view in views.VIEWS}) == len(views.VIEWS)
    for view in views.VIEWS:
        _, notes = urlstate.parse(view.page, {k: [v] for k, v in view.query.items()})
        assert notes == [] and t(view.title, "zh") and t(view.title, "en")
        assert views.current(view.page, {k: [v] for k, v in view.query.items()}) == views.VIEWS.index(view)
