"""Nothing outside the content is read or published: the build's inputs are plain files inside the project.

MkDocs copies every file in docs/ to the site and follows symbolic links as it goes, so a link in docs/ to
`.git/config` or `/proc/self/environ` published the CI's credentials and environment; a link in data/ or
sjablonen/ would be read as content. Git stores symbolic links, so an editor's merge request can carry one.
The rule is an allowlist: under the content folders, and for the content files at the top, only regular files
and folders whose real path stays inside the project. Everything else (a symbolic link, wherever it points; a
named pipe or a device, which would hang or leak the build) stops `make check` and the build before anything is
read, each with a Dutch message naming it.

A name in docs/ becomes part of the site's addresses, and the theme writes those into its HTML as they are (the
link "Pagina aanpassen", for one): a quote or an angle bracket in a file name was markup on every page. So a name
there holds only letters, digits, spaces and - _ . ( ), and never starts with a dot.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .sources import Problem

# What editors (and the theme's overrides) put into the build; mkdocs.yml and CONTRIBUTING.md are read by it too.
CONTENT_DIRS = ("docs", "data", "sjablonen", "overrides")
CONTENT_FILES = ("mkdocs.yml", "CONTRIBUTING.md")

_LINK_ADVICE = (
    "De site zou lezen of publiceren waar de link naar wijst, ook buiten het project (bijvoorbeeld de "
    "instellingen van git of van de server). Zet het echte bestand op deze plaats, of haal de link weg."
)


def outside_content(project_dir: Path) -> list[Problem]:
    """Every input of the build that is not a plain file or folder inside the project, in path order."""
    root = project_dir.resolve()
    problems: list[Problem] = []
    for name in CONTENT_FILES:
        path = project_dir / name
        if os.path.lexists(path):
            problems += _entry_problems(path, root, project_dir, expect_dir=False)
    for name in CONTENT_DIRS:
        top = project_dir / name
        if not os.path.lexists(top):
            continue
        found = _entry_problems(top, root, project_dir, expect_dir=True)
        problems += found
        if found:
            continue  # never walk into a folder that is itself a link
        # os.walk lists a linked folder among the folders but does not enter it (followlinks=False).
        for folder, folders, files in os.walk(top, followlinks=False):
            for entry in sorted(folders + files):
                problems += _entry_problems(Path(folder) / entry, root, project_dir, expect_dir=None)
                if name == "docs":
                    problems += _name_problems(Path(folder) / entry, project_dir)
    return sorted(problems, key=lambda problem: problem.file)


# The characters a name in docs/ may hold besides letters and digits.
_NAME_CHARACTERS = frozenset(" -_.()")


def _name_problems(path: Path, project_dir: Path) -> list[Problem]:
    name = path.name
    if not name.startswith(".") and all(char.isalnum() or char in _NAME_CHARACTERS for char in name):
        return []
    stem, dot, kind = name.lstrip(".").rpartition(".")
    if not dot:  # no extension: the whole name is the stem
        stem, kind = kind, ""
    words = "".join(char.lower() if char.isalnum() else " " for char in stem).split()
    suggestion = "-".join(words) + dot + kind.lower() if words else None
    advice = f" Noem het bijvoorbeeld '{suggestion}'." if suggestion else ""
    return [
        Problem(
            path.relative_to(project_dir).as_posix(),
            None,
            "de naam mag alleen letters, cijfers, spaties en - _ . ( ) bevatten, en niet met een punt beginnen: hij "
            f"wordt een deel van het webadres, en de site zet hem zo in elke pagina.{advice}",
        )
    ]


def _entry_problems(path: Path, root: Path, project_dir: Path, expect_dir: bool | None) -> list[Problem]:
    shown = path.relative_to(project_dir).as_posix()
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode):
        return [Problem(shown, None, f"is een symbolische link naar '{os.readlink(path)}'. {_LINK_ADVICE}")]
    kind_ok = (
        stat.S_ISDIR(info.st_mode)
        if expect_dir
        else stat.S_ISREG(info.st_mode) or (expect_dir is None and stat.S_ISDIR(info.st_mode))
    )
    if not kind_ok:
        wanted = "map" if expect_dir else "gewoon bestand"
        return [Problem(shown, None, f"is geen {wanted} (maar bijvoorbeeld een apparaat of een pijp). Haal het weg.")]
    if not path.resolve().is_relative_to(root):
        return [Problem(shown, None, f"staat buiten het project ({path.resolve()}). {_LINK_ADVICE}")]
    return []
