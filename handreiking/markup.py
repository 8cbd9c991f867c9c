"""An early, clear hint for editors: markup in pages and data that would run in a reader's browser.

This reads the source, so `make check` can say it before a build. It is a hint, not the wall: the built site
is checked as a browser parses it (built_check.py), which also sees encoded and split forms. So the hint judges
only what becomes an element, an attribute or a link; a word such as javascript: in a sentence is prose.

Pages are written by people and may hold anything, so every scan here takes time in proportion to the text:
no pattern can run from many starting points to a far end (a code span or comment that is never closed).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator
from typing import Any

from .sources import LocatedYaml, Problem

# Elements that run code, load a page or send a form, each by its name right after "<" ("< script" is text).
_ELEMENTS = {"script", "iframe", "object", "embed", "base", "meta", "form", "style"}
# A tag as far as the hint needs it: "<", a name, and what follows up to the next ">" or "<". Greedy and followed
# by nothing, so it never backtracks; tags end where the next one could start, so their scans never overlap.
_TAG = re.compile(r"<([a-zA-Z][^\s/<>]*)[^<>]*")
# An on...= attribute counts only inside a tag, so that "onbekend = 0" in a sentence is text.
_HANDLER = re.compile(r"\s(on[a-z]+)\s*=", re.I)
# An attribute value that starts with javascript: (a quote and spaces before it are allowed by browsers).
_SCRIPT_VALUE = re.compile(r"=\s*(?:[\"']\s*)?(javascript:)", re.I)
# A Markdown link or image whose target is javascript:, inline or as a reference definition ([x]: javascript:).
_SCRIPT_LINK = re.compile(r"\]\(\s*<?(javascript:)|^ {0,3}\[[^\[\]]*\]:\s*<?(javascript:)", re.I | re.M)

_ADVICE = "Pagina's en gegevens zijn inhoud, geen code. Haal het weg; heb je echt iets interactiefs nodig, vraag het dan aan een ontwikkelaar."
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# What starts text that is shown or dropped instead of run: a code span's backticks, or an HTML comment.
_SHOWN_START = re.compile(r"`+|<!--")
_BACKTICKS = re.compile(r"`+")
# A blank line ends a paragraph, and a code span with it (Python-Markdown reads code spans per block).
_BLANK_LINE = re.compile(r"\n[ \t]*(?=\n)")


def _findings(text: str) -> Iterator[tuple[int, str]]:
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        if name in _ELEMENTS:
            yield tag.start(), f"de HTML-code <{name}>"
        handler = _HANDLER.search(text, tag.start(), tag.end())
        if handler:
            yield tag.start(), f"een HTML-attribuut '{handler.group(1).lower()}' dat code uitvoert"
        if _SCRIPT_VALUE.search(text, tag.start(), tag.end()):
            yield tag.start(), "een link met 'javascript:'"
    for link in _SCRIPT_LINK.finditer(text):
        yield link.start(), "een link met 'javascript:'"


def _blank(text: str) -> str:
    """The text as spaces, keeping its line breaks, so positions still give the right line."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def _without_fences(text: str) -> str:
    """The page with the lines of fenced code blocks emptied (an unclosed fence runs to the end, as in Markdown)."""
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
    return "\n".join(lines)


def _span_ends(text: str) -> Callable[[int, int], int | None]:
    """A function giving where the code span opened by the run of `length` backticks at `start` ends, or None.

    A span closes at the next run of exactly as many backticks in the same paragraph. Every run and blank line
    is listed once, so each opening costs a lookup, not a scan to the end of the page.
    """
    runs: dict[int, list[int]] = {}
    for run in _BACKTICKS.finditer(text):
        runs.setdefault(len(run.group()), []).append(run.start())
    blank_lines = [blank.start() for blank in _BLANK_LINE.finditer(text)]

    def end(start: int, length: int) -> int | None:
        same = runs[length]
        index = bisect_left(same, start + 1)
        if index == len(same):
            return None
        paragraph_end = bisect_left(blank_lines, start)
        if paragraph_end < len(blank_lines) and blank_lines[paragraph_end] < same[index]:
            return None
        return same[index] + length

    return end


def shown_text(text: str) -> str:
    """A page with what is shown as text blanked out: fenced code blocks, HTML comments and code spans.

    Code spans and comments are read from left to right, as Markdown does: whichever starts first wins, so a
    comment sign inside a code span is shown as text and does not hide the rest of the page.
    """
    text = _without_fences(text)
    span_end = _span_ends(text)
    pieces, done = [], 0
    for start in _SHOWN_START.finditer(text):
        if start.start() < done:
            continue  # inside a code span or comment blanked already
        if start.group() == "<!--":
            closing = text.find("-->", start.end())
            end = len(text) if closing == -1 else closing + 3
        else:
            end = span_end(start.start(), len(start.group()))
            if end is None:
                continue  # backticks without a partner are shown as they are
        pieces += [text[done : start.start()], _blank(text[start.start() : end])]
        done = end
    return "".join(pieces) + text[done:]


def line_numbers(text: str) -> Callable[[int], int]:
    """A function giving the line (from 1) of a position in `text`, without counting from the top each time."""
    breaks = [found.start() for found in re.finditer("\n", text)]
    return lambda position: bisect_left(breaks, position) + 1


def forbidden_markup_in_page(text: str, shown_as: str) -> list[Problem]:
    """Forbidden markup in a Markdown page, outside code and comments (which are shown or dropped, not run)."""
    visible = shown_text(text)
    line_of = line_numbers(visible)
    return [
        Problem(shown_as, line_of(position), f"{finding} is niet toegestaan. {_ADVICE}")
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
