"""An early, clear hint for editors: markup in pages and data that would run in a reader's browser.

This reads the source, so `make check` can say it before a build. It is a hint, not the wall: the built site
is checked as a browser parses it (built_check.py), which also sees encoded and split forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .sources import LocatedYaml, Problem

# What may never appear, each with the words an editor reads. An on...= attribute counts only inside a tag,
# so that "onbekend = 0" in a sentence is text.
_FORBIDDEN = [
    (re.compile(r"<\s*(script|iframe|object|embed|base|meta|form|style)\b", re.I), "de HTML-code <{0}>"),
    (re.compile(r"<[a-zA-Z][^<>]*?\s(on[a-z]+)\s*=", re.I), "een HTML-attribuut '{0}' dat code uitvoert"),
    (re.compile(r"(javascript\s*:)", re.I), "een link met '{0}'"),
]
_ADVICE = "Pagina's en gegevens zijn inhoud, geen code. Haal het weg; heb je echt iets interactiefs nodig, vraag het dan aan een ontwikkelaar."
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.S)


def _findings(text: str) -> Iterator[tuple[int, str]]:
    for pattern, label in _FORBIDDEN:
        for match in pattern.finditer(text):
            yield match.start(), label.format(match.group(1).lower().replace(" ", ""))


def _blank(match: re.Match) -> str:
    """The matched text as spaces, keeping its line breaks, so positions still give the right line."""
    return re.sub(r"[^\n]", " ", match.group(0))


def shown_text(text: str) -> str:
    """A page with what is shown as text blanked out: fenced code blocks, HTML comments and code spans."""
    lines, fence = [], None
    for line in text.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            lines.append("")
        elif fence is not None:
            # A fence closes only with the same character, at least as many times (CommonMark).
            closing = _FENCE.match(line)
            if (
                closing
                and closing.group(1)[0] == fence[0]
                and len(closing.group(1)) >= len(fence)
                and not line.strip(" `~")
            ):
                fence = None
            lines.append("")
        else:
            lines.append(line)
    return _CODE_SPAN.sub(_blank, _COMMENT.sub(_blank, "\n".join(lines)))


def forbidden_markup_in_page(text: str, shown_as: str) -> list[Problem]:
    """Forbidden markup in a Markdown page, outside code and comments (which are shown or dropped, not run)."""
    visible = shown_text(text)
    return [
        Problem(shown_as, visible.count("\n", 0, position) + 1, f"{finding} is niet toegestaan. {_ADVICE}")
        for position, finding in sorted(_findings(visible))
    ]


def forbidden_markup_in_data(document: LocatedYaml) -> list[Problem]:
    """Forbidden markup in any text of a data file (it is escaped anyway, but it does not belong there)."""
    return [
        document.problem(path, f"{finding} is niet toegestaan. {_ADVICE}")
        for path, text in data_strings(document.data)
        for _, finding in _findings(text)
    ]


def data_strings(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every text in parsed data, with its path (for the line of a problem)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from data_strings(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from data_strings(item, path + (index,))
    elif isinstance(value, str):
        yield path, value
