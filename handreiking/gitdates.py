"""When each file last changed, from git, read with one command per build."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def last_changes(project_dir: Path) -> dict[str, datetime.date]:
    """Committed date of the last change per file, by path relative to project_dir; {} outside git."""
    try:
        log = subprocess.run(
            ["git", "log", "--format=%x00%cs", "--name-only", "--no-renames", "--relative", "--", "."],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    dates: dict[str, datetime.date] = {}
    for entry in log.split("\x00")[1:]:
        lines = entry.strip().splitlines()
        if not lines:
            continue
        date = datetime.date.fromisoformat(lines[0])
        for name in lines[1:]:
            dates.setdefault(name, date)  # git log lists the newest commit first
    return dates
