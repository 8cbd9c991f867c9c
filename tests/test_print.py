"""Printing: links, tables and boxes on paper; PDF handouts are really rendered in Chromium and read back with
poppler-utils and pypdf. That every page prints without site chrome and says where it comes from is part of the one
walk over all pages (test_browser.py)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote, urljoin

import make_pdfs
import pytest
import yaml
from conftest import ROOT, heading_text, text_of
from sitetools import serve

from handreiking.printable import nav_pages  # noqa: E402
from handreiking.render import page_url  # noqa: E402

HANDOUTS = (
    "handreiking-sociale-media.pdf",
    "handreiking-sociale-media-richtlijnen.pdf",
    "handreiking-sociale-media-observatie.pdf",
    "handreiking-sociale-media-activatie-en-participatie.pdf",
    "handreiking-sociale-media-conversatie.pdf",
)
# A handout uses its paper, whatever its length: a print style that breaks (a sheet per paragraph, a table cut in
# slivers) leaves pages nearly empty. On 6 December 2026 the handouts held 2,300 to 3,700 characters a page; a
# bound on the content, not a page count fitted to one machine's Chromium and fonts.
MIN_CHARACTERS_PER_PAGE = 1200
# The reaction scheme on one sheet, to lay next to a screen.
SHEET = "handreiking-sociale-media-reactieschema.pdf"
# The checklists Voor je post, each on one A4 too (tests/test_before_posting.py).
CHECKLIST_SHEETS = (
    "handreiking-sociale-media-voor-je-post-officieel-account.pdf",
    "handreiking-sociale-media-voor-je-post-persoonlijk-account.pdf",
)


def _require_poppler() -> None:
    if shutil.which("pdftotext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("poppler-utils is required in CI")
        pytest.skip("poppler-utils is not installed")


@pytest.fixture(scope="module")
def pdfs(handouts) -> dict[str, Path]:
    _require_poppler()
    return handouts


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_reading_text(path: Path) -> str:
    """The text in the order it was written (Chromium writes it in the page's order), also across columns."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return {
        key.strip(): value.strip() for key, value in (line.split(":", 1) for line in out.splitlines() if ":" in line)
    }


def outline_titles(path: Path) -> list[str]:
    from pypdf import PdfReader

    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(PdfReader(str(path)).outline)
    return titles


def test_every_handout_is_made_and_linked_from_the_site(site, data, pdfs, make_pdf_run):
    # A sheet per role too (tests/test_roles_and_records.py reads them).
    roles = {f"handreiking-sociale-media-rol-{role['id']}.pdf" for role in data["roles"]["roles"]}
    assert set(pdfs) == {*HANDOUTS, SHEET, *CHECKLIST_SHEETS, *roles}
    links = site.page("afdrukken/").select("ul.hr-downloads a[download]")
    assert {Path(a["href"]).name for a in links} == {*HANDOUTS, SHEET, *CHECKLIST_SHEETS, *roles}
    for link in links:
        assert (make_pdf_run.site / "afdrukken" / link["href"]).resolve().exists(), link["href"]


@pytest.mark.parametrize("name", HANDOUTS)
def test_handout_is_a_tagged_pdf_with_title_bookmarks_address_and_date(site, data, pdfs, name):
    path = pdfs[name]
    info = pdf_info(path)
    assert info["Tagged"] == "yes"
    assert info["Title"].endswith("- Handreiking sociale media") and len(info["Title"]) > 30
    pages, characters = int(info["Pages"]), len(" ".join(pdf_text(path).split()))
    assert pages >= 1 and characters / pages >= MIN_CHARACTERS_PER_PAGE, (
        f"{name}: {characters} characters, {pages} pages"
    )
    titles = outline_titles(path)
    assert len(titles) >= 5 and ("Waarom deze richtlijn?" in titles or "Doel" in titles), titles[:10]
    text = " ".join(pdf_text(path).split())
    assert data["organisation"]["intranet_url"] + "afdrukken/" in text, "the page's address is printed"
    assert re.search(r"laatst gewijzigd op \d{1,2} [a-z]+ \d{4}", text), "the date of the last change is printed"
    assert f"hergebruiken volgens de {data['organisation']['content_licence']['name']}" in text, "the licence"
    footer = f"Vragen? {data['organisation']['communication_team']['name']}"
    for chrome in ("Pagina aanpassen", "Zoeken", "Vorige", "Volgende", "Inhoudsopgave", footer):
        assert chrome not in text, f"{name} prints site chrome: {chrome!r}"


def pdf_links(path: Path) -> list[str]:
    """The address of every link in a PDF that leaves it (a link to a place inside it has none)."""
    from pypdf import PdfReader

    addresses = []
    for page in PdfReader(str(path)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                addresses.append(str(action.get_object()["/URI"]))
    return addresses


def _as_chromium_writes(url: str) -> str:
    """An address with the characters a browser encodes in it encoded (a ' in a query becomes %27)."""
    return quote(url, safe=":/?#[]@!$&()*+,;=%~")


def test_a_link_in_a_handout_goes_where_a_reader_finds_that_page(site, data, pdfs):
    """A handout is read away from the site (mailed, downloaded, opened from a folder): each link goes where the
    same link on its page goes for a reader on the intranet, not to the local server that printed it."""
    intranet = data["organisation"]["intranet_url"]
    for page_path, name in make_pdfs.handouts():
        page = site.page(page_path)
        published = urljoin(intranet, page_path)
        assert page.select_one("link[rel=canonical]")["href"] == published
        hrefs = [a["href"] for a in page.select("a[href]") if not a["href"].startswith("#")]
        expected = {_as_chromium_writes(urljoin(published, href)) for href in hrefs}
        links = [_as_chromium_writes(link) for link in pdf_links(pdfs[name])]
        assert [link for link in links if link.startswith(intranet)], f"{name} links to no page of the site"
        assert set(links) <= expected, (name, sorted(set(links) - expected)[:5])


def test_the_reaction_scheme_sheet_is_one_a4_page_with_every_question_and_action(data, pdfs):
    info = pdf_info(pdfs[SHEET])
    assert info["Pages"] == "1"
    assert "(A4)" in info["Page size"], info["Page size"]
    assert info["Tagged"] == "yes" and info["Title"].endswith("- Handreiking sociale media")
    columns = " ".join(pdf_reading_text(pdfs[SHEET]).split())
    for question in data["reaction_scheme"]["questions"]:
        assert " ".join(question["question"].split()) in columns, question["id"]
    for action in data["reaction_scheme"]["actions"]:
        assert action["name"] in columns, action["id"]
    assert data["organisation"]["intranet_url"] + "afdrukken/reactieschema/" in " ".join(pdf_text(pdfs[SHEET]).split())


def test_the_whole_holds_every_phase_and_the_reaction_scheme(data, pdfs):
    path = pdfs["handreiking-sociale-media.pdf"]
    text = " ".join(pdf_text(path).split())
    for phase in data["phases"]["phases"]:
        assert f"Fase {phase['number']}: {phase['name']}" in text
    assert "Reactieschema" in outline_titles(path)
    for question in data["reaction_scheme"]["questions"]:
        assert " ".join(question["question"].split()) in text, question["id"]
    for action in data["reaction_scheme"]["actions"]:
        assert action["name"] in text
    order = [text.index(f"Fase {n}: ") for n in (1, 2, 3)]
    assert order == sorted(order), "navigation order"


def test_phase_handout_holds_its_guidelines_only(data, guidelines, pdfs):
    titles = outline_titles(pdfs["handreiking-sociale-media-observatie.pdf"])
    for meta in guidelines.values():
        assert (meta["title"] in titles) == (meta["phase"] == "observatie"), meta["title"]


@pytest.fixture(scope="module")
def print_page(site, browser):
    server, base_url = serve(site.site)
    page = browser.new_page(viewport={"width": 794, "height": 1123})
    page.emulate_media(media="print")
    yield page, base_url
    page.close()
    server.shutdown()


def test_printed_links_to_other_sites_show_their_address(print_page):
    page, base_url = print_page
    page.goto(base_url + "overzichten/accounts/", wait_until="load")
    external = page.locator("article a[href^='https://www.facebook.com']").first
    after = external.evaluate("a => getComputedStyle(a, '::after').content")
    assert "facebook.com" in after
    internal = page.locator("article a[href^='../']").first
    assert internal.evaluate("a => getComputedStyle(a, '::after').content") in ("none", "normal", '""')


def test_printed_tables_trees_and_boxes_do_not_split(print_page):
    page, base_url = print_page
    page.goto(base_url + "overzichten/reactieschema/", wait_until="load")
    for selector in (".hr-rs__question", ".hr-rs__action", ".hr-action-card", ".admonition"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).breakInside") == "avoid", selector
    for selector in ("article h2", ".hr-rs__answer"):
        assert page.locator(selector).first.evaluate("e => getComputedStyle(e).breakAfter") == "avoid", selector


def test_screen_shows_no_print_line(site):
    soup = site.page("overzichten/accounts/")
    assert soup.select_one(".hr-print-source") is not None
    css = (ROOT / "docs" / "stylesheets" / "handreiking.css").read_text()
    assert re.search(r"^\.hr-print-source \{ display: none; \}", css, re.M)
    assert text_of(soup.select_one(".hr-print-source")).startswith("Afgedrukt uit de Handreiking sociale media")


def test_the_printable_whole_holds_every_reading_page_once_with_links_inside_it(site):
    """Every page of the menu except the editors', the printable ones (the checklists Voor je post too), the
    frequent questions (whose answers the other parts hold) and what changed (the printout carries its version
    instead), and every guideline."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    left_out = (
        "bijdragen.md",
        "nakijken.md",
        "veelgestelde-vragen.md",
        "voor-je-post/officieel-account.md",
        "voor-je-post/persoonlijk-account.md",
        "wat-is-er-veranderd.md",
    )
    held = [p for p in nav_pages(nav) if not p.startswith("afdrukken/") and p not in left_out]
    # The guidelines are not in the menu; they follow their overview page, in the order it lists them.
    listed = [a["href"].strip("./") + ".md" for a in site.page("richtlijnen/").select("article .hr-guidelines a")]
    assert len(listed) == len(list((ROOT / "docs" / "richtlijnen").glob("*.md"))) - 1
    at = held.index("richtlijnen/index.md") + 1
    held[at:at] = [f"richtlijnen/{name}" for name in listed]
    soup = site.page("afdrukken/")
    body = soup.select_one("article")
    parts = body.select("h2.hr-part")
    # Every page once, in nav order, under its own title; the table of contents lists the same.
    assert [heading_text(h) for h in parts] == [
        heading_text(site.page(page_url(p, True)).select_one("h1")) for p in held
    ]
    # Each title in it opens its part: it links to the part's text, under the heading.
    texts = [h.find_next_sibling(class_="hr-part-text") for h in parts]
    assert [a["href"] for a in body.select(".hr-print-toc a")] == [f"#{text['id']}" for text in texts]
    # Only the printable page's own edit link, print line (top and bottom) and date: not one per part.
    assert len(body.select(".hr-edit-link")) == 1
    assert len(body.select(".hr-print-source")) == 2
    assert len(body.select(".hr-last-changed")) == 1
    # A link to a page the whole also holds stays on the page: on paper and in the PDF it leads to that part.
    held_urls = {"http://site/" + page_url(p, True) for p in held}
    base = "http://site/afdrukken/"
    for link in body.select("a[href]"):
        target = urljoin(base, link["href"]).split("#")[0]
        assert target not in held_urls, f"{link['href']} leaves the printable page"
    in_page = [
        a
        for a in body.select("a[href^='#deel-richtlijnen-'], a[href^='#open-deel-richtlijnen-']")
        if not a.find_parent(class_="hr-print-toc")
    ]
    assert in_page, "the parts link to each other"


def test_on_screen_each_part_is_folded_and_a_title_a_link_or_paper_opens_it(print_page):
    """On a phone the whole handreiking shows each part's title and a link that opens it, so only what is shown is
    laid out and the page opens fast. The table of contents, a link into a part and paper open the parts."""
    page, base_url = print_page
    page.emulate_media(media="screen")
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        page.goto(base_url + "afdrukken/", wait_until="load")
        shown = "e => e.checkVisibility()"
        read = "t => t.firstElementChild.checkVisibility()"  # a part's text is shown if what it holds is
        texts, headings = page.locator(".hr-part-text"), page.locator("h2.hr-part")
        assert texts.count() == headings.count() > 20
        assert not any(texts.evaluate_all(f"ts => ts.map({read})")), "a part is open before anyone asks for it"
        assert all(headings.evaluate_all(f"hs => hs.map({shown})")), "a part's title is not shown"
        page.locator(".hr-print-toc__hint").wait_for()

        page.locator(".hr-print-toc a").last.click()
        top = headings.last.evaluate("h => h.getBoundingClientRect().top")
        assert texts.last.evaluate(read) and 0 <= top < 300, (
            f"the last part did not open with its title in view ({top} px)"
        )
        assert not page.locator(".hr-part-open").last.is_visible(), "an open part still offers to open"

        page.locator(".hr-part-open a").first.click()
        assert texts.first.evaluate(read), "Lees dit deel did not open the part"

        inside = texts.nth(10).locator("[id]").first.get_attribute("id")
        page.goto(f"{base_url}afdrukken/#{inside}", wait_until="load")
        assert texts.nth(10).evaluate(read), f"a link to #{inside} did not open its part"

        page.goto(base_url + "afdrukken/", wait_until="load")
        page.emulate_media(media="print")
        assert all(texts.evaluate_all(f"ts => ts.map({read})")), "a part is folded on paper"
        assert not page.locator(".hr-part-open").first.is_visible()
        # Each part on a new sheet, the first on the sheet of the table of contents.
        breaks = headings.evaluate_all("hs => hs.map(h => getComputedStyle(h).breakBefore)")
        assert breaks[0] == "auto" and set(breaks[1:]) == {"page"}, breaks
    finally:
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 794, "height": 1123})
