"""Which version of the handreiking a reader sees: the date and short id of the last commit, read from git once
per build. A report of a mistake names it, so the team knows which text the reader had in front of them."""

from __future__ import annotations

import datetime
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SiteVersion:
    date: datetime.date
    commit: str | None  # None outside git (a copy without .git): then the date is the day of the build

    def __str__(self) -> str:
        return f"{self.date.isoformat()} ({self.commit})" if self.commit else self.date.isoformat()


def site_version(project_dir: Path, today: datetime.date | None = None) -> SiteVersion:
    """The last commit's date and short id; outside git, the build's date without an id."""
    try:
        line = subprocess.run(
            ["git", "log", "-1", "--format=%cs %h"],
            cwd=project_dir,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        date, commit = line.split(" ")
        return SiteVersion(datetime.date.fromisoformat(date), commit)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return SiteVersion(today or datetime.date.today(), None)
