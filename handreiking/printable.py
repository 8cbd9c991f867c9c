"""Printable pages: several pages of the handreiking, in navigation order, composed into one.

The macro `printable_pages` only marks where the parts go (`placeholder`). Once every page is built,
`fill_printable_pages` copies each part's built content into that place: no page is converted twice, so a
printable page costs the build almost nothing. In each part the headings move one level down, links to a page
that the printable page also holds become links within it, other links stay right from the new place, and
every id gets the part's prefix, so one printable page can hold the same fragment twice (the matrix is on two
pages) and stay valid HTML.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from . import model
from .render import page_url, url_folder

# Pages for editors, not for a handout; and the frequent questions, whose answers the handout already holds.
EDITOR_PAGES = ("bijdragen.md", "nakijken.md")
FREQUENT_QUESTIONS = "veelgestelde-vragen.md"
PRINT_DIR = "afdrukken/"
GUIDELINE_OVERVIEW = "richtlijnen/index.md"

# Set around a page's own content by overrides/partials/content.html: what a printable page copies.
CONTENT_START = "<!-- hr-page-content -->"
CONTENT_END = "<!-- /hr-page-content -->"

_PLACEHOLDER = re.compile(r'<div class="hr-print-parts" data-page="([^"]*)" data-parts="([^"]*)"></div>')
_HEADING_TAG = re.compile(r"<(/?)h([1-5])\b")
_FIRST_HEADING = re.compile(r'<h2 id="([^"]*)"[^>]*>(.*?)</h2>', re.S)
_HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
# Attributes, not the end of longer names such as data-id.
_ID = re.compile(r'(?<![\w-])(id|for)="([^"]+)"')
_ID_LIST = re.compile(r'(?<![\w-])(aria-labelledby|aria-describedby|aria-controls|headers)="([^"]+)"')
_URL = re.compile(r'(?<![\w-])(href|src)="([^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)")
_TAG = re.compile(r"<[^>]+>")
_IN_PAGE_LINK = re.compile(r'(?<![\w-])href="#([^"]*)"')


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


def select(pages: list[str], data: model.SiteData, selection: str) -> list[str]:
    """Which pages a printable page holds: 'alles', a phase id, or 'richtlijnen'. The guidelines are not in
    the nav: they follow their overview page, in its order (by phase)."""
    guidelines = [g.src_path for phase in data.phases for g in data.guidelines_for(phase=phase)]
    content = []
    for page in pages:
        if not page.startswith(PRINT_DIR) and page not in EDITOR_PAGES and page != FREQUENT_QUESTIONS:
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


def compose_part(
    page_html: str, src_path: str, printable_folder: str, held: dict[str, str], directory_urls: bool
) -> Part:
    """One built page as a part of a printable page in `printable_folder`; `held` maps the normalised URL
    of every page the printable page holds to its part id."""
    start, end = page_html.find(CONTENT_START), page_html.find(CONTENT_END)
    if start == -1 or end == -1:
        raise ValueError(f"docs/{src_path} heeft geen inhoud om af te drukken")
    body = page_html[start + len(CONTENT_START) : end]
    prefix = part_id(src_path)
    source_folder = url_folder(page_url(src_path, directory_urls))

    # No "link to this section" marks: the part headings are reached from the table of contents.
    body = _HEADERLINK.sub("", body)
    body = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", body)
    body = _ID.sub(lambda m: f'{m.group(1)}="{prefix}-{m.group(2)}"', body)
    body = _ID_LIST.sub(lambda m: m.group(1) + '="' + " ".join(f"{prefix}-{i}" for i in m.group(2).split()) + '"', body)

    def relink(match: re.Match) -> str:
        attribute, url = match.groups()
        if url.startswith("#"):
            return f'{attribute}="#{prefix}-{url[1:]}"' if len(url) > 1 else match.group(0)
        if _ABSOLUTE.match(url):
            return match.group(0)
        path, hash_mark, fragment = url.partition("#")
        target = posixpath.normpath(posixpath.join(source_folder, path)) if path else source_folder
        if attribute == "href" and target in held:
            return f'href="#{held[target]}-{fragment}"' if fragment else f'href="#{held[target]}"'
        relative = posixpath.relpath(target, printable_folder)
        if path.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        return f'{attribute}="{relative}{hash_mark}{fragment}"'

    body = _URL.sub(relink, body)
    title_id, title = "", src_path
    heading = _FIRST_HEADING.search(body)
    if heading:
        title_id = heading.group(1)
        title = _TAG.sub("", heading.group(2)).strip()
        body = body[: heading.start()] + f'<h2 id="{prefix}" class="hr-part">{title}</h2>' + body[heading.end() :]
    return Part(src_path, title, title_id, body.strip())


def table_of_contents(parts: list[Part]) -> str:
    items = "\n".join(f'<li><a href="#{part_id(p.src_path)}">{p.title}</a></li>' for p in parts)
    return (
        f'<nav class="hr-print-toc" aria-label="Inhoud">\n<p><strong>Inhoud</strong></p>\n<ol>\n{items}\n</ol>\n</nav>'
    )


def fill_printable_pages(site_dir: Path, directory_urls: bool, warn: Callable[[str], None]) -> None:
    """Put the built parts into every printable page: the last step of a build, once every page is written."""

    @functools.cache
    def built(src: str) -> str:  # the printable pages share most of their parts: read each once
        return (site_dir / _output_file(src, directory_urls)).read_text(encoding="utf-8")

    for output in sorted((site_dir / PRINT_DIR).rglob("*.html")):
        page_html = output.read_text(encoding="utf-8")
        match = _PLACEHOLDER.search(page_html)
        if match is None:
            continue
        printable_src, sources = html.unescape(match.group(1)), html.unescape(match.group(2)).split()
        # The placeholder is the macro's, but it sits in page content: it must name this page, and pages of the site.
        if not _is_built_page(site_dir, printable_src, directory_urls) or (
            site_dir / _output_file(printable_src, directory_urls) != output
        ):
            warn(f"{output.relative_to(site_dir).as_posix()}: de plaats voor de delen hoort niet bij deze pagina.")
            continue
        strangers = [src for src in sources if not _is_built_page(site_dir, src, directory_urls)]
        if strangers:
            warn(f"docs/{printable_src}: '{strangers[0]}' is geen pagina van de site en kan niet opgenomen worden.")
            continue
        printable_folder = url_folder(page_url(printable_src, directory_urls))
        held = {posixpath.normpath(page_url(src, directory_urls) or "."): part_id(src) for src in sources}
        # A part with a mistake shows it here as on its own page; the mistake is told once, for that page.
        parts = [compose_part(built(src), src, printable_folder, held, directory_urls) for src in sources]
        filled = table_of_contents(parts) + "\n" + "\n".join(part.html for part in parts)
        # A link to another page's title now goes to that part's heading: one pass over the page, whatever the
        # number of parts (a replace per part read the whole page again for each).
        title_links = {f"{part_id(p.src_path)}-{p.title_id}": part_id(p.src_path) for p in parts if p.title_id}
        filled = _IN_PAGE_LINK.sub(lambda m, links=title_links: f'href="#{links.get(m[1], m[1])}"', filled)
        output.write_text(page_html[: match.start()] + filled + page_html[match.end() :], encoding="utf-8")


@dataclass(frozen=True)
class Handout:
    src_path: str
    title: str
    pdf: str  # file name under pdf/ in the built site


def handouts(pages: list[str], read_title: Callable[[str], str]) -> list[Handout]:
    """The printable pages in the nav, each with the PDF that is made of it."""
    result = []
    for src_path in pages:
        if src_path.startswith(PRINT_DIR):
            stem = posixpath.basename(src_path).removesuffix(".md")
            pdf = "handreiking-sociale-media.pdf" if stem == "index" else f"handreiking-sociale-media-{stem}.pdf"
            result.append(Handout(src_path, read_title(src_path), pdf))
    return result
