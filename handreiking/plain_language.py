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
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)")


def syllables(word: str) -> int:
    groups = _VOWEL_GROUP.findall(word)
    return max(1, sum(1 + len(_NEW_SYLLABLE.findall(group[1:])) for group in groups))


def prose_of_markdown(markdown: str) -> str:
    """The running text of a page: no front matter, code, macros, HTML, link targets or table rules."""
    _, body = split_front_matter(markdown)
    body = re.sub(r"```.*?```", " ", body, flags=re.S)
    body = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", " ", body, flags=re.S)
    body = re.sub(r"<!--.*?-->", " ", body, flags=re.S)
    body = re.sub(r"^--8<--.*$", " ", body, flags=re.M)  # a snippet include, not text
    body = re.sub(r"<[^>]+>", " ", body)
    body = re.sub(r"`[^`]*`", " ", body)
    body = re.sub(r"\{:[^}]*\}|\{#[^}]*\}", " ", body)
    body = re.sub(r"\]\([^)]*\)", "]", body)
    # An admonition's type is markup (`!!! example "Voorbeeld"`); only its quoted title is prose.
    body = re.sub(r"^(\s*)(!!!|\?\?\?\+?)\s*[\w-]+", r"\1\2", body, flags=re.M)
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
