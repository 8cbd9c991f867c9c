"""Each built page's Content-Security-Policy: only the theme's own inline scripts may run, nothing else inline.

The policy is a <meta http-equiv> that overrides/main.html writes first in <head>, before anything an editor
controls. Its script-src holds a placeholder (SCRIPT_SOURCES) that `fill_policy` (called by hooks.py for
every page) replaces by the hashes of the page's inline scripts: those of Material for MkDocs, which differ
per page only in the base URL they carry. Any other inline script, event handler attribute or javascript:
address gets no hash, so a browser will not run it, and is reported by `final_policy_problems` (site_audit.py,
on the finished file), so that something that slipped into a page can never be allowed by accident.
`apply_policy` does both for one page on its own.

The policy itself (the other directives) is in overrides/main.html; why each directive is there is said there.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import metadata

from selectolax.lexbor import LexborHTMLParser

# What overrides/main.html writes in script-src for the hashes. Quoted, so a page that did not pass through
# apply_policy carries an unknown keyword, which a browser ignores: it then runs no inline script at all,
# rather than treating a bare word as a host to load scripts from.
SCRIPT_SOURCES = "'hr-script-hashes'"

# The directives every page's policy must have; the template has them, apply_policy checks they are there.
REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "base-uri": "'none'",
    "form-action": "'none'",
    "object-src": "'none'",
}

# --- Material's inline scripts ------------------------------------------------------------------------------

# The version of Material for MkDocs that KNOWN_SCRIPTS were copied from. When Material is upgraded and its
# scripts change, every page reports them as unknown, and the message names both versions.
MATERIAL_VERSION = "9.8.2"

# The inline scripts of Material's templates (material/templates/partials/javascripts/), character for
# character, with the base URL as the only part that differs between pages; "{base_url}" stands for it.
# Only the scripts this site's configuration makes Material write are here: a feature that adds another
# (announce bar, cookie consent, version warning, linked content tabs) needs its script added, from
# Material's template, before the build passes.
KNOWN_SCRIPTS = {
    # partials/javascripts/base.html, in every page's <head>: config.extra.scope, or else the base URL.
    "base": '__md_scope=new URL("{base_url}",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    # partials/javascripts/palette.html, first thing in <body>.
    "palette": 'var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media=\'(prefers-color-scheme: light)\']":"[data-md-color-media=\'(prefers-color-scheme: dark)\']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}',
    # partials/javascripts/content.html, after the content: opens the content tab a link points at.
    "content": 'var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))',
}

# The base URLs MkDocs gives a page: ".", "..", "../.." (relative to the page), or for the 404 page the path
# of site_url ("/", "/handreiking-sociale-media/"). None of these characters can end the script's string.
_BASE_URL = r"(?:\.|\.\.(?:/\.\.)*|/(?:[A-Za-z0-9._~%-]+/)*)"


def _pattern(script: str) -> re.Pattern[str]:
    before, variable, after = script.partition("{base_url}")
    return re.compile(re.escape(before) + (_BASE_URL + re.escape(after) if variable else ""))


_KNOWN = [_pattern(script) for script in KNOWN_SCRIPTS.values()]


def is_known_script(text: str) -> bool:
    """Whether an inline script is, whole and exactly, one of Material's (with any page's base URL)."""
    return any(pattern.fullmatch(text) for pattern in _KNOWN)


def script_hash(text: str) -> str:
    """A CSP source for exactly this script text, as the browser hashes it (its UTF-8 bytes)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


# --- What a browser would run inline -------------------------------------------------------------------------

# https://html.spec.whatwg.org/multipage/scripting.html#prepare-the-script-element: a script whose type is
# none of these is a data block (Material's JSON configuration), which a browser does not run.
_JAVASCRIPT_TYPES = {
    "",
    "module",
    "importmap",
    "speculationrules",
    "application/ecmascript",
    "application/javascript",
    "application/x-ecmascript",
    "application/x-javascript",
    "text/ecmascript",
    "text/javascript",
    "text/javascript1.0",
    "text/javascript1.1",
    "text/javascript1.2",
    "text/javascript1.3",
    "text/javascript1.4",
    "text/javascript1.5",
    "text/jscript",
    "text/livescript",
    "text/x-ecmascript",
    "text/x-javascript",
}

# Attributes whose value a browser runs as script when it starts with javascript: (after removing tabs and
# line breaks, and any entities the parser has decoded).
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}
_URL_IGNORED = re.compile(r"[\t\n\r]")


def _runs(script) -> bool:
    attributes = script.attributes
    if "src" in attributes:
        return False  # an external script: 'self' decides whether it may load
    kind = attributes.get("type")
    if kind is None:
        language = attributes.get("language")
        kind = f"text/{language}" if language else ""
    return kind.strip(" \t\n\f\r").lower() in _JAVASCRIPT_TYPES


def _excerpt(text: str) -> str:
    return " ".join(text.split())[:60]


def _material_hint() -> str:
    try:
        installed = metadata.version("mkdocs-material")
    except metadata.PackageNotFoundError:
        installed = "?"
    if installed != MATERIAL_VERSION:
        return (
            f" Material for MkDocs is bijgewerkt (nu {installed}; de lijst KNOWN_SCRIPTS in handreiking/csp.py is "
            f"van {MATERIAL_VERSION}): komt dit script van het thema, neem het dan letterlijk over uit "
            "material/templates/partials/javascripts/ in KNOWN_SCRIPTS en zet MATERIAL_VERSION op de nieuwe versie."
        )
    return (
        " Komt het wel van het thema (een nieuwe functie van Material for MkDocs in mkdocs.yml), neem het dan "
        "letterlijk over uit material/templates/partials/javascripts/ in KNOWN_SCRIPTS in handreiking/csp.py."
    )


def _inline_attribute_problems(tree) -> list[str]:
    problems = []
    for node in tree.root.traverse():
        for name, value in node.attributes.items():
            name = name.lower()
            if name.startswith("on"):
                problems.append(
                    f"een attribuut {name} met script op <{node.tag}> ('{_excerpt(value or '')}'). De "
                    "Content-Security-Policy laat een browser dat niet uitvoeren, en een pagina hoort geen script "
                    "te bevatten: haal het weg."
                )
            elif name in _URL_ATTRIBUTES and _URL_IGNORED.sub("", value or "").strip().lower().startswith(
                "javascript:"
            ):
                problems.append(
                    f"een javascript:-adres in {name} op <{node.tag}> ('{_excerpt(value or '')}'). De "
                    "Content-Security-Policy laat een browser dat niet uitvoeren, en een pagina hoort geen script "
                    "te bevatten: haal het weg."
                )
    return problems


def _policy_meta(tree) -> list:
    return [
        meta
        for meta in tree.css("meta[http-equiv]")
        if (meta.attributes.get("http-equiv") or "").strip().lower() == "content-security-policy"
    ]


def _directives(meta) -> dict[str, list[str]]:
    """The policy's directives and their sources; the first of a repeated directive counts, as in a browser."""
    directives: dict[str, list[str]] = {}
    for directive in (meta.attributes.get("content") or "").split(";"):
        name, _, sources = directive.strip().partition(" ")
        directives.setdefault(name.lower(), sources.split())
    return directives


def _policy_problems(tree, filled: bool = False) -> tuple[list[str], bool]:
    """What is wrong with the page's policy, and whether it has the placeholder to fill in (`filled`: the page is
    finished, and the placeholder must be gone)."""
    metas = _policy_meta(tree)
    if len(metas) != 1:
        return [
            f"de pagina heeft {len(metas)} Content-Security-Policy's in plaats van één (overrides/main.html, blok "
            "site_meta, schrijft de enige)."
        ], False
    head = tree.head
    first = head.child if head is not None else None
    while first is not None and first.tag in ("-text", "_text", "-comment", "_comment"):
        first = first.next
    problems = []
    if first is None or first.mem_id != metas[0].mem_id:
        problems.append(
            "de Content-Security-Policy staat niet als eerste in <head>: wat ervoor staat, valt er niet onder "
            "(overrides/main.html, blok site_meta)."
        )
    directives = _directives(metas[0])
    for name, source in REQUIRED_DIRECTIVES.items():
        if source not in directives.get(name, []):
            problems.append(f"de Content-Security-Policy mist {name} {source} (overrides/main.html, blok site_meta).")
    placeholder = SCRIPT_SOURCES in directives.get("script-src", [])
    if filled and placeholder:
        problems.append(
            f"de Content-Security-Policy heeft nog {SCRIPT_SOURCES} in script-src: de pagina is niet langs hooks.py "
            "gegaan, en een browser voert er geen enkel script van het thema uit."
        )
    elif not filled and not placeholder:
        problems.append(
            f"de Content-Security-Policy heeft geen {SCRIPT_SOURCES} in script-src, waar de hashes van de scripts "
            "van het thema komen (overrides/main.html, blok site_meta)."
        )
    return problems, placeholder


def _inline_scripts(tree) -> tuple[list[str], list[str]]:
    """The hashes of the page's inline scripts that are Material's, in order and each once, and a problem for
    every other inline script a browser would run."""
    hashes: list[str] = []
    problems: list[str] = []
    for script in tree.css("script"):
        if not _runs(script):
            continue
        text = script.text(deep=True)
        if not is_known_script(text):
            problems.append(
                f"een script in de pagina dat niet van het thema komt: '{_excerpt(text)}'. De "
                "Content-Security-Policy laat een browser het niet uitvoeren; haal het weg." + _material_hint()
            )
        elif script_hash(text) not in hashes:
            hashes.append(script_hash(text))
    return hashes, problems


def apply_policy(html: str, *, serving: bool) -> tuple[str, list[str]]:
    """The page with its policy's script sources filled in, and in Dutch what a browser would refuse to run.

    Every inline script that is exactly one of Material's gets its hash; any other gets none and a problem.
    """
    tree = LexborHTMLParser(html)
    problems, placeholder = _policy_problems(tree)
    hashes, script_problems = _inline_scripts(tree)
    problems += script_problems
    problems += _inline_attribute_problems(tree)
    if serving:
        # `mkdocs serve` adds its own inline live-reload script to every page it sends, with a number that
        # changes at every rebuild: no hash made here can match it. The editors' preview allows inline scripts
        # so that it reloads; the problems above are still reported, and a built page never gets this.
        sources = " 'unsafe-inline'"
    else:
        sources = "".join(f" {source}" for source in hashes)
    if not placeholder:
        return html, problems
    # The placeholder's first occurrence is the policy's: the policy comes before anything else in the page.
    return html.replace(f" {SCRIPT_SOURCES}", sources, 1), problems


def fill_policy(html: str, *, serving: bool) -> str:
    """The page with its policy's script sources filled in: the hash of every inline script that is exactly one
    of Material's. A quick scan of the script elements, not a parse: whether the policy fits the finished page is
    judged by `final_policy_problems`, on the file as the build leaves it."""
    if serving:
        sources = " 'unsafe-inline'"  # see apply_policy: `mkdocs serve` adds its own inline live-reload script
    else:
        hashes: list[str] = []
        start = html.find("<script")
        while start != -1:
            body = html.find(">", start) + 1
            end = html.find("</script", body)
            if body == 0 or end == -1:
                break
            text = html[body:end]
            if is_known_script(text) and script_hash(text) not in hashes:
                hashes.append(script_hash(text))
            start = html.find("<script", end)
        sources = "".join(f" {source}" for source in hashes)
    return html.replace(f" {SCRIPT_SOURCES}", sources, 1)


# --- The policy as it was finally written -----------------------------------------------------------------------


def final_policy_problems(tree: LexborHTMLParser, *, serving: bool) -> list[str]:
    """A finished page (parsed once by the caller): one complete policy first in <head>, whose script-src allows
    the site's own files and exactly the hashes of the page's inline scripts, each of them one of Material's.

    Run on the file as the build left it, so that nothing done to the page after `apply_policy` (the printable
    pages' parts, the corrections) can add a script the policy would let run, or leave one it would block."""
    problems, _ = _policy_problems(tree, filled=True)
    if problems:
        return problems
    hashes, problems = _inline_scripts(tree)
    expected = set(hashes)
    problems += _inline_attribute_problems(tree)
    sources = _directives(_policy_meta(tree)[0]).get("script-src", [])
    allowed = {"'self'", "'unsafe-inline'"} if serving else {"'self'", *expected}
    unexpected = [source for source in sources if source not in allowed]
    missing = sorted(expected - set(sources)) if not serving else []
    if unexpected or missing:
        problems.append(
            "de script-src van de Content-Security-Policy past niet bij de scripts van de pagina"
            + (f": ze laat {', '.join(unexpected)} toe" if unexpected else "")
            + (f"; ze mist {', '.join(missing)}" if missing else "")
            + ". Is de pagina na de bouw nog veranderd? Alleen hooks.py mag de scripts van een pagina toelaten."
        )
    return problems
