"""MkDocs' own warnings about pages (a link or an anchor that leads nowhere, a page missing from the menu) told
to editors in Dutch: as FOUT, with the docs/ path and the line of the link, and what to do. The message is
rewritten where MkDocs' handlers print it, so strict mode still counts it and stops the build."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .problems import LineFinder, Problem, attach, carried, tell


def missing_anchor(link: str, where: str) -> str:
    """A link to a place (#…) that `where` (a page, or 'deze pagina') does not have: for MkDocs' Markdown links
    and for the site's own link check alike."""
    return (
        f"de link '{link}' gaat naar een plaats (na #) die niet bestaat op {where}. Kijk de tussentitel na: het "
        "anker is de titel in kleine letters, met streepjes in plaats van spaties."
    )


_SOURCE = r"Doc file '(?P<src>[^']+)' contains"
_RULES: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (
        re.compile(_SOURCE + r" a link '(?P<link>[^']+)', but the target(?: '(?P<target>[^']+)')? is not found"),
        lambda m: (
            f"de link '{m['link']}' gaat naar een pagina of bestand dat niet bestaat"
            + (f" (docs/{m['target']})" if m["target"] else "")
            + ". Kijk de naam en de map na; een link naar een pagina eindigt op .md."
        ),
    ),
    (
        # An anchor missing on another page, or on this one.
        re.compile(
            _SOURCE + r" a link '(?P<link>[^']+)', but "
            r"(?:the doc '(?P<doc>[^']+)' does not contain an anchor|there is no such anchor on this page)"
        ),
        lambda m: missing_anchor(m["link"], f"docs/{m['doc']}" if m["doc"] else "deze pagina"),
    ),
    (
        re.compile(_SOURCE + r" an unrecognized relative link '(?P<link>[^']+)'"),
        lambda m: (
            f"de link '{m['link']}' wijst niet naar een pagina. Link naar het bestand, met .md op het "
            "einde, bijvoorbeeld ../overzichten/kanalen.md."
        ),
    ),
    (
        re.compile(_SOURCE + r" an absolute link '(?P<link>[^']+)'"),
        lambda m: (
            f"de link '{m['link']}' begint met /. Link naar het bestand vanaf deze pagina, bijvoorbeeld "
            "../overzichten/kanalen.md: dan werkt de link ook op het intranet."
        ),
    ),
]
_OURS = "mkdocs.plugins.handreiking"
_OMITTED = "The following pages exist in the docs directory, but are not included in the"
_NAV = re.compile(r"A reference to '(?P<target>[^']+)' is included in the 'nav' configuration, which is not found")


class _LinkLines:
    """The lines of a file that hold a link, once for each use, in order. Each file is read once per build and
    each link looked for once: a page with thousands of broken links is not read again for each message."""

    def __init__(self) -> None:
        self.files: dict[Path, LineFinder | None] = {}
        self.found: dict[tuple[Path, str], list[int]] = {}

    def _file(self, path: Path) -> LineFinder | None:
        if path not in self.files:
            try:
                self.files[path] = LineFinder(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError):
                self.files[path] = None
        return self.files[path]

    def __call__(self, path: Path, link: str) -> list[int]:
        if (path, link) not in self.found:
            file = self._file(path)
            self.found[(path, link)] = file.lines_of(link) if file is not None else []
        return self.found[(path, link)]


def _line_of(link_lines: _LinkLines, docs_dir: Path, src: str, link: str, nth: int) -> int | None:
    """The line of the page that holds the nth use of the link (MkDocs reports each use once, in order)."""
    uses = link_lines(docs_dir / src, link)
    return uses[min(nth, len(uses) - 1)] if uses else None


def _problem(
    message: str, docs_dir: Path, uses: Counter, link_lines: _LinkLines | None = None
) -> tuple[Problem | None, str | None]:
    """One of MkDocs' messages about pages as a Problem in Dutch, and the link it is about; (None, None) when it is
    not one of them. `uses` counts the links already told, so a link used twice on a page is told at both lines."""
    link_lines = link_lines if link_lines is not None else _LinkLines()
    for pattern, explain in _RULES:
        match = pattern.match(message)
        if match:
            key = (match["src"], match["link"])
            line = _line_of(link_lines, docs_dir, match["src"], match["link"], uses[key])
            uses[key] += 1
            return Problem(f"docs/{match['src']}", line, explain(match)), match["link"]
    match = _NAV.match(message)
    if match:
        return Problem(
            "mkdocs.yml",
            _line_of(link_lines, docs_dir.parent, "mkdocs.yml", match["target"], 0),
            f"de pagina '{match['target']}' staat in het menu (nav), maar bestaat niet in docs/. "
            "Kijk de naam na, of haal ze uit het menu.",
        ), None
    return None, None


def omitted_pages(message: str) -> list[Problem]:
    """MkDocs' one warning for every page that is in docs/ but not in the menu, as a finding per page."""
    if not message.startswith(_OMITTED):
        return []
    pages = [line.strip().removeprefix("- ") for line in message.splitlines()[1:] if line.strip()]
    return [
        Problem(
            f"docs/{page}",
            None,
            "deze pagina staat niet in het menu. Een nieuwe richtlijn hoort in docs/richtlijnen/: die map hoeft niet "
            "in het menu. Een andere pagina zet een ontwikkelaar onder nav in mkdocs.yml; vraag het in je verzoek.",
        )
        for page in pages
    ]


class DutchPageMessages(logging.Filter):
    """Rewrites MkDocs' warnings about pages into Dutch as they are printed, and counts them. One filter serves one
    build (mkdocs_adapter.BuildState installs it on each of MkDocs' handlers and removes it again)."""

    def __init__(self, docs_dir: Path) -> None:
        super().__init__()
        self.docs_dir = docs_dir
        self.told: list[tuple[Problem, str | None]] = []
        self.errors: list[logging.LogRecord] = []
        self._uses: Counter = Counter()
        self._link_lines = _LinkLines()

    def filter(self, record: logging.LogRecord) -> bool:
        # Every handler sees the same record: the first one translates it, the others find it in Dutch.
        if record.levelno < logging.WARNING:
            return True
        if record not in self.errors:
            self.errors.append(record)
        if record.name.startswith(_OURS):
            record.levelname = "FOUT"  # the content's mistakes, told by this project's macros and hooks
        elif record.name.startswith("mkdocs") and carried(record) is None:
            self._translate(record)
        return True

    def _translate(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        problem, link = _problem(message, self.docs_dir, self._uses, self._link_lines)
        omitted = omitted_pages(message)
        if problem is not None:
            attach(record, problem)
            self.told.append((problem, link))
        elif omitted:
            # One finding per page: this record tells the first, a record of its own each other one.
            attach(record, omitted[0])
            for other in omitted[1:]:
                tell(logging.getLogger(_OURS), other, record.levelno)
        elif (crashed := page_crash(message)) is not None:
            attach(record, crashed)

    def errors_told(self) -> int:
        """How many mistakes and warnings the build has told so far (strict mode stops at any of them)."""
        return len(self.errors)

    def told_links(self) -> set[tuple[str, int | None, str]]:
        """The file, line and link of every link MkDocs has told about: the site's own link check leaves them."""
        return {(problem.file, problem.line, link) for problem, link in self.told if link is not None}


_PAGE_CRASH = ("Error building page '", "Error reading page '")


STOPPED = "de bouw stopte onverwacht"


def unforeseen(cause: str, page: str | None) -> Problem:
    """An error nobody foresaw stopped the build: at a page MkDocs named, or (with no page) in the build itself."""
    if page is None:
        return Problem(
            "mkdocs.yml",
            None,
            f"{STOPPED} ({cause[:160]}). Kijk je laatste wijziging na; lukt het niet, vraag het dan aan een ontwikkelaar.",
            unforeseen=True,
        )
    shown = f" ({cause[:160]})" if cause else ""
    return Problem(
        f"docs/{page}",
        None,
        f"{STOPPED} bij deze pagina{shown}. Kijk je laatste wijziging aan deze pagina na; lukt het niet, vraag het "
        "dan aan een ontwikkelaar.",
        unforeseen=True,
    )


def page_crash(message: str) -> Problem | None:
    """MkDocs' last words before an error nobody foresaw stops the build ("Error building page 'x.md': …"), in
    Dutch; the traceback after it is left out by `python -m handreiking build` and `make check`."""
    if not message.startswith(_PAGE_CRASH):
        return None
    page, _, cause = message.partition("page '")[2].partition("':")
    return unforeseen(cause.strip(), page)


NOT_BUILT = "De site is niet gebouwd"


def not_built(errors: int) -> str:
    """The build's last word when it stops: how many mistakes, and that nothing went out."""
    return f"{NOT_BUILT}: {errors} fout(en), zie FOUT hierboven. Er is niets gepubliceerd."
