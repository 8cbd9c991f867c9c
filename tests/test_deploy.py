"""Publishing on a web server: the configuration `make deploy-config` makes (handreiking/deploy_config.py), served
by Debian's nginx on 127.0.0.1 under the path of intranet_url, and read back as a web team and a reader would.

One build (the session's `site`), one copy of it with its PDFs, one nginx for the module. The server block around
the generated configuration holds what an intranet's own might (a regex location for every .js and .css file, a
page of its own), so the test also shows that the handreiking's block is complete in itself."""

from __future__ import annotations

import gzip
import html
import http.client
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree

import brotli
import pytest
import yaml
from browser import LISTEN, open_first_search_result, require_chromium, require_program
from selectolax.lexbor import LexborHTMLParser
from sitetools import (
    BROTLI_MODULE,
    NGINX,
    ROOT,
    free_port,
    nginx_conf,
    running_nginx,
    search_like_a_reader,
    serve,
    site_pages,
)

from handreiking import deploy_config, precompressed

INTRANET_URL = yaml.safe_load((ROOT / "data" / "organisation.yml").read_text(encoding="utf-8"))["intranet_url"]
PREFIX = urlsplit(INTRANET_URL).path

# The headers every answer of the handreiking carries, whatever it is (the policy is checked on its own).
SECURITY = dict(deploy_config.SECURITY_HEADERS)
LONG, SHORT = deploy_config.LONG_CACHE, deploy_config.SHORT_CACHE


# Files of kinds the site has none of yet, put beside it on the server, with the type each must have.
PROBES = {
    "probe.svg": ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g/>" * 200 + "</svg>", "image/svg+xml"),
    "probe.atom": (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">' + "<entry/>" * 200 + "</feed>",
        "application/atom+xml",
    ),
}


def require_nginx() -> str:
    """nginx's path, for the tests that serve the site with it."""
    return require_program(NGINX, "nginx", "nginx")


def require_brotli_module() -> None:
    """For the tests of the Brotli copies: nginx's module that sends them."""
    require_program(
        str(BROTLI_MODULE) if BROTLI_MODULE.exists() else None, "brotli_static", "libnginx-mod-http-brotli-static"
    )


# --- The site, its configuration, and nginx -----------------------------------------------------------------


@pytest.fixture(scope="module")
def nginx_executable() -> str:
    return require_nginx()


@pytest.fixture(scope="module")
def published(make_pdf_run, tmp_path_factory) -> Path:
    """The built site as a web team copies it to the server: with its PDFs (as `make pdf` makes them), and a few
    files of kinds the site has none of yet."""
    www = tmp_path_factory.mktemp("deploy") / "www"
    shutil.copytree(make_pdf_run.site, www)
    return www


@pytest.fixture(scope="module")
def configuration(published) -> deploy_config.Deployment:
    """As `make deploy-config BROTLI=1` makes it, where nginx has the module that sends the Brotli copies (CI has
    it); as `make deploy-config` makes it elsewhere."""
    config, _ = deploy_config.prepare(published, INTRANET_URL, root=f"{published}/", brotli=BROTLI_MODULE.exists())
    return config


def server_conf(workdir: Path, port: int, snippet: Path, modules: list[Path]) -> str:
    """nginx.conf for the test: the intranet's own rules beside the generated block."""
    # A rule for every script and stylesheet, a page that frames the handreiking, and a page without the
    # handreiking's headers, which any page may frame.
    return nginx_conf(
        workdir,
        port,
        snippet,
        f"""        location ~* \\.(?:css|js)$ {{ return 418; }}
        location = /framer.html {{
            default_type text/html;
            return 200 '<!doctype html><title>framer</title><iframe src="{PREFIX}"></iframe>';
        }}
        location = /plain.html {{
            default_type text/html;
            return 200 '<!doctype html><title>plain</title><h1>plain</h1>';
        }}""",
        modules,
    )


class Nginx:
    """The running server: its origin, its configuration file, and the site's address on it."""

    def __init__(self, origin: str, conf: Path) -> None:
        self.origin = origin
        self.conf = conf
        self.site = origin + PREFIX

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
        """One request as a browser sends it (asking for gzip), without following a redirect; path or URL."""
        parts = urlsplit(urljoin(self.origin, path))
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        try:
            connection.request(
                "GET",
                parts.path + (f"?{parts.query}" if parts.query else ""),
                headers={"Accept-Encoding": "gzip", **(headers or {})},
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()


@pytest.fixture(scope="module")
def nginx(nginx_executable, published, configuration, tmp_path_factory):
    """Debian's nginx serving the published site with the generated configuration, stopped after the module."""
    workdir = tmp_path_factory.mktemp("nginx")
    written = deploy_config.write(deploy_config.render(configuration), workdir / "deploy")
    snippet = next(path for path in written if path.parent.name == "nginx")
    for name, (text, _) in PROBES.items():
        (published / name).write_text(text, encoding="utf-8")
    port = free_port()
    conf = workdir / "nginx.conf"
    modules = [BROTLI_MODULE] if configuration.brotli else []
    conf.write_text(server_conf(workdir, port, snippet, modules), encoding="utf-8")
    # When nginx does not start, the RuntimeError carries its log.
    with running_nginx(nginx_executable, workdir, conf, port):
        yield Nginx(f"http://127.0.0.1:{port}", conf)


def body(headers, data: bytes) -> bytes:
    unpack = {"gzip": gzip.decompress, "br": brotli.decompress}.get(headers.get("Content-Encoding"))
    return unpack(data) if unpack else data


def assert_protected(headers, policy: str, cache: str) -> None:
    """Every security header, the header policy, and the cache lifetime."""
    assert headers.get("Content-Security-Policy") == policy, headers.get("Content-Security-Policy")
    for name, value in SECURITY.items():
        assert headers.get(name) == value, (name, headers.get(name))
    assert headers.get("Cache-Control") == cache, headers.get("Cache-Control")
    assert "nginx/" not in (headers.get("Server") or ""), "the version of nginx is not told"


# --- The generated configuration ------------------------------------------------------------------------------


def directives(policy: str) -> dict[str, list[str]]:
    parsed = {}
    for directive in policy.split(";"):
        name, *sources = directive.split()
        assert name not in parsed, f"{name} twice"
        parsed[name] = sources
    return parsed


def meta_policy(html: str) -> dict[str, list[str]]:
    meta = LexborHTMLParser(html).css_first('meta[http-equiv="Content-Security-Policy"]')
    return directives(meta.attributes["content"])


def test_the_header_policy_is_the_pages_policy_with_every_pages_hashes_and_frame_ancestors(site):
    header = directives(deploy_config.header_policy(site.site))
    pages = [meta_policy(page.read_text(encoding="utf-8")) for page in sorted(site.site.rglob("*.html"))]
    hashes = set()
    for page in pages:
        assert set(page["script-src"]) <= set(header["script-src"]), "every page's scripts may run"
        assert {name: sources for name, sources in page.items() if name != "script-src"} == {
            name: sources for name, sources in header.items() if name not in ("script-src", "frame-ancestors")
        }
        hashes |= set(page["script-src"])
    assert set(header["script-src"]) == hashes, "no source that no page has"
    assert len(hashes) > 4, "one of Material's scripts differs by page depth"
    assert header["frame-ancestors"] == ["'none'"]
    for name in ("base-uri", "form-action", "object-src"):
        assert header[name] == ["'none'"], name
    assert not any("unsafe" in source for sources in header.values() for source in sources)


def test_the_command_writes_nginx_apache_and_iis_from_the_build(site, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "handreiking", "deploy-config", "--site", str(site.site), "--out", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    files = {path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*") if path.is_file()}
    assert files == set(deploy_config.OUTPUTS.values())
    policy = deploy_config.deployment(site.site, INTRANET_URL).policy
    nginx_conf = (tmp_path / deploy_config.OUTPUTS["nginx"]).read_text(encoding="utf-8")
    apache = (tmp_path / deploy_config.OUTPUTS["apache"]).read_text(encoding="utf-8")
    assert f"location ^~ {PREFIX} {{" in nginx_conf and f"alias /var/www/{PREFIX.strip('/')}/;" in nginx_conf
    # Apache and IIS cannot be run here: they carry the same headers, types and 404 page.
    for name, value in [("Content-Security-Policy", policy), *deploy_config.SECURITY_HEADERS]:
        assert f'Header always set {name} "{value}"' in apache, name
    assert f'Alias "{PREFIX}" "/var/www/{PREFIX.strip("/")}/"' in apache
    assert f"ErrorDocument 404 {PREFIX}404.html" in apache and f"ErrorDocument 403 {PREFIX}404.html" in apache
    assert "Options None" in apache, "no listing of a folder"
    web_config = ElementTree.parse(tmp_path / deploy_config.OUTPUTS["iis"]).getroot()
    headers = {h.get("name"): h.get("value") for h in web_config.iter("add") if h.get("name")}
    assert headers == {"Content-Security-Policy": policy, **SECURITY}
    immutable = {
        location.get("path")
        for location in web_config.iter("location")
        if "immutable" in ElementTree.tostring(location).decode()
    }
    assert immutable == set(deploy_config.fingerprinted_files(site.site)) and immutable
    assert all((site.site / path).is_file() for path in immutable)
    types = {m.get("fileExtension"): m.get("mimeType") for m in web_config.iter("mimeMap")}
    assert types[".pdf"] == "application/pdf" and types[".json"] == "application/json; charset=utf-8"
    assert web_config.find("system.webServer/directoryBrowse").get("enabled") == "false"
    errors = {e.get("statusCode"): e.get("path") for e in web_config.iterfind("system.webServer/httpErrors/error")}
    assert errors == {"404": f"{PREFIX}404.html", "403": f"{PREFIX}404.html"}


def test_a_site_built_for_another_address_is_refused(site):
    with pytest.raises(deploy_config.DeployConfigError) as refused:
        deploy_config.deployment(site.site, "https://intranet.example/elders/")
    assert refused.value.problems == [
        f"de site in {site.site} is gebouwd voor {INTRANET_URL}, niet voor intranet_url https://intranet.example/elders/ "
        "uit data/organisation.yml. Bouw ze opnieuw met `make build`."
    ]


def small_site(tmp_path: Path, policy: str, url: str = "https://intranet.example/hr/") -> Path:
    page = (
        f'<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="{html.escape(policy)}">'
        f'<link rel="canonical" href="{url}"><title>t</title></head><body></body></html>'
    )
    for name in ("index.html", "404.html"):
        (tmp_path / name).write_text(page, encoding="utf-8")
    return tmp_path


GOOD = "default-src 'self'; script-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        (GOOD.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"), "script-src 'self' 'unsafe-inline'"),
        (GOOD.replace("default-src 'self'", "default-src 'self' https://elders.example"), "https://elders.example"),
        (GOOD.replace("default-src 'self'", 'default-src "self"'), "default-src"),
        (GOOD.replace("; base-uri 'none'", ""), "de pagina's missen base-uri 'none'"),
    ],
    ids=["unsafe-inline", "another-host", "quote", "no-base-uri"],
)
def test_a_page_policy_the_header_must_not_take_over_is_refused(tmp_path, policy, expected):
    with pytest.raises(deploy_config.DeployConfigError) as refused:
        deploy_config.deployment(small_site(tmp_path, policy), "https://intranet.example/hr/")
    assert any(expected in problem for problem in refused.value.problems), refused.value.problems


def test_pages_whose_policies_differ_beyond_their_scripts_are_refused(tmp_path):
    small_site(tmp_path, GOOD)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        f'<meta http-equiv="Content-Security-Policy" content="{GOOD.replace("form-action", "img-src data:; form-action")}">'
    )
    with pytest.raises(deploy_config.DeployConfigError) as refused:
        deploy_config.deployment(tmp_path, "https://intranet.example/hr/")
    assert refused.value.problems == [
        "a/index.html: de Content-Security-Policy is anders dan die van 404.html, buiten script-src "
        "('default-src 'self'; base-uri 'none'; img-src data:; form-action 'none'; object-src 'none'' tegenover "
        "'default-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none''). Eén header geldt voor elke "
        "pagina."
    ]


def test_a_file_without_a_type_and_an_unusable_folder_are_refused(tmp_path):
    small_site(tmp_path, GOOD)
    (tmp_path / "notities.docx").write_bytes(b"PK")
    with pytest.raises(deploy_config.DeployConfigError) as refused:
        deploy_config.deployment(tmp_path, "https://intranet.example/hr/", root='/var/www/x"; include /etc/*')
    assert len(refused.value.problems) == 2, refused.value.problems
    assert refused.value.problems[0].startswith("'/var/www/x\"; include /etc/*/' is geen bruikbare map op de server")
    assert (
        "notities.docx" in refused.value.problems[1]
        and "TYPES in handreiking/deploy_config.py" in (refused.value.problems[1])
    )


def test_a_link_put_in_the_site_after_the_build_stops_the_command(tmp_path):
    """nginx follows a symbolic link, so a link in site/ would publish what it points to: a file of the build
    machine, or a whole folder. The build's audit refuses links; `make deploy-config` refuses one added later,
    before it reads anything through it, and writes nothing."""
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    small_site(site_dir, GOOD, INTRANET_URL)
    (site_dir / "wachtwoorden.html").symlink_to("/etc/passwd")
    (site_dir / "thuis").symlink_to(Path.home(), target_is_directory=True)
    result = deploy_config_command(site_dir, tmp_path / "deploy")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "FOUT    -  site/thuis: is een symbolische link; de site bevat alleen echte bestanden. Haal ze weg.",
        "FOUT    -  site/wachtwoorden.html: is een symbolische link; de site bevat alleen echte bestanden. Haal ze weg.",
        "De configuratie van de webserver is niet gemaakt.",
    ]
    assert not (tmp_path / "deploy").exists()
    assert deploy_config_command(site_dir, tmp_path / "brotli", "--brotli").returncode == 1
    assert not list(site_dir.glob("*.br"))


def deploy_config_command(site_dir: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "handreiking", "deploy-config", "--site", str(site_dir), "--out", str(out), *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_brotli_copies_are_made_fresh_and_an_old_copy_stops_the_command(tmp_path):
    """`make deploy-config BROTLI=1` writes a copy beside each text file (not beside a small one, a picture or a
    PDF) and the nginx configuration that sends them. A copy that no longer is its file stops the command, which
    then writes nothing; the next `BROTLI=1` makes every copy anew, and leaves none of a file that is gone."""
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    small_site(site_dir, GOOD, INTRANET_URL)
    for name in ("index.html", "404.html"):
        with (site_dir / name).open("a", encoding="utf-8") as page:
            page.write("<p>Eerst luisteren, dan reageren.</p>\n" * 10)
    (site_dir / "zoek.json").write_text('{"docs": [' + ", ".join(['{"title": "x"}'] * 30) + "]}", encoding="utf-8")
    (site_dir / "kort.txt").write_text("kort", encoding="utf-8")
    (site_dir / "beeld.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1000))
    result = deploy_config_command(site_dir, tmp_path / "deploy", "--brotli")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Gemaakt: 3 Brotli-kopieën (.br)" in result.stdout, result.stdout
    copies = {path.name for path in site_dir.glob("*.br")}
    assert copies == {"index.html.br", "404.html.br", "zoek.json.br"}
    assert all(
        brotli.decompress((site_dir / f"{name}.br").read_bytes()) == (site_dir / name).read_bytes()
        for name in ("index.html", "404.html", "zoek.json")
    )
    assert "brotli_static on;" in (tmp_path / "deploy" / deploy_config.OUTPUTS["nginx"]).read_text(encoding="utf-8")
    # Without BROTLI=1 nginx is not told to send them (a server without the module would not start).
    result = deploy_config_command(site_dir, tmp_path / "plain")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "brotli" not in (tmp_path / "plain" / deploy_config.OUTPUTS["nginx"]).read_text(encoding="utf-8")
    # The page changed after the copies were made: a server that sends them would send the old page.
    with (site_dir / "index.html").open("a", encoding="utf-8") as page:
        page.write("<p>Nieuw.</p>")
    result = deploy_config_command(site_dir, tmp_path / "stale")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "FOUT    -  site/index.html.br: is niet dezelfde inhoud als index.html ernaast: een browser die Brotli leest, "
        "krijgt dan iets anders dan wat de bouw controleerde. `make deploy-config BROTLI=1` maakt de kopieën "
        "opnieuw; `make build` haalt ze weg.",
        "De configuratie van de webserver is niet gemaakt.",
    ]
    assert not (tmp_path / "stale").exists()
    (site_dir / "zoek.json").unlink()
    result = deploy_config_command(site_dir, tmp_path / "again", "--brotli")
    assert result.returncode == 0, result.stdout + result.stderr
    assert {path.name for path in site_dir.glob("*.br")} == {"index.html.br", "404.html.br"}
    assert brotli.decompress((site_dir / "index.html.br").read_bytes()) == (site_dir / "index.html").read_bytes()


def test_a_site_at_the_root_of_its_host_gets_no_redirect_to_itself(tmp_path):
    config = deploy_config.deployment(
        small_site(tmp_path, GOOD, "https://handreiking.example/"), "https://handreiking.example/"
    )
    files = deploy_config.render(config)
    assert config.prefix == "/" and config.root == "/var/www/handreiking/"
    assert "location = " not in files[deploy_config.OUTPUTS["nginx"]]
    assert "location ^~ / {" in files[deploy_config.OUTPUTS["nginx"]]
    assert "RedirectMatch" not in files[deploy_config.OUTPUTS["apache"]]


# --- Served by nginx --------------------------------------------------------------------------------------------


def test_nginx_accepts_the_configuration_without_a_warning(nginx):
    result = subprocess.run(
        [NGINX, "-t", "-e", "stderr", "-p", str(nginx.conf.parent), "-c", str(nginx.conf)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr and "[emerg]" not in result.stderr, result.stderr


def test_every_page_is_served_under_the_intranet_path_compressed_and_protected(site, nginx, configuration):
    pages = site_pages(site.site)
    assert len(pages) > 20
    for path in pages:
        status, headers, data = nginx.get(PREFIX + path)
        assert status == 200, (path, status)
        assert headers["Content-Type"] == "text/html; charset=utf-8", (path, headers["Content-Type"])
        assert headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding", path
        assert body(headers, data) == (site.site / path / "index.html").read_bytes(), path
        assert_protected(headers, configuration.policy, SHORT)


def test_the_address_without_its_last_slash_leads_to_the_site(nginx):
    status, headers, _ = nginx.get(PREFIX.rstrip("/"))
    assert (status, headers["Location"]) == (301, PREFIX)
    status, headers, _ = nginx.get(PREFIX + "fasen")
    assert (status, headers["Location"]) == (301, PREFIX + "fasen/"), "relative, so a proxy in front keeps its host"


def test_a_page_asked_again_is_not_sent_again_when_it_did_not_change(nginx):
    status, headers, _ = nginx.get(PREFIX)
    status, again, data = nginx.get(PREFIX, {"If-None-Match": headers["ETag"]})
    assert (status, data) == (304, b"")


def test_the_search_index_is_compressed_and_asked_again_every_time(site, nginx, configuration):
    status, headers, data = nginx.get(PREFIX + "search/search_index.json")
    assert status == 200
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert headers["Content-Encoding"] == "gzip"
    raw = (site.site / "search" / "search_index.json").read_bytes()
    assert body(headers, data) == raw and len(data) < len(raw) / 2
    assert_protected(headers, configuration.policy, SHORT)


def test_a_pdf_is_served_whole_as_a_pdf(published, nginx, configuration):
    pdfs = sorted((published / "pdf").glob("*.pdf"))
    if not pdfs:
        require_chromium()  # the PDFs are made with it
    pdf = min(pdfs, key=lambda path: path.stat().st_size)
    status, headers, data = nginx.get(f"{PREFIX}pdf/{pdf.name}")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in headers, "a PDF is compressed already"
    assert data == pdf.read_bytes() and data.startswith(b"%PDF-")
    assert_protected(headers, configuration.policy, SHORT)


def test_fingerprinted_files_are_kept_a_year_and_the_others_are_asked_again(site, nginx, configuration):
    fingerprinted = deploy_config.fingerprinted_files(site.site)
    assert any(path.endswith(".js") for path in fingerprinted) and any(path.endswith(".css") for path in fingerprinted)
    for path in fingerprinted:
        status, headers, data = nginx.get(PREFIX + path)
        assert status == 200, (path, status)
        assert body(headers, data) == (site.site / path).read_bytes(), path
        assert_protected(headers, configuration.policy, LONG)
    for path, kind in [
        ("assets/javascripts/copy_answer.js", "text/javascript; charset=utf-8"),
        ("stylesheets/handreiking.css", "text/css; charset=utf-8"),
        ("assets/images/favicon.png", "image/png"),
    ]:
        status, headers, _ = nginx.get(PREFIX + path)
        assert (status, headers["Content-Type"]) == (200, kind), path
        assert_protected(headers, configuration.policy, SHORT)


def test_xml_svg_and_atom_have_their_types_and_are_compressed(nginx, configuration):
    status, headers, data = nginx.get(PREFIX + "sitemap.xml")
    assert (status, headers["Content-Type"], headers["Content-Encoding"]) == (
        200,
        "application/xml; charset=utf-8",
        "gzip",
    )
    assert body(headers, data).startswith(b"<?xml")
    for name, (text, kind) in PROBES.items():
        status, headers, data = nginx.get(PREFIX + name)
        assert (status, headers["Content-Type"].split(";")[0], headers["Content-Encoding"]) == (200, kind, "gzip")
        assert body(headers, data) == text.encode()
        assert_protected(headers, configuration.policy, SHORT)


def test_a_browser_that_accepts_brotli_gets_the_copy_with_the_files_type_and_headers(
    site, published, nginx, configuration
):
    """`make deploy-config BROTLI=1`: every text file of the site has its Brotli copy, and nginx sends it to a client
    that accepts Brotli, with the type, headers and cache lifetime of the file itself. It is what the build checked,
    byte for byte. A client that asks only for gzip gets gzip (the tests above)."""
    require_brotli_module()
    kinds = {f".{extension}" for extension in deploy_config.compressible_extensions()}
    text_files = {
        path.relative_to(published).as_posix()
        for path in published.rglob("*")
        if path.suffix in kinds and path.stat().st_size >= precompressed.MIN_SIZE and path.name not in PROBES
    }
    copies = {path.relative_to(published).as_posix().removesuffix(".br") for path in precompressed.copies(published)}
    assert copies == text_files and len(copies) > 100, copies ^ text_files
    fingerprinted = set(deploy_config.fingerprinted_files(site.site))
    served = [path + "index.html" for path in site_pages(site.site)]
    served += ["404.html", "search/search_index.json", "sitemap.xml", "wijzigingen.atom", *fingerprinted]
    for path in served:
        address = PREFIX + path.removesuffix("index.html")
        status, headers, data = nginx.get(address, {"Accept-Encoding": "br, gzip"})
        assert (status, headers["Content-Encoding"], headers["Vary"]) == (200, "br", "Accept-Encoding"), path
        assert brotli.decompress(data) == (site.site / path).read_bytes(), path
        assert headers["Content-Type"] == nginx.get(address)[1]["Content-Type"], path
        assert_protected(headers, configuration.policy, LONG if path in fingerprinted else SHORT)
    # The largest page: what the copies are for (ONDERHOUD.md, *Lighthouse*).
    _, _, gzipped = nginx.get(PREFIX + "afdrukken/")
    _, _, packed = nginx.get(PREFIX + "afdrukken/", {"Accept-Encoding": "br"})
    assert len(packed) < 0.7 * len(gzipped), (len(packed), len(gzipped))
    # The site's own 404 page, and a page asked again without change.
    status, headers, data = nginx.get(PREFIX + "bestaat-niet/", {"Accept-Encoding": "br"})
    assert (status, headers["Content-Encoding"]) == (404, "br")
    assert brotli.decompress(data) == (site.site / "404.html").read_bytes()
    _, headers, _ = nginx.get(PREFIX, {"Accept-Encoding": "br"})
    status, _, data = nginx.get(PREFIX, {"Accept-Encoding": "br", "If-None-Match": headers["ETag"]})
    assert (status, data) == (304, b"")


def test_a_missing_page_and_a_folder_get_the_sites_own_404_page_and_no_listing(site, nginx, configuration):
    not_found = (site.site / "404.html").read_bytes()
    for path in ["bestaat-niet/", "richtlijnen/bestaat-niet.html", "assets/", "assets/javascripts/", "pdf/"]:
        status, headers, data = nginx.get(PREFIX + path)
        assert status == 404, (path, status)
        assert headers["Content-Type"] == "text/html; charset=utf-8", path
        assert body(headers, data) == not_found, path
        assert_protected(headers, configuration.policy, SHORT)
    # A missing fingerprinted file too (an old page asking for the previous version's bundle).
    status, headers, data = nginx.get(PREFIX + "assets/javascripts/bundle.00000000.min.js")
    assert (status, body(headers, data)) == (404, not_found)
    assert_protected(headers, configuration.policy, SHORT)
    # Nothing outside the site's folder.
    status, _, data = nginx.get(PREFIX + "..%2f..%2f..%2fetc/passwd")
    assert status in (400, 404) and b"root:" not in data


def links_of(html: str) -> set[str]:
    """Every address a reader's browser follows or fetches from a page."""
    tree = LexborHTMLParser(html)
    found = {node.attributes.get("href") for node in tree.css("a[href], link[href]")}
    found |= {node.attributes.get("src") for node in tree.css("script[src], img[src], source[src]")}
    return {link for link in found if link}


def test_every_link_of_every_page_resolves_on_the_server(site, published, nginx):
    """As a reader clicks them: every href and src of every page, relative or to intranet_url, answers 200."""
    if not any((published / "pdf").glob("*.pdf")):
        require_chromium()  # the PDFs, which Afdrukken links to, are made with it
    answers: dict[str, int] = {}
    broken = []
    for path in [*site_pages(site.site), "404.html"]:
        page_url = nginx.site + path
        text = (site.site / (path if path.endswith(".html") else path + "index.html")).read_text(encoding="utf-8")
        for link in sorted(links_of(text)):
            url = urldefrag(urljoin(page_url, link)).url
            if url.startswith(INTRANET_URL):  # the canonical address, and any other to the site itself
                url = nginx.site + url[len(INTRANET_URL) :]
            if not url.startswith(nginx.site):
                continue  # mail, telephone, other sites
            if url not in answers:
                answers[url] = nginx.get(url)[0]
            if answers[url] != 200:
                broken.append(f"{path or '/'}: {link} -> {answers[url]}")
    assert not broken, broken
    assert len(answers) > 40, len(answers)
    assert any(url.endswith(".pdf") for url in answers)


# --- In Chromium --------------------------------------------------------------------------------------------------


def open_page(browser, url: str):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    errors: list[str] = []
    # Errors, and warnings too: Chromium warns of a header it cannot read (an unknown Permissions-Policy feature).
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url, wait_until="networkidle")
    return page, response, errors


def test_search_works_under_the_header_policy(nginx, browser, configuration):
    page, response, errors = open_page(browser, nginx.site)
    index = []
    page.on("response", lambda r: index.append(r) if r.url.endswith("search_index.json") else None)
    search_like_a_reader(page, "archiveren")
    results, violations, url = open_first_search_result(page)
    assert any(f"{PREFIX}richtlijnen/archiveren/" in href for href in results), results
    assert f"{PREFIX}richtlijnen/archiveren/" in url, url
    # Loaded when the reader starts to search, compressed (and once more by the result's page, to mark the words):
    # Chromium asks for Brotli over HTTPS and from its own machine, as here.
    encoding = "br" if configuration.brotli else "gzip"
    assert response.headers.get("content-encoding") == encoding, response.headers
    assert index and all((r.status, r.headers.get("content-encoding")) == (200, encoding) for r in index), index
    assert not violations and not errors, (violations, errors)


def framed(browser, framer_url: str) -> tuple[str, list[str]]:
    """The title of what the page at framer_url shows in its iframe ('' if the browser refused to show it), and
    the console's errors."""
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(framer_url, wait_until="load")
    page.wait_for_timeout(300)
    frame = page.frames[1]
    # A frame the browser refused shows Chromium's own error page instead.
    shown = frame.evaluate("document.title") if frame.url.startswith("http") else ""
    context.close()
    return shown, errors


def test_no_other_page_can_frame_the_handreiking(nginx, browser, tmp_path):
    # Another site of the intranet: another origin, on this machine (Chromium keeps public pages off local ones).
    (tmp_path / "framer.html").write_text(f'<!doctype html><title>f</title><iframe src="{nginx.site}"></iframe>')
    (tmp_path / "plain.html").write_text(
        f'<!doctype html><title>f</title><iframe src="{nginx.origin}/plain.html"></iframe>'
    )
    other, other_url = serve(tmp_path)
    try:
        shown, errors = framed(browser, other_url + "framer.html")
        assert shown == "", shown
        assert any("frame-ancestors 'none'" in error for error in errors), errors
        # A page of the intranet's own host: 'none' refuses it too.
        shown, errors = framed(browser, nginx.origin + "/framer.html")
        assert shown == "", shown
        assert any("frame-ancestors 'none'" in error for error in errors), errors
        # The check sees a frame that did load: a page of that host without the handreiking's headers.
        shown, _ = framed(browser, other_url + "plain.html")
        assert shown == "plain"
    finally:
        other.shutdown()
