"""How often the site's own search answers a colleague's question: top-1 and top-3 hit rates over the questions
in data/search_questions.yml, typed into Material's search box in Chromium on the built site.

Usage: python scripts/search_bench.py [site-dir]   (part of make bench; builds the site when no dir is given)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml
from sitetools import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, search_like_a_reader, serve

QUESTIONS = ROOT / "data" / "search_questions.yml"


@dataclass(frozen=True)
class Question:
    question: str
    pages: tuple[str, ...]  # paths under docs/, the best answer first
    answer: str = ""
    covered: bool = True


@dataclass
class Result:
    question: Question
    found: list[str] = field(default_factory=list)  # result pages in rank order, as paths under docs/

    @property
    def top1(self) -> bool:
        return bool(self.found) and self.found[0] in self.question.pages

    @property
    def top3(self) -> bool:
        return any(page in self.question.pages for page in self.found[:3])


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Question(q["question"], tuple(q["pages"]), q.get("answer", ""), q.get("covered", True))
        for topic in data["topics"]
        for q in topic["questions"]
    ]


def source_of(url_path: str) -> str:
    """The Markdown page a result URL belongs to: 'richtlijnen/archiveren/' -> 'richtlijnen/archiveren.md'."""
    path = url_path.split("#")[0].strip("/")
    if not path:
        return "index.md"
    return f"{path}.md"


def normalise(found: list[str], docs_dir: Path) -> list[str]:
    """Result pages in rank order, each once; a section index ('afdrukken/') is its index.md. A page the build makes
    from the data (a role's page) has no file in docs/ and keeps its name ('rollen/woordvoerder.md')."""
    pages: list[str] = []
    for url_path in found:
        page = source_of(url_path)
        section_index = page.removesuffix(".md") + "/index.md"
        if not (docs_dir / page).exists() and (docs_dir / section_index).exists():
            page = section_index
        if page not in pages:
            pages.append(page)
    return pages


def run(site_dir: Path, questions: list[Question], browser=None) -> list[Result]:
    """Each question typed into the search of the site in `site_dir`, in `browser` (Playwright's) or in a Chromium of
    its own; what the search found for each."""
    from playwright.sync_api import sync_playwright

    server, base_url = serve(site_dir)
    try:
        if browser is not None:
            return _search(browser, base_url, questions)
        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return _search(own, base_url, questions)
            finally:
                own.close()
    finally:
        server.shutdown()


def _search(browser, base_url: str, questions: list[Question]) -> list[Result]:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(base_url, wait_until="networkidle")
        results = []
        for question in questions:
            search_like_a_reader(page, question.question)
            hrefs = page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")
            found = [urlparse(href).path.removeprefix(urlparse(base_url).path) for href in hrefs]
            results.append(Result(question, normalise(found, ROOT / "docs")))
        return results
    finally:
        page.close()


@dataclass(frozen=True)
class Summary:
    counted: int
    top1: float
    top3: float
    misses: list[Result]
    not_covered: int


def summarise(results: list[Result]) -> Summary:
    counted = [r for r in results if r.question.covered]
    return Summary(
        len(counted),
        sum(r.top1 for r in counted) / len(counted),
        sum(r.top3 for r in counted) / len(counted),
        [r for r in counted if not r.top3],
        len(results) - len(counted),
    )


def build_site() -> Path:
    project = copy_project(Path(tempfile.mkdtemp()) / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-d", "site"], cwd=project, env=env, check=True, capture_output=True
    )
    return project / "site"


def main() -> int:
    if CHROMIUM is None:
        print("Chromium ontbreekt: installeer het (Debian: apt-get install chromium) om het zoeken te meten.")
        return 1
    site_dir = Path(sys.argv[1]) if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else build_site()
    summary = summarise(run(site_dir, load_questions()))
    if "--json" in sys.argv:
        print(json.dumps({"counted": summary.counted, "top1": summary.top1, "top3": summary.top3}))
        return 0
    print(
        f"Search: {summary.counted} questions ({summary.not_covered} about topics the site does not cover, not counted)"
    )
    print(f"  top-1 hit rate: {summary.top1:6.1%}")
    print(f"  top-3 hit rate: {summary.top3:6.1%}  (goal at least 90%)")
    for miss in summary.misses:
        print(f"  miss: {miss.question.question!r} -> {miss.found[:3]} (expected {list(miss.question.pages)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
