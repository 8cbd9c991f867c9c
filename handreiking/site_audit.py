"""The wall judges the final thing: every file of the built site, as it is on disk after the build's last write.

Checking pages while they are written left a gap: the printable pages are filled and the pages corrected after
that moment, and whatever those steps made of an editor's text went out unchecked. So hooks.py runs this audit as
the very last step of a build, after every other plugin and correction, and nothing writes to the site after it.

It is an allowlist. Each file in the site must be something the build meant to publish:
- a page made from a Markdown file in docs/, or the theme's 404 page: parsed once as a browser parses it, its
  content and theme checked (built_check.py) and its Content-Security-Policy verified against its inline scripts
  (csp.py);
- a picture, PDF or stylesheet copied from docs/: its bytes must be what its name says; a PDF is read whole and
  may hold only what a document needs (pdf_check.py);
- a file of the theme (Material or overrides/);
- what MkDocs and the search plugin generate: the sitemap (and its packed copy, which must be the same) and the
  search index (checked like page content);
- the feed of changes (macros.py writes it): well-formed Atom whose addresses stay on the site;
- a PDF handout under pdf/, which `make pdf` adds after a build;
- a Brotli copy (`index.html.br`) that `make deploy-config BROTLI=1` wrote beside a file: it must unpack to exactly
  that file, which is checked as above (precompressed.py).
Anything else (a file nobody put there, a symbolic link, a device) is refused with its path.
"""

from __future__ import annotations

import json
import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser

from . import built_check, csp, pdf_check, postbuild, precompressed, remembered
from .sources import Problem

# The first bytes of each kind of file an editor may put in docs/ besides pages and the site's stylesheet.
SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".pdf": (b"%PDF-",),
}
SEARCH_INDEX = "search/search_index.json"
# What MkDocs and the search plugin write besides the files they were given.
GENERATED = {"404.html", "sitemap.xml", "sitemap.xml.gz", SEARCH_INDEX}
PDF_DIR = "pdf/"
_SITEMAP_ELEMENTS = {"urlset", "url", "loc", "lastmod", "changefreq", "priority"}
# What the search plugin writes for each page and section (tags and boost from a page's front matter).
_SEARCH_FIELDS = {"location", "title", "text", "tags", "boost"}
CHANGE_FEED = "wijzigingen.atom"
_ATOM = "{http://www.w3.org/2005/Atom}"
_FEED_ELEMENTS = {"feed", "title", "subtitle", "id", "link", "updated", "author", "name", "entry", "summary"}
# The attributes the feed writes; no other. A text with type="html" or "xhtml" is markup a feed reader shows, and
# xml:base moves where every relative address points.
_FEED_ATTRIBUTES = {"feed": {"{http://www.w3.org/XML/1998/namespace}lang"}, "link": {"rel", "type", "href"}}
_PRINT_DIR = "afdrukken/"
# Findings told one by one on a page; more are counted in one line.
MAX_PAGE_FINDINGS = 20


@dataclass(frozen=True)
class Origin:
    """Where a file of the site comes from: a page or other file of docs/, or the theme."""

    kind: str  # "page", "docs" or "theme"
    src_uri: str  # its path in docs/ or in the theme


def _is_webp(head: bytes) -> bool:
    return head[:4] == b"RIFF" and head[8:12] == b"WEBP"


class SiteAudit:
    def __init__(
        self, site_dir: Path, docs_dir: Path, origins: dict[str, Origin], *, serving: bool, site_url: str = ""
    ):
        self.site_dir = site_dir
        self.site_url = site_url
        self.docs_dir = docs_dir
        self.origins = origins
        self.serving = serving
        self.finder = built_check.SourceFinder(docs_dir)

    def run(self) -> list[Problem]:
        problems: list[Problem] = []
        printable: list[str] = []
        for relative, kind in entries(self.site_dir):
            if kind != "file":
                problems.append(Problem(f"site/{relative}", None, kind))
            elif relative.startswith(_PRINT_DIR):
                printable.append(relative)
            else:
                problems += self._file_problems(relative)
        # A printable page holds other pages' content, whose mistakes are told for those pages already; what only
        # the printable page has (made when its parts were put together) is told for it.
        told = {problem.message for problem in problems}
        for relative in printable:
            problems += [problem for problem in self._file_problems(relative) if problem.message not in told]
        return built_check.unique(problems)

    def _file_problems(self, relative: str) -> list[Problem]:
        origin = self.origins.get(relative)
        path = self.site_dir / relative
        if relative.endswith(".html") and (relative == "404.html" or (origin and origin.kind == "page")):
            return self.page_problems(path.read_text(encoding="utf-8"), origin.src_uri if origin else None)
        if relative == SEARCH_INDEX:
            return self.search_index_problems(path.read_text(encoding="utf-8"))
        if relative == "sitemap.xml":
            return _sitemap_problems(path.read_bytes())
        if relative == "sitemap.xml.gz":
            return _packed_sitemap_problems(path.read_bytes(), self.site_dir / "sitemap.xml")
        if relative in GENERATED:
            return []
        if relative == CHANGE_FEED and origin is None:
            return _feed_problems(path.read_bytes(), self.site_url)
        if origin is not None and origin.kind == "theme":
            if not relative.endswith(".css"):
                return []
            # The theme is the pinned Material package and overrides/, code that developers review, not content:
            # a quick look for addresses of other hosts, where editors' stylesheets get the CSS tokenizer.
            css = path.read_text(encoding="utf-8", errors="replace")
            return [
                Problem(f"het thema ({origin.src_uri})", found.line, f"laadt '{found.url}' van buiten de site.")
                for found in postbuild.external_in_css(css, relative)
            ]
        if origin is not None and origin.kind == "docs":
            return self._docs_file_problems(path, f"docs/{origin.src_uri}")
        if relative.startswith(PDF_DIR) and relative.endswith(".pdf"):
            # make pdf's handouts, there when a build runs --dirty after it: read once, as an editor's PDF is.
            data = path.read_bytes()
            if data.startswith(b"%PDF-"):
                return pdf_check.pdf_problems(data, f"site/{relative}")
        if relative.endswith(precompressed.SUFFIX) and origin is None:
            return precompressed.problems(self.site_dir, relative)
        return [
            Problem(
                f"site/{relative}",
                None,
                "dit bestand staat in de gebouwde site, maar komt niet uit docs/ of het thema. De site publiceert "
                "alleen wat de bouw zelf maakt: zoek uit wat het daar zette.",
            )
        ]

    def page_problems(self, html: str, src_uri: str | None) -> list[Problem]:
        """A built page as it is on disk: what it would make a browser do, and whether its policy fits it."""
        findings, policy_messages = _judged_page(html, self.serving)
        page = self.docs_dir / src_uri if src_uri else None
        shown = f"docs/{src_uri}" if src_uri else built_check.THEME
        # A printable page holds other pages' content: a finding there is found in the page it comes from.
        find_in = None if src_uri and src_uri.startswith(_PRINT_DIR) else page
        problems = self._located(list(findings), find_in, shown, "op deze pagina")
        if problems:
            return problems
        return [Problem(shown, None, message) for message in policy_messages]

    def search_index_problems(self, text: str) -> list[Problem]:
        shown = f"site/{SEARCH_INDEX}"
        try:
            documents = json.loads(text).get("docs", [])
        except (ValueError, AttributeError):
            return [Problem(shown, None, "de zoekindex is geen geldige JSON.")]
        if not isinstance(documents, list) or not all(isinstance(document, dict) for document in documents):
            return [Problem(shown, None, "de zoekindex heeft niet de vorm die de zoekfunctie leest.")]
        # Material makes each result a link to new URL(location, the site's address): only a place on the site.
        elsewhere = [
            location
            for location in (document.get("location") for document in documents)
            if not isinstance(location, str) or built_check.leaves_site(location)
        ]
        unknown = sorted({key for document in documents for key in document} - _SEARCH_FIELDS)
        if elsewhere or unknown:
            what = f"een resultaat dat leidt naar {elsewhere[0]!r}" if elsewhere else f"onbekende velden {unknown}"
            return [Problem(shown, None, f"de zoekindex bevat {what}: dat maakt de zoekfunctie van MkDocs niet.")]
        findings = [
            finding
            for document in documents
            for field in ("title", "text")
            for finding in built_check.fragment_findings(str(document.get(field, "")))
        ]
        return self._located(findings, None, shown, "in de zoekindex", "(in de zoekindex) ")

    def _located(self, findings: list, page: Path | None, shown: str, place: str, prefix: str = "") -> list[Problem]:
        """The findings with the file and line each comes from; past MAX_PAGE_FINDINGS only their number (thousands
        of the same mistake are one mistake to fix, and finding each one's line would cost more than it tells)."""
        problems = []
        for finding in findings[:MAX_PAGE_FINDINGS]:
            file, line = self.finder.locate(finding.needles, page, finding.in_content)
            problems.append(Problem(file, line, prefix + finding.message))
        if len(findings) > MAX_PAGE_FINDINGS:
            problems.append(
                Problem(
                    shown,
                    None,
                    f"en nog {len(findings) - MAX_PAGE_FINDINGS} van zulke fouten {place}. Pas eerst de fouten "
                    "hierboven aan.",
                )
            )
        return problems

    def _docs_file_problems(self, path: Path, shown: str) -> list[Problem]:
        kind = path.suffix.lower()
        if kind == ".css":
            return built_check.check_css(path.read_text(encoding="utf-8", errors="replace"), shown)
        data = path.read_bytes()
        head = data[:16]
        if kind == ".webp" and _is_webp(head):
            return []
        if any(head.startswith(signature) for signature in SIGNATURES.get(kind, ())):
            return pdf_check.pdf_problems(data, shown) if kind == ".pdf" else []
        return [
            Problem(
                shown,
                None,
                f"dit bestand heet '{kind}', maar de inhoud is geen {kind.lstrip('.').upper()}. Bewaar het opnieuw "
                "in het juiste formaat, of geef het de naam die bij de inhoud past.",
            )
        ]


def entries(site_dir: Path) -> Iterator[tuple[str, str]]:
    """Every entry of the site as (path, 'file') or (path, what is wrong with it); links are never followed. A web
    server follows a link, so a link would publish whatever it points to: `make deploy-config` refuses them too."""
    for folder, folders, files in os.walk(site_dir, followlinks=False):
        for name in sorted(folders + files):
            path = Path(folder) / name
            relative = path.relative_to(site_dir).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                yield relative, "is een symbolische link; de site bevat alleen echte bestanden. Haal ze weg."
            elif stat.S_ISREG(mode):
                yield relative, "file"
            elif not stat.S_ISDIR(mode):
                yield relative, "is geen gewoon bestand. Haal het weg."


@remembered.per_text(size=256)  # the whole handreiking alone is 650 kB of HTML
def _judged_page(html: str, serving: bool) -> tuple[tuple[built_check.Finding, ...], tuple[str, ...]]:
    """What the allowlist finds in a page, and else what its policy lacks: the policy's findings are a second wall,
    told only when the allowlist found nothing."""
    tree = LexborHTMLParser(html)
    findings = tuple(built_check.page_findings(tree))
    return findings, () if findings else tuple(csp.final_policy_problems(tree, serving=serving))


def _packed_sitemap_problems(packed: bytes, sitemap: Path) -> list[Problem]:
    """MkDocs packs the sitemap it wrote: the packed copy must be that sitemap, which is checked above, and no more."""
    expected = sitemap.read_bytes() if sitemap.is_file() else b""
    unpacking = zlib.decompressobj(wbits=31)  # gzip
    try:
        unpacked = unpacking.decompress(packed, len(expected) + 1)  # never more than the sitemap and one byte
    except zlib.error:
        unpacked = None
    if unpacked == expected and unpacking.eof and not unpacking.unused_data:  # a second gzip member unpacks too
        return []
    return [Problem("site/sitemap.xml.gz", None, "is niet dezelfde sitemap als site/sitemap.xml.")]


class _XmlParts(ElementTree.TreeBuilder):
    """The tree, and what ElementTree leaves out of it: processing instructions and a document type. A browser
    follows <?xml-stylesheet?> (a stylesheet, or XSLT that turns the file into a page), and a document type can
    declare entities."""

    def __init__(self) -> None:
        super().__init__()
        self.outside_the_tree: list[str] = []

    def pi(self, target: str, data: str | None = None) -> None:
        self.outside_the_tree.append(f"<?{target} …?>")

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        self.outside_the_tree.append(f"<!DOCTYPE {name} …>")


def _read_xml(data: bytes, shown: str, what: str) -> tuple[ElementTree.Element | None, list[Problem]]:
    """Plain XML: its root, or why it is not."""
    parts = _XmlParts()
    parser = ElementTree.XMLParser(target=parts)
    try:
        parser.feed(data)
        root = parser.close()
    except ElementTree.ParseError:
        return None, [Problem(shown, None, f"{what} is geen geldige XML.")]
    if parts.outside_the_tree:
        found = ", ".join(parts.outside_the_tree)
        return None, [Problem(shown, None, f"{what} bevat {found}: dat hoort er niet in, alleen de elementen zelf.")]
    return root, []


def _sitemap_problems(data: bytes) -> list[Problem]:
    """MkDocs' sitemap lists the pages' addresses: plain XML with only its own elements."""
    root, problems = _read_xml(data, "site/sitemap.xml", "de sitemap")
    if root is None:
        return problems
    unknown = {element.tag.rpartition("}")[2] for element in root.iter()} - _SITEMAP_ELEMENTS
    return (
        [Problem("site/sitemap.xml", None, f"de sitemap bevat onbekende elementen: {sorted(unknown)}.")]
        if unknown
        else []
    )


def _feed_problems(data: bytes, site_url: str) -> list[Problem]:
    """The feed of changes: Atom with only its own elements, and every address on the site (no other host)."""
    shown = f"site/{CHANGE_FEED}"
    root, problems = _read_xml(data, shown, "de feed met wijzigingen")
    if root is None:
        return problems
    if root.tag != f"{_ATOM}feed":
        return [Problem(shown, None, "de feed met wijzigingen is geen Atom-feed.")]
    unknown = sorted({element.tag.replace(_ATOM, "") for element in root.iter()} - _FEED_ELEMENTS)
    if unknown:
        return [Problem(shown, None, f"de feed met wijzigingen bevat onbekende elementen: {unknown}.")]
    attributes = sorted(
        {
            f"{element.tag.replace(_ATOM, '')} {name}"
            for element in root.iter()
            for name in element.attrib
            if name not in _FEED_ATTRIBUTES.get(element.tag.replace(_ATOM, ""), set())
        }
    )
    if attributes:
        return [Problem(shown, None, f"de feed met wijzigingen bevat onbekende attributen: {attributes}.")]
    addresses = [link.get("href", "") for link in root.iter(f"{_ATOM}link")]
    addresses += [element.text or "" for element in root.iter(f"{_ATOM}id")]
    outside = [address for address in addresses if not _on_site(address, site_url)]
    return (
        [Problem(shown, None, f"de feed met wijzigingen wijst naar '{outside[0]}', buiten de site.")] if outside else []
    )


def _on_site(address: str, site_url: str) -> bool:
    """A relative address, or one under the site's own address."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    relative = ":" not in address.split("/", 1)[0] and not address.startswith("//")
    return relative or (bool(site_url) and address.startswith(base))
