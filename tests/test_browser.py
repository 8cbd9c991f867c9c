"""The site in a real browser: offline, accessible (WCAG 2.x A/AA), Dutch search, no console errors, phones."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from browser import require_tool
from conftest import ROOT
from sitetools import search_like_a_reader, site_pages

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


@pytest.fixture(scope="module")
def visits(site, served, browser):
    """Open every page once, at desktop size, recording requests, console errors and axe results."""
    require_tool(AXE, "run `npm ci` (make test does where npm is installed)")
    results = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    for path in site_pages(site.site):
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda request, requests=requests: requests.append(request.url))
        page.on(
            "console", lambda message, errors=errors: errors.append(message.text) if message.type == "error" else None
        )
        page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
        page.goto(served + path, wait_until="networkidle")
        # Evaluated by the test driver: the page's Content-Security-Policy rightly refuses an added inline script.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        violations = page.evaluate(
            """async (tags) => {
                // axe 4.14's readable-selector engine indexes the page once and can crash on a node it did not
                // index ("reading 'nthChild'", seen in CI); the ancestry path (html > body > ... > a:nth-child(2))
                // locates an element as well and is computed from the node itself.
                const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                    resultTypes: ['violations'], selectors: false, ancestry: true});
                return result.violations.map(v => ({id: v.id, help: v.help,
                    targets: v.nodes.map(n => `${n.ancestry.join(' ')} ${n.html.slice(0, 80)}`).slice(0, 5)}));
            }""",
            WCAG_TAGS,
        )
        results[path] = {"requests": requests, "errors": errors, "violations": violations}
        page.close()
    context.close()
    return results


def test_no_page_makes_a_request_off_the_site(visits, served):
    here = urlparse(served).netloc
    offenders = {
        path: [
            url
            for url in visit["requests"]
            if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != here
        ]
        for path, visit in visits.items()
    }
    assert not {path: urls for path, urls in offenders.items() if urls}, offenders


def test_every_page_meets_wcag_a_and_aa(visits):
    failures = [
        f"{path or '/'}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for path, visit in visits.items()
        for v in visit["violations"]
    ]
    assert not failures, "\n".join(failures)


def test_no_console_errors(visits):
    failures = [f"{path or '/'}: {error}" for path, visit in visits.items() for error in visit["errors"]]
    assert not failures, "\n".join(failures)


def test_no_page_scrolls_sideways_on_a_phone(site, served, browser):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    too_wide = {}
    for path in site_pages(site.site):
        page.goto(served + path, wait_until="load")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            too_wide[path or "/"] = width
    context.close()
    assert not too_wide, too_wide


def test_wide_tables_scroll_inside_their_own_box_on_a_phone(served, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served + "overzichten/doelgroepen/", wait_until="load")
    box = page.locator(".hr-scroll").first
    sizes = box.evaluate("el => ({client: el.clientWidth, scroll: el.scrollWidth, focusable: el.tabIndex >= 0})")
    context.close()
    assert sizes["scroll"] > sizes["client"], "the matrix fits anyway: nothing to scroll"
    assert sizes["focusable"], "a scrolling box must be reachable with the keyboard"


def _search(page, served: str, query: str) -> list[str]:
    """Type a query into the search box as a reader does; the result links as site paths with anchors."""
    page.goto(served, wait_until="networkidle")
    search_like_a_reader(page, query)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    return [
        urlparse(h).path.removeprefix("/") + (f"#{urlparse(h).fragment}" if urlparse(h).fragment else "") for h in hrefs
    ]


@pytest.mark.parametrize(
    ("query", "expected_page"),
    [
        ("LinkedIn", "overzichten/kanalen/"),
        ("Mastodon", "overzichten/kanalen/"),
        ("archiveren", "richtlijnen/archiveren/"),
        ("sperperiode", "richtlijnen/politieke-neutraliteit-en-sperperiode/"),
        ("huisregels", "richtlijnen/reacties-en-huisregels/"),
        # Dutch stemming: the plural finds the singular.
        ("richtlijnen", "richtlijnen/"),
        ("accounts beveiligen", "richtlijnen/accountbeveiliging/"),
        # Words Dutch stop-word lists drop, but a guideline lives by.
        ("wat mag niet", "richtlijnen/persoonlijk-gebruik/"),
    ],
)
def test_dutch_search_finds_the_page(served, browser, query, expected_page):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    hrefs = _search(page, served, query)
    context.close()
    assert expected_page in [href.split("#")[0] for href in hrefs], (query, hrefs)


def test_search_for_a_plural_finds_a_singular(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    singular = _search(page, served, "webcaremedewerker")
    plural = _search(page, served, "webcaremedewerkers")
    context.close()
    assert plural and set(plural) & set(singular)


@pytest.mark.parametrize("word", ["niet", "geen", "moet"])
def test_words_on_dutch_stop_word_lists_stay_searchable(served, browser, word):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    hrefs = _search(context.new_page(), served, word)
    context.close()
    assert hrefs, f"no results for {word!r}"


def test_search_for_what_is_not_allowed_ranks_the_donts_first(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    hrefs = _search(context.new_page(), served, "wat mag niet")
    context.close()
    assert sum(href.endswith("#wat-mag-niet") for href in hrefs) >= 3, hrefs
    page = "richtlijnen/persoonlijk-gebruik/"
    sections = [href for href in hrefs if href.startswith(page + "#wat-mag-")]
    assert sections and sections[0] == page + "#wat-mag-niet", sections


def test_function_words_in_a_question_do_not_change_what_search_finds(served, browser):
    """A colleague types a whole question; the Dutch function words in it match every page and are dropped."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    question = _search(context.new_page(), served, "mag ik op mijn eigen linkedin zeggen waar ik werk")
    words = _search(context.new_page(), served, "mag eigen linkedin zeggen werk")
    context.close()
    assert question and question[:3] == words[:3]


def test_the_editors_pages_stay_below_the_readers_pages(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    hrefs = _search(context.new_page(), served, "richtlijn aanpassen bron datum")
    context.close()
    pages = list(dict.fromkeys(href.split("#")[0] for href in hrefs))
    assert "bijdragen/" not in pages[:3] and "nakijken/" not in pages[:3], pages


def test_a_search_word_from_the_front_matter_finds_its_page_first(served, browser):
    """'gekaapt' is not in the text of any page, only in the search words (trefwoorden) of account security."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    hrefs = _search(context.new_page(), served, "gekaapt")
    context.close()
    assert hrefs and hrefs[0].split("#")[0] == "richtlijnen/accountbeveiliging/", hrefs
