"""A change to a guideline's rules needs a change note in data/changes.yml.

The rules of a guideline are the items under its headings 'Wat mag wel?' and 'Wat mag niet?', as a reader sees
them: the organisation's fields, roles and channels they print ({{ org.services.legal }}, role_link('…'),
channel_link('…')) are filled in from data/. They are compared between a diff base (the commit a merge request
starts from) and the working tree; a guideline whose rules differ needs a new entry for it in data/changes.yml.
A new guideline needs none: there was no rule to change. Both versions are read with git; nothing is built.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .gitdates import committed_text, git
from .problems import Problem
from .sources import parse_yaml, split_front_matter

GUIDELINE_DIR = "docs/richtlijnen"
CHANGES_FILE = "data/changes.yml"
RULE_HEADINGS = ("## Wat mag wel?", "## Wat mag niet?")
# The data files a rule can print a value from, by what the rule writes.
_VALUE_FILES = {"org": "data/organisation.yml", "role_link": "data/roles.yml", "channel_link": "data/channels.yml"}
_ORG_FIELD = re.compile(r"org((?:\.\w+)+)$")
_LINK = re.compile(r"(role_link|channel_link)\(\s*['\"]([\w-]+)['\"]\s*\)$")

Reader = Callable[[str], "str | None"]  # the text of a file by its path in the project, or None when it is absent


@dataclass(frozen=True)
class Rule:
    heading: str
    text: str  # as a reader sees it, with the data's values filled in
    written: str  # as the page has it
    line: int  # in the page of the working tree (0 for a rule of the diff base)


def diff_base(project_dir: Path) -> str | None:
    """The commit to compare with: set by hand (HANDREIKING_DIFF_BASE), by GitLab's merge request or GitHub's pull
    request, or where this branch left main. None when git knows none of them."""
    explicit = os.environ.get("HANDREIKING_DIFF_BASE") or os.environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA")
    if explicit:
        return _git(project_dir, "rev-parse", "--verify", "--quiet", f"{explicit}^{{commit}}")
    branches = [f"origin/{os.environ['GITHUB_BASE_REF']}"] if os.environ.get("GITHUB_BASE_REF") else []
    for branch in [*branches, "origin/main", "main"]:
        base = _git(project_dir, "merge-base", "HEAD", branch)
        if base:
            return base
    return None


def _git(project_dir: Path, *args: str) -> str | None:
    output = git(project_dir, *args)
    return output.strip() if output is not None else None


def committed_reader(project_dir: Path, commit: str) -> Reader:
    return functools.partial(committed_text, project_dir, commit)


def working_tree_reader(project_dir: Path) -> Reader:
    def read(path: str) -> str | None:
        file = project_dir / path
        return file.read_text(encoding="utf-8", errors="replace") if file.is_file() else None

    return read


def _data(read: Reader, path: str) -> Any:
    text = read(path)
    document = parse_yaml(text, path)[0] if text is not None else None
    return document.data if document is not None else None


class _Values:
    """What a rule's {{ … }} shows, from the data files of one version."""

    def __init__(self, read: Reader):
        self.organisation = _data(read, _VALUE_FILES["org"]) or {}
        self.names = {
            macro: {item.get("id"): item.get("name") for item in (_data(read, path) or {}).get(key, []) or []}
            for macro, path, key in (
                ("role_link", _VALUE_FILES["role_link"], "roles"),
                ("channel_link", _VALUE_FILES["channel_link"], "channels"),
            )
        }

    def shown(self, expression: str) -> str:
        field = _ORG_FIELD.match(expression)
        if field:
            value: Any = self.organisation
            for key in field.group(1).strip(".").split("."):
                value = value.get(key) if isinstance(value, dict) else None
            return str(value)
        link = _LINK.match(expression)
        if link:
            return str(self.names[link.group(1)].get(link.group(2)))
        return "{{ " + expression + " }}"  # another macro: compared as written


def _expressions(line: str) -> list[tuple[int, int, str]]:
    """Each {{ … }} in one line of a rule: its start, its end and the expression inside, without the spaces around it.

    The first }} closes, as Jinja reads it. Found with str.find, in linear time: the pattern this replaces,
    `\\{\\{\\s*(.*?)\\s*\\}\\}`, took minutes on a line of {{ and spaces an editor could write."""
    found = []
    start = line.find("{{")
    while start != -1:
        end = line.find("}}", start + 2)
        if end == -1:
            break
        found.append((start, end + 2, line[start + 2 : end].strip()))
        start = line.find("{{", end + 2)
    return found


def _shown(line: str, values: _Values) -> str:
    """The line as a reader sees it: each {{ … }} replaced by what it shows."""
    parts, last = [], 0
    for start, end, expression in _expressions(line):
        parts += [line[last:start], values.shown(expression)]
        last = end
    return "".join([*parts, line[last:]])


def guideline_rules(page: str, values: _Values) -> list[Rule]:
    """The do's and don'ts of a guideline page, one per list item, in page order."""
    front_matter, body = split_front_matter(page)
    offset = page.count("\n") - body.count("\n")
    rules: list[Rule] = []
    heading = None
    for number, line in enumerate(body.splitlines(), start=offset + 1):
        if line.startswith("#"):
            heading = line.strip() if line.strip() in RULE_HEADINGS else None
        elif heading and line.startswith(("- ", "* ")):
            written = line[2:].strip()
            shown = _shown(written, values)
            rules.append(Rule(heading.lstrip("# "), shown, written, number))
        elif heading and line.startswith("  ") and rules and rules[-1].heading == heading.lstrip("# "):
            last = rules.pop()  # a rule that goes on on the next line
            more = line.strip()
            shown = _shown(more, values)
            rules.append(Rule(last.heading, f"{last.text} {shown}", f"{last.written} {more}", last.line))
    return rules


def _entries(read: Reader) -> list[tuple]:
    data = _data(read, CHANGES_FILE) or {}
    return [
        (str(entry.get("date")), entry.get("guideline"), entry.get("summary"))
        for entry in data.get("changes", []) or []
        if isinstance(entry, dict)
    ]


def missing_notes(project_dir: Path, before: Reader, after: Reader, today: str) -> list[Problem]:
    """A problem for each guideline whose rules changed between the two versions without a new change note."""
    new_notes = {guideline for _, guideline, _ in set(_entries(after)) - set(_entries(before))}
    values_before, values_after = _Values(before), _Values(after)
    problems = []
    for path in sorted((project_dir / GUIDELINE_DIR).glob("*.md")):
        if path.name == "index.md":
            continue
        shown_as = f"{GUIDELINE_DIR}/{path.name}"
        old_page, page = before(shown_as), after(shown_as)
        if old_page is None or page is None or f"richtlijnen/{path.name}" in new_notes:
            continue
        old_rules = guideline_rules(old_page, values_before)
        rules = guideline_rules(page, values_after)
        if [rule.text for rule in old_rules] == [rule.text for rule in rules]:
            continue
        problems.append(_refusal(shown_as, f"richtlijnen/{path.name}", old_rules, rules, today))
    return problems


# What the refusal proposes as a summary: a note that still says this was not written.
SUMMARY_TO_WRITE = "Eén zin over wat er voor de lezer veranderde."


def _refusal(shown_as: str, guideline: str, old_rules: list[Rule], rules: list[Rule], today: str) -> Problem:
    old_texts, texts = {rule.text for rule in old_rules}, {rule.text for rule in rules}
    added = [rule for rule in rules if rule.text not in old_texts]
    removed = [rule for rule in old_rules if rule.text not in texts]
    file, line = shown_as, None
    if added and [r.written for r in old_rules] == [r.written for r in rules]:
        # The page is the same: a value from data/ that a rule shows changed. That file is where the editor worked.
        files = sorted(
            {
                path
                for _, _, expression in _expressions(added[0].written)
                for name, path in _VALUE_FILES.items()
                if expression.startswith(name)
            }
        )
        file = files[0] if files else shown_as
        what = f"de regel '{added[0].text}' toont een andere waarde uit {' of '.join(files)}"
    elif added:
        what = f"onder '{added[0].heading}' staat nu '{added[0].text}'"
        line = added[0].line
    elif removed:
        what = f"onder '{removed[0].heading}' is de regel '{removed[0].text}' weg"
    else:
        what = "de volgorde van de regels is veranderd"
    return Problem(
        file,
        line,
        f"de regels van de richtlijn {shown_as} zijn veranderd ({what}), maar {CHANGES_FILE} zegt niet wat er "
        f"veranderde. Zet bovenaan de lijst in {CHANGES_FILE}:\n"
        f"  - date: {today}\n    guideline: {guideline}\n    summary: {SUMMARY_TO_WRITE}\n"
        "en schrijf in die zin wat er voor de lezer veranderde.",
    )


def unwritten_summaries(before: Reader, after: Reader) -> list[Problem]:
    """A new change note whose summary is still the proposal of the refusal."""
    return [
        Problem(
            CHANGES_FILE,
            None,
            f"de wijziging van {date} voor '{guideline}' zegt nog '{SUMMARY_TO_WRITE}' Schrijf in één zin wat er "
            "voor de lezer veranderde.",
        )
        for date, guideline, summary in sorted(set(_entries(after)) - set(_entries(before)))
        if summary == SUMMARY_TO_WRITE
    ]


def change_note_problems(project_dir: Path, today: str) -> tuple[list[Problem], str | None]:
    """The refusals for the working tree, and a notice when there was nothing to compare with."""
    if _git(project_dir, "rev-parse", "--git-dir") is None:
        return [], None  # a copy without git (a download, a test's copy): no earlier version to compare with
    base = diff_base(project_dir)
    if base is None:
        return [], "de wijzigingen van de richtlijnen zijn niet nagekeken: git kent geen versie om mee te vergelijken."
    before, after = committed_reader(project_dir, base), working_tree_reader(project_dir)
    return [*missing_notes(project_dir, before, after, today), *unwritten_summaries(before, after)], None
