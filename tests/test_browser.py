"""The site in a real browser: offline, accessible (WCAG 2.x A/AA), within its Content-Security-Policy, no console
errors, phones, paper, and Dutch search.

Every page is opened once, as the intranet serves it (Debian's nginx with the configuration of `make
deploy-config`: the header policy beside each page's own), and read as each of its readers reads it: at desktop
size, on a phone and on paper. The other browser tests open the pages they are about."""

from __future__ import annotations

import json
import re
from urllib.parse import urljoin, urlparse

import pytest
import yaml
from browser import LISTEN, require_program, require_tool
from bs4 import BeautifulSoup
from conftest import ROOT
from sitetools import NGINX, search_like_a_reader, serve_as_published, site_pages

from handreiking import deploy_config

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
INTRANET_URL = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))["intranet_url"]
# A page that does not exist: the server's 404 page, with its headers.
MISSING = "bestaat-niet/"
# What a reader on paper does not need, hidden in print.
SCREEN_ONLY = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".hr-edit-link"]


@pytest.fixture(scope="module")
def published(site, tmp_path_factory):
    """The built site on nginx, as the intranet serves it; its address and the header policy it must send."""
    require_program(NGINX, "nginx", "nginx")
    policy = deploy_config.deployment(site.site, INTRANET_URL, root=f"{site.site.resolve()}/").policy
    with serve_as_published(site.site, tmp_path_factory.mktemp("nginx")) as address:
        yield address, policy


DESKTOP = {"width": 1280, "height": 900}
# How Chromium marks a request the page's first paint waits for (the DevTools protocol's RenderBlockingBehavior).
RENDER_BLOCKING = {"Blocking", "InBodyParserBlocking"}


def _visit(page, devtools, url: str, heard: dict[str, list[str]]) -> dict:
    """One page as each reader reads it; what the tests below assert on. The walk opens every page in the same tab,
    one after the other, as a reader follows links (a new tab per page cost half a second each in Chromium); what
    the tab hears (`heard`: requests and console errors) from the moment this page is asked for is this page's."""
    heard["requests"], heard["errors"], heard["blocking scripts"] = [], [], []
    # Until the load event: what the page asks for later (it should ask nothing before a reader searches) is still
    # recorded, up to when the walk asks for the next page.
    response = page.goto(url, wait_until="load")
    axe = page.evaluate(
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
    visit = {"status": response.status, "header": response.headers.get("content-security-policy"), "axe": axe}
    page.mouse.wheel(0, 2000)  # the table of contents follows, the back-to-top button appears
    visit["phone width"], visit["empty title line"] = _on_a_phone(page, devtools)
    # Paper: an A4 sheet at 96 dpi.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    visit |= page.evaluate(
        """selectors => {
            const printed = selectors.filter(s => document.querySelector(s))
                .filter(s => getComputedStyle(document.querySelector(s)).display !== 'none');
            const source = document.querySelector('.hr-print-source');
            const seen = source && source.checkVisibility({visibilityProperty: true});
            return {'printed chrome': printed,
                    'print source': seen ? source.textContent.split(/\\s+/).join(' ').trim() : null};
        }""",
        SCREEN_ONLY,
    )
    # Read last, after what the scrolling, the phone and the paper set off.
    visit["violations"] = page.evaluate("window.__violations")
    visit["ran"] = page.evaluate("typeof __md_scope === 'object' && typeof __md_get === 'function'")
    page.emulate_media(media="screen")
    page.set_viewport_size(DESKTOP)
    return visit | heard


def _on_a_phone(page, devtools) -> tuple[int, bool]:
    """The page's width on a phone held upright, 360 px, and whether its title ends in a line that shows nothing: on
    what a context with is_mobile and has_touch emulates (the page's viewport meta is obeyed, touch media queries
    match), asked of the open page through the DevTools protocol (`devtools`, the tab's session) rather than by
    loading it again. Afterwards the page is a desktop page again."""
    devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    devtools.send(
        "Emulation.setDeviceMetricsOverride", {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True}
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    # The title's link sign shown alone on a line of its own (invisible until reached, so an empty line), if any.
    alone = page.evaluate(
        """() => {
            const sign = document.querySelector('article h1 > .headerlink');
            if (!sign || sign.getClientRects().length === 0) return false;
            const text = document.createRange();
            text.selectNodeContents(sign.parentElement);
            text.setEndBefore(sign);
            const lines = text.getClientRects();
            return lines.length > 0 && sign.getBoundingClientRect().top >= lines[lines.length - 1].bottom;
        }"""
    )
    devtools.send("Emulation.clearDeviceMetricsOverride")
    devtools.send("Emulation.setTouchEmulationEnabled", {"enabled": False})
    return width, alone


@pytest.fixture(scope="module")
def visits(site, published, browser):
    """Every page (and the 404 page) opened once: requests, console errors, the policy, axe, phone and paper."""
    require_tool(AXE, "run `npm ci` (make test does where npm is installed)")
    address, _ = published
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(LISTEN)
    # axe in every page before its own scripts, sent to Chromium once: the test driver's, which the page's
    # Content-Security-Policy rightly does not govern (it would refuse a script tag added to the page).
    context.add_init_script(path=AXE)
    tab = context.new_page()
    heard: dict[str, list[str]] = {"requests": [], "errors": []}
    tab.on("request", lambda request: heard["requests"].append(request.url))
    # Errors, and warnings too: Chromium warns of a header it cannot read (an unknown Permissions-Policy feature).
    tab.on(
        "console",
        lambda message: heard["errors"].append(message.text) if message.type in ("error", "warning") else None,
    )
    tab.on("pageerror", lambda error: heard["errors"].append(str(error)))
    devtools = context.new_cdp_session(tab)  # one session for the tab, through every page it opens
    # Chromium's own reading of each script a page asks for: whether the page waits for it before it shows its text.
    devtools.send("Network.enable")
    devtools.on(
        "Network.requestWillBeSent",
        lambda sent: (
            heard["blocking scripts"].append(sent["request"]["url"])
            if sent.get("type") == "Script" and sent.get("renderBlockingBehavior") in RENDER_BLOCKING
            else None
        ),
    )
    results = {path: _visit(tab, devtools, address + path, heard) for path in [*site_pages(site.site), MISSING]}
    context.close()
    return results


def test_no_page_makes_a_request_off_the_site(visits, published):
    here = urlparse(published[0]).netloc
    offenders = {
        path: [
            url
            for url in visit["requests"]
            if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != here
        ]
        for path, visit in visits.items()
    }
    assert not {path: urls for path, urls in offenders.items() if urls}, offenders


def _named_by(page: BeautifulSoup, url: str) -> set[str]:
    """What the page's HTML names for the browser to load as it opens (its scripts, stylesheets, icon and images,
    and Material's search worker from its configuration), as addresses resolved against the page's `url`."""
    named = [element["src"] for element in page.select("script[src], img[src]")]
    named += [link["href"] for link in page.select("link[href]") if {"stylesheet", "icon"} & set(link["rel"])]
    named.append(json.loads(page.select_one("script#__config").string)["search"])
    return {url, *(urljoin(url, each) for each in named)}


def test_a_page_loads_only_what_it_names(visits, published, site):
    """As a page opens, and before a reader searches, it asks for what its HTML names and nothing else: not the
    search index (see on_demand.js), not the sitemap Material fetched for every <link rel="alternate"> (the feed),
    nor anything a script or a stylesheet would add."""
    address, _ = published
    missing = BeautifulSoup((site.site / "404.html").read_text(encoding="utf-8"), "html.parser")
    unnamed = {}
    for path, visit in visits.items():
        page = missing if path == MISSING else site.page(path)
        named = _named_by(page, address + path)
        unnamed[path or "/"] = sorted(set(visit["requests"]) - named)
    assert not {path: urls for path, urls in unnamed.items() if urls}, unnamed


def test_no_page_waits_for_a_script_before_it_shows_its_text(visits):
    """Every script is deferred (overrides/main.html): Chromium shows the text before the scripts run. A script at the
    end of the body still held the first paint back, and Lighthouse then counted Material's bundle in the first
    contentful paint of a phone on a slow network (ONDERHOUD.md, *Lighthouse*)."""
    blocking = {path or "/": visit["blocking scripts"] for path, visit in visits.items() if visit["blocking scripts"]}
    assert not blocking, blocking


def test_every_page_meets_wcag_a_and_aa(visits):
    failures = [
        f"{path or '/'}: {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
        for path, visit in visits.items()
        for v in visit["axe"]
    ]
    assert not failures, "\n".join(failures)


def test_no_console_errors(visits):
    failures = [
        f"{path or '/'}: {error}"
        for path, visit in visits.items()
        for error in visit["errors"]
        # The browser tells the missing page's own status, which is right.
        if not (path == MISSING and "status of 404" in error)
    ]
    assert not failures, "\n".join(failures)


def test_no_page_breaks_its_policy_or_the_servers_in_chromium(visits, published):
    """Both policies hold in Chromium: the page's own (its meta element) and the header nginx sends with it; a
    resource must pass both, and Chromium reports a violation of either. Material's scripts ran under both."""
    _, policy = published
    assert visits[MISSING]["status"] == 404
    failures = {
        path or "/": {key: visit[key] for key in ("violations", "ran", "header")}
        for path, visit in visits.items()
        if visit["violations"] or not visit["ran"] or visit["header"] != policy
    }
    assert not failures, failures


def test_no_page_scrolls_sideways_on_a_phone(visits):
    too_wide = {path or "/": visit["phone width"] for path, visit in visits.items() if visit["phone width"] > 360}
    assert not too_wide, too_wide


def test_no_title_ends_in_an_empty_line_on_a_phone(visits):
    """Material's link sign after a title (¶) is invisible until reached; where it wrapped, the title got an empty
    line under it."""
    assert not [path or "/" for path, visit in visits.items() if visit["empty title line"]]


def test_every_page_prints_without_chrome_and_with_its_address_and_date(visits, data):
    for path, visit in visits.items():
        if path == MISSING:
            continue
        assert visit["printed chrome"] == [], f"{path or '/'} prints {visit['printed chrome']}"
        line = visit["print source"]
        assert line is not None, f"{path or '/'} prints no line with its address"
        assert data["organisation"]["intranet_url"] + path in line, line
        assert re.search(r"laatst gewijzigd op \d{1,2} [a-z]+ \d{4}", line), line


def test_wide_tables_scroll_inside_their_own_box_on_a_phone(served, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(served + "overzichten/doelgroepen/", wait_until="load")
    box = page.locator(".hr-scroll").first
    sizes = box.evaluate("el => ({client: el.clientWidth, scroll: el.scrollWidth, focusable: el.tabIndex >= 0})")
    context.close()
    assert sizes["scroll"] > sizes["client"], "the matrix fits anyway: nothing to scroll"
    assert sizes["focusable"], "a scrolling box must be reachable with the keyboard"


@pytest.fixture(scope="module")
def search(served, browser):
    """The site's search, opened once for the search tests below: a query typed as a reader types it (the box
    emptied first, see search_like_a_reader), and the result links as site paths with anchors. One page answers
    every query, as scripts/search_bench.py asks its questions: search builds its index once, not once per query."""
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(served, wait_until="networkidle")

    def results(query: str) -> list[str]:
        search_like_a_reader(page, query)
        hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
        return [
            urlparse(h).path.removeprefix("/") + (f"#{urlparse(h).fragment}" if urlparse(h).fragment else "")
            for h in hrefs
        ]

    yield results
    context.close()


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
def test_dutch_search_finds_the_page(search, query, expected_page):
    hrefs = search(query)
    assert expected_page in [href.split("#")[0] for href in hrefs], (query, hrefs)


def test_search_for_a_plural_finds_a_singular(search):
    singular = search("webcaremedewerker")
    plural = search("webcaremedewerkers")
    assert plural and set(plural) & set(singular)


@pytest.mark.parametrize("word", ["niet", "geen", "moet"])
def test_words_on_dutch_stop_word_lists_stay_searchable(search, word):
    assert search(word), f"no results for {word!r}"


def test_search_for_what_is_not_allowed_ranks_the_donts_first(search):
    hrefs = search("wat mag niet")
    assert sum(href.endswith("#wat-mag-niet") for href in hrefs) >= 3, hrefs
    page = "richtlijnen/persoonlijk-gebruik/"
    sections = [href for href in hrefs if href.startswith(page + "#wat-mag-")]
    assert sections and sections[0] == page + "#wat-mag-niet", sections


def test_function_words_in_a_question_do_not_change_what_search_finds(search):
    """A colleague types a whole question; the Dutch function words in it match every page and are dropped."""
    question = search("mag ik op mijn eigen linkedin zeggen waar ik werk")
    words = search("mag eigen linkedin zeggen werk")
    assert question and question[:3] == words[:3]


def test_the_editors_pages_stay_below_the_readers_pages(search):
    pages = list(dict.fromkeys(href.split("#")[0] for href in search("richtlijn aanpassen bron datum")))
    assert "bijdragen/" not in pages[:3] and "nakijken/" not in pages[:3], pages


def test_a_search_word_from_the_front_matter_finds_its_page_first(search):
    """'gekaapt' is not in the text of any page, only in the search words (trefwoorden) of account security."""
    hrefs = search("gekaapt")
    assert hrefs and hrefs[0].split("#")[0] == "richtlijnen/accountbeveiliging/", hrefs
