"""The web server's configuration for the built site: nginx (tested with Debian's nginx), Apache and IIS.

A meta element cannot carry every protection: frame-ancestors, X-Content-Type-Options, the referrer policy and
cache lifetimes need response headers. This module makes them from the two things they depend on, so that an
organisation that adopts the handreiking changes nothing by hand:
- data/organisation.yml: the path of intranet_url is where the site is served (/handreiking-sociale-media/);
- the built site (site/): the header's Content-Security-Policy is the pages' own policy, with the union of the
  script hashes of every page (they differ by page depth), plus frame-ancestors 'none'. A browser enforces the
  header and the page's meta policy both, so each page stays as strict as its own meta makes it. The site also
  says which files are fingerprinted (cached for a year) and which kinds of files must have a type.

With --brotli (make deploy-config BROTLI=1) it also writes a Brotli copy beside each text file of the site, and the
nginx configuration sends those copies (precompressed.py).

Usage: python -m handreiking deploy-config [--site site] [--out deploy] [--root /var/www/...] [--brotli]
(make deploy-config). Every mistake is told in Dutch, all at once, and then nothing is written.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import jinja2
from selectolax.lexbor import LexborHTMLParser

from . import csp, precompressed, schema, site_audit, sources

ROOT = Path(__file__).resolve().parent.parent
ORGANISATION = "data/organisation.yml"

# --- What every server sends ---------------------------------------------------------------------------------

# Added to the pages' own policy: frame-ancestors works only as a header. The pages' policy already has
# base-uri, form-action and object-src 'none' (csp.REQUIRED_DIRECTIVES); the header must keep them.
HEADER_ONLY_DIRECTIVES = {"frame-ancestors": "'none'"}

# The only sources a page's policy may bring into the header: anything else in a built page is refused, so that
# nothing an editor wrote can widen the header or break out of the configuration's quoted strings.
_SAFE_SOURCE = re.compile(r"'(?:self|none|sha256-[A-Za-z0-9+/]{43}=)'|data:")
_DIRECTIVE_NAME = re.compile(r"[a-z-]+")

SECURITY_HEADERS = [
    # A text file is never run as a script, a stylesheet or a page because of what it looks like.
    ("X-Content-Type-Options", "nosniff"),
    # No address of the intranet leaves with a click on a link to a social network or a source.
    ("Referrer-Policy", "no-referrer"),
    # The handreiking uses none of these; a page that slipped something in cannot ask for them either.
    (
        "Permissions-Policy",
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
        "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), picture-in-picture=(), "
        "publickey-credentials-get=(), screen-wake-lock=(), usb=(), xr-spatial-tracking=()",
    ),
    # frame-ancestors for browsers that predate it (and for scanners that look for it).
    ("X-Frame-Options", "DENY"),
    # A window this site opens, or that opens it, cannot reach into it.
    ("Cross-Origin-Opener-Policy", "same-origin"),
]

# Material's own files carry a hash of their content in their name (bundle.a5f9d56c.min.js): a new version is a
# new name, so a browser may keep them for a year without asking. Everything else keeps its name from one
# version to the next (pages, the search index, the PDFs, our own scripts and stylesheet, images): the browser
# keeps it but asks every time whether it changed (a 304 without a body when it did not), so a new version is
# seen at once and a page never meets the stylesheet of the previous one.
FINGERPRINTED = r"\.[0-9a-f]{8}\.min\.(css|js)(\.map)?$"
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "no-cache"

# Every kind of file the site may hold, with its type. A file of another kind in the site stops the command:
# with X-Content-Type-Options: nosniff a wrong type breaks it, so it is named here first.
TYPES = {
    "html": "text/html",
    "css": "text/css",
    "js": "text/javascript",
    "mjs": "text/javascript",
    "json": "application/json",
    "map": "application/json",
    "webmanifest": "application/manifest+json",
    "xml": "application/xml",
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "svg": "image/svg+xml",
    "txt": "text/plain",
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "ico": "image/x-icon",
    "woff": "font/woff",
    "woff2": "font/woff2",
    "gz": "application/gzip",
    # The Brotli copies of `--brotli`: a browser gets one as its text file, with that file's type; asked for by its
    # own name, it is only bytes.
    "br": "application/octet-stream",
}
# Text is compressed on the way, and told to be UTF-8 (as MkDocs writes it); PDFs, images, fonts and .gz files
# are compressed already.
COMPRESSED = [
    "text/html",
    "text/css",
    "text/javascript",
    "text/plain",
    "application/json",
    "application/manifest+json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "image/svg+xml",
]

# A path the web team may give for the site's folder on the server: absolute, and nothing a configuration
# language would read as syntax (quotes, spaces, ;, braces, $, %, backslashes).
_SERVER_PATH = re.compile(r"/(?:[A-Za-z0-9._~-]+/)*")

OUTPUTS = {
    "nginx": "nginx/handreiking.conf",
    "apache": "apache/handreiking.conf",
    "iis": "iis/web.config",
}


class DeployConfigError(Exception):
    """What stops the command, in Dutch; all of it at once."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Deployment:
    """What the configurations say, for any server."""

    prefix: str  # the path the site is served under, '/handreiking-sociale-media/'
    root: str  # the site's folder on the server, ending in /
    policy: str  # the Content-Security-Policy header
    headers: list[tuple[str, str]]  # every security header, the policy first
    fingerprinted: list[str]  # the site's fingerprinted files, as paths under the site (for IIS)
    has_pdfs: bool
    brotli: bool = False  # the site has a Brotli copy of each text file, and nginx sends it


# --- Reading the organisation and the build -------------------------------------------------------------------


def intranet_url(project_dir: Path) -> str:
    """intranet_url from data/organisation.yml, checked against its schema like the build does."""
    document, problems = sources.read_yaml_file(project_dir / ORGANISATION, ORGANISATION)
    if document is not None and not problems:
        problems = schema.validate(document, "organisation")
    if problems:
        raise DeployConfigError([str(problem) for problem in problems])
    return document.data["intranet_url"]


def prefix_of(url: str) -> str:
    """The path a site at `url` is served under: '/handreiking-sociale-media/' (the schema makes it end in /)."""
    return urlsplit(url).path or "/"


def _html_files(site_dir: Path) -> list[Path]:
    return sorted(site_dir.rglob("*.html"))


def _meta_policy(html: str) -> str | None:
    """The content of the page's one Content-Security-Policy meta element, or None."""
    metas = [
        meta
        for meta in LexborHTMLParser(html).css("meta[http-equiv]")
        if (meta.attributes.get("http-equiv") or "").strip().lower() == "content-security-policy"
    ]
    return (metas[0].attributes.get("content") or "") if len(metas) == 1 else None


def _page_directives(content: str, shown: str) -> tuple[dict[str, list[str]], list[str]]:
    """A page's policy as directives and their sources (the first of a repeated one counts, as in a browser), and
    what the header must not take over from it."""
    directives: dict[str, list[str]] = {}
    problems = []
    for directive in content.split(";"):
        if not directive.strip():
            continue
        name, *page_sources = directive.split()
        if not _DIRECTIVE_NAME.fullmatch(name) or not all(_SAFE_SOURCE.fullmatch(s) for s in page_sources):
            problems.append(
                f"{shown}: de Content-Security-Policy heeft '{directive.strip()[:80]}', wat de header niet mag "
                "overnemen. Is de site met `make build` gebouwd?"
            )
        directives.setdefault(name, page_sources)
    return directives, problems


def header_policy(site_dir: Path) -> str:
    """The pages' policy with the union of their script hashes, plus the directives only a header can carry.

    Every directive but script-src must be the same on every page: the header holds for all of them."""
    problems: list[str] = []
    scripts: list[str] = []
    first: tuple[str, dict[str, list[str]]] | None = None
    order: list[str] = []
    for page in _html_files(site_dir):
        shown = page.relative_to(site_dir).as_posix()
        content = _meta_policy(page.read_text(encoding="utf-8"))
        if content is None:
            problems.append(f"{shown}: de pagina heeft niet precies één Content-Security-Policy.")
            continue
        directives, refused = _page_directives(content, shown)
        if refused:
            problems += refused
            continue
        order = order or list(directives)
        scripts += [source for source in directives.pop("script-src", []) if source not in scripts]
        if first is None:
            first = shown, directives
        elif directives != first[1]:
            problems.append(
                f"{shown}: de Content-Security-Policy is anders dan die van {first[0]}, buiten script-src "
                f"('{_policy_text(directives)}' tegenover '{_policy_text(first[1])}'). Eén header geldt voor elke pagina."
            )
    if first is None and not problems:
        problems.append("de site heeft geen pagina's. Bouw ze eerst met `make build`.")
    for name, source in csp.REQUIRED_DIRECTIVES.items():
        if first is not None and source not in (scripts if name == "script-src" else first[1].get(name, [])):
            problems.append(f"de pagina's missen {name} {source} in hun Content-Security-Policy.")
    if problems:
        raise DeployConfigError(problems)
    # In the pages' order, 'self' first and then the hashes sorted: the same build always gives the same header.
    scripts.sort(key=lambda source: (source.startswith("'sha256-"), source))
    policy = {name: scripts if name == "script-src" else first[1][name] for name in order}
    policy.update({name: [source] for name, source in HEADER_ONLY_DIRECTIVES.items()})
    return _policy_text(policy)


def _policy_text(directives: dict[str, list[str]]) -> str:
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def _built_for(site_dir: Path, url: str) -> list[str]:
    """The site must have been built for this intranet_url: its pages link to the site by its path."""
    home = site_dir / "index.html"
    if not home.is_file() or not (site_dir / "404.html").is_file():
        return [f"in {site_dir} staat geen gebouwde site (index.html en 404.html). Bouw ze eerst met `make build`."]
    links = LexborHTMLParser(home.read_text(encoding="utf-8")).css('link[rel="canonical"]')
    canonical = links[0].attributes.get("href") if links else None
    if canonical != url:
        return [
            f"de site in {site_dir} is gebouwd voor {canonical or 'een ander adres'}, niet voor intranet_url "
            f"{url} uit {ORGANISATION}. Bouw ze opnieuw met `make build`."
        ]
    return []


def compressible_extensions() -> list[str]:
    """The kinds of file that get a Brotli copy: those compressed on the way too."""
    return [extension for extension, kind in TYPES.items() if kind in COMPRESSED]


def _copies_problems(site_dir: Path) -> list[str]:
    """Brotli copies left in the site (by an earlier `--brotli`) must still be their files: a server that sends
    them anyway would send the old text."""
    return [
        str(problem)
        for copy in precompressed.copies(site_dir)
        for problem in precompressed.problems(site_dir, copy.relative_to(site_dir).as_posix())
    ]


def _kinds_problems(site_dir: Path) -> list[str]:
    unknown = sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and path.suffix[1:].lower() not in TYPES
    )
    if not unknown:
        return []
    return [
        f"de site bevat {len(unknown)} bestand(en) van een soort zonder type voor de webserver: "
        f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}. Een ontwikkelaar voegt de soort toe aan "
        "TYPES in handreiking/deploy_config.py."
    ]


def fingerprinted_files(site_dir: Path) -> list[str]:
    pattern = re.compile(FINGERPRINTED)
    return sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.is_file() and pattern.search(path.name)
    )


def default_root(prefix: str) -> str:
    """Where the site's folder goes on the server unless the web team says otherwise: /var/www/<last part>/."""
    name = PurePosixPath(prefix).name or "handreiking"
    return f"/var/www/{name}/"


def deployment(site_dir: Path, url: str, root: str | None = None, brotli: bool = False) -> Deployment:
    """Everything the configurations need, read from the built site and checked; DeployConfigError if not. With
    `brotli`, the copies are still to be written (`prepare`), so the ones there now are not checked."""
    prefix = prefix_of(url)
    root = root or default_root(prefix)
    if not root.endswith("/"):
        root += "/"
    problems = []
    if not _SERVER_PATH.fullmatch(root):
        problems.append(
            f"'{root}' is geen bruikbare map op de server: geef een absoluut pad met alleen letters, cijfers, "
            "punten, streepjes en /."
        )
    built = _built_for(site_dir, url)
    if built:
        raise DeployConfigError(problems + built)
    # The build's audit refused links and other odd entries; one added after the build is refused here, before
    # anything in the site is read through it.
    odd = [f"site/{relative}: {kind}" for relative, kind in site_audit.entries(site_dir) if kind != "file"]
    if odd:
        raise DeployConfigError(problems + odd)
    problems += _kinds_problems(site_dir)
    if not brotli:
        problems += _copies_problems(site_dir)
    try:
        policy = header_policy(site_dir)
    except DeployConfigError as error:
        problems += error.problems
    if problems:
        raise DeployConfigError(problems)
    return Deployment(
        prefix=prefix,
        root=root,
        policy=policy,
        headers=[("Content-Security-Policy", policy), *SECURITY_HEADERS],
        fingerprinted=fingerprinted_files(site_dir),
        has_pdfs=any((site_dir / "pdf").glob("*.pdf")),
        brotli=brotli,
    )


def prepare(site_dir: Path, url: str, root: str | None = None, brotli: bool = False) -> tuple[Deployment, list[Path]]:
    """What the command does before it writes the configurations: `deployment`, and with `brotli` the Brotli copies
    written, each checked after writing as the site audit checks it. The configuration, and the copies written."""
    config = deployment(site_dir, url, root, brotli)
    if not brotli:
        return config, []
    written = precompressed.write(site_dir, compressible_extensions())
    problems = _copies_problems(site_dir)
    if problems:
        raise DeployConfigError(problems)
    return config, written


# --- Writing the configurations -------------------------------------------------------------------------------

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    # web.config is XML; the nginx and Apache files are not markup, and their values are checked above instead.
    autoescape=lambda name: bool(name) and name.endswith(".config"),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def render(config: Deployment) -> dict[str, str]:
    """Each server's configuration, by its path under deploy/."""
    values = {
        "d": config,
        "types": TYPES,
        "fingerprinted": FINGERPRINTED,
        "long_cache": LONG_CACHE,
        "short_cache": SHORT_CACHE,
        "compressed": COMPRESSED,
        "command": "make deploy-config",
    }
    return {
        OUTPUTS["nginx"]: _templates.get_template("deploy_nginx.conf").render(values),
        OUTPUTS["apache"]: _templates.get_template("deploy_apache.conf").render(values),
        OUTPUTS["iis"]: _templates.get_template("deploy_iis.web.config").render(values),
    }


def write(files: dict[str, str], out_dir: Path) -> list[Path]:
    written = []
    for name, text in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(arguments: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handreiking deploy-config",
        description="Maakt na `make build` de configuratie van de webserver (nginx, Apache, IIS) in deploy/.",
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="de gebouwde site (standaard: site)")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "deploy", help="waar de configuratie komt (standaard: deploy)"
    )
    parser.add_argument(
        "--root", help="de map van de site op de server (standaard: /var/www/ en de naam uit het adres)"
    )
    parser.add_argument(
        "--brotli",
        action="store_true",
        help="zet een Brotli-kopie (.br) naast elk tekstbestand van de site, en laat nginx die sturen (nodig: de "
        "module brotli_static, Debian: libnginx-mod-http-brotli-static)",
    )
    options = parser.parse_args(arguments)
    try:
        url = intranet_url(ROOT)
        config, copies = prepare(options.site, url, options.root, options.brotli)
    except DeployConfigError as error:
        for problem in error.problems:
            print(f"FOUT    -  {problem}")
        print("De configuratie van de webserver is niet gemaakt.")
        return 1
    for path in write(render(config), options.out):
        print(f"Gemaakt: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if copies:
        before = sum(copy.with_name(copy.name.removesuffix(precompressed.SUFFIX)).stat().st_size for copy in copies)
        after = sum(copy.stat().st_size for copy in copies)
        print(
            f"Gemaakt: {len(copies)} Brotli-kopieën (.br) in {options.site}, samen {after // 1000} kB voor "
            f"{before // 1000} kB tekst."
        )
    print(f"De site hoort op de server in {config.root} en wordt getoond op {config.prefix}.")
    if not config.has_pdfs:
        print("LET OP  -  de site heeft nog geen PDF's: maak ze met `make pdf` voor je publiceert.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
