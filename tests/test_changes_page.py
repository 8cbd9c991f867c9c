"""Wat is er veranderd: what a reader sees of data/changes.yml. The page lists every change newest first, grouped by
date with fixed anchors; the Atom feed holds the same list; each guideline shows its latest change; every printable
page (and so every PDF) carries its version, from git; search finds the page."""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlparse
from xml.etree import ElementTree

import pytest
import yaml
from conftest import heading_text
from sitetools import ROOT, search_like_a_reader
from test_print import pdf_text

from handreiking.render import dutch_date
from handreiking.site_audit import SiteAudit

ATOM = "{http://www.w3.org/2005/Atom}"
# Dates as text, as an editor writes them (YAML would make them dates).
CHANGES = [
    {**change, "date": str(change["date"])}
    for change in yaml.safe_load((ROOT / "data" / "changes.yml").read_text(encoding="utf-8"))["changes"]
]
PAGE = "wat-is-er-veranderd/"


def text_of(element) -> str:
    """The text as a reader reads it: no space is added where an element ends."""
    return " ".join(element.get_text().split())


def _titles() -> dict[str, str]:
    def title(guideline: str) -> str:
        text = (ROOT / "docs" / guideline).read_text(encoding="utf-8")
        return str(yaml.safe_load(text.split("---", 2)[1])["title"])

    return {change["guideline"]: title(change["guideline"]) for change in CHANGES}


def _newest_first() -> list[dict]:
    return sorted(CHANGES, key=lambda change: change["date"], reverse=True)


def test_the_page_lists_every_change_newest_first_under_its_date(site):
    page = site.page(PAGE)
    titles = _titles()
    shown = []
    for heading in page.select("article h2[id^='wijzigingen-']"):
        date = datetime.date.fromisoformat(heading["id"].removeprefix("wijzigingen-"))
        assert heading_text(heading) == dutch_date(date)
        shown += [(str(date), text_of(item)) for item in heading.find_next_sibling("ul").select("li")]
    expected = [(c["date"], f"{titles[c['guideline']]}: {c['summary']}") for c in _newest_first()]
    assert shown == expected
    dates = [date for date, _ in shown]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) > 1


def test_a_reader_with_a_printout_is_told_to_read_what_stands_above_its_date(site):
    text = text_of(site.page(PAGE).select_one("article"))
    assert "Zoek hieronder die datum. Alles wat boven die datum staat, is nieuw voor jou." in text


def test_the_feed_holds_the_same_list_as_valid_atom_on_the_site_only(site):
    page = site.page(PAGE)
    feed = ElementTree.fromstring((site.site / "wijzigingen.atom").read_bytes())
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287: a feed has an id, a title, an update time and an author; each entry an id, a title and a time.
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated").replace("Z", "+00:00"))
    assert len({entry.findtext(f"{ATOM}id") for entry in entries}) == len(entries)
    on_page = [text_of(item) for item in page.select("ul.hr-changes li")]
    assert [f"{e.findtext(f'{ATOM}title')}: {e.findtext(f'{ATOM}summary')}" for e in entries] == on_page
    site_url = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))["intranet_url"]
    addresses = [link.get("href") for link in feed.iter(f"{ATOM}link")] + [e.text for e in feed.iter(f"{ATOM}id")]
    assert addresses and all(address.startswith(site_url) for address in addresses)
    # Each entry leads to its date on the page.
    anchors = {heading["id"] for heading in page.select("h2[id^='wijzigingen-']")}
    assert {urlparse(e.find(f"{ATOM}link").get("href")).fragment for e in entries} == anchors
    # Every page names the feed in its head, for a feed reader.
    link = site.page("").select_one("head link[rel=alternate][type='application/atom+xml']")
    assert link is not None and (site.site / link["href"]).is_file()


def test_the_audit_refuses_a_feed_that_points_off_the_site(tmp_path: Path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "wijzigingen.atom").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title><id>https://intranet.example/h/</id>'
        '<link href="https://tracker.example/pixel"/></feed>',
        encoding="utf-8",
    )
    audit = SiteAudit(site_dir, ROOT / "docs", {}, serving=False, site_url="https://intranet.example/h/")
    assert [str(p) for p in audit.run()] == [
        "site/wijzigingen.atom: de feed met wijzigingen wijst naar 'https://tracker.example/pixel', buiten de site."
    ]
    (site_dir / "wijzigingen.atom").write_text("<feed><script>x</script>", encoding="utf-8")
    assert [str(p) for p in audit.run()] == ["site/wijzigingen.atom: de feed met wijzigingen is geen geldige XML."]


# The feed as built, changed after the build: each change would make a browser or a feed reader show markup, load a
# stylesheet or look elsewhere.
FEEDS_CHANGED = [
    ("a summary read as HTML", "<summary>", '<summary type="html">', "['summary type']"),
    ("a title read as XHTML", "<title>", '<title type="xhtml">', "['title type']"),
    ("a base elsewhere", 'xml:lang="nl"', 'xml:lang="nl" xml:base="https://tracker.example/"', "['feed {"),
    ("a handler on an entry", "<entry>", '<entry onclick="x">', "['entry onclick']"),
    (
        "an XSLT stylesheet",
        "?>",
        '?><?xml-stylesheet type="text/xsl" href="https://tracker.example/x.xsl"?>',
        "bevat <?xml-stylesheet …?>",
    ),
    ("a CSS stylesheet", "?>", '?><?xml-stylesheet type="text/css" href="x.css"?>', "bevat <?xml-stylesheet …?>"),
    ("a document type with an entity", "?>", '?><!DOCTYPE feed [<!ENTITY x "y">]>', "bevat <!DOCTYPE feed …>"),
    ("an instruction inside", "<entry>", "<entry><?php echo 1; ?>", "bevat <?php …?>"),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), FEEDS_CHANGED, ids=[f[0] for f in FEEDS_CHANGED])
def test_the_audit_refuses_a_feed_that_a_reader_would_show_as_markup_or_style(site, tmp_path, name, old, new, expected):
    site_url = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))["intranet_url"]
    feed = (site.site / "wijzigingen.atom").read_text(encoding="utf-8")
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    audit = SiteAudit(site_dir, ROOT / "docs", {}, serving=False, site_url=site_url)
    (site_dir / "wijzigingen.atom").write_text(feed, encoding="utf-8")
    assert [str(p) for p in audit.run()] == []
    assert old in feed
    (site_dir / "wijzigingen.atom").write_text(feed.replace(old, new, 1), encoding="utf-8")
    problems = [str(p) for p in audit.run()]
    assert len(problems) == 1 and problems[0].startswith("site/wijzigingen.atom: de feed met wijzigingen bevat"), (
        problems
    )
    assert expected in problems[0], problems


def test_each_guideline_shows_its_latest_change(site, guidelines):
    latest = {}
    for change in _newest_first():
        latest.setdefault(change["guideline"], change)
    for name in guidelines:
        facts = site.page(name.removesuffix(".md") + "/").select_one("dl.hr-guideline-facts")
        terms = [text_of(dt) for dt in facts.select("dt")]
        if name not in latest:
            assert "Regels laatst gewijzigd" not in terms
            continue
        shown = text_of(facts.select("dd")[terms.index("Regels laatst gewijzigd")])
        change = latest[name]
        date = datetime.date.fromisoformat(change["date"])
        assert shown == f"{dutch_date(date)} — {change['summary']} Alle wijzigingen", name


def test_every_printable_page_carries_its_version_and_where_to_read_what_changed(git_site):
    built, date, short = git_site.built, git_site.date, git_site.short
    printable = sorted(path.parent.name for path in (built.site / "afdrukken").glob("*/index.html"))
    assert len(printable) == 5
    for name in ["", *printable]:
        page = built.page(f"afdrukken/{name}/" if name else "afdrukken/")
        assert text_of(page.select_one("article p.hr-version")) == (
            f"Versie {dutch_date(date)} ({short}). Wat daarna veranderde, lees je op Wat is er veranderd?"
        ), name
        # On paper the print line at the top carries it (the paragraph would take the one sheet's room).
        top = text_of(page.select_one(".hr-print-source"))
        assert top.endswith(f"· Versie {dutch_date(date)} ({short})."), name


def test_without_git_the_version_says_so(site):
    version = site.page("afdrukken/richtlijnen/").select_one("article p.hr-version")
    assert text_of(version).startswith("Versie onbekend: deze site is gebouwd zonder git")
    line = text_of(site.page("afdrukken/richtlijnen/").select_one(".hr-print-source"))
    assert "· Versie onbekend (gebouwd zonder git)." in line


def test_every_pdf_carries_the_version_line(handouts):
    pytest.importorskip("test_print")._require_poppler()
    for name, path in handouts.items():
        assert "Versie onbekend (gebouwd zonder git)" in " ".join(pdf_text(path).split()), name


def test_search_finds_the_page_of_changes(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served, wait_until="networkidle")
    search_like_a_reader(page, "wat is er veranderd")
    first = page.locator(".md-search-result__item a").first.get_attribute("href")
    page.close()
    assert urlparse(first).path.endswith(f"/{PAGE}"), first
