"""Every link in the content of the built site leads somewhere: to a page or file of the site, and to the place
(#anchor) on it.

MkDocs checks the links written in Markdown. A link written in HTML (`<a href>`, `<img src>`) reaches the page
as written, unchecked and not rewritten, so `<a href="kanalen.md">` works in the editor's preview of the file
but not on the site. This check reads each built page as a browser does and follows every link in its content,
whatever wrote it. A link MkDocs has already told about (same file and line) is not told twice.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser

from .built_check import SourceFinder, leaves_site, walk_page
from .mkdocs_messages import missing_anchor
from .sources import Problem

# Made after the build by `make pdf`; test_print checks every download link against the real PDFs.
MADE_AFTER_THE_BUILD = ("pdf/",)

_MARKDOWN_ADVICE = (
    "Schrijf de link liever in Markdown, naar het bestand: [tekst](../overzichten/kanalen.md). Die link zet de "
    "site zelf om, en de controle vindt een fout erin."
)


@dataclass(frozen=True)
class BuiltPage:
    src_uri: str  # the page in docs/, as MkDocs names it: overzichten/kanalen.md
    dest_uri: str  # the built file in the site: overzichten/kanalen/index.html
    html: str  # the page as MkDocs wrote it (a printable page before its parts are put in: they are checked apart)


def content_links(html: str) -> list[tuple[str, str]]:
    """(attribute, value) of every link a reader or the browser follows inside the page's content."""
    return [
        (attribute, node.attributes[attribute])
        for node, in_content in walk_page(html)
        if in_content and node.tag in ("a", "img", "area")
        for attribute in ("href", "src")
        if node.attributes.get(attribute) is not None
    ]


class _Site:
    """The built site's files and the ids on its pages, read once."""

    def __init__(self, site_dir: Path, pages: list[BuiltPage]):
        self.site_dir = site_dir
        self.src_of = {page.dest_uri: page.src_uri for page in pages}
        self._ids: dict[str, set[str]] = {}

    def target(self, page: BuiltPage, url: str) -> tuple[str | None, str]:
        """The built file a relative URL on the page leads to (None when it leaves the site's folder), and the
        anchor after #."""
        parts = urlsplit(url)
        fragment = unquote(parts.fragment)
        if not parts.path:
            return page.dest_uri, fragment
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page.dest_uri), unquote(parts.path)))
        if joined == ".." or joined.startswith("../") or joined.startswith("/"):
            return None, fragment
        if parts.path.endswith("/") or (self.site_dir / joined).is_dir():
            joined = posixpath.join("" if joined == "." else joined, "index.html")
        return joined, fragment

    def exists(self, dest: str) -> bool:
        return (self.site_dir / dest).is_file()

    def ids(self, dest: str) -> set[str]:
        if dest not in self._ids:
            text = (self.site_dir / dest).read_text(encoding="utf-8", errors="replace")
            self._ids[dest] = {node.attributes.get("id") or "" for node in LexborHTMLParser(text).css("[id]")}
        return self._ids[dest]


def check_links(
    site_dir: Path, docs_dir: Path, pages: list[BuiltPage], told: set[tuple[str, int | None, str]] = frozenset()
) -> list[Problem]:
    """Every link in the pages' content that leads nowhere on the built site, with the file and line that hold
    it; `told` holds the (file, line, link as written) of the links MkDocs has already reported."""
    site = _Site(site_dir, pages)
    finder = SourceFinder(docs_dir)
    problems = []
    for page in pages:
        for attribute, url in content_links(page.html):
            if leaves_site(url) or not url.strip():
                continue
            message = _broken(site, page, attribute, url)
            if message is None:
                continue
            fragment = "#" + urlsplit(url).fragment if "#" in url else ""
            # Written in HTML, the link is in the source as it is built; a Markdown link is written as the file
            # (kanalen.md#x) and built as the page (kanalen/#x): then its anchor finds the line.
            needles = tuple(f"{attribute}={quote}{url}{quote}" for quote in "\"'") + (url, fragment)
            file, line = finder.locate(needles, docs_dir / page.src_uri, True)
            if not any(_same_link(url, link) for f, n, link in told if (f, n) == (file, line)):
                problems.append(Problem(file, line, message))
    return problems


def _same_link(built: str, written: str) -> bool:
    """Whether a link on the built page is the Markdown link written so: as it was, or turned into the page's
    address with the same anchor."""
    return built == written or ("#" in written and built.partition("#")[2] == written.partition("#")[2])


def _broken(site: _Site, page: BuiltPage, attribute: str, url: str) -> str | None:
    """What is wrong with the link, in Dutch; None when it works."""
    dest, fragment = site.target(page, url)
    if url.split("#")[0].split("?")[0].endswith(".md"):
        return (
            f"de link '{url}' in HTML gaat naar een .md-bestand, maar op de site heet de pagina anders: de link "
            f"werkt daar niet. {_MARKDOWN_ADVICE}"
        )
    if dest is not None and dest.startswith(MADE_AFTER_THE_BUILD):
        return None
    if dest is None or not site.exists(dest):
        if attribute == "src":
            return (
                f"de afbeelding '{url}' bestaat niet op de site. Zet het bestand in docs/ (bijvoorbeeld in "
                "docs/beelden/) en toon het in Markdown: ![wat er te zien is](../beelden/naam.png)."
            )
        return f"de link '{url}' gaat naar een pagina of bestand dat niet bestaat op de site. {_MARKDOWN_ADVICE}"
    if fragment and attribute == "href" and dest.endswith(".html") and fragment not in site.ids(dest):
        where = "deze pagina" if dest == page.dest_uri else f"docs/{site.src_of.get(dest, dest)}"
        return missing_anchor(url, where)
    return None
