"""Entry point for mkdocs-macros: loads the data once per build and offers it to the pages.

Only the documented `define_env(env)` API (and the page hook `on_post_page_macros`) is used. Zensical, Material's
successor, does not call that page hook (yet): ONDERHOUD.md says what the move needs. The work is in the
`handreiking` package.
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
from pathlib import Path

# mkdocs-macros imports this file by its path; the package beside it must be importable too.
if str(Path(__file__).resolve().parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).resolve().parent))

from markupsafe import Markup  # noqa: E402

from handreiking import macro_errors, mkdocs_messages, printable, review  # noqa: E402
from handreiking.generated_pages import MADE_FROM_DATA  # noqa: E402
from handreiking.gitdates import last_changes  # noqa: E402
from handreiking.loading import load_site_data, page_code_problems  # noqa: E402
from handreiking.mkdocs_adapter import BuildStopped  # noqa: E402
from handreiking.page_code import PAGE_MACROS, check_page_code, page_api  # noqa: E402
from handreiking.problems import Problem, tell  # noqa: E402
from handreiking.render import CHANGE_FEED, Renderer, contributing_guide, dutch_date, escaped  # noqa: E402
from handreiking.sources import ContentErrors, read_front_matter  # noqa: E402
from handreiking.tell_us import tell_us_link  # noqa: E402
from handreiking.version import site_version  # noqa: E402

log = logging.getLogger("mkdocs.plugins.handreiking")

# Set by `python -m handreiking serve` (make serve): a content mistake shows on the pages instead of stopping.
PREVIEW = "HANDREIKING_PREVIEW"


def define_env(env) -> None:
    project_dir = Path(env.project_dir)
    docs_dir = Path(env.conf["docs_dir"])
    data = _load_or_tell(env, project_dir, docs_dir)
    if data is None:
        return
    due = _offer_data(env, data, project_dir)
    _register_fragments(env, data, due)
    _register_page_macros(env, data, project_dir, docs_dir)
    missing = set(PAGE_MACROS) - set(env.macros)
    assert not missing, f"page_code.PAGE_MACROS names macros that macros.py does not register: {missing}"


def _load_or_tell(env, project_dir: Path, docs_dir: Path):
    """The site's data, checked; on a mistake every finding is told and the build stops (or, in the editor's
    preview, every page shows the mistakes and None is returned)."""
    try:
        return load_site_data(project_dir, docs_dir, include_page_code=False)
    except ContentErrors as errors:
        # No page renders now, so the pages' refused Jinja is told here too: every mistake in one run.
        problems = [*errors.problems, *page_code_problems(docs_dir)]
        for problem in problems:
            tell(log, problem)
        if os.environ.get(PREVIEW) == "1":
            # The editor's preview (make serve): every page shows the mistakes instead of a browser left waiting,
            # and the page reloads by itself once the file is fixed and saved.
            env.variables["content_errors"] = [str(problem) for problem in problems]
            return None
        raise BuildStopped(mkdocs_messages.not_built(len(problems))) from None


def _offer_data(env, data, project_dir: Path) -> list:
    """The variables the hooks below and the pages read: the data, the version, the dates, what is due for review."""
    version = site_version(project_dir)
    env.variables["site_version"] = str(version)
    # On the printable pages and paper: the date and short commit; None outside git, which the page then says.
    env.variables["build_version"] = (version.date, version.commit) if version.commit else None
    configure_site(env.conf, data.organisation, str(version))
    # Pages print data into Markdown, which mkdocs-macros does not escape: the organisation's text is escaped here.
    env.variables["org"] = escaped(data.organisation)
    env.variables["site_data"] = data
    due = review.due_reviews(data, datetime.date.today())
    review.report(due)
    env.variables["due_reviews"] = due
    changed = last_changes(project_dir)
    data_changed = max((date for path, date in changed.items() if path.startswith("data/")), default=None)
    env.variables["last_changed"] = {
        "pages": changed,
        "data": data_changed,
        "pages_using_data": set(),
        "held_pages": {},
    }
    env.variables["guidelines_by_path"] = {g.src_path: g for g in data.guidelines}
    return due


def _register_fragments(env, data, due) -> None:
    """Each macro renders one fragment for the page that calls it; page_code.PAGE_MACROS lists what pages may call."""
    use_directory_urls = env.conf["use_directory_urls"]
    # mkdocs-macros' own macros show the build's paths and environment, or the time: not for pages.
    for name in ("macros_info", "context", "now", "fix_url"):
        env.macros.pop(name, None)

    def renderer() -> Renderer:
        env.variables["last_changed"]["pages_using_data"].add(env.page.file.src_path)
        return Renderer(data, env.page.file.src_path, use_directory_urls, due)

    for fragment in PAGE_MACROS:
        if hasattr(Renderer, fragment):
            env.macro(_fragment_macro(renderer, fragment), fragment)


def _register_page_macros(env, data, project_dir: Path, docs_dir: Path) -> None:
    """The macros that need the menu or a project file besides the data: the printable pages, the handouts and the
    editors' guide."""
    use_directory_urls = env.conf["use_directory_urls"]

    @env.macro
    def printable_pages(selection: str = "alles") -> Markup:
        """Several pages in menu order (the guidelines after their overview), with a table of contents: 'alles',
        'richtlijnen' or a phase id.
        The parts are filled in after the build (see handreiking/printable.py)."""
        here = env.page.file.src_path
        # A menu entry without its page is told by MkDocs itself, once; here it is left out.
        in_menu = [page for page in printable.nav_pages(env.conf["nav"]) if (docs_dir / page).is_file()]
        held = printable.select(in_menu, data, selection)
        # It shows the data too (in the overviews and the guidelines' facts), and is as new as what it holds.
        env.variables["last_changed"]["held_pages"][here] = held
        env.variables["last_changed"]["pages_using_data"].add(here)
        return Markup(printable.placeholder(here, held))

    def page_title(src_path: str) -> str:
        front_matter = read_front_matter(docs_dir / src_path, src_path)[0]
        return str(front_matter.data.get("title", src_path)) if front_matter else src_path

    @env.macro
    def print_downloads() -> Markup:
        """The handouts: each printable page, and its PDF (made by scripts/make_pdfs.py)."""
        here = env.page.file.src_path
        items = printable.handouts(printable.nav_pages(env.conf["nav"]), page_title)
        return Renderer(data, here, use_directory_urls).render("print_downloads.html", handouts=items)

    @env.macro
    def editors_guide() -> str:
        """The editors' guide from CONTRIBUTING.md (between its 'gids' markers), so it is written once."""
        return contributing_guide(project_dir / "CONTRIBUTING.md")


def configure_site(conf, organisation, version: str) -> None:
    """The site's address, footer and edit links come from data/organisation.yml, the one place for them."""
    # `mkdocs serve` sets its own local address; keep that one.
    if not conf.get("site_url"):
        conf["site_url"] = organisation.intranet_url
    conf["copyright"] = footer_line(organisation, version)
    conf["repo_url"] = organisation.repository_url
    conf["edit_uri"] = organisation.edit_path


def footer_line(organisation, version: str) -> Markup:
    team = organisation.communication_team
    licence = organisation.content_licence
    return Markup(
        '{} · Vragen? {}: <a href="mailto:{}">{}</a> · Hergebruik van de tekst: <a href="{}">{}</a> · Versie {}'
    ).format(organisation.name, team["name"], team["email"], team["email"], licence["url"], licence["name"], version)


def _fragment_macro(renderer, name):
    def macro(*args, **kwargs):
        return getattr(renderer(), name)(*args, **kwargs)

    macro.__name__ = name
    macro.__doc__ = getattr(Renderer, name).__doc__
    return macro


def on_pre_page_macros(env) -> None:
    """Refuse what a page asks of Jinja beyond the project's macros and fields before it is rendered
    (handreiking/page_code.py); the page then shows why, in Dutch, and the strict build fails."""
    if env.variables.get("content_errors"):
        env.page.meta["render_macros"] = False
        env.markdown = macro_errors.content_error_page(env.variables["content_errors"])
        return
    src_path = env.page.file.src_path
    offset = macro_errors.body_offset(Path(env.conf["docs_dir"]) / src_path)
    problems = check_page_code(env.markdown, f"docs/{src_path}", offset, page_api())
    # mkdocs-macros renders a title with {{ in it as a template too. Page meta is never a template: the schema
    # refuses it, and should a value slip past, the page is not rendered at all.
    problems += [
        Problem(f"docs/{src_path}", None, f"het veld '{key}' bevat {{{{, {{% of {{#: schrijf het als gewone tekst.")
        for key, value in env.page.meta.items()
        if isinstance(value, str) and any(mark in value for mark in ("{{", "{%", "{#"))
    ]
    if not problems:
        return
    for problem in problems:
        tell(log, problem)
    # Not rendered at all: mkdocs-macros reads this from the page's meta, which it shares with env.page.
    env.page.meta["render_macros"] = False
    shown = "\n\n".join(f"    {problem}" for problem in problems)
    env.markdown = f'!!! failure "{macro_errors.BROKEN_PAGE}"\n{shown}\n'


def on_post_page_macros(env) -> None:
    """Show a broken page's error in Dutch; date every page; put the facts box under a guideline's title."""
    if env.variables.get("content_errors"):
        return
    notice = macro_errors.page_notice(env.markdown, Path(env.conf["docs_dir"]), list(page_api().names()))
    if notice is not None:
        env.markdown = notice
        return
    src_path = env.page.file.src_path
    # Search words from the front matter go into Material's search index as tags (a heavily weighted field);
    # without Material's tags plugin, tags are shown nowhere on the page.
    if env.page.meta.get("trefwoorden"):
        env.page.meta["tags"] = list(env.page.meta["trefwoorden"])
    changed = env.variables["last_changed"]
    docs = Path(env.conf["docs_dir"]).name
    own_pages = [src_path, *changed["held_pages"].get(src_path, [])]
    # A page git does not know yet is being written now.
    dates = [changed["pages"].get(f"{docs}/{page}") or datetime.date.today() for page in own_pages]
    if env.page.meta.get(MADE_FROM_DATA):
        # Not a file at all: as new as the data and the guidelines' front matter it is made from.
        guidelines = env.variables["guidelines_by_path"]
        dates = [changed["pages"].get(f"{docs}/{page}") for page in guidelines] + [changed["data"]]
        dates = [date for date in dates if date] or [datetime.date.today()]
    if any(page in changed["pages_using_data"] for page in own_pages) and changed["data"]:
        dates.append(changed["data"])
    # Shown on screen and on paper by the theme overrides.
    env.page.meta["last_changed"] = dutch_date(max(dates))
    # Under the page (overrides/partials/tell-us.html). The title is the front matter's, or else MkDocs' guess
    # from the Markdown, as the tab and the menu show it.
    env.page.meta["tell_us"] = tell_us_link(
        env.variables["site_data"].organisation.communication_team,
        env.conf["site_name"],
        env.page.title or env.conf["site_name"],
        env.page.canonical_url or env.conf["site_url"],
        env.variables["site_version"],
    )
    # The last line on paper (overrides/partials/source-file.html).
    env.page.meta["content_licence"] = env.variables["site_data"].organisation.content_licence
    # On paper, every page's print line names the version too (overrides/partials/print-source.html).
    version = env.variables["build_version"]
    env.page.meta["build_version"] = (
        f"{dutch_date(version[0])} ({version[1]})" if version else "onbekend (gebouwd zonder git)"
    )
    data = env.variables["site_data"]
    renderer = Renderer(data, src_path, env.conf["use_directory_urls"])
    if data.page_references.get(src_path):
        # Every page that names sources ends with them, from data/references.yml.
        # Found by search on the Bronnen page only: every page's list would repeat it in the search index.
        listed = renderer.reference_list(data.page_references[src_path])
        env.markdown = (
            f"{env.markdown.rstrip()}\n\n## Bronnen {{: #bronnen-van-deze-pagina }}\n\n"
            f'<div class="hr-fragment" data-search-exclude>\n{listed}</div>\n'
        )
    if src_path.startswith(printable.PRINT_DIR):
        # On paper and in the PDF: the version the reader holds, to find what changed after it.
        _under_title(env, renderer.build_version(env.variables["build_version"]))
    guideline = env.variables["guidelines_by_path"].get(src_path)
    if guideline is not None:
        _under_title(env, renderer.guideline_facts(guideline))


def _under_title(env, html: str) -> None:
    lines = env.markdown.split("\n")
    title_line = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    lines.insert(title_line + 1, f"\n{html}\n")
    env.markdown = "\n".join(lines)


def on_post_build(env) -> None:
    """Fill the printable pages from the built pages and write the feed of changes; hooks.py then finishes and
    checks the whole site."""
    data = env.variables.get("site_data")
    if data is not None:
        feed = Renderer(data, "index.md", env.conf["use_directory_urls"]).change_feed(env.conf["site_url"] or "")
        (Path(env.conf["site_dir"]) / CHANGE_FEED).write_text(feed, encoding="utf-8")
    printable.fill_printable_pages(
        Path(env.conf["site_dir"]), env.conf["use_directory_urls"], lambda problem: tell(log, problem, logging.WARNING)
    )
