"""Ids that were in the data at the last commit and are gone now. An editor who renames an id (medewerkers to
personeel) and forgets a reference to it gets told that, instead of a guess at a near name that happens to look
alike ("Bedoelde je 'kandidaat-medewerkers'?")."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .gitdates import committed_text
from .ids import ID_KINDS, id_entries
from .sources import parse_yaml


@cache
def committed_ids(project_dir: Path, kind: str) -> frozenset[str] | None:
    """The ids of this kind (ids.ID_KINDS) at the last commit, or None outside git (or when the file was not
    committed)."""
    filename = ID_KINDS[kind].filename
    text = committed_text(project_dir, "HEAD", f"data/{filename}", timeout=10)
    if text is None:
        return None
    document, problems = parse_yaml(text, f"data/{filename}")  # the same careful reading as the data itself
    if problems or document is None or not isinstance(document.data, dict):
        return None
    if not any(isinstance(document.data.get(list_key), list) for list_key in ID_KINDS[kind].lists):
        return None
    return frozenset(str(item_id) for _, item_id, _ in id_entries(document.data, kind))


def renamed_or_removed(project_dir: Path, kind: str, value: str, known) -> str | None:
    """A Dutch explanation when `value` was an id of this kind at the last commit and is not one now, or None."""
    committed = committed_ids(project_dir, kind)
    if committed is None or value not in committed or value in known:
        return None
    filename = ID_KINDS[kind].filename
    added = sorted(set(known) - committed)
    new = f" Nieuw sinds de laatste commit: {', '.join(repr(a) for a in added)}." if added else ""
    return (
        f"'{value}' staat niet meer in data/{filename}: die id is sinds de laatste commit hernoemd of verwijderd.{new} "
        "Pas deze verwijzing aan, of zet de id terug."
    )
