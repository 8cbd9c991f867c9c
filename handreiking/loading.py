"""Load data/ and the pages' front matter once per build, check everything, build the records.

This module only orders the work: reading (sources.py), the schemas (schema.py), the references they declare
(crossref.py), the other checks (data_checks.py, reaction_graph.py), the pages (page_code.py, markup.py, terms.py)
and the records (records.py). Every check runs on whatever files could be read, so an editor sees all mistakes of a
build at once: a broken roles.yml does not hide a wrong channel id in a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import before_posting, data_checks, ids, model, records, remembered, terms
from .crossref import References
from .markup import forbidden_markup_in_data, forbidden_markup_in_page
from .page_code import check_page_code, page_api
from .schema import validate
from .sources import (
    ContentErrors,
    LocatedYaml,
    Problem,
    meta_without_front_matter,
    parse_yaml,
    read_front_matter,
    read_text,
    rendered_body,
    split_front_matter,
    unclosed_front_matter,
)


def load_site_data(project_dir: Path, docs_dir: Path, include_page_code: bool = True) -> model.SiteData:
    """Read, validate and cross-check all data and pages; raise ContentErrors listing every problem.

    The build checks each page's Jinja just before it is rendered (macros.py) and passes include_page_code=False,
    so that a page with a refused form shows why in the preview while the other pages build."""
    problems, documents = read_data(project_dir)
    outdated = terms.terms_from(documents["outdated_terms"]) if "outdated_terms" in documents else []
    problems += [
        problem for name, document in documents.items() for problem in terms.outdated_in_data(name, document, outdated)
    ]
    problems += check_pages(docs_dir, outdated, include_page_code)

    known = ids.known_ids({name: document.data for name, document in documents.items()})
    references = References(known, project_dir, docs_dir)
    problems += data_checks.duplicate_ids(documents)
    problems += [problem for name, document in documents.items() for problem in references.problems(document, name)]
    problems += data_checks.file_problems(documents)
    pages = front_matters(docs_dir)
    problems += front_matter_problems(pages, references, known)
    # The questions for the checklists Voor je post, each pointing to a heading of its guideline.
    checklist, checklist_problems = before_posting.checklist(pages, docs_dir)
    problems += checklist_problems
    if include_page_code:
        # The ids a page gives the project's macros (the build finds them as it renders each page), and the
        # page templates in sjablonen/, which are not built: named as themselves, not as the page they become.
        problems += references.page_arguments(docs_dir)
        problems += check_templates(project_dir / TEMPLATE_DIR, outdated)
        problems += template_guideline_problems(project_dir / TEMPLATE_DIR / "richtlijn.md", references, known)
    if problems:
        raise ContentErrors(problems)
    return records.site_data(documents, pages, checklist)


def read_data(project_dir: Path) -> tuple[list[Problem], dict[str, LocatedYaml]]:
    """Every data file that is there, read and checked against its schema: the problems, and the files without."""
    problems: list[Problem] = []
    documents: dict[str, LocatedYaml] = {}
    for name, filename in ids.DATA_FILES.items():
        path = project_dir / "data" / filename
        shown_as = f"data/{filename}"
        if not path.exists():
            problems.append(Problem(shown_as, None, "dit bestand ontbreekt."))
            continue
        # Read here rather than with read_yaml_file: the text is what the checks below remember their answer by.
        text, file_problems = read_text(path, shown_as)
        document = None
        if text is not None:
            document, file_problems = parse_yaml(text, shown_as)
        if document is not None:
            file_problems, markup_problems = _checked_data(_ParsedText(text, document), shown_as, name)
            problems += markup_problems
        problems += file_problems
        if document is not None and not file_problems:
            documents[name] = document
    return problems, documents


@dataclass(frozen=True)
class _ParsedText:
    """A file's text with what it parses to: the same question as the text alone (remembered.per_text)."""

    text: str
    document: LocatedYaml = field(compare=False)


@remembered.per_text()
def _checked_data(parsed: _ParsedText, shown_as: str, name: str) -> tuple[tuple[Problem, ...], tuple[Problem, ...]]:
    """A data file's problems with its schema, and its forbidden markup."""
    return tuple(validate(parsed.document, name)), tuple(forbidden_markup_in_data(parsed.document))


def front_matters(docs_dir: Path) -> records.FrontMatters:
    """Every page's front matter by path under docs/; a page that cannot be read is told by check_pages."""
    src_paths = [path.relative_to(docs_dir).as_posix() for path in sorted(docs_dir.rglob("*.md"))]
    return {src_path: read_front_matter(docs_dir / src_path, f"docs/{src_path}")[0] for src_path in src_paths}


def front_matter_problems(
    pages: records.FrontMatters, references: References, known: dict[str, ids.Known]
) -> list[Problem]:
    """The ids every front matter names, and what a guideline's front matter lacks."""
    problems: list[Problem] = []
    for src_path, document in pages.items():
        if document is None:
            continue
        if data_checks.is_guideline(src_path):
            problems += data_checks.guideline_problems(document, known)
        problems += references.problems(document, "front_matter")
    return problems


def template_guideline_problems(path: Path, references: References, known: dict[str, ids.Known]) -> list[Problem]:
    """The guideline template names a phase, channels, audiences and an owner that exist."""
    if not path.is_file():
        return []
    document, _ = read_front_matter(path, f"{TEMPLATE_DIR}/{path.name}")  # read problems: check_templates
    if document is None:
        return []
    return [*data_checks.guideline_problems(document, known), *references.problems(document, "front_matter")]


# What editors may put in docs/: pages, pictures, PDFs and the site's own stylesheets (checked after the build).
# Not HTML, SVG or scripts: MkDocs copies those to the site unchanged, where they would run as they are.
DOCS_FILE_KINDS = {".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".pdf"}
STYLESHEET_DIR = "stylesheets"


def check_pages(docs_dir: Path, outdated: list[terms.OutdatedTerm], include_page_code: bool = True) -> list[Problem]:
    """Every file in docs/: its kind, and for pages the text (markup, outdated terms), the front matter and (unless
    the build checks it page by page) what the page asks of Jinja. Each page is read once."""
    problems: list[Problem] = []
    api = page_api()
    for path in _docs_files(docs_dir):
        shown_as = f"docs/{path.relative_to(docs_dir).as_posix()}"
        kind = path.suffix.lower()
        if kind not in DOCS_FILE_KINDS and not (kind == ".css" and path.parent == docs_dir / STYLESHEET_DIR):
            problems.append(
                Problem(
                    shown_as,
                    None,
                    f"een bestand van het soort '{kind or 'zonder extensie'}' kan niet in docs/: de site zou het "
                    "ongewijzigd publiceren. Schrijf tekst als Markdown-pagina (.md); zet beelden als PNG, JPG, GIF "
                    "of WEBP, en documenten als PDF.",
                )
            )
            continue
        if kind != ".md":
            continue
        if path.suffix != kind:  # MkDocs takes only '.md' for a page, and copies 'extra.MD' to the site as it is
            problems.append(
                Problem(
                    shown_as,
                    None,
                    f"schrijf de extensie '{path.suffix}' in kleine letters: '{path.stem}.md'. Anders is het bestand "
                    "geen pagina, en zou de site de tekst publiceren zoals hij is.",
                )
            )
            continue
        problems += _page_problems(path, shown_as, outdated, api if include_page_code else None)
    return problems


def _page_problems(path: Path, shown_as: str, outdated: list[terms.OutdatedTerm], api) -> list[Problem]:
    """One page read once: its text (markup, outdated terms), its front matter and, given the page API, what it
    asks of Jinja."""
    text, problems = read_text(path, shown_as)
    if text is None:
        return problems
    return list(_text_problems(text, shown_as, tuple(outdated), api))


@remembered.per_text()
def _text_problems(text: str, shown_as: str, outdated: tuple[terms.OutdatedTerm, ...], api) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    unclosed = unclosed_front_matter(text, shown_as) or meta_without_front_matter(text, shown_as)
    problems += [unclosed] if unclosed else []
    problems += forbidden_markup_in_page(text, shown_as)
    problems += terms.outdated_in_page(text, shown_as, outdated)
    if api is not None:
        body, offset = rendered_body(text)
        problems += check_page_code(body, shown_as, offset, api)
    front_matter = split_front_matter(text)[0]
    if front_matter is not None:
        document, front_problems = parse_yaml(front_matter, shown_as, line_offset=1)
        problems += front_problems
        if document is not None:
            problems += validate(document, "front_matter")
    return tuple(problems)


TEMPLATE_DIR = "sjablonen"


def check_templates(template_dir: Path, outdated: list[terms.OutdatedTerm]) -> list[Problem]:
    """The page templates, checked as the pages they become (text, Jinja, front matter)."""
    api = page_api()
    return [
        problem
        for path in sorted(template_dir.glob("*.md"))
        for problem in _page_problems(path, f"{TEMPLATE_DIR}/{path.name}", outdated, api)
    ]


def page_code_problems(docs_dir: Path) -> list[Problem]:
    """What every readable page asks of Jinja that it may not (see page_code.py)."""
    api = page_api()
    problems: list[Problem] = []
    for path in _docs_files(docs_dir):
        shown_as = f"docs/{path.relative_to(docs_dir).as_posix()}"
        text = read_text(path, shown_as)[0] if path.suffix == ".md" else None
        if text is not None:
            body, offset = rendered_body(text)
            problems += check_page_code(body, shown_as, offset, api)
    return problems


def _docs_files(docs_dir: Path) -> list[Path]:
    """The files in docs/ that MkDocs publishes (it leaves hidden files out)."""
    return sorted(
        path
        for path in docs_dir.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(docs_dir).parts)
    )
