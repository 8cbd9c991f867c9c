"""A page per role and a decision record per path through the reaction scheme, both made by the build from the data:
what a colleague in a role reads and hands on, and what a webcare colleague keeps after walking the scheme. Printed
for real in Chromium and read back with pypdf; the data is read straight from the YAML as the oracle."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlparse

from bs4 import BeautifulSoup
from conftest import build, edit, text_of
from make_pdfs import FOOTER
from test_reaction_scheme import STEPS, scheme_paths

ARCHIVE_FIELDS = ("Datum en uur", "Link naar het bericht", "Initialen")
# A4 in PostScript points, as pypdf reports a page's size.
A4 = (595, 842)


def title_of(name: str) -> str:
    return name[:1].upper() + name[1:]


def section_text(page: BeautifulSoup, heading_id: str) -> str:
    """The text under one h2 of a page, up to the next h2."""
    heading = page.find("h2", id=heading_id)
    assert heading is not None, heading_id
    parts = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h2":
            break
        parts.append(sibling.get_text(" "))
    return " ".join(" ".join(parts).split())


def read(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    return " ".join(text.split())


# --- A page per role ------------------------------------------------------------------------------------------


def test_every_role_has_a_page_linked_from_the_overview_of_roles(site, data):
    roles = data["roles"]["roles"]
    assert sorted(p.name for p in (site.site / "rollen").iterdir()) == sorted(r["id"] for r in roles)
    overview_links = {a["href"] for a in site.page("overzichten/rollen/").select("article a")}
    for role in roles:
        page = site.page(f"rollen/{role['id']}/")
        assert text_of(page.select_one("article h1")) == title_of(role["name"])
        assert role["description"] in words(page.select_one("article").get_text(" "))
        assert f"../../rollen/{role['id']}/" in overview_links


def test_a_role_page_says_what_the_role_does_decides_and_must_know(site, data, guidelines):
    tasks = data["roles"]["tasks"]
    actions = data["reaction_scheme"]["actions"]
    for role in data["roles"]["roles"]:
        page = site.page(f"rollen/{role['id']}/")
        does, decides, knows = (section_text(page, h) for h in ("wat-doe-je", "wat-beslis-je", "wat-moet-je-weten"))
        for task in tasks:
            if role["id"] in task["responsible"]:
                assert task["name"].lower() in does, (role["id"], task["id"])
            if task["accountable"] == role["id"]:
                assert task["name"].lower() in decides, (role["id"], task["id"])
        for action in actions:
            if action["role"] == role["id"]:
                assert f"{action['name']} {action['deadline']}" in does, (role["id"], action["id"])
        for path, meta in guidelines.items():
            if meta["owner"] == role["id"]:
                assert meta["title"] in knows and meta["description"] in knows, (role["id"], path)
            else:
                assert meta["title"] in knows, (role["id"], path)


def test_a_role_added_to_the_data_gets_its_own_page(project):
    edit(
        project,
        "data/roles.yml",
        "  - id: medewerker\n",
        "  - id: ambassadeur\n"
        "    name: ambassadeur\n"
        "    description: Deelt ons nieuws in het eigen netwerk en vertelt over het werk.\n\n"
        "  - id: medewerker\n",
    )
    result = build(project)
    assert result.returncode == 0, result.output
    page = result.page("rollen/ambassadeur/")
    assert text_of(page.select_one("article h1")) == "Ambassadeur"
    assert "Deelt ons nieuws in het eigen netwerk" in page.select_one("article").get_text(" ")
    assert "../../rollen/ambassadeur/" in {a["href"] for a in result.page("overzichten/rollen/").select("a")}


# --- A decision record per path -------------------------------------------------------------------------------


def test_every_path_ends_with_a_record_of_its_answers_action_and_sources(site, data):
    scheme = data["reaction_scheme"]
    questions = {q["id"]: q["question"] for q in scheme["questions"]}
    actions = {a["id"]: a for a in scheme["actions"]}
    roles = {r["id"]: r["name"] for r in data["roles"]["roles"]}
    references = {r["id"]: r["title"] for r in data["references"]["references"]}
    steps = site.page(STEPS)
    records = set()
    paths = scheme_paths(scheme)
    for path, end in paths:
        answers = "".join(answer for _, answer in path)
        link = next(
            (a for a in steps.select(f"#stap-{answers} a") if text_of(a) == "Verslag van deze beslissing"), None
        )
        assert link is not None, f"the end stap-{answers} has no link to its record"
        folder = (site.site / STEPS / link["href"]).resolve()
        record = read(folder / "index.html")
        given = [words(li.get_text(" ")) for li in record.select("ol.hr-record__answers > li")]
        assert given == [f"{questions[q]} {'Ja' if a == 'j' else 'Nee'}" for q, a in path]
        action = actions[end]
        text = words(record.select_one("article").get_text(" "))
        assert text_of(record.select_one("article h1")) == f"Verslag: {action['name']}"
        assert roles[action["role"]].lower() in text.lower() and action["deadline"] in text
        assert all(roles[r] in text for r in action.get("inform", []))
        # A model answer's places to fill in are marked for the eye: compare the words without the spacing.
        assert all("".join(answer.split()) in "".join(text.split()) for answer in action.get("answers", []))
        assert all(references[r] in text for r in action.get("references", []))
        back = record.select_one(".hr-record__back a")["href"]
        assert urlparse(back).fragment == f"stap-{answers}"
        records.add(folder)
    assert len(records) == len(paths) == len(list((site.site / "verslagen").iterdir()))


def test_every_record_has_empty_fields_for_the_archive(site):
    for folder in sorted((site.site / "verslagen").iterdir()):
        record = read(folder / "index.html")
        fields = {text_of(row.th): row.td.get_text(strip=True) for row in record.select(".hr-record__fields tr")}
        assert set(ARCHIVE_FIELDS) <= set(fields), folder.name
        assert not any(fields.values()), f"{folder.name}: filled in already: {fields}"


def test_the_step_by_step_scheme_leads_to_the_record_and_back_without_javascript(served, browser, data):
    from playwright.sync_api import expect

    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 780})
    page = context.new_page()
    path, end = max(scheme_paths(data["reaction_scheme"]), key=lambda found: len(found[0]))
    page.goto(served + STEPS)
    for _, answer in path:
        step = page.locator("section.hr-step:visible")
        step.get_by_role("link", name="Ja" if answer == "j" else "Nee", exact=True).click()
    page.get_by_role("link", name="Verslag van deze beslissing").click()
    answers = "".join(answer for _, answer in path)
    page.wait_for_url(f"**/verslagen/{end}-{answers}/")
    expect(page.locator("ol.hr-record__answers > li")).to_have_count(len(path))
    page.get_by_role("link", name="Terug naar deze stap in het reactieschema").click()
    page.wait_for_url(f"**/{STEPS}#stap-{answers}")
    expect(page.get_by_role("link", name="Verslag van deze beslissing")).to_be_visible()
    context.close()


# --- On paper -------------------------------------------------------------------------------------------------


def pdf_pages(pdf: bytes) -> list:
    from pypdf import PdfReader

    return list(PdfReader(io.BytesIO(pdf)).pages)


def assert_one_a4_sheet(pdf: bytes, name: str) -> str:
    pages = pdf_pages(pdf)
    assert len(pages) == 1, f"{name}: {len(pages)} sheets"
    size = tuple(round(float(v)) for v in (pages[0].mediabox.width, pages[0].mediabox.height))
    assert size == A4, f"{name}: {size}"
    return words(pages[0].extract_text())


def test_every_role_handout_is_one_a4_sheet(handouts, data):
    for role in data["roles"]["roles"]:
        name = f"handreiking-sociale-media-rol-{role['id']}.pdf"
        assert name in handouts, sorted(handouts)
        text = assert_one_a4_sheet(handouts[name].read_bytes(), name)
        assert title_of(role["name"]) in text and "Wat moet je weten?" in text
        address = data["organisation"]["intranet_url"] + f"rollen/{role['id']}/"
        assert address in text.replace(" ", ""), f"{name}: the page's address is printed"
        assert "laatst gewijzigd op" in text, f"{name}: the date of the last change is printed"
        licence = f"hergebruiken volgens de {data['organisation']['content_licence']['name']}"
        assert licence in text, f"{name}: the licence is printed"


def test_every_record_prints_on_one_a4_sheet(site, served, browser):
    """Printed as `make pdf` prints a handout (scripts/make_pdfs.py): the print stylesheet, A4, its footer."""
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    footer = FOOTER.format(
        address="https://intranet.example/handreiking-sociale-media/verslagen/", changed="1 mei 2026"
    )
    for folder in sorted((site.site / "verslagen").iterdir()):
        page.goto(f"{served}verslagen/{folder.name}/")
        pdf = page.pdf(
            prefer_css_page_size=True,
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=footer,
        )
        text = assert_one_a4_sheet(pdf, folder.name)
        assert all(label in text for label in ARCHIVE_FIELDS), folder.name
    context.close()


def test_a_file_in_docs_in_the_place_of_a_role_page_stops_the_build_with_a_dutch_message(project):
    (project / "docs" / "rollen").mkdir()
    (project / "docs" / "rollen" / "woordvoerder.md").write_text(
        "# Woordvoerder\n\nEen eigen pagina.\n", encoding="utf-8"
    )
    result = build(project)
    assert result.returncode != 0
    assert "docs/rollen/woordvoerder.md: de bouw maakt deze pagina zelf uit de gegevens" in result.output, result.output
    assert "Traceback" not in result.output
