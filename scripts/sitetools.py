"""What the scripts and the tests share: a copy of the project, the built site served on localhost, and
Debian's Chromium with the flags that keep it off the internet."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Everything a build reads; a copy with these builds like the project itself.
PROJECT_PARTS = [
    "mkdocs.yml",
    "macros.py",
    "hooks.py",
    "handreiking",
    "docs",
    "data",
    "overrides",
    "CONTRIBUTING.md",
    "sjablonen",
    "scripts",
]

# Debian's chromium here and in our CI; GitHub's runners ship Google Chrome instead.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

# Without these, Chromium tries Google's services at start-up; this machine (and an intranet) has no internet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def copy_project(target: Path) -> Path:
    """A copy of the project (without git) in `target`, to build, change or enlarge."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, target / part)
    return target


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A built site on a free localhost port, in a background thread; the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the site as a path under the site root ('' for the home page)."""
    pages = []
    for index in sorted(site_dir.rglob("index.html")):
        relative = index.parent.relative_to(site_dir).as_posix()
        if relative.startswith("assets") or relative == "404":
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages


def search_like_a_reader(page, query: str) -> None:
    """Put a query in Material's search box as a reader's last keystroke does, and wait for its results.

    Material searches when a key is let go: the whole query, then one key. The result line counts the matching
    documents ('overeenkomende'), also when none match; while the box is empty it invites to type instead, so
    emptying the box first makes sure the results waited for are this query's. Locators only: the page's policy
    refuses scripts of a test's own."""
    search = page.locator("input.md-search__input")
    counted = page.locator(".md-search-result__meta", has_text="overeenkomende")
    search.click()
    search.fill("")
    search.press("End")
    counted.wait_for(state="detached")
    search.fill(query)
    search.press("End")
    counted.wait_for()
