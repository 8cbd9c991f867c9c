"""What a text tells, remembered per process: the checks whose answer follows from one text alone.

`mkdocs serve` builds the whole site again after every change an editor saves, and `make check` and the tests check
and build many copies of the project in one process. Most files did not change since the last time, so a page, a
data file and a built page are each checked once per text and answered from memory after that. A changed text is a
new question and is checked anew. What a check needs besides the text (the outdated terms, the page API, whether
nginx serves the site) is part of the question. Each check remembers at most `size` answers, the oldest forgotten
first.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

Check = TypeVar("Check", bound=Callable)

_CHECKS: list = []


def per_text(size: int = 1024) -> Callable[[Check], Check]:
    """Remember what `check` answered for each set of arguments (all hashable: texts, names, frozen values)."""

    def remembering(check: Check) -> Check:
        remembered = functools.lru_cache(maxsize=size)(check)
        _CHECKS.append(remembered)
        return remembered  # type: ignore[return-value]

    return remembering


def forget() -> None:
    """Check every text anew from now on: `make bench` measures a rebuild with and without what was remembered."""
    for check in _CHECKS:
        check.cache_clear()
