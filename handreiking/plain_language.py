"""Measure how plain a page's Dutch is: words per sentence and the Flesch-Douma reading ease.

Flesch-Douma = 206.835 - 0.93 * (words / sentences) - 77 * (syllables / words); 60 or more reads easily.
Syllables are counted as groups of vowels, which fits Dutch spelling well enough for a page average.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sources import split_front_matter

_VOWEL_GROUP = re.compile(r"[aeiouyàáâäèéêëìíîïòóôöùúûü]+", re.IGNORECASE)
# A diaeresis or acute accent starts a new syllable inside a vowel group (geëerd, ideeën).
_NEW_SYLLABLE = re.compile(r"[ëïöüéè]")
_WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*")
# The last mark of a sentence's end: one for each end, however many marks ("Echt?!"). A pattern for the whole
# run ([.!?:;]+ before a space) starts again at each mark of a long run that no space follows.
_SENTENCE_END = re.compile(r"[.!?:;](?=\s|$)")
# What is not prose, from an opening mark to the nearest closing mark after it.
_CODE_BLOCKS = {"```": "```"}
_TEMPLATE_CODE = {"{{": "}}", "{%": "%}", "{#": "#}"}
_COMMENTS = {"<!--": "-->"}
_TAGS = {"<": ">"}
_ATTRIBUTE_LISTS = {"{:": "}", "{#": "}"}
_LINK_TARGETS = {"](": ")"}


def syllables(word: str) -> int:
    groups = _VOWEL_GROUP.findall(word)
    return max(1, sum(1 + len(_NEW_SYLLABLE.findall(group[1:])) for group in groups))


def _replace_spans(text: str, marks: dict[str, str], replacement: str, *, empty: bool = True) -> str:
    """The text with each span from an opening mark to the nearest closing mark after it replaced, leftmost
    first, as re.sub with a lazy pattern (`{{.*?}}`) does; `empty=False` keeps a span with nothing inside.

    It looks with str.find: a lazy pattern reads the rest of the text again for every opening that is never
    closed (a page of "{{" took minutes). An opening without a closing mark after it tells that no later
    opening of that mark has one either.
    """
    pieces, done, position = [], 0, 0
    starts = {opening: text.find(opening) for opening in marks}
    while True:
        for opening, start in starts.items():
            if -1 < start < position:
                starts[opening] = text.find(opening, position)
        found = sorted((start, opening) for opening, start in starts.items() if start != -1)
        if not found:
            return "".join(pieces) + text[done:]
        start, opening = found[0]
        inside = start + len(opening)
        end = text.find(marks[opening], inside)
        if end == -1:
            del starts[opening]
        elif end == inside and not empty:
            position = start + 1
        else:
            pieces += [text[done:start], replacement]
            done = position = end + len(marks[opening])


def prose_of_markdown(markdown: str) -> str:
    """The running text of a page: no front matter, code, macros, HTML, link targets or table rules."""
    _, body = split_front_matter(markdown)
    body = _replace_spans(body, _CODE_BLOCKS, " ")
    body = _replace_spans(body, _TEMPLATE_CODE, " ")
    body = _replace_spans(body, _COMMENTS, " ")
    body = re.sub(r"^--8<--.*$", " ", body, flags=re.M)  # a snippet include, not text
    body = _replace_spans(body, _TAGS, " ", empty=False)
    body = re.sub(r"`[^`]*`", " ", body)
    body = _replace_spans(body, _ATTRIBUTE_LISTS, " ")
    body = _replace_spans(body, _LINK_TARGETS, "]")
    # An admonition's type is markup (`!!! example "Voorbeeld"`); only its quoted title is prose. The indent is
    # white space without a line break: with \s* each line of a run of blank lines would read the whole run.
    body = re.sub(r"^([^\S\n]*)(!!!|\?\?\?\+?)\s*[\w-]+", r"\1\2", body, flags=re.M)
    blocks = []
    for line in body.splitlines():
        line = line.strip()
        if not line or set(line) <= set("|-: "):
            continue
        line = re.sub(r"^(#+|[-*+]|\d+\.|!!!|\?\?\?\+?|>)\s*", "", line).strip("|* ")
        # A heading or list item without a full stop still ends where the line ends.
        if line and not re.search(r"[.!?:;]$", line):
            line += "."
        blocks.append(line)
    return " ".join(blocks)


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    syllables: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(1, self.sentences)

    @property
    def flesch_douma(self) -> float:
        if not self.words:
            return 0.0
        return 206.835 - 0.93 * self.words_per_sentence - 77 * (self.syllables / self.words)


def measure(text: str) -> Readability:
    words = _WORD.findall(text)
    sentences = len(_SENTENCE_END.findall(text)) or (1 if words else 0)
    return Readability(len(words), sentences, sum(syllables(w) for w in words))
