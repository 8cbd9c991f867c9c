"""The editors' safety net: each kind of mistake, made in a temporary copy, stops the build with a
Dutch message naming the file, the line and the value; nothing wrong reaches the site."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import jsonschema
import pytest
import yaml
from conftest import ROOT, build, checked, copy_project, edit, heading_text, make_check, text_of
from sitetools import site_pages

from handreiking import terms
from handreiking.loading import check_pages
from handreiking.markup import forbidden_markup_in_data
from handreiking.sources import LocatedYaml, read_yaml_file


def assert_refused(result, *expected: str) -> None:
    assert result.returncode != 0, "the build should have failed"
    for text in expected:
        assert text in result.output, f"{text!r} not in:\n{result.output}"
    assert "Traceback" not in result.output


# --- Data ------------------------------------------------------------------------------------------


def test_duplicate_key_in_a_mapping(project):
    line = edit(
        project,
        "data/channels.yml",
        "    tone: Vriendelijk en helder.",
        "    tone: Vriendelijk.\n    tone: Vriendelijk en helder.",
    )
    assert_refused(
        checked(project),
        f"data/channels.yml, regel {line + 1}: het veld 'tone' staat twee keer",
        f"eerst op regel {line}",
    )


def test_tab_for_indentation(project):
    line = edit(project, "data/roles.yml", "    name: woordvoerder", "\tname: woordvoerder")
    assert_refused(checked(project), f"data/roles.yml, regel {line}: bevat een tab")


def test_value_of_the_wrong_type(project):
    line = edit(project, "data/media_mix.yml", "share: 25", "share: veel")
    assert_refused(
        checked(project), f"data/media_mix.yml, regel {line}: het veld 'share' moet een getal zijn, maar is 'veel'"
    )


def test_yes_and_no_are_text_not_booleans(project, data):
    target = data["reaction_scheme"]["questions"][0]["if_yes"]
    line = edit(project, "data/reaction_scheme.yml", f"    if_yes: {target}", f"    yes: {target}")
    assert_refused(
        checked(project),
        f"data/reaction_scheme.yml, regel {line}: het veld 'yes' bestaat hier niet. Bedoelde je 'if_yes'?",
    )


def test_unknown_field_with_suggestion(project):
    line = edit(project, "data/channels.yml", "    good_for: Nieuws", "    goodfor: Nieuws")
    assert_refused(
        checked(project),
        f"data/channels.yml, regel {line}: het veld 'goodfor' bestaat hier niet. Bedoelde je 'good_for'?",
    )


def test_value_outside_the_allowed_list_with_suggestion(project):
    line = edit(project, "data/accounts.yml", "status: slapend", "status: slapen")
    assert_refused(
        checked(project),
        f"data/accounts.yml, regel {line}: 'slapen' is geen geldige waarde voor het veld 'status'. Bedoelde je 'slapend'?",
    )


def test_duplicate_id(project):
    line = edit(project, "data/channels.yml", "  - id: threads", "  - id: bluesky")
    assert_refused(checked(project), f"data/channels.yml, regel {line}: de id 'bluesky' komt twee keer voor")


@pytest.mark.parametrize(
    ("file", "old", "new", "what"),
    [
        ("data/roles.yml", "accountable: archivaris", "accountable: archivarius", "bekende rol"),
        # Kanaal is a 'het'-word: "geen bekend kanaal".
        ("data/accounts.yml", "  - channel: youtube", "  - channel: yotube", "bekend kanaal"),
        ("data/audiences.yml", "source: digimeter,", "source: digimter,", "bekende bron"),
        ("data/reaction_scheme.yml", "    role: woordvoerder", "    role: woordvoeder", "bekende rol"),
    ],
)
def test_reference_between_data_files_that_points_nowhere(project, file, old, new, what):
    line = edit(project, file, old, new)
    wrong = new.split(": ")[-1].rstrip(",")
    right = old.split(": ")[-1].rstrip(",")
    assert_refused(checked(project), f"{file}, regel {line}: '{wrong}' is geen {what}. Bedoelde je '{right}'?")


def test_shares_that_do_not_add_up_to_100(project):
    edit(project, "data/media_mix.yml", "share: 8", "share: 18")
    assert_refused(checked(project), "data/media_mix.yml, regel", "de aandelen tellen op tot 110")


def test_reaction_scheme_branch_to_nothing(project, data):
    target = data["reaction_scheme"]["questions"][0]["if_yes"]
    line = edit(project, "data/reaction_scheme.yml", f"    if_yes: {target}", f"    if_yes: {target}x")
    assert_refused(
        checked(project),
        f"data/reaction_scheme.yml, regel {line}: '{target}x' is geen bekende vraag of actie. Bedoelde je '{target}'?",
    )


def test_reaction_scheme_loop_and_unreachable_node(project, data):
    """The first question's 'nee' back to itself: a loop, and all that came after it is out of reach."""
    scheme = data["reaction_scheme"]
    first = scheme["questions"][0]
    line = edit(project, "data/reaction_scheme.yml", f"    if_no: {first['if_no']}\n", f"    if_no: {first['id']}\n")
    result = checked(project)
    assert_refused(
        result, f"data/reaction_scheme.yml, regel {line}: het schema loopt in een kring: {first['id']} → {first['id']}"
    )
    assert re.search(
        rf"data/reaction_scheme\.yml, regel \d+: '{first['if_no']}' is vanuit de startvraag niet te bereiken",
        result.output,
    )


def test_date_that_does_not_exist(project):
    line = edit(project, "data/accounts.yml", "last_review: 2026-06-30", "last_review: 2026-06-31")
    assert_refused(checked(project), f"data/accounts.yml, regel {line}: '2026-06-31' is geen bestaande datum")


def test_yaml_that_cannot_be_read(project):
    line = edit(project, "data/phases.yml", "    name: Observatie", "    name: [Observatie")
    result = checked(project)
    assert_refused(result, "data/phases.yml, regel")
    reported = int(re.search(r"data/phases\.yml, regel (\d+)", result.output).group(1))
    assert line <= reported <= line + 3


def test_all_mistakes_of_a_build_come_at_once(project):
    edit(project, "data/roles.yml", "    name: woordvoerder", "    naam: woordvoerder")
    edit(project, "data/channels.yml", "stance: observeren", "stance: observern")
    edit(project, "docs/richtlijnen/archiveren.md", "phase: conversatie", "phase: conversatei")
    edit(project, "docs/overzichten/kanalen.md", "# Kanalen", "# Kanalen\n\n<iframe src=x></iframe>")
    result = build(project)
    assert_refused(
        result,
        "data/roles.yml, regel",
        "'observern' is geen geldige waarde",
        "docs/richtlijnen/archiveren.md, regel",
        "Bedoelde je 'conversatie'?",
        "docs/overzichten/kanalen.md, regel",
    )
    assert "De site is niet gebouwd: 5 fout(en)" in result.output  # naam unknown + name missing + the three others


# --- Front matter -------------------------------------------------------------------------------------


def test_front_matter_reference_names_page_line_value_and_suggestion(project):
    line = edit(project, "docs/richtlijnen/archiveren.md", "owner: archivaris", "owner: archivarus")
    assert_refused(
        checked(project),
        f"docs/richtlijnen/archiveren.md, regel {line}: 'archivarus' is geen bekende rol. Bedoelde je 'archivaris'?",
    )


def test_front_matter_missing_field(project):
    edit(project, "docs/richtlijnen/archiveren.md", "owner: archivaris\n", "")
    assert_refused(checked(project), "docs/richtlijnen/archiveren.md, regel 2: het verplichte veld 'owner'")


def test_front_matter_channels_must_be_a_list(project):
    line = edit(project, "docs/richtlijnen/accountbeveiliging.md", "channels: []", "channels: facebook")
    assert_refused(
        checked(project), f"docs/richtlijnen/accountbeveiliging.md, regel {line}: 'channels' moet een lijst zijn"
    )


# --- Pages are content, not code ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "named"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ('<iframe src="https://example.org"></iframe>', "<iframe>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<span onclick="steal()">klik</span>', "'onclick'"),
        ("[Klik hier](javascript:alert(1))", "'javascript:'"),
    ],
)
def test_markup_that_runs_is_refused_in_pages(project, markup, named):
    line = edit(
        project, "docs/richtlijnen/archiveren.md", "## Wie kan je helpen?", f"{markup}\n\n## Wie kan je helpen?"
    )
    assert_refused(checked(project), f"docs/richtlijnen/archiveren.md, regel {line}:", named, "is niet toegestaan")


def test_a_text_changed_between_two_checks_in_one_process_is_checked_anew(project):
    """The checks remember what an unchanged text told (handreiking/remembered.py), as `mkdocs serve` rebuilds:
    a page or a data file that changed is checked again, and so is one changed back."""
    assert checked(project).returncode == 0
    page = project / "docs" / "richtlijnen" / "archiveren.md"
    data = project / "data" / "media_mix.yml"
    page_as_it_was, data_as_it_was = page.read_text(encoding="utf-8"), data.read_text(encoding="utf-8")
    page_line = edit(
        project,
        "docs/richtlijnen/archiveren.md",
        "## Wie kan je helpen?",
        "<script>x()</script>\n\n## Wie kan je helpen?",
    )
    data_line = edit(project, "data/media_mix.yml", "share: 25", "share: veel")
    result = checked(project)
    assert_refused(result, f"docs/richtlijnen/archiveren.md, regel {page_line}: de HTML-code <script> is niet")
    assert_refused(result, f"data/media_mix.yml, regel {data_line}: het veld 'share' moet een getal zijn")
    page.write_text(page_as_it_was, encoding="utf-8")
    data.write_text(data_as_it_was, encoding="utf-8")
    assert checked(project).returncode == 0


def test_markup_that_runs_is_refused_in_data(project):
    line = edit(
        project,
        "data/channels.yml",
        "    tone: Zakelijk maar menselijk.",
        '    tone: Zakelijk <img src=x onerror="alert(1)">',
    )
    assert_refused(checked(project), f"data/channels.yml, regel {line}: een HTML-attribuut 'onerror'")


# Guidelines warn about such links and tags in words: only what becomes an element, an attribute or a link is
# judged (the built page is checked as a browser reads it), never the words themselves.
PROSE_ABOUT_CODE = [
    "Klik nooit op een link die begint met javascript: of data:.",
    "Plak nooit `<script>` in een bericht.",
]


@pytest.mark.parametrize("sentence", PROSE_ABOUT_CODE)
def test_prose_about_links_and_tags_gives_no_finding_in_a_page(tmp_path, sentence):
    page = tmp_path / "docs" / "veilig-klikken.md"
    page.parent.mkdir()
    page.write_text(f"# Veilig klikken\n\n{sentence}\n", encoding="utf-8")
    outdated = terms.terms_from(read_yaml_file(ROOT / "data" / "outdated_terms.yml", "data/outdated_terms.yml")[0])
    assert check_pages(tmp_path / "docs", outdated) == []


def test_prose_about_links_gives_no_finding_in_data():
    document = LocatedYaml("data/channels.yml", {"channels": [{"tone": PROSE_ABOUT_CODE[0]}]}, {})
    assert forbidden_markup_in_data(document) == []


# --- Review dates ---------------------------------------------------------------------------------------------


@pytest.mark.organisation  # it takes an account from the data
def test_overdue_reviews_are_listed_and_reported_without_failing_the_build(project, data):
    # The account, its channel and the interval come from the data, so an organisation with its own passes too.
    account = data["accounts"]["accounts"][0]
    channel = next(c["name"] for c in data["channels"]["channels"] if c["id"] == account["channel"])
    months = data["organisation"]["review_interval_months"]

    def plus_interval(date: datetime.date) -> datetime.date:
        month = date.month - 1 + months
        return date.replace(year=date.year + month // 12, month=month % 12 + 1)

    page_line = edit(project, "docs/richtlijnen/archiveren.md", "last_review: 2026-11-26", "last_review: 2020-01-15")
    accounts = project / "data" / "accounts.yml"
    written = re.search(rf"last_review: ['\"]?{account['last_review']}['\"]?", accounts.read_text(encoding="utf-8"))
    account_line = edit(project, "data/accounts.yml", written.group(0), "last_review: 2021-02-01")
    result = build(project)
    assert result.returncode == 0, result.output
    assert (
        f"LET OP  -  docs/richtlijnen/archiveren.md, regel {page_line}: de richtlijn 'Berichten archiveren' is sinds "
        f"{plus_interval(datetime.date(2020, 1, 15))}" in result.output
    )
    due = plus_interval(datetime.date(2021, 2, 1))
    told = f"data/accounts.yml, regel {account_line}: het account {account['handle']} op {channel} is sinds {due}"
    assert told in result.output
    rows = result.page("nakijken/").select("table.hr-table tbody tr")
    assert [text_of(r.th) for r in rows] == [
        "De richtlijn 'Berichten archiveren'",
        f"Het account {account['handle']} op {channel}",
    ]
    assert rows[0].select("td")[0].get_text() == f"docs/richtlijnen/archiveren.md, regel {page_line}"


def test_nothing_overdue_says_so(site):
    assert "Alles is op tijd nagekeken" in text_of(site.page("nakijken/").select_one("article"))


# --- The editors' flow ----------------------------------------------------------------------------------


def test_every_page_links_to_its_source_for_editing(site, data):
    organisation = data["organisation"]
    base = organisation["repository_url"] + "/" + organisation["edit_path"]
    pages = site_pages(site.site)
    assert len(pages) > 20
    for path in pages:
        link = site.page(path).select_one("a.hr-edit-link")
        assert link is not None and text_of(link) == "Pagina aanpassen", path
        # A page the build makes from the data (a role's page, a decision record) opens the data file it comes from.
        root = urljoin(base, "..")
        source = link["href"].removeprefix(root)
        assert link["href"].startswith(root) and (ROOT / source).is_file(), link["href"]
        made_from_data = path.startswith(("rollen/", "verslagen/"))
        assert source.startswith("data/" if made_from_data else "docs/"), link["href"]


def test_pages_show_when_they_last_changed_from_git_in_dutch(git_site):
    """A page shows the date of its last commit; a page made from data, the date of its data's last commit."""
    result = git_site.built
    assert text_of(result.page("colofon/").select_one(".hr-last-changed")) == "Laatst gewijzigd op 3 maart 2025"
    # A page that shows data changes when the data does.
    assert (
        text_of(result.page("overzichten/kanalen/").select_one(".hr-last-changed"))
        == "Laatst gewijzigd op 10 februari 2026"
    )


def test_fast_check_and_pre_commit_hook_report_mistakes_without_building(project):
    hook = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())["repos"][0]["hooks"][0]
    assert hook["files"] == "^(data|docs)/" and hook["pass_filenames"] is False
    command = hook["entry"].split()
    assert command[0] == "python"
    ok = subprocess.run([sys.executable, *command[1:]], cwd=project, capture_output=True, text=True)
    assert ok.returncode == 0 and "Alles in orde" in ok.stdout
    line = edit(project, "data/channels.yml", "owner: webcare-medewerker", "owner: webcare")
    failed = subprocess.run([sys.executable, *command[1:]], cwd=project, capture_output=True, text=True)
    assert failed.returncode == 1
    assert f"FOUT  -  data/channels.yml, regel {line}: 'webcare' is geen bekende rol." in failed.stdout
    assert not (project / "site").exists()


def test_makefile_check_runs_the_same_script():
    """make check, python -m handreiking check and the pre-commit hook all run scripts/check.py."""
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^check:.*\n\t\$\(BIN\)/python -m handreiking check$", makefile, re.M)
    from handreiking.__main__ import COMMANDS

    assert COMMANDS["check"][0][1:] == [str(ROOT / "scripts" / "check.py")]


TEMPLATES = sorted((ROOT / "sjablonen").glob("*.md"))


def _folder_of(template: Path) -> str:
    """Where an editor puts a page made from the template: a guideline among the guidelines, others among the
    overviews."""
    return "richtlijnen" if template.name == "richtlijn.md" else "overzichten"


@pytest.fixture(scope="module")
def from_templates(tmp_path_factory):
    """One copy with a new page from each template, as the editors' guide says to add it, built once."""
    project = copy_project(tmp_path_factory.mktemp("templates") / "project")
    for template in TEMPLATES:
        folder = _folder_of(template)
        shutil.copy(template, project / "docs" / folder / f"nieuw-{template.name}")
        if folder != "richtlijnen":  # a guideline is not put in the nav: its overview page lists it
            edit(
                project,
                "mkdocs.yml",
                "      - nakijken.md\n",
                f"      - nakijken.md\n      - {folder}/nieuw-{template.name}\n",
            )
    return build(project)


@pytest.mark.copy
@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_page_templates_build_as_they_are(from_templates, template):
    result, folder, guideline = from_templates, _folder_of(template), template.name == "richtlijn.md"
    assert result.returncode == 0, result.output
    title = result.page(f"{folder}/nieuw-{template.stem}/").select_one("article h1")
    assert title is not None
    if guideline:
        links = [a["href"] for a in result.page("richtlijnen/").select("article .hr-guidelines a")]
        assert f"nieuw-{template.stem}/" in links
        parts = [heading_text(h) for h in result.page("afdrukken/richtlijnen/").select("h2.hr-part")]
        assert heading_text(title) in parts


def test_every_data_file_names_its_schema_on_its_first_line():
    for path in sorted((ROOT / "data").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name}: {first!r}"
        schema = json.loads((path.parent / match.group(1)).read_text())
        assert schema["$schema"].startswith("https://json-schema.org/")


def test_editors_page_documents_every_field_of_every_schema(site):
    documented = {text_of(code) for code in site.page("bijdragen/").select("table.hr-table th code")}

    def fields(schema, root, prefix=""):
        if "$ref" in schema:
            schema = root["$defs"][schema["$ref"].rsplit("/", 1)[1]]
        for name, sub in schema.get("properties", {}).items():
            yield prefix + name
            if sub.get("type") == "array" and "items" in sub:
                yield from fields(sub["items"], root, f"{prefix}{name}[].")
            elif "properties" in sub:
                yield from fields(sub, root, f"{prefix}{name}.")
            elif isinstance(sub.get("additionalProperties"), dict):
                yield from fields(sub["additionalProperties"], root, f"{prefix}{name}.<{sub['x-key-label']}>.")

    for path in sorted((ROOT / "data" / "schema").glob("*.json")):
        schema = json.loads(path.read_text())
        for field in fields(schema, schema):
            assert field in documented, f"{path.name}: {field}"


def test_codeowners_send_content_to_editors_and_code_to_developers():
    rules = [
        line.split() for line in (ROOT / "CODEOWNERS").read_text().splitlines() if line and not line.startswith("#")
    ]
    owners = dict((pattern, owner) for pattern, owner in rules)
    assert owners["/docs/"] == owners["/data/"] != owners["*"]
    assert owners["/data/schema/"] == owners["*"], "the schemas are code"


def test_ci_definitions_call_the_readme_commands():
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    scripts = {job: " ".join(body.get("script", [])) for job, body in gitlab.items() if isinstance(body, dict)}
    assert "make check" in scripts["check"] and "make test" in scripts["test"]
    assert "make build" in scripts["preview"] and gitlab["preview"]["artifacts"]["paths"] == ["site/"]
    # The editor's preview waits for make check alone; the tests run beside it; main publishes after both.
    assert gitlab["preview"]["needs"] == ["check"] and "needs" not in gitlab["pages"]
    assert gitlab["pages"]["stage"] == "deploy" and {gitlab["check"]["stage"], gitlab["test"]["stage"]} == {"check"}
    assert "make build pdf" in scripts["pages"] and gitlab["pages"]["artifacts"]["paths"] == ["public"]
    # GitLab Pages compresses nothing itself; it sends the Brotli copies (ONDERHOUD.md, *Publiceren op een webserver*).
    assert "make build pdf deploy-config BROTLI=1" in scripts["pages"]
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text())
    steps = github["jobs"]["check-and-build"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert {"make check", "make build pdf"} <= set(runs) and "make test" not in runs
    assert "make test" in [step.get("run", "") for step in github["jobs"]["test"]["steps"]]
    assert "needs" not in github["jobs"]["test"] and "needs" not in github["jobs"]["check-and-build"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/upload-artifact" in uses and "actions/upload-pages-artifact" in uses
    assert set(github["jobs"]["publish"]["needs"]) == {"check-and-build", "test"}
    assert github["jobs"]["publish"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make serve" in readme


def test_the_readme_installs_every_package_ci_installs():
    """A laptop set up from the README's apt-get line runs the same tests as CI."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    # packages=(…) and the packages+=(…) added when a machine lacks them
    packages = {name for group in re.findall(r"packages\+?=\(([^)]*)\)", ci) for name in group.split()}
    assert {"chromium", "poppler-utils", "hunspell-nl"} <= packages
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("apt-get install "))
    assert packages <= set(line.split()[2:]), packages - set(line.split()[2:])


def test_front_matter_that_cannot_be_read_on_any_page(project):
    line = edit(
        project,
        "docs/afdrukken/observatie.md",
        'title: "Handout fase 1: observatie"',
        "title: Handout fase 1: observatie",
    )
    assert_refused(checked(project), f"docs/afdrukken/observatie.md, regel {line}: kan niet gelezen worden")


def test_search_words_in_front_matter_are_plain_text(project):
    line = edit(
        project,
        "docs/richtlijnen/archiveren.md",
        "trefwoorden: [",
        "trefwoorden: ['<b>bewaren</b>', ",
    )
    assert_refused(
        checked(project), f"docs/richtlijnen/archiveren.md, regel {line}: '<b>bewaren</b>' heeft niet de juiste vorm"
    )


def test_front_matter_without_its_closing_line_is_one_clear_message(project):
    page = project / "docs" / "richtlijnen" / "archiveren.md"
    lines = page.read_text(encoding="utf-8").split("\n")
    closing = lines.index("---", 1)
    page.write_text("\n".join(lines[:closing] + lines[closing + 1 :]), encoding="utf-8")
    message = (
        "docs/richtlijnen/archiveren.md, regel 1: de front matter begint met een regel ---, maar de regel --- die ze "
        f"afsluit ontbreekt. Zet een regel met alleen --- onder regel {closing}, na het laatste veld."
    )
    result = build(project)
    assert_refused(result, message)
    assert "ontbreekt in de front matter" not in result.output, "no missing-field message for fields that are there"
    check = make_check(project)
    assert check.returncode == 1 and check.output.count("FOUT") == 1 and f"FOUT  -  {message}" in check.output


def test_the_set_up_installs_pre_commit_and_its_hook_installs(project):
    """CONTRIBUTING tells editors to run `.venv/bin/pre-commit install`: make's set-up puts pre-commit in .venv."""
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / ".git" / "hooks" / "pre-commit").exists()
    assert ".venv/bin/pre-commit install" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def test_the_commands_work_without_make(project):
    """On a laptop without make (Windows): `python -m handreiking check`, with the same Dutch messages. (That the
    check passes a project without mistakes, the pre-commit hook's test shows: the same script.)"""

    def run(*arguments: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "handreiking", *arguments]
        return subprocess.run(command, cwd=project, capture_output=True, text=True, check=False)

    usage = run()
    assert usage.returncode == 2 and "python -m handreiking check | build | serve | pdf" in usage.stdout
    line = edit(project, "data/media_mix.yml", "share: 25", "share: veel")
    failed = run("check")
    assert failed.returncode == 1
    assert f"FOUT  -  data/media_mix.yml, regel {line}: het veld 'share' moet een getal zijn" in failed.stdout
    built = run("build")
    assert built.returncode != 0 and f"data/media_mix.yml, regel {line}" in built.stdout + built.stderr


def test_an_id_renamed_since_the_last_commit_is_told_as_renamed_not_guessed(project):
    """Renaming the audience 'medewerkers' to 'personeel' and forgetting a page that names it: no guess at the
    near name 'kandidaat-medewerkers', but what happened and what is new."""
    git = ["git", "-c", "user.name=Redacteur", "-c", "user.email=redactie@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "-A"], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "Start"], cwd=project, check=True)
    edit(project, "data/audiences.yml", "  - id: medewerkers\n", "  - id: personeel\n")
    result = subprocess.run(
        [sys.executable, "-m", "handreiking", "check"], cwd=project, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert (
        "'medewerkers' staat niet meer in data/audiences.yml: die id is sinds de laatste commit hernoemd of "
        "verwijderd. Nieuw sinds de laatste commit: 'personeel'." in result.stdout
    )
    assert "Bedoelde je 'kandidaat-medewerkers'?" not in result.stdout
    # The build says it in the same words.
    assert_refused(build(project), "'medewerkers' staat niet meer in data/audiences.yml: die id is sinds de laatste")


# GitLab's code-quality report as documented (docs.gitlab.com/ci/testing/code_quality/, "Code Quality report
# format"): a list of issues, each with these fields; GitLab reads no others.
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "pattern": "^[^/]"},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


def test_on_a_forge_the_findings_go_where_the_editor_looks(project):
    """GitHub: a workflow annotation on the file and line. GitLab: a code-quality report for the merge request."""
    line = edit(project, "data/media_mix.yml", "share: 25", "share: veel")
    # One run as on both forges: each reads only its own.
    forges = {**os.environ, "GITHUB_ACTIONS": "true", "GITLAB_CI": "true"}
    result = subprocess.run(
        [sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True, env=forges
    )
    assert result.returncode == 1
    assert (
        f"::error file=data/media_mix.yml,line={line},title=Controle van de handreiking::het veld 'share' moet een "
        "getal zijn" in result.stdout
    )
    report = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    jsonschema.validate(report, GITLAB_CODE_QUALITY)
    (finding,) = [f for f in report if f["location"]["path"] == "data/media_mix.yml"]
    assert finding["location"]["lines"]["begin"] == line and finding["severity"] == "major"
    assert finding["description"].startswith("het veld 'share' moet een getal zijn")
    assert len({f["fingerprint"] for f in report}) == len(report)
    pipeline = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert pipeline["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert pipeline["check"]["artifacts"]["when"] == "always"


@dataclass
class CheckedCopy:
    lines: dict[str, int]  # where each mistake is
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def check_of_mistakes(tmp_path_factory) -> CheckedCopy:
    """`make check` once on a copy with three wrong macros and ids on one page, and a wrong role in a page template."""
    project = copy_project(tmp_path_factory.mktemp("mistakes") / "project")
    page = project / "docs" / "overzichten" / "accounts.md"
    before = len(page.read_text(encoding="utf-8").splitlines())
    append_lines = [
        "",
        "{{ channel_overveiw() }}",
        "",
        "{{ channel_link('mastodn') }}",
        "",
        "{{ role_link('woordvoeder') }}",
    ]
    page.write_text(page.read_text(encoding="utf-8") + "\n".join(append_lines) + "\n", encoding="utf-8")
    template_line = edit(
        project, "sjablonen/richtlijn.md", "owner: communicatieverantwoordelijke", "owner: communicatieverantwoordlijke"
    )
    result = subprocess.run([sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True)
    return CheckedCopy({"page": before, "template": template_line}, result)


@pytest.mark.copy
def test_make_check_finds_every_wrong_macro_and_id_on_a_page_at_once(check_of_mistakes):
    result, before = check_of_mistakes.result, check_of_mistakes.lines["page"]
    assert result.returncode == 1
    out = result.stdout
    assert f"docs/overzichten/accounts.md, regel {before + 2}: de bouwsteen 'channel_overveiw' mag niet" in out
    assert (
        f"docs/overzichten/accounts.md, regel {before + 4}: 'mastodn' is geen bekend kanaal. Bedoelde je 'mastodon'?"
        in out
    )
    assert (
        f"docs/overzichten/accounts.md, regel {before + 6}: 'woordvoeder' is geen bekende rol. Bedoelde je 'woordvoerder'?"
        in out
    )
    assert out.count("FOUT  -  docs/overzichten/accounts.md") == 3, out


@pytest.mark.copy
def test_make_check_names_a_mistake_in_a_template_as_the_template(check_of_mistakes):
    result, line = check_of_mistakes.result, check_of_mistakes.lines["template"]
    assert result.returncode == 1
    assert (
        f"FOUT  -  sjablonen/richtlijn.md, regel {line}: 'communicatieverantwoordlijke' is geen bekende rol. "
        "Bedoelde je 'communicatieverantwoordelijke'?" in result.stdout
    )
    assert "nieuw-richtlijn" not in result.stdout
    assert result.stdout.count("FOUT") == 4, result.stdout  # the page's three, and this one


def test_the_preview_shows_a_mistake_on_its_pages_and_recovers_when_it_is_fixed(project):
    """make serve with a data mistake: no browser left waiting, but a Dutch page with the finding; fixed and saved,
    the page comes back by itself; a developer's change to the code is served too."""
    import html
    import socket
    import time
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    line = edit(project, "data/media_mix.yml", "share: 25", "share: veel")
    serve = subprocess.Popen(
        [sys.executable, "-m", "handreiking", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def page_when(condition, limit: float = 90) -> str:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode("utf-8")
                if condition(page):
                    return page
            except OSError:
                pass
            time.sleep(0.5)
        raise AssertionError("the preview did not show what it should in time")

    try:
        broken = html.unescape(page_when(lambda page: "De inhoud heeft fouten" in page))
        assert f"data/media_mix.yml, regel {line}: het veld 'share' moet een getal zijn" in broken
        edit(project, "data/media_mix.yml", "share: veel", "share: 25")
        fixed = page_when(lambda page: "De inhoud heeft fouten" not in page and "Het model in drie fasen" in page)
        assert "hr-phase" in fixed
        # A change in the package's code (not reloaded by MkDocs) starts the preview again, with the new code.
        edit(project, "handreiking/macro_errors.py", "# De inhoud heeft fouten", "# De inhoud heeft nog fouten")
        edit(project, "data/media_mix.yml", "share: 25", "share: veel")
        page_when(lambda page: "De inhoud heeft nog fouten" in page)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
