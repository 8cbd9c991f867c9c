"""`make check` finds what the build and the tests would hold against the content, in one run: each mistake
once, in Dutch, with its file and line, in the same words as the build."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import build

# Each mistake an editor makes, as (file, text added at the end of it, what the check and the build say).
MISTAKES = [
    ("docs/overzichten/accounts.md", "{{ channel_overveiw() }}", "de bouwsteen 'channel_overveiw' mag niet"),
    ("docs/overzichten/accounts.md", "Zie ook {{ role_lnk('woordvoerder') }}.", "de bouwsteen 'role_lnk' mag niet"),
    ("docs/overzichten/mediamix.md", "{{ channel_link('mastodn') }}", "'mastodn' is geen bekend kanaal"),
    (
        "docs/richtlijnen/archiveren.md",
        "Zie [de regels](bestaat-niet.md).",
        "de link 'bestaat-niet.md' gaat naar een pagina of bestand dat niet bestaat",
    ),
    (
        "docs/index.md",
        "Zie [het schema](overzichten/reactieschema.md#geen-titel).",
        "de link 'overzichten/reactieschema.md#geen-titel' gaat naar een plaats (na #) die niet bestaat op "
        "docs/overzichten/reactieschema.md",
    ),
    # Written in HTML: MkDocs itself does not look at these links.
    (
        "docs/overzichten/rollen.md",
        'Zie <a href="../kanalen/#geen-kanaal">de kanalen</a>.',
        "de link '../kanalen/#geen-kanaal' gaat naar een plaats (na #) die niet bestaat op docs/overzichten/kanalen.md",
    ),
    (
        "docs/overzichten/doelgroepen.md",
        'Zie <a href="kanalen.md">de kanalen</a>.',
        "de link 'kanalen.md' in HTML gaat naar een .md-bestand",
    ),
    ("docs/fasen/observatie.md", '<img src="beelden/luisteren.png" alt="Luisteren">', "de afbeelding"),
]
# Spelling is for `make check` and the tests (test_content), not for the build: it needs hunspell.
MISSPELLED = (
    "docs/fasen/conversatie.md",
    "Dit is een kanaalbeheerdr.",
    "'kanaalbeheerdr' staat niet in het woordenboek",
)


def _append(project: Path, file: str, text: str) -> int:
    path = project / file
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n", encoding="utf-8")
    return len(path.read_text(encoding="utf-8").splitlines())


def _findings(output: str) -> list[str]:
    """The findings in an output, without the level in front: 'docs/x.md, regel 3: …'."""
    return [re.sub(r"^FOUT\s+-\s+", "", line) for line in output.splitlines() if line.startswith("FOUT")]


def test_make_check_tells_every_mistake_once_with_its_line_as_the_build_does(project):
    expected = [f"{file}, regel {_append(project, file, text)}: {said}" for file, text, said in MISTAKES]
    file, text, said = MISSPELLED
    spelling = f"{file}, regel {_append(project, file, text)}: {said}"

    # As on a forge: GitHub's annotations and GitLab's code-quality report come with the same findings.
    forge = {**os.environ, "GITHUB_ACTIONS": "true", "GITLAB_CI": "true"}
    check = subprocess.run([sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True, env=forge)
    assert check.returncode == 1
    told = _findings(check.stdout)
    for finding in [*expected, spelling]:
        assert sum(line.startswith(finding) for line in told) == 1, f"{finding!r} not told once:\n{check.stdout}"
    assert len(told) == len(expected) + 1, check.stdout
    assert "Traceback" not in check.stdout + check.stderr
    annotations = re.findall(r"^::error file=([^,]+),line=(\d+),", check.stdout, flags=re.M)
    report = json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    for finding in [*expected, spelling]:
        file, line = re.match(r"(.+), regel (\d+):", finding).groups()
        assert (file, line) in annotations
        assert any((f["location"]["path"], str(f["location"]["lines"]["begin"])) == (file, line) for f in report)

    built = build(project)
    assert built.returncode != 0
    in_build = _findings(built.output)
    for finding in expected:
        assert sum(line.startswith(finding) for line in in_build) == 1, f"{finding!r} not in the build:\n{built.output}"
    assert len(in_build) == len(expected), built.output
    # The same words: what the check tells, the build tells.
    assert set(in_build) <= set(told)
    assert built.output.strip().splitlines()[-1] == (
        f"De site is niet gebouwd: {len(expected)} fout(en), zie FOUT hierboven. Er is niets gepubliceerd."
    )


def test_the_menu_mistakes_are_told_once_in_dutch_with_their_page(project):
    """A page left out of the menu (two, here) and a menu entry without its page: MkDocs' own warnings, in Dutch,
    one per page; the printable pages, which follow the menu, do not repeat them."""
    for name in ("extra.md", "nog-een.md"):
        (project / "docs" / "overzichten" / name).write_text(
            "---\ntitle: Extra\ndescription: Een pagina buiten het menu.\n---\n\n# Extra\n\nDit is een korte pagina.\n",
            encoding="utf-8",
        )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    entry = re.search(r"^(\s+- )overzichten/rollen\.md$", text, flags=re.M)
    config.write_text(text[: entry.end()] + f"\n{entry[1]}overzichten/weg.md" + text[entry.end() :], encoding="utf-8")
    nav_line = text[: entry.end()].count("\n") + 2
    expected = [
        "docs/overzichten/extra.md: deze pagina staat niet in het menu.",
        "docs/overzichten/nog-een.md: deze pagina staat niet in het menu.",
        f"mkdocs.yml, regel {nav_line}: de pagina 'overzichten/weg.md' staat in het menu (nav), maar bestaat niet",
    ]
    check = subprocess.run([sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True)
    built = build(project)
    for output in (check.stdout, built.output):
        told = _findings(output)
        assert len(told) == len(expected), output
        for finding in expected:
            assert sum(line.startswith(finding) for line in told) == 1, f"{finding!r} not told once:\n{output}"
        assert "The following pages" not in output and "nav' configuration" not in output
