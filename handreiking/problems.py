"""The bottom layer: a mistake told to an editor (Problem), how it travels through the build's log, and where in a
text something stands (LineFinder). Every other module of the package may import this one; it imports none.

A Problem is logged as text for the reader and carried on the log record as the object itself, so whatever
collects the build's findings (make check, python -m handreiking build) reads the object and never parses the
text back.
"""

from __future__ import annotations

import bisect
import itertools
import logging
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One mistake in the content, told in Dutch for an editor."""

    file: str
    line: int | None
    message: str
    # An error nobody foresaw stopped the build (mkdocs_messages.unforeseen): told once, never repeated.
    unforeseen: bool = False

    def __str__(self) -> str:
        where = f"{self.file}, regel {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


# The attribute of a log record that carries its Problem.
_ATTRIBUTE = "handreiking_problem"


def tell(logger: logging.Logger, problem: Problem, level: int = logging.ERROR) -> None:
    """Log the problem as its Dutch text, with the object on the record."""
    logger.log(level, str(problem), extra={_ATTRIBUTE: problem})


def attach(record: logging.LogRecord, problem: Problem, levelname: str = "FOUT") -> None:
    """Rewrite a record someone else logged (MkDocs, mkdocs-macros) as the problem it is about."""
    record.msg, record.args, record.levelname = str(problem), (), levelname
    setattr(record, _ATTRIBUTE, problem)


def carried(record: logging.LogRecord) -> Problem | None:
    """The problem a record carries; None for a record that is not about the content."""
    return getattr(record, _ATTRIBUTE, None)


class LineFinder:
    """Line numbers (from 1, as splitlines() counts lines) in one text, computed once for the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._line_ends = list(itertools.accumulate(map(len, text.splitlines(keepends=True))))

    def line(self, position: int) -> int:
        """The line that holds the character at `position`."""
        return bisect.bisect_right(self._line_ends, position) + 1

    def lines_of(self, needle: str) -> list[int]:
        """The line of each occurrence of `needle`, in order; none for text with a line break in it."""
        if not needle or needle.splitlines() != [needle]:
            return []
        lines, start = [], self.text.find(needle)
        while start != -1:
            lines.append(self.line(start))
            start = self.text.find(needle, start + len(needle))
        return lines
