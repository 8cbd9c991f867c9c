"""Entry point for mkdocs-macros: loads the data once per build and offers it to the pages.

Only the documented `define_env(env)` API (and the page hook `on_post_page_macros`) is used, so the
site can move to Material's successor, which maps the same API. The work is in the `handreiking` package.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

# `mkdocs serve` keeps imported modules between rebuilds; drop ours so a code change is picked up too.
for _name in [name for name in sys.modules if name == "handreiking" or name.startswith("handreiking.")]:
    del sys.modules[_name]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402

from handreiking import macro_errors  # noqa: E402
from handreiking.loading import load_site_data  # noqa: E402
from handreiking.render import Renderer  # noqa: E402
from handreiking.sources import ContentErrors  # noqa: E402

log = logging.getLogger("mkdocs.plugins.handreiking")


class BuildStopped(PluginError):
    """The content has mistakes; they have been logged one per line for the editor."""


def define_env(env) -> None:
    project_dir = Path(env.project_dir)
    docs_dir = Path(env.conf["docs_dir"])
    try:
        data = load_site_data(project_dir, docs_dir)
    except ContentErrors as errors:
        for problem in errors.problems:
            log.error(str(problem))
        raise BuildStopped(
            f"De site is niet gebouwd: {len(errors.problems)} fout(en) in de inhoud. Zie de meldingen hierboven."
        ) from None

    # The organisation's intranet address is the site's address, unless `mkdocs serve` set its own.
    if not env.conf.get("site_url"):
        env.conf["site_url"] = data.organisation.intranet_url
    env.conf["copyright"] = footer_line(data.organisation)
    env.variables["org"] = data.organisation
    env.variables["site_data"] = data
    use_directory_urls = env.conf["use_directory_urls"]

    def renderer() -> Renderer:
        return Renderer(data, env.page.file.src_path, use_directory_urls)

    # Each macro renders one fragment for the page that calls it.
    for fragment in (
        "phase_model",
        "audience_channel_matrix",
        "audience_overview",
        "channel_overview",
        "channel_choice",
        "raci_table",
        "role_list",
        "media_mix_table",
        "media_mix_chart",
        "reaction_scheme",
        "reaction_actions",
        "account_register",
        "guideline_list",
        "data_reference",
        "role_link",
        "channel_link",
        "response_times",
    ):
        env.macro(_fragment_macro(renderer, fragment), fragment)

    @env.macro
    def page_link(src_path: str, anchor: str = "") -> str:
        """URL of another page (by its path under docs/), relative to the current page."""
        return renderer().url(src_path, anchor)

    env.variables["guidelines_by_path"] = {g.src_path: g for g in data.guidelines}
    macro_errors.install(docs_dir, known_names=[*env.variables, *env.macros])


def footer_line(organisation) -> Markup:
    team = organisation.communication_team
    return Markup('{} · Vragen? {}: <a href="mailto:{}">{}</a>').format(
        organisation.name, team["name"], team["email"], team["email"]
    )


def _fragment_macro(renderer, name):
    def macro(*args, **kwargs):
        return getattr(renderer(), name)(*args, **kwargs)

    macro.__name__ = name
    macro.__doc__ = getattr(Renderer, name).__doc__
    return macro


def on_post_page_macros(env) -> None:
    """Show a broken page's error in Dutch; put the facts box under a guideline's title."""
    notice = macro_errors.page_notice(env.markdown, Path(env.conf["docs_dir"]), [*env.variables, *env.macros])
    if notice is not None:
        env.markdown = notice
        return
    guideline = env.variables["guidelines_by_path"].get(env.page.file.src_path)
    if guideline is None:
        return
    facts = Renderer(
        env.variables["site_data"], env.page.file.src_path, env.conf["use_directory_urls"]
    ).guideline_facts(guideline)
    lines = env.markdown.split("\n")
    title_line = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    lines.insert(title_line + 1, f"\n{facts}\n")
    env.markdown = "\n".join(lines)
