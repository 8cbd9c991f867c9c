"""Outdated terms (data/outdated_terms.yml): words the handreiking must not use as if they were current.

A repealed decree or an old name in a guideline misleads the colleague who acts on it. Each term is looked for
in every page (not in code and comments, which show or hide text, not rules) and in every data text. A term may
stand where the text marks it as former, with one of FORMER_MARKERS just before it: "het vroegere Archiefdecreet".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .markup import data_strings, line_numbers, shown_text
from .sources import LocatedYaml, Problem

# Words that mark a term as former when they stand just before it (in the same sentence, at most a few words).
FORMER_MARKERS = ("vroeger", "voormalig", "toenmalig", "opgeheven", "oude ", "heette", "vervangen")
_MARKER_REACH = 40

# Data files whose text may name old terms: the sources (an old decree's title) and the list of terms itself.
EXEMPT_DATA = ("references", "outdated_terms")


@dataclass(frozen=True)
class OutdatedTerm:
    term: str
    instead: str
    why: str
    pattern: re.Pattern[str]
    # The same words anywhere, also inside a longer word: a text it does not find cannot hold the term. Python's
    # regular expressions look for it three times faster than for `pattern`, whose lookbehind they try at every
    # position, and most texts hold none of the terms.
    anywhere: re.Pattern[str]

    @classmethod
    def from_data(cls, item: dict[str, Any]) -> OutdatedTerm:
        words = r"\s+".join(re.escape(word) for word in item["term"].split())
        pattern, anywhere = re.compile(rf"(?<!\w){words}\w*", re.I), re.compile(words, re.I)
        return cls(item["term"], item["instead"], item["why"], pattern, anywhere)

    def message(self, found: str) -> str:
        return (
            f"'{found}' is verouderd. Schrijf {self.instead}. {self.why} "
            f"Gaat het over het vroegere {self.term}? Schrijf dan bijvoorbeeld 'het vroegere {self.term}'."
        )


def terms_from(document: LocatedYaml) -> list[OutdatedTerm]:
    return [OutdatedTerm.from_data(item) for item in document.data["terms"]]


def findings(text: str, terms: list[OutdatedTerm]) -> Iterator[tuple[int, OutdatedTerm, str]]:
    """(position, term, the words found) for each current use of an outdated term."""
    for term in terms:
        if term.anywhere.search(text) is None:
            continue
        for match in term.pattern.finditer(text):
            before = text[max(0, match.start() - _MARKER_REACH) : match.start()].lower()
            sentence = re.split(r"[.!?\n]", before)[-1]
            if not any(marker in sentence for marker in FORMER_MARKERS):
                yield match.start(), term, match.group(0)


def outdated_in_page(text: str, shown_as: str, terms: list[OutdatedTerm]) -> list[Problem]:
    visible = shown_text(text)
    line_of = line_numbers(visible)
    return [
        Problem(shown_as, line_of(position), term.message(found))
        for position, term, found in sorted(findings(visible, terms), key=lambda f: f[0])
    ]


def outdated_in_data(name: str, document: LocatedYaml, terms: list[OutdatedTerm]) -> list[Problem]:
    if name in EXEMPT_DATA:
        return []
    return [
        document.problem(path, term.message(found))
        for path, text in data_strings(document.data)
        for _, term, found in findings(text, terms)
    ]
