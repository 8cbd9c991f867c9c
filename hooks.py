"""MkDocs hook: check and finish every built page and the whole built site, whatever made the pages.

It is not part of the data layer (macros.py): a build without the macros plugin is checked, corrected,
slimmed and given its Content-Security-Policy the same way. MkDocs runs hooks after the plugins, so the
printable pages the macros fill after the build are finished too.

- each page, as it is written: what its content would make a browser do is checked against the allowlist
  (handreiking/built_check.py), then the page gets its Content-Security-Policy (handreiking/csp.py);
- the whole site, after the build: the same check for the search index and the stylesheets, then the
  finishing (handreiking/postbuild.py), then every link in the pages' content (handreiking/link_check.py).
  Every finding of the build is logged, then the build stops; a broken link stops only the strict build.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

# MkDocs puts this folder on the import path only while it loads the hook; the events need it too.
_PROJECT = str(Path(__file__).resolve().parent)

log = logging.getLogger("mkdocs.plugins.handreiking")

# `mkdocs serve` injects its own inline live-reload script into every page it serves.
_serving = False
_findings: list = []
_built_pages: list = []
_messages = None  # handreiking.mkdocs_messages, as on_config installed it


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before the macros plugin, which tells the data's mistakes as it loads the data
def on_config(config):
    global _messages
    if _PROJECT not in sys.path:
        sys.path.insert(0, _PROJECT)
    from handreiking import mkdocs_messages

    # MkDocs' own warnings about links, anchors and the menu, in Dutch with the page's line. The module is kept:
    # macros.py loads the handreiking package afresh, and the filter counts in this one.
    mkdocs_messages.install(Path(config["docs_dir"]))
    _messages = mkdocs_messages
    return config


def on_pre_build(config) -> None:
    _findings.clear()
    _built_pages.clear()


def on_post_page(output: str, page, config) -> str:
    from handreiking.link_check import BuiltPage

    _built_pages.append(BuiltPage(page.file.src_uri, page.file.dest_uri, output))
    return _checked_with_policy(output, page.file.src_uri, f"docs/{page.file.src_uri}", config)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Pages made from a theme template alone (404.html) get the policy too, and the same check."""
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    return _checked_with_policy(output_content, template_name, f"overrides/{template_name}", config)


def _checked_with_policy(html: str, src_uri: str, shown_as: str, config) -> str:
    """Check one written page (built_check.py) and give it its Content-Security-Policy (csp.py)."""
    # Imported here, not above: `mkdocs serve` imports a hook once, and macros.py drops the handreiking
    # modules before every rebuild, so a change to them is picked up.
    from handreiking import built_check, csp
    from handreiking.sources import Problem

    findings = built_check.check_page(html, src_uri, Path(config["docs_dir"]))
    with_policy, problems = csp.apply_policy(html, serving=_serving)
    # The policy's own findings are a second wall: reported only when the allowlist found nothing here.
    _findings.extend(findings or [Problem(shown_as, None, problem) for problem in problems])
    return with_policy


def on_post_build(config) -> None:
    from handreiking import built_check, link_check, postbuild

    site_dir, docs_dir = Path(config["site_dir"]), Path(config["docs_dir"])
    findings = built_check.unique([*_findings, *built_check.check_site(site_dir, docs_dir)])
    external = postbuild.finish_site(site_dir)
    # Links MkDocs did not check (written in HTML, or made by a macro), followed as a browser follows them. Like
    # MkDocs' own, they stop the strict build; the preview (make serve) shows the site with the link broken.
    broken_links = link_check.check_links(site_dir, docs_dir, _built_pages, _messages.told_links())
    for finding in [*findings, *external, *built_check.unique(broken_links)]:
        log.error(str(finding))
    # Strict mode stops at any warning, after this hook: stop here instead, with the count in Dutch.
    if findings or external or (_messages.errors_told() and config["strict"]):
        raise PluginError(_messages.not_built(_messages.errors_told()))
