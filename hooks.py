"""MkDocs hook: check and finish every built page and the whole built site, whatever made the pages.

It is not part of the data layer (macros.py): a build without the macros plugin is checked, corrected,
slimmed and given its Content-Security-Policy the same way. The work is done by one BuildState per build
(handreiking/mkdocs_adapter.py); this file only hands it MkDocs' events:

- before anything is read: every input of the build is a plain file inside the project (handreiking/inputs.py),
  and MkDocs' messages are put in Dutch;
- each page's content, as Markdown has made it: its words kept apart for the search index (postbuild.py);
- each page, as it is written: its Content-Security-Policy gets the hashes of its inline scripts (csp.py);
- the whole site, as the last step of the build (after every plugin: the printable pages are filled by then):
  first the corrections (postbuild.py), then the audit of every file as it is on disk (site_audit.py), then every
  link in the pages' content (link_check.py). Nothing writes to the site after the audit.
  Every finding of the build is logged, then the build stops; a broken link stops only the strict build.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.plugins import event_priority

# MkDocs puts this folder on the import path only while it loads the hook; macros.py imports the package too.
_PROJECT = str(Path(__file__).resolve().parent)
if _PROJECT not in sys.path:
    sys.path.insert(0, _PROJECT)

from handreiking.mkdocs_adapter import BuildState, session  # noqa: E402

# This build's state. `mkdocs serve` loads this file again for every rebuild, so each build starts with None.
_build: BuildState | None = None


def on_startup(command: str, dirty: bool) -> None:
    session.command = command


@event_priority(100)  # before the macros plugin, which tells the data's mistakes as it loads the data
def on_config(config):
    global _build
    _build = BuildState.start(config)
    return config


def on_files(files, config):
    _build.add_generated_pages(files)
    return files


@event_priority(-100)  # the last step before MkDocs converts the page's Markdown
def on_page_markdown(markdown: str, page, config, files) -> str:
    _build.converting = page.file.src_uri
    return markdown


@event_priority(-100)  # after the other plugins' changes to the page's HTML, before the search index reads it
def on_page_content(html: str, page, config, files) -> str:
    return _build.page_converted(html)


@event_priority(-100)  # after every plugin has added its files
def on_env(env, config, files):
    _build.theme_environment(env, files)
    return env


def on_post_page(output: str, page, config) -> str:
    return _build.page_written(page, output)


def on_post_template(output_content: str, template_name: str, config) -> str:
    """Pages made from a theme template alone (404.html) get the policy too."""
    if not template_name.endswith(".html"):
        return output_content  # sitemap.xml
    return _build.with_policy(output_content)


@event_priority(-100)  # the last step of the build: the search index and the printable pages are written by now
def on_post_build(config) -> None:
    _build.finish()


def on_build_error(error) -> None:
    if _build is not None:
        _build.end()


def on_shutdown() -> None:
    if _build is not None:
        _build.end()
