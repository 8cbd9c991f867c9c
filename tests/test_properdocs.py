"""The site builds the same with ProperDocs, the maintained fork of MkDocs 1.x, as with MkDocs itself.

Material for MkDocs reaches its end of life in May 2027 and MkDocs 1.x is no longer maintained; ProperDocs is the
way out that keeps mkdocs.yml, the theme, the macros plugin and hooks.py as they are (ONDERHOUD.md, "Material for
MkDocs en zijn opvolger"). The session's MkDocs build (conftest's `site`) is the reference: ProperDocs builds the
same project copy into a folder of its own, and every page must show a reader the same text.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

# What a reader never sees; the generator tag is the one line that rightly differs (it names the builder).
INVISIBLE = ["script", "style", "template", "noscript"]


def require_properdocs() -> str:
    """ProperDocs' version; a laptop without it skips this test, CI never does (requirements.txt pins it)."""
    if importlib.util.find_spec("properdocs") is None:
        message = "ProperDocs is not installed (make installs requirements.txt, which pins it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return importlib.metadata.version("properdocs")


@pytest.fixture(scope="module")
def properdocs_site(site, tmp_path_factory) -> Path:
    """The project copy of the session's MkDocs build, built again by ProperDocs, strict, into a folder of its own."""
    require_properdocs()
    target = tmp_path_factory.mktemp("properdocs") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(target)],
        cwd=site.site.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return target


def built_files(site_dir: Path) -> set[str]:
    """Every file the builder wrote, as a path relative to the site folder (the session's PDFs are made in a copy of
    the MkDocs build, see conftest)."""
    return {path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*") if path.is_file()}


def reader_view(html: str) -> dict[str, list[str]]:
    """What a reader gets from a page: its title, its Content-Security-Policy (the hooks ran) and the visible text of
    <main> (menu, table of contents and content), one line per piece of text, parsed as a browser does."""
    tree = LexborHTMLParser(html)
    title = tree.css_first("title")
    policy = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    tree.strip_tags(INVISIBLE)
    for hidden in tree.css("main [hidden]"):
        hidden.decompose()
    main = tree.css_first("main")
    text = main.text(separator="\n") if main is not None else ""
    return {
        "title": [title.text() if title is not None else ""],
        "policy": [(policy.attributes.get("content") or "") if policy is not None else ""],
        "text": [line.strip() for line in text.splitlines() if line.strip()],
    }


def page_differences(page: str, mkdocs_html: str, properdocs_html: str, context: int = 2) -> list[str]:
    """A unified diff per part of the page that differs, headed by the page; empty when a reader sees the same."""
    ours, theirs = reader_view(mkdocs_html), reader_view(properdocs_html)
    differences = []
    for part in ours:
        if ours[part] != theirs[part]:
            diff = difflib.unified_diff(
                ours[part], theirs[part], f"mkdocs/{page} ({part})", f"properdocs/{page} ({part})", n=context
            )
            differences.append("\n".join(line.rstrip("\n") for line in diff))
    return differences


def test_properdocs_builds_every_page_with_the_same_text(site, properdocs_site):
    ours, theirs = built_files(site.site), built_files(properdocs_site)
    assert ours == theirs, (
        f"only in MkDocs' build: {sorted(ours - theirs)}; only in ProperDocs': {sorted(theirs - ours)}"
    )

    pages = sorted(path for path in ours if path.endswith(".html"))
    assert len(pages) > 30, pages  # every page of docs/ and the theme's 404
    differences = []
    for page in pages:
        differences += page_differences(
            page,
            (site.site / page).read_text(encoding="utf-8"),
            (properdocs_site / page).read_text(encoding="utf-8"),
        )
    assert not differences, f"{len(differences)} difference(s) over {len(pages)} pages:\n" + "\n\n".join(differences)

    index = "search/search_index.json"
    ours_index, theirs_index = (
        json.loads((root / index).read_text(encoding="utf-8")) for root in (site.site, properdocs_site)
    )
    assert ours_index == theirs_index, "the search index differs between MkDocs and ProperDocs"


def test_the_properdocs_build_is_made_by_properdocs(properdocs_site):
    """Guards the comparison above: had ProperDocs handed the build to MkDocs, it would compare MkDocs with itself."""
    generator = LexborHTMLParser((properdocs_site / "index.html").read_text(encoding="utf-8")).css_first(
        'meta[name="generator"]'
    )
    assert generator is not None and f"ProperDocs {require_properdocs()}" in generator.attributes["content"]


def test_a_changed_word_is_reported_with_its_page_and_line():
    page = (
        "<html><head><title>Kanalen</title></head><body><main><h1>Kanalen</h1>"
        "<p>We gebruiken <a href='x'>Facebook</a> voor {}.</p><script>var verborgen = 1;</script></main></body></html>"
    )
    assert page_differences("kanalen/index.html", page.format("nieuws"), page.format("nieuws")) == []
    [difference] = page_differences("kanalen/index.html", page.format("nieuws"), page.format("vragen"))
    assert "mkdocs/kanalen/index.html (text)" in difference
    assert "-voor nieuws." in difference and "+voor vragen." in difference
    assert "verborgen" not in difference
