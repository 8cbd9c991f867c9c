"""Unit tests of the data layer and the renderers behind the macros."""

from __future__ import annotations

import datetime
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from handreiking import model
from handreiking.loading import load_site_data
from handreiking.reaction_graph import question_numbers
from handreiking.render import Renderer, dutch_date, first_upper, media_mix_bars, page_url
from handreiking.sources import ContentErrors, parse_yaml


@pytest.fixture(scope="module")
def site_data() -> model.SiteData:
    return load_site_data(ROOT, ROOT / "docs")


def render(site_data, fragment: str, current: str = "overzichten/kanalen.md", *args) -> BeautifulSoup:
    return BeautifulSoup(str(getattr(Renderer(site_data, current), fragment)(*args)), "html.parser")


# --- URLs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "directory_urls", "url"),
    [
        ("index.md", True, ""),
        ("fasen/observatie.md", True, "fasen/observatie/"),
        ("richtlijnen/index.md", True, "richtlijnen/"),
        ("fasen/observatie.md", False, "fasen/observatie.html"),
        ("richtlijnen/index.md", False, "richtlijnen/index.html"),
    ],
)
def test_page_url_follows_mkdocs(src, directory_urls, url):
    assert page_url(src, directory_urls) == url


@pytest.mark.parametrize(
    ("current", "target", "anchor", "expected"),
    [
        ("overzichten/kanalen.md", "overzichten/rollen.md", "woordvoerder", "../rollen/#woordvoerder"),
        ("index.md", "fasen/observatie.md", "", "fasen/observatie/"),
        ("fasen/observatie.md", "index.md", "", "../../"),
        ("richtlijnen/index.md", "richtlijnen/archiveren.md", "", "archiveren/"),
        ("overzichten/reactieschema.md", "overzichten/reactieschema.md", "actie-escaleren", "./#actie-escaleren"),
    ],
)
def test_links_are_relative_to_the_page_that_renders_them(site_data, current, target, anchor, expected):
    assert Renderer(site_data, current).url(target, anchor) == expected


# --- Small helpers ------------------------------------------------------------------------


def test_dutch_date_and_first_upper():
    assert dutch_date(datetime.date(2026, 3, 1)) == "1 maart 2026"
    assert first_upper("leidend ambtenaar") == "Leidend ambtenaar"
    assert first_upper("") == ""


def test_raci_letters_of_a_role():
    task = model.Task("t", "Taak", responsible=("a", "b"), accountable="a", consulted=("c",), informed=("b",))
    assert task.raci_letters("a") == "RA"
    assert task.raci_letters("b") == "RI"
    assert task.raci_letters("c") == "C"
    assert task.raci_letters("z") == ""


def test_questions_are_numbered_as_a_reader_meets_them(site_data):
    numbers = question_numbers(site_data.reaction_scheme)
    assert numbers[site_data.reaction_scheme.start] == 1
    assert sorted(numbers.values()) == list(range(1, len(site_data.reaction_scheme.questions) + 1))


def test_media_mix_bars_are_proportional_and_sorted():
    mix = model.MediaMix(2026, "", (model.MediaMeans("a", "A", 20, ""), model.MediaMeans("b", "B", 80, "", True)))
    chart = media_mix_bars(mix, max_width=400)
    assert [bar.label for bar in chart["bars"]] == ["B", "A"]
    assert [bar.width for bar in chart["bars"]] == [400, 100]
    assert chart["bars"][0].highlight and not chart["bars"][1].highlight


# --- Renderers -----------------------------------------------------------------------------


def test_guideline_list_filters_by_phase(site_data):
    soup = render(site_data, "guideline_list", "fasen/observatie.md", "observatie")
    titles = [a.get_text() for a in soup.select("a")]
    assert titles == [g.title for g in site_data.guidelines if g.phase == "observatie"]
    assert not soup.select("h3"), "a list for one phase needs no phase headings"


def test_matrix_marks_channels_not_yet_observed(site_data):
    audience = next(iter(site_data.audiences.values()))
    channel_id = next(iter(site_data.channels))
    trimmed = replace(audience, presence={k: v for k, v in audience.presence.items() if k != channel_id})
    data = replace(site_data, audiences={**site_data.audiences, audience.id: trimmed})
    first_row = render(data, "audience_channel_matrix").select_one("tbody tr")
    assert first_row.select("td")[0].get_text() == "niet onderzocht"


def test_markup_in_data_is_escaped_never_live(site_data):
    channel = next(iter(site_data.channels.values()))
    evil = replace(channel, name='<script>alert("x")</script>', reason='<img src=x onerror="alert(1)">')
    data = replace(site_data, channels={**site_data.channels, channel.id: evil})
    for fragment in ("channel_overview", "channel_choice", "audience_channel_matrix"):
        html = str(getattr(Renderer(data, "overzichten/kanalen.md"), fragment)())
        assert "<script>" not in html and "<img" not in html, fragment
        assert "&lt;script&gt;" in html, fragment


def test_role_link_reads_as_running_text(site_data):
    link = BeautifulSoup(str(Renderer(site_data, "richtlijnen/archiveren.md").role_link("archivaris")), "html.parser").a
    assert link.get_text() == site_data.roles["archivaris"].name
    assert link["href"] == "../../overzichten/rollen/#archivaris"


# --- Loading and its errors ----------------------------------------------------------------------


def test_yaml_duplicate_keys_and_tabs_are_refused_with_their_line():
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "data/x.yml")
    assert [(p.line, "'a'" in p.message) for p in problems] == [(3, True)]
    _, problems = parse_yaml("a:\n\t- 1\n", "data/x.yml")
    assert problems[0].line == 2 and "tab" in problems[0].message


def test_yaml_dates_stay_text_for_the_schema_to_check():
    located, problems = parse_yaml("d: 2026-02-30\n", "data/x.yml")
    assert not problems and located.data == {"d": "2026-02-30"}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    return tmp_path


def problems_after(data_copy: Path, file: str, old: str, new: str) -> list[str]:
    path = data_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        load_site_data(data_copy, data_copy / "docs")
    return [str(p) for p in raised.value.problems]


def line_of(data_copy: Path, file: str, needle: str) -> int:
    return next(i for i, line in enumerate((data_copy / file).read_text().splitlines(), 1) if needle in line)


def test_unknown_owner_role_names_file_line_and_suggestion(data_copy):
    problems = problems_after(data_copy, "data/channels.yml", "owner: webcare-medewerker", "owner: webcare-medwerker")
    line = line_of(data_copy, "data/channels.yml", "webcare-medwerker")
    assert problems == [
        f"data/channels.yml, regel {line}: 'webcare-medwerker' is geen bekende rol. Bedoelde je 'webcare-medewerker'? "
        "Kies uit: " + ", ".join(load_site_data(ROOT, ROOT / "docs").roles) + "."
    ]


def test_unknown_channel_in_front_matter_names_page_and_line(data_copy):
    page = "docs/richtlijnen/archiveren.md"
    text = (data_copy / page).read_text()
    (data_copy / page).write_text(text.replace("channels: [", "channels: [linkdin, ", 1))
    with pytest.raises(ContentErrors) as raised:
        load_site_data(data_copy, data_copy / "docs")
    (problem,) = raised.value.problems
    assert problem.file == page and problem.line == line_of(data_copy, page, "channels:")
    assert "'linkdin'" in problem.message and "Bedoelde je 'linkedin'?" in problem.message


def test_shares_must_add_up_to_100(data_copy):
    (problem,) = problems_after(data_copy, "data/media_mix.yml", "share: 25", "share: 30")
    assert "tellen op tot 105" in problem and "data/media_mix.yml" in problem


def test_reaction_scheme_may_not_loop(data_copy):
    scheme = yaml.safe_load((data_copy / "data" / "reaction_scheme.yml").read_text(encoding="utf-8"))
    last = scheme["questions"][-1]
    problems = problems_after(
        data_copy, "data/reaction_scheme.yml", f"    if_no: {last['if_no']}\n", f"    if_no: {scheme['start']}\n"
    )
    assert any("loopt in een kring" in p and scheme["start"] in p for p in problems)


def test_every_mistake_is_reported_at_once(data_copy):
    # Every active account gets a misspelled status, and every review date a day that does not exist: the
    # counts come from the data, so an organisation with its own accounts runs this test too.
    accounts_file = data_copy / "data/accounts.yml"
    accounts = yaml.safe_load(accounts_file.read_text(encoding="utf-8"))["accounts"]
    active = sum(account["status"] == "actief" for account in accounts)
    assert active >= 2 and len(accounts) >= 2
    text = accounts_file.read_text(encoding="utf-8").replace("status: actief", "status: aktief")
    text = re.sub(r"last_review: (['\"]?)(\d{4})-\d{2}-\d{2}\1", r"last_review: \1\2-02-30\1", text)
    accounts_file.write_text(text, encoding="utf-8")
    with pytest.raises(ContentErrors) as raised:
        load_site_data(data_copy, data_copy / "docs")
    messages = [p.message for p in raised.value.problems]
    assert sum("'aktief'" in m and "Bedoelde je 'actief'?" in m for m in messages) == active
    assert sum(re.search(r"'\d{4}-02-30' is geen bestaande datum", m) is not None for m in messages) == len(accounts)


def test_response_times_follow_the_active_channels(site_data):
    text = str(Renderer(site_data, "richtlijnen/reacties-en-huisregels.md").response_times())
    active = [c for c in site_data.channels.values() if c.stance == "actief"]
    assert text.startswith(f"op {active[0].name} {active[0].response_time}, ")
    assert text.endswith(f" en op {active[-1].name} {active[-1].response_time}")
    assert all(c.name not in text for c in site_data.channels.values() if c.stance != "actief")


def test_prune_css_keeps_what_pages_and_scripts_use():
    from handreiking.postbuild import prune_css

    css = (
        ".used{a:1}.unused{b:2}.used,.unused{c:3}"
        ".x:not(.unused,.used){d:4}"
        "@media screen{.unused{e:5}.scripted>p{f:6}}"
        "@font-face{font-family:x}body{g:7}"
    )
    assert prune_css(css, {"used", "x"}, {"el", "classList", "add", "scripted"}) == (
        ".used{a:1}.used{c:3}.x:not(.unused,.used){d:4}@media screen{.scripted>p{f:6}}@font-face{font-family:x}body{g:7}"
    )
