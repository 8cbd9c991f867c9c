"""Check what a browser will see: the built pages, the search index and the stylesheets from docs/.

Editors cannot recognise code, so the wall stands where the browser reads: every built page is parsed with
an HTML5 parser (lexbor, through selectolax), which decodes entities and odd white space exactly as a browser
does, and CSS is read with a CSS tokenizer (tinycss2), which decodes CSS escapes. What comes from Markdown and
data (between the theme's `hr-page-content` markers) must use only the elements and attributes the handreiking
needs; nowhere in a page may anything run code, leave the site by itself, or change where the page's links
and forms go. Each finding names the source page (and line where it can be found) or the data file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import tinycss2
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .printable import PART_HEADING_CLASS
from .sources import Problem

CONTENT_MARKER = "hr-page-content"
# Where a finding outside the content comes from when no page or data file holds it.
THEME = "het thema (mkdocs.yml of overrides/)"

# --- What content may hold -----------------------------------------------------------------------------------

_HTML_CONTENT = {
    *"a abbr b blockquote br caption code col colgroup dd del details dfn div dl dt em figcaption figure".split(),
    *"h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q s samp small span strong sub summary sup".split(),
    *"table tbody td tfoot th thead time tr u ul var wbr section aside nav".split(),
    # The boxes of the checklists Voor je post and the forms to print: see _is_plain_checkbox.
    "input",
    "label",
}
# The media-mix chart and icons: shapes and text only (no <use>, <image>, <foreignObject>, <animate>, <script>).
_SVG_CONTENT = {*"svg g rect circle ellipse line path polygon polyline text tspan title desc".split()}
CONTENT_ELEMENTS = _HTML_CONTENT | _SVG_CONTENT

_GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role", "tabindex", "hidden", "style"}
_SVG_ATTRIBUTES = {
    *"viewbox width height xmlns x y rx ry cx cy r d points x1 y1 x2 y2 dx dy fill stroke stroke-width".split(),
    *"transform text-anchor dominant-baseline font-size font-weight opacity fill-opacity preserveaspectratio".split(),
    "focusable",
}
_ELEMENT_ATTRIBUTES = {
    "a": {"href", "rel", "target", "hreflang", "download", "type"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "td": {"colspan", "rowspan", "headers"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "details": {"open"},
    "time": {"datetime"},
    "col": {"span"},
    "colgroup": {"span"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "input": {"type"},
    "label": {"for"},
    **{name: _SVG_ATTRIBUTES for name in _SVG_CONTENT},
}
# data-search-exclude keeps a fragment out of the search index; data-page and data-parts mark where a printable
# page's parts go (printable.py). Material's own data-md-* stay the theme's: they steer its scripts.
_CONTENT_DATA_ATTRIBUTES = {"data-search-exclude", "data-page", "data-parts"}

# --- What no page may hold, content or theme -------------------------------------------------------------------

_NEVER = {"base", "iframe", "frame", "frameset", "object", "embed", "applet", "portal", "style", "noscript"}
_NEVER.update({"foreignobject", "animate", "set", "animatemotion", "animatetransform", "handler", "listener"})
# Attributes a browser fetches by itself; they may only point into the site.
_FETCHED = {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "manifest", "ping", "codebase"}
_FETCHED_LINK_RELS = {
    *"stylesheet preload modulepreload prefetch prerender preconnect dns-prefetch icon manifest".split(),
    "apple-touch-icon",
}
# Attributes a browser follows when someone clicks; they may leave the site, but only to these schemes.
_FOLLOWED = {"href", "xlink:href", "cite", "longdesc", "usemap", "itemtype", "profile"}
_SCHEMES = {"http", "https", "mailto", "tel"}
# Never: where a form goes, or HTML in an attribute.
_REFUSED_ATTRIBUTES = {"action", "formaction", "srcdoc", "http-equiv"}

_ADVICE = "Pagina's en gegevens zijn inhoud, geen code. Haal het weg; heb je echt iets interactiefs nodig, vraag het dan aan een ontwikkelaar."
_LEAVES_ADVICE = (
    "Lezers op het intranet hebben geen internet, en niemand buiten de organisatie mag zien wie de handreiking leest. "
    "Zet het bestand in docs/ en verwijs ernaar met een relatief pad."
)


@dataclass(frozen=True)
class Finding:
    """What is wrong, and the words to look for in the source to find its line."""

    message: str
    needles: tuple[str, ...]
    in_content: bool


# --- URLs as a browser reads them -------------------------------------------------------------------------------

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def _browser_url(value: str) -> str:
    """A URL as the URL parser sees it: outer control characters and spaces gone, tabs and newlines removed."""
    return re.sub(r"[\t\n\r]", "", value.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f ")).replace(
        "\\", "/"
    )


def url_scheme(value: str) -> str | None:
    match = _SCHEME.match(_browser_url(value))
    return match.group(1).lower() if match else None


def leaves_site(value: str) -> bool:
    """True when fetching the URL would contact another host (an absolute or protocol-relative URL)."""
    url = _browser_url(value)
    return url.startswith("//") or url_scheme(url) is not None


def _srcset_urls(value: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in value.split(",") if candidate.strip()]


# --- CSS ----------------------------------------------------------------------------------------------------------


def css_urls(css: str, declarations_only: bool = False) -> Iterator[str]:
    """Every URL a stylesheet (or a style attribute) makes the browser fetch: url(), @import, image-set()."""
    if declarations_only:
        tokens = tinycss2.parse_blocks_contents(css, skip_comments=True, skip_whitespace=True)
    else:
        tokens = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    yield from _urls_in(tokens)


def _urls_in(tokens: Iterable) -> Iterator[str]:
    for token in tokens:
        kind = getattr(token, "type", "")
        if kind == "url":
            yield token.value
        elif kind == "function":
            if token.lower_name in ("url", "src") or token.lower_name.endswith("image-set"):
                yield from (arg.value for arg in token.arguments if arg.type == "string")
            yield from _urls_in(token.arguments)
        elif kind == "at-rule":
            if token.lower_at_keyword == "import":
                yield from (part.value for part in token.prelude if part.type == "string")
            yield from _urls_in(token.prelude)
            if token.content is not None:
                yield from _urls_in(tinycss2.parse_blocks_contents(token.content))
        elif kind in ("qualified-rule",):
            yield from _urls_in(token.prelude)
            yield from _urls_in(tinycss2.parse_blocks_contents(token.content))
        elif kind == "declaration":
            yield from _urls_in(token.value)
        elif kind in ("() block", "[] block", "{} block"):
            yield from _urls_in(token.content)


def check_css(css: str, shown_as: str, *, data_urls: bool = False) -> list[Problem]:
    """A stylesheet: nothing it loads may leave the site. The theme's own (`data_urls`) draws its icons as data:
    images, which the policy allows (img-src data:) and which contact no host."""
    problems = []
    for url in css_urls(css):
        if leaves_site(url) and not (data_urls and url_scheme(url) == "data"):
            line = next((n for n, text in enumerate(css.split("\n"), 1) if url in text), None)
            problems.append(Problem(shown_as, line, f"laadt '{url}' van buiten de site. {_LEAVES_ADVICE}"))
    return problems


# --- One element ------------------------------------------------------------------------------------------------


def _element_findings(node: LexborNode, in_content: bool) -> Iterator[Finding]:
    tag = node.tag.lower()
    shown = f"<{tag}>"
    refused_in_content = ("script", "form", "input", "button", "select", "textarea", "meta")
    if tag in _NEVER or (in_content and tag in refused_in_content and not _is_plain_checkbox(node)):
        yield Finding(f"het HTML-element {shown} is niet toegestaan. {_ADVICE}", (f"<{tag}",), in_content)
        return
    if in_content and tag not in CONTENT_ELEMENTS:
        yield Finding(f"het HTML-element {shown} hoort niet in de handreiking. {_ADVICE}", (f"<{tag}",), in_content)
    allowed = _GLOBAL_ATTRIBUTES | _ELEMENT_ATTRIBUTES.get(tag, set())
    rels = set((node.attributes.get("rel") or "").lower().split())
    for name, raw in node.attributes.items():
        name = name.lower()
        value = raw or ""
        needles = (value, name) if value else (name,)
        if name.startswith("on"):
            yield Finding(
                f"het HTML-attribuut '{name}' voert code uit en is niet toegestaan. {_ADVICE}", needles, in_content
            )
            continue
        if name in _REFUSED_ATTRIBUTES and not (tag == "meta" and name == "http-equiv" and _is_own_policy(node)):
            yield Finding(f"het HTML-attribuut '{name}' is niet toegestaan. {_ADVICE}", needles, in_content)
            continue
        if in_content and not (name in allowed or name.startswith("aria-") or name in _CONTENT_DATA_ATTRIBUTES):
            yield Finding(
                f"het HTML-attribuut '{name}' op {shown} hoort niet in de handreiking. {_ADVICE}", needles, in_content
            )
            continue
        if in_content and name in ("id", "name") and value.startswith("__"):
            # Material finds its own parts by such ids (__config, __search): content must not stand in for them.
            yield Finding(
                f"de id '{value}' is voorbehouden aan de site zelf. Kies een id zonder __ vooraan.",
                (value,),
                in_content,
            )
            continue
        if name == "style":
            for url in css_urls(value, declarations_only=True):
                if leaves_site(url):
                    yield Finding(
                        f"een stijl laadt '{url}' van buiten de site. {_LEAVES_ADVICE}", (url, "style"), in_content
                    )
            continue
        fetched = name in _FETCHED or (
            name in ("href", "xlink:href")
            and (tag in ("image", "use", "feimage", "script") or (tag == "link" and rels & _FETCHED_LINK_RELS))
        )
        urls = _srcset_urls(value) if name == "srcset" else [value]
        for url in urls:
            if fetched and leaves_site(url):
                yield Finding(
                    f"<{tag} {name}> laadt '{url.strip()}' van buiten de site. {_LEAVES_ADVICE}",
                    (url.strip(), name),
                    in_content,
                )
            elif (fetched or name in _FOLLOWED) and url_scheme(url) not in (None, *_SCHEMES):
                yield Finding(
                    f"een link of adres met '{url_scheme(url)}:' ('{url.strip()[:60]}') is niet toegestaan. "
                    "Gebruik een gewoon webadres (https://…), mailto: of tel:.",
                    (url.strip(), name),
                    in_content,
                )


def _is_plain_checkbox(node: LexborNode) -> bool:
    """A box a reader ticks on screen or on paper, and nothing more: no name, value, form or state, so nothing is
    sent, kept or set for the reader. A browser ticks it without any script."""
    attributes = {name.lower(): (value or "") for name, value in node.attributes.items()}
    return (
        node.tag.lower() == "input"
        and attributes.get("type", "").lower() == "checkbox"
        and set(attributes) <= {"type", "id", "class"}
    )


def _is_own_policy(node: LexborNode) -> bool:
    """The theme's Content-Security-Policy, the one http-equiv a page may carry."""
    return (node.attributes.get("http-equiv") or "").lower() == "content-security-policy"


def _script_findings(node: LexborNode) -> Iterator[Finding]:
    """The theme's scripts: from the site itself, or JSON data. Inline code is left to the policy (csp.py)."""
    src = node.attributes.get("src")
    if src is not None and leaves_site(src):
        yield Finding(f"<script src> laadt '{src}' van buiten de site. {_LEAVES_ADVICE}", (src,), False)


# --- Pages ----------------------------------------------------------------------------------------------------


def content_marker(node: LexborNode) -> str | None:
    """'hr-page-content' or '/hr-page-content' when the node is one of the comments around a page's content."""
    if node.tag != "-comment":
        return None
    text = (node.comment_content or "").strip()
    return text if text in (CONTENT_MARKER, f"/{CONTENT_MARKER}") else None


def walk_page(page: str | LexborHTMLParser) -> Iterator[tuple[LexborNode, bool]]:
    """Every element and comment of a built page (its text, or the page parsed once by the caller), as a browser
    parses it, and whether it stands in the content."""
    tree = LexborHTMLParser(page) if isinstance(page, str) else page
    in_content = False
    for node in tree.root.traverse(include_text=False):
        marker = content_marker(node)
        if marker is not None:
            in_content = marker == CONTENT_MARKER
        yield node, in_content


def page_findings(page: str | LexborHTMLParser) -> list[Finding]:
    """Everything in one built page that would run code, leave the site or is not content."""
    findings: list[Finding] = []
    markers = []
    ids: set[str] = set()
    part = ""  # on a printable page, the part being walked: its id goes before each id of its content
    for node, in_content in walk_page(page):
        marker = content_marker(node)
        if marker is not None:
            markers.append(marker)
        if node.tag == "-comment":
            continue
        name = node.attributes.get("id")
        if node.tag == "h2" and PART_HEADING_CLASS in (node.attributes.get("class") or "").split():
            part = name or ""
        if name and name in ids:
            # Told as the editor wrote it: the same finding as on the page the part comes from, and told once.
            findings.append(_twice(name.removeprefix(f"{part}-") if part else name, in_content))
        if name:
            ids.add(name)
        if node.tag == "script" and not in_content:
            findings += _script_findings(node)
            continue
        findings += _element_findings(node, in_content)
    if markers not in ([], [CONTENT_MARKER, f"/{CONTENT_MARKER}"]):
        findings.append(
            Finding(
                f"het HTML-commentaar '{CONTENT_MARKER}' is voorbehouden aan de site zelf. Haal het weg.",
                (CONTENT_MARKER,),
                True,
            )
        )
    return findings


def _twice(name: str, in_content: bool) -> Finding:
    """An id a page holds twice: a link to it, or a title of the table of contents, finds only the first."""
    return Finding(
        f"het id '{name}' staat twee keer op deze pagina. Een link naar #{name} komt dan altijd bij het eerste uit. "
        "Geef er één een andere naam.",
        (f'id="{name}"', f"{{#{name}", f"#{name}", name),
        in_content,
    )


def fragment_findings(html: str) -> list[Finding]:
    """A piece of content HTML (a search result), checked as the content of a page."""
    return page_findings(f"<body><!--{CONTENT_MARKER}-->{html}<!--/{CONTENT_MARKER}--></body>")


def _as_written(needle: str) -> re.Pattern:
    """The needle where it stands as a word of its own: an attribute 'ping' is not in 'Bijeenroeping'."""
    before = r"(?<![\w-])" if needle[0].isalnum() else ""
    after = r"(?![\w-])" if needle[-1].isalnum() else ""
    return re.compile(before + re.escape(needle) + after)


class SourceFinder:
    """Finds the file and line a finding comes from: the page first, then the data, then any page."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = docs_dir
        self.project_dir = docs_dir.parent
        self._texts: dict[Path, list[str]] = {}

    def _lines(self, path: Path) -> list[str]:
        if path not in self._texts:
            try:
                self._texts[path] = path.read_text(encoding="utf-8", errors="replace").lower().split("\n")
            except OSError:
                self._texts[path] = []
        return self._texts[path]

    def locate(self, needles: tuple[str, ...], page: Path | None, in_content: bool) -> tuple[str, int | None]:
        candidates = [page] if page is not None else []
        candidates += sorted((self.project_dir / "data").glob("*.yml"))
        if not in_content or page is None:
            candidates += sorted(self.docs_dir.rglob("*.md"))
        for needle in (_as_written(n.lower()) for n in needles if n and n.strip()):
            for path in candidates:
                for number, line in enumerate(self._lines(path), start=1):
                    if needle.search(line):
                        return path.relative_to(self.project_dir).as_posix(), number
        if not in_content:
            return THEME, None  # not in any page or data file: the theme or its settings put it there
        shown = page.relative_to(self.project_dir).as_posix() if page is not None else "docs/"
        return shown, None


def unique(problems: Iterable[Problem]) -> list[Problem]:
    """Each problem once, in the order found: a page's content also appears in the printable pages and search."""
    return list(dict.fromkeys(problems))
