"""Pages made from the data alone, so they cannot drift from the rules: one page per role in data/roles.yml, and
one decision record per path through the reaction scheme (each end of the step-by-step scheme links to its own).

A plain module: it knows nothing of MkDocs. mkdocs_adapter.py adds the pages to the build as if they were Markdown
files in docs/, and from there they go through the same walls as any page (content allowlist, CSP, links, search).
Their text is data the build has checked already, and it is never rendered as a template (render_macros: false).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import escape

from . import model
from .model import role_page
from .reaction_graph import Step, reaction_steps
from .render import OVERVIEW_PAGES, Renderer, record_page

# The front matter field that marks a page as made here, with the data file it is made from (macros.py dates the
# page by the data; its link to edit the page opens that file).
MADE_FROM_DATA = "made_from_data"
# The guideline that says how to archive; a record points to it when the site has it.
ARCHIVING_GUIDELINE = "richtlijnen/archiveren.md"
# The audience in data/audiences.yml that is our own staff: its guidelines are for every role.
STAFF_AUDIENCE = "medewerkers"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # as if it were a file in docs/: rollen/woordvoerder.md
    markdown: str
    source: str  # the data file an editor changes to change the page: data/roles.yml


def path_ends(scheme: model.ReactionScheme) -> list[Step]:
    """Every end of every path through the scheme, grouped by action in the order of the data."""
    return [end for ends in reaction_steps(scheme)[1].values() for end in ends]


def generated_pages(data: model.SiteData, use_directory_urls: bool = True) -> list[GeneratedPage]:
    return [
        *(role_handout(data, role, use_directory_urls) for role in data.roles.values()),
        *(decision_record(data, end, use_directory_urls) for end in path_ends(data.reaction_scheme)),
    ]


def _markdown(title: str, description: str, body: str, *, source: str, searched: bool) -> str:
    # JSON strings are YAML strings: a title with a colon or a quote stays one string.
    meta = [
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"description: {json.dumps(description, ensure_ascii=False)}",
        "render_macros: false",
        f"{MADE_FROM_DATA}: {source}",
        "hide: [toc]",
    ]
    if not searched:
        meta.append("search: {exclude: true}")
    # The title as HTML: Markdown would read a * or _ in a name as emphasis.
    return "---\n" + "\n".join(meta) + f'\n---\n\n<h1 class="hr-handout-title">{escape(title)}</h1>\n\n{body}'


def role_handout(data: model.SiteData, role: model.Role, use_directory_urls: bool = True) -> GeneratedPage:
    """What one role does, decides and must know, on one printable page."""
    src = role_page(role.id)
    scheme = data.reaction_scheme
    renderer = Renderer(data, src, use_directory_urls)
    owned = [g for g in data.guidelines if g.owner == role.id]
    # Who decides over the work this role does or advises on, when the role does not decide itself.
    decided_by: dict[str, list[model.Task]] = {}
    for task in data.tasks:
        if role.id in (*task.responsible, *task.consulted) and task.accountable != role.id:
            decided_by.setdefault(task.accountable, []).append(task)
    body = renderer.render(
        "role_page.html",
        role=role,
        decided_by=decided_by,
        tasks={letter: renderer.tasks_where(role.id, letter) for letter in "RACI"},
        acts=[a for a in scheme.actions.values() if a.role == role.id],
        told=[a for a in scheme.actions.values() if role.id in a.inform],
        on_call=scheme.on_call if scheme.on_call and scheme.on_call.role == role.id else None,
        owned=owned,
        for_staff=[g for g in data.guidelines if STAFF_AUDIENCE in g.audiences and g not in owned],
    )
    description = f"Wat de {role.name} doet, beslist en moet weten, op één blad."
    source = "data/roles.yml"
    return GeneratedPage(src, _markdown(role.title, description, body, source=source, searched=True), source)


def decision_record(data: model.SiteData, end: Step, use_directory_urls: bool = True) -> GeneratedPage:
    """The record of one path through the reaction scheme: the answers given, the action with who acts and by when,
    the model answers and the sources, and empty fields to fill in for the archive."""
    src = record_page(end)
    renderer = Renderer(data, src, use_directory_urls)
    body = renderer.render(
        "decision_record.html",
        end=end,
        action=end.action,
        steps_page=OVERVIEW_PAGES["reaction_steps"],
        archiving=next((g for g in data.guidelines if g.src_path == ARCHIVING_GUIDELINE), None),
        references=[data.references[i] for i in end.action.references],
    )
    description = "Het verslag van een beslissing met het reactieschema, om af te drukken en te bewaren."
    # A record repeats an action of the scheme: search finds that on the Reactieschema page, once.
    source = "data/reaction_scheme.yml"
    title = f"Verslag: {end.action.name}"
    return GeneratedPage(src, _markdown(title, description, body, source=source, searched=False), source)
