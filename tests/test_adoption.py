"""Another organisation adopts the handreiking by the README's checklist: performed here on a copy, with a made-up
organisation. Afterwards nothing names the organisation of now (not a page, a data file, a schema, a template, a
test or the built site), and the copy passes the check, the build and the tests that read the data."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from conftest import ROOT

# The made-up organisation that adopts it (.example domains belong to no one).
NEW_ORGANISATION = {
    "name": "Agentschap Open Water",
    "short_name": "AOW",
    "intranet_url": "https://intranet.openwater.example/sociale-media/",
    "repository_url": "https://code.openwater.example/communicatie/sociale-media",
    "edit_path": "edit/main/docs/",
    "communication_team": {
        "name": "Dienst Communicatie",
        "email": "communicatie@openwater.example",
        "phone": "09 123 45 67",
        "intranet_page": "https://intranet.openwater.example/communicatie/",
    },
    "services": {
        "legal": "Juridische Dienst",
        "information_security": "Team Informatieveiligheid",
        "data_protection": "Functionaris voor gegevensbescherming",
        "archive": "Archiefdienst",
        "hr": "Personeelsdienst",
        "servicedesk": "Helpdesk",
    },
}
NEW_ACCOUNTS = [
    ("facebook", "AgentschapOpenWater", "https://www.facebook.com/AgentschapOpenWater", "actief"),
    ("instagram", "@openwater", "https://www.instagram.com/openwater", "actief"),
    ("linkedin", "Agentschap Open Water", "https://www.linkedin.com/company/openwater", "actief"),
    ("x", "@openwater_vl", "https://x.com/openwater_vl", "slapend"),
]
# The tests that read the organisation, its accounts or the texts about them (the overdue-review test takes an
# account from the data), without the ones in Chromium (marked `browser`: the browser, print and attack tests show
# the same data and run on the project itself) and without the ones that change a copy of it to see an editor's
# mistake refused (marked `copy`: the message does not depend on the organisation), unless marked `organisation`.
DATA_TESTS = [
    "tests/test_site.py",
    "tests/test_macros.py",
    "tests/test_content.py",
    "tests/test_references.py",
    "tests/test_reaction_scheme.py",
    "tests/test_editors.py::test_overdue_reviews_are_listed_and_reported_without_failing_the_build",
]
NOT_THE_PROJECT = {".git", ".venv", "node_modules", "site", "__pycache__", ".pytest_cache", ".ruff_cache"}


def particulars(project: Path) -> dict[str, list[str]]:
    """What names the organisation in a project: from its data, not written here."""
    organisation = yaml.safe_load((project / "data" / "organisation.yml").read_text(encoding="utf-8"))
    accounts = yaml.safe_load((project / "data" / "accounts.yml").read_text(encoding="utf-8"))["accounts"]
    team = organisation["communication_team"]
    words = organisation["name"].split()
    hosts = [urlsplit(organisation[key]).hostname for key in ("intranet_url", "repository_url")]
    hosts += [urlsplit(team["intranet_page"]).hostname, team["email"].rpartition("@")[2]]
    handles = {account["handle"].lstrip("@") for account in accounts}
    handles |= {
        urlsplit(account["url"]).path.rstrip("/").rpartition("/")[2].lstrip("@")
        for account in accounts
        if account.get("url")
    }
    return {
        # The name, and the name written as a hashtag: its last words, or all of them, without spaces.
        "naam": [organisation["name"], *("".join(words[i:]) for i in range(len(words) - 1))],
        "domein": sorted({".".join(host.split(".")[-2:]) for host in hosts}),
        "telefoon": [team["phone"], team["phone"].replace(" ", "")],
        "account": sorted(handle for handle in handles if len(handle) >= 4),
        "korte naam": [organisation["short_name"]],
    }


def found(text: str, particulars: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(kind, value) of every particular the text holds."""
    hits = []
    for kind, values in particulars.items():
        for value in values:
            if kind == "korte naam":  # a short name counts as a word of its own, in capitals as written
                hit = re.search(rf"(?<![\w-]){re.escape(value)}(?![\w-])", text)
            else:
                hit = value.lower() in text.lower()
            if hit:
                hits.append((kind, value))
    return hits


def project_files(project: Path) -> list[Path]:
    return [
        path
        for path in sorted(project.rglob("*"))
        if path.is_file() and not NOT_THE_PROJECT & set(path.relative_to(project).parts)
    ]


def copy_whole_project(target: Path) -> Path:
    """Every file of the project, as an adopting organisation gets it (the tests, README and CODEOWNERS too)."""
    for path in project_files(ROOT):
        destination = target / path.relative_to(ROOT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, destination)
    return target


def adopt(project: Path) -> None:
    """The README's checklist, steps 1 to 4."""
    # 1. data/organisation.yml, keeping the first line that names its schema.
    organisation_file = project / "data" / "organisation.yml"
    first_line = organisation_file.read_text(encoding="utf-8").splitlines()[0]
    organisation = {**yaml.safe_load(organisation_file.read_text(encoding="utf-8")), **NEW_ORGANISATION}
    organisation_file.write_text(
        first_line + "\n" + yaml.safe_dump(organisation, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    # 2. The forge: the pattern of repository_url and of feedback_form, and the groups in CODEOWNERS.
    schema_file = project / "data" / "schema" / "organisation.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    forge = urlsplit(NEW_ORGANISATION["repository_url"]).hostname
    schema["properties"]["repository_url"]["pattern"] = (
        f"^https://{re.escape(forge)}/[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)+$"
    )
    # And the own domain in the pattern of the team's form (a form of another firm would see who reads what).
    team = schema["properties"]["communication_team"]["properties"]
    domain = ".".join(forge.split(".")[-2:])
    team["feedback_form"]["pattern"] = (
        f"^https://([A-Za-z0-9-]+\\.)*{re.escape(domain)}(/[A-Za-z0-9._~%/-]*)?(\\?[A-Za-z0-9._~%=&-]*)?$"
    )
    schema_file.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    codeowners = project / "CODEOWNERS"
    codeowners.write_text(re.sub(r"@[\w.-]+/", "@openwater/", codeowners.read_text(encoding="utf-8")), encoding="utf-8")
    # 3. data/accounts.yml: the organisation's own accounts.
    accounts_file = project / "data" / "accounts.yml"
    header = [line for line in accounts_file.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    owner = yaml.safe_load(accounts_file.read_text(encoding="utf-8"))["accounts"][0]["owner"]
    accounts = [
        {
            "channel": channel,
            "handle": handle,
            "url": url,
            "owner": owner,
            "status": status,
            "last_review": datetime.date(2026, 10, 1),
        }
        for channel, handle, url, status in NEW_ACCOUNTS
    ]
    accounts_file.write_text(
        "\n".join(header) + "\n\n" + yaml.safe_dump({"accounts": accounts}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    # 4. The word list: the dictionary knows 'Open' and 'Water'; nothing to add for this name.


@pytest.fixture(scope="module")
def adopted(tmp_path_factory) -> tuple[Path, dict[str, list[str]]]:
    project = copy_whole_project(tmp_path_factory.mktemp("adopted") / "project")
    before = particulars(project)
    adopt(project)
    return project, before


def test_the_organisation_of_now_is_named_only_in_the_files_the_checklist_changes(adopted):
    project, before = adopted
    # Each particular of now is seen where the checklist changes it, so the search below can see it too.
    changed = [ROOT / "data" / "organisation.yml", ROOT / "data" / "accounts.yml"]
    seen = found("\n".join(path.read_text(encoding="utf-8") for path in changed), before)
    assert {kind for kind, _ in seen} == set(before), seen
    named = {}
    for path in project_files(project):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # a picture
        hits = found(text, before)
        if hits:
            named[path.relative_to(project).as_posix()] = hits
    assert not named, f"still named after adopting, take it from data/ instead: {named}"


def test_the_adopted_handreiking_builds_checks_and_passes_the_tests_that_read_its_data(adopted):
    project, before = adopted
    check = subprocess.run([sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    # The copy's own tests, which build the copy in strict mode once for their run (their `site` fixture): the
    # built site is read below from their temporary folder.
    environment = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST_")}
    run_folder = project.parent / "tests-of-the-copy"
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "--basetemp",
            str(run_folder),
            "-m",
            "not browser and (not copy or organisation)",
            *DATA_TESTS,
        ],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
    )
    assert tests.returncode == 0, tests.stdout[-5000:]
    assert " passed" in tests.stdout and "skipped" not in tests.stdout, tests.stdout[-2000:]

    built = json.loads((run_folder / "site" / "build.json").read_text(encoding="utf-8"))
    site = Path(built["site"])
    assert built["returncode"] == 0 and site.is_relative_to(run_folder), built["output"][-3000:]
    for page in sorted(site.rglob("*")):
        if page.suffix in (".html", ".json", ".xml", ".svg"):
            hits = found(page.read_text(encoding="utf-8"), before)
            assert not hits, f"the built site names the organisation of now in {page.relative_to(site)}: {hits}"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert NEW_ORGANISATION["name"] in home and NEW_ORGANISATION["communication_team"]["email"] in home
    register = (site / "overzichten" / "accounts" / "index.html").read_text(encoding="utf-8")
    assert all(handle in register for _, handle, _, _ in NEW_ACCOUNTS)
