"""The PDF step's wall: what slipped into a built page must not reach outside this machine, nor pass unnoticed,
while Chromium prints the handouts. Real build, real Chromium. Each case prints a copy of the built site in
which the HTML of one handout page was changed, as a sanitizer that missed something would have left it."""

from __future__ import annotations

import http.client
import http.server
import re
import shutil
import socket
import struct
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import make_pdfs as script
import pytest
from browser import require_chromium
from make_pdfs import PdfProblems, handouts, page_file
from sitetools import serve

PAGE = "afdrukken/observatie/index.html"
OTHER_PAGE = "afdrukken/conversatie/index.html"
# A documentation address (TEST-NET-2): it must never be contacted, and the route aborts it before Chromium tries.
OUTSIDE = "http://198.51.100.7/x.png"


@pytest.fixture
def site_copy(site, tmp_path) -> Path:
    """A copy of the site built once for the session (conftest), without PDFs, that the case may change."""
    require_chromium()
    return Path(shutil.copytree(site.site, tmp_path / "site", ignore=shutil.ignore_patterns("pdf")))


def inject(site_dir: Path, page: str, snippet: str) -> None:
    path = site_dir / page
    text = path.read_text(encoding="utf-8")
    # The page's own Content-Security-Policy would stop most of this before Chromium asks for anything. Take it
    # out, as on a page the policy missed, so that the wall is tested on its own.
    text = re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", text)
    assert "</body>" in text
    path.write_text(text.replace("</body>", snippet + "</body>", 1), encoding="utf-8")


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_make_pdfs(site_dir: Path, monkeypatch, capsys, page: str) -> Run:
    """scripts/make_pdfs.py as CI runs it (make pdf), printing only the handout of `page`: its main(), in this
    process (the step as a whole, unchanged, is the session's `make pdf`: see the first test)."""
    print_only(monkeypatch, page)
    monkeypatch.setattr(sys, "argv", ["make_pdfs.py", str(site_dir)])
    capsys.readouterr()
    returncode = script.main()
    out, err = capsys.readouterr()
    return Run(returncode, out, err)


def problem_lines(result: Run) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("FOUT")]


def assert_failed_without_pdfs(result: Run, site_dir: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert result.stderr == ""
    assert "Geen PDF gemaakt, door 1 probleem." in result.stdout
    assert not [line for line in result.stdout.splitlines() if line.startswith("PDF gemaakt:")]
    assert list((site_dir / "pdf").glob("*.pdf")) == [], "no PDF is written, and an older one is deleted"


def print_only(monkeypatch, *pages: str) -> None:
    """make_pdfs prints only the handouts of these pages: a case that needs no others is quicker."""
    chosen = [handout for handout in handouts() if page_file(handout[0]) in pages]
    assert len(chosen) == len(pages)
    monkeypatch.setattr(script, "handouts", lambda: chosen)


def test_the_unchanged_site_makes_every_handout_and_no_problem(make_pdf_run):
    """The session's `make pdf` (conftest): scripts/make_pdfs.py in a process of its own, on the built site."""
    assert make_pdf_run.returncode == 0, make_pdf_run.stdout + make_pdf_run.stderr
    assert make_pdf_run.stderr == ""
    names = [name for _, name in handouts()]
    assert make_pdf_run.stdout.splitlines() == [f"PDF gemaakt: pdf/{name}" for name in names]
    assert sorted(make_pdf_run.pdfs) == sorted(names)
    for name, path in make_pdf_run.pdfs.items():
        assert path.read_bytes().startswith(b"%PDF-"), name


def test_an_image_from_outside_the_site_is_stopped_and_fails_the_step(site_copy, monkeypatch, capsys):
    inject(site_copy, PAGE, f'<img src="{OUTSIDE}" alt="">')
    # A PDF an earlier run left must not make the failed set look complete.
    earlier = next(name for path, name in handouts() if page_file(path) == PAGE)
    (site_copy / "pdf").mkdir()
    (site_copy / "pdf" / earlier).write_bytes(b"%PDF-1.7 from an earlier run")
    result = run_make_pdfs(site_copy, monkeypatch, capsys, PAGE)
    assert problem_lines(result) == [
        f"FOUT  -  {PAGE}: de pagina wil iets ophalen van buiten de site. Dat is tegengehouden: {OUTSIDE}"
    ]
    assert_failed_without_pdfs(result, site_copy)


def test_a_dialog_is_dismissed_and_fails_the_step(site_copy, monkeypatch, capsys):
    inject(site_copy, PAGE, "<script>alert(1)</script>")
    result = run_make_pdfs(site_copy, monkeypatch, capsys, PAGE)
    assert problem_lines(result) == [
        f'FOUT  -  {PAGE}: de pagina opent een melding (alert) met de tekst "1". Het venster is gesloten.'
    ]
    assert_failed_without_pdfs(result, site_copy)


def test_a_pdf_that_would_send_the_reader_to_their_own_files_fails_the_step(site_copy, monkeypatch, capsys):
    """The PDF is what is published: Chromium turned a link that slipped into the page into a link of the PDF, and
    the PDF meets the wall an editor's PDF meets (pdf_check)."""
    inject(site_copy, PAGE, '<a href="file:///etc/passwd">wachtwoorden</a>')
    result = run_make_pdfs(site_copy, monkeypatch, capsys, PAGE)
    assert problem_lines(result) == [
        f"FOUT  -  {PAGE}: de PDF van deze pagina heeft een link naar 'file:///etc/passwd'; een link mag alleen naar "
        "http, https, mailto of tel."
    ]
    assert_failed_without_pdfs(result, site_copy)


def test_a_page_that_never_finishes_loading_or_printing_is_a_problem_not_a_hang(site_copy, monkeypatch):
    # Fetches from the local server, forever: the network is never idle.
    inject(site_copy, PAGE, '<script>setInterval(() => fetch("./?" + Math.random()), 100)</script>')
    # Printing fires beforeprint, which never returns.
    inject(site_copy, OTHER_PAGE, '<script>addEventListener("beforeprint", () => { for (;;) {} })</script>')
    print_only(monkeypatch, PAGE, OTHER_PAGE)
    with pytest.raises(PdfProblems) as failed:
        script.make_pdfs(site_copy, require_chromium(), load_timeout=5, print_timeout=3)
    assert [str(problem) for problem in failed.value.problems] == [
        f"{PAGE}: de pagina is na 5 seconden nog niet klaar met laden. Misschien laadt iets op de pagina steeds opnieuw.",
        f"{OTHER_PAGE}: het afdrukken naar PDF duurt langer dan 3 seconden. Misschien blijft iets op de pagina bezig.",
    ]
    assert not (site_copy / "pdf").exists()


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args) -> None:
        pass


# A loopback address other than the local server's: tests send traffic only to this machine's loopback range.
CANARY_ADDRESS = "127.0.0.2"


def test_what_a_route_cannot_see_does_not_leave_the_machine(site_copy, monkeypatch):
    """WebRTC passes no route: the WebRTC stub stops it; a WebSocket meets a route of its own. Canaries on a
    second loopback address count whatever reaches them. (Beacons sent while a page unloads and WebTransport
    are kept off the network by the proxy that is not there; Chromium never proxies loopback, so a loopback
    canary cannot show that, and no test here sends traffic beyond this machine's loopback range.)"""
    address = CANARY_ADDRESS
    http_canary = http.server.ThreadingHTTPServer((address, 0), _Canary)
    threading.Thread(target=http_canary.serve_forever, daemon=True).start()
    udp_canary = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp_canary.bind((address, 0))
    udp_canary.settimeout(0.2)
    tcp, udp = http_canary.server_address[1], udp_canary.getsockname()[1]
    try:
        # The canaries count what reaches them.
        check = http.client.HTTPConnection(address, tcp, timeout=10)
        check.request("GET", "/check")
        check.getresponse().read()
        check.close()
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
            sender.sendto(b"check", (address, udp))
        assert udp_canary.recv(100) == b"check"
        assert _Canary.hits == ["/check"]
        _Canary.hits.clear()

        inject(
            site_copy,
            PAGE,
            f"""<script>
try {{
  const peer = new RTCPeerConnection({{iceServers: [{{urls: "stun:{address}:{udp}"}}]}});
  peer.createDataChannel("x");
  peer.createOffer().then((offer) => peer.setLocalDescription(offer));
}} catch (e) {{}}
new WebSocket("ws://{address}:{tcp}/");
</script>""",
        )
        print_only(monkeypatch, PAGE)
        with pytest.raises(PdfProblems) as failed:
            script.make_pdfs(site_copy, require_chromium())
        assert sorted(str(problem) for problem in failed.value.problems) == [
            f"{PAGE}: de pagina wil een verbinding openen (WebRTC). Dat is tegengehouden.",
            f"{PAGE}: de pagina wil een verbinding openen (WebSocket). Dat is tegengehouden: ws://{address}:{tcp}/",
        ]
        received = []
        try:
            while True:
                received.append(udp_canary.recv(2000))
        except TimeoutError:
            pass
        assert _Canary.hits == [] and received == [], "something left Chromium past the wall"
    finally:
        http_canary.shutdown()
        http_canary.server_close()
        udp_canary.close()


def test_a_browser_that_leaves_mid_transfer_is_no_traceback(tmp_path, capsys):
    """Chromium stops a handout whose page asked for something off the site, while files are on their way: the
    local server must not print a traceback into the output of make pdf for the reader that went away."""
    (tmp_path / "groot.bin").write_bytes(b"x" * 20_000_000)
    server, _ = serve(tmp_path)
    try:
        for _ in range(5):
            with socket.create_connection(server.server_address) as client:
                client.sendall(b"GET /groot.bin HTTP/1.1\r\nHost: localhost\r\n\r\n")
                client.recv(1000)
                # Closed at once with a reset, as a browser tab that is shut.
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        time.sleep(1)
    finally:
        server.shutdown()
    assert "Traceback" not in capsys.readouterr().err
