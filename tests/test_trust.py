"""Content is data, never code: attacks an editor's pull request could carry, each tried in a copy of the project.

Each attack either stops `make check` (its own checks, then the real strict build in a temporary folder) with a
Dutch message naming the source file, and its line where it exists, without a traceback; or the site it builds is inert:
opened in Chromium, the page shows no dialog, sends no request off the local server, and holds no injected
element or attribute.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import build, edit, make_check
from pdfs import action, document
from sitetools import ROOT, copy_project, serve

# The organisation's own particulars come from its data, so that an organisation that adopts the handreiking
# runs these attacks on its own data.
ORGANISATION = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))
FORGE = "{0.scheme}://{0.netloc}/".format(urlsplit(ORGANISATION["repository_url"]))
PAGE = "docs/fasen/observatie.md"
PAGE_URL = "fasen/observatie/"
EVIL = "https://elsewhere.invalid"


# A change returns the line where it starts. Each is a value that names the file it changes, so that attacks on
# different files can share one copy of the project, and an attack on PAGE can be moved to another page.


@dataclass(frozen=True)
class append:  # lower case: it reads as a verb in the table
    """Add text at the end of a file; the line where it starts."""

    file: str
    text: str

    def __call__(self, project: Path) -> int:
        path = project / self.file
        before = path.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
        path.write_text(before + self.text + "\n", encoding="utf-8")
        return before.count("\n") + 1 + self.text.count("\n")


@dataclass(frozen=True)
class replace:
    file: str
    old: str
    new: str

    def __call__(self, project: Path) -> int:
        return edit(project, self.file, self.old, self.new)


@dataclass(frozen=True)
class replace_bytes:
    """Replace bytes, for what UTF-8 text cannot hold; the line where the new bytes start."""

    file: str
    old: bytes
    new: bytes

    def __call__(self, project: Path) -> int:
        path = project / self.file
        before, after = path.read_bytes().split(self.old, 1)
        path.write_bytes(before + self.new + after)
        return before.count(b"\n") + 1


@dataclass(frozen=True)
class write:
    file: str
    text: str | bytes

    def __call__(self, project: Path) -> int:
        path = project / self.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.text if isinstance(self.text, bytes) else self.text.encode("utf-8"))
        return 1


@dataclass(frozen=True)
class front_matter:
    """Add lines at the top of a page's front matter; the line of the first one."""

    file: str
    lines: str

    def __call__(self, project: Path) -> int:
        return edit(project, self.file, "---\n", f"---\n{self.lines}\n") + 1


@dataclass(frozen=True)
class both:
    """Several changes; the line of the last."""

    changes: tuple

    def __init__(self, *changes) -> None:
        object.__setattr__(self, "changes", changes)

    @property
    def file(self) -> str:
        return self.changes[-1].file

    def __call__(self, project: Path) -> int:
        return [change(project) for change in self.changes][-1]


def files_of(change) -> set[str]:
    return {c.file for c in change.changes} if isinstance(change, both) else {change.file}


def moved(change, page: str):
    """The same change made to `page` instead of PAGE."""
    if isinstance(change, both):
        return both(*(moved(c, page) for c in change.changes))
    return dataclasses.replace(change, file=page) if change.file == PAGE else change


@dataclass(frozen=True)
class Attack:
    name: str
    change: Callable[[Path], int]
    file: str  # the source file the message must name
    with_line: bool = True  # the message names the line of the change (its last line, for several)
    text: str = ""  # more words the message must hold
    lines_up: int = 0  # the message names a line this many lines above the last one changed
    # Found while the check reads the data and the pages: the build then stops before any page, so the attack
    # shares a copy only with others found as early (see groups below).
    early: bool = False


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
    Attack("include a text file", both(write("docs/gedeeld.txt", "tekst"), append(PAGE, "{% include 'gedeeld.txt' %}")), PAGE, text="{% include %}", early=True),
    Attack("import", append(PAGE, "{% import 'x.html' as x %}"), PAGE),
    Attack("extends", append(PAGE, "{% extends 'base.html' %}"), PAGE),
    Attack("glued script tag", append(PAGE, '{{ "<scr" ~ "ipt>alert(1)</scr" ~ "ipt>" }}'), PAGE, text="deze uitdrukking"),
    Attack("macro with a variable", append(PAGE, "{{ role_link(org.name) }}"), PAGE, text="vaste waarden"),
    Attack("cycler", append(PAGE, "{{ cycler('a').next() }}"), PAGE),
    Attack("namespace", append(PAGE, "{{ namespace(a=1) }}"), PAGE),
    Attack("underscore attribute", append(PAGE, "{{ org.__class__ }}"), PAGE),
    Attack("attr filter", append(PAGE, "{{ org.name | attr('__class__') }}"), PAGE, text="de filter '| attr'"),
    Attack("syntax error", append(PAGE, "{{ role_link('woordvoerder' }}"), PAGE, text="niet goed geschreven"),
    Attack("alias bomb", replace("data/channels.yml", "channels:\n", 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\nchannels:\n'), "data/channels.yml", early=True),
    Attack("recursive alias", replace("data/roles.yml", "roles:\n", "lus: &lus [*lus]\nroles:\n"), "data/roles.yml", early=True),
    # --- Markup and links in pages ---------------------------------------------------------------------------
    Attack("script", append(PAGE, "<script>alert(1)</script>"), PAGE, text="<script>", early=True),
    Attack("entity colon", append(PAGE, '<a href="javascript&colon;alert(1)">klik</a>'), PAGE, text="'javascript:'"),
    Attack("entity-encoded scheme", append(PAGE, '<a href="&#106;avascript:alert(1)">klik</a>'), PAGE, with_line=False),
    Attack("tab in the scheme", append(PAGE, '<a href="java&#x09;script:alert(1)">klik</a>'), PAGE),
    Attack("leading space", append(PAGE, '<a href=" javascript:alert(1)">klik</a>'), PAGE, early=True),
    Attack("markdown link", append(PAGE, "[klik](javascript:alert(1))"), PAGE, early=True),
    Attack("handler on the next line", append(PAGE, '<img src="x.png"\nonerror="alert(1)">'), PAGE, text="onerror", lines_up=1, early=True),
    Attack("handler in a raw block", append(PAGE, '<div markdown="0">\n`<img src="x.png" onerror="alert(1)">`'), PAGE, text="onerror"),
    Attack("unclosed fence", append(PAGE, '```\ncode\n~~~\n\n<details open ontoggle="alert(1)"><summary>x</summary></details>'), PAGE, text="ontoggle"),
    Attack("base", append(PAGE, f'<base href="{EVIL}/">'), PAGE, text="<base>", early=True),
    Attack("meta refresh", append(PAGE, f'<meta http-equiv="refresh" content="0;url={EVIL}">'), PAGE, early=True),
    Attack("form", append(PAGE, '<form action="//elsewhere.invalid/"><button>Verstuur</button></form>'), PAGE, early=True),
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
    Attack("title breaks out of <title>", replace(PAGE, 'title: "Fase 1: Observatie"', f'title: "</title><base href={EVIL}/>"'), PAGE, text="'title'", early=True),
    Attack("description breaks out", replace(PAGE, "description: Je", 'description: x" onload="alert(1) Je'), PAGE, text="'description'", early=True),
    Attack("template", front_matter(PAGE, "template: 404.html"), PAGE, text="'template' bestaat hier niet", early=True),
    Attack("variable shadowed", front_matter(PAGE, "org: x"), PAGE, text="'org' bestaat hier niet", early=True),
    Attack("handler in data", replace("data/channels.yml", "tone: Vriendelijk", "tone: <img src=x onerror=alert(1)> Vriendelijk"), "data/channels.yml", text="onerror", early=True),
    Attack("edit link elsewhere", replace("data/organisation.yml", FORGE, f"{EVIL}/"), "data/organisation.yml", text="repository_url", early=True),
    Attack("edit path", replace("data/organisation.yml", f"edit_path: {ORGANISATION['edit_path']}", "edit_path: ../../../elders/"), "data/organisation.yml", early=True),
    Attack("intranet address breaks out", replace("data/organisation.yml", f"intranet_url: {ORGANISATION['intranet_url']}", f'intranet_url: {ORGANISATION["intranet_url"]}x/"><script>alert(1)</script>/'), "data/organisation.yml", early=True),
    Attack("NaN share", replace("data/media_mix.yml", "share: 25", "share: .nan"), "data/media_mix.yml", text=".nan", early=True),
    Attack("python tag", replace("data/roles.yml", "roles:\n", "bom: !!python/object/apply:os.system ['id']\nroles:\n"), "data/roles.yml", early=True),
    Attack("complex key", replace("data/roles.yml", "roles:\n", "? [a, b]\n: c\nroles:\n"), "data/roles.yml", early=True),
    Attack("latin-1 byte", replace_bytes("data/roles.yml", b"roles:\n", b"# caf\xe9\nroles:\n"), "data/roles.yml", text="0xE9", early=True),
    # --- Snippets and files -----------------------------------------------------------------------------------
    Attack("snippet of .git/config", append(PAGE, '--8<-- ".git/config"'), PAGE, text="--8<--"),
    Attack("html file", write("docs/extra.html", "<script>alert(1)</script>"), "docs/extra.html", with_line=False, text="'.html'", early=True),
    Attack("svg file", write("docs/logo.svg", "<svg onload='alert(1)'></svg>"), "docs/logo.svg", with_line=False, early=True),
    Attack("script file", write("docs/extra.js", "alert(1)"), "docs/extra.js", with_line=False, early=True),
    Attack("pdf with a script", write("docs/documenten/beleid.pdf", document(catalog={"/OpenAction": action("/JavaScript", JS="app.alert(1)")})), "docs/documenten/beleid.pdf", with_line=False, text="bevat JavaScript"),
]
# fmt: on


def _run_check(project: Path) -> subprocess.CompletedProcess:
    """`make check` as an editor runs it, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "handreiking", "check"], cwd=project, capture_output=True, text=True, timeout=120
    )


# Ordinary pages an attack on PAGE may move to, so that attacks share a copy: one check finds them all, each in
# its own page.
PAGES = [PAGE, *(f"docs/{page}" for page in ("fasen/conversatie.md", "fasen/activatie-en-participatie.md"))]
PAGES += sorted(f"docs/overzichten/{path.name}" for path in (ROOT / "docs" / "overzichten").glob("*.md"))
PAGES += ["docs/index.md", "docs/nakijken.md", "docs/bijdragen.md", "docs/veelgestelde-vragen.md"]


def _places(attack: Attack) -> list[Attack]:
    """The attack, and the same attack on each other page where its change fits (a replacement needs its text)."""
    if PAGE not in files_of(attack.change):
        return [attack]
    places = []
    for page in PAGES:
        change = moved(attack.change, page)
        parts = change.changes if isinstance(change, both) else (change,)
        text = (ROOT / page).read_text(encoding="utf-8")
        if all(not isinstance(part, replace) or part.file != page or part.old in text for part in parts):
            places.append(dataclasses.replace(attack, change=change, file=page if attack.file == PAGE else attack.file))
    return places


def _sort_into_copies(attacks: list[Attack]) -> list[list[Attack]]:
    """As few copies of the project as will do: in one copy no two attacks change the same file, and attacks found
    before the build share a copy only with each other, as they stop the build before any page is made."""
    copies: list[list[Attack]] = []
    for attack in attacks:
        for copy in [*copies, []]:
            if copy and copy[0].early != attack.early:
                continue
            taken = set().union(*(files_of(other.change) for other in copy))
            place = next((place for place in _places(attack) if not files_of(place.change) & taken), None)
            if place is not None:
                if not copy:
                    copies.append(copy)
                copy.append(place)
                break
    return copies


COPIES = _sort_into_copies(REFUSED)
# The first copy of each kind is checked as an editor checks it, `python -m handreiking check` in its own process,
# which proves the wiring; the others in the test process.
IN_ITS_OWN_PROCESS = {next(i for i, copy in enumerate(COPIES) if copy[0].early is early) for early in (True, False)}


@pytest.fixture(scope="module")
def checked_copies(tmp_path_factory) -> Callable[[int], tuple[int, str, dict[str, int]]]:
    """Each copy, with its attacks made, checked once: the check's exit code and output, and the line of each
    attack's change."""
    done: dict[int, tuple[int, str, dict[str, int]]] = {}

    def checked(index: int) -> tuple[int, str, dict[str, int]]:
        if index not in done:
            project = copy_project(tmp_path_factory.mktemp(f"attacks-{index}") / "project")
            lines = {attack.name: attack.change(project) for attack in COPIES[index]}
            if index in IN_ITS_OWN_PROCESS:
                check = _run_check(project)
                done[index] = (check.returncode, check.stdout + check.stderr, lines)
            else:
                check = make_check(project)
                done[index] = (check.returncode, check.output, lines)
        return done[index]

    return checked


def test_the_attacks_share_few_copies_and_each_is_in_one():
    assert sorted(attack.name for copy in COPIES for attack in copy) == sorted(attack.name for attack in REFUSED)
    assert len(COPIES) <= 12, [[attack.name for attack in copy] for copy in COPIES]


@pytest.mark.parametrize("attack", REFUSED, ids=[a.name for a in REFUSED])
def test_an_attack_stops_the_build_with_a_dutch_message(checked_copies, attack):
    index, attack = next((i, a) for i, copy in enumerate(COPIES) for a in copy if a.name == attack.name)
    # make check runs the real strict build in a temporary folder after its own checks, and tells what the build
    # tells: one run shows both. That `make build` itself stops on each class is shown in test_wall.py.
    returncode, output, lines = checked_copies(index)
    where = f"{attack.file}, regel {lines[attack.name] - attack.lines_up}:" if attack.with_line else attack.file
    assert returncode == 1, f"the check should have stopped:\n{output[-3000:]}"
    # Each finding is told as "FOUT  -  file, regel N: message", over one or more lines.
    told = [finding for finding in output.split("FOUT  -  ")[1:] if finding.startswith(where)]
    assert told, f"{where!r} not in:\n{output[-3000:]}"
    assert any(attack.text in finding for finding in told), told
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
    check = make_check(project)
    assert check.returncode == 0, check.output
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
    project = copy_project(tmp_path_factory.mktemp("inert") / "project")
    for _, change, _, _ in INERT:
        change(project)
    result = build(project)
    assert result.returncode == 0, result.output[-3000:]
    return result.site


@pytest.fixture(scope="module")
def inert_served(inert_site):
    server, base = serve(inert_site)
    yield base
    server.shutdown()


@pytest.mark.parametrize(("name", "url", "selector"), [(n, u, s) for n, _, u, s in INERT], ids=[n for n, *_ in INERT])
def test_an_inert_attack_does_nothing_in_chromium(inert_served, browser, name, url, selector):
    base, dialogs, elsewhere = inert_served, [], []
    page = browser.new_page()  # a page of its own in the module's Chromium
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: None if request.url.startswith(base) else elsewhere.append(request.url))
    try:
        for path in {url, PAGE_URL}:
            page.goto(base + path, wait_until="networkidle")
            # The page's own content holds no injected element, and the head nothing that sends the page elsewhere.
            assert page.locator(f"article {selector}").count() == 0, path
            assert page.locator("head base, head meta[http-equiv=refresh]").count() == 0
    finally:
        page.close()
    assert dialogs == [] and elsewhere == []


# --- The second wall -----------------------------------------------------------------------------------------


# Each on a page of its own, in one copy with one build.
SLIPPING_PAST = [
    ("{{ lipsum.__globals__['os'].getcwd() }}", "'lipsum' bestaat niet", "fasen/observatie"),
    ("{{ config.theme.get_env().from_string('{{ 7 * 7 }}').render() }}", "'config' bestaat niet", "fasen/conversatie"),
    ("{{ org.__class__.__init__.__globals__ }}", "SecurityError", "fasen/activatie-en-participatie"),
]


@pytest.fixture(scope="module")
def sandboxed_build(tmp_path_factory):
    """With the page check switched off in this copy, mkdocs-macros' own rendering is all that stands in the way."""
    project = copy_project(tmp_path_factory.mktemp("sandbox") / "project")
    edit(project, "macros.py", "problems = check_page_code(", "problems = [] and check_page_code(")
    for expression, _, page in SLIPPING_PAST:
        append(f"docs/{page}.md", expression)(project)
    return project, build(project)


@pytest.mark.parametrize(("expression", "refusal", "page"), SLIPPING_PAST, ids=[r for _, r, _ in SLIPPING_PAST])
def test_the_sandbox_stops_what_would_slip_past_the_page_check(sandboxed_build, expression, refusal, page):
    """mkdocs-macros' own rendering reaches nothing but data."""
    project, result = sandboxed_build
    assert result.returncode != 0
    assert any(f"docs/{page}.md" in line and refusal in line for line in result.output.splitlines()), result.output
    built = (result.site / page / "index.html").read_text(encoding="utf-8")
    assert str(project) not in built and "49" not in built.split("hr-page-content")[1]


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
