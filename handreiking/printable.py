"""Printable pages: several pages of the handreiking, in navigation order, composed into one.

The macro `printable_pages` only marks where the parts go (`placeholder`). Once every page is built,
`fill_printable_pages` copies each part's built content into that place: no page is converted twice, so a
printable page costs the build almost nothing. In each part the headings move one level down, links to a page
that the printable page also holds become links within it, other links stay right from the new place, and
every id gets the part's prefix, so one printable page can hold the same fragment twice (the matrix is on two
pages) and stay valid HTML.

All of it is done on the parsed page (selectolax, lexbor) and written back by the parser, never by cutting the
HTML text: whatever an editor's text holds, it cannot become an element or an attribute, and hostile markup
costs time in proportion to its size.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser, LexborNode

from . import model
from .problems import Problem
from .render import page_url, url_folder

# Pages for editors, not for a handout; and the frequent questions, whose answers the handout already holds.
EDITOR_PAGES = ("bijdragen.md", "nakijken.md")
FREQUENT_QUESTIONS = "veelgestelde-vragen.md"
# What changed since a printout: read on the site, where it is always new; the printout carries its version.
CHANGES_PAGE = "wat-is-er-veranderd.md"
PRINT_DIR = "afdrukken/"
# Each checklist Voor je post (not the page that introduces them) is a handout of one A4 too.
CHECKLIST_DIR = "voor-je-post/"
GUIDELINE_OVERVIEW = "richtlijnen/index.md"

# Set around a page's own content by overrides/partials/content.html: what a printable page copies.
CONTENT_START = "<!-- hr-page-content -->"
CONTENT_END = "<!-- /hr-page-content -->"

# Each part is a section of its own. On screen it shows its heading and a link that opens it; the rest is hidden
# until found: the browser's find-in-page and every link into the part open it, and on paper every part is open
# (handreiking.css). The browser then lays out only what is shown, so the whole handreiking on one page (8,000
# elements) opens on a phone as fast as a short page.
PART_CLASS = "hr-print-part"
# A part's title; its id (the part's prefix) goes before every id of the part's content.
PART_HEADING_CLASS = "hr-part"
OPEN_PART = "Lees dit deel"
FOLDED_HINT = "Op het scherm is elk deel dichtgeklapt. Kies een titel om het deel te lezen. Op papier staat alles open."
# The placeholder, as `placeholder` writes it: found by parsing the page, so an editor's text that only looks
# like it (in an attribute, in a comment) is never taken for it.
_PLACEHOLDER = "div.hr-print-parts[data-page][data-parts]"
# The marks' text inside the comments, as the parser reads them.
_START_MARK = CONTENT_START.removeprefix("<!--").removesuffix("-->").strip()
_END_MARK = CONTENT_END.removeprefix("<!--").removesuffix("-->").strip()
# One level down under the part heading, an h2; h6 stays h6, there is no h7.
_HEADINGS = {f"h{level}": f"h{level + 1}" for level in range(1, 6)}
_ID_ATTRIBUTES = ("id", "for")
_ID_LIST_ATTRIBUTES = ("aria-labelledby", "aria-describedby", "aria-controls", "headers")
# xlink:href is SVG's older spelling of href.
_URL_ATTRIBUTES = ("href", "src", "xlink:href")
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")
# The tree as written, without lexbor's mutation callbacks: they add nothing a printed page needs (the browser
# runs its own), and they walk up the ancestors on every move, which makes deep nesting cost its square.
_AS_WRITTEN = LexborDocumentOptions.WO_EVENTS


def nav_pages(nav: Iterable) -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in order."""
    pages: list[str] = []
    for item in nav or []:
        if isinstance(item, str):
            pages.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                pages += nav_pages([value]) if isinstance(value, str) else nav_pages(value)
    return pages


def is_handout(src_path: str) -> bool:
    """A printable page, or a checklist Voor je post: a handout of its own, not a part of the others."""
    return src_path.startswith(PRINT_DIR) or (src_path.startswith(CHECKLIST_DIR) and not src_path.endswith("/index.md"))


def select(pages: list[str], data: model.SiteData, selection: str) -> list[str]:
    """Which pages a printable page holds: 'alles', a phase id, or 'richtlijnen'. The guidelines are not in
    the nav: they follow their overview page, in its order (by phase)."""
    guidelines = [g.src_path for phase in data.phases for g in data.guidelines_for(phase=phase)]
    content = []
    for page in pages:
        if not is_handout(page) and page not in EDITOR_PAGES and page not in (FREQUENT_QUESTIONS, CHANGES_PAGE):
            content.append(page)
            content += guidelines if page == GUIDELINE_OVERVIEW else []
    if selection == "alles":
        return content
    if selection == "richtlijnen":
        return [p for p in content if p.startswith("richtlijnen/")]
    if selection in data.phases:
        phase_page = data.phases[selection].page
        phase_guidelines = {g.src_path for g in data.guidelines_for(phase=selection)}
        return [p for p in content if p == phase_page or p in phase_guidelines]
    raise ValueError(
        f"'{selection}' is geen geldige keuze. Kies 'alles', 'richtlijnen' of een fase: {', '.join(data.phases)}."
    )


def part_id(src_path: str) -> str:
    return "deel-" + re.sub(r"[^a-z0-9]+", "-", src_path.removesuffix(".md").lower()).strip("-")


def placeholder(printable_src: str, src_paths: list[str]) -> str:
    """Where the parts go; `fill_printable_pages` replaces it once every page is built."""
    parts = html.escape(" ".join(src_paths))
    return f'<div class="hr-print-parts" data-page="{html.escape(printable_src)}" data-parts="{parts}"></div>'


@dataclass
class Part:
    src_path: str
    title: str
    title_id: str  # the id the page's title had, before it became the part's heading
    html: str


def _output_file(src_path: str, directory_urls: bool) -> str:
    url = page_url(src_path, directory_urls)
    return url + "index.html" if url.endswith("/") or not url else url


def _is_built_page(site_dir: Path, src: str, directory_urls: bool) -> bool:
    """A Markdown page's path inside docs/ whose built page exists: nothing outside the site is read."""
    if not src.endswith(".md") or posixpath.normpath(src) != src or src.startswith(("/", "../")) or "\\" in src:
        return False
    return (site_dir / _output_file(src, directory_urls)).is_file()


def _is_mark(node: LexborNode, mark: str) -> bool:
    return node.tag == "-comment" and (node.comment_content or "").strip() == mark


def _page_content(tree: LexborHTMLParser) -> LexborNode | None:
    """The page's own content, what lies between the two marks, moved into a detached <section>, the part as the
    printable page holds it; None without the marks.

    The theme sets the marks side by side, but the page's markup can move them apart: an element it leaves open
    holds the end mark and the theme's closing parts (those are cut off after the mark), and an end tag too
    many closes the theme's <article> early, so the rest of the content follows it higher up (that is taken
    along, without the theme's elements around it)."""
    start = end = None
    for node in tree.root.traverse():
        if start is None and _is_mark(node, _START_MARK):
            start = node
        elif start is not None and _is_mark(node, _END_MARK):
            end = node
            break
    if start is None or end is None:
        return None
    above_start: set[int] = set()
    node = start
    while node.parent is not None:
        node = node.parent
        above_start.add(node.mem_id)
    # The end mark's ancestors below the element that holds both marks were opened by the page: kept, cut after it.
    last = end
    while last.parent is not None and last.parent.mem_id not in above_start:
        while last.next is not None:
            last.next.decompose(recursive=False)  # unlinked whole, in one step each
        last = last.parent
    common = last.parent.mem_id if last.parent is not None else None
    content = tree.create_node("section")
    content.attrs["class"] = PART_CLASS
    node = start
    while node is not None and node.mem_id != common:
        following = node.next
        while following is not None and following.mem_id != last.mem_id:
            sibling, following = following, following.next
            content.insert_child(sibling, move=True)
        node = node.parent
    if last.mem_id != end.mem_id:
        end.decompose(recursive=False)
        content.insert_child(last, move=True)
    return content


@dataclass(frozen=True)
class _Relink:
    """Where a part's links and ids go once it sits in the printable page."""

    prefix: str
    source_folder: str
    printable_folder: str
    held: dict[str, str]

    def url(self, attribute: str, url: str) -> str:
        if url.startswith("#"):
            return f"#{self.prefix}-{url[1:]}" if len(url) > 1 else url
        if _ABSOLUTE.match(url):
            return url
        path, hash_mark, fragment = url.partition("#")
        target = posixpath.normpath(posixpath.join(self.source_folder, path)) if path else self.source_folder
        if attribute == "href" and target in self.held:
            return f"#{self.held[target]}-{fragment}" if fragment else f"#{self.held[target]}"
        relative = posixpath.relpath(target, self.printable_folder)
        if path.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        return f"{relative}{hash_mark}{fragment}"

    def attributes(self, element: LexborNode) -> None:
        """Every id gets the part's prefix, and every link stays right from the printable page."""
        for name, value in element.attributes.items():
            if value is None:  # an attribute without a value names nothing
                continue
            if name in _ID_ATTRIBUTES:
                new = f"{self.prefix}-{value}" if value else value
            elif name in _ID_LIST_ATTRIBUTES:
                new = " ".join(f"{self.prefix}-{i}" for i in value.split())
            elif name in _URL_ATTRIBUTES:
                new = self.url(name, value)
            else:
                continue
            if new != value:
                element.attrs[name] = new


def _children(node: LexborNode) -> list[LexborNode]:
    children, child = [], node.first_child
    while child is not None:
        children.append(child)
        child = child.next
    return children


def _headings_down(
    tree: LexborHTMLParser, walked: list[LexborNode], title: LexborNode | None, part_heading: LexborNode
) -> None:
    """Every heading one level down and `part_heading` in the place of `title`; `walked` is the content's root
    and every element in it, in document order.

    A heading is renamed by moving its children into a new element. On every move lexbor checks that a node is
    not put inside itself by walking up from where it goes, so a move deep in the tree costs its depth. The
    headings and the elements above them are therefore taken out first and put back together from the bottom
    up, each into a parent that is out of the tree: every move is one step, however deep the nesting."""
    root = walked[0]
    spine = {root.mem_id: root}
    for heading in (element for element in walked if element.tag in _HEADINGS):
        node = heading
        while node.mem_id not in spine:  # each element is climbed once: the next climb stops where this one went
            spine[node.mem_id] = node
            node = node.parent
    children = {key: _children(node) for key, node in spine.items()}
    for key, node in spine.items():
        if key != root.mem_id:
            node.decompose(recursive=False)  # unlinked only: its children stay with it
    placed: dict[int, LexborNode] = {}
    for node in reversed(walked):  # an element's descendants come after it, so they are put together first
        key = node.mem_id
        if key not in spine:
            continue
        if title is not None and key == title.mem_id:
            placed[key] = part_heading
            continue
        target = node
        if node.tag in _HEADINGS:
            target = tree.create_node(_HEADINGS[node.tag])
            for name, value in node.attributes.items():
                target.attrs[name] = value
        for child in children[key]:
            target.insert_child(placed.get(child.mem_id, child), move=True)
        placed[key] = target


def _compose_tree(
    page_html: str, src_path: str, printable_folder: str, held: dict[str, str], directory_urls: bool
) -> tuple[Part, LexborNode]:
    """`compose_part` on the parsed page: the part (its html still empty) and its content as a tree."""
    tree = LexborHTMLParser(page_html, options=_AS_WRITTEN)
    content = _page_content(tree)
    if content is None:
        raise ValueError(f"docs/{src_path} heeft geen inhoud om af te drukken")
    prefix = part_id(src_path)
    relink = _Relink(prefix, url_folder(page_url(src_path, directory_urls)), printable_folder, held)

    # No "link to this section" marks: the part headings are reached from the table of contents.
    for mark in content.css("a.headerlink"):
        # Unlinked in one step, not node by node: a mark left open holds the rest of the page.
        mark.decompose(recursive=False)
    heading = content.css_first("h1[id]")  # the page's title: its id before it gets the part's prefix
    title_id = (heading.attributes["id"] or "") if heading is not None else ""
    walked = list(content.traverse())
    for element in walked:
        relink.attributes(element)

    title = heading.text(deep=True).strip() if heading is not None else src_path
    part_heading = tree.create_node("h2")
    part_heading.attrs["id"] = prefix
    part_heading.attrs["class"] = PART_HEADING_CLASS
    part_heading.insert_child(title)  # as text: escaped when written
    _headings_down(tree, walked, heading, part_heading)
    return Part(src_path, title, title_id, ""), content


def compose_part(
    page_html: str, src_path: str, printable_folder: str, held: dict[str, str], directory_urls: bool
) -> Part:
    """One built page as a part of a printable page in `printable_folder`; `held` maps the normalised URL
    of every page the printable page holds to its part id.

    The page is parsed and changed as a tree, and written back by the parser: what an editor wrote stays the
    elements and attributes it was, whatever text it holds."""
    part, content = _compose_tree(page_html, src_path, printable_folder, held, directory_urls)
    part.html = (content.inner_html or "").strip()
    return part


def part_text_id(src_path: str) -> str:
    """The id of a part's text, the folded part under its heading: a link to it opens the part. Every id inside a
    part starts with the part's id, so this one cannot be taken by a part."""
    return "open-" + part_id(src_path)


def _fold(content: LexborNode, src_path: str) -> None:
    """Under the part's heading, a link that opens the part, and the part's text hidden until found."""
    tree = content.parser
    children = _children(content)
    # A page without a title has no part heading (Material gives every page one): then all of it is folded.
    heading = next((i for i, child in enumerate(children) if child.tag == "h2" and child.id == part_id(src_path)), -1)
    text = tree.create_node("div")
    text.attrs["class"] = "hr-part-text"
    text.attrs["id"] = part_text_id(src_path)
    text.attrs["hidden"] = "until-found"
    for child in children[heading + 1 :]:
        text.insert_child(child, move=True)  # into a detached element: one step each
    opener = tree.create_node("p")
    opener.attrs["class"] = "hr-part-open"
    link = tree.create_node("a")
    link.attrs["href"] = f"#{part_text_id(src_path)}"
    link.attrs["aria-describedby"] = part_id(src_path)  # "Lees dit deel", then the part's title
    link.insert_child(OPEN_PART)
    opener.insert_child(link, move=True)
    content.insert_child(opener, move=True)
    content.insert_child(text, move=True)


def table_of_contents(parts: list[Part]) -> str:
    """The parts' titles, each a link that opens its part."""
    items = "\n".join(f'<li><a href="#{part_text_id(p.src_path)}">{html.escape(p.title)}</a></li>' for p in parts)
    return (
        f'<nav class="hr-print-toc" aria-label="Inhoud">\n<p><strong>Inhoud</strong></p>\n'
        f'<p class="hr-print-toc__hint">{FOLDED_HINT}</p>\n<ol>\n{items}\n</ol>\n</nav>'
    )


def _fill(spot: LexborNode, parts: list[tuple[Part, LexborNode]]) -> None:
    """Put the table of contents and the parts in the placeholder's place."""
    # A link to another page's title, or to the whole page, now opens that part: a dictionary look-up per link.
    title_links = {part_id(p.src_path): part_text_id(p.src_path) for p, _ in parts}
    title_links |= {f"{part_id(p.src_path)}-{p.title_id}": part_text_id(p.src_path) for p, _ in parts if p.title_id}
    toc = LexborHTMLParser(table_of_contents([p for p, _ in parts]), options=_AS_WRITTEN)
    spot.insert_before(toc.css_first("nav.hr-print-toc"))
    for part, content in parts:
        for link in content.css("[href^='#']"):
            target = title_links.get(link.attributes["href"][1:])
            if target is not None:
                link.attrs["href"] = f"#{target}"
        spot.insert_before("\n")
        _fold(content, part.src_path)
        spot.insert_before(content)  # from another parser: copied in as nodes, never as text to parse again
    spot.decompose()


def fill_printable_pages(site_dir: Path, directory_urls: bool, warn: Callable[[Problem], None]) -> None:
    """Put the built parts into every printable page: the last step of a build, once every page is written."""

    @functools.cache
    def built(src: str) -> str:  # the printable pages share most of their parts: read each once
        return (site_dir / _output_file(src, directory_urls)).read_text(encoding="utf-8")

    for output in sorted((site_dir / PRINT_DIR).rglob("*.html")):
        tree = LexborHTMLParser(output.read_text(encoding="utf-8"), options=_AS_WRITTEN)
        spot = tree.css_first(_PLACEHOLDER)
        if spot is None:
            continue
        printable_src = spot.attributes["data-page"] or ""
        sources = (spot.attributes["data-parts"] or "").split()
        # The placeholder is the macro's, but it sits in page content: it must name this page, and pages of the site.
        if not _is_built_page(site_dir, printable_src, directory_urls) or (
            site_dir / _output_file(printable_src, directory_urls) != output
        ):
            warn(
                Problem(
                    output.relative_to(site_dir).as_posix(), None, "de plaats voor de delen hoort niet bij deze pagina."
                )
            )
            continue
        strangers = [src for src in sources if not _is_built_page(site_dir, src, directory_urls)]
        if strangers:
            warn(
                Problem(
                    f"docs/{printable_src}",
                    None,
                    f"'{strangers[0]}' is geen pagina van de site en kan niet opgenomen worden.",
                )
            )
            continue
        printable_folder = url_folder(page_url(printable_src, directory_urls))
        held = {posixpath.normpath(page_url(src, directory_urls) or "."): part_id(src) for src in sources}
        # A part with a mistake shows it here as on its own page; the mistake is told once, for that page.
        _fill(spot, [_compose_tree(built(src), src, printable_folder, held, directory_urls) for src in sources])
        output.write_text(tree.html or "", encoding="utf-8")


@dataclass(frozen=True)
class Handout:
    src_path: str
    title: str
    pdf: str  # file name under pdf/ in the built site


def handouts(pages: list[str], read_title: Callable[[str], str]) -> list[Handout]:
    """The printable pages in the nav, each with the PDF that is made of it."""
    result = []
    for src_path in pages:
        stem = posixpath.basename(src_path).removesuffix(".md")
        if src_path.startswith(PRINT_DIR):
            pdf = "handreiking-sociale-media.pdf" if stem == "index" else f"handreiking-sociale-media-{stem}.pdf"
            result.append(Handout(src_path, read_title(src_path), pdf))
        elif src_path.startswith(CHECKLIST_DIR) and stem != "index":
            result.append(Handout(src_path, read_title(src_path), f"handreiking-sociale-media-voor-je-post-{stem}.pdf"))
    return result
