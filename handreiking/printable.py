"""Printable pages: several pages of the handreiking, in navigation order, composed into one.

Each included page is rendered with the page's own macros, its headings moved one level down, its
Markdown links made relative to the printable page, and the ids its data fragments set prefixed, so
one printable page can hold the same fragment twice (the matrix is on two pages) and stay valid HTML.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import model
from .sources import split_front_matter

# Pages for editors, not for a handout.
EDITOR_PAGES = ("bijdragen.md", "nakijken.md")
PRINT_DIR = "afdrukken/"

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,5})(\s)")
_MD_LINK = re.compile(r"\]\((?!https?:|mailto:|#)([^)\s]+?\.md)(#[^)\s]*)?\)")


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
    """Which pages a printable page holds: 'alles', a phase id, or 'richtlijnen'."""
    content = [p for p in pages if not p.startswith(PRINT_DIR) and p not in EDITOR_PAGES]
    guidelines = {g.src_path: g for g in data.guidelines}
    if selection == "alles":
        return content
    if selection == "richtlijnen":
        return [p for p in content if p.startswith("richtlijnen/")]
    if selection in data.phases:
        phase_page = data.phases[selection].page
        return [p for p in content if p == phase_page or (p in guidelines and guidelines[p].phase == selection)]
    raise ValueError(
        f"'{selection}' is geen geldige keuze. Kies 'alles', 'richtlijnen' of een fase: {', '.join(data.phases)}."
    )


def part_id(src_path: str) -> str:
    return "deel-" + re.sub(r"[^a-z0-9]+", "-", src_path.removesuffix(".md").lower()).strip("-")


@dataclass
class Part:
    src_path: str
    title: str
    markdown: str


def compose_part(src_path: str, text: str, printable_src: str, render: Callable[[str, str], str], facts: str) -> Part:
    """One included page: rendered, headings one level down, links relative to the printable page."""
    front_matter, body = split_front_matter(text)
    rendered = render(body, part_id(src_path) + "-")
    source_dir = posixpath.dirname(src_path)
    printable_dir = posixpath.dirname(printable_src)

    def relink(match: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(source_dir, match.group(1)))
        return f"]({posixpath.relpath(target, printable_dir or '.')}{match.group(2) or ''})"

    lines, in_fence, title = [], False, src_path
    for line in rendered.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and line.startswith("# "):
            title = line[2:].strip()
            line = f"## {title} {{: #{part_id(src_path)} .hr-part }}"
            if facts:
                line += f"\n\n{facts}\n"
        elif not in_fence:
            line = _HEADING.sub(r"#\1\2", line)
        lines.append(_MD_LINK.sub(relink, line) if not in_fence else line)
    return Part(src_path, title, "\n".join(lines))


def table_of_contents(parts: list[Part]) -> str:
    items = "\n".join(f"{number}. [{part.title}](#{part_id(part.src_path)})" for number, part in enumerate(parts, 1))
    return f'<nav class="hr-print-toc" aria-label="Inhoud" markdown>\n\n**Inhoud**\n\n{items}\n\n</nav>'


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
