"""The checks on the data that are not references (those are declared in the schemas, see crossref.py): unique ids,
shares that add up, model answers without leftovers, and the front matter a guideline needs.

A check of one data file is one entry in FILE_CHECKS.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from . import reaction_graph
from .ids import ID_KINDS, Known, id_entries
from .problems import Problem
from .sources import LocatedYaml

# Every page in this folder of docs/ (but its index) is a staff guideline and needs guideline front matter.
GUIDELINE_DIR = "richtlijnen"


def is_guideline(src_path: str) -> bool:
    """A page (path under docs/) that is a staff guideline."""
    folder, _, name = src_path.rpartition("/")
    return folder == GUIDELINE_DIR and name != "index.md"


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

# Front matter fields of a guideline that hold a list, with the kind of their ids (for an example).
_GUIDELINE_LISTS = {"channels": "channels", "audiences": "audiences"}


def duplicate_ids(documents: dict[str, LocatedYaml]) -> list[Problem]:
    """Every id that a list of ids (ids.ID_KINDS) holds twice, at its second place."""
    problems = []
    for kind, id_kind in ID_KINDS.items():
        if not id_kind.unique or id_kind.file not in documents:
            continue
        document = documents[id_kind.file]
        seen: set[str] = set()
        for path, item_id, _ in id_entries(document.data, kind):
            if item_id in seen:
                message = f"de id '{item_id}' komt twee keer voor. {id_kind.duplicate_hint}"
                problems.append(document.problem((*path, "id"), message))
            seen.add(item_id)
    return problems


def media_mix_total(document: LocatedYaml) -> list[Problem]:
    """The shares of the media mix add up to 100."""
    means = document.data["means"]
    total = sum(m["share"] for m in means)
    if abs(total - 100) <= 1e-9:
        return []
    shares = " + ".join(f"{m['share']:g}" for m in means)
    message = f"de aandelen tellen op tot {total:g} ({shares}), maar moeten samen precies 100 zijn."
    return [document.problem(("means",), message)]


def model_answers(document: LocatedYaml) -> list[Problem]:
    """Every model answer of the reaction scheme without a place to fill in that an editor forgot."""
    return [
        document.problem(("actions", index, "answers", position), message)
        for index, action in enumerate(document.data["actions"])
        for position, answer in enumerate(action["answers"])
        for message in placeholder_problems(answer)
    ]


# The checks of one data file beyond its schema and its references, by the file's name in ids.DATA_FILES.
FILE_CHECKS: dict[str, list[Callable[[LocatedYaml], list[Problem]]]] = {
    "media_mix": [media_mix_total],
    "reaction_scheme": [model_answers, reaction_graph.graph_problems],
}


def file_problems(documents: dict[str, LocatedYaml]) -> list[Problem]:
    """The checks of FILE_CHECKS on every file that could be read."""
    return [
        problem
        for name, checks in FILE_CHECKS.items()
        if name in documents
        for check in checks
        for problem in check(documents[name])
    ]


def guideline_problems(document: LocatedYaml, known: dict[str, Known]) -> list[Problem]:
    """What a guideline's front matter lacks: a required field, a list, a real date. (Its ids: crossref.py.)"""
    meta = document.data if isinstance(document.data, dict) else {}
    missing = [
        document.problem((), f"het verplichte veld '{key}' ({label}) ontbreekt in de front matter.")
        for key, label in GUIDELINE_FIELDS.items()
        if key not in meta
    ]
    if missing:
        return missing
    problems = [
        document.problem(
            (key,), f"'{key}' moet een lijst zijn, bijvoorbeeld [{', '.join(list(known[kind] or {})[:2])}]."
        )
        for key, kind in _GUIDELINE_LISTS.items()
        if not isinstance(meta[key], list)
    ]
    try:
        datetime.date.fromisoformat(str(meta["last_review"]))
    except ValueError:
        message = (
            f"'{meta['last_review']}' is geen bestaande datum. Schrijf een datum als JJJJ-MM-DD, bijvoorbeeld "
            "2026-03-31."
        )
        problems.append(document.problem(("last_review",), message))
    return problems


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
