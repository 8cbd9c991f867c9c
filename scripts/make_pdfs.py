"""Render the printable pages of a built site to PDF handouts in Chromium, into <site>/pdf/.

Usage: python scripts/make_pdfs.py [site-dir]   (or: make pdf, after make build)

Chromium (Debian's package, driven by Playwright) rather than WeasyPrint: it is the engine the browser
tests already use and that readers print with, so the PDF looks like a print from the site; it lays out
our CSS (grid, SVG) as on screen; and it writes tagged PDFs with an outline of the headings (bookmarks).
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

FOOTER = """<div style="font: 7.5pt sans-serif; color: #000; width: 100%; box-sizing: border-box; padding: 0 15mm; display: flex; justify-content: space-between; gap: 5mm;">
<span>{address} · laatst gewijzigd op {changed}</span><span>blad <span class="pageNumber"></span> van <span class="totalPages"></span></span></div>"""


def handouts(site_dir: Path) -> list[tuple[str, str]]:
    """(page path, PDF file name) for every printable page, from the links on the page that lists them."""
    index = (site_dir / "afdrukken" / "index.html").read_text(encoding="utf-8")
    from html.parser import HTMLParser

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.items, self.in_list, self.page = [], False, None

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "ul" and "hr-downloads" in (attrs.get("class") or ""):
                self.in_list = True
            elif tag == "a" and self.in_list:
                href = attrs.get("href", "")
                if href.endswith(".pdf"):
                    self.items.append((self.page, Path(href).name))
                else:
                    self.page = href

        def handle_endtag(self, tag):
            if tag == "ul":
                self.in_list = False

    parser = Links()
    parser.feed(index)
    return [(str(Path("afdrukken", page)).replace("afdrukken/./", "afdrukken/"), pdf) for page, pdf in parser.items]


def make_pdfs(site_dir: Path, chromium: str) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out = site_dir / "pdf"
    out.mkdir(exist_ok=True)
    server, base_url = serve(site_dir)
    made = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            for page_path, pdf_name in handouts(site_dir):
                page.goto(base_url + _normalise(page_path), wait_until="networkidle")
                page.emulate_media(media="print")
                address = page.evaluate("document.querySelector('link[rel=canonical]')?.href || location.href")
                changed = page.evaluate(
                    "document.querySelector('.hr-last-changed')?.textContent.replace('Laatst gewijzigd op', '').trim() || 'onbekend'"
                )
                target = out / pdf_name
                page.pdf(
                    path=str(target),
                    prefer_css_page_size=True,
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=FOOTER.format(address=html.escape(address), changed=html.escape(changed)),
                    tagged=True,
                    outline=True,
                )
                made.append(target)
            browser.close()
    finally:
        server.shutdown()
    return made


def _normalise(path: str) -> str:
    parts = [p for p in path.split("/") if p not in ("", ".")]
    resolved: list[str] = []
    for part in parts:
        if part == "..":
            resolved.pop()
        else:
            resolved.append(part)
    return "/".join(resolved) + "/"


def main() -> int:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    chromium = CHROMIUM
    if chromium is None:
        print("Chromium ontbreekt: installeer het (Debian: apt-get install chromium) om PDF's te maken.")
        return 1
    for pdf in make_pdfs(site_dir, chromium):
        print(f"PDF gemaakt: {pdf.relative_to(site_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
