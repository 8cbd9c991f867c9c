"""Corrections and checks on the built site, once after a build, for what Material's templates cannot express."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

SEARCH_NL = Path(__file__).with_name("search_nl.js")


def add_dutch_query_stemming(site_dir: Path) -> None:
    """Prepend our query stemming to Material's search worker (see search_nl.js for why)."""
    shim = SEARCH_NL.read_text(encoding="utf-8")
    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        text = worker.read_text(encoding="utf-8")
        if not text.startswith(shim):
            worker.write_text(shim + text, encoding="utf-8")


# --- Valid HTML ----------------------------------------------------------------------------------------

# Material 9.8 emits a few attributes the HTML standard does not allow; each fix says which and why it is safe.
_CORRECTIONS = [
    # Navigation labels get tabindex="", which is not a number; without it they keep their default behaviour.
    (re.compile(r'\s+tabindex=""'), ""),
    # autocomplete is not allowed on checkboxes (Material's drawer and search toggles); it does nothing there.
    (re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"'), r"\1"),
]


def correct_html(site_dir: Path) -> None:
    """Make Material's generated pages valid HTML without changing what they do."""
    for page in site_dir.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        corrected = html
        for pattern, replacement in _CORRECTIONS:
            corrected = pattern.sub(replacement, corrected)
        # A section index page has a table-of-contents title pointing at a toggle that is not rendered.
        if 'for="__toc"' in corrected and 'id="__toc"' not in corrected:
            corrected = corrected.replace(' for="__toc"', "")
        if corrected != html:
            page.write_text(corrected, encoding="utf-8")


# --- Nothing loaded from elsewhere ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExternalResource:
    file: str
    line: int
    url: str

    def __str__(self) -> str:
        return f"{self.file}, regel {self.line}: laadt '{self.url}' van buiten de site. Lezers op het intranet hebben geen internet, en niemand buiten de organisatie mag zien wie de handreiking leest."


# Elements and attributes a browser fetches by itself; links (<a href>) are only followed when clicked.
_FETCHED = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}
_FETCHED_LINK_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "prefetch",
    "preconnect",
    "dns-prefetch",
    "icon",
    "manifest",
    "apple-touch-icon",
}
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)


def _is_external(url: str) -> bool:
    return bool(urlparse(url.strip()).netloc)


class _ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[int, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag in _FETCHED and _is_external(values.get(_FETCHED[tag], "")):
            self.found.append((line, values[_FETCHED[tag]]))
        if (
            tag == "link"
            and set(values.get("rel", "").lower().split()) & _FETCHED_LINK_RELS
            and _is_external(values.get("href", ""))
        ):
            self.found.append((line, values["href"]))
        for url in _CSS_URL.findall(values.get("style", "")):
            self.found.append((line, url))


def external_resources(site_dir: Path) -> list[ExternalResource]:
    """Everything a page or stylesheet would make a reader's browser fetch from another host."""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        finder = _ResourceFinder()
        text = page.read_text(encoding="utf-8")
        finder.feed(text)
        found += [ExternalResource(page.relative_to(site_dir).as_posix(), line, url) for line, url in finder.found]
        for match in _CSS_URL.finditer(" ".join(re.findall(r"<style[^>]*>(.*?)</style>", text, re.S | re.I))):
            found.append(ExternalResource(page.relative_to(site_dir).as_posix(), 0, match.group(1)))
    for stylesheet in sorted(site_dir.rglob("*.css")):
        text = stylesheet.read_text(encoding="utf-8")
        for match in _CSS_URL.finditer(text):
            line = text[: match.start()].count("\n") + 1
            found.append(ExternalResource(stylesheet.relative_to(site_dir).as_posix(), line, match.group(1)))
    return found


# --- Smaller pages: Material's stylesheet without the rules this site never uses ----------------------------

_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
_NOT = re.compile(r":not\([^()]*\)")


def _blocks(css: str) -> list[tuple[str, str | None, str]]:
    """Top-level blocks of minified CSS: (prelude, body or None for a plain rule, raw text); at-rules nest."""
    blocks, start = [], 0
    while (brace := css.find("{", start)) != -1:
        depth, end = 1, brace + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            end += 1
        prelude = css[start:brace]
        nests = prelude.startswith(("@media", "@supports", "@container", "@layer", "@document"))
        blocks.append((prelude, css[brace + 1 : end - 1] if nests else None, css[start:end]))
        start = end
    return blocks


def _split_selectors(prelude: str) -> list[str]:
    """A selector list split on its top-level commas (not those inside :is(), :not() and the like)."""
    parts, depth, current = [], 0, ""
    for char in prelude:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    return parts + [current]


def prune_css(css: str, used: set[str], scripts: str) -> str:
    """Drop selectors naming a class that no page carries and no script can add; keep everything else."""

    def needed(selector: str) -> bool:
        # A class inside :not() need not exist for the rule to apply: an absent class makes :not() match.
        while (without := _NOT.sub("", selector)) != selector:
            selector = without
        return all(name in used or name in scripts for name in _CLASS.findall(selector))

    kept = []
    for prelude, body, raw in _blocks(css):
        if body is not None:
            inner = prune_css(body, used, scripts)
            if inner:
                kept.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            kept.append(raw)
        else:
            selectors = [s for s in _split_selectors(prelude) if needed(s)]
            if selectors:
                kept.append(",".join(selectors) + raw[len(prelude) :])
    return "".join(kept)


def prune_material_css(site_dir: Path) -> None:
    """Material's stylesheet styles every feature it has; a reader's browser only needs what this site uses.

    A class counts as used when a built page carries it or any of the site's scripts names it (scripts add
    classes at run time, such as the search results'), so what the pages do stays as it was.
    """
    used = {
        name
        for page in site_dir.rglob("*.html")
        for match in _CLASS_ATTRIBUTE.finditer(page.read_text(encoding="utf-8"))
        for name in match.group(1).split()
    }
    scripts = "".join(path.read_text(encoding="utf-8") for path in (site_dir / "assets" / "javascripts").rglob("*.js"))
    for stylesheet in (site_dir / "assets" / "stylesheets").glob("main.*.min.css"):
        text = stylesheet.read_text(encoding="utf-8")
        source_map = text[text.rfind("/*# sourceMappingURL") :] if "/*# sourceMappingURL" in text else ""
        css = text[: len(text) - len(source_map)] if source_map else text
        stylesheet.write_text(prune_css(css, used, scripts), encoding="utf-8")
