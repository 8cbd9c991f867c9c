"""Pages and data are content, not code: refuse markup that would run in a reader's browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .sources import LocatedYaml, Problem

# What may never appear, each with the words an editor reads.
_FORBIDDEN = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.I), "de HTML-code <{0}>"),
    (re.compile(r"\bon[a-z]+\s*=", re.I), "een HTML-attribuut '{0}' dat code uitvoert"),
    (re.compile(r"\bjavascript\s*:", re.I), "een link met '{0}'"),
]
_ADVICE = "Pagina's en gegevens zijn inhoud, geen code. Haal het weg; heb je echt iets interactiefs nodig, vraag het dan aan een ontwikkelaar."
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+).*?\1")


def _findings(text: str) -> Iterator[str]:
    for pattern, label in _FORBIDDEN:
        for match in pattern.finditer(text):
            shown = match.group(1) if pattern.groups else match.group(0).rstrip("=").strip()
            yield label.format(shown.lower())


def forbidden_markup_in_page(path: Path, shown_as: str) -> list[Problem]:
    """Forbidden markup in a Markdown page, outside code blocks and code spans (which are shown, not run)."""
    problems = []
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for finding in _findings(_CODE_SPAN.sub("", line)):
            problems.append(Problem(shown_as, number, f"{finding} is niet toegestaan. {_ADVICE}"))
    return problems


def forbidden_markup_in_data(document: LocatedYaml) -> list[Problem]:
    """Forbidden markup in any text of a data file (it is escaped anyway, but it does not belong there)."""
    return [
        document.problem(path, f"{finding} is niet toegestaan. {_ADVICE}")
        for path, text in _strings(document.data, ())
        for finding in _findings(text)
    ]


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, path + (index,))
    elif isinstance(value, str):
        yield path, value
