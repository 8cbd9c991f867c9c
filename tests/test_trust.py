"""Content is data, never code: attacks an editor's pull request could carry, each tried in a copy of the project.

Each attack either stops `make check` (its own checks, then the real strict build in a temporary folder) with a
Dutch message naming the source file, and its line where it exists, without a traceback; or the site it builds is inert:
opened in Chromium, the page shows no dialog, sends no request off the local server, and holds no injected
element or attribute.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from browser import require_chromium
from conftest import build, edit
from sitetools import CHROMIUM_ARGS, ROOT, serve

# The organisation's own particulars come from its data, so that an organisation that adopts the handreiking
# runs these attacks on its own data.
ORGANISATION = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))
FORGE = "{0.scheme}://{0.netloc}/".format(urlsplit(ORGANISATION["repository_url"]))
PAGE = "docs/fasen/observatie.md"
PAGE_URL = "fasen/observatie/"
EVIL = "https://elsewhere.invalid"


def append(file: str, text: str) -> Callable[[Path], int]:
    """Add text at the end of a file; the line where it starts."""

    def change(project: Path) -> int:
        path = project / file
        before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        path.write_text(before + text + "\n", encoding="utf-8")
        return before.count("\n") + 1 + text.count("\n")

    return change


def replace(file: str, old: str, new: str) -> Callable[[Path], int]:
    return lambda project: edit(project, file, old, new)


def write(file: str, text: str | bytes) -> Callable[[Path], int]:
    def change(project: Path) -> int:
        path = project / file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        return 1

    return change


def front_matter(file: str, lines: str) -> Callable[[Path], int]:
    """Add lines at the top of a page's front matter; the line of the first one."""
    return lambda project: replace(file, "---\n", f"---\n{lines}\n")(project) + 1


def both(*changes: Callable[[Path], int]) -> Callable[[Path], int]:
    def change(project: Path) -> int:
        return [c(project) for c in changes][-1]

    return change


@dataclass(frozen=True)
class Attack:
    name: str
    change: Callable[[Path], int]
    file: str  # the source file the message must name
    with_line: bool = True  # the message names the line of the change (its last line, for several)
    text: str = ""  # more words the message must hold
    lines_up: int = 0  # the message names a line this many lines above the last one changed


# Attacks the build must refuse, by class: one line each, so the table reads as a table.
# fmt: off
REFUSED = [
    # --- Code at build time, and denial of service -----------------------------------------------------------
    Attack("shell via lipsum", append(PAGE, "{{ lipsum.__globals__['os'].popen('id').read() }}"), PAGE, text="'lipsum…'"),
    Attack("plugin info", append(PAGE, "{{ macros_info() }}"), PAGE, text="macros_info"),
    Attack("endless loop", append(PAGE, "{% for i in range(10**12) %}{% endfor %}"), PAGE, text="een lus"),
    Attack("config", append(PAGE, "{{ config.extra }}"), PAGE, text="'config.extra'"),
    Attack("environment", append(PAGE, "{{ environment }}"), PAGE),
    Attack("set", append(PAGE, "{% set x = 1 %}{{ x }}"), PAGE, text="een eigen variabele"),
    Attack("include a text file", both(write("docs/gedeeld.txt", "tekst"), append(PAGE, "{% include 'gedeeld.txt' %}")), PAGE, text="{% include %}"),
    Attack("import", append(PAGE, "{% import 'x.html' as x %}"), PAGE),
    Attack("extends", append(PAGE, "{% extends 'base.html' %}"), PAGE),
    Attack("glued script tag", append(PAGE, '{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}'), PAGE, text="deze uitdrukking"),
    Attack("macro with a variable", append(PAGE, "{{ role_link(org.name) }}"), PAGE, text="vaste waarden"),
    Attack("cycler", append(PAGE, "{{ cycler('a').next() }}"), PAGE),
    Attack("namespace", append(PAGE, "{{ namespace(a=1) }}"), PAGE),
    Attack("underscore attribute", append(PAGE, "{{ org.__class__ }}"), PAGE),
    Attack("attr filter", append(PAGE, "{{ org.name | attr('__class__') }}"), PAGE, text="de filter '| attr'"),
    Attack("syntax error", append(PAGE, "{{ role_link('woordvoerder' }}"), PAGE, text="niet goed geschreven"),
    Attack("alias bomb", replace("data/channels.yml", "channels:\n", 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nchannels:\n'), "data/channels.yml"),
    Attack("recursive alias", replace("data/roles.yml", "roles:\n", "lus: &lus [*lus]\nroles:\n"), "data/roles.yml"),
    # --- Markup and links in pages ---------------------------------------------------------------------------
    Attack("script", append(PAGE, "<script>alert(1)</script>"), PAGE, text="<script>"),
    Attack("entity colon", append(PAGE, '<a href="javascript&colon;alert(1)">klik</a>'), PAGE, text="'javascript:'"),
    Attack("entity-encoded scheme", append(PAGE, '<a href="&#106;avascript:alert(1)">klik</a>'), PAGE, with_line=False),
    Attack("tab in the scheme", append(PAGE, '<a href="java&#x09;script:alert(1)">klik</a>'), PAGE),
    Attack("leading space", append(PAGE, '<a href=" javascript:alert(1)">klik</a>'), PAGE),
    Attack("markdown link", append(PAGE, "[klik](javascript:alert(1))"), PAGE),
    Attack("handler on the next line", append(PAGE, '<img src="x.png"\nonerror="alert(1)">'), PAGE, text="onerror", lines_up=1),
    Attack("handler in a raw block", append(PAGE, '<div markdown="0">\n`<img src="x.png" onerror="alert(1)">`'), PAGE, text="onerror"),
    Attack("unclosed fence", append(PAGE, '```\ncode\n~~~\n\n<details open ontoggle="alert(1)"><summary>x</summary></details>'), PAGE, text="ontoggle"),
    Attack("base", append(PAGE, f'<base href="{EVIL}/">'), PAGE, text="<base>"),
    Attack("meta refresh", append(PAGE, f'<meta http-equiv="refresh" content="0;url={EVIL}">'), PAGE),
    Attack("form", append(PAGE, '<form action="//elsewhere.invalid/"><button>Verstuur</button></form>'), PAGE),
    Attack("data URL", append(PAGE, '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">klik</a>'), PAGE, text="'data:'"),
    Attack("marker spoof", append(PAGE, "<p>tekst</p>\n\n<!-- /hr-page-content -->"), PAGE, text="voorbehouden"),
    Attack("theme id", append(PAGE, '<p id="__config">{"search": "x.js"}</p>'), PAGE, text="'__config'"),
    Attack("printable parts from outside", replace("docs/afdrukken/richtlijnen.md", "# Alle", '<div class="hr-print-parts" data-page="afdrukken/richtlijnen.md" data-parts="../../../README.md"></div>\n\n# Alle'), "docs/afdrukken/richtlijnen.md", with_line=False, text="geen pagina van de site"),
    Attack("svg use", append(PAGE, '<svg><use href="#x"></use></svg>'), PAGE, text="<use>"),
    # --- Resources that leave the site, in HTML and CSS ---------------------------------------------------
    Attack("img", append(PAGE, f'<img src="{EVIL}/a.png" alt="">'), PAGE),
    Attack("srcset", append(PAGE, f'<img src="a.png" srcset="{EVIL}/a.png 2x" alt="">'), PAGE, text="srcset"),
    Attack("svg image", append(PAGE, f'<svg><image href="{EVIL}/a.png"></image></svg>'), PAGE),
    Attack("backslash host", append(PAGE, '<img src="/\\elsewhere.invalid/a.png" alt="">'), PAGE, with_line=False),
    Attack("table background", append(PAGE, '<table background="//elsewhere.invalid/b.png"><tr><td>x</td></tr></table>'), PAGE),
    Attack("style attribute", append(PAGE, '<p style="background:url(&quot;//elsewhere.invalid/b.png&quot;)">x</p>'), PAGE, with_line=False),
    Attack("css import", append("docs/stylesheets/handreiking.css", '@import "//elsewhere.invalid/a.css";'), "docs/stylesheets/handreiking.css"),
    Attack("css image-set", append("docs/stylesheets/handreiking.css", 'body { background-image: image-set("//elsewhere.invalid/a.png" 1x); }'), "docs/stylesheets/handreiking.css"),
    Attack("css escaped url", append("docs/stylesheets/handreiking.css", "body { background: \\75 rl(//elsewhere.invalid/a.png); }"), "docs/stylesheets/handreiking.css", with_line=False),
    # --- Front matter and data ------------------------------------------------------------------------------
    Attack("title breaks out of <title>", replace(PAGE, 'title: "Fase 1: Observatie"', f'title: "</title><base href={EVIL}/>"'), PAGE, text="'title'"),
    Attack("description breaks out", replace(PAGE, "description: Je", 'description: x" onload="alert(1) Je'), PAGE, text="'description'"),
    Attack("template", front_matter(PAGE, "template: 404.html"), PAGE, text="'template' bestaat hier niet"),
    Attack("variable shadowed", front_matter(PAGE, "org: x"), PAGE, text="'org' bestaat hier niet"),
    Attack("handler in data", replace("data/channels.yml", "tone: Vriendelijk", "tone: <img src=x onerror=alert(1)> Vriendelijk"), "data/channels.yml", text="onerror"),
    Attack("edit link elsewhere", replace("data/organisation.yml", FORGE, f"{EVIL}/"), "data/organisation.yml", text="repository_url"),
    Attack("edit path", replace("data/organisation.yml", f"edit_path: {ORGANISATION['edit_path']}", "edit_path: ../../../elders/"), "data/organisation.yml"),
    Attack("intranet address breaks out", replace("data/organisation.yml", f"intranet_url: {ORGANISATION['intranet_url']}", f'intranet_url: {ORGANISATION["intranet_url"]}x/"><script>alert(1)</script>/'), "data/organisation.yml"),
    Attack("NaN share", replace("data/media_mix.yml", "share: 25", "share: .nan"), "data/media_mix.yml", text=".nan"),
    Attack("python tag", replace("data/roles.yml", "roles:\n", "bom: !!python/object/apply:os.system ['id']\nroles:\n"), "data/roles.yml"),
    Attack("complex key", replace("data/roles.yml", "roles:\n", "? [a, b]\n: c\nroles:\n"), "data/roles.yml"),
    Attack("latin-1 byte", replace("data/roles.yml", "roles:\n", "# caf\udce9\nroles:\n"), "data/roles.yml", text="0xE9"),
    # --- Snippets and files -----------------------------------------------------------------------------------
    Attack("snippet of .git/config", append(PAGE, '--8<-- ".git/config"'), PAGE, text="--8<--"),
    Attack("html file", write("docs/extra.html", "<script>alert(1)</script>"), "docs/extra.html", with_line=False, text="'.html'"),
    Attack("svg file", write("docs/logo.svg", "<svg onload='alert(1)'></svg>"), "docs/logo.svg", with_line=False),
    Attack("script file", write("docs/extra.js", "alert(1)"), "docs/extra.js", with_line=False),
]
# fmt: on


def _run_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("attack", REFUSED, ids=[a.name for a in REFUSED])
def test_an_attack_stops_the_build_with_a_dutch_message(project, attack):
    if attack.name == "latin-1 byte":
        path = project / "data/roles.yml"
        path.write_bytes(path.read_bytes().replace(b"roles:\n", b"# caf\xe9\nroles:\n", 1))
        line = path.read_bytes().split(b"roles:\n")[0].count(b"\n")
    else:
        line = attack.change(project)
    where = f"{attack.file}, regel {line - attack.lines_up}" if attack.with_line else attack.file
    # make check runs the real strict build in a temporary folder after its own checks, and tells what the build
    # tells: one run shows both. That `make build` itself stops on each class is shown in test_wall.py.
    check = _run_check(project)
    output = check.stdout + check.stderr
    assert check.returncode == 1, f"the check should have stopped:\n{output[-3000:]}"
    assert where in check.stdout, f"{where!r} not in:\n{output[-3000:]}"
    assert attack.text in check.stdout
    assert "Traceback" not in output


# --- What an editor may write: no false alarms -------------------------------------------------------------

HARMLESS = [
    "Schrijf nooit `<script>` in een bericht, en ook geen `onclick=`.",
    "<!-- Vroeger stond hier een <iframe> met een video. -->",
    "Een score van onbekend = 0 betekent: niet onderzocht.",
    '```html\n<iframe src="https://elsewhere.invalid/"></iframe>\n```',
    "Zo ziet een bouwsteen eruit: {% raw %}{{ role_link('woordvoerder') }}{% endraw %}.",
    "Klik nooit op een link die begint met javascript: of data: in een bericht.",
    "Een adres als JavaScript:alert(1) of data: is geen gewone link.",
]


def test_prose_about_code_builds_without_complaint(project):
    append(PAGE, "\n\n".join(HARMLESS))(project)
    append("data/woordenlijst.txt", "javascript\nJavaScript")(project)  # as an editor adds a word hunspell lacks
    check = _run_check(project)
    assert check.returncode == 0, check.stdout
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    page = (result.site / PAGE_URL / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page and "{{ role_link('woordvoerder') }}" in page


# --- Inert: what builds is shown as text, and does nothing in a browser ------------------------------------

# fmt: off
INERT = [
    ("markup in the organisation's name", replace("data/organisation.yml", f"name: {ORGANISATION['name']}", f"name: <b>{ORGANISATION['name']}</b>"), "", "b"),
    ("entities in a title", replace(PAGE, 'title: "Fase 1: Observatie"', 'title: "Observatie &lt;script&gt;alert(1)&lt;/script&gt;"'), "", "script"),
    ("code that mentions a handler", append(PAGE, '`<img src="x.png" onerror="alert(1)">`'), "", "img[onerror]"),
    ("markup in data text", replace("data/channels.yml", "tone: Vriendelijk", "tone: <b>Vet</b> en vriendelijk"), "overzichten/kanalen/", "b"),
]
# fmt: on


@pytest.fixture(scope="module")
def inert_site(tmp_path_factory):
    """One copy of the project with every inert attack in it, built once."""
    from sitetools import copy_project

    project = copy_project(tmp_path_factory.mktemp("inert") / "project")
    for _, change, _, _ in INERT:
        change(project)
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    return result.site


@pytest.mark.parametrize(("name", "url", "selector"), [(n, u, s) for n, _, u, s in INERT], ids=[n for n, *_ in INERT])
def test_an_inert_attack_does_nothing_in_chromium(inert_site, name, url, selector):
    from playwright.sync_api import sync_playwright

    chromium = require_chromium()
    server, base = serve(inert_site)
    dialogs, elsewhere = [], []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.on("request", lambda request: None if request.url.startswith(base) else elsewhere.append(request.url))
            for path in {url, PAGE_URL}:
                page.goto(base + path, wait_until="networkidle")
                # The page's own content holds no injected element, and the head nothing that sends the page elsewhere.
                assert page.locator(f"article {selector}").count() == 0, path
                assert page.locator("head base, head meta[http-equiv=refresh]").count() == 0
            browser.close()
    finally:
        server.shutdown()
    assert dialogs == [] and elsewhere == []


# --- The second wall -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "refusal"),
    [
        ("{{ lipsum.__globals__['os'].getcwd() }}", "'lipsum' bestaat niet"),
        ("{{ config.theme.get_env().from_string('{{ 7 * 7 }}').render() }}", "'config' bestaat niet"),
        ("{{ org.__class__.__init__.__globals__ }}", "SecurityError"),
    ],
)
def test_the_sandbox_stops_what_would_slip_past_the_page_check(project, expression, refusal):
    """With the page check switched off in this copy, mkdocs-macros' own rendering still reaches nothing but data."""
    edit(project, "macros.py", "problems = check_page_code(", "problems = [] and check_page_code(")
    append(PAGE, expression)(project)
    result = build(project)
    assert result.returncode != 0
    assert refusal in result.output
    page = (result.site / PAGE_URL / "index.html").read_text(encoding="utf-8")
    assert str(project) not in page and "49" not in page.split("hr-page-content")[1]


def test_the_search_index_is_checked_like_a_page(tmp_path):
    """Material shows search results as HTML: an index entry that would run code is refused too."""
    from handreiking.site_audit import SiteAudit

    index = tmp_path / "site" / "search" / "search_index.json"
    index.parent.mkdir(parents=True)
    entry = {"location": "fasen/observatie/", "title": "Observatie", "text": '<p>x</p><img src="x" onerror="alert(1)">'}
    index.write_text(json.dumps({"docs": [entry]}), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    audit = SiteAudit(tmp_path / "site", tmp_path / "docs", {}, serving=False)
    problems = [str(problem) for problem in audit.search_index_problems(index.read_text(encoding="utf-8"))]
    assert len(problems) == 1 and "(in de zoekindex)" in problems[0] and "'onerror'" in problems[0]
