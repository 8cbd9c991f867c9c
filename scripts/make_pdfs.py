"""Render the printable pages of a built site to PDF handouts in Chromium, into <site>/pdf/.

Usage: python scripts/make_pdfs.py [site-dir]   (or: make pdf, after make build)

The handouts are the printable pages under Afdrukken, and the page of each role (one A4 sheet each).

Chromium (Debian's package, driven by Playwright) rather than WeasyPrint: it is the engine the browser
tests already use and that readers print with, so the PDF looks like a print from the site; it lays out
our CSS (grid, SVG) as on screen; and it writes tagged PDFs with an outline of the headings (bookmarks).

The pages are written by editors, so their content is not trusted: whatever slipped into a page must not
reach outside this machine, nor pass unnoticed, while CI makes the PDFs. Each handout is printed in a
browser context of its own, behind a wall:
- a route lets through only requests to the local server that serve() started (and data: and blob:, see
  _guard); every other request is aborted before Chromium sends it;
- no WebSocket is connected, no service worker can register (it could answer requests the route never
  sees), and WebRTC is switched off (it sends UDP that no route sees);
- every dialog (alert, confirm, prompt, beforeunload) is dismissed;
- loading and printing a page have a time limit, so something endless cannot hang the CI job;
- the PDF itself is read as a viewer reads it (handreiking/pdf_check.py, the wall an editor's PDF meets).
Behind the route, Chromium has a proxy that is not there and looks up no host name (WALL_ARGS): what a
route cannot see (a beacon sent while a page unloads, WebTransport, a DNS prefetch) cannot leave either.

Everything the wall stopped, and every time limit passed, is a problem naming the page. All handouts are
tried first, so one run lists every problem; then, if there is one, no PDF is written at all (see
make_pdfs) and main() prints the problems and exits with 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from sitetools import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

from handreiking import pdf_check, printable  # noqa: E402
from handreiking.render import page_url, role_page, role_pdf  # noqa: E402

FOOTER = """<div style="font: 7.5pt sans-serif; color: #000; width: 100%; box-sizing: border-box; padding: 0 15mm; display: flex; justify-content: space-between; gap: 5mm;">
<span>{address} · laatst gewijzigd op {changed}</span><span>blad <span class="pageNumber"></span> van <span class="totalPages"></span></span></div>"""

# Seconds. Loading the largest handout until the network is idle takes 1 to 2 s here, printing it (70 sheets)
# 1 to 3 s: the limits leave a slow CI runner plenty of room, and still end a hang within minutes.
LOAD_TIMEOUT = 30.0
PRINT_TIMEOUT = 60.0
# How many handouts are printed side by side, each in its own context: while one page waits for the network to be
# idle, another is laid out. Four at a time took half the time of one at a time on two cores (make bench, "make
# pdf": 0.51x), but once, in a test run with the browser tests beside it, the whole handreiking came out with an
# outline that lacked headings (not seen again in three runs under load). One at a time until that is understood.
AT_ONCE = 1
# A link to another page of the site goes, in the PDF, where a reader finds that page: its address on the intranet
# (the page's canonical address, from intranet_url), not the local server that printed it, which is gone and would
# send the reader to a port on their own computer. A link to a place in the same page stays as it is: Chromium makes
# it a link inside the PDF. Links to other sites and mail addresses stay as they were written.
TO_THE_PUBLISHED_ADDRESS = """() => {
    const published = document.querySelector('link[rel=canonical]')?.href;
    if (!published) return;
    for (const link of document.querySelectorAll('a[href]')) {
        const target = new URL(link.href);
        const inThisPage = target.pathname === location.pathname && target.search === location.search && target.hash;
        if (target.origin === location.origin && !inThisPage) {
            link.href = new URL(link.getAttribute('href'), published).href;
            link.dataset.hrPublished = '';  // the stylesheet prints no address after it: it is a page of the site
        }
    }
}"""
# Closing a context whose page hangs may not finish either; the next handout gets a context of its own.
CLOSE_TIMEOUT = 10.0

# The second wall, for what the route cannot see. Loopback addresses never go through a proxy, so the local
# server is reached directly; everything else goes to this proxy on a local port where nothing listens
# (whatever did would still be this machine), and fails. And no host name is looked up, so not even a DNS
# query leaves (the local server is an IP address, which is never looked up; EXCLUDE keeps it so anyway).
WALL_ARGS = [
    "--proxy-server=http://127.0.0.1:9",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# WebRTC sends UDP (STUN) that neither the route nor the proxy sees, and the site does not use it. Run in every
# frame before the page's own scripts: its constructors report to the wall and fail. The reporter is taken
# when the frame starts, so a page that replaces window.__hrWall later is still stopped (if unreported).
NO_WEBRTC = """(() => {
  const report = globalThis.__hrWall;
  for (const name of ["RTCPeerConnection", "webkitRTCPeerConnection"]) {
    const refuse = function () {
      try { report && report(); } catch (e) {}
      throw new DOMException(name + " is off while the PDFs are made", "NotAllowedError");
    };
    try {
      Object.defineProperty(globalThis, name, { value: refuse, writable: false, configurable: false });
    } catch (e) {}
  }
})()"""

# An endless loop of blocked requests would otherwise print thousands of lines for one page.
MAX_PROBLEMS_PER_PAGE = 10
MAX_TEXT = 200

DIALOGS = {"alert": "een melding", "confirm": "een vraag", "prompt": "een invulvenster", "beforeunload": "een vraag"}


@dataclass(frozen=True)
class Problem:
    page: str  # the page's file under the site, e.g. afdrukken/index.html
    message: str  # in Dutch, for the editors

    def __str__(self) -> str:
        return f"{self.page}: {self.message}"


class PdfProblems(Exception):
    """What the wall stopped (or what did not finish in time) while the handouts were printed; no PDF was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


def handouts() -> list[tuple[str, str]]:
    """(page URL under the site root, PDF file name) for every printable page in mkdocs.yml's nav, and for the page
    of every role in data/roles.yml (made by the build from the data: one sheet for a colleague in that role)."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    roles = yaml.safe_load((ROOT / "data" / "roles.yml").read_text(encoding="utf-8"))["roles"]
    return [(page_url(h.src_path, True), h.pdf) for h in printable.handouts(printable.nav_pages(nav), str)] + [
        (page_url(role_page(role["id"]), True), role_pdf(role["id"])) for role in roles
    ]


def page_file(page_path: str) -> str:
    """The file a page URL under the site serves: 'afdrukken/' -> 'afdrukken/index.html'."""
    return page_path + "index.html" if page_path == "" or page_path.endswith("/") else page_path


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _shorten(text: str) -> str:
    """Page-made text (a URL, a dialog's message) fit for one line of a CI log: no control characters."""
    text = " ".join("".join(c if c.isprintable() else " " for c in text).split())
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


class _Handout:
    """One handout's page in a context of its own, behind the wall; what the wall stopped becomes `found`."""

    def __init__(self, base_url: str, page_path: str) -> None:
        self.base_url = base_url
        self.page_path = page_path
        self.local = _origin(base_url)
        self.found: list[str] = []
        self.more = 0

    def problem(self, message: str) -> None:
        """Something the wall stopped; an endless loop of them shows as the first few and a count."""
        if message in self.found:
            return
        if len(self.found) < MAX_PROBLEMS_PER_PAGE:
            self.found.append(message)
        else:
            self.more += 1

    def failed(self, message: str) -> None:
        """Why the handout could not be made: always shown, whatever else the page did."""
        self.found.append(message)

    def problems(self) -> list[Problem]:
        messages = self.found + ([f"en nog {self.more} andere problemen op deze pagina."] if self.more else [])
        return [Problem(page_file(self.page_path), message) for message in messages]

    async def _guard(self, route) -> None:
        url = route.request.url
        # data: and blob: may pass: their content is already in the page, or made from it by the page's own
        # script, so using them contacts nothing (Chromium does not even send them through a route; this only
        # keeps the rule whole). That is safe: a data: or blob: frame or worker that runs script runs in this
        # same context, so its requests meet this route, its dialogs the handler below, its WebRTC the stub,
        # and what a route cannot see the dead proxy.
        if _origin(url) == self.local or url.startswith(("data:", "blob:")):
            with contextlib.suppress(Exception):
                await route.continue_()
            return
        self.problem(f"de pagina wil iets ophalen van buiten de site. Dat is tegengehouden: {_shorten(url)}")
        with contextlib.suppress(Exception):
            await route.abort("blockedbyclient")

    async def _refuse_websocket(self, websocket) -> None:
        # Not calling connect_to_server() keeps the WebSocket away from any server.
        self.problem(
            f"de pagina wil een verbinding openen (WebSocket). Dat is tegengehouden: {_shorten(websocket.url)}"
        )
        with contextlib.suppress(Exception):
            await websocket.close()

    async def _dismiss(self, dialog) -> None:
        kind = DIALOGS.get(dialog.type, "een venster")
        text = _shorten(dialog.message)
        self.problem(f'de pagina opent {kind} ({dialog.type}) met de tekst "{text}". Het venster is gesloten.')
        with contextlib.suppress(Exception):
            await dialog.dismiss()

    async def print(self, browser, load_timeout: float, print_timeout: float) -> bytes | None:
        """The handout's PDF; None if it could not be made. Either way, self.found holds what went wrong."""
        from playwright.async_api import Error as PlaywrightError
        from playwright.async_api import TimeoutError as PlaywrightTimeout

        context = await browser.new_context(service_workers="block")
        try:
            await context.expose_binding("__hrWall", lambda source, *args: self._report_webrtc())
            await context.add_init_script(NO_WEBRTC)
            await context.route("**/*", self._guard)
            await context.route_web_socket(lambda url: True, self._refuse_websocket)
            context.on("dialog", self._dismiss)
            page = await context.new_page()
            try:
                response = await page.goto(
                    self.base_url + self.page_path, wait_until="networkidle", timeout=load_timeout * 1000
                )
            except PlaywrightTimeout:
                self.failed(
                    f"de pagina is na {load_timeout:g} seconden nog niet klaar met laden. Misschien laadt iets op de pagina steeds opnieuw."
                )
                return None
            if response is None or not response.ok:
                status = response.status if response else "geen antwoord"
                self.failed(f"de pagina staat niet in de gebouwde site ({status}). Bouw de site opnieuw.")
                return None
            try:
                pdf = await asyncio.wait_for(self._pdf(page), print_timeout)
            except TimeoutError:  # asyncio.wait_for's (the builtin one), not Playwright's
                self.failed(
                    f"het afdrukken naar PDF duurt langer dan {print_timeout:g} seconden. Misschien blijft iets op de pagina bezig."
                )
                return None
            # The PDF is what is published: it meets the wall an editor's PDF meets (pdf_check), whatever Chromium
            # made of what slipped into the page.
            for what in pdf_check.findings(pdf):
                self.problem(f"de PDF van deze pagina {what}.")
            return pdf
        except PlaywrightError as error:
            self.failed(f"Chromium kan de pagina niet afdrukken: {_shorten(str(error).splitlines()[0])}")
            return None
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(context.close(), CLOSE_TIMEOUT)

    def _report_webrtc(self) -> None:
        self.problem("de pagina wil een verbinding openen (WebRTC). Dat is tegengehouden.")

    @staticmethod
    async def _pdf(page) -> bytes:
        await page.emulate_media(media="print")
        address = await page.evaluate("document.querySelector('link[rel=canonical]')?.href || location.href")
        await page.evaluate(TO_THE_PUBLISHED_ADDRESS)
        changed = await page.evaluate(
            "document.querySelector('.hr-last-changed')?.textContent.replace('Laatst gewijzigd op', '').trim() || 'onbekend'"
        )
        return await page.pdf(
            prefer_css_page_size=True,
            print_background=True,
            display_header_footer=True,
            header_template="<span></span>",
            footer_template=FOOTER.format(address=html.escape(address), changed=html.escape(changed)),
            tagged=True,
            outline=True,
        )


async def _print_all(
    chromium: str, base_url: str, load_timeout: float, print_timeout: float
) -> tuple[dict[str, bytes], list[Problem]]:
    from playwright.async_api import async_playwright

    pdfs: dict[str, bytes] = {}
    problems: list[Problem] = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium, args=[*CHROMIUM_ARGS, *WALL_ARGS])
        at_once = asyncio.Semaphore(AT_ONCE)

        async def print_one(page_path: str) -> tuple[_Handout, bytes | None]:
            async with at_once:
                handout = _Handout(base_url, page_path)
                return handout, await handout.print(browser, load_timeout, print_timeout)

        chosen = handouts()
        printed = await asyncio.gather(*(print_one(page_path) for page_path, _ in chosen))
        for (handout, pdf), (_, pdf_name) in zip(printed, chosen, strict=True):
            problems += handout.problems()
            if pdf is not None:
                pdfs[pdf_name] = pdf
        # Leaving async_playwright ends Chromium anyway, should a hung page keep it from closing.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(browser.close(), CLOSE_TIMEOUT)
    return pdfs, problems


def make_pdfs(
    site_dir: Path, chromium: str, *, load_timeout: float = LOAD_TIMEOUT, print_timeout: float = PRINT_TIMEOUT
) -> list[Path]:
    """Print every handout of the built site to <site>/pdf/; the PDFs made.

    Raises PdfProblems if the wall stopped anything or a page did not finish in time. The PDFs wait in memory
    until every handout was tried: if there was a problem, none is written, and any handout PDFs an earlier run left in <site>/pdf/ are deleted: rather than only the
    failing ones, because the handouts share their content (the whole holds every part), so a page with a
    problem is often inside a handout that printed without one, and because a set with gaps, or with old
    PDFs in the gaps, looks complete to whoever publishes or downloads it. No PDFs is plainly no PDFs.
    """
    server, base_url = serve(site_dir)
    try:
        # Playwright's async API, because only there can printing get a time limit (page.pdf has none); in a
        # thread of its own, because a caller that drives a sync Playwright (a test) has an event loop running.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pdfs, problems = pool.submit(
                asyncio.run, _print_all(chromium, base_url, load_timeout, print_timeout)
            ).result()
    finally:
        server.shutdown()
        server.server_close()
    out = site_dir / "pdf"
    if problems:
        for _, pdf_name in handouts():
            (out / pdf_name).unlink(missing_ok=True)
        raise PdfProblems(problems)
    out.mkdir(exist_ok=True)
    made = []
    for name, pdf in pdfs.items():
        (out / name).write_bytes(pdf)
        made.append(out / name)
    return made


def main() -> int:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    chromium = CHROMIUM
    if chromium is None:
        print("Chromium ontbreekt: installeer het (Debian: apt-get install chromium) om PDF's te maken.")
        return 1
    if not (site_dir / "index.html").is_file():
        print(f"Er is geen gebouwde site in {site_dir}. Bouw eerst de site (make build).")
        return 1
    try:
        made = make_pdfs(site_dir, chromium)
    except PdfProblems as failed:
        for problem in failed.problems:
            print(f"FOUT  -  {problem}")
        count = len(failed.problems)
        print(
            f"\nGeen PDF gemaakt, door {count} {'probleem' if count == 1 else 'problemen'}. Zoek op de genoemde pagina wat er niet hoort, haal het weg en maak de PDF's opnieuw."
        )
        return 1
    for pdf in made:
        print(f"PDF gemaakt: {pdf.relative_to(site_dir)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
