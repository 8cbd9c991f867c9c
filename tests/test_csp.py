"""The Content-Security-Policy of every built page: only Material's own inline scripts run, nothing else inline,
and the site (search, the PDF handouts) still works under it in a real browser. Every page in Chromium under its
policy and the server's is part of the one walk over all pages (test_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin, urlparse

import material
import pytest
from browser import LISTEN, open_first_search_result
from selectolax.lexbor import LexborHTMLParser
from sitetools import ROOT, search_like_a_reader, serve, site_pages

from handreiking import csp

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates" / "partials" / "javascripts"

# The template's own policy line, so the unit tests run apply_policy on what a build really writes.
TEMPLATE_META = re.search(
    r'<meta http-equiv="Content-Security-Policy" content="[^"]*">',
    (ROOT / "overrides" / "main.html").read_text(encoding="utf-8"),
).group(0)

INJECTED_SCRIPT = "<script>window.hrInjected = 1</script>"
INJECTED_HANDLER = '<img src="nergens.png" alt="" onerror="window.hrInjected = 2">'


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def policy_of(html: str) -> dict[str, list[str]]:
    """The page's policy as directives and their sources; asserts there is exactly one, first in <head>."""
    tree = LexborHTMLParser(html)
    metas = [m for m in tree.css("meta[http-equiv]") if m.attributes["http-equiv"].lower() == "content-security-policy"]
    assert len(metas) == 1, f"{len(metas)} policies"
    first = tree.head.child
    while first.tag in ("-text", "-comment"):
        first = first.next
    assert first.mem_id == metas[0].mem_id, f"<{first.tag}> comes before the policy"
    directives = {}
    for directive in metas[0].attributes["content"].split(";"):
        name, *sources = directive.split()
        assert name not in directives, f"{name} twice"
        directives[name] = sources
    return directives


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run (Material's JSON configuration is not run)."""
    return [
        s.text()
        for s in LexborHTMLParser(html).css("script")
        if "src" not in s.attributes and s.attributes.get("type") in (None, "", "text/javascript", "module")
    ]


def material_script(template: str, base_url: str = "") -> str:
    """The last inline script of one of Material's installed templates, as MkDocs renders it."""
    text = (MATERIAL_TEMPLATES / template).read_text(encoding="utf-8")
    script = re.findall(r"<script>(.*?)</script>", text, re.S)[-1]
    return script.replace("{{ config.extra.scope | d(base_url) }}", base_url)


def page_with(*scripts: str, meta: str = TEMPLATE_META) -> str:
    """A page as Material writes it: the policy first in <head>, the scope script in <head>, the others in <body>."""
    head, *body = scripts
    return (
        f'<!doctype html>\n<html lang="nl">\n<head>\n{meta}\n<meta charset="utf-8">\n<title>t</title>\n'
        f"<script>{head}</script>\n</head>\n<body>\n"
        + "".join(f"<script>{s}</script>\n" for s in body)
        + '<script id="__config" type="application/json">{"base": "."}</script>\n</body>\n</html>\n'
    )


def assert_complete_policy(html: str) -> None:
    """The required directives, and script-src holding exactly the hashes of the page's inline scripts."""
    policy = policy_of(html)
    for name, source in csp.REQUIRED_DIRECTIVES.items():
        assert source in policy.get(name, []), f"{name} {source} missing: {policy}"
    assert policy["img-src"] == ["'self'", "data:"], policy
    assert "frame-ancestors" not in policy, "ignored in a meta element"
    scripts = policy["script-src"]
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:]), scripts
    assert sorted(scripts[1:]) == sorted({sha256(text) for text in inline_scripts(html)}), scripts
    assert not any("unsafe" in source for sources in policy.values() for source in sources), policy
    # The policy comes before <meta charset>, which must still be within the first 1024 bytes.
    assert 0 <= html.encode("utf-8").find(b'<meta charset="utf-8">') < 1024


# --- Every built page ----------------------------------------------------------------------------------------


def test_every_page_has_one_complete_policy_first_in_head(site):
    pages = site_pages(site.site)
    assert len(pages) > 20
    for path in pages:
        html = (site.site / path / "index.html").read_text(encoding="utf-8")
        try:
            assert_complete_policy(html)
        except AssertionError as error:
            raise AssertionError(f"{path or '/'}: {error}") from None


def test_the_404_page_has_a_complete_policy(site):
    """MkDocs renders 404.html from the theme without on_post_page: hooks.py fills in its hashes in
    on_post_template. Without that, its policy keeps the placeholder and Material's scripts do not run there."""
    html = (site.site / "404.html").read_text(encoding="utf-8")
    assert csp.SCRIPT_SOURCES not in html, "404.html did not pass through csp.apply_policy (hooks.py)"
    assert_complete_policy(html)


def test_no_page_has_inline_styles(site):
    """Why the policy needs no style-src 'unsafe-inline': no page has a style attribute or a <style> element."""
    found = []
    for page in sorted(site.site.rglob("*.html")):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site.site)}: <{node.tag}>" for node in tree.css("style, [style]")]
    assert not found, found


# --- In Chromium --------------------------------------------------------------------------------------------


def open_page(browser, url: str, **context_options):
    """A page opened in a fresh context listening for violations; the page and its console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url, wait_until="networkidle")
    return page, errors


def test_search_works_under_the_policy(served, browser):
    page, errors = open_page(browser, served)
    # Waited for without a script of the test's own: the page's policy refuses those (no 'unsafe-eval').
    search_like_a_reader(page, "archiveren")
    results, violations, url = open_first_search_result(page)
    assert any("/richtlijnen/archiveren/" in href for href in results), results
    assert "/richtlijnen/archiveren/" in url, url
    assert not violations and not errors, (violations, errors)


def test_the_pdf_links_resolve_under_the_policy(make_pdf_run, browser):
    """The site with its PDFs, as `make build pdf` leaves it."""
    published = make_pdf_run.site
    links = LexborHTMLParser((published / "afdrukken" / "index.html").read_text(encoding="utf-8")).css(
        'a[href$=".pdf"]'
    )
    assert len(links) >= 5
    assert make_pdf_run.pdfs
    server, served = serve(published)
    try:
        answers, violations, errors = _fetch_pdf_links(browser, served)
    finally:
        server.shutdown()
    assert len(answers) == len(links)
    for href, status, kind in answers:
        assert urlparse(href).netloc == urlparse(served).netloc, href
        assert (status, kind) == (200, "application/pdf"), (href, status, kind)
    assert not violations and not errors, (violations, errors)


def _fetch_pdf_links(browser, served: str) -> tuple[list, list, list]:
    page, errors = open_page(browser, served + "afdrukken/")
    # Fetched from the page itself, so the page's policy (default-src 'self') decides whether they may load.
    answers = page.evaluate(
        """async () => Promise.all([...document.querySelectorAll('a[href$=".pdf"]')].map(async a => {
            const response = await fetch(a.href);
            return [a.href, response.status, response.headers.get('content-type')];
        }))"""
    )
    violations = page.evaluate("window.__violations")
    page.context.close()
    return answers, violations, errors


def test_the_404_page_breaks_no_policy_in_chromium(site, browser, tmp_path):
    """404.html links to the site by the path of site_url: served under that path, as on the intranet."""
    prefix = re.search(r'__md_scope=new URL\("(/[^"]*)"', (site.site / "404.html").read_text(encoding="utf-8"))
    assert prefix, "404.html has no scope script with the path of site_url"
    mount = tmp_path / "root" / prefix.group(1).strip("/")
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site.site, target_is_directory=True)
    server, base_url = serve(tmp_path / "root")
    try:
        page, errors = open_page(browser, urljoin(base_url, prefix.group(1) + "404.html"))
        violations = page.evaluate("window.__violations")
        ran = page.evaluate("typeof __md_scope === 'object' && typeof __md_get === 'function'")
        page.context.close()
    finally:
        server.shutdown()
    assert not violations and not errors and ran, (violations, errors)


def test_a_script_that_slipped_into_a_page_does_not_run(site, browser, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site.site, copy)
    target = copy / "richtlijnen" / "archiveren" / "index.html"
    built = target.read_text(encoding="utf-8")
    tampered = built.replace("</article>", f"{INJECTED_SCRIPT}\n{INJECTED_HANDLER}\n</article>", 1)
    assert tampered != built
    target.write_text(tampered, encoding="utf-8")
    server, base_url = serve(copy)
    try:
        page, _ = open_page(browser, base_url + "richtlijnen/archiveren/")
        injected = page.evaluate("typeof window.hrInjected")
        violations = page.evaluate("window.__violations")
        material_ran = page.evaluate("typeof __md_get === 'function'")
        page.context.close()
    finally:
        server.shutdown()
    assert injected == "undefined"
    assert material_ran
    assert any(v.startswith("script-src-elem blocked inline") for v in violations), violations
    assert any(v.startswith("script-src-attr blocked inline") for v in violations), violations

    # The same page as hooks.py would see it (the template's placeholder instead of the hashes).
    unbuilt = re.sub(r"script-src 'self'[^;]*;", f"script-src 'self' {csp.SCRIPT_SOURCES};", tampered, count=1)
    with_policy, problems = csp.apply_policy(unbuilt, serving=False)
    assert with_policy == tampered, "the same hashes as the build gave, and none for what slipped in"
    assert len(problems) == 2, problems
    assert problems[0].startswith("een script in de pagina dat niet van het thema komt: 'window.hrInjected = 1'.")
    assert "onerror" in problems[1] and "<img>" in problems[1]


def policy_line(html: str) -> str:
    return re.search(r"script-src 'self'[^;]*;", html).group(0)


# --- apply_policy ---------------------------------------------------------------------------------------------

BASE_URLS = [".", "..", "../..", "/handreiking-sociale-media/"]


def material_scripts(base_url: str) -> list[str]:
    return [
        material_script("base.html", base_url),
        material_script("palette.html"),
        material_script("content.html"),
    ]


@pytest.mark.parametrize("base_url", BASE_URLS)
def test_materials_scripts_get_their_hash_at_every_depth(base_url):
    """Taken from the installed Material's templates: this fails when an upgrade changes them."""
    scripts = material_scripts(base_url)
    with_policy, problems = csp.apply_policy(page_with(*scripts), serving=False)
    assert problems == []
    assert policy_of(with_policy)["script-src"] == ["'self'", *(sha256(s) for s in scripts)]
    assert_complete_policy(with_policy)
    assert with_policy.replace(policy_line(with_policy), f"script-src 'self' {csp.SCRIPT_SOURCES};") == page_with(
        *scripts
    ), "only the placeholder changes"


def one_character_off(script: str) -> list[str]:
    middle = len(script) // 2
    swapped = "x" if script[middle] != "x" else "y"
    return [
        script[:middle] + swapped + script[middle + 1 :],
        script + ";",
        " " + script,
        script + ";alert(1)",  # Material's script as a prefix is not enough
    ]


@pytest.mark.parametrize("which", [0, 1, 2])
def test_a_script_one_character_off_gets_no_hash(which):
    for changed in one_character_off(material_scripts("..")[which]):
        scripts = material_scripts("..")
        scripts[which] = changed
        with_policy, problems = csp.apply_policy(page_with(*scripts), serving=False)
        sources = policy_of(with_policy)["script-src"]
        assert sha256(changed) not in sources
        assert len(sources) == 3, sources
        assert len(problems) == 1 and problems[0].startswith("een script in de pagina dat niet van het thema komt: '")


@pytest.mark.parametrize("base_url", ['.",alert(1),"', "https://elders.example/", "../x", "javascript:alert(1)//"])
def test_only_a_base_url_is_let_through_as_the_variable_part(base_url):
    with_policy, problems = csp.apply_policy(page_with(*material_scripts(base_url)), serving=False)
    assert len(problems) == 1 and "niet van het thema" in problems[0]


def test_a_problem_says_to_update_the_known_scripts_after_a_material_upgrade(monkeypatch):
    page = page_with(*material_scripts(".")[:2], material_script("content.html").replace("__tabbed_", "__tab_"))
    _, problems = csp.apply_policy(page, serving=False)
    assert len(problems) == 1 and "KNOWN_SCRIPTS in handreiking/csp.py" in problems[0]
    monkeypatch.setattr(csp.metadata, "version", lambda name: "9.9.0")
    _, problems = csp.apply_policy(page, serving=False)
    assert "Material for MkDocs is bijgewerkt (nu 9.9.0" in problems[0], problems
    assert f"van {csp.MATERIAL_VERSION}" in problems[0] and "KNOWN_SCRIPTS" in problems[0]


def test_mkdocs_serve_allows_inline_scripts_for_its_live_reload():
    with_policy, problems = csp.apply_policy(page_with(*material_scripts(".")), serving=True)
    assert problems == []
    assert policy_of(with_policy)["script-src"] == ["'self'", "'unsafe-inline'"]


def test_data_blocks_get_no_hash_and_other_inline_code_is_reported():
    scripts = material_scripts(".")
    page = page_with(*scripts).replace(
        "</body>",
        '<script type="application/ld+json">{"a": 1}</script>\n'
        '<script type="module">import("/x.js")</script>\n'
        '<a href=" java&#x09;script:alert(1)">a</a>\n'
        '<svg><a onclick="alert(1)"><text>b</text></a></svg>\n'
        '<script src="../js/extra.js"></script>\n</body>',
    )
    with_policy, problems = csp.apply_policy(page, serving=False)
    assert policy_of(with_policy)["script-src"] == ["'self'", *(sha256(s) for s in scripts)]
    assert len(problems) == 3, problems
    assert problems[0].startswith("een script in de pagina dat niet van het thema komt: 'import(\"/x.js\")'")
    assert any(problem.startswith("een attribuut onclick met script op <a>") for problem in problems), problems
    assert any(problem.startswith("een javascript:-adres in href op <a>") for problem in problems), problems


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("", "0 Content-Security-Policy's"),
        (TEMPLATE_META + "\n" + TEMPLATE_META, "2 Content-Security-Policy's"),
        ('<meta charset="utf-8">\n' + TEMPLATE_META, "niet als eerste in <head>"),
        (TEMPLATE_META.replace(" base-uri 'none';", ""), "mist base-uri 'none'"),
        (TEMPLATE_META.replace(f" {csp.SCRIPT_SOURCES}", ""), "geen 'hr-script-hashes' in script-src"),
    ],
    ids=["none", "two", "not-first", "directive-missing", "placeholder-missing"],
)
def test_a_missing_or_misplaced_policy_is_reported(meta, expected):
    _, problems = csp.apply_policy(page_with(*material_scripts("."), meta=meta), serving=False)
    assert any(expected in problem for problem in problems), problems
