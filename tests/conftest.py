"""Shared fixtures: a temporary copy of the project, a real strict build, and the built pages."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import io
import json
import logging
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import lighthouse
import pytest
import yaml
from browser import require_chromium, require_program, require_tool
from bs4 import BeautifulSoup
from filelock import FileLock
from sitetools import CHROMIUM_ARGS, NGINX, ROOT, copy_project, serve

# The files that take longest, longest first (pytest --durations=0, summed per file; ONDERHOUD, *De tijd van de
# tests*). pytest-xdist hands each worker whole files in the order collected (make test: --dist loadfile
# --no-loadscope-reorder): started first, they end while the short files fill in, rather than one running on alone.
LONGEST_FIRST = [
    "test_browser.py",
    "test_editors.py",
    "test_build.py",
    "test_adoption.py",
    "test_csp.py",
    "test_search.py",
    "test_trust.py",
    "test_deploy.py",
    "test_reaction_scheme.py",
    "test_print.py",
    "test_wall.py",
]


# Lighthouse runs in the background from the start (`lighthouse_reports`); its file comes last, when it is done.
LAST = ["test_lighthouse.py"]


MARK_OF_FIXTURE = {"browser": pytest.mark.browser, "project": pytest.mark.copy}

BACKGROUND_WANTED: set[str] = set()  # of the fixtures in BACKGROUND, those the tests of this run ask for
# One Lighthouse run per page: `make test` has a time budget (ONDERHOUD: *De tijd van de tests*), and accessibility,
# best practices and SEO need only one. `make lighthouse` takes the median of three for the figures.
LIGHTHOUSE_RUNS = 1


def pytest_itemcollected(item) -> None:
    """Every test that opens Chromium is marked `browser`, and every test that changes a copy of the project is marked
    `copy`, as it is collected: `-m "not browser"` or `-m "not copy"` then leaves them out."""
    for fixture, mark in MARK_OF_FIXTURE.items():
        if fixture in getattr(item, "fixturenames", ()):
            item.add_marker(mark)


@pytest.hookimpl(trylast=True)  # after -k and -m have left out what this run does not run
def pytest_collection_modifyitems(items) -> None:
    """The longest files first, the files that wait for the background last. What the tests will ask of the
    background is noted for `site`."""
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank) + (item.path.name in LAST)))
    BACKGROUND_WANTED.clear()
    BACKGROUND_WANTED.update(
        fixture for fixture in BACKGROUND if any(fixture in getattr(item, "fixturenames", ()) for item in items)
    )


def pytest_sessionfinish(session, exitstatus) -> None:
    """No test leaves a process behind: a server or build a test starts in its folder is stopped by it. Run once,
    after every worker: a process still working in the tests' temporary folders fails the run, and is stopped."""
    if hasattr(session.config, "workerinput"):
        return
    base = session.config._tmp_path_factory.getbasetemp().resolve()
    # The background's work, when the run ended before it (stopped at a failure, or interrupted): not a test's.
    for started in base.glob("background-*/started"):
        with contextlib.suppress(OSError, ValueError):
            os.killpg(int(started.read_text(encoding="utf-8")), signal.SIGKILL)
    leftovers = []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if int(entry.name) != os.getpid() and Path(os.readlink(entry / "cwd")).is_relative_to(base):
                leftovers.append((int(entry.name), (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()))
        except (OSError, ValueError):
            continue  # ended meanwhile, or not ours to read
    for pid, _ in leftovers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    if leftovers:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        print(f"\nFOUT: {len(leftovers)} proces(sen) van de tests liepen nog: {leftovers}")


@dataclass
class Build:
    returncode: int
    output: str
    site: Path
    parsed: dict[str, BeautifulSoup] = dataclasses.field(default_factory=dict, repr=False)

    def page(self, url_path: str) -> BeautifulSoup:
        """The built page at a site path such as 'overzichten/kanalen/', parsed once for all the tests that read it: a
        test reads it and leaves it as it is (to change one, parse it anew)."""
        if url_path not in self.parsed:
            html = (self.site / url_path / "index.html").read_text(encoding="utf-8")
            self.parsed[url_path] = BeautifulSoup(html, "html.parser")
        return self.parsed[url_path]


def build(project: Path) -> Build:
    """Run a real strict build on a project directory, as an editor does: `python -m handreiking build`
    (`make build`), which is `mkdocs build --strict` with its last line in Dutch.

    In the test process when the copy's code is this project's: the same build (mkdocs_adapter.run_build) without
    starting Python and importing MkDocs, which is a third of its time. In a process of its own when a test changed
    the copy's package or schemas (this process has this project's loaded), or made the copy a git repository
    (what the package reads from git is cached per folder)."""
    site = project / "site"
    if not (project / ".git").exists() and all(_same_files(project, part) for part in _CODE):
        return _build_in_this_process(project, site)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "handreiking", "build", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


def content_problems(project: Path, include_page_code: bool = True) -> list:
    """What the build's own check of the data and pages (load_site_data, its first step) finds in a project: the
    rules checked in the test process, without building the site."""
    from handreiking.loading import load_site_data
    from handreiking.sources import ContentErrors

    try:
        load_site_data(project, project / "docs", include_page_code)
    except ContentErrors as errors:
        return errors.problems
    return []


@dataclass
class Checked:
    """What the build's own check of the data and pages said, in the shape of a build's result."""

    returncode: int
    output: str


def checked(project: Path) -> Checked:
    """`content_problems`, each told as the build prints it. That the build stops on them, all at once,
    test_all_mistakes_of_a_build_come_at_once shows end to end."""
    problems = content_problems(project)
    return Checked(1 if problems else 0, "\n".join(map(str, problems)))


def make_check(project: Path) -> Checked:
    """`make check` (scripts/check.py) on a copy, in the test process: what it returned, and what it printed. It saves
    starting Python and loading MkDocs per copy; that the command itself is wired (`make check`, `python -m
    handreiking check`, the pre-commit hook), the tests of test_editors show in a process of its own."""
    import check

    output = io.StringIO()
    with in_this_process(project, output):
        returncode = check.main(project)
    return Checked(returncode, output.getvalue())


# What a build takes from the package's own folder rather than from the project it builds.
_CODE = ["handreiking", "data/schema"]


def _same_files(project: Path, part: str) -> bool:
    def files(root: Path) -> dict[str, bytes]:
        return {
            path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted((root / part).rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts
        }

    return files(project) == files(ROOT)


@contextlib.contextmanager
def in_this_process(project: Path, output: io.StringIO):
    """Run the project's code on a copy in the test process, as in a process of its own started in the copy: there,
    with what it prints in `output`. The copy's macros.py and hooks.py put its folder on sys.path, and a renamed id
    is looked up in the copy's git: all goes back to this project's afterwards."""
    from handreiking import macro_errors, review  # noqa: F401 - review makes its handler now, on the real stderr

    path, project_dir = list(sys.path), macro_errors.PROJECT_DIR
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    macro_errors.PROJECT_DIR = project
    # The package's own notices (review's "LET OP") go to the stream their handler was made with.
    handlers = [
        handler
        for name, logger in logging.root.manager.loggerDict.items()
        if name.startswith("handreiking") and isinstance(logger, logging.Logger)
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler)
    ]
    streams = [handler.setStream(output) for handler in handlers]
    modules = dict(sys.modules)  # MkDocs registers the copy's hooks.py as the module 'hooks'
    try:
        with contextlib.chdir(project), contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            yield
    finally:
        sys.path[:], macro_errors.PROJECT_DIR = path, project_dir
        for name, module in list(sys.modules.items()):
            if Path(getattr(module, "__file__", None) or "/").is_relative_to(project):
                if name in modules:
                    sys.modules[name] = modules[name]
                else:
                    del sys.modules[name]
        for handler, stream in zip(handlers, streams, strict=True):
            handler.setStream(stream)


def _build_in_this_process(project: Path, site: Path) -> Build:
    """What `python -m handreiking build -d SITE` does in the project folder (handreiking/__main__.py), here."""
    from handreiking.mkdocs_adapter import run_build
    from handreiking.mkdocs_messages import not_built

    output = io.StringIO()
    with in_this_process(project, output):
        outcome = run_build(project / "mkdocs.yml", site.resolve(), echo=True)
        if not outcome.succeeded:
            print(not_built(len(outcome.problems)), flush=True)
    return Build(0 if outcome.succeeded else 1, output.getvalue(), site)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project that a test may change."""
    return copy_project(tmp_path / "project")


def _run_folder(tmp_path_factory) -> Path:
    """The temporary folder of the whole run, which pytest-xdist's workers share; without xdist, the session's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_for_the_run(tmp_path_factory, name: str, make) -> Path:
    """A folder that `make(folder)` fills once for the whole run, shared by pytest-xdist's workers: the first worker
    to ask makes it while the others wait for it, and nobody changes it afterwards. Without xdist, once per session."""
    shared = _run_folder(tmp_path_factory)
    folder, made = shared / name, shared / f"{name}.made"
    with FileLock(shared / f"{name}.lock"):
        if not made.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed here left
            make(folder)
            made.touch()
    return folder


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Build:
    """The project as it is, built once in strict mode for the whole run. Once it is built, what the run's tests ask
    of the background starts (`BACKGROUND`)."""

    def make(folder: Path) -> None:
        result = build(copy_project(folder / "project"))
        (folder / "build.json").write_text(json.dumps(dataclasses.asdict(result), default=str), encoding="utf-8")

    folder = once_for_the_run(tmp_path_factory, "site", make)
    result = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    built = Build(result["returncode"], result["output"], Path(result["site"]))
    assert built.returncode == 0, built.output
    for fixture in sorted(BACKGROUND_WANTED):
        BACKGROUND[fixture](tmp_path_factory, built.site)
    return built


@dataclass
class GitSite:
    """The project built from a git repository with an editor's history (`git_site`)."""

    built: Build
    project: Path
    date: datetime.date  # of the last commit, which the version line shows
    short: str  # the last commit's short hash


def git(project: Path, *args: str, date: str | None = None) -> str:
    """Run git in a project as an editor named Redactie, at `date` (ISO 8601) if given; what it printed."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Redactie",
        "GIT_AUTHOR_EMAIL": "redactie@example.org",
        "GIT_COMMITTER_NAME": "Redactie",
        "GIT_COMMITTER_EMAIL": "redactie@example.org",
    }
    if date:
        env |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="session")
def git_site(tmp_path_factory) -> GitSite:
    """The project built from a git repository, as CI builds it, once for the run. Its history: a page Colofon added
    and committed on 3 March 2025, then Facebook renamed in the data on 10 February 2026."""

    def make(folder: Path) -> None:
        project = copy_project(folder / "project")
        (project / "docs" / "colofon.md").write_text(
            "---\ntitle: Colofon\n---\n\n# Colofon\n\n" + "Deze handreiking is van ons allemaal. " * 30 + "\n"
        )
        edit(project, "mkdocs.yml", "      - nakijken.md\n", "      - nakijken.md\n      - colofon.md\n")
        git(project, "init", "-q")
        git(project, "add", "-A")
        git(project, "commit", "-qm", "Eerste versie", date="2025-03-03T10:00:00+01:00")
        edit(project, "data/channels.yml", "name: Facebook", "name: Facebook (Meta)")
        git(project, "commit", "-qam", "Kanaal hernoemd", date="2026-02-10T10:00:00+01:00")
        result = build(project)
        (folder / "build.json").write_text(json.dumps(dataclasses.asdict(result), default=str), encoding="utf-8")

    folder = once_for_the_run(tmp_path_factory, "git-site", make)
    result = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    built = Build(result["returncode"], result["output"], Path(result["site"]))
    assert built.returncode == 0, built.output
    date, short = git(folder / "project", "log", "-1", "--format=%cs %h").split()
    return GitSite(built, folder / "project", datetime.date.fromisoformat(date), short)


@dataclass
class Finished:
    """A command of the background, once it ended."""

    returncode: int
    stdout: str
    stderr: str
    folder: Path  # where it ran


def start_once(tmp_path_factory, name: str, command: list[str], prepare=None) -> Path:
    """Start `command` once for the whole run (`once_for_the_run`), in a process of its own in a folder of its own
    (after `prepare(folder)`), and return that folder. `finished` waits for it."""

    def start(folder: Path) -> None:
        folder.mkdir()
        if prepare is not None:
            prepare(folder)
        # The shell writes the return code once the command has ended: the mark that it is done.
        script = '"$@" > stdout 2> stderr; echo $? > returncode.part && mv returncode.part returncode'
        # A session of its own: its processes (Lighthouse's Chromium works elsewhere) are stopped together when the
        # run ends before them (pytest_sessionfinish).
        started = subprocess.Popen(["sh", "-c", script, "sh", *command], cwd=folder, start_new_session=True)
        (folder / "started").write_text(str(started.pid), encoding="utf-8")

    return once_for_the_run(tmp_path_factory, f"background-{name}", start)


def finished(folder: Path, timeout: float) -> Finished:
    """Wait for the command started in `folder` to end; what it returned and printed."""
    deadline = time.monotonic() + timeout
    while not (folder / "returncode").exists():
        if time.monotonic() > deadline:
            pytest.fail(f"{folder.name} did not end in {timeout:.0f} s: {(folder / 'stderr').read_text()[-2000:]}")
        time.sleep(0.5)
    read = lambda name: (folder / name).read_text(encoding="utf-8")  # noqa: E731
    return Finished(int(read("returncode")), read("stdout"), read("stderr"), folder)


def _start_pdfs(tmp_path_factory, site_dir: Path) -> Path:
    """`make pdf` on a copy of the built site: the other tests read `site` meanwhile."""
    return start_once(
        tmp_path_factory,
        "pdfs",
        [sys.executable, str(ROOT / "scripts" / "make_pdfs.py"), "site"],
        prepare=lambda folder: shutil.copytree(site_dir, folder / "site"),
    )


def _start_lighthouse(tmp_path_factory, site_dir: Path) -> Path:
    """Lighthouse once on each kind of page, as `make lighthouse` measures it (scripts/lighthouse.py), and again on a
    page under the performance floor."""
    script = str(ROOT / "scripts" / "lighthouse.py")
    runs, floor = str(LIGHTHOUSE_RUNS), str(lighthouse.PERFORMANCE_FLOOR)
    command = [sys.executable, script, "--site", str(site_dir), "--runs", runs, "--again-under", floor]
    command += ["--json", "reports.json"]
    return start_once(tmp_path_factory, "lighthouse", command)


# What runs in the background, in processes of its own, from as soon as the site is built: for each fixture that
# waits for it, how it starts. A worker waiting for Lighthouse or Chromium's printing would sit idle; meanwhile it
# runs other tests.
BACKGROUND = {"make_pdf_run": _start_pdfs, "lighthouse_reports": _start_lighthouse}


@dataclass
class MadePdfs:
    """What `make pdf` printed and wrote, run on a copy of the session's site (`site`): the copy with its PDFs."""

    returncode: int
    stdout: str
    stderr: str
    site: Path
    pdfs: dict[str, Path]


@pytest.fixture(scope="session")
def make_pdf_run(site, tmp_path_factory) -> MadePdfs:
    """`make pdf` once for the whole run, in the background from as soon as the site is built (`site`)."""
    require_chromium()
    outcome = finished(_start_pdfs(tmp_path_factory, site.site), timeout=300)
    pdfs = {path.name: path for path in sorted((outcome.folder / "site" / "pdf").glob("*.pdf"))}
    return MadePdfs(outcome.returncode, outcome.stdout, outcome.stderr, outcome.folder / "site", pdfs)


@pytest.fixture(scope="session")
def lighthouse_reports(site, tmp_path_factory) -> dict[str, list[dict]]:
    """Lighthouse's reports on each kind of page (`lighthouse.run`), in the background from as soon as the site is
    built (`site`)."""
    require_chromium()
    require_program(NGINX, "nginx", "nginx")
    require_program(shutil.which("node"), "node", "nodejs")
    require_tool(lighthouse.LIGHTHOUSE / "package.json", "run `npm ci` (make test does where npm is installed)")
    outcome = finished(_start_lighthouse(tmp_path_factory, site.site), timeout=900)
    reports = outcome.folder / "reports.json"  # also when a page scored under 100 (returncode 1): the tests tell
    assert reports.exists(), outcome.stdout + outcome.stderr
    return json.loads(reports.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def handouts(make_pdf_run) -> dict[str, Path]:
    """The PDF handouts of the session's `make pdf`, which must have succeeded: their file names and paths."""
    assert make_pdf_run.returncode == 0, make_pdf_run.stdout + make_pdf_run.stderr
    return make_pdf_run.pdfs


# The built site on localhost, and Debian's Chromium, for the tests that open pages as a reader does.
@pytest.fixture(scope="module")
def served(site):
    server, base_url = serve(site.site)
    yield base_url
    server.shutdown()


# One Chromium per worker for the whole run: each test opens a context (or a page, which has one) of its own, so
# no cookie, storage or route crosses from one test to the next, and a launch costs a second of processor time.
@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def data() -> dict[str, dict]:
    """The data files read straight from YAML, as an independent oracle for what pages must show."""
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in (ROOT / "data").glob("*.yml")}


def front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


@pytest.fixture(scope="session")
def guidelines() -> dict[str, dict]:
    """Front matter of every guideline page, keyed by its path under docs/."""
    return {
        f"richtlijnen/{path.name}": front_matter(path)
        for path in sorted((ROOT / "docs" / "richtlijnen").glob("*.md"))
        if path.name != "index.md"
    }


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def heading_text(heading) -> str:
    """A heading's text as a reader sees it, without the permalink sign."""
    return " ".join(t for t in heading.find_all(string=True) if t.parent.get("class") != ["headerlink"]).strip()


def edit(project: Path, file: str, old: str, new: str) -> int:
    """Replace the first `old` by `new` in a project file; the line (1-based) where the change starts."""
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def cpu_seconds() -> float:
    """CPU seconds spent so far by this test process and the processes it waited for (a build, a check).

    Timing tests compare CPU time, not the clock: a pattern that backtracks costs CPU on any machine, while the load
    of a shared machine only adds waiting.
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime
