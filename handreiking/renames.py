"""Ids that were in the data at the last commit and are gone now. An editor who renames an id (medewerkers to
personeel) and forgets a reference to it gets told that, instead of a guess at a near name that happens to look
alike ("Bedoelde je 'kandidaat-medewerkers'?")."""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from .sources import parse_yaml

# The kinds of ids a reference names, and where they live.
ID_LISTS = {
    "rol": ("roles.yml", "roles"),
    "kanaal": ("channels.yml", "channels"),
    "doelgroep": ("audiences.yml", "audiences"),
    "fase": ("phases.yml", "phases"),
    "bron": ("references.yml", "references"),
}


@cache
def committed_ids(project_dir: Path, what: str) -> frozenset[str] | None:
    """The ids of this kind at the last commit, or None outside git (or when the file was not committed)."""
    if what not in ID_LISTS:
        return None
    filename, list_key = ID_LISTS[what]
    try:
        text = subprocess.run(
            ["git", "show", f"HEAD:./data/{filename}"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    document, problems = parse_yaml(text, f"data/{filename}")  # the same careful reading as the data itself
    items = document.data.get(list_key) if document is not None and isinstance(document.data, dict) else None
    if problems or not isinstance(items, list):
        return None
    return frozenset(str(item["id"]) for item in items if isinstance(item, dict) and "id" in item)


def renamed_or_removed(project_dir: Path, what: str, value: str, known) -> str | None:
    """A Dutch explanation when `value` was an id at the last commit and is not one now, or None."""
    committed = committed_ids(project_dir, what)
    if committed is None or value not in committed or value in known:
        return None
    filename = ID_LISTS[what][0]
    added = sorted(set(known) - committed)
    new = f" Nieuw sinds de laatste commit: {', '.join(repr(a) for a in added)}." if added else ""
    return (
        f"'{value}' staat niet meer in data/{filename}: die id is sinds de laatste commit hernoemd of verwijderd.{new} "
        "Pas deze verwijzing aan, of zet de id terug."
    )
