"""The checklists 'Voor je post', collected from the guidelines' front matter (`before_posting`).

Each item is a question ("Heb je …?") that a guideline asks before a post, with the heading of its rule on that same
guideline. The checklists are made from these items only, so they cannot drift from the rules: a rule heading that is
renamed or removed stops the build here, with the page and line of the item.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown.extensions.toc import slugify

from . import model
from .data_checks import is_guideline
from .schema import close_match
from .sources import LocatedYaml, Problem, read_text, split_front_matter

# The two checklists, by the value of `account` in an item; 'beide' puts an item on both.
ACCOUNTS = ("officieel", "persoonlijk")
BOTH = "beide"

# Every pattern here runs on an editor's text in linear time (ONDERHOUD.md, Wie mag wat?, 9): no two quantifiers
# that can match the same characters follow each other.
_FENCE = re.compile(r"\s{0,3}(```|~~~)")
# An explicit id, as attr_list writes it at the end of a heading: `## Titel { #mijn-id }` or `{: #mijn-id }`.
_EXPLICIT_ID = re.compile(r"\{:?[ \t]*#([\w-]+)(?:[ \t][^{}]*)?\}")
# Inline Markdown that the table of contents leaves out of a heading's text: a link keeps its words.
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_MARKS = re.compile(r"[*_`]")


def _heading(line: str) -> tuple[str, str | None] | None:
    """A Markdown heading's title and explicit id, or None when the line is no heading."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or not line[level : level + 1].isspace():
        return None
    title = line[level:].strip().rstrip("#").rstrip()
    explicit = None
    if title.endswith("}") and "{" in title:
        start = title.rindex("{")
        match = _EXPLICIT_ID.fullmatch(title, start)
        if match:
            explicit, title = match.group(1), title[:start].rstrip()
    return _MARKS.sub("", _LINK.sub(r"\1", title)).strip(), explicit


def headings(markdown: str) -> dict[str, str]:
    """The anchors of a page's headings, as MkDocs' table of contents makes them, with each heading's text."""
    found: dict[str, str] = {}
    in_fence = False
    for line in split_front_matter(markdown)[1].split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        heading = None if in_fence else _heading(line)
        if heading is None:
            continue
        title, explicit = heading
        anchor = explicit or slugify(title, "-")
        # The table of contents numbers a repeated anchor: wat-mag-wel, wat-mag-wel_1.
        unique, number = anchor, 0
        while unique in found:
            number += 1
            unique = f"{anchor}_{number}"
        found[unique] = title
    return found


def collect(document: LocatedYaml, src_path: str, markdown: str) -> tuple[list[model.ChecklistItem], list[Problem]]:
    """A guideline's checklist items (its front matter already passed the schema), and every item whose rule is not
    a heading on the page."""
    meta = document.data if isinstance(document.data, dict) else {}
    entries = meta.get("before_posting")
    # A list the schema refused is told by it; here only what it cannot see.
    if not isinstance(entries, list) or not all(
        isinstance(entry, dict) and all(isinstance(entry.get(key), str) for key in ("account", "item", "rule"))
        for entry in entries
    ):
        return [], []
    anchors = headings(markdown) if entries else {}
    items, problems = [], []
    for index, entry in enumerate(entries):
        rule = entry["rule"]
        if rule not in anchors:
            problems.append(
                document.problem(
                    ("before_posting", index, "rule"),
                    f"'{rule}' is geen titel op deze pagina, dus de vraag '{entry['item']}' kan niet naar haar regel "
                    f"linken.{close_match(rule, list(anchors))} Schrijf de titel zoals in de link naar een plaats op "
                    f"een pagina: in kleine letters, met streepjes. Kies uit: {', '.join(anchors)}.",
                )
            )
            continue
        items.append(model.ChecklistItem(entry["account"], entry["item"], src_path, rule, anchors[rule]))
    return items, problems


def checklist(
    pages: dict[str, LocatedYaml | None], docs_dir: Path
) -> tuple[tuple[model.ChecklistItem, ...], list[Problem]]:
    """Every guideline's questions, in the order of the guidelines, and every question that cannot be on a list."""
    items: list[model.ChecklistItem] = []
    problems: list[Problem] = []
    for src_path, document in pages.items():
        meta = document.data if document is not None and isinstance(document.data, dict) else {}
        if "before_posting" not in meta:
            continue
        if not is_guideline(src_path):
            problems.append(
                document.problem(
                    ("before_posting",),
                    "alleen een richtlijn in docs/richtlijnen/ kan vragen voor de lijsten Voor je post hebben. "
                    "Zet de vraag bij de richtlijn waar haar regel staat.",
                )
            )
            continue
        text = read_text(docs_dir / src_path, f"docs/{src_path}")[0] or ""
        page_items, page_problems = collect(document, src_path, text)
        items += page_items
        problems += page_problems
    return tuple(items), problems


def for_account(items: tuple[model.ChecklistItem, ...], account: str) -> list[model.ChecklistItem]:
    """The items of one checklist, in the order of the guidelines."""
    return [item for item in items if item.account in (account, BOTH)]
