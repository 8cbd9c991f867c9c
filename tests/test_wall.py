"""The wall, second round: it judges the final files, lets nothing outside the content through, and never breaks.

Each class of break has a table of variants run in the test process against the wall itself (seconds in all),
and one end-to-end build that proves the wall is wired into the real build.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import brotli
import markdown
import pytest
from conftest import build, cpu_seconds, edit, make_check
from jinja2 import Environment, TemplateError
from jinja2.loaders import BaseLoader
from markupsafe import escape
from pdfs import action, document, in_object_stream, opening_chain, with_link
from sitetools import ROOT, copy_project

from handreiking import inputs, precompressed
from handreiking.loading import _page_problems, check_pages
from handreiking.markdown_guard import TOO_DEEP, TOO_SLOW, GuardedConversion
from handreiking.page_code import PAGE_MACROS
from handreiking.sandbox import PAGE_NAMES
from handreiking.site_audit import Origin, SiteAudit

PAGE = "docs/fasen/observatie.md"
PAGE_URL = "fasen/observatie/"


# --- 1. The final files ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_page(site) -> str:
    return (site.site / PAGE_URL / "index.html").read_text(encoding="utf-8")


def _site(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    site_dir = tmp_path / "site"
    for name, content in files.items():
        path = site_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return site_dir


def _audit(tmp_path: Path, files: dict[str, str | bytes], origins: dict[str, Origin] | None = None) -> list[str]:
    site_dir = _site(tmp_path, files)
    origins = origins or {f"{PAGE_URL}index.html": Origin("page", "fasen/observatie.md")}
    return [str(problem) for problem in SiteAudit(site_dir, ROOT / "docs", origins, serving=False).run()]


CONTENT_END = "<!-- /hr-page-content -->"
# A finished page changed after the build: each change would make the page do something the wall refuses.
# fmt: off
CHANGED_AFTER_THE_BUILD = [
    ("live redirect in the content", lambda h: h.replace(CONTENT_END, '<meta http-equiv="refresh" content="0;url=https://elsewhere.invalid/">' + CONTENT_END, 1), "<meta>"),
    ("script in the content", lambda h: h.replace(CONTENT_END, "<script>alert(1)</script>" + CONTENT_END, 1), "<script>"),
    ("stylesheet loaded as a script", lambda h: h.replace(CONTENT_END, '<script src="../../stylesheets/handreiking.css"></script>' + CONTENT_END, 1), "<script>"),
    ("handler in the content", lambda h: h.replace(CONTENT_END, '<img src="x.png" alt="" onerror="alert(1)">' + CONTENT_END, 1), "onerror"),
    ("inline script outside the content", lambda h: h.replace("</body>", "<script>alert(1)</script></body>", 1), "niet van het thema"),
    ("refresh in the head", lambda h: h.replace("</head>", '<meta http-equiv="refresh" content="0;url=https://elsewhere.invalid/"></head>', 1), "http-equiv"),
    ("a host added to script-src", lambda h: h.replace("script-src 'self'", "script-src 'self' https://elsewhere.invalid", 1), "script-src"),
    ("unsafe-inline added", lambda h: h.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'", 1), "'unsafe-inline'"),
    ("a hash removed", lambda h: h.replace("'sha256-", "'sha384-", 1), "mist"),
    ("a second policy", lambda h: h.replace("</head>", '<meta http-equiv="Content-Security-Policy" content="default-src *"></head>', 1), "2 Content-Security-Policy"),
    ("a marker moved", lambda h: h.replace(CONTENT_END, "", 1).replace("</body>", CONTENT_END + "</body>", 1), None),
    ("an id twice in the content", lambda h: h.replace(CONTENT_END, '<p id="let-op">a</p><p id="let-op">b</p>' + CONTENT_END, 1), "het id 'let-op' staat twee keer"),
    ("the theme's id in the content", lambda h: h.replace(CONTENT_END, '<p id="__drawer">a</p>' + CONTENT_END, 1), "het id '__drawer' staat twee keer"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "change", "expected"), CHANGED_AFTER_THE_BUILD, ids=[c[0] for c in CHANGED_AFTER_THE_BUILD]
)
def test_a_page_changed_after_the_build_is_caught(tmp_path, built_page, name, change, expected):
    changed = change(built_page)
    assert changed != built_page, "the change did not apply to the built page"
    assert _audit(tmp_path, {f"{PAGE_URL}index.html": built_page}) == []
    problems = _audit(tmp_path, {f"{PAGE_URL}index.html": changed})
    assert problems, name
    assert expected is None or any(expected in problem for problem in problems), problems


def test_a_finding_is_not_blamed_on_a_file_where_its_name_is_part_of_a_word(tmp_path, built_page):
    """An attribute 'ping' added after the build is in no source file, so the page is named, without a line: not
    data/references.yml, where 'Bijeenroeping' holds the letters."""
    assert "bijeenroeping" in (ROOT / "data" / "references.yml").read_text(encoding="utf-8").lower()
    changed = built_page.replace(CONTENT_END, '<a href="../" ping>terug</a>' + CONTENT_END, 1)
    problems = _audit(tmp_path, {f"{PAGE_URL}index.html": changed})
    assert [problem.split(":")[0] for problem in problems] == [PAGE], problems


SITEMAP = (
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://x.invalid/</loc></url></urlset>'
)
# fmt: off
FILES_NOBODY_MEANT = [
    ("a script nobody put there", {"extra.js": "alert(1)"}, {}, "komt niet uit docs/ of het thema"),
    ("an HTML file that is not a page", {"elders/index.html": "<p>x</p>"}, {}, "komt niet uit docs/ of het thema"),
    ("a picture that is a script", {"beeld.png": "alert(1)"}, {"beeld.png": Origin("docs", "beeld.png")}, "geen PNG"),
    ("a PDF that is HTML", {"gids.pdf": "<script>alert(1)</script>"}, {"gids.pdf": Origin("docs", "gids.pdf")}, "geen PDF"),
    ("a stylesheet that loads from elsewhere", {"stylesheets/x.css": "@import '//elsewhere.invalid/a.css';"}, {"stylesheets/x.css": Origin("docs", "stylesheets/x.css")}, "van buiten de site"),
    ("the theme's stylesheet changed to load from elsewhere", {"assets/x.css": "body{background:url(https://elsewhere.invalid/a.png)}"}, {"assets/x.css": Origin("theme", "assets/x.css")}, "van buiten de site"),
    ("a search result with a handler", {"search/search_index.json": '{"docs": [{"location": "", "title": "x", "text": "<img src=x onerror=alert(1)>"}]}'}, {}, "(in de zoekindex)"),
    ("a search index that is not JSON", {"search/search_index.json": "alert(1)"}, {}, "geen geldige JSON"),
    ("a search result that runs a script", {"search/search_index.json": '{"docs": [{"location": "javascript:alert(1)", "title": "x", "text": "y"}]}'}, {}, "een resultaat dat leidt naar 'javascript:alert(1)'"),
    ("a search result that leads elsewhere", {"search/search_index.json": '{"docs": [{"location": "//elsewhere.invalid/", "title": "x", "text": "y"}]}'}, {}, "een resultaat dat leidt naar '//elsewhere.invalid/'"),
    ("a search result with a field of its own", {"search/search_index.json": '{"docs": [{"location": "", "title": "x", "text": "y", "url": "x"}]}'}, {}, "onbekende velden ['url']"),
    ("a search index whose results are not entries", {"search/search_index.json": '{"docs": ["x"]}'}, {}, "niet de vorm"),
    ("a sitemap with a script", {"sitemap.xml": '<urlset><script xmlns="http://www.w3.org/1999/xhtml">alert(1)</script></urlset>'}, {}, "onbekende elementen"),
    ("a sitemap that a browser styles with XSLT", {"sitemap.xml": '<?xml-stylesheet type="text/xsl" href="x.xsl"?>' + SITEMAP}, {}, "bevat <?xml-stylesheet …?>"),
    ("a PDF under pdf/ that is not one", {"pdf/x.pdf": "<html>"}, {}, "komt niet uit docs/ of het thema"),
    ("a packed sitemap that is not the sitemap", {"sitemap.xml": SITEMAP, "sitemap.xml.gz": gzip.compress(b"<urlset><script/></urlset>")}, {}, "niet dezelfde sitemap"),
    ("a packed sitemap with more after it", {"sitemap.xml": SITEMAP, "sitemap.xml.gz": gzip.compress(SITEMAP.encode()) + gzip.compress(b"<script/>")}, {}, "niet dezelfde sitemap"),
    # The Brotli copies of `make deploy-config BROTLI=1`: a browser that accepts Brotli reads the copy, not its file.
    ("a Brotli copy that is not its file", {"sitemap.xml": SITEMAP, "sitemap.xml.br": brotli.compress(b"<urlset><script/></urlset>")}, {}, "is niet dezelfde inhoud als sitemap.xml"),
    ("a Brotli copy with more after it", {"sitemap.xml": SITEMAP, "sitemap.xml.br": brotli.compress(SITEMAP.encode()) + brotli.compress(b"<script/>")}, {}, "is niet dezelfde inhoud als sitemap.xml"),
    ("a Brotli copy cut short", {"sitemap.xml": SITEMAP, "sitemap.xml.br": brotli.compress(SITEMAP.encode())[:-2]}, {}, "is niet dezelfde inhoud als sitemap.xml"),
    ("a Brotli copy that unpacks to far more", {"sitemap.xml": SITEMAP, "sitemap.xml.br": brotli.compress(SITEMAP.encode() + b" " * 50_000_000, quality=0)}, {}, "is niet dezelfde inhoud als sitemap.xml"),
    ("a Brotli copy that is not Brotli", {"sitemap.xml": SITEMAP, "sitemap.xml.br": "<script>alert(1)</script>"}, {}, "is niet dezelfde inhoud als sitemap.xml"),
    ("a Brotli copy without its file", {"geheim.txt.br": brotli.compress(b"alert(1)")}, {}, "site/geheim.txt.br: is een Brotli-kopie zonder het bestand geheim.txt ernaast"),
    ("a Brotli copy of a Brotli copy", {"sitemap.xml": SITEMAP, "sitemap.xml.br": brotli.compress(SITEMAP.encode()), "sitemap.xml.br.br": brotli.compress(brotli.compress(SITEMAP.encode()))}, {}, "zonder het bestand sitemap.xml.br ernaast"),
    ("a Brotli copy of an editor's, from docs/", {"beeld.png.br": brotli.compress(b"<script>alert(1)</script>")}, {"beeld.png.br": Origin("docs", "beeld.png.br")}, "de inhoud is geen BR"),
]
# fmt: on


@pytest.mark.parametrize(
    ("name", "files", "origins", "expected"), FILES_NOBODY_MEANT, ids=[f[0] for f in FILES_NOBODY_MEANT]
)
def test_only_what_the_build_meant_to_publish_is_in_the_site(tmp_path, name, files, origins, expected):
    problems = _audit(tmp_path, files, origins or {"_": Origin("page", "index.md")})
    assert any(expected in problem for problem in problems), problems


def test_a_brotli_copy_of_a_built_page_is_accepted_and_one_of_the_page_changed_after_the_build_is_not(
    tmp_path, built_page
):
    """What `make deploy-config BROTLI=1` writes passes: the copy is the page the wall checked. A copy of the page as
    it was changed after the build, beside the page the wall sees, is refused."""
    page = f"{PAGE_URL}index.html"
    written = precompressed.write(_site(tmp_path, {page: built_page}), ["html"])
    assert [path.name for path in written] == ["index.html.br"]
    assert _audit(tmp_path, {}) == []
    changed = built_page.replace(CONTENT_END, "<script>alert(1)</script>" + CONTENT_END, 1)
    problems = _audit(tmp_path, {f"{page}.br": brotli.compress(changed.encode())})
    assert problems == [
        f"site/{page}.br: is niet dezelfde inhoud als index.html ernaast: een browser die Brotli leest, krijgt dan "
        "iets anders dan wat de bouw controleerde. `make deploy-config BROTLI=1` maakt de kopieën opnieuw; "
        "`make build` haalt ze weg."
    ]


def test_a_link_in_the_site_is_refused(tmp_path):
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    (site_dir / "geheim.txt").symlink_to("/etc/hostname")
    problems = [str(p) for p in SiteAudit(site_dir, ROOT / "docs", {}, serving=False).run()]
    assert problems == ["site/geheim.txt: is een symbolische link; de site bevat alleen echte bestanden. Haal ze weg."]


# A PDF from docs/ is read whole, as a viewer reads it: what a viewer would run, start by itself or fetch is refused.
SCRIPT = action("/JavaScript", JS="app.alert(1)")
TO_THE_FIRST_PAGE = action("/GoTo", D=[0, "/Fit"])
HIDDEN_SCRIPT = b"<< /S /JavaScript /JS (app.alert(1)) >>"
_LINKED_SCRIPT = with_link(SCRIPT)
# fmt: off
PDFS_REFUSED = [
    ("JavaScript when the file opens", document(catalog={"/OpenAction": SCRIPT}), "bevat JavaScript"),
    ("JavaScript in the name tree", document(catalog={"/Names": {"/JavaScript": {"/Names": ["a", SCRIPT]}}}), "bevat JavaScript"),
    ("JavaScript after a link's first action", with_link({**TO_THE_FIRST_PAGE, "/Next": SCRIPT}), "bevat JavaScript"),
    ("JavaScript with its names written in #-escapes", _LINKED_SCRIPT.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 "), "bevat JavaScript"),
    ("JavaScript compressed in an object stream", in_object_stream(HIDDEN_SCRIPT, listed=True), "bevat JavaScript"),
    ("JavaScript in an object stream no table lists", in_object_stream(HIDDEN_SCRIPT, listed=False), "bevat JavaScript"),
    ("JavaScript written after the end of the file", document() + b"\n99 0 obj\n" + HIDDEN_SCRIPT + b"\nendobj\n", "bevat JavaScript"),
    ("a website opened with the file", document(catalog={"/OpenAction": action("/URI", URI="https://elsewhere.invalid/")}), "zodra ze opent (URI)"),
    ("a website opened after going to the first page", document(catalog={"/OpenAction": {**TO_THE_FIRST_PAGE, "/Next": action("/URI", URI="https://elsewhere.invalid/")}}), "zodra ze opent (URI)"),
    ("a website opened after a chain of 5,000 actions", opening_chain(5000, b"<< /S /URI /URI (https://elsewhere.invalid/) >>"), "zodra ze opent (URI)"),
    ("a base address that turns each link into a script", with_link(action("/URI", URI="alert(1)")).replace(b"/Type /Catalog", b"/Type /Catalog /URI << /Base (javascript:) >>"), "'javascript:'"),
    ("a portfolio in a catalog that does not say what it is", document(catalog={"/Collection": {}}).replace(b"/Type /Catalog", b""), "(Collection)"),
    ("a page that acts when it opens", document(page={"/AA": {"/O": TO_THE_FIRST_PAGE}}), "start iets vanzelf"),
    ("a link to javascript:", with_link(action("/URI", URI="javascript:alert(1)")), "een link naar 'javascript:alert(1)'"),
    ("a link to javascript: with a tab in it", with_link(action("/URI", URI=" java\tscript:alert(1)")), "een link mag alleen naar http"),
    ("a link to a file on the reader's computer", with_link(action("/URI", URI="file:///etc/passwd")), "'file:///etc/passwd'"),
    ("a program started", with_link(action("/Launch", F="calc.exe")), "een programma of bestand"),
    ("a form sent elsewhere", with_link(action("/SubmitForm", F="https://elsewhere.invalid/")), "naar elders versturen"),
    ("data read in", with_link(action("/ImportData", F="gegevens.fdf")), "gegevens uit een ander bestand"),
    ("another PDF opened", with_link(action("/GoToR", F="ander.pdf", D=[0, "/Fit"])), "een ander bestand"),
    ("a named action that is not a page", with_link(action("/Named", N="/Print")), "(Print)"),
    ("a film", with_link(action("/Rendition", OP=0)), "geluid, film of 3D"),
    ("an action nobody knows", with_link(action("/Bestaat-niet")), "(Bestaat-niet)"),
    ("an attached web page", document(attachment=b"<script>alert(1)</script>"), "brengt een ander bestand mee"),
    ("a rich media annotation", with_link(TO_THE_FIRST_PAGE, subtype="/RichMedia"), "(RichMedia)"),
    ("an XFA form", document(catalog={"/AcroForm": {"/Fields": [], "/XFA": "<xdp/>"}}), "XFA-formulier"),
    ("a portfolio", document(catalog={"/Collection": {}}), "(Collection)"),
    ("encrypted", document(encrypted=True), "versleuteld"),
    ("a web page after the first bytes of a PDF", b"%PDF-1.7\n<html><script>alert(1)</script></html>", "niet gelezen"),
]
PDFS_ALLOWED = [
    ("a plain page", document()),
    ("a link to a website", with_link(action("/URI", URI="https://www.vlaanderen.be/"))),
    ("a link to send mail", with_link(action("/URI", URI="mailto:communicatie@example.org"))),
    ("a link to a place in the document", with_link(TO_THE_FIRST_PAGE)),
    ("a link to the next page", with_link(action("/Named", N="/NextPage"))),
    ("opened at its first page", document(catalog={"/OpenAction": TO_THE_FIRST_PAGE})),
    ("a catalog with the other entries a document may have", document(catalog={"/Legal": {}, "/Requirements": [], "/SpiderInfo": {}, "/DPartRoot": {}, "/Names": {"/Pages": {}, "/Templates": {}, "/IDS": {}, "/URLS": {}}})),
    ("opened at a place, compressed in an object stream", in_object_stream(b"<< /S /GoTo /D [3 0 R /Fit] >>", listed=True)),
]
# fmt: on
PDF = "documenten/beleid.pdf"


def _pdf_audit(tmp_path: Path, data: bytes) -> list[str]:
    return _audit(tmp_path, {PDF: data}, {PDF: Origin("docs", PDF)})


@pytest.mark.parametrize(("name", "data", "expected"), PDFS_REFUSED, ids=[p[0] for p in PDFS_REFUSED])
def test_a_pdf_that_could_run_start_or_fetch_something_is_refused(tmp_path, name, data, expected):
    problems = _pdf_audit(tmp_path, data)
    assert problems and all(p.startswith(f"docs/{PDF}: deze PDF ") for p in problems), problems
    assert any(expected in p for p in problems), problems
    assert all("Afdrukken → Opslaan als PDF" in p for p in problems), problems


@pytest.mark.parametrize(("name", "data"), PDFS_ALLOWED, ids=[p[0] for p in PDFS_ALLOWED])
def test_a_pdf_of_pages_text_and_links_passes(tmp_path, name, data):
    assert _pdf_audit(tmp_path, data) == []


def test_a_handout_left_in_site_pdf_is_read_as_an_editors_pdf_is(tmp_path):
    """make pdf writes its handouts to site/pdf/, where a later build with --dirty finds them: they meet the PDF
    check too, not only their first bytes."""
    assert _audit(tmp_path / "plain", {"pdf/handout.pdf": with_link(TO_THE_FIRST_PAGE)}) == []
    problems = _audit(tmp_path / "script", {"pdf/handout.pdf": _LINKED_SCRIPT})
    assert len(problems) == 1 and problems[0].startswith("site/pdf/handout.pdf:"), problems
    assert "bevat JavaScript" in problems[0], problems


def test_a_change_after_the_build_that_makes_markup_live_stops_the_real_build(project):
    """A correction after the build (here a faulty one, put into this copy's postbuild.py) that creates a live
    redirect in every page: the audit of the final files catches it, whatever made it."""
    edit(
        project,
        "handreiking/postbuild.py",
        "def correct_html(html: str) -> str:\n",
        "def correct_html(html: str) -> str:\n"
        "    html = html.replace('<!-- /hr-page-content -->', "
        '\'<meta http-equiv="refresh" content="0;url=https://elsewhere.invalid/"><!-- /hr-page-content -->\', 1)\n',
    )
    result = build(project)
    assert result.returncode != 0
    assert f"{PAGE}: het HTML-element <meta> is niet toegestaan" in result.output
    assert "Traceback" not in result.output


# --- 2. Page meta in any form goes through the same door -------------------------------------------------------

# fmt: off
META_WITHOUT_FRONT_MATTER = [
    "title: {{ 7*7 }}\n\n# Titel\n",
    "Title: Iets\n\nTekst.\n",
    "   description: x\n\nTekst.\n",
    "tip: begin klein\n    en hou vol\n\nTekst.\n",
    "render_macros: true\ntitle: x\n\n# Titel\n",
]
# fmt: on


@pytest.mark.parametrize("text", META_WITHOUT_FRONT_MATTER)
def test_meta_without_front_matter_is_refused_with_its_line(tmp_path, text):
    path = tmp_path / "pagina.md"
    path.write_text(text, encoding="utf-8")
    problems = [str(p) for p in _page_problems(path, "docs/pagina.md", [], None)]
    assert any(p.startswith("docs/pagina.md, regel 1: de eerste regel") for p in problems), problems


@pytest.mark.parametrize(
    "text",
    [
        "# Titel\n\nTip: begin klein.\n",
        "\ntip: begin klein\n",
        '---\ntitle: "Fase: observatie"\n---\n\n# Titel\n',
    ],
)
def test_a_page_without_meta_or_with_front_matter_passes_the_door(tmp_path, text):
    path = tmp_path / "pagina.md"
    path.write_text(text, encoding="utf-8")
    assert _page_problems(path, "docs/pagina.md", [], None) == []


def test_a_title_with_template_code_is_refused(tmp_path):
    path = tmp_path / "pagina.md"
    path.write_text('---\ntitle: "{{ 7*7 }}"\n---\n\n# Titel\n', encoding="utf-8")
    problems = [str(p) for p in _page_problems(path, "docs/pagina.md", [], None)]
    assert problems and all("title" in p for p in problems), problems


def test_meta_without_front_matter_runs_nothing_in_the_real_build(project, tmp_path):
    """Through the theme's environment, this title once ran a shell command at build time."""
    marker = tmp_path / "ran"
    command = f"touch {marker}"
    title = (
        "title: {{ config.theme.get_env().from_string(\"{{ lipsum.__globals__.os.system('"
        + command
        + "') }}\").render() }}"
    )
    path = project / PAGE
    path.write_text(title + "\n" + path.read_text(encoding="utf-8").split("---", 2)[2], encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert f"{PAGE}, regel 1: de eerste regel" in result.output
    check = make_check(project)
    assert check.returncode == 1 and f"{PAGE}, regel 1: de eerste regel" in check.output
    assert not marker.exists(), "the title was rendered as a template"


# --- 3. Page code reaches data, never machinery ----------------------------------------------------------------


@pytest.fixture(scope="module")
def macros_plugin():
    """mkdocs-macros as the build sets it up (its on_config, with the project's define_env), in the test process."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin = config.plugins["macros"]
    files = get_files(config)
    navigation = get_navigation(files, config)
    # What mkdocs-macros adds as it builds: the navigation, the files and the page being rendered.
    plugin.on_nav(navigation, config=config, files=files)
    plugin.variables["page"] = navigation.pages[0]
    yield plugin
    config.plugins.on_shutdown()


_MACHINERY = (Environment, BaseLoader, type(os), type(sys.stdout))


def _reachable(env, start: dict) -> list[tuple[str, object]]:
    """Every object a template can reach from `start` by attributes the sandbox allows and by items."""
    seen, queue, found = set(), list(start.items()), []
    while queue:
        path, value = queue.pop()
        if id(value) in seen or path.count(".") > 8:
            continue
        seen.add(id(value))
        found.append((path, value))
        if isinstance(value, dict):
            queue += [(f"{path}.{key}", item) for key, item in value.items()]
        elif isinstance(value, list | tuple):
            queue += [(f"{path}[{index}]", item) for index, item in enumerate(value)]
        for name in dir(value):
            try:
                attribute = getattr(value, name)
            except Exception:
                continue
            if env.is_safe_attribute(value, name, attribute):
                queue.append((f"{path}.{name}", attribute))
    return found


def test_pages_reach_only_plain_data_and_the_page_macros(macros_plugin):
    env = macros_plugin.env
    template = env.from_string("")
    visible = {**template.globals, **{k: v for k, v in macros_plugin.variables.items() if k in PAGE_NAMES}}
    assert set(visible) == PAGE_NAMES
    macros = {id(env.globals[name]) for name in PAGE_MACROS}
    for path, value in _reachable(env, visible):
        if callable(value):
            assert id(value) in macros, f"{path} can be called"
            continue
        assert not isinstance(value, _MACHINERY), f"{path} reaches {type(value).__name__}"
        assert isinstance(value, str | int | float | bool | type(None) | SimpleNamespace), f"{path}: {type(value)}"


# Expressions a page's Jinja could try, rendered here straight through mkdocs-macros' environment with all its
# variables (MkDocs' config, page, navigation and files among them), past the page check.
# fmt: off
MACHINERY_EXPRESSIONS = [
    "{{ config.theme.get_env().from_string('x').render() }}",
    "{{ config['theme'].get_env() }}",
    "{{ lipsum.__globals__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ namespace() }}",
    "{{ dict(a=1) }}",
    "{{ range(3) | list }}",
    "{{ page.file.abs_src_path }}",
    "{{ navigation.pages }}",
    "{{ files | list }}",
    "{{ environment }}",
    "{{ plugin.env }}",
    "{{ macros }}",
    "{{ site_data.guidelines }}",
    "{{ org.__class__ }}",
    "{{ org.name.upper() }}",
    "{{ role_link.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{% include 'index.md' %}",
    "{% import 'index.md' as x %}",
    "{{ org | attr('__dict__') }}",
    "{{ org.name | map(attribute='__class__') | list }}",
]
# fmt: on


@pytest.mark.parametrize("expression", MACHINERY_EXPRESSIONS)
def test_machinery_stays_out_of_reach_even_past_the_page_check(macros_plugin, expression):
    """Each is refused, or shows nothing but text: never an object of the build."""
    try:
        shown = macros_plugin.env.from_string(expression).render(**macros_plugin.variables)
    except (TemplateError, TypeError):
        return
    assert "<class" not in shown and " object at 0x" not in shown and "<function" not in shown, shown
    assert "Undefined" in shown or shown.strip("[], ") == "", shown


def test_the_page_fields_and_macros_still_render(macros_plugin):
    env = macros_plugin.env
    organisation = macros_plugin.variables["org"]
    assert env.from_string("{{ org.name | upper }}").render(**macros_plugin.variables) == organisation.name.upper()


# --- 4. Nothing outside the content is read or published --------------------------------------------------------


def _fake_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for folder in inputs.CONTENT_DIRS:
        (project / folder / "sub").mkdir(parents=True)
        (project / folder / "sub" / "gewoon.md").write_text("x", encoding="utf-8")
    for name in inputs.CONTENT_FILES:
        (project / name).write_text("x", encoding="utf-8")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text("[remote]", encoding="utf-8")
    return project


# fmt: off
LINKS = [
    ("docs/geheim.png", "/etc/hostname"),
    ("docs/config.pdf", "../.git/config"),
    ("docs/sub/omgeving.png", "/proc/self/environ"),
    ("docs/etc", "/etc"),
    ("docs/binnen.md", "sub/gewoon.md"),  # a link inside the project is refused too: allow what may exist
    ("data/roles.yml", "/etc/passwd"),
    ("sjablonen/richtlijn.md", "../.git/config"),
    ("overrides/partials", "/usr/share"),
    ("CONTRIBUTING.md", "/proc/self/environ"),
    ("mkdocs.yml", "/etc/hostname"),
]
# fmt: on


@pytest.mark.parametrize(("link", "target"), LINKS, ids=[link for link, _ in LINKS])
def test_a_symbolic_link_among_the_inputs_is_refused(tmp_path, link, target):
    project = _fake_project(tmp_path)
    path = project / link
    if path.exists():
        path.unlink()
    path.symlink_to(target)
    problems = [str(problem) for problem in inputs.outside_content(project)]
    assert problems == [f"{link}: is een symbolische link naar '{target}'. {inputs._LINK_ADVICE}"]


def test_a_content_folder_that_is_a_link_is_refused_without_walking_it(tmp_path):
    project = _fake_project(tmp_path)
    os.rename(project / "docs", tmp_path / "elders")
    (project / "docs").symlink_to(tmp_path / "elders")
    problems = inputs.outside_content(project)
    assert [problem.file for problem in problems] == ["docs"]


def test_a_pipe_among_the_inputs_is_refused(tmp_path):
    project = _fake_project(tmp_path)
    os.mkfifo(project / "data" / "pijp.yml")
    problems = [str(problem) for problem in inputs.outside_content(project)]
    assert len(problems) == 1 and problems[0].startswith("data/pijp.yml: is geen gewoon bestand")


def test_plain_inputs_pass(tmp_path):
    assert inputs.outside_content(_fake_project(tmp_path)) == []
    assert inputs.outside_content(ROOT) == []


# A name in docs/ becomes part of the site's addresses, which the theme writes into its HTML as they are.
# fmt: off
NAMES_REFUSED = [
    ('x"onmouseover="alert(1) <b>.md', "x-onmouseover-alert-1-b.md"),
    ("rapport's.pdf", "rapport-s.pdf"),
    ("a&amp;b.png", "a-amp-b.png"),
    ("regel\neen.md", "regel-een.md"),
    (".htaccess", "htaccess"),
]
# fmt: on


@pytest.mark.parametrize(("name", "suggested"), NAMES_REFUSED, ids=[n for n, _ in NAMES_REFUSED])
def test_a_name_in_docs_that_would_be_markup_is_refused_with_a_name_that_works(tmp_path, name, suggested):
    project = _fake_project(tmp_path)
    (project / "docs" / name).write_bytes(b"x")
    problems = [str(problem) for problem in inputs.outside_content(project)]
    assert len(problems) == 1 and problems[0].startswith(f"docs/{name}: de naam mag alleen letters"), problems
    assert problems[0].endswith(f"Noem het bijvoorbeeld '{suggested}'."), problems


def test_names_with_capitals_spaces_accents_and_brackets_pass(tmp_path):
    project = _fake_project(tmp_path)
    for name in ("Beleid 2026 (versie 2).pdf", "café_logo.PNG", "Folder-A.pdf"):
        (project / "docs" / name).write_bytes(b"x")
    assert inputs.outside_content(project) == []


@pytest.mark.parametrize("name", ["extra.MD", "extra.Md"])
def test_a_page_named_with_capitals_is_told_how_to_name_it(tmp_path, name):
    """MkDocs reads a page only by '.md' in small letters: 'extra.MD' it would copy to the site as it is."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / name).write_text("# Extra\n\nGewone tekst.\n", encoding="utf-8")
    assert [str(p) for p in check_pages(docs, [])] == [
        f"docs/{name}: schrijf de extensie '{name[5:]}' in kleine letters: 'extra.md'. Anders is het bestand geen "
        "pagina, en zou de site de tekst publiceren zoals hij is."
    ]


def test_a_link_to_git_config_or_a_name_that_is_markup_stops_the_real_build(project):
    (project / "docs" / "geheim.png").symlink_to("/etc/hostname")
    (project / "data" / "extra").mkdir()
    (project / "data" / "extra" / "omgeving.yml").symlink_to("/proc/self/environ")
    (project / "docs" / 'x"onmouseover="alert(1).md').write_text("# X\n", encoding="utf-8")
    result = build(project)
    assert result.returncode != 0
    assert "docs/geheim.png: is een symbolische link naar '/etc/hostname'" in result.output
    assert "data/extra/omgeving.yml: is een symbolische link" in result.output
    assert """docs/x"onmouseover="alert(1).md: de naam mag alleen letters""" in result.output
    assert not (result.site / "geheim.png").exists()
    check = make_check(project)
    assert check.returncode == 1 and "docs/geheim.png: is een symbolische link" in check.output
    assert "Traceback" not in result.output + check.output


# --- 5. Linear time on any input --------------------------------------------------------------------------------

HOSTILE = "\n".join(
    [
        *("`" * (n % 9 + 1) + " a [b](" for n in range(4000)),
        "[" * 10000 + "]" * 10,
        "<!-- " * 4000,
        "<div markdown>\n" * 150,
        "*_" * 10000,
        "<a " * 6000,
    ]
)


def test_hostile_text_builds_within_twice_the_normal_time(project, tmp_path):
    normal = copy_project(tmp_path / "normal")
    # CPU time of the build processes, not the clock: backtracking costs CPU, a shared machine's load only waiting.
    start = cpu_seconds()
    assert build(normal).returncode == 0
    normal_time = cpu_seconds() - start
    path = project / "docs" / "richtlijnen" / "index.md"
    assert len(HOSTILE) >= 100_000
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + HOSTILE + "\n", encoding="utf-8")
    start = cpu_seconds()
    result = build(project)
    hostile_time = cpu_seconds() - start
    assert "Traceback" not in result.output
    # Twice the normal build, and a second of slack.
    assert hostile_time < 2 * normal_time + 1, (hostile_time, normal_time)


# --- 6. No traceback, ever --------------------------------------------------------------------------------------


def _nested_divs(depth: int) -> str:
    return "<div markdown>\n" * depth + "tekst\n" + "</div>\n" * depth


def _nested_list(depth: int) -> str:
    return "\n".join("    " * level + "- punt" for level in range(depth))


def _nested_quotes(depth: int) -> str:
    return ">" * depth + " tekst"


@pytest.mark.parametrize("make", [_nested_divs, _nested_list, _nested_quotes], ids=["divs", "lists", "quotes"])
@pytest.mark.parametrize("depth", [5, 60, 400, 3000])
def test_deep_nesting_converts_or_is_told_never_raises(make, depth):
    told: list[str] = []
    md = markdown.Markdown(extensions=["md_in_html", "attr_list", "def_list", GuardedConversion(told.append)])
    html = md.convert(make(depth))
    if told:
        assert told in ([TOO_DEEP], [TOO_SLOW]) and str(escape(told[0][1:])) in html
    else:
        assert "tekst" in html or "punt" in html
    if depth <= 60:
        assert told == [], "a page a few levels deep must build"


@pytest.mark.parametrize(
    "text", ["[" * 20000, "\n".join("a [b](" for _ in range(8000)), "<a " * 20000], ids=["brackets", "links", "tags"]
)
def test_a_page_too_slow_to_convert_is_stopped_and_told(text):
    told: list[str] = []
    start = time.process_time()
    html = markdown.Markdown(extensions=["md_in_html", GuardedConversion(told.append)]).convert(text)
    assert told == [TOO_SLOW] and str(escape(TOO_SLOW[1:])) in html
    assert time.process_time() - start < 3


# A page of its own for the deep nesting: a page too deep to convert shows only that finding.
NESTED_PAGE = "docs/fasen/conversatie.md"


@pytest.fixture(scope="module")
def id_twice_and_nested(tmp_path_factory):
    """One copy with an id twice on PAGE and nesting too deep on another page, built once: the line of the id."""
    project = copy_project(tmp_path_factory.mktemp("walls") / "project")
    line = edit(project, PAGE, "\n## ", '\n<p id="let-op">Eerst dit.</p>\n\n<p id="let-op">Dan dit.</p>\n\n## ')
    path = project / NESTED_PAGE
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + _nested_divs(1000), encoding="utf-8")
    return line, build(project)


@pytest.mark.copy
def test_an_id_twice_stops_the_real_build_naming_page_line_and_id(id_twice_and_nested):
    """Two places with one id: a link, or a title in the table of contents of a printable page, reaches only the
    first. Told once, as written, at the line of the id: on the printable pages that hold the page it is the same
    finding (there the ids carry the part's prefix)."""
    line, result = id_twice_and_nested
    assert result.returncode != 0
    told = [row for row in result.output.splitlines() if "staat twee keer op deze pagina" in row]
    assert len(told) == 1 and "deel-" not in told[0], result.output
    assert f"{PAGE}, regel {line + 1}: het id 'let-op' staat twee keer op deze pagina" in result.output
    assert "Traceback" not in result.output


@pytest.mark.copy
def test_deep_nesting_stops_the_real_build_naming_the_page(id_twice_and_nested):
    _, result = id_twice_and_nested
    assert result.returncode != 0
    assert f"{NESTED_PAGE}: {TOO_DEEP}" in result.output
    assert "Traceback" not in result.output and "RecursionError" not in result.output


@pytest.mark.parametrize(
    ("remote", "header", "refused"),
    [
        ("https://gitlab.example/groep/handreiking.git", None, False),
        ("https://gitlab-ci-token:glcbt-geheim@gitlab.example/groep/handreiking.git", None, True),
        ("https://x-access-token@github.com/org/handreiking.git", None, True),
        ("https://github.com/org/handreiking.git", "AUTHORIZATION: basic Z2VoZWlt", True),
    ],
)
def test_ci_refuses_a_clone_with_a_token_in_its_config(tmp_path, remote, header, refused):
    def git(*arguments: str) -> None:
        subprocess.run(["git", *arguments], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    git("remote", "add", "origin", remote)
    if header:
        git("config", "--local", "http.https://github.com/.extraheader", header)
    environment = {k: v for k, v in os.environ.items() if k not in ("CI_JOB_TOKEN", "GITHUB_TOKEN")}
    script = ROOT / "scripts" / "no_secrets_in_clone.sh"
    result = subprocess.run(["sh", str(script)], cwd=tmp_path, capture_output=True, text=True, env=environment)
    assert (result.returncode != 0) == refused, result.stdout + result.stderr


def test_the_ci_files_keep_tokens_out_of_the_clone():
    github = (ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    gitlab = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "persist-credentials: false" in github and "scripts/no_secrets_in_clone.sh" in github
    assert 'FF_GIT_URLS_WITHOUT_TOKENS: "true"' in gitlab and "scripts/no_secrets_in_clone.sh" in gitlab


def test_thousands_of_findings_on_a_page_are_told_as_twenty_and_a_count(tmp_path, built_page):
    many = '<a href="&#106;avascript:alert(1)">x</a>\n' * 3000
    start = time.process_time()
    problems = _audit(tmp_path, {f"{PAGE_URL}index.html": built_page.replace(CONTENT_END, many + CONTENT_END, 1)})
    assert time.process_time() - start < 5
    assert len(problems) <= 21 and problems[-1].endswith("Pas eerst de fouten hierboven aan."), problems[-3:]


def test_an_unforeseen_error_in_a_page_ends_in_one_dutch_line(project):
    """Whatever breaks while a page is built (here a fault put into this copy's macros.py) is told in Dutch with the
    page, in `make build` and in `make check`, never as a traceback."""
    edit(
        project,
        "macros.py",
        "def on_post_page_macros(env) -> None:\n",
        "def on_post_page_macros(env) -> None:\n"
        "    if env.page.file.src_path == 'fasen/observatie.md':\n"
        "        raise KeyError('kapot')\n",
    )
    told = f"{PAGE}: de bouw stopte onverwacht bij deze pagina ('kapot')"
    result = build(project)
    assert result.returncode != 0 and told in result.output
    check = make_check(project)
    assert check.returncode == 1 and told in check.output
    for output in (result.output, check.output):
        assert "Traceback" not in output and "Error building page" not in output and "Error reading page" not in output


def test_thousands_of_findings_in_the_search_index_are_told_as_twenty_and_a_count(tmp_path):
    entry = '{"location": "", "title": "x", "text": "<img src=x onerror=alert(1)>"}'
    index = '{"docs": [' + ", ".join([entry] * 3000) + "]}"
    start = time.process_time()
    problems = _audit(tmp_path, {"search/search_index.json": index}, {"_": Origin("page", "index.md")})
    assert time.process_time() - start < 5
    assert len(problems) <= 21 and problems[-1].endswith("in de zoekindex. Pas eerst de fouten hierboven aan.")
