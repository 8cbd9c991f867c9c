"""Plain typed records for everything in data/ and in the pages' front matter."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Organisation:
    name: str
    short_name: str
    intranet_url: str
    repository_url: str
    edit_path: str
    communication_team: dict[str, str]
    services: dict[str, str]
    review_interval_months: int
    content_licence: dict[str, str]


@dataclass(frozen=True)
class Phase:
    id: str
    number: int
    name: str
    page: str
    summary: str


# Each role has a page of its own, made from the data (generated_pages.py), as if it were this file in docs/.
ROLE_DIR = "rollen"


def role_page(role_id: str) -> str:
    """rollen/woordvoerder.md: the page of one role."""
    return f"{ROLE_DIR}/{role_id}.md"


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    description: str

    @property
    def title(self) -> str:
        """The title of the role's page: its name with a capital ('Leidend ambtenaar')."""
        return self.name[:1].upper() + self.name[1:]


@dataclass(frozen=True)
class Task:
    id: str
    name: str
    responsible: tuple[str, ...]
    accountable: str
    consulted: tuple[str, ...] = ()
    informed: tuple[str, ...] = ()

    def raci_letters(self, role_id: str) -> str:
        """The RACI letters one role holds for this task, in RACI order ('' when none)."""
        letters = [
            ("R", role_id in self.responsible),
            ("A", role_id == self.accountable),
            ("C", role_id in self.consulted),
            ("I", role_id in self.informed),
        ]
        return "".join(letter for letter, holds in letters if holds)


@dataclass(frozen=True)
class Channel:
    id: str
    name: str
    good_for: str
    stance: str
    reason: str
    owner: str
    response_time: str
    tone: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Observation:
    level: str
    source: str
    observed: datetime.date
    line: int = 0  # where it stands in data/audiences.yml, for the review overview


@dataclass(frozen=True)
class Audience:
    id: str
    name: str
    description: str
    presence: dict[str, Observation]


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class MediaMeans:
    id: str
    name: str
    share: float
    role: str
    social_media: bool = False


@dataclass(frozen=True)
class MediaMix:
    year: int
    basis: str
    means: tuple[MediaMeans, ...]


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    if_yes: str
    if_no: str
    help: str = ""


@dataclass(frozen=True)
class Action:
    id: str
    name: str
    what: str
    role: str
    deadline: str
    log: str = ""
    answers: tuple[str, ...] = ()  # model answers; [words in square brackets] are filled in by the webcare colleague
    urgent: bool = False  # cannot wait for the next working day: the on-call colleague acts outside office hours
    inform: tuple[str, ...] = ()  # role ids
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class OnCall:
    role: str
    how: str
    hours: str


@dataclass(frozen=True)
class ReactionScheme:
    """A directed graph without cycles: questions with a yes and a no branch, ending in actions. A question or an
    action may be reached from more than one question (the check for errors, from every branch). The graph's
    workings (where an answer leads, numbering, paths) are in reaction_graph.py."""

    start: str
    questions: dict[str, Question]
    actions: dict[str, Action]
    office_hours: str = ""
    on_call: OnCall | None = None


@dataclass(frozen=True)
class Account:
    channel: str
    handle: str
    owner: str
    status: str
    last_review: datetime.date
    url: str = ""
    note: str = ""
    line: int = 0  # where its review date stands in data/accounts.yml


@dataclass(frozen=True)
class Guideline:
    """A staff guideline page, known from its front matter."""

    src_path: str
    title: str
    phase: str
    channels: tuple[str, ...]
    audiences: tuple[str, ...]
    owner: str
    last_review: datetime.date
    description: str = ""
    line: int = 0  # where its review date stands in the page


@dataclass(frozen=True)
class ChecklistItem:
    """A question to ask yourself before a post, from a guideline's front matter, with the rule it comes from."""

    account: str  # officieel, persoonlijk or beide (both checklists)
    question: str
    guideline: str  # the guideline's path under docs/
    anchor: str  # the heading of the rule on that guideline
    heading: str


@dataclass(frozen=True)
class HouseRule:
    """One house rule from data/house_rules.yml, as the guideline, the paste text and the moderation log show it."""

    id: str
    name: str
    text: str
    response_times: bool = False  # the text is followed by the response time on each channel we are active on


@dataclass(frozen=True)
class Reference:
    """An official source a rule rests on: a law, decree, code or platform rule."""

    id: str
    title: str
    publisher: str
    kind: str
    url: str
    checked: datetime.date
    note: str = ""
    line: int = 0  # where its check date stands in data/references.yml


@dataclass(frozen=True)
class Change:
    """A change to a guideline's rules, as data/changes.yml notes it."""

    date: datetime.date
    guideline: str  # the guideline's page, by its path under docs/
    summary: str
    commit: str = ""


@dataclass(frozen=True)
class FrequentQuestion:
    """A question of data/search_questions.yml as the page Veelgestelde vragen shows it."""

    question: str
    answer: str
    page: str  # the page that answers it best, by path under docs/


@dataclass(frozen=True)
class FaqTopic:
    topic: str
    questions: tuple[FrequentQuestion, ...]


@dataclass(frozen=True)
class SiteData:
    organisation: Organisation
    phases: dict[str, Phase]
    roles: dict[str, Role]
    tasks: tuple[Task, ...]
    channels: dict[str, Channel]
    audiences: dict[str, Audience]
    sources: dict[str, Source]
    media_mix: MediaMix
    reaction_scheme: ReactionScheme
    accounts: tuple[Account, ...]
    guidelines: tuple[Guideline, ...] = field(default=())
    references: dict[str, Reference] = field(default_factory=dict)
    # The sources each page names in its front matter, by page path under docs/.
    page_references: dict[str, tuple[str, ...]] = field(default_factory=dict)
    page_titles: dict[str, str] = field(default_factory=dict)  # of every page, by path under docs/
    frequent_questions: tuple[FaqTopic, ...] = ()
    before_posting: tuple[ChecklistItem, ...] = ()
    house_rules: tuple[HouseRule, ...] = ()
    changes: tuple[Change, ...] = ()  # newest first

    def latest_change(self, guideline: Guideline) -> Change | None:
        return next((c for c in self.changes if c.guideline == guideline.src_path), None)

    def reference_users(self, reference_id: str) -> tuple[list[str], list[Channel], list[Action]]:
        """What relies on a source: pages (paths under docs/), channels and reaction-scheme actions."""
        return (
            [page for page, ids in self.page_references.items() if reference_id in ids],
            [c for c in self.channels.values() if reference_id in c.references],
            [a for a in self.reaction_scheme.actions.values() if reference_id in a.references],
        )

    def guidelines_for(self, phase: str | None = None, channel: str | None = None) -> list[Guideline]:
        """The guidelines of a phase and/or a channel, in the order every list of guidelines shows them."""
        return [
            g
            for g in self.guidelines
            if (phase is None or g.phase == phase) and (channel is None or channel in g.channels)
        ]
