"""The text itself: plain Dutch (B1) and correct spelling, on every page and in the data."""

from __future__ import annotations

import os
import shutil

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from handreiking import text_check
from handreiking.plain_language import measure, prose_of_markdown
from handreiking.printable import CONTENT_END, CONTENT_START

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


# Elements a reader takes as one unit: each ends a sentence, as a heading or a list item does in the Markdown measure.
_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd", "summary", "figcaption", "caption")


def text_a_reader_reads(html: str) -> str:
    """A built page's own content as a reader reads it: what stands between the page-content marks, so also the
    facts above a guideline and the notes of its sources, which come from the data; no menu, print line or
    permalink sign."""
    content = BeautifulSoup(html[html.index(CONTENT_START) : html.index(CONTENT_END)], "html.parser")
    for sign in content.select(".headerlink"):
        sign.decompose()
    for block in content.find_all(_BLOCKS):
        block.insert_before("\n")
        block.insert_after("\n")
    lines = (" ".join(line.split()) for line in content.get_text(" ").splitlines())
    return " ".join(line if line[-1] in ".!?:;" else f"{line}." for line in lines if line)


def test_text_a_reader_reads_ends_each_block_and_keeps_the_sources():
    html = (
        f"<nav>Menu</nav>{CONTENT_START}<h2>Waarom?<a class='headerlink'>¶</a></h2><ul><li>Een punt</li></ul>"
        f"<ul class='hr-references'><li><a>Titel</a> (Uitgever): Wat de bron zegt.</li></ul>{CONTENT_END}<p>Voet</p>"
    )
    assert text_a_reader_reads(html) == "Waarom? Een punt. Titel (Uitgever): Wat de bron zegt."


def test_every_guideline_reads_easily_as_a_reader_sees_it(site, guidelines):
    """The floor of the plain-language check holds for each guideline page as built, not only for its Markdown or
    for the site's median: a reader also reads the facts at the top and the notes of the sources at the bottom."""
    scores = {}
    for path in guidelines:
        html = (site.site / path.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        scores[path] = measure(text_a_reader_reads(html)).flesch_douma
    assert len(scores) >= 15
    low = {path: round(score) for path, score in scores.items() if score < text_check.MIN_FLESCH_DOUMA}
    assert not low, f"Flesch-Douma under {text_check.MIN_FLESCH_DOUMA} as a reader reads the page: {low}"


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
