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

import yaml  # noqa: E402
from sitetools import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

from handreiking import printable  # noqa: E402
from handreiking.render import page_url  # noqa: E402

FOOTER = """<div style="font: 7.5pt sans-serif; color: #000; width: 100%; box-sizing: border-box; padding: 0 15mm; display: flex; justify-content: space-between; gap: 5mm;">
<span>{address} · laatst gewijzigd op {changed}</span><span>blad <span class="pageNumber"></span> van <span class="totalPages"></span></span></div>"""


def handouts() -> list[tuple[str, str]]:
    """(page URL under the site root, PDF file name) for every printable page in mkdocs.yml's nav."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    return [(page_url(h.src_path, True), h.pdf) for h in printable.handouts(printable.nav_pages(nav), str)]


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
            for page_path, pdf_name in handouts():
                page.goto(base_url + page_path, wait_until="networkidle")
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
