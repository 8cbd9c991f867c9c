"""Scenarios: change the project in a temporary copy, build it for real, read what comes out."""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import material as material_package
import pytest
from conftest import build, copy_project, edit, text_of
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

NEW_CHANNEL = """
  - id: signal
    name: Signal-kanalen
    good_for: Korte meldingen voor wie zich inschrijft.
    stance: observeren
    reason: We bekijken of het werkt voor dringende meldingen.
    owner: webcare-medewerker
    response_time: niet van toepassing
    tone: Niet van toepassing.
"""


def append(project: Path, file: str, text: str) -> None:
    path = project / file
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """One copy that gained a channel, an audience, a role, a task and an account in its data alone, built once: each
    test below reads what one addition made."""
    project = copy_project(tmp_path_factory.mktemp("grown") / "project")
    append(project, "data/channels.yml", NEW_CHANNEL)
    edit(project, "docs/richtlijnen/archiveren.md", "channels: [", "channels: [signal, ")
    edit(
        project,
        "data/audiences.yml",
        "# --- Bronnen",
        "  - id: studenten\n    name: Studenten\n    description: Wie in het hoger onderwijs studeert.\n"
        "    presence:\n      instagram: {level: hoog, source: digimeter, observed: 2026-02-16}\n\n# --- Bronnen",
    )
    edit(
        project,
        "data/roles.yml",
        "# --- Taken",
        "  - id: vertaler\n    name: vertaler\n    description: Vertaalt berichten voor anderstaligen.\n\n# --- Taken",
    )
    append(
        project,
        "data/roles.yml",
        "\n  - id: vertalen\n    name: Berichten vertalen\n    responsible: [vertaler]\n    accountable: communicatieverantwoordelijke\n",
    )
    append(
        project,
        "data/accounts.yml",
        '\n  - channel: mastodon\n    handle: "@samen@social.example"\n    owner: vertaler\n    status: gepland\n    last_review: 2026-11-01\n',
    )
    result = build(project)
    assert result.returncode == 0, result.output
    return result


@pytest.mark.copy
def test_a_channel_added_to_the_data_alone_appears_everywhere(grown):
    overview = grown.page("overzichten/kanalen/")
    section = overview.select_one("h2#signal")
    assert "Signal-kanalen" in text_of(section)
    facts = section.find_next("dl")
    assert "observeren" in text_of(facts)
    assert [text_of(a) for a in facts.select("a[href^='../../richtlijnen/']")] == ["Berichten archiveren"]

    for path in ("fasen/observatie/", "overzichten/doelgroepen/"):
        matrix = grown.page(path).select_one("table.hr-matrix")
        assert text_of(matrix.select("thead th")[-1]) == "Signal-kanalen", path
        assert {text_of(row.select("td")[-1]) for row in matrix.select("tbody tr")} == {"niet onderzocht"}, path

    choice = grown.page("fasen/activatie-en-participatie/")
    assert "Signal-kanalen" in [text_of(r.th) for r in choice.select("table.hr-table tbody tr")]
    guideline_facts = grown.page("richtlijnen/archiveren/").select_one("dl.hr-guideline-facts")
    assert "Signal-kanalen" in text_of(guideline_facts)


@pytest.mark.copy
def test_an_audience_role_task_and_account_added_to_the_data_alone_appear(grown):
    matrix = grown.page("overzichten/doelgroepen/").select_one("table.hr-matrix")
    last_row = matrix.select("tbody tr")[-1]
    assert text_of(last_row.th) == "Studenten"
    assert [text_of(td) for td in last_row.select("td")].count("hoog") == 1

    raci_row = grown.page("overzichten/rollen/").select("table.hr-raci tbody tr")[-1]
    assert text_of(raci_row.th) == "Berichten vertalen" and text_of(raci_row.select("td")[0]) == "Vertaler"
    assert grown.page("overzichten/rollen/").select_one("dt#vertaler") is not None

    register_row = grown.page("overzichten/accounts/").select("table.hr-table tbody tr")[-1]
    assert text_of(register_row.select("td")[0]) == "@samen@social.example"
    assert "Vertaler" in text_of(register_row)


def _last_line(project: Path, file: str) -> int:
    return len((project / file).read_text(encoding="utf-8").splitlines())


def test_undefined_variables_and_macro_errors_fail_the_build_listing_every_page(project):
    append(project, "docs/richtlijnen/archiveren.md", "\nMeer bij {{ org.nam }}.\n")
    append(project, "docs/overzichten/mediamix.md", "\n{{ role_link('woordvoeder') }}\n")
    append(project, "docs/overzichten/accounts.md", "\nVraag het aan {{ orgg.name }}.\n")
    append(project, "docs/index.md", "\n{% if %}\n")
    result = build(project)
    assert result.returncode != 0
    for page, explanation in [
        ("docs/richtlijnen/archiveren.md", "'org.nam' mag niet op een pagina. Bedoelde je 'org.name'?"),
        ("docs/overzichten/mediamix.md", "'woordvoeder' is geen bekende rol. Bedoelde je 'woordvoerder'?"),
        ("docs/overzichten/accounts.md", "'orgg.name' mag niet op een pagina. Bedoelde je 'org.name'?"),
        ("docs/index.md", "een bouwsteen tussen {{ }} of {% %} is niet goed geschreven"),
    ]:
        assert f"{page}, regel {_last_line(project, page)}: {explanation}" in result.output, result.output
    assert "Traceback" not in result.output
    # Each mistake is told once, for its own page, not again for every printable page that holds the page;
    # a printable page shows the mistake where the page's part would be.
    assert result.output.count("'org.nam' mag niet op een pagina") == 1, result.output
    whole = (result.site / "afdrukken" / "index.html").read_text(encoding="utf-8")
    assert "Bedoelde je 'org.name'?" in whole
    # The last line is Dutch: how many mistakes, and that nothing was published. MkDocs' English is left out.
    assert (
        result.output.strip().splitlines()[-1]
        == "De site is niet gebouwd: 4 fout(en), zie FOUT hierboven. Er is niets gepubliceerd."
    ), result.output
    assert "Aborted with" not in result.output


def test_a_broken_page_shows_the_editor_what_is_wrong_in_a_preview(project):
    append(project, "docs/richtlijnen/archiveren.md", "\nMeer bij {{ org.nam }}.\n")
    result = build(project)  # strict mode still writes every page before it fails the build
    assert result.returncode != 0
    html = (result.site / "richtlijnen" / "archiveren" / "index.html").read_text(encoding="utf-8")
    assert "Deze pagina kon niet gemaakt worden" in html and "Bedoelde je 'org.name'?" in html
    assert "Traceback" not in html


def test_a_broken_link_or_anchor_fails_the_build_in_dutch_with_the_line(project):
    append(project, "docs/richtlijnen/archiveren.md", "\nZie [de regels](bestaat-niet.md).\n")
    link_line = _last_line(project, "docs/richtlijnen/archiveren.md")
    append(project, "docs/index.md", "\nZie [het schema](overzichten/reactieschema.md#geen-titel).\n")
    anchor_line = _last_line(project, "docs/index.md")
    result = build(project)
    assert result.returncode != 0
    assert (
        f"FOUT    -  docs/richtlijnen/archiveren.md, regel {link_line}: de link 'bestaat-niet.md' gaat naar een "
        "pagina of bestand dat niet bestaat" in result.output
    )
    assert (
        f"FOUT    -  docs/index.md, regel {anchor_line}: de link 'overzichten/reactieschema.md#geen-titel' gaat naar "
        "een plaats (na #) die niet bestaat op docs/overzichten/reactieschema.md" in result.output
    )
    assert result.output.strip().splitlines()[-1].startswith("De site is niet gebouwd: 2 fout(en)")
    assert "contains a link" not in result.output, "MkDocs' English is not what the editor reads"


def test_a_data_mistake_stops_the_build_with_file_line_and_a_dutch_message(project):
    edit(project, "data/channels.yml", "stance: observeren", "stance: observern")
    result = build(project)
    assert result.returncode != 0
    line = next(
        i for i, text in enumerate((project / "data/channels.yml").read_text().splitlines(), 1) if "observern" in text
    )
    assert f"data/channels.yml, regel {line}: 'observern' is geen geldige waarde" in result.output
    assert "Bedoelde je 'observeren'?" in result.output
    assert "Traceback" not in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_the_data_changes(project):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/overzichten/kanalen/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        assert _wait_for(lambda: "WhatsApp-kanalen" in _fetch(url), 60), "serve did not start"
        edit(project, "data/channels.yml", "name: WhatsApp-kanalen", "name: WhatsApp-kanaal van ons")
        assert _wait_for(lambda: "WhatsApp-kanaal van ons" in _fetch(url), 60), "no rebuild after a data change"
        edit(project, "handreiking/templates/channel_overview.md", "<dt>Toon</dt>", "<dt>Schrijfstijl</dt>")
        assert _wait_for(lambda: "Schrijfstijl" in _fetch(url), 60), "no rebuild after a code change"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_pages_show_no_leftover_markdown_of_the_data_templates(site):
    html = str(site.page("overzichten/kanalen/").select_one("article"))
    assert not re.search(r"\{:\s*#", html), "attribute lists in the channel headings were not applied"


@pytest.fixture(scope="module")
def loads_from_elsewhere(tmp_path_factory):
    """One copy whose theme asks for a font from Google and whose page shows an image from elsewhere, built once:
    the build tells both, each where it was written."""
    project = copy_project(tmp_path_factory.mktemp("elsewhere") / "project")
    edit(project, "mkdocs.yml", "  font: false\n", "  font:\n    text: Roboto\n")
    append(project, "docs/richtlijnen/archiveren.md", "\n![Logo](https://example.org/logo.png)\n")
    return project, build(project)


@pytest.mark.copy
def test_a_font_from_google_fails_the_build(loads_from_elsewhere):
    _, result = loads_from_elsewhere
    assert result.returncode != 0
    assert "het thema (mkdocs.yml of overrides/): <link href> laadt 'https://fonts.g" in result.output
    assert "van buiten de site" in result.output
    assert "Traceback" not in result.output


@pytest.mark.copy
def test_an_image_from_elsewhere_fails_the_build(loads_from_elsewhere):
    project, result = loads_from_elsewhere
    assert result.returncode != 0
    line = len((project / "docs/richtlijnen/archiveren.md").read_text(encoding="utf-8").rstrip("\n").split("\n"))
    # Named once, in the source page, though the printable pages hold it too.
    message = f"docs/richtlijnen/archiveren.md, regel {line}: <img src> laadt 'https://example.org/logo.png' van buiten de site"
    assert result.output.count(message) == 1, result.output
    assert "index.html" not in result.output


def test_material_html_is_corrected_to_valid_html(site):
    html = (site.site / "richtlijnen" / "index.html").read_text(encoding="utf-8")
    assert 'tabindex=""' not in html
    assert not re.search(r'type="checkbox"[^>]*autocomplete=', html)
    worker = next((site.site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).read_text()
    assert worker.startswith("/* Handreiking sociale media: Dutch stop words and stemming")


@pytest.mark.parametrize(
    "script, lines_before",
    [("bundle.*.min.js", ["//# allFunctionsCalledOnLoad"]), ("workers/search.*.min.js", None)],
    ids=["bundle with the compile hint", "search worker with Dutch stemming"],
)
def test_a_script_of_materials_is_changed_only_by_whole_lines_before_it_and_its_source_map_follows(
    site, script, lines_before
):
    """What the build puts before a script of Material's (postbuild.py) comes first, Material's file follows unchanged,
    and the source map is moved down as many lines: a developer's browser shows Material's source at the right line."""
    built = next((site.site / "assets" / "javascripts").glob(script))
    shipped = (
        Path(material_package.__file__).parent
        / "templates"
        / "assets"
        / "javascripts"
        / built.relative_to(site.site / "assets" / "javascripts")
    )
    text, original = built.read_text(encoding="utf-8"), shipped.read_text(encoding="utf-8")
    assert text.endswith(original) and text != original
    added = text.removesuffix(original).split("\n")[:-1]
    if lines_before is not None:
        assert added == lines_before
    built_map = json.loads(built.with_name(built.name + ".map").read_text(encoding="utf-8"))
    shipped_map = json.loads(shipped.with_name(shipped.name + ".map").read_text(encoding="utf-8"))
    assert built_map["mappings"] == ";" * len(added) + shipped_map["mappings"]
    assert {k: v for k, v in built_map.items() if k != "mappings"} == {
        k: v for k, v in shipped_map.items() if k != "mappings"
    }


def test_the_build_needs_no_network(project):
    """Built in a network namespace with no interfaces up: nothing may be fetched while building."""
    probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
    if probe.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"unshare --net is needed in CI: {probe.stderr.decode()}")
        pytest.skip("this machine cannot make a network namespace (needs root)")
    _mkdocs_builds(["unshare", "--net", sys.executable, "-m", "mkdocs"], project, cwd=project)


def _mkdocs_builds(mkdocs: list[str], project: Path, cwd: Path) -> None:
    """MkDocs' own strict build of the project, started as `mkdocs` from `cwd`, makes the site."""
    site = cwd / "site"
    result = subprocess.run(
        [*mkdocs, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site / "index.html").exists()


def test_each_data_file_is_read_once_per_build(project):
    """Data is read and validated once per build, before any page renders, never per page."""
    from bench import data_reads

    reads = data_reads(project)
    assert reads and set(reads.values()) == {1}, reads
    assert set(reads) == {path.name for path in (project / "data").glob("*.yml")}


def test_the_bench_baselines_are_this_site_without_its_data_layer(site, tmp_path):
    """`make bench` weighs the build against two builds without the macros plugin. Both are finished by hooks.py
    like the real site, and the static one holds, byte for byte, the pages the macros render."""
    from bench import as_static, build_seconds, without_macros

    plain = copy_project(tmp_path / "plain")
    without_macros(plain)
    build_seconds(plain)
    home = (plain / "site" / "index.html").read_text(encoding="utf-8")
    assert "{{ org.name }}" in home  # the macros really are off
    assert 'tabindex=""' not in home and "\n  " not in home  # corrected and without Material's indentation
    stylesheet = next((plain / "site" / "assets" / "stylesheets").glob("main.*.min.css"))
    material = next(Path(material_package.__file__).parent.glob(f"templates/assets/stylesheets/{stylesheet.name}"))
    assert stylesheet.stat().st_size < 0.8 * material.stat().st_size  # pruned

    static = copy_project(tmp_path / "static")
    as_static(static)
    build_seconds(static)
    pages = sorted(path.relative_to(site.site) for path in site.site.rglob("index.html"))
    assert len(pages) > 25
    for page in pages:
        built, from_static = site.site / page, static / "site" / page
        if page.parts[0] == "afdrukken" and 'class="hr-part"' in built.read_text(encoding="utf-8"):
            # The printable pages are filled after the build by the data layer; statically they stay empty.
            assert 'class="hr-print-parts"' in from_static.read_text(encoding="utf-8")
            assert 'class="hr-part"' not in from_static.read_text(encoding="utf-8")
        else:
            assert from_static.read_bytes() == built.read_bytes(), page


def test_the_bench_enlarges_the_content_into_a_site_that_builds(project):
    """`make bench` builds 10 and 100 times the content; that content must stay a site that builds, whatever the
    pages and data look like now (a quoted title, lists shared between the copied channels)."""
    from bench import build_seconds, scale_content

    sizes = scale_content(project, 4)
    build_seconds(project)  # stops the test with the build's output if the enlarged site does not build
    guidelines = [p for p in (project / "site" / "richtlijnen").iterdir() if (p / "index.html").exists()]
    assert len(guidelines) == sizes["guideline pages"]


def test_mkdocs_itself_builds_the_site_from_another_folder(project, tmp_path):
    """A maintainer's plain `mkdocs build -f …/mkdocs.yml`: no part of the build may rely on the current folder
    being the project (`python -m` puts it on the import path; the `mkdocs` command does not)."""
    _mkdocs_builds([str(Path(sys.executable).with_name("mkdocs"))], project, cwd=tmp_path)


class _Told(logging.Handler):
    """What MkDocs' command line prints: the messages reaching the handler on its logger."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass
class Rebuilds:
    findings: list[tuple[int, int]]  # per rebuild: how often each of the two mistakes was told
    filters_left: bool  # a log filter still on MkDocs' or the macros' logger afterwards
    site: Path


# Changed by a developer after the second build.
TEMPLATE = "overrides/partials/tell-us.html"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Rebuilds:
    """As `mkdocs serve` rebuilds after an edit, three times in one process: the configuration and the hooks loaded
    anew each time, with one handler on MkDocs' logger (`python -m handreiking serve` is not strict). Two mistakes
    in the pages all along; a theme template changed before the third."""
    project = copy_project(tmp_path_factory.mktemp("rebuilt") / "project")
    site = project.parent / "site"
    append(project, "docs/index.md", "\nZie [het schema](overzichten/reactieschema.md#geen-titel).\n")
    append(project, "docs/richtlijnen/archiveren.md", "\nMeer bij {{ org.nam }}.\n")
    told, logger = _Told(), logging.getLogger("mkdocs")
    logger.addHandler(told)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
        config.plugins.on_startup(command="serve", dirty=False)
        per_build = []
        for turn in range(3):
            if turn == 2:
                append(project, TEMPLATE, '\n<p class="hr-rebuilt">Opnieuw gebouwd</p>\n')
            mkdocs_build(config)
            per_build.append(
                (sum("geen-titel" in m for m in told.messages), sum("org.nam" in m for m in told.messages))
            )
            assert all("contains a link" not in m for m in told.messages), "MkDocs' English is not what is told"
            told.messages.clear()
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=False)
        config.plugins.on_shutdown()
    finally:
        logger.removeHandler(told)
    filters_left = bool(told.filters or logging.getLogger("mkdocs.plugins.macros").filters)
    return Rebuilds(per_build, filters_left, site)


@pytest.mark.copy
def test_three_rebuilds_in_one_process_tell_each_finding_once(rebuilt):
    """Filters that piled up told each finding twice from the second rebuild on."""
    assert rebuilt.findings == [(1, 1)] * 3
    assert not rebuilt.filters_left, "every filter removed"


@pytest.mark.copy
def test_a_theme_template_changed_between_rebuilds_in_one_process_is_used(rebuilt):
    """The theme's templates are compiled once per process (mkdocs_adapter._CompiledTemplates), as `mkdocs serve`
    rebuilds: a template a developer changes meanwhile is compiled again, not served from before."""
    page = (rebuilt.site / "fasen" / "observatie" / "index.html").read_text(encoding="utf-8")
    assert 'class="hr-rebuilt"' in page
