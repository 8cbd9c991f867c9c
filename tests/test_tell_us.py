"""Tell us, and the licence for reuse: every page lets a reader who has only a browser tell the team that something
is wrong or missing (a mailto: with the page filled in, or the team's own form), and the footer and paper say under
which licence the text may be reused. An adopting organisation sets its own form and licence."""

from __future__ import annotations

import datetime
import re
import subprocess
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from conftest import build, edit, text_of
from sitetools import site_pages

from handreiking.tell_us import tell_us_link
from handreiking.version import site_version

LINK_TEXT = "Laat het ons weten"
# A reading page, an overview made from data, a guideline, a printable page and the editors' page.
PAGES = ["", "overzichten/kanalen/", "richtlijnen/privacy-en-persoonsgegevens/", "afdrukken/", "bijdragen/"]
SITE_SUFFIX = " - Handreiking sociale media"
# A version as the footer shows it: the last commit's date and short id, or only the date outside git.
VERSION = r"\d{4}-\d{2}-\d{2}(?: \([0-9a-f]{7,}\))?"


def decode_mailto(href: str) -> tuple[str, dict[str, str]]:
    """The address and the fields of a mailto: URL, read as RFC 6068 writes them ('+' is a plus, not a space)."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    fields = {}
    for pair in parts.query.split("&"):
        name, _, value = pair.partition("=")
        assert name not in fields, f"{name} twice in {href}"
        fields[unquote(name)] = unquote(value)
    return unquote(parts.path), fields


def page_title(document_title: str) -> str:
    """The page's own title, as the browser's tab shows it before the site's name."""
    assert document_title.endswith(SITE_SUFFIX), document_title
    return document_title.removesuffix(SITE_SUFFIX)


def shown_version(footer_text: str) -> str:
    match = re.search(rf"Versie ({VERSION})", footer_text)
    assert match, footer_text
    return match.group(1)


# --- The link, in a real browser --------------------------------------------------------------------------------


def test_the_tell_us_link_writes_to_the_team_with_the_page_its_address_and_its_version(data, served, browser):
    team = data["organisation"]["communication_team"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    for path in PAGES:
        page.goto(served + path, wait_until="load")
        link = page.get_by_role("link", name=LINK_TEXT, exact=True)
        assert link.count() == 1, path
        assert link.is_visible(), path
        title = page_title(page.title())
        address = page.locator("link[rel=canonical]").get_attribute("href")
        assert address == data["organisation"]["intranet_url"] + path
        version = shown_version(page.locator(".md-copyright").inner_text())

        to, fields = decode_mailto(link.evaluate("a => a.href"))
        assert to == team["email"], path
        assert set(fields) == {"subject", "body"}, fields
        assert fields["subject"] == f"Handreiking sociale media: {title}"
        lines = fields["body"].split("\r\n")
        assert lines[0] == "Wat klopt er niet, of wat mis je?"
        assert lines[-3:] == [f"Pagina: {title}", f"Adres: {address}", f"Versie: {version}"], lines
    context.close()


def test_every_page_has_one_tell_us_link_under_its_content_and_none_on_paper(site, data, served, browser):
    for path in site_pages(site.site):
        links = [a for a in site.page(path).select("article a") if text_of(a) == LINK_TEXT]
        assert len(links) == 1, f"{path or '/'}: {len(links)} links"
        assert links[0]["href"].startswith(f"mailto:{data['organisation']['communication_team']['email']}?")
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(served + "overzichten/kanalen/", wait_until="load")
    assert not page.get_by_role("link", name=LINK_TEXT).is_visible()
    page.close()


def test_the_site_version_is_the_last_commit_and_outside_git_the_day_of_the_build(tmp_path):
    def git(*args: str) -> str:
        command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args]
        return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True).stdout.strip()

    today = datetime.date(2026, 12, 6)
    assert str(site_version(tmp_path, today)) == "2026-12-06"  # not in git
    git("init", "-q")
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    git("add", "a.md")
    git("commit", "-q", "-m", "a")
    version = site_version(tmp_path, today)
    assert version.commit == git("log", "-1", "--format=%h")
    assert str(version) == f"{git('log', '-1', '--format=%cs')} ({version.commit})"


@pytest.mark.parametrize("title", ["Vragen & antwoorden", "Wat=wat? #1 + 50% 'korting'", "Één lijn\nnog één"])
def test_a_title_with_reserved_characters_stays_inside_the_subject(title):
    team = {"email": "team+web@example.invalid"}
    to, fields = decode_mailto(tell_us_link(team, "Handreiking", title, "https://intranet.example/a/?b=c&d", "v"))
    assert to == "team+web@example.invalid"
    assert fields["subject"] == f"Handreiking: {title}"
    assert "Adres: https://intranet.example/a/?b=c&d\r\n" in fields["body"]


# --- The licence --------------------------------------------------------------------------------------------------


def test_the_footer_and_the_printed_page_name_the_content_licence(site, data, served, browser):
    licence = data["organisation"]["content_licence"]
    for path in site_pages(site.site):
        footer = site.page(path).select_one(".md-copyright")
        links = [a for a in footer.select("a") if a["href"] == licence["url"]]
        assert [text_of(a) for a in links] == [licence["name"]], path or "/"
        assert re.search(rf"Versie {VERSION}", text_of(footer)), path
    page = browser.new_page()
    page.emulate_media(media="print")
    page.goto(served + "afdrukken/", wait_until="load")
    last_line = " ".join(page.locator(".hr-print-source").last.inner_text().split())
    assert f"Je mag de tekst hergebruiken volgens de {licence['name']}: {licence['url']}." in last_line
    assert data["organisation"]["intranet_url"] + "afdrukken/" in page.locator(".hr-print-source").first.inner_text()
    page.close()


# --- An organisation of its own -----------------------------------------------------------------------------------


def test_an_organisation_sets_its_own_form_and_licence(project, data):
    team_page = data["organisation"]["communication_team"]["intranet_page"]
    form = f"{team_page}melding?bron=handreiking"
    edit(
        project,
        "data/organisation.yml",
        f"  intranet_page: {team_page}\n",
        f"  feedback_form: {form}\n  intranet_page: {team_page}\n",
    )
    own = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.nl"}
    licence = data["organisation"]["content_licence"]
    edit(project, "data/organisation.yml", f"  name: {licence['name']}", f"  name: {own['name']}")
    edit(project, "data/organisation.yml", f"  url: {licence['url']}", f"  url: {own['url']}")
    assert yaml.safe_load((project / "data" / "organisation.yml").read_text(encoding="utf-8"))["content_licence"] == own

    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    intranet = data["organisation"]["intranet_url"]
    for path in ("", "overzichten/kanalen/"):
        soup = result.page(path)
        href = next(a["href"] for a in soup.select("article a") if text_of(a) == LINK_TEXT)
        assert href.startswith(form + "&"), href
        query = dict(pair.split("=", 1) for pair in urlsplit(href).query.split("&"))
        assert unquote(query["pagina"]) == intranet + path
        assert unquote(query["titel"]) == page_title(soup.title.string)
        assert re.fullmatch(VERSION, unquote(query["versie"]))
        footer = soup.select_one(".md-copyright")
        assert [(a["href"], text_of(a)) for a in footer.select("a")][-1] == (own["url"], own["name"])
        assert own["name"] in text_of(soup.select(".hr-print-source")[-1])
    for path in site_pages(result.site):
        soup = result.page(path)
        said = " ".join(text_of(part) for part in soup.select(".md-copyright, .hr-print-source"))
        assert own["name"] in said and licence["name"] not in said, path or "/"


def test_a_form_of_another_firm_is_refused_with_file_line_and_value(project, data):
    team_page = data["organisation"]["communication_team"]["intranet_page"]
    line = edit(
        project,
        "data/organisation.yml",
        f"  intranet_page: {team_page}\n",
        f"  feedback_form: https://forms.office.com/r/handreiking\n  intranet_page: {team_page}\n",
    )
    result = build(project)
    assert result.returncode != 0
    assert f"data/organisation.yml, regel {line}" in result.output, result.output[-2000:]
    assert "https://forms.office.com/r/handreiking" in result.output
    assert "Traceback" not in result.output
