"""The one module that touches MkDocs' own objects: its config, pages, files and logging, and its build.

hooks.py only hands MkDocs' events to a BuildState; `make check` (trial_build.py) and `python -m handreiking build`
run the build in this process with run_build. When MkDocs changes, or the site moves to a successor (ONDERHOUD.md,
"Material for MkDocs en zijn opvolger"), this is the module to adapt.

One build, one state. `mkdocs serve` loads the configuration and the hooks again for every rebuild, but not the
handreiking package: a BuildState is made for each build and the log filters it installs are removed again, by
identity, when the build ends, however it ends. A finding is therefore told once, on the first build and the
hundredth.
"""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import CodeType

from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils.meta import get_data

from . import csp, generated_pages, inputs, link_check, postbuild
from .built_check import unique
from .macro_errors import EditorFriendlyErrors
from .markdown_guard import GuardedConversion
from .mkdocs_messages import DutchPageMessages, not_built, unforeseen
from .page_code import page_api
from .problems import Problem, carried, tell
from .site_audit import Origin, SiteAudit

__all__ = ["BuildState", "BuildStopped", "page_meta", "run_build", "session"]

log = logging.getLogger("mkdocs.plugins.handreiking")


def page_meta(text: str) -> tuple[str, dict]:
    """A page's Markdown and its meta, split as MkDocs splits them."""
    return get_data(text)


class BuildStopped(PluginError):
    """The content has mistakes; they have been logged one per line for the editor."""


class _CompiledTemplates(BytecodeCache):
    """The theme's templates compiled once per process, in memory. `mkdocs serve` rebuilds and the tests build many
    times in one process, and each build's new Jinja environment compiled Material's templates anew (about a tenth
    of a build). Jinja keys an entry by the template's name and file and checks it against the template's source, so
    a changed template is compiled again. Never on disk: compiled code in a file is code anything that can write
    that file could have the build run."""

    def __init__(self) -> None:
        self._code: dict[str, tuple[str | None, CodeType]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if code is not None and checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.code is not None:
            self._code[bucket.key] = (bucket.checksum, bucket.code)


@dataclass
class _Session:
    """What lasts as long as the process: the command MkDocs was started with (`mkdocs serve` tells it once, on
    startup, to the hooks of its first configuration; each rebuild loads the hooks anew) and the theme's compiled
    templates."""

    command: str = "build"
    compiled_templates: _CompiledTemplates = field(default_factory=_CompiledTemplates)


session = _Session()


class BuildState:
    """What one build knows: where each file of the site comes from, the pages as written, the page being
    converted, and the log filters that put its findings in Dutch."""

    def __init__(self, config) -> None:
        self.config = config
        self.docs_dir = Path(config["docs_dir"])
        self.serving = session.command == "serve"
        self.origins: dict[str, Origin] = {}
        self.pages: list[link_check.BuiltPage] = []
        self.converting = ""
        self.messages = DutchPageMessages(self.docs_dir)
        self._filters: list[tuple[logging.Filterer, logging.Filter]] = []

    @classmethod
    def start(cls, config) -> BuildState:
        """A new build: the Dutch log filters installed, every input checked before MkDocs reads one."""
        state = cls(config)
        # On every handler of MkDocs' logger: a filter on the logger would miss its children's records.
        for handler in logging.getLogger("mkdocs").handlers:
            state._install(handler, state.messages)
        known = list(page_api().names())
        state._install(logging.getLogger(EditorFriendlyErrors.LOGGER), EditorFriendlyErrors(state.docs_dir, known))
        # A page Python-Markdown cannot convert (hundreds of levels deep) is told by name, never as a traceback.
        config["markdown_extensions"].append(GuardedConversion(state.tell_failed_page))
        # Before MkDocs collects docs/ (it follows symbolic links) and before the macros read data/.
        outside = inputs.outside_content(Path(config.config_file_path).parent)
        if outside:
            state.stop(outside)
        return state

    def _install(self, owner: logging.Filterer, log_filter: logging.Filter) -> None:
        owner.addFilter(log_filter)
        self._filters.append((owner, log_filter))

    def end(self) -> None:
        """Remove exactly the filters this build installed."""
        for owner, log_filter in self._filters:
            owner.removeFilter(log_filter)
        self._filters.clear()

    def stop(self, problems: list[Problem]) -> None:
        for problem in problems:
            tell(log, problem)
        self.end()
        raise BuildStopped(not_built(len(problems)))

    def tell_failed_page(self, message: str) -> None:
        tell(log, Problem(f"docs/{self.converting}", None, message))

    def add_generated_pages(self, files) -> None:
        """The pages made from the data alone (generated_pages.py: a page per role, a record per path through the
        reaction scheme), added as if they were Markdown files in docs/. Their data is what the macros plugin loaded
        and checked for this build (macros.py's site_data); without it (no macros plugin, or mistakes in the data)
        there are none, and neither are the links to them, which the macros make too."""
        macros = self.config.plugins.get("macros")
        data = getattr(macros, "variables", {}).get("site_data")
        if data is None:
            return
        pages = generated_pages.generated_pages(data, self.config["use_directory_urls"])
        taken = [
            Problem(
                f"docs/{page.src_uri}", None, "de bouw maakt deze pagina zelf uit de gegevens. Haal het bestand weg."
            )
            for page in pages
            if files.get_file_from_path(page.src_uri) is not None
        ]
        if taken:
            self.stop(taken)
        project_dir = Path(self.config.config_file_path).parent
        for page in pages:
            # Reached from the overviews and the step-by-step scheme, not from the menu.
            file = File.generated(self.config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
            # Its link to edit the page opens the data file it is made from (MkDocs resolves the '..').
            file.edit_uri = Path(os.path.relpath(project_dir / page.source, self.docs_dir)).as_posix()
            files.append(file)

    def theme_environment(self, env, files) -> None:
        """The theme's Jinja environment, made for this build: its templates compiled once per process; where each
        file of the site comes from, for the audit's allowlist."""
        env.bytecode_cache = session.compiled_templates
        self.record_origins(files)

    def record_origins(self, files) -> None:
        """Where each file of the site comes from, for the audit's allowlist."""
        docs_dir = self.docs_dir.resolve()
        for file in files:
            if file.is_documentation_page():
                kind = "page"
            elif file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(docs_dir):
                kind = "docs"
            else:
                kind = "theme"
            self.origins[file.dest_uri] = Origin(kind, file.src_uri)

    def page_converted(self, html: str) -> str:
        """A page's content, whatever wrote it (Markdown, a template, an editor's own HTML), with its words apart where
        the search index would glue them (postbuild.keep_words_apart)."""
        return postbuild.keep_words_apart(html)

    def page_written(self, page, html: str) -> str:
        self.pages.append(link_check.BuiltPage(page.file.src_uri, page.file.dest_uri, html))
        return self.with_policy(html)

    def with_policy(self, html: str) -> str:
        """The page with its Content-Security-Policy filled in (csp.py); what is wrong with it, the audit tells."""
        return csp.fill_policy(html, serving=self.serving)

    def finish(self) -> None:
        """The corrections, then the audit of every file as it is on disk, then every link of the content."""
        try:
            site_dir = Path(self.config["site_dir"])
            postbuild.finish_site(site_dir)
            findings = SiteAudit(
                site_dir,
                self.docs_dir,
                dict(self.origins),
                serving=self.serving,
                site_url=self.config["site_url"] or "",
            ).run()
            # Links MkDocs did not check (written in HTML, or made by a macro), followed as a browser follows them.
            # Like MkDocs' own, they stop the strict build; the preview shows the site with the link broken.
            told = self.messages.told_links()
            broken_links = link_check.check_links(site_dir, self.docs_dir, self.pages, told)
            for finding in [*findings, *unique(broken_links)]:
                tell(log, finding)
            errors = self.messages.errors_told()
        finally:
            self.end()
        # Strict mode stops at any warning, after this hook: stop here instead, with the count in Dutch.
        if findings or (errors and self.config["strict"]):
            raise BuildStopped(not_built(errors))


@dataclass
class BuildOutcome:
    """What a build found, as the objects its log carried, and whether it made the pages."""

    problems: list[Problem] = field(default_factory=list)
    pages_made: bool = False
    succeeded: bool = False


class _Findings(logging.Handler):
    """Every warning and error of the build, as the Problem its record carries. The summary a stopping build
    logs last (the BuildStopped MkDocs is handling) is left out: the caller gives its own."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        if _is_stop_summary(record):
            return
        self.problems.append(carried(record) or Problem("mkdocs.yml", None, record.getMessage()))


def _is_stop_summary(record: logging.LogRecord) -> bool:
    """MkDocs logs the message of the BuildError that stops it while it handles that error."""
    handling = sys.exc_info()[1]
    return isinstance(handling, BuildStopped) and record.getMessage() == str(handling)


class _Echo(logging.StreamHandler):
    """The build's log as MkDocs' command line prints it ("FOUT    -  docs/…"), without the summary of a stopping
    build. Never wrapped to the terminal's width: an editor copies a message whole."""

    def __init__(self) -> None:
        super().__init__(sys.stdout)
        self.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        if not _is_stop_summary(record):
            super().emit(record)


def run_build(config_file: Path, site_dir: Path | None = None, *, echo: bool = False) -> BuildOutcome:
    """The strict build of the project, in this process, with the project's own plugins and hooks: what it found.
    An error nobody foresaw is told as a Problem, never as a traceback."""
    logger = logging.getLogger("mkdocs")
    findings, outcome = _Findings(), BuildOutcome()
    handlers = [findings, *([_Echo()] if echo else [])]
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO if echo else logging.WARNING)
    logger.propagate = False  # told once, here; not again through the root logger
    for handler in handlers:
        logger.addHandler(handler)
    built_in = None
    try:
        options = {"site_dir": str(site_dir)} if site_dir else {}
        config = load_config(str(config_file), strict=True, **options)
        built_in = Path(config["site_dir"])
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
            outcome.succeeded = True
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as stopped:
        if not findings.problems:  # stopped without telling why: say what MkDocs said
            findings.problems.append(Problem("mkdocs.yml", None, stopped.format_message()))
    except Exception as error:  # a page that broke the build: told in Dutch, never as a traceback
        if not any(problem.unforeseen for problem in findings.problems):
            crash = unforeseen(f"{type(error).__name__}: {error}", None)
            findings.problems.append(crash)
            if echo:
                print(f"FOUT    -  {crash}", flush=True)
    finally:
        for handler in handlers:
            logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
    outcome.problems = findings.problems
    outcome.pages_made = built_in is not None and (built_in / "index.html").exists()
    return outcome
