"""The build, run by `make check` in a temporary folder, for what only the built site shows: links and anchors
(in Markdown, in HTML and from the macros), what a page would make a browser do, and every warning MkDocs gives.

It is the real strict build with the project's own plugins and hooks (mkdocs_adapter.run_build), so its findings
are the build's, the very objects its log carried; `make check` keeps those it has not told already.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .mkdocs_adapter import run_build
from .problems import Problem


def build_findings(project_dir: Path) -> tuple[list[Problem], bool]:
    """Build the site as `make build` does, into a folder that is thrown away: what it found, and whether it made
    the pages (a mistake in the data stops it before any page, and then no link was followed)."""
    with tempfile.TemporaryDirectory(prefix="handreiking-controle-") as site_dir:
        outcome = run_build(project_dir / "mkdocs.yml", Path(site_dir))
    return outcome.problems, outcome.pages_made
