"""Corrections and checks on the built site, once after a build, for what Material's templates cannot express."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEARCH_NL = Path(__file__).with_name("search_nl.js")


# V8's explicit compile hint (Chrome 136 and later): compile every function of the file while it downloads, on a
# background thread, instead of each one on the main thread when it is first called. Material's bundle sets up every
# part of a page as the page opens, so the main thread spends less time running it (make bench, *Scripts*), and a
# phone's reader waits less before the page answers a tap. Browsers without it read a comment.
COMPILE_HINT = "//# allFunctionsCalledOnLoad\n"


def _prepend_to_script(script: Path, lines: str) -> None:
    """Put whole lines before a script of the theme, once, and move its source map (if any) as many lines down, so
    that a developer's browser still shows the right line of Material's source."""
    text = script.read_text(encoding="utf-8")
    if text.startswith(lines):
        return
    script.write_text(lines + text, encoding="utf-8")
    source_map = script.with_name(script.name + ".map")
    if source_map.is_file():
        mapping = json.loads(source_map.read_text(encoding="utf-8"))
        mapping["mappings"] = ";" * lines.count("\n") + mapping["mappings"]
        source_map.write_text(json.dumps(mapping, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def add_dutch_query_stemming(site_dir: Path) -> None:
    """Prepend our query stemming to Material's search worker (see search_nl.js for why)."""
    shim = SEARCH_NL.read_text(encoding="utf-8")
    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        _prepend_to_script(worker, shim)


def add_compile_hint(site_dir: Path) -> None:
    """Mark Material's bundle, which every page runs as it opens, for compiling while it downloads (COMPILE_HINT)."""
    for bundle in (site_dir / "assets" / "javascripts").glob("bundle.*.min.js"):
        _prepend_to_script(bundle, COMPILE_HINT)


def slim_search_index(site_dir: Path) -> None:
    """Keep a page's search words (trefwoorden, given to Material as tags) on the page's entry only.

    Material copies a page's tags to each of its sections: 40 kB of repeats that every reader downloads, and
    a tag would lift every section of the page alike instead of the page itself.
    """
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    for entry in index["docs"]:
        if "#" in entry["location"]:
            entry.pop("tags", None)
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# --- Valid HTML ----------------------------------------------------------------------------------------

# Material 9.8 emits a few attributes the HTML standard does not allow; each fix says which and why it is safe.
# autocomplete is not allowed on checkboxes (Material's drawer and search toggles); it does nothing there.
_CHECKBOX = 'type="checkbox"'
_AUTOCOMPLETE = ' autocomplete="off"'


def _without_checkbox_autocomplete(html: str) -> str:
    """Each <input> tag that is a checkbox without its autocomplete="off" (written after the type, as Material does).

    Found with str.find, tag by tag: a pattern from every "<input " to a far ">" would read an unclosed page's
    rest once for each of them.
    """
    pieces, done = [], 0
    while (start := html.find("<input ", done)) != -1:
        end = html.find(">", start)
        if end == -1:
            break  # no tag after this one can close either
        checkbox = html.find(_CHECKBOX, start, end)
        autocomplete = html.find(_AUTOCOMPLETE, checkbox + len(_CHECKBOX), end) if checkbox != -1 else -1
        if autocomplete != -1:
            pieces += [html[done:autocomplete], html[autocomplete + len(_AUTOCOMPLETE) : end]]
        else:
            pieces.append(html[done:end])
        done = end
    return "".join(pieces) + html[done:]


def correct_html(html: str) -> str:
    """Material's page made valid HTML, without changing what it does."""
    # Navigation labels get tabindex="", which is not a number; without it they keep their default behaviour.
    html = html.replace(' tabindex=""', "")
    html = _without_checkbox_autocomplete(html)
    # A section index page has a table-of-contents title pointing at a toggle that is not rendered.
    if 'for="__toc"' in html and 'id="__toc"' not in html:
        html = html.replace(' for="__toc"', "")
    return html


# Material's templates indent every line and leave blank ones: a third of a page. Outside <pre> (and <textarea>)
# a run of white space shows as one space, whatever it holds; a line break stays, so inline scripts keep theirs.
_PRESERVED_START = re.compile(r"<(pre|textarea)\b", re.I)
_PRESERVED_END = {"pre": re.compile(r"</pre>", re.I), "textarea": re.compile(r"</textarea>", re.I)}
_LINE_SPACE = re.compile(r"\n\s+")


def _preserved(html: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each <pre> and <textarea> element, up to its closing tag.

    Each start looks for its end once; an element that is never closed tells that no later one of its kind is,
    so many unclosed <pre> cost one read of the page, not one each.
    """
    done, unclosed = 0, set()
    for start in _PRESERVED_START.finditer(html):
        name = start.group(1).lower()
        if start.start() < done or name in unclosed:
            continue
        end = _PRESERVED_END[name].search(html, start.end())
        if end is None:
            unclosed.add(name)
            continue
        yield start.start(), end.end()
        done = end.end()


def collapse_white_space(html: str) -> str:
    pieces, done = [], 0
    for start, end in _preserved(html):
        pieces += [_LINE_SPACE.sub("\n", html[done:start]), html[start:end]]
        done = end
    return "".join(pieces) + _LINE_SPACE.sub("\n", html[done:])


# --- Words apart in the search index ----------------------------------------------------------------------

# Material's search index leaves out the tags of a page's text and keeps what is between them as it is: where the
# HTML puts two texts against each other across an element's edge or a line break ("<td>nood</td><td>meteen</td>",
# "<dt>Wie</dt><dd>…", "regel<br>regel"), the index glued their words together ("noodmeteen"), which neither word
# finds and which a result then shows. A line break at every such edge keeps them apart; outside <pre> and
# <textarea> it shows as nothing on the page. Whatever wrote the HTML: our templates, or an editor's own table.
# The elements: every one a page's content may hold (built_check.py) that is not text within a line, and the texts
# of a drawing (SVG).
_PARTS_WORDS = (
    "address|article|aside|blockquote|caption|dd|details|dialog|div|dl|dt|fieldset|figcaption|figure|footer|"
    "h[1-6]|header|hgroup|hr|legend|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul|"
    "text|title|desc"
)
# Each match starts at "<" (so only a "<" starts a try) and ends at a fixed place, so the scan is linear: a closing
# tag of those elements or a line break with something other than white space right after it (group 1), or an
# opening tag right after something else (group 2). The groups leave out the "<".
_EDGE = re.compile(
    rf"<(?:(/(?:{_PARTS_WORDS})\s*>|br\s*/?>)(?=[^\s])|(?<=[^\s]<)((?:{_PARTS_WORDS})(?=[\s/>])))",
    re.I,
)


def keep_words_apart(html: str) -> str:
    """A page's content with a line break at each block edge and line break that had none (see _EDGE), except inside
    <pre> and <textarea>, where it would show."""
    preserved = list(_preserved(html))
    starts = [start for start, _ in preserved]

    def shows(at: int) -> bool:
        which = bisect_right(starts, at) - 1
        return which >= 0 and preserved[which][0] < at < preserved[which][1]

    parted_at = -1  # where the last line break went: "</td><td>" needs one, not two

    def apart(edge: re.Match) -> str:
        nonlocal parted_at
        tag = edge.group(0)
        at = edge.end() if edge.group(1) else edge.start()
        if at == parted_at or shows(at):
            return tag
        parted_at = at
        return tag + "\n" if edge.group(1) else "\n" + tag

    return _EDGE.sub(apart, html)


# --- Nothing loaded from elsewhere ------------------------------------------------------------------------


@dataclass(frozen=True)
class ExternalResource:
    file: str
    line: int
    url: str

    def __str__(self) -> str:
        return f"{self.file}, regel {self.line}: laadt '{self.url}' van buiten de site. Lezers op het intranet hebben geen internet, en niemand buiten de organisatie mag zien wie de handreiking leest."


# The theme's own stylesheets; pages and the stylesheets from docs/ are checked by built_check.py, which
# parses them as a browser does and names the source file.
_CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])((?:https?:)?//[^'")\s]+)""", re.I)


def external_in_css(css: str, file: str) -> list[ExternalResource]:
    return [ExternalResource(file, css.count("\n", 0, m.start()) + 1, m.group(1)) for m in _CSS_URL.finditer(css)]


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


def prune_css(css: str, used: set[str], scripts: set[str]) -> str:
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


_SCRIPT_WORD = re.compile(r"[\w-]+")


def finish_site(site_dir: Path) -> None:
    """One pass over the built site: correct the HTML, make Material's stylesheet fit the site, add Dutch query
    stemming to search, and mark Material's bundle for compiling while it downloads. What the finished files would
    fetch from another host, site_audit.py tells.

    Material's stylesheet styles every feature it has; a class is kept when a built page carries it or any
    of the site's scripts names it (scripts add classes at run time, such as the search results').
    """
    add_dutch_query_stemming(site_dir)
    add_compile_hint(site_dir)
    slim_search_index(site_dir)
    used: set[str] = set()
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        corrected = collapse_white_space(correct_html(html))
        if corrected != html:
            page.write_text(corrected, encoding="utf-8")
        used.update(name for match in _CLASS_ATTRIBUTE.finditer(corrected) for name in match.group(1).split())
    # Lunr's language files (one of them 0.7 MB of Thai word lists) only feed the search engine: no classes there.
    scripts = {
        word
        for path in (site_dir / "assets" / "javascripts").rglob("*.js")
        if "lunr" not in path.relative_to(site_dir).parts
        for word in _SCRIPT_WORD.findall(path.read_text(encoding="utf-8"))
    }
    for stylesheet in (site_dir / "assets" / "stylesheets").glob("main.*.css"):
        css = stylesheet.read_text(encoding="utf-8")
        stylesheet.write_text(prune_css(css.split("/*# sourceMappingURL")[0], used, scripts), encoding="utf-8")
