"""Which version of the handreiking a reader sees: the date and short id of the last commit, read from git once
per build. A report of a mistake names it, so the team knows which text the reader had in front of them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .gitdates import git


@dataclass(frozen=True)
class SiteVersion:
    date: datetime.date
    commit: str | None  # None outside git (a copy without .git): then the date is the day of the build

    def __str__(self) -> str:
        return f"{self.date.isoformat()} ({self.commit})" if self.commit else self.date.isoformat()


def site_version(project_dir: Path, today: datetime.date | None = None) -> SiteVersion:
    """The last commit's date and short id; outside git, the build's date without an id."""
    line = git(project_dir, "log", "-1", "--format=%cs %h")
    try:
        date, commit = (line or "").strip().split(" ")
        return SiteVersion(datetime.date.fromisoformat(date), commit)
    except ValueError:
        return SiteVersion(today or datetime.date.today(), None)
