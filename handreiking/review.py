"""Which guidelines, accounts and observations are due for a new review."""

from __future__ import annotations

import calendar
import datetime
import logging
import sys
from dataclasses import dataclass

from . import model


@dataclass(frozen=True)
class DueReview:
    what: str
    file: str
    line: int
    last_review: datetime.date
    due: datetime.date

    def __str__(self) -> str:
        return f"{self.file}, regel {self.line}: {self.what} is sinds {self.due.isoformat()} aan een nieuwe controle toe (laatst nagekeken op {self.last_review.isoformat()})."


def add_months(date: datetime.date, months: int) -> datetime.date:
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    return date.replace(year=year, month=month, day=min(date.day, calendar.monthrange(year, month)[1]))


def due_reviews(data: model.SiteData, today: datetime.date) -> list[DueReview]:
    """Everything whose last review is longer ago than the organisation's review interval, oldest first."""
    months = data.organisation.review_interval_months
    candidates = [(f"de richtlijn '{g.title}'", f"docs/{g.src_path}", g.line, g.last_review) for g in data.guidelines]
    candidates += [
        (f"het account {a.handle} op {data.channels[a.channel].name}", "data/accounts.yml", a.line, a.last_review)
        for a in data.accounts
    ]
    candidates += [
        (
            f"de observatie van {audience.name} op {data.channels[channel_id].name}",
            "data/audiences.yml",
            o.line,
            o.observed,
        )
        for audience in data.audiences.values()
        for channel_id, o in audience.presence.items()
    ]
    candidates += [
        (_reference_what(data, r), "data/references.yml", r.line, r.checked) for r in data.references.values()
    ]
    due = [
        DueReview(what, file, line, last, add_months(last, months))
        for what, file, line, last in candidates
        if add_months(last, months) < today
    ]
    return sorted(due, key=lambda d: (d.due, d.file, d.line))


def _reference_what(data: model.SiteData, reference: model.Reference) -> str:
    """'de bron X (gebruikt in: page, page)': who must look again when a source is old."""
    pages, channels, actions = data.reference_users(reference.id)
    users = [data.page_titles.get(p, p) for p in pages] + [f"kanaal {c.name}" for c in channels]
    users += [f"reactieschema: {a.name}" for a in actions]
    return f"de bron '{reference.title}'" + (f" (gebruikt in: {', '.join(users)})" if users else "")


# Outside the 'mkdocs' logger on purpose: strict mode counts MkDocs warnings, and a due review must not stop a build.
_notices = logging.getLogger("handreiking.review")
if not _notices.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(logging.Formatter("LET OP  -  %(message)s"))
    _notices.addHandler(_handler)
    _notices.propagate = False
    _notices.setLevel(logging.INFO)


def report(due: list[DueReview]) -> None:
    for item in due:
        _notices.warning(str(item))
