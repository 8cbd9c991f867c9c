"""What the scripts and the tests share: a copy of the project, the built site served on localhost, and
Debian's Chromium with the flags that keep it off the internet."""

from __future__ import annotations

import contextlib
import functools
import getpass
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
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

# Debian's nginx, which `make deploy-config` writes a configuration for and tests/test_deploy.py tests it with.
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)
# Debian's module that sends the site's Brotli copies (`make deploy-config BROTLI=1`): libnginx-mod-http-brotli-static.
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")

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


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that closes a page while a file is still on its way (Chromium stopping a handout whose page
        # asked for something off the site) leaves a broken pipe: that reader went away, the server did not fail.
        # socketserver would print its traceback into the output of make pdf, which never shows one.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """A built site on a free localhost port, in a background thread; the server and its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@contextlib.contextmanager
def serve_as_published(site_dir: Path, workdir: Path, brotli: bool = False) -> Iterator[str]:
    """A built site served as the intranet serves it: Debian's nginx with the configuration of `make deploy-config`
    (compression, cache lifetimes, security headers), on a free localhost port; yields the site's address. With
    `brotli`, a copy of the site in workdir gets its Brotli copies (`make deploy-config BROTLI=1`) and nginx sends
    them; the site itself is left as it is.

    Speed measured against Python's plain server would be the speed of a server nobody publishes with."""
    if str(ROOT) not in sys.path:  # run as a script, the project is not importable yet
        sys.path.insert(0, str(ROOT))
    from handreiking import deploy_config

    url = deploy_config.intranet_url(ROOT)
    if brotli:
        site_dir = Path(shutil.copytree(site_dir, workdir / "site"))
    config, _ = deploy_config.prepare(site_dir, url, root=f"{site_dir.resolve()}/", brotli=brotli)
    written = deploy_config.write(deploy_config.render(config), workdir)
    snippet = next(path for path in written if path.parent.name == "nginx")
    port = free_port()
    conf = workdir / "nginx.conf"
    conf.write_text(nginx_conf(workdir, port, snippet, modules=[BROTLI_MODULE] if brotli else []), encoding="utf-8")
    with running_nginx(NGINX, workdir, conf, port):
        yield f"http://127.0.0.1:{port}{deploy_config.prefix_of(url)}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_conf(workdir: Path, port: int, snippet: Path, locations: str = "", modules: list[Path] = ()) -> str:
    """nginx.conf for a local server: an intranet's server block on 127.0.0.1 that includes the generated block
    (`snippet`), with the intranet's own `locations` before it, and the dynamic `modules` loaded (Debian loads its
    modules from /etc/nginx/modules-enabled, which this file does not read). Everything nginx writes stays in
    workdir (Debian's build would use /var/lib/nginx and /var/log/nginx)."""
    load = "".join(f"load_module {module};\n" for module in modules)
    (workdir / "temp").mkdir(exist_ok=True)
    kinds = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    temp = "\n".join(f"    {kind}_temp_path {workdir}/temp/{kind};" for kind in kinds)
    # Started as root, nginx runs its workers as nobody, who may not read the site or the temporary folders.
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""
    return f"""{load}{user}worker_processes 1;
daemon off;
pid {workdir}/nginx.pid;
error_log stderr warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
{temp}
    server {{
        listen 127.0.0.1:{port};
{locations}
        location / {{ return 404; }}
        include {snippet};
    }}
}}
"""


@contextlib.contextmanager
def running_nginx(executable: str, workdir: Path, conf: Path, port: int) -> Iterator[None]:
    """nginx started with `conf`, once it answers on `port`; stopped afterwards. Its messages go to
    workdir/nginx.log, and a RuntimeError carries them when it stops at start-up or does not answer."""
    log = workdir / "nginx.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [executable, "-e", "stderr", "-p", str(workdir), "-c", str(conf)], stdout=output, stderr=output
        )
        try:
            deadline = time.monotonic() + 10
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"nginx stopped at start-up: {log.read_text()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(f"nginx does not answer on port {port}: {log.read_text()}") from None
                    time.sleep(0.05)
            yield
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def site_pages(site_dir: Path) -> list[str]:
    """Every page of the site as a path under the site root ('' for the home page)."""
    pages = []
    for index in sorted(site_dir.rglob("index.html")):
        relative = index.parent.relative_to(site_dir).as_posix()
        if relative.startswith("assets") or relative == "404":
            continue
        pages.append("" if relative == "." else relative + "/")
    return pages


# What Material's result line says while the search box is empty, in Dutch ("search.result.placeholder" in
# material/templates/partials/languages/nl.html).
EMPTY_SEARCH_BOX = "Typ om te beginnen met zoeken"


def search_like_a_reader(page, query: str) -> None:
    """Put a query in Material's search box as a reader's last keystroke does, and wait for its results.

    Material searches when a key is let go: the whole query, then one key. Its result line counts the matching
    documents ('overeenkomende'), also when none match, but it is written with the query in the box when the
    answer comes, not with the query answered: an answer to an earlier query that comes late reads as this one's
    ("Geen overeenkomende documenten" over an empty list). So the box is emptied first, and the query typed only
    once the answer to the empty box is shown (Material's invitation to type): every earlier answer has come then,
    for the search worker answers in turn. Locators only: the page's policy refuses scripts of a test's own."""
    search = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    search.click()
    search.fill("")
    search.press("End")
    meta.filter(has_text=EMPTY_SEARCH_BOX).wait_for()
    search.fill(query)
    search.press("End")
    meta.filter(has_text="overeenkomende").wait_for()
