"""The build, run by `make check` in a temporary folder, for what only the built site shows: links and anchors
(in Markdown, in HTML and from the macros), what a page would make a browser do, and every warning MkDocs gives.

It is the real strict build with the project's own plugins and hooks, so its findings are the build's, word
for word; `make check` keeps those it has not told already.
"""

from __future__ import annotations

import logging
import re
import tempfile
from pathlib import Path

from .mkdocs_messages import NOT_BUILT, STOPPED, unforeseen
from .sources import Problem

# "docs/index.md, regel 5: de link …", or "data/roles.yml: …" without a line: how every finding is told.
_TOLD = re.compile(r"^(?P<file>[^\s,:][^,:]*?)(?:, regel (?P<line>\d+))?: (?P<message>.+)$", re.DOTALL)


class _Findings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def as_problem(message: str) -> Problem:
    """A finding as the build logged it, back into file, line and message."""
    match = _TOLD.match(message)
    if match is None:
        return Problem("mkdocs.yml", None, message)
    return Problem(match["file"], int(match["line"]) if match["line"] else None, match["message"])


def crashed(error: Exception, told: list[str]) -> str | None:
    """The build stopped on an error nobody foresaw. MkDocs names the page as it stops, which the build's log
    tells in Dutch (mkdocs_messages.page_crash); only when it named none is the error told here."""
    if any(STOPPED in message for message in told):
        return None
    return str(unforeseen(f"{type(error).__name__}: {error}", None))


def build_findings(project_dir: Path) -> tuple[list[Problem], bool]:
    """Build the site as `make build` does, into a folder that is thrown away: what it found, and whether it made
    the pages (a mistake in the data stops it before any page, and then no link was followed)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    findings = _Findings()
    # Only the findings: not MkDocs' progress, and not printed twice through the root logger.
    old_propagate, logger.propagate = logger.propagate, False
    logger.addHandler(findings)
    try:
        with tempfile.TemporaryDirectory(prefix="handreiking-controle-") as site_dir:
            try:
                config = load_config(str(project_dir / "mkdocs.yml"), site_dir=site_dir, strict=True)
                config.plugins.on_startup(command="build", dirty=False)
                try:
                    build(config)
                finally:
                    config.plugins.on_shutdown()
            except MkDocsException as stopped:
                if not findings.messages:  # stopped without telling why: say what MkDocs said
                    findings.messages.append(stopped.format_message())
            except Exception as error:  # a page that broke the build: told in Dutch, never as a traceback
                told = crashed(error, findings.messages)
                findings.messages += [told] if told else []
            pages_made = (Path(site_dir) / "index.html").exists()
    finally:
        logger.removeHandler(findings)
        logger.propagate = old_propagate
    # The build's summary of its findings is left out: `make check` prints its own.
    return [as_problem(message) for message in findings.messages if not message.startswith(NOT_BUILT)], pages_made
