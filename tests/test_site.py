"""What a reader sees on the built site, checked against the data it was made from."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, heading_text, text_of
from sitetools import site_pages

PHASE_PAGES = {
    "observatie": "fasen/observatie/",
    "activatie-en-participatie": "fasen/activatie-en-participatie/",
    "conversatie": "fasen/conversatie/",
}


def article(soup):
    return soup.select_one("article.md-content__inner")


# --- Phases ------------------------------------------------------------------------------


@pytest.mark.parametrize("phase_id", PHASE_PAGES)
def test_each_phase_page_has_goal_activities_people_result_and_checklist(site, data, phase_id):
    phase = next(p for p in data["phases"]["phases"] if p["id"] == phase_id)
    soup = site.page(PHASE_PAGES[phase_id])
    assert phase["name"] in text_of(soup.select_one("article h1"))
    headings = [heading_text(h) for h in article(soup).select("h2")]
    for expected in ("Doel", "Wat doe je?", "Wie doet het?", "Wat levert deze fase op?"):
        assert expected in headings, f"{phase_id}: heading {expected!r} missing in {headings}"
    checklist_heading = next((h for h in article(soup).select("h2") if heading_text(h).startswith("Klaar voor")), None)
    assert checklist_heading is not None, f"{phase_id}: no checklist to move on, headings: {headings}"
    checks = checklist_heading.find_next_sibling("ul").select("li")
    assert len(checks) >= 4, f"{phase_id}: a checklist of {len(checks)} items"
    next_phase = checklist_heading.find_next_sibling("p").select_one("a[href]")
    assert next_phase is not None and next_phase["href"].endswith("/"), (
        f"{phase_id}: the checklist links to the next phase"
    )


def test_phase_pages_list_their_own_guidelines_only(site, guidelines):
    for phase_id, path in PHASE_PAGES.items():
        links = {a["href"] for a in article(site.page(path)).select("ul.hr-guidelines a")}
        for src_path, meta in guidelines.items():
            expected_href = "../../" + src_path.removesuffix(".md") + "/"
            assert (expected_href in links) == (meta["phase"] == phase_id), f"{src_path} on {path}"


def test_home_shows_the_three_phases_and_answers_the_eight_questions(site, data):
    soup = site.page("")
    phase_cards = soup.select("ol.hr-phases li")
    assert [text_of(li.select_one(".hr-phase__name")) for li in phase_cards] == [
        p["name"] for p in data["phases"]["phases"]
    ]
    questions = [heading_text(h) for h in article(soup).select("h3")]
    assert len(questions) >= 8
    for question_heading in article(soup).select("h3")[:8]:
        answer_links = []
        for sibling in question_heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            answer_links += sibling.select("a[href]")
        assert answer_links, f"question {text_of(question_heading)!r} has no link to the full answer"
    social_share = next(m["share"] for m in data["media_mix"]["means"] if m.get("social_media"))
    assert f"{social_share:g}" in text_of(article(soup)), "the share of social media comes from the data"


# --- Audiences × channels --------------------------------------------------------------------


@pytest.mark.parametrize("path", ["fasen/observatie/", "overzichten/doelgroepen/"])
def test_audience_channel_matrix_cells_follow_from_the_data(site, data, path):
    table = site.page(path).select_one("table.hr-matrix")
    channels = data["channels"]["channels"]
    header = [text_of(th) for th in table.select("thead th")]
    assert header == ["Doelgroep"] + [c["name"] for c in channels]
    rows = table.select("tbody tr")
    assert [text_of(r.th) for r in rows] == [a["name"] for a in data["audiences"]["audiences"]]
    for row, audience in zip(rows, data["audiences"]["audiences"], strict=True):
        cells = [text_of(td) for td in row.select("td")]
        expected = [audience["presence"].get(c["id"], {}).get("level", "niet onderzocht") for c in channels]
        assert cells == expected, audience["id"]


def test_every_observation_shows_its_source_and_date(site, data):
    soup = site.page("overzichten/doelgroepen/")
    sources = {s["id"]: s["name"] for s in data["audiences"]["sources"]}
    for audience in data["audiences"]["audiences"]:
        section_rows = soup.select_one(f"h2#{audience['id']}").find_next("table").select("tbody tr")
        by_channel = {text_of(r.th): [text_of(td) for td in r.select("td")] for r in section_rows}
        for channel in data["channels"]["channels"]:
            observation = audience["presence"].get(channel["id"])
            if observation:
                level, source, date = by_channel[channel["name"]]
                assert (level, source) == (observation["level"], sources[observation["source"]])
                assert str(observation["observed"].year) in date and str(observation["observed"].day) in date


# --- Channels and back-links ---------------------------------------------------------------------


def test_channel_overview_has_a_section_per_channel_with_its_stance_and_owner(site, data):
    soup = site.page("overzichten/kanalen/")
    roles = {r["id"]: r["name"][:1].upper() + r["name"][1:] for r in data["roles"]["roles"]}
    for channel in data["channels"]["channels"]:
        heading = soup.select_one(f"h2#{channel['id']}")
        assert heading is not None and channel["name"] in text_of(heading)
        facts = text_of(heading.find_next("dl"))
        assert channel["stance"] in facts and channel["reason"] in facts and roles[channel["owner"]] in facts


def test_channel_sections_link_back_to_exactly_the_guidelines_that_declare_them(site, data, guidelines):
    soup = site.page("overzichten/kanalen/")
    for channel in data["channels"]["channels"]:
        facts = soup.select_one(f"h2#{channel['id']}").find_next("dl")
        linked = {a["href"] for a in facts.select("a[href^='../../richtlijnen/']")}
        expected = {
            "../../" + src.removesuffix(".md") + "/"
            for src, meta in guidelines.items()
            if channel["id"] in meta["channels"]
        }
        assert linked == expected, channel["id"]


def test_guideline_pages_show_their_facts_and_the_fixed_sections(site, data, guidelines):
    phases = {p["id"]: p["name"] for p in data["phases"]["phases"]}
    roles = {r["id"]: r["name"][:1].upper() + r["name"][1:] for r in data["roles"]["roles"]}
    for src_path, meta in guidelines.items():
        soup = site.page(src_path.removesuffix(".md") + "/")
        facts = soup.select_one("article h1 + dl.hr-guideline-facts")
        assert facts is not None, f"{src_path}: no facts box under the title"
        assert phases[meta["phase"]] in text_of(facts) and roles[meta["owner"]] in text_of(facts)
        headings = [heading_text(h) for h in article(soup).select("h2")]
        for expected in (
            "Waarom deze richtlijn?",
            "Wat mag wel?",
            "Wat mag niet?",
            "Voorbeelden",
            "Wie kan je helpen?",
        ):
            assert expected in headings, f"{src_path}: heading {expected!r} missing"


def test_guidelines_are_found_from_their_overview_not_listed_in_every_menu(site, guidelines):
    """The menu names the overview once; each guideline is listed there and leads back to it. A menu listing
    every guideline would be written into every page, so the site would grow with the square of the guidelines."""
    overview = site.page("richtlijnen/")
    listed = {a["href"] for a in overview.select("article .hr-guidelines a")}
    assert listed == {src_path.removeprefix("richtlijnen/").removesuffix(".md") + "/" for src_path in guidelines}
    for src_path in guidelines:
        soup = site.page(src_path.removesuffix(".md") + "/")
        back = soup.select_one("article .hr-up a")
        assert back is not None and back["href"] == "../" and text_of(back) == "Richtlijnen voor medewerkers"
        here = "http://site/" + src_path.removesuffix(".md") + "/"
        menu = {urljoin(here, a["href"]) for a in soup.select(".md-nav--primary a")}
        assert "http://site/richtlijnen/" in menu
        assert not menu & {"http://site/" + g.removesuffix(".md") + "/" for g in guidelines}


# --- Roles (RACI), reaction scheme, media mix, accounts ---------------------------------------------


def test_raci_table_names_who_is_responsible_accountable_consulted_informed(site, data):
    roles = {r["id"]: r["name"][:1].upper() + r["name"][1:] for r in data["roles"]["roles"]}
    for path in ("overzichten/rollen/", "fasen/activatie-en-participatie/"):
        rows = site.page(path).select("table.hr-raci tbody tr")
        assert [text_of(r.th) for r in rows] == [t["name"] for t in data["roles"]["tasks"]]
        for row, task in zip(rows, data["roles"]["tasks"], strict=True):
            r, a, c, i = ([text_of(x) for x in td.select("a")] for td in row.select("td"))
            assert r == [roles[x] for x in task["responsible"]]
            assert a == [roles[task["accountable"]]]
            assert c == [roles[x] for x in task.get("consulted", [])]
            assert i == [roles[x] for x in task.get("informed", [])]


def _branch_target(question_div, answer: str) -> str:
    """What a branch leads to: a question's box id, an action's name, or where a 'Verder bij vraag' link goes."""
    branches = question_div.find_next_sibling("ul")
    branch = branches.find("li", class_=f"hr-rs__branch--{answer}", recursive=False)
    # A branch that goes on below, at the same depth: the box after the branches.
    first_box = (
        branches.find_next_sibling("div")
        if "hr-rs__branch--below" in branch["class"]
        else branch.find("div", recursive=False)
    )
    if "hr-rs__goto" in first_box.get("class", []):
        return first_box.select_one("a")["href"].removeprefix("#")
    return first_box.get("id", "") or text_of(first_box.select_one(".hr-rs__text"))


@pytest.mark.parametrize("path", ["overzichten/reactieschema/", "fasen/conversatie/"])
def test_reaction_scheme_tree_has_every_question_once_with_both_branches(site, data, path):
    scheme = data["reaction_scheme"]
    questions = {q["id"]: q for q in scheme["questions"]}
    actions = {a["id"]: a for a in scheme["actions"]}
    soup = site.page(path)
    tree = soup.select_one(".hr-rs")
    assert tree.find("div", recursive=False)["id"] == f"vraag-{scheme['start']}"
    for question in scheme["questions"]:
        (box,) = tree.select(f"#vraag-{question['id']}")  # drawn once, also when more branches reach it
        assert question["question"] in text_of(box)
        for answer, key in (("yes", "if_yes"), ("no", "if_no")):
            target = question[key]
            expected = f"vraag-{target}" if target in questions else actions[target]["name"]
            assert _branch_target(box, answer) == expected, f"{question['id']} {answer}"
    roles = {r["id"]: r["name"][:1].upper() + r["name"][1:] for r in data["roles"]["roles"]}
    for action_box in tree.select(".hr-rs__action"):
        action = next(a for a in actions.values() if a["name"] == text_of(action_box.select_one(".hr-rs__text")))
        assert f"{roles[action['role']]}, {action['deadline']}" == text_of(action_box.select_one(".hr-rs__who"))


def test_reaction_actions_list_role_deadline_answers_and_log(site, data):
    cards = site.page("overzichten/reactieschema/").select("section.hr-action-card[id^='actie-']")
    assert [c["id"] for c in cards] == [f"actie-{a['id']}" for a in data["reaction_scheme"]["actions"]]
    roles = {r["id"]: r["name"] for r in data["roles"]["roles"]}
    for card, action in zip(cards, data["reaction_scheme"]["actions"], strict=True):
        facts = dict(zip([text_of(t) for t in card.select("dt")], [text_of(d) for d in card.select("dd")], strict=True))
        assert facts["Termijn"] == action["deadline"]
        assert facts["Wie"].lower() == roles[action["role"]].lower()
        assert len(card.select("blockquote.hr-answer")) == len(action["answers"])


def test_media_mix_table_and_chart_show_every_share(site, data):
    soup = site.page("overzichten/mediamix/")
    rows = soup.select("table.hr-table tbody tr")
    means = data["media_mix"]["means"]
    assert [(text_of(r.th), text_of(r.td)) for r in rows] == [(m["name"], f"{m['share']:g}%") for m in means]
    chart = soup.select_one("figure.hr-chart svg[role=img]")
    description = text_of(chart.find("desc"))
    for m in means:
        assert f"{m['name']}: {m['share']:g} procent" in description
    widths = {text_of(g.find("text")): float(g.find("rect")["width"]) for g in chart.select("g")}
    largest = max(means, key=lambda m: m["share"])
    smallest = min(means, key=lambda m: m["share"])
    assert widths[largest["name"]] / widths[smallest["name"]] == pytest.approx(
        largest["share"] / smallest["share"], rel=0.01
    )
    assert "<script" not in str(soup.select_one("article"))


def test_account_register_lists_every_account(site, data):
    rows = site.page("overzichten/accounts/").select("table.hr-table tbody tr")
    channels = {c["id"]: c["name"] for c in data["channels"]["channels"]}
    assert [(text_of(r.th), text_of(r.select("td")[0]), text_of(r.select("td")[1])) for r in rows] == [
        (channels[a["channel"]], a["handle"], a["status"]) for a in data["accounts"]["accounts"]
    ]


def test_editors_page_documents_every_data_field(site):
    soup = site.page("bijdragen/")
    documented = {text_of(code) for code in soup.select("table.hr-table th code")}
    for field in (
        "channels[].stance",
        "audiences[].presence.<kanaal>.level",
        "tasks[].accountable",
        "means[].share",
        "questions[].if_yes",
        "accounts[].last_review",
        "communication_team.email",
        "last_review",
    ):
        assert field in documented, field


# --- The whole site ---------------------------------------------------------------------------------


def test_every_page_has_at_least_150_words(site):
    for path in site_pages(site.site):
        soup = site.page(path)
        words = re.findall(r"\w+", text_of(article(soup)))
        assert len(words) >= 150, f"{path} has only {len(words)} words"


def test_no_page_shows_unrendered_macros_or_errors(site):
    for path in site_pages(site.site):
        # The editors' page shows macros as examples, in code.
        text = " ".join(s for s in site.page(path).find_all(string=True) if s.find_parent("code") is None)
        assert "{{" not in text and "{%" not in text, path
        assert "Macro Rendering Error" not in text and "Traceback" not in text, path


def test_every_internal_link_and_anchor_resolves(site):
    ids_cache: dict[Path, set[str]] = {}

    def ids(file: Path) -> set[str]:
        if file not in ids_cache:
            ids_cache[file] = {
                e["id"] for e in BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser").select("[id]")
            }
        return ids_cache[file]

    for path in site_pages(site.site):
        base = "http://site/" + path
        for link in site.page(path).select("article a[href]"):
            target = urlparse(urljoin(base, link["href"]))
            if target.netloc != "site":
                continue
            if target.path.startswith("/pdf/"):
                continue  # made by `make pdf`; test_print checks every download link against the real PDFs
            file = site.site / unquote(target.path).lstrip("/")
            if file.is_dir() or target.path.endswith("/"):
                file = file / "index.html"
            assert file.exists(), f"{path}: broken link {link['href']}"
            if target.fragment:
                assert target.fragment in ids(file), f"{path}: missing anchor {link['href']}"


def test_site_is_dutch_and_belongs_to_the_organisation(site, data):
    soup = site.page("")
    assert soup.html["lang"] == "nl"
    assert soup.select_one("link[rel=canonical]")["href"] == data["organisation"]["intranet_url"]
    assert data["organisation"]["name"] in text_of(article(soup))
    footer = soup.select_one(".md-copyright")
    assert data["organisation"]["communication_team"]["email"] in text_of(footer)
    assert "Material for MkDocs" not in text_of(footer)


def test_search_index_is_dutch(site):
    config = (site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"lang":["nl"]' in config.replace(" ", "")


def test_organisation_particulars_are_written_in_one_place():
    """Pages take the organisation's name and contacts from data/organisation.yml, never literally."""
    import yaml

    organisation = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))
    literals = [organisation["name"], organisation["communication_team"]["email"], organisation["intranet_url"]]
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for literal in literals:
            assert literal not in text, f"{page.relative_to(ROOT)} writes {literal!r}; use the org variables"


def test_headings_come_in_order_on_every_page(site):
    for path in site_pages(site.site):
        soup = site.page(path)
        levels = [int(h.name[1]) for h in article(soup).find_all(re.compile(r"^h[1-6]$"))]
        assert levels and levels[0] == 1, f"{path} starts with h{levels[:1]}"
        jumps = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not jumps, f"{path} skips a heading level: {jumps}"


def test_every_data_table_has_a_header_for_each_row_and_column(site):
    for path in site_pages(site.site):
        soup = site.page(path)
        for table in article(soup).select("table.hr-table"):
            assert table.select("thead th[scope=col]"), path
            for row in table.select("tbody tr"):
                assert row.find("th", scope="row") or row.find("td", colspan=True), f"{path}: {row}"
