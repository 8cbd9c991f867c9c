"""MkDocs hook: check and finish every built page and the whole built site, whatever made the pages.

It is not part of the data layer (macros.py): a build without the macros plugin is checked, corrected,
slimmed and given its Content-Security-Policy the same way.

- before anything is read: every input of the build is a plain file inside the project (handreiking/inputs.py);
- each page, as it is written: its Content-Security-Policy gets the hashes of its inline scripts (csp.py);
- the whole site, as the last step of the build (after every plugin: the printable pages are filled by then):
  first the corrections (postbuild.py), then the audit of every file as it is on disk (site_audit.py), then every
  link in the pages' content (link_check.py). Nothing writes to the site after the audit.
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
_origins: dict = {}  # the site's files by their path in it: where each comes from (on_env)
_built_pages: list = []
_converting = ""  # the page Python-Markdown is converting, for markdown_guard.py
_messages = None  # handreiking.mkdocs_messages, as on_config installed it


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


@event_priority(100)  # before the macros plugin, which tells the data's mistakes as it loads the data
def on_config(config):
    global _messages
    if _PROJECT not in sys.path:
        sys.path.insert(0, _PROJECT)
    from handreiking import inputs, mkdocs_messages

    # MkDocs' own warnings about links, anchors and the menu, in Dutch with the page's line. The module is kept:
    # macros.py loads the handreiking package afresh, and the filter counts in this one.
    mkdocs_messages.install(Path(config["docs_dir"]))
    _messages = mkdocs_messages
    # A page Python-Markdown cannot convert (hundreds of levels deep) is told by name, never as a traceback.
    from handreiking.markdown_guard import GuardedConversion

    config["markdown_extensions"].append(GuardedConversion(_tell_failed_page))
    # Before MkDocs collects docs/ (it follows symbolic links) and before the macros read data/.
    outside = inputs.outside_content(Path(config.config_file_path).parent)
    if outside:
        for problem in outside:
            log.error(str(problem))
        raise PluginError(mkdocs_messages.not_built(len(outside)))
    return config


def _tell_failed_page(message: str) -> None:
    log.error(f"docs/{_converting}: {message}")


@event_priority(-100)  # the last step before MkDocs converts the page's Markdown
def on_page_markdown(markdown: str, page, config, files) -> str:
    global _converting
    _converting = page.file.src_uri
    return markdown


def on_pre_build(config) -> None:
    _built_pages.clear()
    _origins.clear()


@event_priority(-100)  # after every plugin has added its files
def on_env(env, config, files):
    """Where each file of the site comes from, for the audit's allowlist."""
    from handreiking.site_audit import Origin

    docs_dir = Path(config["docs_dir"]).resolve()
    for file in files:
        if file.is_documentation_page():
            kind = "page"
        elif file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs_dir):
            kind = "docs"
        else:
            kind = "theme"
        _origins[file.dest_uri] = Origin(kind, file.src_uri)
    return env


def on_post_page(output: str, page, config) -> str:
    from handreiking.link_check import BuiltPage

    _built_pages.append(BuiltPage(page.file.src_uri, page.file.dest_uri, output))
    return _with_policy(output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Pages made from a theme template alone (404.html) get the policy too."""
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    return _with_policy(output_content)


def _with_policy(html: str) -> str:
    """The page with its Content-Security-Policy filled in (csp.py); what is wrong with it, the audit tells."""
    # Imported here, not above: `mkdocs serve` imports a hook once, and macros.py drops the handreiking
    # modules before every rebuild, so a change to them is picked up.
    from handreiking import csp

    return csp.fill_policy(html, serving=_serving)


@event_priority(-100)  # the last step of the build: the search index and the printable pages are written by now
def on_post_build(config) -> None:
    from handreiking import link_check, postbuild
    from handreiking.built_check import unique
    from handreiking.site_audit import SiteAudit

    site_dir, docs_dir = Path(config["site_dir"]), Path(config["docs_dir"])
    postbuild.finish_site(site_dir)
    findings = SiteAudit(site_dir, docs_dir, dict(_origins), serving=_serving).run()
    # Links MkDocs did not check (written in HTML, or made by a macro), followed as a browser follows them. Like
    # MkDocs' own, they stop the strict build; the preview (make serve) shows the site with the link broken.
    broken_links = link_check.check_links(site_dir, docs_dir, _built_pages, _messages.told_links())
    for finding in [*findings, *unique(broken_links)]:
        log.error(str(finding))
    # Strict mode stops at any warning, after this hook: stop here instead, with the count in Dutch.
    if findings or (_messages.errors_told() and config["strict"]):
        raise PluginError(_messages.not_built(_messages.errors_told()))
