"""Printable pages are composed on the parsed tree: what an editor wrote stays the elements and attributes it
was, whatever text it holds, and hostile markup costs linear time. No build: `compose_part` and
`fill_printable_pages` run here on small pages written by the tests."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from handreiking.printable import CONTENT_END, CONTENT_START, compose_part, fill_printable_pages, placeholder

HEADINGS = {f"h{level}" for level in range(1, 7)}
# What a redirect or a script needs to be live: none of it may appear unless the input had it as markup.
LIVE = ("meta", "script", "base", "iframe", "img")
LIVE_ATTRIBUTES = ("http-equiv", "onerror", "onload", "content")


def built_page(content: str, title: str = "Pagina") -> str:
    """A page as the theme writes it: chrome around the page's own content, marked by the two comments."""
    return (
        f"<!doctype html>\n<html lang='nl'><head><title>{title}</title></head><body>"
        '<div class="md-main__inner"><nav class="md-sidebar">Menu</nav><div class="md-content">'
        '<article class="md-content__inner"><p class="hr-up"><a href="../">Terug</a></p>\n'
        f"{CONTENT_START}\n{content}\n{CONTENT_END}\n"
        '<p class="hr-print-source">Afgedrukt uit</p></article></div></div>'
        '<footer class="md-footer">Voet</footer></body></html>'
    )


def elements(markup: str) -> Counter:
    """Every element as (tag, its attribute names); headings count as one kind, a renamed one stays the same."""
    tree = LexborHTMLParser(markup, is_fragment=True)
    found: Counter = Counter()
    for node in tree.root.traverse():
        if node.tag and not node.tag.startswith("-"):
            found["h" if node.tag in HEADINGS else node.tag, frozenset(node.attributes)] += 1
    return found


def compose(content: str, src: str = "fasen/observatie.md", held: dict[str, str] | None = None):
    return compose_part(built_page(content), src, "afdrukken", held or {}, True)


def assert_no_new_markup(content: str, composed: str) -> None:
    """The composed part has no element, and no attribute on an element, that its content did not have; only
    the part's own heading (an h2 with an id and a class) is new, and the permalink marks are gone."""
    before, after = elements(content), elements(composed)
    new = after - before
    assert new - Counter({("h", frozenset({"id", "class"})): 1}) == Counter(), new
    for tag in LIVE:
        assert sum(n for (t, _), n in after.items() if t == tag) <= sum(n for (t, _), n in before.items() if t == tag)
    names = {name for _, attributes in after for name in attributes}
    assert names <= {name for _, attributes in before for name in attributes} | {"id", "class"}
    assert not set(LIVE_ATTRIBUTES) & (names - {name for _, attributes in before for name in attributes})


# --- Markup that a pattern cuts in the wrong place --------------------------------------------------------

REFRESH = "<meta http-equiv=refresh content='0;url=//elders.invalid/'>"

CUT_WRONG = {
    # The permalink pattern starts in one attribute and ends in the next: the second's text became markup.
    "headerlink across two attributes": (f'<p title=\'<a class="headerlink">\'>A</p><p title="</a>\'>{REFRESH}">B</p>'),
    "headerlink across a comment and an attribute": (
        f'<!-- x <a class="headerlink"> --><p title="</a> -->{REFRESH}">B</p>'
    ),
    "script after a cut headerlink": (
        '<p title=\'<a class="headerlink">\'>A</p><p title="</a>\'><script>alert(1)</script>">B</p>'
    ),
    "headerlink left open": '<p>tekst <a class="headerlink" href="#t">¶ en de rest van de pagina</p><p>meer</p>',
    "headerlink whose attribute holds its end": (
        f'<h1 id="t">Titel<a class="headerlink" title=\'</a>{REFRESH}\' href="#t">¶</a></h1><p>x</p>'
    ),
    "end of a heading inside an attribute": (
        f'<h1 id="t"><span title="</h1>{REFRESH}">Titel</span></h1><h2 id="a" title="</h2><script>x</script>">A</h2>'
    ),
    "quotes and > inside attribute values": (
        "<h1 id=\"t\">Titel</h1><p title='x\" id=\"y' data-x='a > b'>q</p>"
        '<a href="../b/" title=\'href="javascript:alert(1)" >\'>b</a><img alt=\'a > "b"\' src="beeld.png">'
    ),
    "comment holding an end tag and a refresh": (
        f'<h1 id="t">Titel</h1><p><a class="headerlink" href="#t">¶<!-- </a> {REFRESH} --></a></p><p>x</p>'
    ),
    "end of a heading inside an attribute, after a >": (
        '<h1 id="t"><span title="x><img src=x onerror=alert(1) </h1>">Titel</span></h1><p>x</p>'
    ),
    "end mark's text inside an attribute": (f"<h1 id=\"t\">Titel</h1><p title='{CONTENT_END}{REFRESH}'>x</p>"),
    "id pattern inside text and attributes": (
        '<h1 id="t">Titel</h1><p title=\'id="x" for="y" aria-controls="z"\'>id="t" href="../a/"</p>'
    ),
    "unclosed heading holding the rest": f'<h1 id="t">Titel<p title="</h1>{REFRESH}">x</p>',
}


@pytest.mark.parametrize("content", CUT_WRONG.values(), ids=CUT_WRONG.keys())
def test_the_composed_part_has_only_the_elements_and_attributes_it_had(content):
    part = compose(content)
    assert_no_new_markup(content, part.html)


@pytest.mark.parametrize("content", CUT_WRONG.values(), ids=CUT_WRONG.keys())
def test_attribute_values_that_name_nothing_stay_as_written(content):
    """Only ids, id lists and links change; a title or data attribute keeps its text, whatever it holds
    (in the page's title only its text is kept, as the part heading)."""
    before = LexborHTMLParser(content, is_fragment=True)
    if before.css_first("h1[id]") is not None:
        before.css_first("h1[id]").decompose()
    after = LexborHTMLParser(compose(content).html, is_fragment=True)
    kept = ("title", "alt", "data-x")
    assert [n.attributes.get(a) for n in before.css("p, img, span") for a in kept] == [
        n.attributes.get(a) for n in after.css("p, img, span") for a in kept
    ]


# --- What a part becomes ----------------------------------------------------------------------------------

HELD = {"fasen/conversatie": "deel-fasen-conversatie", "fasen/observatie": "deel-fasen-observatie"}

BEHAVIOUR = [
    # (content, selector in the part, attribute, expected value)
    ('<h1 id="t">T</h1><h2 id="doel">Doel</h2>', "h3", "id", "deel-fasen-observatie-doel"),
    ('<h1 id="t">T</h1><label for="veld">x</label>', "label", "for", "deel-fasen-observatie-veld"),
    (
        '<h1 id="t">T</h1><table><tr><td headers="a  b">x</td></tr></table>',
        "td",
        "headers",
        "deel-fasen-observatie-a deel-fasen-observatie-b",
    ),
    ('<h1 id="t">T</h1><p aria-labelledby="k">x</p>', "p", "aria-labelledby", "deel-fasen-observatie-k"),
    ('<h1 id="t">T</h1><a href="#doel">x</a>', "a", "href", "#deel-fasen-observatie-doel"),
    ('<h1 id="t">T</h1><a href="#">x</a>', "a", "href", "#"),
    ('<h1 id="t">T</h1><a href="../conversatie/#stap">x</a>', "a", "href", "#deel-fasen-conversatie-stap"),
    ('<h1 id="t">T</h1><a href="../conversatie/">x</a>', "a", "href", "#deel-fasen-conversatie"),
    ('<h1 id="t">T</h1><a href="../../overzichten/rollen/#a">x</a>', "a", "href", "../overzichten/rollen/#a"),
    ('<h1 id="t">T</h1><img src="../../assets/a.png" alt="">', "img", "src", "../assets/a.png"),
    (
        '<h1 id="t">T</h1><a href="https://example.org/a?b=1&amp;c=2">x</a>',
        "a",
        "href",
        "https://example.org/a?b=1&c=2",
    ),
    ('<h1 id="t">T</h1><a href="/absoluut/">x</a>', "a", "href", "/absoluut/"),
    ('<h1 id="t">T</h1><p data-id="d">x</p>', "p", "data-id", "d"),
    ('<h1 id="t">T</h1><h5 id="v">V</h5><h6 id="z">Z</h6>', "h6", "id", "deel-fasen-observatie-v"),
    # A heading opened in another's inline element nests in it; both move down.
    ('<h1 id="t">T</h1><h2 id="a">A<b><h3 id="b">B</h3></b></h2>', "h3 > b > h4", "id", "deel-fasen-observatie-b"),
]


@pytest.mark.parametrize(("content", "selector", "attribute", "expected"), BEHAVIOUR)
def test_a_part_moves_its_headings_ids_and_links(content, selector, attribute, expected):
    part = LexborHTMLParser(compose(content, held=HELD).html, is_fragment=True)
    assert part.css_first(selector).attributes[attribute] == expected


def test_the_title_becomes_the_part_heading_as_text():
    content = (
        '<h1 id="fase-1">Fase 1 &amp; <code>&lt;b&gt;</code><a class="headerlink" href="#fase-1">¶</a></h1><p>x</p>'
    )
    part = compose(content)
    assert (part.title, part.title_id) == ("Fase 1 & <b>", "fase-1")
    tree = LexborHTMLParser(part.html, is_fragment=True)
    heading = tree.css_first("h2")
    assert heading.attributes == {"id": "deel-fasen-observatie", "class": "hr-part"}
    assert heading.text() == "Fase 1 & <b>" and heading.css_first("code") is None
    assert not tree.css("a.headerlink") and not tree.css("h1")


def test_headings_move_down_in_their_place_among_the_rest():
    content = (
        '<h1 id="t">T</h1><div class="d"><p>1</p><h2>A</h2>2<!-- c --><section><h3>B</h3><p>3</p></section></div>4'
    )
    tree = LexborHTMLParser(compose(content).html, is_fragment=True)
    assert tree.css_first("div.d").html == (
        '<div class="d"><p>1</p><h3>A</h3>2<!-- c --><section><h4>B</h4><p>3</p></section></div>'
    )
    assert tree.root.text() == "T1A2B34"


def test_a_page_without_its_marks_is_refused():
    with pytest.raises(ValueError, match="heeft geen inhoud om af te drukken"):
        compose_part("<html><body><p>x</p></body></html>", "a.md", "afdrukken", {}, True)


THEME = ".hr-up, .hr-print-source, .md-sidebar, .md-content, .md-main__inner, article, footer"


@pytest.mark.parametrize(
    ("content", "kept"),
    [
        # An element left open holds the end mark and the theme's closing parts.
        ('<h1 id="t">T</h1><div class="open"><p>x</p>', ["div.open p"]),
        ('<h1 id="t">T</h1><p>x<table><tr><td><ul class="lijst"><li>y', ["p", "table td ul.lijst li"]),
        # An end tag too many closes the theme's <article> (and <div>) early: the rest follows it higher up.
        ('<h1 id="t">T</h1><p class="voor">x</p></div><p class="na">y</p>', ["p.voor", "p.na"]),
        ('<h1 id="t">T</h1><p class="voor">x</p></article></div></div><p class="na">y</p>', ["p.voor", "p.na"]),
        # What the overview template made: a fragment's <div> opened in a heading, closed after it.
        (
            '<h1 id="t">T</h1><h2 id="o">O<div class="f"><a class="headerlink">¶</a></h2><table></table></div><p>z</p>',
            ["h3", "table", "p"],
        ),
    ],
)
def test_markup_that_moves_the_marks_apart_keeps_the_content_and_leaves_the_theme(content, kept):
    part = compose(content)
    tree = LexborHTMLParser(part.html, is_fragment=True)
    assert all(tree.css_first(selector) is not None for selector in kept), part.html
    assert not tree.css(THEME) and CONTENT_END not in part.html and CONTENT_START not in part.html, part.html


# --- Filling a printable page in a small site -------------------------------------------------------------


def write(site: Path, url: str, page: str) -> None:
    (site / url).mkdir(parents=True, exist_ok=True)
    (site / url / "index.html").write_text(page, encoding="utf-8")


def printable_site(site: Path, printable_content: str, part_a: str = "", part_b: str = "") -> Path:
    """Pages a and b, each with its title and then `part_a`/`part_b`, and the printable page."""
    write(site, "a", built_page(f'<h1 id="titel-a">Deel A</h1>{part_a}'))
    write(site, "b", built_page(f'<h1 id="titel-b">Deel &lt;B&gt;</h1>{part_b}'))
    write(site, "afdrukken", built_page(printable_content, title="Afdrukken"))
    return site / "afdrukken" / "index.html"


def fill(site: Path) -> list[str]:
    warnings: list[str] = []
    fill_printable_pages(site, True, lambda problem: warnings.append(str(problem)))
    return warnings


def test_parts_fill_the_placeholder_with_contents_and_links_inside_the_page(tmp_path):
    spot = placeholder("afdrukken/index.md", ["a.md", "b.md"])
    output = printable_site(
        tmp_path, f"<h1>Afdrukken</h1>{spot}", part_b='<p><a href="../a/#titel-a">A</a> <a href="../a/">A</a></p>'
    )
    assert fill(tmp_path) == []
    tree = LexborHTMLParser(output.read_text(encoding="utf-8"))
    assert tree.css_first("div.hr-print-parts") is None
    assert [(h.id, h.text()) for h in tree.css("h2.hr-part")] == [("deel-a", "Deel A"), ("deel-b", "Deel <B>")]
    # Each part folded under its heading: a link to open it, then its text, hidden until found.
    for part in ("a", "b"):
        section = tree.css_first(f"#deel-{part}").parent
        assert section.attributes["class"] == "hr-print-part"
        opener, text = section.css_first(".hr-part-open a"), section.css_first(".hr-part-text")
        assert (opener.attributes["href"], opener.text(), opener.attributes["aria-describedby"]) == (
            f"#open-deel-{part}",
            "Lees dit deel",
            f"deel-{part}",
        )
        assert (text.id, text.attributes["hidden"]) == (f"open-deel-{part}", "until-found")
    assert [a.attributes["href"] for a in tree.css("nav.hr-print-toc a")] == ["#open-deel-a", "#open-deel-b"]
    assert [a.text() for a in tree.css("nav.hr-print-toc a")] == ["Deel A", "Deel <B>"]
    # A link to another part's title, or to the whole page, opens that part.
    assert [a.attributes["href"] for a in tree.css("#open-deel-b p a")] == ["#open-deel-a", "#open-deel-a"]
    assert len(tree.css(".hr-print-source")) == 1 and len(tree.css("footer")) == 1


def test_text_that_looks_like_the_placeholder_is_not_taken_for_it(tmp_path):
    fake = '<div class="hr-print-parts" data-page="afdrukken/index.md" data-parts="../../geheim.md"></div>'
    spot = placeholder("afdrukken/index.md", ["a.md"])
    output = printable_site(tmp_path, f"<p title='{fake}'>x</p><!-- {fake} -->{spot}")
    assert fill(tmp_path) == []
    tree = LexborHTMLParser(output.read_text(encoding="utf-8"))
    assert [h.id for h in tree.css("h2.hr-part")] == ["deel-a"]
    assert tree.css_first("p[title]").attributes["title"] == fake


@pytest.mark.parametrize(
    ("spot", "warning"),
    [
        (
            placeholder("afdrukken/ander.md", ["a.md"]),
            "afdrukken/index.html: de plaats voor de delen hoort niet bij deze pagina.",
        ),
        (
            placeholder("afdrukken/index.md", ["a.md", "../../../README.md"]),
            "docs/afdrukken/index.md: '../../../README.md' is geen pagina van de site en kan niet opgenomen worden.",
        ),
        (
            placeholder("afdrukken/index.md", ["a.md", "c.md"]),
            "docs/afdrukken/index.md: 'c.md' is geen pagina van de site en kan niet opgenomen worden.",
        ),
    ],
)
def test_a_placeholder_for_another_page_or_outside_the_site_is_told_and_left(tmp_path, spot, warning):
    output = printable_site(tmp_path, spot)
    before = output.read_text(encoding="utf-8")
    assert fill(tmp_path) == [warning]
    assert output.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("content", CUT_WRONG.values(), ids=CUT_WRONG.keys())
def test_a_filled_page_has_only_the_markup_of_its_page_its_parts_and_the_table_of_contents(tmp_path, content):
    spot = placeholder("afdrukken/index.md", ["a.md", "b.md"])
    output = printable_site(tmp_path, spot, part_b=content)
    write(tmp_path, "a", built_page(content))  # the content's own first heading is part a's title
    pages = [(tmp_path / url / "index.html").read_text(encoding="utf-8") for url in ("a", "b", "afdrukken")]
    fill(tmp_path)
    filled = elements(output.read_text(encoding="utf-8"))
    toc = elements(
        '<nav class="hr-print-toc" aria-label="Inhoud"><p><strong>x</strong></p><ol><li><a href="#">x</a></li></ol>'
    )
    # Besides the page's and its parts' own markup: the table of contents, the part headings and each part's
    # section, with its link to open it and its folded text.
    added = {
        ("h", frozenset({"id", "class"})),
        ("section", frozenset({"class"})),
        ("p", frozenset({"class"})),
        ("a", frozenset({"href", "aria-describedby"})),
        ("div", frozenset({"class", "id", "hidden"})),
    }
    known = {kind for page in pages for kind in elements(page)} | set(toc) | added
    assert set(filled) <= known, set(filled) - known
    for tag in LIVE:
        assert sum(n for (t, _), n in filled.items() if t == tag) <= sum(
            n for page in pages for (t, _), n in elements(page).items() if t == tag
        ), tag


# --- Hostile input: linear time, no recursion limit -------------------------------------------------------

SIZE = 100_000


def repeated(unit: str) -> str:
    return unit * (SIZE // len(unit))


HOSTILE = {
    "unclosed h1 with an id": repeated('<h1 id="x">t'),
    "unclosed h2 with an id": repeated('<h2 id="x">t'),
    "unclosed headerlink": repeated('<a class="headerlink">¶'),
    "unclosed headerlink and heading": repeated('<div><a class="headerlink"><h2 id="x">'),
    # A heading opened inside another's inline element nests in it: thousands of levels of headings.
    "headings nested in headings": repeated('<h1 id="x"><b><h2 id="y"><i>'),
    "attribute values holding the patterns": repeated('<p title=\'</a><a class="headerlink" id="\'>x</p>'),
    "comments holding the patterns": repeated('<!-- <a class="headerlink"> id=" --><h1 id="x">'),
    # Nesting much deeper costs the HTML parser itself more per level (its scope checks walk the open
    # elements): every reader of the page pays that, not only the composition.
    "2,000 nested divs": "<div>" * 2000 + '<h1 id="x">t</h1><a href="../a/">x</a>' + "</div>" * 2000,
    "2,000 nested divs left open": "<div>" * 2000 + '<h2 id="x">t<a class="headerlink">',
}


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_markup_is_composed_in_linear_time(content):
    started = time.process_time()  # the processor's time: the load of a shared machine does not stretch it
    part = compose_part(built_page(content), "a.md", "afdrukken", {"a": "deel-a"}, True)
    took = time.process_time() - started
    assert took < 2, f"{took:.2f} s"
    # Whatever the page leaves open, the theme's parts after the content stay out of the part.
    assert CONTENT_END not in part.html and "hr-print-source" not in part.html and "md-footer" not in part.html


@pytest.mark.parametrize("content", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_printable_page_with_hostile_parts_is_filled_in_linear_time(tmp_path, content):
    output = printable_site(tmp_path, placeholder("afdrukken/index.md", ["a.md", "b.md"]), part_a=content)
    started = time.process_time()  # the processor's time: the load of a shared machine does not stretch it
    assert fill(tmp_path) == []
    took = time.process_time() - started
    assert took < 2, f"{took:.2f} s"
    assert [h.id for h in LexborHTMLParser(output.read_text(encoding="utf-8")).css("h2.hr-part")] == [
        "deel-a",
        "deel-b",
    ]
