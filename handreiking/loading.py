"""Load data/ and the guideline pages' front matter once per build, check everything, build records.

Every problem is collected, so an editor sees all mistakes of a build at once.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from . import model
from .schema import close_match, validate
from .sources import ContentErrors, LocatedYaml, Problem, read_front_matter, read_yaml_file

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
}

# Every page in this folder of docs/ (but its index) is a staff guideline and needs guideline front matter.
GUIDELINE_DIR = "richtlijnen"


def load_site_data(project_dir: Path, docs_dir: Path) -> model.SiteData:
    """Read, validate and cross-check all data; raise ContentErrors listing every problem."""
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
        problems += file_problems
        if document is not None and not file_problems:
            documents[name] = document
    if problems:
        raise ContentErrors(problems)

    checker = _CrossCheck(documents, docs_dir)
    data = checker.build()
    if checker.problems:
        raise ContentErrors(checker.problems)
    return data


class _CrossCheck:
    """Checks what a schema cannot: unique ids, references between files, sums, the tree, pages."""

    def __init__(self, documents: dict[str, LocatedYaml], docs_dir: Path):
        self.docs = documents
        self.docs_dir = docs_dir
        self.problems: list[Problem] = []

    # --- helpers ---------------------------------------------------------------

    def unique_ids(self, name: str, list_key: str, id_key: str = "id") -> dict[str, dict[str, Any]]:
        document = self.docs[name]
        seen: dict[str, dict[str, Any]] = {}
        for index, item in enumerate(document.data[list_key]):
            item_id = item[id_key]
            if item_id in seen:
                self.problems.append(
                    document.problem(
                        (list_key, index, id_key), f"de id '{item_id}' komt twee keer voor. Elke id moet uniek zijn."
                    )
                )
            seen[item_id] = item
        return seen

    def reference(self, document: LocatedYaml, path: tuple, value: str, known: dict[str, Any], what: str) -> None:
        if value not in known:
            self.problems.append(
                document.problem(
                    path,
                    f"'{value}' is geen bekende {what}.{close_match(value, list(known))} Kies uit: {', '.join(known)}.",
                )
            )

    # --- the whole --------------------------------------------------------------

    def build(self) -> model.SiteData:
        organisation = model.Organisation(**self.docs["organisation"].data)
        phases = {p["id"]: model.Phase(**p) for p in self.unique_ids("phases", "phases").values()}
        roles = {r["id"]: model.Role(**r) for r in self.unique_ids("roles", "roles").values()}
        channels_raw = self.unique_ids("channels", "channels")
        audiences_raw = self.unique_ids("audiences", "audiences")
        sources = {s["id"]: model.Source(**s) for s in self.unique_ids("audiences", "sources").values()}
        self.check_phase_pages(phases)
        tasks = self.check_tasks(roles)
        channels = self.check_channels(channels_raw, roles)
        audiences = self.check_audiences(audiences_raw, channels, sources)
        media_mix = self.check_media_mix()
        reaction_scheme = self.check_reaction_scheme(roles)
        accounts = self.check_accounts(channels, roles)
        guidelines = self.check_guidelines(phases, channels, audiences, roles)
        return model.SiteData(
            organisation=organisation,
            phases=dict(sorted(phases.items(), key=lambda item: item[1].number)),
            roles=roles,
            tasks=tasks,
            channels=channels,
            audiences=audiences,
            sources=sources,
            media_mix=media_mix,
            reaction_scheme=reaction_scheme,
            accounts=accounts,
            guidelines=guidelines,
        )

    # --- per file -----------------------------------------------------------------

    def check_phase_pages(self, phases: dict[str, model.Phase]) -> None:
        document = self.docs["phases"]
        for index, phase in enumerate(document.data["phases"]):
            if not (self.docs_dir / phase["page"]).is_file():
                self.problems.append(
                    document.problem(("phases", index, "page"), f"de pagina '{phase['page']}' bestaat niet in docs/.")
                )

    def check_tasks(self, roles: dict[str, model.Role]) -> tuple[model.Task, ...]:
        document = self.docs["roles"]
        self.unique_ids("roles", "tasks")
        tasks = []
        for index, task in enumerate(document.data["tasks"]):
            for key in ("responsible", "consulted", "informed"):
                for position, role_id in enumerate(task.get(key, [])):
                    self.reference(document, ("tasks", index, key, position), role_id, roles, "rol")
            self.reference(document, ("tasks", index, "accountable"), task["accountable"], roles, "rol")
            tasks.append(model.Task(**{k: tuple(v) if isinstance(v, list) else v for k, v in task.items()}))
        return tuple(tasks)

    def check_channels(self, raw: dict[str, dict[str, Any]], roles: dict[str, model.Role]) -> dict[str, model.Channel]:
        document = self.docs["channels"]
        for index, channel in enumerate(document.data["channels"]):
            self.reference(document, ("channels", index, "owner"), channel["owner"], roles, "rol")
        return {channel_id: model.Channel(**channel) for channel_id, channel in raw.items()}

    def check_audiences(
        self, raw: dict[str, dict[str, Any]], channels: dict[str, model.Channel], sources: dict[str, model.Source]
    ) -> dict[str, model.Audience]:
        document = self.docs["audiences"]
        audiences = {}
        for index, audience in enumerate(document.data["audiences"]):
            presence = {}
            for channel_id, observation in audience["presence"].items():
                path = ("audiences", index, "presence", channel_id)
                self.reference(document, path, channel_id, channels, "kanaal")
                self.reference(document, path + ("source",), observation["source"], sources, "bron")
                presence[channel_id] = model.Observation(
                    level=observation["level"],
                    source=observation["source"],
                    observed=datetime.date.fromisoformat(observation["observed"]),
                )
            audiences[audience["id"]] = model.Audience(
                audience["id"], audience["name"], audience["description"], presence
            )
        return {audience_id: audiences[audience_id] for audience_id in raw}

    def check_media_mix(self) -> model.MediaMix:
        document = self.docs["media_mix"]
        self.unique_ids("media_mix", "means")
        means = tuple(model.MediaMeans(**m) for m in document.data["means"])
        total = sum(m.share for m in means)
        if abs(total - 100) > 1e-9:
            shares = " + ".join(f"{m.share:g}" for m in means)
            self.problems.append(
                document.problem(
                    ("means",), f"de aandelen tellen op tot {total:g} ({shares}), maar moeten samen precies 100 zijn."
                )
            )
        return model.MediaMix(document.data["year"], document.data["basis"], means)

    def check_reaction_scheme(self, roles: dict[str, model.Role]) -> model.ReactionScheme:
        document = self.docs["reaction_scheme"]
        data = document.data
        questions = {q["id"]: model.Question(**q) for q in data["questions"]}
        actions = {a["id"]: model.Action(**a) for a in data["actions"]}
        all_ids: dict[str, tuple] = {}
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
        for index, action in enumerate(data["actions"]):
            self.reference(document, ("actions", index, "role"), action["role"], roles, "rol")
        self.reference(document, ("start",), data["start"], questions, "vraag")
        parents: dict[str, list[str]] = {}
        for index, question in enumerate(data["questions"]):
            for answer in ("if_yes", "if_no"):
                target = question[answer]
                self.reference(document, ("questions", index, answer), target, all_ids, "vraag of actie")
                if target in questions:
                    parents.setdefault(target, []).append(question["id"])
        if data["start"] in parents:
            index = all_ids[data["start"]][1]
            self.problems.append(
                document.problem(
                    ("questions", index, "id"),
                    f"de startvraag '{data['start']}' wordt ook vanuit een andere vraag bereikt. Zo ontstaat een lus.",
                )
            )
        for question_id, sources in parents.items():
            if len(sources) > 1 and question_id != data["start"]:
                index = all_ids[question_id][1]
                self.problems.append(
                    document.problem(
                        ("questions", index, "id"),
                        f"de vraag '{question_id}' wordt vanuit meer dan één vraag bereikt ({', '.join(sources)}). "
                        "In een beslisboom heeft elke vraag één plaats; maak een aparte vraag of laat beide naar een actie leiden.",
                    )
                )
        reachable = self.reachable(data["start"], questions)
        for list_key in ("questions", "actions"):
            for index, item in enumerate(data[list_key]):
                if item["id"] not in reachable and data["start"] in questions:
                    self.problems.append(
                        document.problem(
                            (list_key, index, "id"),
                            f"'{item['id']}' is vanuit de startvraag niet te bereiken. Laat een vraag ernaar verwijzen of verwijder het.",
                        )
                    )
        return model.ReactionScheme(data["start"], questions, actions)

    @staticmethod
    def reachable(start: str, questions: dict[str, model.Question]) -> set[str]:
        seen: set[str] = set()
        todo = [start]
        while todo:
            node = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in questions:
                todo += [questions[node].if_yes, questions[node].if_no]
        return seen

    def check_accounts(
        self, channels: dict[str, model.Channel], roles: dict[str, model.Role]
    ) -> tuple[model.Account, ...]:
        document = self.docs["accounts"]
        accounts = []
        for index, account in enumerate(document.data["accounts"]):
            self.reference(document, ("accounts", index, "channel"), account["channel"], channels, "kanaal")
            self.reference(document, ("accounts", index, "owner"), account["owner"], roles, "rol")
            accounts.append(
                model.Account(**{**account, "last_review": datetime.date.fromisoformat(account["last_review"])})
            )
        return tuple(accounts)

    # --- guideline pages --------------------------------------------------------------

    def check_guidelines(self, phases, channels, audiences, roles) -> tuple[model.Guideline, ...]:
        guidelines = []
        for path in sorted((self.docs_dir / GUIDELINE_DIR).glob("*.md")):
            if path.name == "index.md":
                continue
            src_path = f"{GUIDELINE_DIR}/{path.name}"
            shown_as = f"docs/{src_path}"
            document, problems = read_front_matter(path, shown_as)
            self.problems += problems
            if document is None:
                continue
            guideline = self.check_guideline(document, src_path, phases, channels, audiences, roles)
            if guideline:
                guidelines.append(guideline)
        return tuple(guidelines)

    def check_guideline(self, document, src_path, phases, channels, audiences, roles) -> model.Guideline | None:
        meta = document.data
        before = len(self.problems)
        for key, label in GUIDELINE_FIELDS.items():
            if key not in meta:
                self.problems.append(
                    document.problem((), f"het verplichte veld '{key}' ({label}) ontbreekt in de front matter.")
                )
        if len(self.problems) > before:
            return None
        self.reference(document, ("phase",), meta["phase"], phases, "fase")
        self.reference(document, ("owner",), meta["owner"], roles, "rol")
        for key, known, what in (("channels", channels, "kanaal"), ("audiences", audiences, "doelgroep")):
            values = meta[key]
            if not isinstance(values, list):
                self.problems.append(
                    document.problem(
                        (key,), f"'{key}' moet een lijst zijn, bijvoorbeeld [{', '.join(list(known)[:2])}]."
                    )
                )
                continue
            for position, value in enumerate(values):
                self.reference(document, (key, position), value, known, what)
        try:
            last_review = datetime.date.fromisoformat(str(meta["last_review"]))
        except ValueError:
            self.problems.append(
                document.problem(
                    ("last_review",),
                    f"'{meta['last_review']}' is geen bestaande datum. Schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-31.",
                )
            )
            return None
        if len(self.problems) > before:
            return None
        return model.Guideline(
            src_path=src_path,
            title=str(meta["title"]),
            phase=meta["phase"],
            channels=tuple(meta["channels"]),
            audiences=tuple(meta["audiences"]),
            owner=meta["owner"],
            last_review=last_review,
            description=str(meta.get("description", "")),
        )


# Front matter every guideline page needs, with what it means for an editor.
GUIDELINE_FIELDS = {
    "title": "de titel van de pagina",
    "description": "één zin over waar de richtlijn over gaat",
    "phase": "de fase: een id uit data/phases.yml",
    "channels": "de kanalen waarover de richtlijn gaat: ids uit data/channels.yml",
    "audiences": "de doelgroepen: ids uit data/audiences.yml",
    "owner": "de rol die de richtlijn beheert: een id uit data/roles.yml",
    "last_review": "de datum van de laatste controle, als JJJJ-MM-DD",
}
