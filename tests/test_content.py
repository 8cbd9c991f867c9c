"""The text itself: plain Dutch (B1) and correct spelling, on every page and in the data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from handreiking.plain_language import measure, misspelled_words, prose_of_markdown

PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "CONTRIBUTING.md"]
WORD_LIST = ROOT / "data" / "woordenlijst.txt"

needs_hunspell = pytest.mark.skipif(
    shutil.which("hunspell") is None and os.environ.get("CI") != "true",
    reason="hunspell with the Dutch dictionary is not installed (CI installs it)",
)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_is_plain_dutch(page: Path):
    stats = measure(prose_of_markdown(page.read_text(encoding="utf-8")))
    assert stats.words_per_sentence <= 15, f"{stats.words_per_sentence:.1f} words per sentence; aim for 15 or fewer"
    assert stats.flesch_douma >= 60, f"Flesch-Douma {stats.flesch_douma:.0f}; aim for 60 or more"


@needs_hunspell
@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_is_spelled_correctly(page: Path):
    unknown = misspelled_words(prose_of_markdown(page.read_text(encoding="utf-8")), str(WORD_LIST))
    assert not unknown, f"unknown words: {unknown}; correct them or add names and jargon to data/woordenlijst.txt"


def _texts(value) -> list[str]:
    if isinstance(value, dict):
        # Official titles and publishers of sources are names, often not Dutch: not our prose. Search questions
        # are typed as colleagues type them (linkedin, 2fa); their answers are prose and are checked.
        skipped = ("id", "url", "email", "page", "handle", "title", "publisher", "question")
        return [t for key, v in value.items() if key not in skipped for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return [value] if isinstance(value, str) and " " in value else []


@needs_hunspell
@pytest.mark.parametrize("data_file", sorted((ROOT / "data").glob("*.yml")), ids=lambda p: p.name)
def test_data_text_is_spelled_correctly(data_file: Path):
    text = "\n".join(_texts(yaml.safe_load(data_file.read_text(encoding="utf-8"))))
    assert not misspelled_words(text, str(WORD_LIST)), data_file.name


def test_plain_language_measure_counts_dutch_syllables_and_sentences():
    stats = measure("De webcaremedewerker antwoordt snel. Ideeën zijn welkom!")
    assert stats.sentences == 2
    assert stats.words == 7
    # de(1) web-ca-re-me-de-wer-ker(7) ant-woordt(2) snel(1) i-dee-en(3) zijn(1) wel-kom(2)
    assert stats.syllables == 1 + 7 + 2 + 1 + 3 + 1 + 2


def test_prose_leaves_out_markup_macros_and_front_matter():
    page = '---\ntitle: X\n---\n# Kop\n\n{{ raci_table() }}\n\n!!! example "Voorbeeld"\n    Tekst met [link](a.md).\n'
    assert prose_of_markdown(page) == 'Kop. "Voorbeeld". Tekst met [link].'


@needs_hunspell
def test_spelling_of_a_long_page_does_not_split_words():
    """hunspell reads a line in pieces of 8192 bytes; a word on the border must not come back as two."""
    text = "Klopt. " + "Vraag het aan een collega. " * 400  # one piece ends inside "Vraag"
    assert len(text.encode("utf-8")) > 8192
    assert misspelled_words(text, str(WORD_LIST)) == []
