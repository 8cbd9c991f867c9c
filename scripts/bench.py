"""Benchmark of the build and the pages (make bench). Prints ratios measured in one run, with medians.

- the full build against the same project without the macros plugin (what the data layer costs), against
  the project with the plugin switched on but idle (what mkdocs-macros costs before our code does anything),
  and against the pages the macros render saved as static Markdown (the same content without the data layer);
- the build with 10x and 100x the content against the build as it is;
- how long `mkdocs serve` takes to show a one-line page change and a data change, and what a rebuild in one
  process costs with the theme's templates compiled once per process against compiled anew;
- how many times a build reads each data file, and how long `make check` takes;
- what the trust checks cost in a build: the pages' Jinja, every built page's HTML and CSS, the search index
  and the Content-Security-Policy, timed in-process over the built site;
- how often search puts the page that answers a colleague's question first, and in the first three
  (scripts/search_bench.py, with the questions in data/search_questions.yml);
- the bytes a reader's browser loads, cold cache, for the home page (opened, and searched in: the search index
  is loaded when a reader starts to search) and the largest page, and the largest page's own HTML;
- the main thread's time running Material's bundle as a page opens on a phone-sized screen, as built (with V8's
  compile hint) against as Material ships it;
- the whole test suite once, as `make test` runs it (leave it out with --no-suite).

Usage: python scripts/bench.py [--runs N] [--scales 10,100] [--against REV] [--no-suite]

With --against REV it only compares the build as it is with the build of the project at git revision REV (same
content checks, turn by turn), e.g. `--against HEAD~5` for what the last five commits cost a build.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from sitetools import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_project, serve, serve_as_published, site_pages

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build_seconds(project: Path) -> float:
    """One timed build, as mkdocs.yml configures it."""
    command = [sys.executable, "-m", "mkdocs", "build", "-d", "site"]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=project, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project}:\n{result.stdout}{result.stderr}")
    return elapsed


def median_build(project: Path, runs: int) -> float:
    return median_builds([project], runs)[0]


def median_builds(projects: list[Path], runs: int) -> list[float]:
    """The median build time of each project. The builds take turns, so a slow spell on the shared machine
    hits every project alike and the ratios between them hold."""
    for project in projects:
        build_seconds(project)  # warm-up: the first build also fills the OS file cache
    times: list[list[float]] = [[] for _ in projects]
    for _ in range(runs):
        for project, project_times in zip(projects, times, strict=True):
            project_times.append(build_seconds(project))
    return [statistics.median(project_times) for project_times in times]


# --- Variants of the project ---------------------------------------------------------------------------------


def without_macros(project: Path) -> None:
    config = (project / "mkdocs.yml").read_text()
    config = re.sub(r"\n  - macros:\n(?:      .*\n)+", "\n", config)
    # Without macros the pages keep their {{ ... }} text and miss the anchors the data makes: not strict.
    (project / "mkdocs.yml").write_text(config.replace("strict: true", "strict: false"))


def macros_idle(project: Path) -> None:
    """The plain project with the macros plugin switched on but given nothing to do: what the plugin itself
    costs before our data layer does any work (the floor under 'the data layer costs')."""
    without_macros(project)
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(
        config.replace("plugins:\n", "plugins:\n  - macros:\n      render_by_default: false\n", 1)
    )


# Written into a copy of the project as a MkDocs hook; hooks run after the plugins, so it sees each page's
# Markdown as the macros left it, and its front matter as the page's meta (with the date the macros set).
CAPTURE_HOOK = """
from pathlib import Path
import yaml
OUT = Path(__file__).parent / "rendered"
def on_page_markdown(markdown, page, **kwargs):
    target = OUT / page.file.src_path
    target.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) if page.meta else ""
    target.write_text(f"---\\n{front}---\\n\\n{markdown}" if front else markdown, encoding="utf-8")
def on_post_build(config):
    # What the macros set from data/organisation.yml, for the static project's mkdocs.yml.
    settings = {key: str(config[key]) for key in ("site_url", "repo_url", "edit_uri", "copyright")}
    (OUT / "settings.yml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
"""


# Written into the static project: a page the build made from the data (generated_pages.py) is a file in docs/
# there, but it keeps what it has in the real site: its link to edit the page opens the data file it comes from.
STATIC_HOOK = """
from urllib.parse import urljoin
def on_page_context(context, page, config, **kwargs):
    if page.meta.get("made_from_data"):
        page.edit_url = urljoin(config.repo_url + "/", config.edit_uri + "../" + page.meta["made_from_data"])
    return context
"""


def as_static(project: Path) -> None:
    """The pages as the macros render them, saved as static Markdown and built without the plugin: the same
    content, without the data layer. What a build costs beyond this is the data layer's own work (reading and
    checking the data, Jinja on every page, filling the printable pages, which stay empty here)."""
    (project / "capture_hook.py").write_text(CAPTURE_HOOK)
    config = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("hooks:\n", "hooks:\n  - capture_hook.py\n", 1))
    build_seconds(project)
    for page in (project / "rendered").rglob("*.md"):
        target = project / "docs" / page.relative_to(project / "rendered")
        target.parent.mkdir(parents=True, exist_ok=True)  # a page made from the data has no folder in docs/
        page.replace(target)
    (project / "static_hook.py").write_text(STATIC_HOOK)
    config = config.replace("hooks:\n", "hooks:\n  - static_hook.py\n", 1)
    (project / "mkdocs.yml").write_text(config + (project / "rendered" / "settings.yml").read_text())
    without_macros(project)


def scale_content(project: Path, factor: int) -> dict[str, int]:
    """Synthetic content, `factor` times as much: guideline pages x factor; channels and audiences x sqrt(factor)
    each, so their matrix (channels times audiences) also grows by `factor`."""
    import yaml

    side = math.isqrt(factor)
    channels_file = project / "data" / "channels.yml"
    channels = yaml.safe_load(channels_file.read_text())["channels"]
    extra_channels = []
    for copy in range(1, side):
        for channel in channels:
            extra_channels.append({**channel, "id": f"{channel['id']}-{copy}", "name": f"{channel['name']} {copy}"})
    audiences_file = project / "data" / "audiences.yml"
    audience_data = yaml.safe_load(audiences_file.read_text())
    extra_audiences = []
    for copy in range(1, side):
        for audience in audience_data["audiences"]:
            presence = {
                f"{ch}-{copy}": {**obs, "observed": str(obs["observed"])} for ch, obs in audience["presence"].items()
            }
            extra_audiences.append(
                {
                    **audience,
                    "id": f"{audience['id']}-{copy}",
                    "name": f"{audience['name']} {copy}",
                    "presence": presence,
                }
            )
    _append_items(channels_file, "channels", extra_channels)
    _append_items(audiences_file, "audiences", extra_audiences, before="# --- Bronnen")

    guideline_dir = project / "docs" / "richtlijnen"
    originals = sorted(p for p in guideline_dir.glob("*.md") if p.name != "index.md")
    all_channel_ids = [c["id"] for c in channels] + [c["id"] for c in extra_channels]
    for copy in range(1, factor):
        for number, original in enumerate(originals):
            text = original.read_text()
            name = f"{original.stem}-{copy}.md"
            channel_ids = [all_channel_ids[(copy * 7 + number * 3 + k) % len(all_channel_ids)] for k in range(3)]
            text = re.sub(
                r"^title: (.*)$", lambda m, copy=copy: f"title: {_numbered(m[1], copy)}", text, count=1, flags=re.M
            )
            text = re.sub(r"^channels: .*$", f"channels: [{', '.join(channel_ids)}]", text, count=1, flags=re.M)
            text = re.sub(r"^# (.*)$", rf"# \1 ({copy})", text, count=1, flags=re.M)
            # Like an editor's new guideline: a file in docs/richtlijnen/, not an entry in the nav.
            (guideline_dir / name).write_text(text)
    return {
        "guideline pages": len(originals) * factor,
        "channels": len(channels) + len(extra_channels),
        "audiences": len(audience_data["audiences"]) + len(extra_audiences),
    }


def _numbered(title: str, copy: int) -> str:
    """'Titel' as 'Titel (2)', inside its quotes if it has them."""
    if len(title) > 1 and title[0] in "'\"" and title.endswith(title[0]):
        return f"{title[:-1]} ({copy}){title[0]}"
    return f"{title} ({copy})"


def _append_items(path: Path, key: str, items: list[dict], before: str | None = None) -> None:
    import yaml

    class WrittenOut(yaml.SafeDumper):
        """Every value written where it is used: the copies share lists, and the data refuses YAML's aliases."""

        def ignore_aliases(self, data) -> bool:
            return True

    block = yaml.dump(items, Dumper=WrittenOut, allow_unicode=True, sort_keys=False)
    block = "".join("  " + line if line.strip() else line for line in block.splitlines(True))
    text = path.read_text()
    if before:
        text = text.replace(before, block + "\n" + before, 1)
    else:
        text = text.rstrip("\n") + "\n" + block
    path.write_text(text)


# --- mkdocs serve ------------------------------------------------------------------------------------------------


def serve_rebuild_seconds(project: Path, runs: int) -> tuple[float, float]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"

    def fetch(path: str) -> str:
        try:
            with urllib.request.urlopen(base + path, timeout=5) as response:
                return response.read().decode()
        except OSError:
            return ""

    def wait_for(path: str, marker: str, limit: float = 120) -> float:
        start = time.perf_counter()
        while time.perf_counter() - start < limit:
            if marker in fetch(path):
                return time.perf_counter() - start
            time.sleep(0.05)
        raise SystemExit(f"serve did not show {marker!r} within {limit} s")

    try:
        wait_for("", "Handreiking", 120)
        page_times, data_times = [], []
        page = project / "docs" / "richtlijnen" / "archiveren.md"
        channels = project / "data" / "channels.yml"
        for run in range(runs):
            text = page.read_text()
            page.write_text(
                text.replace("## Waarom deze richtlijn?", f"Meting {run} pagina.\n\n## Waarom deze richtlijn?", 1)
            )
            page_times.append(wait_for("richtlijnen/archiveren/", f"Meting {run} pagina."))
            data = channels.read_text()
            channels.write_text(re.sub(r"name: Mastodon[^\n]*", f"name: Mastodon meting {run}", data, count=1))
            data_times.append(wait_for("overzichten/kanalen/", f"Mastodon meting {run}"))
            time.sleep(1)  # let the watcher settle before the next change
        return statistics.median(page_times), statistics.median(data_times)
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- Reads per build ---------------------------------------------------------------------------------------------

READS = """
import sys, collections, json
reads = collections.Counter()
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and "/data/" in args[0] and args[0].endswith(".yml"):
        reads[args[0].rsplit("/", 1)[1]] += 1
sys.addaudithook(hook)
from mkdocs.__main__ import cli
try:
    cli(["build", "-d", "site"])
except SystemExit:
    pass
print(json.dumps(dict(reads)))
"""


def data_reads(project: Path) -> dict[str, int]:
    out = subprocess.run([sys.executable, "-c", READS], cwd=project, env=ENV, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# --- Bytes in the browser -------------------------------------------------------------------------------------------


def trust_check_seconds(project: Path, runs: int) -> float:
    """Median time of the checks that keep content from becoming code, as one build runs them, over a built
    site: the pages' Jinja, the symbolic-link check of the inputs, and the audit of every file of the final site."""
    sys.path.insert(0, str(project))
    from handreiking import inputs, loading
    from handreiking.render import page_url
    from handreiking.site_audit import Origin, SiteAudit

    site_dir, docs_dir = project / "site", project / "docs"
    origins = {
        page_url(src, use_directory_urls=True) + "index.html": Origin("page", src)
        for src in (path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md"))
    }
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        loading.page_code_problems(docs_dir)
        inputs.outside_content(project)
        SiteAudit(site_dir, docs_dir, origins, serving=False).run()
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])  # the first run also imports the parsers


def against_revision(revision: str, runs: int, tmp_dir: Path) -> None:
    """The build as it is against the build at a git revision, turn by turn: a ratio from one run."""
    old = tmp_dir / "revision"
    old.mkdir()
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
    now = copy_project(tmp_dir / "now")
    now_time, old_time = median_builds([now, old], runs)
    print(f"Build as it is:        {now_time:6.2f} s")
    print(f"Build at {revision:12} {old_time:6.2f} s")
    print(f"  ratio:               {now_time / old_time:6.2f}x  (medians of {runs}, taking turns)")


def link_check_seconds(project: Path, runs: int) -> float:
    """Median time of following every link in the built pages' content (handreiking/link_check.py), over a built
    site; the printable pages are read filled, so with every part's links: an upper bound."""
    sys.path.insert(0, str(project))
    from handreiking.link_check import BuiltPage, check_links
    from handreiking.render import page_url

    site_dir, docs_dir = project / "site", project / "docs"
    pages = []
    for path in sorted(docs_dir.rglob("*.md")):
        src = path.relative_to(docs_dir).as_posix()
        dest = page_url(src, use_directory_urls=True) + "index.html"  # MkDocs' address of the page, as a file
        if (site_dir / dest).exists():
            pages.append(BuiltPage(src, dest, (site_dir / dest).read_text(encoding="utf-8")))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        check_links(site_dir, docs_dir, pages)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def check_seconds(project: Path, runs: int) -> float:
    """Median wall time of `make check` (scripts/check.py: data, pages, spelling, readability, and the build in a
    temporary folder for links and the built pages), as an editor runs it."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "scripts/check.py"], cwd=project, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def page_bytes(site_dir: Path) -> dict[str, tuple[str, int]]:
    from playwright.sync_api import sync_playwright

    largest = max(site_pages(site_dir), key=lambda p: (site_dir / p / "index.html").stat().st_size)
    server, base = serve(site_dir)
    results = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            visits = (("home page", "", False), ("home page, searching", "", True), ("largest page", largest, False))
            for label, path, searching in visits:
                # A new context is a cold cache. The search box is read with a script of the bench's own, which
                # the page's policy would refuse.
                context = browser.new_context(bypass_csp=searching)
                page = context.new_page()
                sizes: dict[str, int] = {}
                page.on("response", lambda r, sizes=sizes: sizes.__setitem__(r.url, len(r.body())))
                page.goto(base + path, wait_until="networkidle")
                if searching:  # the search index is loaded when a reader starts to search
                    page.locator("input.md-search__input").fill("account")
                    page.locator("input.md-search__input").press("End")
                    page.wait_for_function(
                        "document.querySelector('.md-search-result__meta')?.textContent.includes('overeenkomende')"
                    )
                page.wait_for_timeout(1000)
                results[label] = (path or "/", sum(sizes.values()))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    html_sizes = {p: (site_dir / p / "index.html").stat().st_size for p in site_pages(site_dir)}
    results["largest own HTML"] = max(html_sizes.items(), key=lambda item: item[1])
    reading = {p: s for p, s in html_sizes.items() if not p.startswith("afdrukken/")}
    results["largest own HTML (reading pages)"] = max(reading.items(), key=lambda item: item[1])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement; the median is reported")
    parser.add_argument("--scales", default="10,100", help="content factors to build, comma-separated")
    parser.add_argument("--against", metavar="REV", help="only compare the build with the one at this git revision")
    parser.add_argument("--no-suite", action="store_true", help="leave out the test suite's time (several minutes)")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",") if s]
    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    print(f"Runs per measurement: {args.runs} (median)\n")

    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        if args.against:
            against_revision(args.against, args.runs, tmp_dir)
            return
        base, base_time = report_build_costs(tmp_dir, args.runs)
        report_check_costs(base, base_time, args.runs)
        for factor in scales:
            report_scaled_build(tmp_dir, factor, base_time, args.runs if factor <= 10 else max(1, args.runs // 2))
        report_serve_costs(copy_project(tmp_dir / "serve"), base_time, args.runs)
        report_rebuild_costs(copy_project(tmp_dir / "rebuild"), args.runs)
        report_page_costs(base)
        report_script_costs(base / "site", max(args.runs, 7))
        report_pdf_costs(base, args.runs)
        if not args.no_suite:
            report_suite_time(base_time)


def report_build_costs(tmp_dir: Path, runs: int) -> tuple[Path, float]:
    """The build as it is against a plain build, the idle plugin and the same content as static pages."""
    base = copy_project(tmp_dir / "base")
    plain = copy_project(tmp_dir / "plain")
    without_macros(plain)
    idle = copy_project(tmp_dir / "idle")
    macros_idle(idle)
    static = copy_project(tmp_dir / "static")
    as_static(static)
    base_time, plain_build, idle_build, static_build = median_builds([base, plain, idle, static], runs)

    def against_plain(seconds: float) -> str:
        return f"{seconds / plain_build:6.2f}x a plain build (+{(seconds / plain_build - 1) * 100:.0f}%)"

    print(f"Build as it is:                {base_time:6.2f} s  {against_plain(base_time)}")
    print(f"Build without macros plugin:   {plain_build:6.2f} s  (the plain build; its pages show {{{{ ... }}}})")
    print(f"Same, macros plugin idle:      {idle_build:6.2f} s  {against_plain(idle_build)}")
    print(f"Same content as static pages:  {static_build:6.2f} s  {against_plain(static_build)}")
    print(f"  data layer costs:            {base_time / plain_build:6.2f}x a plain build (goal at most +15%)")
    print(f"    of which the idle plugin:  {idle_build / plain_build:6.2f}x")
    print(f"    of which the extra content:{static_build / plain_build:6.2f}x (its pages built without the data layer)")
    print(
        f"  data layer over the same content as static pages: {base_time / static_build:.2f}x (+{(base_time / static_build - 1) * 100:.0f}%)\n"
    )
    return base, base_time


def report_check_costs(base: Path, base_time: float, runs: int) -> None:
    checks = trust_check_seconds(base, runs)
    print(
        f"Trust checks in one build:     {checks * 1000:6.0f} ms  ({checks / base_time * 100:.0f}% of the build; goal at most 300 ms)\n"
    )
    links = link_check_seconds(base, runs)
    print(f"Link check in one build:       {links * 1000:6.0f} ms  ({links / base_time * 100:.0f}% of the build)\n")
    check = check_seconds(base, runs)
    print(
        f"make check (everything, with a build in a temporary folder): {check:5.2f} s  "
        f"({check / base_time:.2f}x a build; goal at most 3 s)\n"
    )
    print(f"Data file reads in one build:  {data_reads(base)}  (goal: each once)\n")


def report_scaled_build(tmp_dir: Path, factor: int, base_time: float, runs: int) -> None:
    scaled = copy_project(tmp_dir / f"x{factor}")
    sizes = scale_content(scaled, factor)
    scaled_time = median_build(scaled, runs)
    print(f"Build with {factor}x content:       {scaled_time:6.2f} s  ({sizes})")
    print(f"  against the build as it is:  {scaled_time / base_time:6.2f}x  (goal at most {factor}x)\n")


def report_serve_costs(project: Path, base_time: float, runs: int) -> None:
    page_change, data_change = serve_rebuild_seconds(project, runs)
    print(
        f"mkdocs serve, one-line page change shown after: {page_change:5.2f} s ({page_change / base_time:.2f}x a full build)"
    )
    print(
        f"mkdocs serve, data change shown after:          {data_change:5.2f} s ({data_change / base_time:.2f}x a full build)\n"
    )


def rebuilds_turn_by_turn(project: Path, runs: int, undo) -> tuple[float, float]:
    """Builds in one process after the first, as `mkdocs serve` and the tests rebuild, turn by turn: the median
    processor seconds of a rebuild as it is, and of one after `undo()` took away what the process kept."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from handreiking.mkdocs_adapter import run_build

    def build_seconds() -> float:
        start = time.process_time()
        run_build(project / "mkdocs.yml", project / "site")
        return time.process_time() - start

    build_seconds()
    kept, anew = [], []
    for _ in range(runs):
        kept.append(build_seconds())
        undo()
        anew.append(build_seconds())
    return statistics.median(kept), statistics.median(anew)


def rebuild_seconds(project: Path, runs: int) -> tuple[float, float]:
    """A rebuild with the theme's templates compiled once per process, and with them compiled anew."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from handreiking.mkdocs_adapter import session

    def compile_anew() -> None:
        session.compiled_templates = type(session.compiled_templates)()

    return rebuilds_turn_by_turn(project, runs, compile_anew)


def remembered_rebuild_seconds(project: Path, runs: int) -> tuple[float, float]:
    """A rebuild with what the checks of unchanged texts answered before (handreiking/remembered.py), and with
    every text checked anew."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from handreiking import remembered

    return rebuilds_turn_by_turn(project, runs, remembered.forget)


def report_rebuild_costs(project: Path, runs: int) -> None:
    kept, anew = rebuild_seconds(project, runs)
    print(
        f"A rebuild in one process, theme compiled once: {kept:5.2f} s processor time; compiled anew: {anew:5.2f} s "
        f"({kept / anew:.2f}x)"
    )
    kept, anew = remembered_rebuild_seconds(project, runs)
    print(
        f"A rebuild in one process, unchanged texts answered from memory: {kept:5.2f} s processor time; checked "
        f"anew: {anew:5.2f} s ({kept / anew:.2f}x)\n"
    )


def report_page_costs(base: Path) -> None:
    if not CHROMIUM:
        print("Chromium not found: search and page bytes not measured.")
        return
    from search_bench import load_questions, run, summarise

    search = summarise(run(base / "site", load_questions()))
    print(
        f"Search, {search.counted} questions as colleagues type them: top-1 {search.top1:.1%}, "
        f"top-3 {search.top3:.1%} (goal at least 90%; misses: python scripts/search_bench.py)\n"
    )
    for label, (path, size) in page_bytes(base / "site").items():
        print(f"{label:32} {size / 1000:8.1f} kB  ({path})")
    print(
        "  goals: home page at most 450 kB as opened (the index comes with the first search); a page's own HTML at most 100 kB"
    )


def report_pdf_costs(base: Path, runs: int) -> None:
    """make pdf with four handouts printed side by side against one at a time, taking turns (make_pdfs.AT_ONCE is set
    back to what it was afterwards)."""
    if not CHROMIUM:
        return
    import make_pdfs

    chosen, side_by_side = make_pdfs.AT_ONCE, 4
    seconds: dict[int, list[float]] = {1: [], side_by_side: []}
    for _ in range(max(1, runs // 2)):
        for at_once in seconds:
            make_pdfs.AT_ONCE = at_once
            start = time.monotonic()
            make_pdfs.make_pdfs(base / "site", CHROMIUM)
            seconds[at_once].append(time.monotonic() - start)
    make_pdfs.AT_ONCE = chosen
    one, many = statistics.median(seconds[1]), statistics.median(seconds[side_by_side])
    print(
        f"\nmake pdf, {len(make_pdfs.handouts())} handouts, {side_by_side} at a time: {many:5.2f} s  "
        f"(one at a time {one:5.2f} s: {many / one:.2f}x)\n"
    )


# The pages whose opening is measured: the start page, a guideline and the longest page of the site's own kind.
SCRIPT_PAGES = ["", "richtlijnen/crisiscommunicatie/", "fasen/conversatie/"]


def bundle_seconds(page, url: str) -> float:
    """The main thread's time in the task that runs Material's bundle when `url` opens on a phone-sized screen, from a
    trace of Chromium itself: evaluating it, compiling what it calls, and what that forces of style and layout."""
    page.context.browser.start_tracing(
        page=page, categories=["devtools.timeline", "disabled-by-default-devtools.timeline"]
    )
    page.goto(url, wait_until="load")
    events = json.loads(page.context.browser.stop_tracing())["traceEvents"]
    bundle = next(
        e for e in events if e.get("name") == "EvaluateScript" and "/bundle." in e["args"]["data"].get("url", "")
    )
    task = next(
        e
        for e in events
        if e.get("name") == "RunTask"
        and (e["pid"], e["tid"]) == (bundle["pid"], bundle["tid"])
        and e["ts"] <= bundle["ts"] <= e["ts"] + e["dur"]
    )
    return task["dur"] / 1e6


def report_script_costs(site_dir: Path, runs: int) -> None:
    """Material's bundle as built (with V8's compile hint, postbuild.COMPILE_HINT) against the bundle as Material ships
    it, in a copy of the built site, turn by turn on the same pages: the median main-thread time of the task that runs
    it, and the ratio."""
    if not CHROMIUM:
        return
    import material
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "site"
        shutil.copytree(site_dir, shipped)
        for bundle in (shipped / "assets" / "javascripts").glob("bundle.*.min.js"):
            shutil.copy(Path(material.__file__).parent / "templates" / "assets" / "javascripts" / bundle.name, bundle)
        taken: dict[str, list[float]] = {"built": [], "shipped": []}
        for name in taken:
            (Path(tmp) / name).mkdir()
        with (
            serve_as_published(site_dir, Path(tmp) / "built") as built_address,
            serve_as_published(shipped, Path(tmp) / "shipped") as shipped_address,
            sync_playwright() as playwright,
        ):
            addresses = {"built": built_address, "shipped": shipped_address}
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(runs):
                for path in SCRIPT_PAGES:
                    for name, address in addresses.items():
                        context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
                        taken[name].append(bundle_seconds(context.new_page(), address + path))
                        context.close()
            browser.close()
    built, plain = (statistics.median(taken[name]) * 1000 for name in ("built", "shipped"))
    print(
        f"\nScripts: Material's bundle, main thread while it runs ({len(SCRIPT_PAGES)} pages, {runs} runs, median): "
        f"with the compile hint {built:5.1f} ms, as Material ships it {plain:5.1f} ms: {built / plain:.2f}x"
    )


def report_suite_time(base_time: float) -> None:
    """The whole test suite once, as `make test` runs it (one run: it takes minutes; its time is also a ratio to a
    build measured in this same run, which is what holds on a shared machine)."""
    start = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-n",
            "auto",
            "--dist",
            "loadfile",
            "--no-loadscope-reorder",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.monotonic() - start
    last = (result.stdout.strip().splitlines() or ["(no output)"])[-1]
    print(
        f"\nTest suite (make test, {os.cpu_count()} workers): {seconds:6.0f} s  ({seconds / base_time:.0f}x a build; goal at most 240 s)"
    )
    print(f"  {last}")


if __name__ == "__main__":
    main()
