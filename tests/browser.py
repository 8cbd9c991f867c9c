"""Real Chromium (Debian's package) driven by Playwright: what a test needs before it can use it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sitetools import CHROMIUM


def require_chromium() -> str:
    """Chromium's path; a laptop without it skips the browser tests, CI never does."""
    if CHROMIUM is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def require_tool(path: Path, how: str) -> None:
    """A test tool from npm; a laptop without npm skips the tests that need it, CI never does."""
    if not path.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path.name} is missing: {how}")
        pytest.skip(f"{path.name} is missing: {how}")
