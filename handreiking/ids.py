"""The one table of the data files and of which file holds which ids.

A schema in data/schema/ names a kind of id with "x-refers-to": "<kind>" (see crossref.py); this table says where
the ids of that kind live and what an editor calls one. Adding a data file is one line in DATA_FILES and a schema;
adding a kind of id that others can name is one line in ID_KINDS.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Data files by the name of their schema (data/schema/<name>.schema.json), in the order they are checked.
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
    "house_rules": "house_rules.yml",
    "changes": "changes.yml",
}


@dataclass(frozen=True)
class IdKind:
    """Where the ids of one kind live: the items of one or more lists in one data file, each with an `id`."""

    file: str  # a key of DATA_FILES
    lists: tuple[str, ...]  # the top-level lists of that file whose items the ids name
    noun: str  # what an editor calls one, in the Dutch messages: "rol"
    neuter: bool = False  # a 'het'-word: "geen bekend kanaal", but "geen bekende rol"
    unique: bool = True  # checked for duplicates here (False: another kind covers the same lists)
    # A message about a wrong id lists the ids to choose from; False: more than a few are no help, name the file.
    listed: bool = True
    duplicate_hint: str = "Elke id moet uniek zijn."

    @property
    def filename(self) -> str:
        return DATA_FILES[self.file]


ID_KINDS = {
    "phases": IdKind("phases", ("phases",), "fase"),
    "roles": IdKind("roles", ("roles",), "rol"),
    "tasks": IdKind("roles", ("tasks",), "taak"),
    "channels": IdKind("channels", ("channels",), "kanaal", neuter=True),
    "audiences": IdKind("audiences", ("audiences",), "doelgroep"),
    "sources": IdKind("audiences", ("sources",), "bron"),
    "media_means": IdKind("media_mix", ("means",), "middel", neuter=True),
    "references": IdKind("references", ("references",), "bron", listed=False),
    "questions": IdKind("reaction_scheme", ("questions",), "vraag", unique=False),
    "questions_and_actions": IdKind(
        "reaction_scheme",
        ("questions", "actions"),
        "vraag of actie",
        duplicate_hint="Vragen en acties hebben samen unieke ids.",
    ),
    "house_rules": IdKind("house_rules", ("rules",), "huisregel"),
}

# The page macros whose argument is an id, and the kind of that id (render.py raises, loading.py checks pages).
MACRO_ARGUMENT_KINDS = {"role_link": "roles", "channel_link": "channels", "guideline_list": "phases"}

Known = dict[str, Any] | None  # the items of one kind by id; None: their file could not be read, so nothing is checked


def id_entries(data: Any, kind: str) -> list[tuple[tuple[str, int], str, Any]]:
    """Every (path of the item, id, item) of a kind in a data file's data, in file order."""
    lists = ID_KINDS[kind].lists
    return [
        ((list_key, index), item["id"], item)
        for list_key in lists
        for index, item in enumerate((data.get(list_key) or []) if isinstance(data, dict) else [])
        if isinstance(item, dict) and "id" in item
    ]


def known_ids(data_by_file: dict[str, Any]) -> dict[str, Known]:
    """The items of every kind by id, from the files that could be read (a later duplicate wins)."""
    return {
        kind: {item_id: item for _, item_id, item in id_entries(data_by_file[id_kind.file], kind)}
        if id_kind.file in data_by_file
        else None
        for kind, id_kind in ID_KINDS.items()
    }
