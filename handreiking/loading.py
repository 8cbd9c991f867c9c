"""Load data/ and the pages' front matter once per build, check everything, build records.

Every check runs on whatever files could be read, so an editor sees all mistakes of a build at once:
a broken roles.yml does not hide a wrong channel id in a page.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

from . import model, terms
from .markup import forbidden_markup_in_data, forbidden_markup_in_page
from .page_code import check_page_code, macro_arguments, page_api
from .renames import renamed_or_removed
from .schema import close_match, not_known, validate
from .sources import (
    ContentErrors,
    LocatedYaml,
    Problem,
    meta_without_front_matter,
    parse_yaml,
    read_front_matter,
    read_text,
    read_yaml_file,
    rendered_body,
    split_front_matter,
    unclosed_front_matter,
)

# Data files and the schema each is checked against.
DATA_FILES = {
    "organisation": "organisation.yml",
    "phases": "phases.yml",
    "roles": "roles.yml",
    "channels": "channels.yml",
    "audiences": "audiences.yml",
    "media_mix": "media_mix.yml",
    "reaction_scheme": "reaction_scheme.yml",
    "accounts": "accounts.yml",
    "references": "references.yml",
    "outdated_terms": "outdated_terms.yml",
    "search_questions": "search_questions.yml",
}

# Every page in this folder of docs/ (but its index) is a staff guideline and needs guideline front matter.
GUIDELINE_DIR = "richtlijnen"

# Front matter every guideline page needs, with what it means for an editor.
GUIDELINE_FIELDS = {
    "title": "de titel van de pagina",
    "description": "één zin over waar de richtlijn over gaat",
    "phase": "de fase: een id uit data/phases.yml",
    "channels": "de kanalen waarover de richtlijn gaat: ids uit data/channels.yml ([] betekent: alle kanalen)",
    "audiences": "de doelgroepen: ids uit data/audiences.yml",
    "owner": "de rol die de richtlijn beheert: een id uit data/roles.yml",
    "last_review": "de datum van de laatste controle, als JJJJ-MM-DD",
}

Known = dict[str, Any] | None  # None: the file with these ids could not be read, so references to it are not checked


def load_site_data(project_dir: Path, docs_dir: Path, include_page_code: bool = True) -> model.SiteData:
    """Read, validate and cross-check all data and pages; raise ContentErrors listing every problem.

    The build checks each page's Jinja just before it is rendered (macros.py) and passes include_page_code=False,
    so that a page with a refused form shows why in the preview while the other pages build."""
    problems: list[Problem] = []
    documents: dict[str, LocatedYaml] = {}
    for name, filename in DATA_FILES.items():
        path = project_dir / "data" / filename
        shown_as = f"data/{filename}"
        if not path.exists():
            problems.append(Problem(shown_as, None, "dit bestand ontbreekt."))
            continue
        document, file_problems = read_yaml_file(path, shown_as)
        if document is not None:
            file_problems = validate(document, name)
            problems += forbidden_markup_in_data(document)
        problems += file_problems
        if document is not None and not file_problems:
            documents[name] = document
    outdated = terms.terms_from(documents["outdated_terms"]) if "outdated_terms" in documents else []
    problems += [
        problem for name, document in documents.items() for problem in terms.outdated_in_data(name, document, outdated)
    ]
    problems += check_pages(docs_dir, outdated, include_page_code)

    checker = _CrossCheck(documents, docs_dir, project_dir)
    checker.run()
    if include_page_code:
        # The ids a page gives the project's macros (the build finds them as it renders each page), and the
        # page templates in sjablonen/, which are not built: named as themselves, not as the page they become.
        checker.check_page_arguments()
        problems += check_templates(project_dir / TEMPLATE_DIR, outdated)
        checker.check_template_guideline(project_dir / TEMPLATE_DIR / "richtlijn.md")
    problems += checker.problems
    if problems:
        raise ContentErrors(problems)
    return checker.records()


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
        problems += _page_problems(path, shown_as, outdated, api if include_page_code else None)
    return problems


def _page_problems(path: Path, shown_as: str, outdated: list[terms.OutdatedTerm], api) -> list[Problem]:
    """One page read once: its text (markup, outdated terms), its front matter and, given the page API, what it
    asks of Jinja."""
    text, problems = read_text(path, shown_as)
    if text is None:
        return problems
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
    return problems


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


class _CrossCheck:
    """Checks what a schema cannot: unique ids, references between files, sums, the tree, front matter."""

    def __init__(self, documents: dict[str, LocatedYaml], docs_dir: Path, project_dir: Path | None = None):
        self.docs = documents
        self.docs_dir = docs_dir
        self.project_dir = project_dir or docs_dir.parent
        self.problems: list[Problem] = []
        self._ids: dict[tuple[str, str], dict[str, Any]] = {}
        self.guideline_pages: list[tuple[str, LocatedYaml]] = []
        self.page_references: dict[str, tuple[str, ...]] = {}
        self.page_titles: dict[str, str] = {}

    # --- helpers ---------------------------------------------------------------

    def ids(self, name: str, list_key: str) -> Known:
        """The items of a list by id (reporting duplicates once), or None when the file could not be read."""
        if name not in self.docs:
            return None
        if (name, list_key) not in self._ids:
            document = self.docs[name]
            seen: dict[str, Any] = {}
            for index, item in enumerate(document.data[list_key]):
                if item["id"] in seen:
                    self.problems.append(
                        document.problem(
                            (list_key, index, "id"),
                            f"de id '{item['id']}' komt twee keer voor. Elke id moet uniek zijn.",
                        )
                    )
                seen[item["id"]] = item
            self._ids[name, list_key] = seen
        return self._ids[name, list_key]

    def reference(self, document: LocatedYaml, path: tuple, value: str, known: Known, what: str) -> None:
        if known is not None and value not in known:
            self.problems.append(document.problem(path, self.unknown(value, known, what)))

    def unknown(self, value: str, known: dict[str, Any], what: str) -> str:
        """Why an id is not known: renamed or removed since the last commit, or a guess at what was meant."""
        renamed = renamed_or_removed(self.project_dir, what, value, known)
        return renamed or f"{not_known(value, what)}{close_match(value, list(known))} {_choices(known, what)}"

    def check_template_guideline(self, path: Path) -> None:
        """The guideline template names a phase, channels, audiences and an owner that exist."""
        if not path.is_file():
            return
        document, _ = read_front_matter(path, f"{TEMPLATE_DIR}/{path.name}")  # read problems: check_templates
        if document is not None:
            self.check_guideline(
                document,
                self.ids("phases", "phases"),
                self.ids("channels", "channels"),
                self.ids("audiences", "audiences"),
                self.ids("roles", "roles"),
            )

    def check_page_arguments(self) -> None:
        """role_link('…'), channel_link('…') and guideline_list('…') on a page name ids that exist."""
        kinds = {
            "role_link": (self.ids("roles", "roles"), "rol"),
            "channel_link": (self.ids("channels", "channels"), "kanaal"),
            "guideline_list": (self.ids("phases", "phases"), "fase"),
        }
        for path in sorted(self.docs_dir.rglob("*.md")):
            shown_as = f"docs/{path.relative_to(self.docs_dir).as_posix()}"
            text = read_text(path, shown_as)[0]
            if text is None:
                continue
            body, offset = rendered_body(text)
            for line, macro, value in macro_arguments(body):
                known, what = kinds.get(macro, (None, ""))
                if known is not None and isinstance(value, str) and value not in known:
                    self.problems.append(Problem(shown_as, line + offset, self.unknown(value, known, what)))

    # --- all checks ---------------------------------------------------------------

    def run(self) -> None:
        roles = self.ids("roles", "roles")
        channels = self.ids("channels", "channels")
        audiences = self.ids("audiences", "audiences")
        phases = self.ids("phases", "phases")
        if "phases" in self.docs:
            self.check_phase_pages()
        if "roles" in self.docs:
            self.check_tasks(roles)
        if "channels" in self.docs:
            self.check_channels(roles)
        if "audiences" in self.docs:
            self.check_audiences(channels)
        if "media_mix" in self.docs:
            self.check_media_mix()
        if "reaction_scheme" in self.docs:
            self.check_reaction_scheme(roles)
        if "accounts" in self.docs:
            self.check_accounts(channels, roles)
        self.check_guidelines(phases, channels, audiences, roles)
        self.check_references()
        if "search_questions" in self.docs:
            self.check_search_questions()

    def check_phase_pages(self) -> None:
        document = self.docs["phases"]
        for index, phase in enumerate(document.data["phases"]):
            if not (self.docs_dir / phase["page"]).is_file():
                self.problems.append(
                    document.problem(("phases", index, "page"), f"de pagina '{phase['page']}' bestaat niet in docs/.")
                )

    def check_tasks(self, roles: Known) -> None:
        document = self.docs["roles"]
        self.ids("roles", "tasks")
        for index, task in enumerate(document.data["tasks"]):
            for key in ("responsible", "consulted", "informed"):
                for position, role_id in enumerate(task.get(key, [])):
                    self.reference(document, ("tasks", index, key, position), role_id, roles, "rol")
            self.reference(document, ("tasks", index, "accountable"), task["accountable"], roles, "rol")

    def check_channels(self, roles: Known) -> None:
        document = self.docs["channels"]
        for index, channel in enumerate(document.data["channels"]):
            self.reference(document, ("channels", index, "owner"), channel["owner"], roles, "rol")

    def check_audiences(self, channels: Known) -> None:
        document = self.docs["audiences"]
        sources = self.ids("audiences", "sources")
        for index, audience in enumerate(document.data["audiences"]):
            for channel_id, observation in audience["presence"].items():
                path = ("audiences", index, "presence", channel_id)
                self.reference(document, path, channel_id, channels, "kanaal")
                self.reference(document, path + ("source",), observation["source"], sources, "bron")

    def check_media_mix(self) -> None:
        document = self.docs["media_mix"]
        self.ids("media_mix", "means")
        means = document.data["means"]
        total = sum(m["share"] for m in means)
        if abs(total - 100) > 1e-9:
            shares = " + ".join(f"{m['share']:g}" for m in means)
            self.problems.append(
                document.problem(
                    ("means",), f"de aandelen tellen op tot {total:g} ({shares}), maar moeten samen precies 100 zijn."
                )
            )

    def check_reaction_scheme(self, roles: Known) -> None:
        """Unique ids, known roles and targets, no cycle, every node reachable, model answers without leftovers."""
        document = self.docs["reaction_scheme"]
        data = document.data
        questions = {q["id"]: q for q in data["questions"]}
        all_ids: dict[str, tuple[str, int]] = {}
        for list_key in ("questions", "actions"):
            for index, item in enumerate(data[list_key]):
                if item["id"] in all_ids:
                    self.problems.append(
                        document.problem(
                            (list_key, index, "id"),
                            f"de id '{item['id']}' komt twee keer voor. Vragen en acties hebben samen unieke ids.",
                        )
                    )
                all_ids[item["id"]] = (list_key, index)
        self.reference(document, ("on_call", "role"), data["on_call"]["role"], roles, "rol")
        for index, action in enumerate(data["actions"]):
            self.reference(document, ("actions", index, "role"), action["role"], roles, "rol")
            for position, role in enumerate(action.get("inform", [])):
                self.reference(document, ("actions", index, "inform", position), role, roles, "rol")
            for position, answer in enumerate(action["answers"]):
                for message in placeholder_problems(answer):
                    self.problems.append(document.problem(("actions", index, "answers", position), message))
        self.reference(document, ("start",), data["start"], questions, "vraag")
        for index, question in enumerate(data["questions"]):
            for answer in ("if_yes", "if_no"):
                self.reference(document, ("questions", index, answer), question[answer], all_ids, "vraag of actie")
        if data["start"] not in questions:
            return
        cycle = _cycle(data["start"], questions)
        if cycle:
            closing = cycle[-2]
            answer = "if_yes" if questions[closing]["if_yes"] == cycle[-1] else "if_no"
            self.problems.append(
                document.problem(
                    ("questions", all_ids[closing][1], answer),
                    f"het schema loopt in een kring: {' → '.join(cycle)}. Een pad mag niet terugkomen bij een vraag "
                    "waar het al was; laat deze tak naar een andere vraag of naar een actie leiden.",
                )
            )
        reachable = _reachable(data["start"], questions)
        for list_key in ("questions", "actions"):
            for index, item in enumerate(data[list_key]):
                if item["id"] not in reachable:
                    self.problems.append(
                        document.problem(
                            (list_key, index, "id"),
                            f"'{item['id']}' is vanuit de startvraag niet te bereiken. Laat een vraag ernaar verwijzen of verwijder het.",
                        )
                    )

    def check_accounts(self, channels: Known, roles: Known) -> None:
        document = self.docs["accounts"]
        for index, account in enumerate(document.data["accounts"]):
            self.reference(document, ("accounts", index, "channel"), account["channel"], channels, "kanaal")
            self.reference(document, ("accounts", index, "owner"), account["owner"], roles, "rol")

    def check_references(self) -> None:
        """Sources named by pages (front matter), by data records (channels, reaction-scheme actions) and by the
        outdated terms."""
        known = self.ids("references", "references")
        if "outdated_terms" in self.docs:
            document = self.docs["outdated_terms"]
            for index, item in enumerate(document.data["terms"]):
                if "reference" in item:
                    self.reference(document, ("terms", index, "reference"), item["reference"], known, "bron")
        for name, list_key in (("channels", "channels"), ("reaction_scheme", "actions")):
            if name not in self.docs:
                continue
            document = self.docs[name]
            for index, item in enumerate(document.data[list_key]):
                for position, value in enumerate(item.get("references", [])):
                    self.reference(document, (list_key, index, "references", position), value, known, "bron")
        for path in sorted(self.docs_dir.rglob("*.md")):
            src_path = path.relative_to(self.docs_dir).as_posix()
            document, _ = read_front_matter(path, f"docs/{src_path}")  # problems reading it: see check_pages
            meta = document.data if document is not None and isinstance(document.data, dict) else {}
            self.page_titles[src_path] = str(meta.get("title", src_path))
            values = meta.get("references")
            if not isinstance(values, list):
                continue
            for position, value in enumerate(values):
                self.reference(document, ("references", position), value, known, "bron")
            self.page_references[src_path] = tuple(values)

    def check_search_questions(self) -> None:
        """Every page a search question expects exists in docs/."""
        document = self.docs["search_questions"]
        for t, topic in enumerate(document.data["topics"]):
            for q, question in enumerate(topic["questions"]):
                for position, page in enumerate(question["pages"]):
                    if not (self.docs_dir / page).is_file():
                        self.problems.append(
                            document.problem(
                                ("topics", t, "questions", q, "pages", position),
                                f"de pagina '{page}' bestaat niet in docs/.",
                            )
                        )

    def check_guidelines(self, phases: Known, channels: Known, audiences: Known, roles: Known) -> None:
        for path in sorted((self.docs_dir / GUIDELINE_DIR).glob("*.md")):
            if path.name == "index.md":
                continue
            shown_as = f"docs/{GUIDELINE_DIR}/{path.name}"
            # Problems reading it were reported with the other pages (check_pages).
            document, _ = read_front_matter(path, shown_as)
            if document is None:
                continue
            if self.check_guideline(document, phases, channels, audiences, roles):
                self.guideline_pages.append((f"{GUIDELINE_DIR}/{path.name}", document))

    def check_guideline(
        self, document: LocatedYaml, phases: Known, channels: Known, audiences: Known, roles: Known
    ) -> bool:
        meta = document.data if isinstance(document.data, dict) else {}
        before = len(self.problems)
        for key, label in GUIDELINE_FIELDS.items():
            if key not in meta:
                self.problems.append(
                    document.problem((), f"het verplichte veld '{key}' ({label}) ontbreekt in de front matter.")
                )
        if len(self.problems) > before:
            return False
        self.reference(document, ("phase",), meta["phase"], phases, "fase")
        self.reference(document, ("owner",), meta["owner"], roles, "rol")
        for key, known, what in (("channels", channels, "kanaal"), ("audiences", audiences, "doelgroep")):
            values = meta[key]
            if not isinstance(values, list):
                example = ", ".join(list(known or {})[:2])
                self.problems.append(
                    document.problem((key,), f"'{key}' moet een lijst zijn, bijvoorbeeld [{example}].")
                )
                continue
            for position, value in enumerate(values):
                self.reference(document, (key, position), value, known, what)
        try:
            datetime.date.fromisoformat(str(meta["last_review"]))
        except ValueError:
            self.problems.append(
                document.problem(
                    ("last_review",),
                    f"'{meta['last_review']}' is geen bestaande datum. Schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-31.",
                )
            )
        return len(self.problems) == before

    # --- records, once everything is right ------------------------------------------------

    def records(self) -> model.SiteData:
        data = {name: document.data for name, document in self.docs.items()}
        roles = data["roles"]
        audiences = data["audiences"]
        reaction_scheme = data["reaction_scheme"]
        return model.SiteData(
            organisation=model.Organisation(**data["organisation"]),
            phases={p["id"]: model.Phase(**p) for p in sorted(data["phases"]["phases"], key=lambda p: p["number"])},
            roles={r["id"]: model.Role(**r) for r in roles["roles"]},
            tasks=tuple(
                model.Task(**{k: tuple(v) if isinstance(v, list) else v for k, v in t.items()}) for t in roles["tasks"]
            ),
            channels={
                c["id"]: model.Channel(**{**c, "references": tuple(c.get("references", []))})
                for c in data["channels"]["channels"]
            },
            audiences={
                a["id"]: model.Audience(
                    a["id"],
                    a["name"],
                    a["description"],
                    {
                        channel_id: model.Observation(
                            o["level"],
                            o["source"],
                            datetime.date.fromisoformat(o["observed"]),
                            self.docs["audiences"].line_of(("audiences", index, "presence", channel_id)),
                        )
                        for channel_id, o in a["presence"].items()
                    },
                )
                for index, a in enumerate(audiences["audiences"])
            },
            sources={s["id"]: model.Source(**s) for s in audiences["sources"]},
            media_mix=model.MediaMix(
                data["media_mix"]["year"],
                data["media_mix"]["basis"],
                tuple(model.MediaMeans(**m) for m in data["media_mix"]["means"]),
            ),
            reaction_scheme=model.ReactionScheme(
                reaction_scheme["start"],
                {q["id"]: model.Question(**q) for q in reaction_scheme["questions"]},
                {
                    a["id"]: model.Action(
                        **{
                            **a,
                            "references": tuple(a.get("references", [])),
                            "inform": tuple(a.get("inform", [])),
                            "answers": tuple(a["answers"]),
                        }
                    )
                    for a in reaction_scheme["actions"]
                },
                reaction_scheme["office_hours"],
                model.OnCall(**reaction_scheme["on_call"]),
            ),
            accounts=tuple(
                model.Account(
                    **{**a, "last_review": datetime.date.fromisoformat(a["last_review"])},
                    line=self.docs["accounts"].line_of(("accounts", index, "last_review")),
                )
                for index, a in enumerate(data["accounts"]["accounts"])
            ),
            guidelines=tuple(
                model.Guideline(
                    src_path=src_path,
                    title=str(meta["title"]),
                    phase=meta["phase"],
                    channels=tuple(meta["channels"]),
                    audiences=tuple(meta["audiences"]),
                    owner=meta["owner"],
                    last_review=datetime.date.fromisoformat(str(meta["last_review"])),
                    description=str(meta["description"]),
                    line=document.line_of(("last_review",)),
                )
                for src_path, document in self.guideline_pages
                for meta in [document.data]
            ),
            references={
                r["id"]: model.Reference(
                    **{**r, "checked": datetime.date.fromisoformat(r["checked"])},
                    line=self.docs["references"].line_of(("references", index, "checked")),
                )
                for index, r in enumerate(data["references"]["references"])
            },
            page_references=self.page_references,
            page_titles=self.page_titles,
            frequent_questions=tuple(
                model.FaqTopic(
                    topic["topic"],
                    tuple(
                        model.FrequentQuestion(q["faq"], q["answer"], q["pages"][0])
                        for q in topic["questions"]
                        if q.get("covered", True)
                    ),
                )
                for topic in data["search_questions"]["topics"]
                if any(q.get("covered", True) for q in topic["questions"])
            ),
        )


# A long list of ids is no help in a message: name the file that holds them instead.
_LONG_LIST = 15
_ID_FILES = {"bron": "data/references.yml"}


def _choices(known: dict[str, Any], what: str) -> str:
    if len(known) > _LONG_LIST and what in _ID_FILES:
        return f"De {len(known)} ids staan in {_ID_FILES[what]}."
    return f"Kies uit: {', '.join(known)}."


def _cycle(start: str, questions: dict[str, dict[str, Any]]) -> list[str]:
    """The first cycle met on the way from the start, as the ids along it (the first id again at the end), or []."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return [*path[path.index(node) :], node]
        if node in done or node not in questions:
            return []
        for answer in ("if_yes", "if_no"):
            found = visit(questions[node][answer], [*path, node])
            if found:
                return found
        done.add(node)
        return []

    return visit(start, [])


# In a model answer, what the webcare colleague fills in stands between square brackets: [link naar de pagina].
_FILL_IN = re.compile(r"\[([^\[\]]*)\]")
_LEFTOVERS = re.compile(r"(?<![\w?.…])(TODO|TBD|FIXME|XXX+|\?{2,}|\.{3,}|…)(?![\w])")


def placeholder_problems(answer: str) -> list[str]:
    """What in a model answer looks like a place to fill in that an editor forgot, or wrote in another form."""
    problems = []
    for match in _FILL_IN.finditer(answer):
        if not re.search(r"\w", match.group(1)):
            problems.append(
                f"'{match.group(0)}' is een lege plaats om in te vullen. Zet tussen de haakjes wat de collega invult, "
                "bijvoorbeeld [uur] of [link naar de pagina]."
            )
    outside = _FILL_IN.sub("", answer)
    marks = sorted(set(re.findall(r"[\[\]{}<>]", outside)))
    if marks:
        problems.append(
            f"{' en '.join(repr(m) for m in marks)} {'staan' if len(marks) > 1 else 'staat'} los in het modelantwoord. "
            "Een plaats om in te vullen "
            "schrijf je met vierkante haken: [wat de collega invult], bijvoorbeeld [uur]. Gebruik geen accolades "
            "of punthaken."
        )
    for leftover in sorted(set(m.group(1) for m in _LEFTOVERS.finditer(outside))):
        problems.append(
            f"'{leftover}' lijkt een plaats om in te vullen die hier bleef staan. Schrijf de tekst af, of zet tussen "
            "vierkante haken wat de collega invult, bijvoorbeeld [uur]."
        )
    return problems


def _reachable(start: str, questions: dict[str, dict[str, Any]]) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        if node in questions:
            todo += [questions[node]["if_yes"], questions[node]["if_no"]]
    return seen
