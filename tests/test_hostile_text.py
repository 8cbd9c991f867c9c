"""Pages and data are written by people and may hold anything: every check that reads their text takes time in
proportion to it. Each check gets 100 kB of text made to make a pattern start over and over (runs of backticks,
marks that open and never close, one endless line, deep nesting) and must finish within two seconds.

Before the scans were made linear, the backtick runs took 64 to 89 s in the page check, a run of underscores as
long in a macro error, the run of dots over two minutes in the readability measure, and the page of "{{" or of
blank lines over 20 s in its prose; unclosed <pre>, <input and <!-- took 6 to 12 s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, cpu_seconds

from handreiking import (
    change_note,
    link_check,
    macro_errors,
    markup,
    mkdocs_messages,
    postbuild,
    render,
    terms,
    text_check,
)
from handreiking.plain_language import measure, prose_of_markdown
from handreiking.sources import LocatedYaml, read_yaml_file

SIZE = 100_000
SECONDS = 2.0  # generous on a shared machine: each check now takes at most a few tenths


def _filled(unit: str) -> str:
    return (unit * (SIZE // len(unit) + 1))[:SIZE]


def _lines(make_line: Callable[[int], str]) -> str:
    """Lines made from their number until the text is SIZE long."""
    lines, size = [], 0
    while size < SIZE:
        lines.append(make_line(len(lines)))
        size += len(lines[-1]) + 1
    return "\n".join(lines)


def _nested(opening: str, closing: str) -> str:
    """Deep nesting with text inside until it is SIZE long."""
    return opening + _filled("tekst ")[: SIZE - len(opening) - len(closing)] + closing


# --- The texts ---------------------------------------------------------------------------------------------

HOSTILE = {
    # Each line a longer run of backticks: no run has a partner, and each is tried from each of its backticks.
    "backtick runs of growing length": _lines(lambda n: "a " + "`" * (n + 1)),
    "backtick runs of varying length": _lines(lambda n: "a " + "`" * (1 + n * 7 % 50) + " b"),
    "open brackets": _lines(lambda n: "[" * 200),
    "close brackets": _lines(lambda n: "]" * 200),
    "links never closed": _filled("[a]("),
    "comments never closed": _filled("<!--"),
    "pre never closed": _filled("<pre>" * 5000 + "\n  tekst"),
    "textarea never closed": _filled("<textarea>\n  "),
    "tags never closed": _filled("<a "),
    "tags with a handler never closed": _filled("<a onx "),
    "input tags never closed": _filled("<input "),
    "one tag of handlers without a value": "<a" + _filled(" onclick "),
    "one tag of attributes without a value": "<a" + _filled(" =   "),
    "link targets of spaces": _filled("](" + " " * 30),
    "reference definitions of spaces": _lines(lambda n: "[a]:" + " " * 40),
    "one input tag typed checkbox over and over": "<input " + _filled(' type="checkbox"'),
    "one long line": "a" * SIZE,
    "one long line of dots": "." * (SIZE - 1) + "a",
    "blank lines": "\n" * SIZE,
    "template code never closed": _filled("{{"),
    "template code opened, then only spaces": "{{" + " " * (SIZE - 2),
    "attribute lists never closed": _filled("{:"),
    "underscores": _filled("_"),
    "bold never closed after repeated headings": "_Macro Syntax Error_" * 2500 + "**" + "a" * 50_000,
    "outdated terms": _filled("Archiefdecreet "),
    "script tags": _filled("<script>"),
    "nested div markdown": _nested("<div markdown>\n" * 2000, "</div>\n" * 2000),
    "nested lists": _nested("- " * 2000 + "a\n" + "".join("  " * n + "- a\n" for n in range(250)), ""),
}


# --- The checks, each given the text and a folder of its own ------------------------------------------------

OUTDATED = terms.terms_from(read_yaml_file(ROOT / "data" / "outdated_terms.yml", "data/outdated_terms.yml")[0])


# What a rule's {{ … }} shows, read from the project's own data.
RULE_VALUES = change_note._Values(change_note.working_tree_reader(ROOT))


def _data(text: str) -> LocatedYaml:
    return LocatedYaml("data/channels.yml", {"channels": [{"tone": text}]}, {("channels", 0, "tone"): 3})


def _broken_links(text: str, folder: Path) -> None:
    """MkDocs' message about a broken link, a thousand times, for a page that holds the text."""
    (folder / "pagina.md").write_text(text, encoding="utf-8")
    link = text.split("\n")[0][:40].replace("'", "") or "a"
    uses: Counter = Counter()
    link_lines = mkdocs_messages._LinkLines()  # one build's: each file read once
    for _ in range(1000):
        message = f"Doc file 'pagina.md' contains a link '{link}', but the target is not found"
        mkdocs_messages._problem(message, folder, uses, link_lines)


CHECKS: dict[str, Callable[[str, Path], object]] = {
    "markup in a page": lambda text, _: markup.forbidden_markup_in_page(text, "docs/x.md"),
    "markup in data": lambda text, _: markup.forbidden_markup_in_data(_data(text)),
    "outdated terms in a page": lambda text, _: terms.outdated_in_page(text, "docs/x.md", OUTDATED),
    "outdated terms in data": lambda text, _: terms.outdated_in_data("channels", _data(text), OUTDATED),
    "prose of a page": lambda text, _: prose_of_markdown(text),
    "readability": lambda text, _: measure(text),
    "readability of a page's prose": lambda text, _: measure(prose_of_markdown(text)),
    "unknown words and their lines": lambda text, _: text_check.misspelled_in(
        text_check.Text("docs/x.md", text, text), list(dict.fromkeys(text.split())) + ["woord"]
    ),
    "macro syntax error": lambda text, folder: macro_errors.parse(
        f"# _Macro Syntax Error_\n\n_File_: `x.md`\n\n{text}", folder, ["org"]
    ),
    "macro rendering error": lambda text, folder: macro_errors.parse(f"_File_: `x.md`\n\n{text}", folder, ["org"]),
    "macro error shown on the page": lambda text, folder: macro_errors.page_notice(
        f"# _Macro Rendering Error_\n\n_File_: `x.md`\n\n{text}", folder, ["org"]
    ),
    "macro error's cause": lambda text, _: macro_errors.explain("UndefinedError", f"'{text}' is undefined", ["org"]),
    "attribute error's cause": lambda text, _: macro_errors.explain(
        "UndefinedError", f"'{text} object' has no attribute '{text}'", ["org"]
    ),
    "MkDocs' broken links": _broken_links,
    "pages missing from the menu": lambda text, _: mkdocs_messages.omitted_pages(f"{mkdocs_messages._OMITTED}\n{text}"),
    "correct a built page": lambda text, _: postbuild.correct_html(text),
    "collapse white space": lambda text, _: postbuild.collapse_white_space(text),
    "links in a built page": lambda text, _: link_check.content_links(text),
    "places to fill in": lambda text, _: render.fill_ins(text),
    "rules compared for a change note": lambda text, _: change_note.guideline_rules(
        f"{change_note.RULE_HEADINGS[0]}\n\n- {text}\n", RULE_VALUES
    ),
}


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("check", CHECKS.values(), ids=CHECKS.keys())
def test_a_check_reads_hostile_text_in_time(check, text, tmp_path):
    # CPU time, not the clock: a pattern that backtracks costs CPU, and a shared machine's load only costs waiting.
    start = cpu_seconds()
    check(text, tmp_path)
    seconds = cpu_seconds() - start
    assert seconds < SECONDS, f"{seconds:.1f} s CPU"


def test_the_hostile_texts_are_as_long_as_promised():
    assert all(len(text) >= SIZE for text in HOSTILE.values()), {k: len(t) for k, t in HOSTILE.items()}


# --- What the linear scans still see -------------------------------------------------------------------------


def test_collapsing_white_space_keeps_pre_and_textarea_and_adds_nothing():
    html = "<p>\n    a</p>\n  <pre>x\n    y</pre>\n  <TEXTAREA>\n  z</TEXTAREA>\n  <pre>open\n  end"
    assert postbuild.collapse_white_space(html) == (
        "<p>\na</p>\n<pre>x\n    y</pre>\n<TEXTAREA>\n  z</TEXTAREA>\n<pre>open\nend"
    )


def test_checkbox_loses_autocomplete_and_other_inputs_keep_it():
    html = '<input type="checkbox" id="a" autocomplete="off"><input type="text" autocomplete="off"><input '
    assert postbuild.correct_html(html) == '<input type="checkbox" id="a"><input type="text" autocomplete="off"><input '


@pytest.mark.parametrize(
    ("page", "line"),
    [
        ("tekst\n`code`\n<script>", 3),
        # A code span ends in its paragraph: a backtick after a blank line closes nothing.
        ("tekst `open\n\n<script>\n\nnog ` tekst", 3),
        # Whichever starts first wins: a comment sign inside a code span hides nothing.
        ("`<!--` tekst\n<iframe src=x>", 2),
        ("``` not closed\n<script>", None),
        ("<!-- not closed\n<script>", None),
        ("a ``code ` with`` b <script>", 1),
    ],
)
def test_code_spans_and_comments_hide_only_what_they_hold(page, line):
    problems = markup.forbidden_markup_in_page(page, "docs/x.md")
    assert [p.line for p in problems] == ([line] if line else [])
