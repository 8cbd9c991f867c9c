"""Real Chromium (Debian's package) driven by Playwright: what a test needs before it can use it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitetools import CHROMIUM

# Every violation of a Content-Security-Policy, as the browser reports it, from before the first script of the page
# runs: an init script, so that the page's own policy cannot refuse it.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`));
"""


def require_program(path: str | None, name: str, package: str) -> str:
    """A system program's path; a laptop without it skips the tests that need it, CI never does."""
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required in CI (apt-get install {package})")
        pytest.skip(f"{name} is not installed (apt-get install {package})")
    return path


def require_chromium() -> str:
    """Chromium's path, for the browser tests."""
    return require_program(CHROMIUM, "Chromium", "chromium")


def open_first_search_result(page) -> tuple[list[str], list, str]:
    """After a search: the result links, the policy violations until the first result has opened (by Enter, as a
    reader does), and the address it opened. The page's context is closed."""
    results = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    violations = page.evaluate("window.__violations")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # Material opens the first result; form-action 'none' must not get in the way
    page.wait_for_load_state("networkidle")
    violations += page.evaluate("window.__violations")
    url = page.url
    page.context.close()
    return results, violations, url


def require_tool(path: Path, how: str) -> None:
    """A test tool from npm; a laptop without npm skips the tests that need it, CI never does."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path.name} is missing: {how}")
        pytest.skip(f"{path.name} is missing: {how}")
