"""Render the data-driven parts of pages with Jinja templates (auto-escaped) from templates/."""

from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import jinja2
from markupsafe import Markup, escape

from . import before_posting, model
from .data_checks import GUIDELINE_FIELDS
from .ids import DATA_FILES, MACRO_ARGUMENT_KINDS
from .macro_errors import UnknownReference, unknown_reference
from .model import role_page
from .reaction_graph import Step, first_places, question_numbers, reaction_steps
from .schema import close_match, field_reference, load_schema

_templates = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)


def first_upper(text: str) -> str:
    """'leidend ambtenaar' -> 'Leidend ambtenaar', for names that start a cell or a list item."""
    return text[:1].upper() + text[1:]


_templates.filters["first_upper"] = first_upper

_FILL_IN = re.compile(r"\[[^\[\]]+\]")


def fill_ins(text: str) -> Markup:
    """A model answer, with each place to fill in ([uur]) marked for the eye."""
    return Markup(_FILL_IN.sub(lambda m: f'<span class="hr-fill">{m.group(0)}</span>', str(escape(text))))


_templates.filters["fill_ins"] = fill_ins

# Where the overviews live, so that other pages can link into them.
OVERVIEW_PAGES = {
    "channels": "overzichten/kanalen.md",
    "audiences": "overzichten/doelgroepen.md",
    "roles": "overzichten/rollen.md",
    "media_mix": "overzichten/mediamix.md",
    "reaction_scheme": "overzichten/reactieschema.md",
    "reaction_steps": "overzichten/reactieschema-stap-voor-stap.md",
    "accounts": "overzichten/accounts.md",
    "guidelines": "richtlijnen/index.md",
    "references": "overzichten/bronnen.md",
    "house_rules": "richtlijnen/reacties-en-huisregels.md",
    "changes": "wat-is-er-veranderd.md",
}

# The Atom feed of data/changes.yml, written at the site's root after the build (macros.py).
CHANGE_FEED = "wijzigingen.atom"

# The page each data fragment belongs to; elsewhere it is left out of the search index.
FRAGMENT_HOMES = {
    "audience_channel_matrix.html": OVERVIEW_PAGES["audiences"],
    "channel_choice.html": OVERVIEW_PAGES["channels"],
    "raci_table.html": OVERVIEW_PAGES["roles"],
    "role_list.html": OVERVIEW_PAGES["roles"],
    "media_mix_table.html": OVERVIEW_PAGES["media_mix"],
    "media_mix_chart.svg": OVERVIEW_PAGES["media_mix"],
    "reaction_scheme.html": OVERVIEW_PAGES["reaction_scheme"],
    "reaction_actions.html": OVERVIEW_PAGES["reaction_scheme"],
    "reaction_steps.html": OVERVIEW_PAGES["reaction_steps"],
    "reaction_sheet.html": OVERVIEW_PAGES["reaction_scheme"],
    "account_register.html": OVERVIEW_PAGES["accounts"],
    "reference_overview.html": OVERVIEW_PAGES["references"],
    "house_rules.html": OVERVIEW_PAGES["house_rules"],
}

LEVELS = ("hoog", "middel", "laag")

# The task in data/roles.yml whose roles make the steps of the account request.
ACCOUNT_TASK = "account-aanmaken"

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def escaped(record) -> SimpleNamespace:
    """A record's text fields escaped for a page, as attributes (org.name, org.services.legal)."""

    def convert(value):
        if isinstance(value, dict):
            return SimpleNamespace(**{key: convert(item) for key, item in value.items()})
        return escape(value) if isinstance(value, str) else value

    return convert(dataclasses.asdict(record))


GUIDE_START, GUIDE_END = "<!-- begin gids -->", "<!-- einde gids -->"


def contributing_guide(path: Path) -> str:
    """The part of CONTRIBUTING.md between its guide markers, as Markdown."""
    text = path.read_text(encoding="utf-8")
    if GUIDE_START not in text or GUIDE_END not in text:
        raise ValueError(f"CONTRIBUTING.md mist de regels '{GUIDE_START}' en '{GUIDE_END}' rond de gids.")
    return text.split(GUIDE_START, 1)[1].split(GUIDE_END, 1)[0].strip("\n")


def dutch_date(date) -> str:
    """26 november 2026."""
    return f"{date.day} {MONTHS[date.month - 1]} {date.year}"


def change_anchor(date) -> str:
    """The anchor of a date on the page Wat is er veranderd: the same for every build."""
    return f"wijzigingen-{date.isoformat()}"


def page_url(src_path: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives a Markdown source file, relative to the site root."""
    stem = src_path[: -len(".md")]
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def url_folder(url: str) -> str:
    """The folder a page's URL resolves relative links against, as a normalised path ('.' for the site root)."""
    return posixpath.normpath((url if url.endswith("/") else posixpath.dirname(url)) or ".")


@dataclass
class PageRenderer:
    """Renders templates for one page, with links made relative to that page; the links a page can ask for."""

    data: model.SiteData
    current_src: str
    use_directory_urls: bool = True
    due_reviews: list = field(default_factory=list)

    def _base(self) -> str:
        return url_folder(page_url(self.current_src, self.use_directory_urls))

    def url(self, src_path: str, anchor: str = "") -> str:
        target = page_url(src_path, self.use_directory_urls)
        relative = posixpath.relpath(target or ".", self._base())
        # A page with a directory URL (or the home page) is linked with its trailing slash.
        if not target or target.endswith("/"):
            relative = "./" if relative == "." else relative + "/"
        return f"{relative}#{anchor}" if anchor else relative

    def file_url(self, path: str) -> str:
        """URL of a file in the built site (not a page), relative to the current page."""
        return posixpath.relpath(path, self._base())

    def render(self, template: str, **context) -> Markup:
        html = self._render(template, **context)
        home = FRAGMENT_HOMES.get(template)
        if home is not None and home != self.current_src:
            # Shown here too, but found by search on its own page only: one hit, and a smaller search index.
            html = f'<div class="hr-fragment" data-search-exclude>\n{html}</div>\n'
        return Markup(html)

    def _render(self, template: str, **context) -> str:
        return _templates.get_template(template).render(
            data=self.data,
            url=self.url,
            file_url=self.file_url,
            overview=OVERVIEW_PAGES,
            dutch_date=dutch_date,
            change_anchor=change_anchor,
            levels=LEVELS,
            role_page=role_page,
            role_pdf=role_pdf,
            record_page=record_page,
            **context,
        )

    def role_link(self, role_id: str) -> Markup:
        """A link to a role, named as in running text."""
        if role_id not in self.data.roles:
            raise unknown_reference(role_id, self.data.roles, MACRO_ARGUMENT_KINDS["role_link"])
        return self.link(OVERVIEW_PAGES["roles"], role_id, self.data.roles[role_id].name)

    def channel_link(self, channel_id: str) -> Markup:
        """A link to a channel's section in the channel overview."""
        if channel_id not in self.data.channels:
            raise unknown_reference(channel_id, self.data.channels, MACRO_ARGUMENT_KINDS["channel_link"])
        return self.link(OVERVIEW_PAGES["channels"], channel_id, self.data.channels[channel_id].name)

    def link(self, src_path: str, anchor: str, text: str) -> Markup:
        return Markup('<a href="{}">{}</a>').format(self.url(src_path, anchor), text)


class OverviewFragments(PageRenderer):
    """The overviews made from the data: phases, audiences, channels, roles, media mix, accounts, sources."""

    def phase_model(self) -> Markup:
        return self.render("phase_model.html")

    def audience_channel_matrix(self) -> Markup:
        return self.render("audience_channel_matrix.html")

    def audience_overview(self) -> Markup:
        return self.render("audience_overview.md")

    def channel_overview(self) -> Markup:
        return self.render("channel_overview.md", audiences_with_level=self.audiences_with_level)

    def audiences_with_level(self, channel_id: str, level: str) -> list[model.Audience]:
        return [
            audience
            for audience in self.data.audiences.values()
            if channel_id in audience.presence and audience.presence[channel_id].level == level
        ]

    def channel_choice(self) -> Markup:
        return self.render("channel_choice.html")

    def raci_table(self) -> Markup:
        return self.render("raci_table.html")

    def role_list(self) -> Markup:
        return self.render("role_list.html", tasks_where=self.tasks_where)

    def tasks_where(self, role_id: str, letter: str) -> list[model.Task]:
        """The tasks in which a role holds one RACI letter."""
        return [task for task in self.data.tasks if letter in task.raci_letters(role_id)]

    def media_mix_table(self) -> Markup:
        return self.render("media_mix_table.html")

    def media_mix_chart(self) -> Markup:
        return self.render("media_mix_chart.svg", chart=media_mix_bars(self.data.media_mix))

    def social_media_share(self) -> Markup:
        """The share of social media in the media mix, as a number ('15')."""
        return Markup("{:g}").format(sum(m.share for m in self.data.media_mix.means if m.social_media))

    def account_register(self) -> Markup:
        return self.render("account_register.html")

    def data_reference(self) -> Markup:
        files = [
            (filename, filename.replace(".yml", "").replace("_", "-"), *field_reference(name))
            for name, filename in DATA_FILES.items()
        ]
        files.append(("Front matter van een pagina", "front-matter", *field_reference("front_matter")))
        return self.render("data_reference.md", files=files, guideline_fields=GUIDELINE_FIELDS)

    def reference_list(self, reference_ids: tuple[str, ...]) -> Markup:
        """The sources a page names, for the Bronnen list at its end."""
        return self.render("reference_list.html", references=[self.data.references[i] for i in reference_ids])

    def reference_overview(self) -> Markup:
        """Every source, with the pages, channels and reaction-scheme actions that rely on it."""
        references = sorted(self.data.references.values(), key=lambda r: r.title.lower())
        return self.render("reference_overview.html", references=references, titles=self.data.page_titles)

    def frequent_questions(self) -> Markup:
        """The frequent questions by topic, with their answers: the same questions the search benchmark asks."""
        return self.render("frequent_questions.md", titles=self.data.page_titles)

    def review_overview(self) -> Markup:
        """What is due for a new review, oldest first."""
        return self.render("review_overview.html", due=self.due_reviews)


class ReactionFragments(PageRenderer):
    """The reaction scheme in its forms (tree, steps, one sheet) and the promises it makes (response times, tone)."""

    def reaction_scheme(self) -> Markup:
        """The whole scheme as a tree; a question reached from more than one place is drawn once."""
        scheme = self.data.reaction_scheme
        return self.render("reaction_scheme.html", numbers=question_numbers(scheme), places=first_places(scheme))

    def reaction_actions(self) -> Markup:
        return self.render("reaction_actions.html", on_call=self.data.reaction_scheme.on_call)

    def on_call(self) -> Markup:
        """Office hours and the on-call arrangement, with the actions it covers."""
        return self.render("on_call.html")

    def reaction_steps(self) -> Markup:
        """The scheme one question at a time: every step of every path has its own address, without scripts."""
        scheme = self.data.reaction_scheme
        questions, ends = reaction_steps(scheme)
        return self.render("reaction_steps.html", steps=questions, ends=ends)

    def reaction_sheet(self) -> Markup:
        """The scheme on one A4 sheet: numbered questions with where yes and no lead, and the actions in short."""
        scheme = self.data.reaction_scheme
        letters = {action_id: chr(ord("A") + i) for i, action_id in enumerate(scheme.actions)}
        return self.render("reaction_sheet.html", numbers=question_numbers(scheme), letters=letters)

    def response_times(self) -> Markup:
        """'op Facebook binnen 1 werkdag, … en op YouTube binnen 2 werkdagen', for the channels we are active on."""
        parts = [
            Markup("op {} {}").format(c.name, c.response_time)
            for c in self.data.channels.values()
            if c.stance == "actief"
        ]
        if len(parts) < 2:
            return Markup("").join(parts)
        return Markup(", ").join(parts[:-1]) + Markup(" en ") + parts[-1]

    def active_channel_tones(self) -> Markup:
        """A Markdown list: each channel we are active on, linked, with the tone we use there."""
        return Markup("\n").join(
            Markup("- {}: {}").format(self.channel_link(c.id), c.tone)
            for c in self.data.channels.values()
            if c.stance == "actief"
        )


class ChangeFragments(PageRenderer):
    """What changed in the rules: the page, the Atom feed and the version on paper."""

    def change_log(self) -> Markup:
        """Every change to a guideline's rules, by date, newest first."""
        groups: dict = {}
        for change in self.data.changes:
            groups.setdefault(change.date, []).append(change)
        return self.render("change_log.md", groups=list(groups.items()), **self._change_context())

    def change_feed(self, site_url: str) -> str:
        """The same list as an Atom feed, with the site's own addresses."""
        seen: dict[tuple, int] = {}
        entry_ids = {}
        for change in reversed(self.data.changes):  # oldest first, so an entry keeps its id as newer ones come
            count = seen[change.date, change.guideline] = seen.get((change.date, change.guideline), 0) + 1
            name = posixpath.basename(change.guideline).removesuffix(".md")
            entry_ids[id(change)] = f"{change_anchor(change.date)}-{name}-{count}"
        base = site_url if site_url.endswith("/") else site_url + "/"
        return self._render(
            "change_feed.atom",
            title=self.data.page_titles.get(OVERVIEW_PAGES["changes"], "Wat is er veranderd"),
            page_address=base + page_url(OVERVIEW_PAGES["changes"], self.use_directory_urls),
            feed_address=base + CHANGE_FEED,
            updated=self.data.changes[0].date.isoformat() if self.data.changes else "1970-01-01",
            entries=[(change, entry_ids[id(change)]) for change in self.data.changes],
            **self._change_context(),
        )

    def _change_context(self) -> dict:
        return {
            "titles": self.data.page_titles,
            "feed": CHANGE_FEED,
        }

    def build_version(self, version) -> Markup:
        """'Versie 6 december 2026 (f7d979a)' for a printable page: a reader with the printout finds what changed since."""
        return self.render("build_version.html", version=version)


class StaffFormFragments(ReactionFragments):
    """The checklists Voor je post and the templates staff ask for (house rules, moderation log, account request)."""

    def before_posting_checklist(self, account: str) -> Markup:
        """The checklist for an official ('officieel') or a personal ('persoonlijk') account: the guidelines'
        questions, each with a box to tick and a link to its rule."""
        if account not in before_posting.ACCOUNTS:
            raise UnknownReference(
                f"'{account}' is geen lijst van Voor je post.{close_match(account, list(before_posting.ACCOUNTS))} "
                f"Kies uit: {', '.join(before_posting.ACCOUNTS)}."
            )
        items = before_posting.for_account(self.data.before_posting, account)
        return self.render("before_posting.html", items=items, titles=self.data.page_titles)

    def house_rules(self) -> Markup:
        """The house rules, numbered, as the guideline on reactions shows them."""
        return self.render("house_rules.html", house_rule_text=self.house_rule_text)

    def house_rules_text(self) -> Markup:
        """The house rules as plain text, ready to paste on a platform profile."""
        return self.render("house_rules_text.html", house_rule_text=self.house_rule_text)

    def house_rule_text(self, rule: model.HouseRule) -> Markup:
        if not rule.response_times:
            return escape(rule.text)
        return Markup("{}: {}.").format(rule.text, self.response_times())

    def moderation_log(self, rows: int = 12) -> Markup:
        """An empty log with a line per moderation decision, and the house rules and actions it refers to."""
        scheme = self.data.reaction_scheme
        letters = {action_id: chr(ord("A") + i) for i, action_id in enumerate(scheme.actions)}
        return self.render(
            "moderation_log.html", rows=rows, letters=letters, house_rules_page=OVERVIEW_PAGES["house_rules"]
        )

    def account_request(self) -> Markup:
        """The request for a new account, as a form: its steps from the task account-aanmaken, its stages from the
        statuses of the account register."""
        tasks = {task.id: task for task in self.data.tasks}
        if ACCOUNT_TASK not in tasks:
            raise unknown_reference(ACCOUNT_TASK, tasks, "tasks")
        statuses = load_schema("accounts")["properties"]["accounts"]["items"]["properties"]["status"]["enum"]
        return self.render("account_request.html", task=tasks[ACCOUNT_TASK], statuses=statuses)


class Renderer(OverviewFragments, ChangeFragments, StaffFormFragments):
    """One function per fragment a page can ask for (page_code.PAGE_MACROS), grouped by theme in the classes above."""

    def guideline_list(self, phase: str | None = None) -> Markup:
        """The guidelines of one phase, or of all phases grouped by phase."""
        if phase is not None and phase not in self.data.phases:
            raise unknown_reference(phase, self.data.phases, MACRO_ARGUMENT_KINDS["guideline_list"])
        phases = [p for p in self.data.phases.values() if phase is None or p.id == phase]
        return self.render("guideline_list.html", phases=phases, grouped=phase is None)

    def guideline_facts(self, guideline: model.Guideline) -> Markup:
        return self.render("guideline_facts.html", guideline=guideline)


# The decision records, made from the data alone (generated_pages.py), as if they were files in docs/.
RECORD_DIR = "verslagen"


def role_pdf(role_id: str) -> str:
    """The PDF handout of a role's page, which `make pdf` makes in pdf/ (scripts/make_pdfs.py)."""
    return f"handreiking-sociale-media-rol-{role_id}.pdf"


def record_page(end: Step) -> str:
    """verslagen/helpen-nnnnj.md: the decision record of one path, named by its action and its answers (n, j)."""
    return f"{RECORD_DIR}/{end.action.id}-{end.id.removeprefix('stap-')}.md"


@dataclass(frozen=True)
class Bar:
    label: str
    share: float
    y: float
    width: float
    highlight: bool


def media_mix_bars(mix: model.MediaMix, bar_height: float = 28, gap: float = 12, max_width: float = 360) -> dict:
    """Geometry of a horizontal bar chart, largest share first."""
    means = sorted(mix.means, key=lambda m: -m.share)
    largest = max(m.share for m in means) or 1
    bars = [
        Bar(m.name, m.share, index * (bar_height + gap), m.share / largest * max_width, m.social_media)
        for index, m in enumerate(means)
    ]
    return {
        "bars": bars,
        "bar_height": bar_height,
        "height": len(bars) * (bar_height + gap) - gap,
        "max_width": max_width,
    }
