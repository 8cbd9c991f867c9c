"""What the handreiking reads from git: when each file last changed (one command per build), and the text of a file
at a commit. Outside git, or without git, every answer is empty: the site still builds."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


def git(project_dir: Path, *args: str, timeout: float = 30) -> str | None:
    """What a git command prints, or None when git is missing, the folder is not a repository or the command fails."""
    try:
        result = subprocess.run(["git", *args], cwd=project_dir, capture_output=True, timeout=timeout)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else None


def committed_text(project_dir: Path, commit: str, path: str, timeout: float = 30) -> str | None:
    """A file's text at a commit, by its path relative to project_dir; None when it was not there."""
    return git(project_dir, "show", f"{commit}:./{path}", timeout=timeout)


def last_changes(project_dir: Path) -> dict[str, datetime.date]:
    """Committed date of the last change per file, by path relative to project_dir; {} outside git."""
    log = git(project_dir, "log", "--format=%x00%cs", "--name-only", "--no-renames", "--relative", "--", ".")
    if log is None:
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
