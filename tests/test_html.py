"""Every built page is valid HTML according to the Nu Html Checker (vnu-jar)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest
from browser import require_tool
from conftest import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def test_every_page_is_valid_html(site):
    if shutil.which("java") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("Java is required in CI for the Nu Html Checker")
        pytest.skip("Java is not installed")
    require_tool(VNU, "run `npm ci` (make test does where npm is installed)")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site.site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{m['url'].split(str(site.site))[-1]}:{m.get('lastLine', '?')}: {m['message']} — {m.get('extract', '').strip()}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]
    assert not errors, "\n".join(errors)
    assert len(list(site.site.rglob("index.html"))) > 20, "the checker saw the whole site"
