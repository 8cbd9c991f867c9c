"""A change to a guideline's rules needs a change note: make check refuses it without a new entry in
data/changes.yml, in Dutch, naming the file, the rule and the entry to add. Each case works in a git copy of the
project, committed as the diff base, and changes the working tree as an editor does."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import edit, git
from sitetools import copy_project

from handreiking import change_note

TODAY = datetime.date.today().isoformat()
RULE = "- Een login delen met een collega. Iedereen krijgt een eigen toegang."
NOTE = "changes:\n  - date: {today}\n    guideline: {guideline}\n    summary: {summary}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the project in git, everything committed on main; the diff base is that commit."""
    project = copy_project(tmp_path / "project")
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "start")
    # The merge request's base a CI job may set points outside this copy.
    monkeypatch.setenv("HANDREIKING_DIFF_BASE", "HEAD")
    return project


def _add_note(project: Path, guideline: str, summary: str) -> None:
    edit(project, "data/changes.yml", "changes:\n", NOTE.format(today=TODAY, guideline=guideline, summary=summary))


def _refusals(project: Path) -> list[str]:
    problems, notice = change_note.change_note_problems(project, TODAY)
    assert notice is None
    return [str(problem) for problem in problems]


def test_a_changed_rule_without_a_note_is_refused_with_the_entry_to_add(repo):
    line = edit(repo, "docs/richtlijnen/accountbeveiliging.md", RULE, RULE.replace("een collega", "wie dan ook"))
    assert _refusals(repo) == [
        f"docs/richtlijnen/accountbeveiliging.md, regel {line}: de regels van de richtlijn "
        "docs/richtlijnen/accountbeveiliging.md zijn veranderd (onder 'Wat mag niet?' staat nu 'Een login delen met "
        "wie dan ook. Iedereen krijgt een eigen toegang.'), maar data/changes.yml zegt niet wat er veranderde. Zet "
        f"bovenaan de lijst in data/changes.yml:\n  - date: {TODAY}\n    guideline: richtlijnen/accountbeveiliging.md\n"
        "    summary: Eén zin over wat er voor de lezer veranderde.\nen schrijf in die zin wat er voor de lezer "
        "veranderde."
    ]


def test_a_changed_rule_with_a_note_is_accepted(repo):
    edit(repo, "docs/richtlijnen/accountbeveiliging.md", RULE, RULE.replace("een collega", "wie dan ook"))
    _add_note(repo, "richtlijnen/accountbeveiliging.md", "Je deelt een login met niemand, ook niet buiten het team.")
    assert _refusals(repo) == []


def test_a_note_that_still_holds_the_proposal_is_refused(repo):
    edit(repo, "docs/richtlijnen/accountbeveiliging.md", RULE, RULE.replace("een collega", "wie dan ook"))
    _add_note(repo, "richtlijnen/accountbeveiliging.md", change_note.SUMMARY_TO_WRITE)
    assert _refusals(repo) == [
        f"data/changes.yml: de wijziging van {TODAY} voor 'richtlijnen/accountbeveiliging.md' zegt nog 'Eén zin over wat er voor "
        "de lezer veranderde.' Schrijf in één zin wat er voor de lezer veranderde."
    ]


def test_a_removed_rule_is_a_change(repo):
    edit(repo, "docs/richtlijnen/accountbeveiliging.md", RULE + "\n", "")
    (refusal,) = _refusals(repo)
    assert "onder 'Wat mag niet?' is de regel 'Een login delen met een collega." in refusal


def test_a_data_value_a_rule_shows_is_a_change_told_in_its_data_file(repo):
    edit(repo, "data/organisation.yml", "servicedesk: ICT-servicedesk", "servicedesk: Helpdesk ICT")
    refusals = _refusals(repo)
    assert refusals and all(
        refusal.startswith("data/organisation.yml: de regels van de richtlijn") for refusal in refusals
    )
    assert any("'Twijfel je aan een mail of een bericht? Meld het bij de Helpdesk ICT" in r for r in refusals)


def test_text_outside_the_rules_and_a_new_guideline_need_no_note(repo):
    edit(repo, "docs/richtlijnen/accountbeveiliging.md", "## Voorbeelden\n", "## Voorbeelden\n\nNog een voorbeeld.\n")
    new = (repo / "docs/richtlijnen/archiveren.md").read_text(encoding="utf-8")
    (repo / "docs/richtlijnen/nieuwe-richtlijn.md").write_text(new, encoding="utf-8")
    assert _refusals(repo) == []


def test_make_check_refuses_the_change_and_accepts_it_with_a_note(repo):
    edit(repo, "docs/richtlijnen/accountbeveiliging.md", RULE, RULE.replace("een collega", "wie dan ook"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HANDREIKING_DIFF_BASE": "HEAD"}
    check = [sys.executable, "-m", "handreiking", "check"]
    refused = subprocess.run(check, cwd=repo, capture_output=True, text=True, env=env, timeout=300)
    assert refused.returncode == 1
    assert "FOUT  -  docs/richtlijnen/accountbeveiliging.md, regel" in refused.stdout
    assert "guideline: richtlijnen/accountbeveiliging.md" in refused.stdout
    _add_note(repo, "richtlijnen/accountbeveiliging.md", "Je deelt een login met niemand, ook niet buiten het team.")
    accepted = subprocess.run(check, cwd=repo, capture_output=True, text=True, env=env, timeout=300)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr


def test_the_base_is_where_the_branch_left_main(repo, monkeypatch):
    """Without a base set by hand or by CI: the branch's own earlier commits are compared too."""
    monkeypatch.delenv("HANDREIKING_DIFF_BASE")
    for variable in ("CI_MERGE_REQUEST_DIFF_BASE_SHA", "GITHUB_BASE_REF"):
        monkeypatch.delenv(variable, raising=False)
    git(repo, "checkout", "-q", "-b", "editor")
    edit(repo, "docs/richtlijnen/accountbeveiliging.md", RULE, RULE.replace("een collega", "wie dan ook"))
    git(repo, "commit", "-q", "-am", "a rule changed, committed without a note")
    assert len(_refusals(repo)) == 1
