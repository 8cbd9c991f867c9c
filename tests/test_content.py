"""The text itself: plain Dutch (B1) and correct spelling, on every page and in the data."""

from __future__ import annotations

import os
import shutil

import pytest
from conftest import ROOT

from handreiking import text_check
from handreiking.plain_language import measure, prose_of_markdown

PAGES = sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "CONTRIBUTING.md"]
WORD_LIST = ROOT / "data" / "woordenlijst.txt"

needs_hunspell = pytest.mark.skipif(
    shutil.which("hunspell") is None and os.environ.get("CI") != "true",
    reason="hunspell with the Dutch dictionary is not installed (CI installs it)",
)


def test_every_page_is_plain_dutch():
    """The same check as `make check`, with the same messages."""
    problems = text_check.readability_problems(ROOT)
    assert not problems, "\n".join(map(str, problems))


@needs_hunspell
def test_pages_and_data_are_spelled_correctly():
    """The same check as `make check`: every unknown word once per file, with its line."""
    problems = text_check.spelling_problems(ROOT)
    assert not problems, "\n".join(map(str, problems))


def test_a_misspelling_is_told_once_per_file_with_its_line_and_without_punctuation(project):
    require_hunspell = text_check.hunspell_missing()
    if require_hunspell and os.environ.get("CI") != "true":
        pytest.skip(require_hunspell)
    page = project / "docs" / "richtlijnen" / "archiveren.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nEen AI-hulpmiddel helpt. Nog een AI-hulpmiddel.\n", encoding="utf-8"
    )
    line = len(page.read_text(encoding="utf-8").splitlines())
    problems = [str(p) for p in text_check.spelling_problems(project)]
    assert problems == [
        f"docs/richtlijnen/archiveren.md, regel {line}: 'AI-hulpmiddel' staat niet in het woordenboek. Verbeter het "
        "woord; is het een naam of een vakterm, zet het dan in data/woordenlijst.txt."
    ]


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
    assert text_check.unknown_words([text], WORD_LIST) == []
