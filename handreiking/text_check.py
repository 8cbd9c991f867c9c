"""The text itself, the same for `make check` and the tests: spelling (hunspell's Dutch dictionary with the
project's word list) and readability (words per sentence, Flesch-Douma), each finding once, with file and line.

One hunspell run reads every page and every data text: loading the dictionary takes longer than checking,
so one run per page would make `make check` slow."""

from __future__ import annotations

import bisect
import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .plain_language import measure, prose_of_markdown
from .sources import Problem, parse_yaml, read_text, unclosed_front_matter

MAX_WORDS_PER_SENTENCE = 15
MIN_FLESCH_DOUMA = 60
# Keys of data texts that are not our prose: ids, addresses, official titles and publishers of sources (names,
# often not Dutch), and search questions as colleagues type them (linkedin, 2fa; their answers are prose).
SKIPPED_KEYS = ("id", "url", "email", "page", "handle", "title", "publisher", "question")
DICTIONARY = "nl_BE"
_PUNCTUATION = "\"'“”‘’.,:;!?()[]{}…"


@dataclass(frozen=True)
class Text:
    shown_as: str
    raw: str  # the file as written, to find the line of a word
    prose: str  # what a reader reads


def prose_files(project_dir: Path) -> list[Path]:
    """The pages, and the editors' guide that the Bijdragen page shows."""
    return sorted((project_dir / "docs").rglob("*.md")) + [project_dir / "CONTRIBUTING.md"]


def _data_texts(value) -> list[str]:
    if isinstance(value, dict):
        return [t for key, v in value.items() if key not in SKIPPED_KEYS for t in _data_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _data_texts(v)]
    return [value] if isinstance(value, str) and " " in value else []


def _readable(path: Path, shown_as: str) -> str | None:
    """The file's text; None when it cannot be read as UTF-8 (the data and page checks report that)."""
    return read_text(path, shown_as)[0] if path.is_file() else None


def texts(project_dir: Path) -> list[Text]:
    found = []
    for path in prose_files(project_dir):
        shown_as = path.relative_to(project_dir).as_posix()
        raw = _readable(path, shown_as)
        # A page whose front matter is not closed would be read as text from its first line: the page check
        # tells that mistake, and the text is checked once it is mended.
        if raw is not None and unclosed_front_matter(raw, shown_as) is None:
            found.append(Text(shown_as, raw, prose_of_markdown(raw)))
    for path in sorted((project_dir / "data").glob("*.yml")):
        raw = _readable(path, f"data/{path.name}")
        document, problems = parse_yaml(raw, f"data/{path.name}") if raw is not None else (None, [])
        if document is not None and not problems:
            found.append(Text(f"data/{path.name}", raw, "\n".join(_data_texts(document.data))))
    return found


def hunspell_missing() -> str | None:
    """Why spelling cannot be checked here, or None."""
    if shutil.which("hunspell") is None:
        return "hunspell ontbreekt (Debian: apt-get install hunspell hunspell-nl)"
    return None


def unknown_words(prose: list[str], word_list: Path) -> list[str]:
    """Every word hunspell and the word list do not know, once, without the punctuation around it."""
    # hunspell reads at most 8192 bytes of a line at a time and splits a word that crosses that point.
    lines = re.sub(r"([.!?;:])\s+", "\\1\n", "\n".join(prose))
    result = subprocess.run(
        ["hunspell", "-d", DICTIONARY, "-p", str(word_list), "-l"],
        input=lines,
        capture_output=True,
        text=True,
        check=True,
    )
    words = (word.strip(_PUNCTUATION) for word in result.stdout.split())
    return list(dict.fromkeys(word for word in words if word))


# A run of the characters that may not stand right before or after a word for it to count as found.
_WORD_PART = re.compile(r"[\w-]+")


class _Words:
    """Where each run of letters, digits, _ and - stands in a text: a word that hunspell names is looked up here,
    instead of reading the whole text again for each of them (thousands of unknown words in a long page)."""

    def __init__(self, text: str):
        self.text = text
        self.runs: dict[str, list[int]] = {}
        for run in _WORD_PART.finditer(text):
            self.runs.setdefault(run.group(), []).append(run.start())
        # Where each line ends, counted as splitlines() counts lines.
        self.line_ends = list(itertools.accumulate(len(line) for line in text.splitlines(keepends=True)))

    def first_places(self, words: list[str]) -> dict[str, int]:
        """Where each word first stands on its own, not as part of a longer word; a word that does not is left out.

        A word's first run of letters stands in the text as a whole run, so only the places of that run are
        tried, for all words that start with it at once.
        """
        found: dict[str, int] = {}
        groups: dict[tuple[str, int], dict[int, set[str]]] = {}
        for word in words:
            first = _WORD_PART.search(word)
            if first is None:  # no letter at all: hunspell names no such word, but look for it all the same
                start = self.text.find(word)
                while start != -1 and not self._alone(start, len(word)):
                    start = self.text.find(word, start + 1)
                if start != -1:
                    found[word] = start
                continue
            groups.setdefault((first.group(), first.start()), {}).setdefault(len(word), set()).add(word)
        for (run, offset), by_length in groups.items():
            for place in self.runs.get(run, ()):
                start = place - offset
                # The cheap test of the borders first: a word of a page's length is not copied at every place.
                for length, candidates in list(by_length.items()):
                    if not self._alone(start, length) or (word := self.text[start : start + length]) not in candidates:
                        continue
                    found[word] = start
                    candidates.discard(word)
                    if not candidates:
                        del by_length[length]
        return found

    def _alone(self, start: int, length: int) -> bool:
        """Whether the text from start for length characters fits in the text with no letter, digit, _ or -
        right before or right after it."""
        if start < 0 or start + length > len(self.text):
            return False
        before, after = self.text[start - 1 : start], self.text[start + length : start + length + 1]
        return not _WORD_PART.match(before) and not _WORD_PART.match(after)

    def line(self, position: int) -> int:
        return bisect.bisect_right(self.line_ends, position) + 1


def misspelled_in(text: Text, unknown: list[str]) -> list[Problem]:
    """A problem for each unknown word that stands in the text's prose, with the first line of the file that
    holds it (none when the file writes it otherwise, such as a YAML escape)."""
    in_prose = _Words(text.prose).first_places(unknown)
    raw = _Words(text.raw)
    in_raw = raw.first_places([word for word in unknown if word in in_prose])
    problems = []
    for word in (word for word in unknown if word in in_prose):
        position = in_raw.get(word)
        problems.append(
            Problem(
                text.shown_as,
                None if position is None else raw.line(position),
                f"'{word}' staat niet in het woordenboek. Verbeter het woord; is het een naam of een vakterm, "
                "zet het dan in data/woordenlijst.txt.",
            )
        )
    return problems


def spelling_problems(project_dir: Path) -> list[Problem]:
    all_texts = texts(project_dir)
    unknown = unknown_words([t.prose for t in all_texts], project_dir / "data" / "woordenlijst.txt")
    return [problem for text in all_texts for problem in misspelled_in(text, unknown)]


def readability_problems(project_dir: Path) -> list[Problem]:
    problems = []
    for text in texts(project_dir):
        if not text.shown_as.endswith(".md"):
            continue
        stats = measure(text.prose)
        shown_as = text.shown_as
        if stats.words_per_sentence > MAX_WORDS_PER_SENTENCE:
            problems.append(
                Problem(
                    shown_as,
                    None,
                    f"gemiddeld {stats.words_per_sentence:.1f} woorden per zin; mik op {MAX_WORDS_PER_SENTENCE} of "
                    "minder. Knip lange zinnen in twee.",
                )
            )
        if stats.flesch_douma < MIN_FLESCH_DOUMA:
            problems.append(
                Problem(
                    shown_as,
                    None,
                    f"de tekst is moeilijk te lezen (Flesch-Douma {stats.flesch_douma:.0f}; mik op {MIN_FLESCH_DOUMA} "
                    "of meer). Gebruik kortere zinnen en kortere woorden.",
                )
            )
    return problems
