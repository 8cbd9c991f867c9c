"""What a page may ask of the build: the project's own macros with fixed values, and the organisation's fields.

mkdocs-macros renders every page as a Jinja template, and Jinja is a programming language: a page could run
shell commands at build time (`lipsum.__globals__`), print the environment (`macros_info()`) or loop for ever.
Pages are written by editors and are not code, so each page's Jinja is parsed with Jinja's own parser (which
runs nothing) and only a handful of forms are let through; everything else stops `make check` and the build.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from . import remembered
from .schema import close_match, field_reference
from .sources import Problem

# The macros a page may call (registered in macros.py), each with what it gives, for the editors' message.
PAGE_MACROS = (
    "role_link",
    "channel_link",
    "response_times",
    "active_channel_tones",
    "social_media_share",
    "review_overview",
    "printable_pages",
    "print_downloads",
    "guideline_list",
    "phase_model",
    "audience_channel_matrix",
    "audience_overview",
    "channel_overview",
    "channel_choice",
    "raci_table",
    "role_list",
    "media_mix_table",
    "media_mix_chart",
    "reaction_scheme",
    "reaction_actions",
    "reaction_steps",
    "reaction_sheet",
    "on_call",
    "account_register",
    "reference_overview",
    "frequent_questions",
    "data_reference",
    "editors_guide",
    "before_posting_checklist",
    "house_rules",
    "house_rules_text",
    "moderation_log",
    "account_request",
    "change_log",
)

# Filters that only change letters; they take no arguments.
PAGE_FILTERS = ("lower", "upper", "capitalize", "title", "trim")

# Statements and expressions an editor might try, in words an editor reads.
_REFUSED_STATEMENTS = {
    nodes.For: "een lus ({% for %})",
    nodes.If: "een voorwaarde ({% if %})",
    nodes.Assign: "een eigen variabele ({% set %})",
    nodes.AssignBlock: "een eigen variabele ({% set %})",
    nodes.Include: "een ander bestand invoegen ({% include %})",
    nodes.Import: "een ander bestand invoegen ({% import %})",
    nodes.FromImport: "een ander bestand invoegen ({% from … import %})",
    nodes.Extends: "een ander sjabloon ({% extends %})",
    nodes.Block: "een blok ({% block %})",
    nodes.Macro: "een eigen bouwsteen ({% macro %})",
    nodes.CallBlock: "een blok met een bouwsteen ({% call %})",
    nodes.FilterBlock: "een filterblok ({% filter %})",
    nodes.With: "een blok met variabelen ({% with %})",
}

_RAW_ADVICE = "Wil je {{ of {% als gewone tekst tonen? Zet de tekst tussen {% raw %} en {% endraw %}."

# Parsing only: this environment never renders a page.
_parser = jinja2.Environment()


@dataclass(frozen=True)
class PageApi:
    """What pages may use: macro names and the dotted data fields (org.name, org.services.legal, ...)."""

    macros: tuple[str, ...]
    fields: tuple[str, ...]

    def names(self) -> tuple[str, ...]:
        return (*self.macros, *self.fields)

    def summary(self) -> str:
        """The allowlist in one sentence, fields grouped by their parent: org.services.(legal, hr, …)."""
        groups: dict[str, list[str]] = {}
        for path in self.fields:
            parent, _, name = path.rpartition(".")
            groups.setdefault(parent, []).append(name)
        fields = ", ".join(
            ", ".join(f"{parent}.{name}" for name in names) if parent == "org" else f"{parent}.({', '.join(names)})"
            for parent, names in groups.items()
        )
        calls = ", ".join(f"{name}()" for name in self.macros)
        return f"Een pagina mag deze bouwstenen gebruiken: {calls}; en deze gegevens: {fields}."


@functools.cache  # from the organisation schema, which load_schema reads once per process
def page_api() -> PageApi:
    """The page API from the macro list and the organisation schema: one place says what exists.
    Only fields that hold a value: a group such as org.services would print as Python's view of it."""
    _, fields = field_reference("organisation")
    paths = [field.path for field in fields if "<" not in field.path]
    leaves = [path for path in paths if not any(other.startswith(path + ".") for other in paths)]
    return PageApi(PAGE_MACROS, tuple(f"org.{path}" for path in leaves))


def snippet_lines(body: str) -> Iterator[int]:
    """Lines that ask pymdownx.snippets to paste in another file (switched off: it could read any file)."""
    for number, line in enumerate(body.split("\n"), start=1):
        if line.lstrip().startswith(("--8<--", ";--8<--")):
            yield number


def check_page_code(body: str, shown_as: str, line_offset: int, api: PageApi) -> list[Problem]:
    """Every Jinja form in a page's text (after its front matter) that is not on the allowlist."""
    return list(_page_code_problems(body, shown_as, line_offset, api))


@remembered.per_text()
def _page_code_problems(body: str, shown_as: str, line_offset: int, api: PageApi) -> tuple[Problem, ...]:
    problems = [
        Problem(
            shown_as,
            number + line_offset,
            "een ander bestand invoegen met --8<-- kan niet op een pagina. Schrijf de tekst zelf op de pagina, "
            "of vraag een ontwikkelaar om een bouwsteen.",
        )
        for number in snippet_lines(body)
    ]
    try:
        template = _parser.parse(body)
    except RecursionError:
        return (
            *problems,
            Problem(shown_as, None, f"een bouwsteen tussen {{{{ }}}} heeft te veel haakjes in elkaar. {_RAW_ADVICE}"),
        )
    except jinja2.TemplateSyntaxError as error:
        return (
            *problems,
            Problem(
                shown_as,
                (error.lineno or 0) + line_offset or None,
                f"een bouwsteen tussen {{{{ }}}} of {{% %}} is niet goed geschreven ({error.message}). {_RAW_ADVICE}",
            ),
        )
    checker = _Allowlist(api)
    for node in template.body:
        checker.statement(node)
    refused = [
        Problem(shown_as, line + line_offset, f"{what} mag niet op een pagina.{hint} {api.summary()} {_RAW_ADVICE}")
        for line, what, hint in checker.refused
    ]
    return (*problems, *dict.fromkeys(refused))  # the same typo twice on a line is one mistake


class _Allowlist:
    """Walks a parsed page and records every node that is not one of the allowed forms."""

    def __init__(self, api: PageApi):
        self.api = api
        self.refused: list[tuple[int, str, str]] = []

    def refuse(self, node: nodes.Node, what: str, hint: str = "") -> None:
        self.refused.append((node.lineno, what, hint))

    def statement(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.expression(child)
            return
        what = next((label for kind, label in _REFUSED_STATEMENTS.items() if isinstance(node, kind)), None)
        self.refuse(node, what or "deze opdracht tussen {% %}")

    def expression(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Const) and isinstance(node.value, str | int | float | bool | type(None)):
            return
        if isinstance(node, nodes.Call):
            self.call(node)
            return
        if isinstance(node, nodes.Filter) and node.node is not None:
            if node.name not in PAGE_FILTERS or node.args or node.kwargs or node.dyn_args or node.dyn_kwargs:
                self.refuse(node, f"de filter '| {node.name}'", f" Toegelaten filters: {', '.join(PAGE_FILTERS)}.")
            self.expression(node.node)
            return
        path = _dotted(node)
        if path is None:
            self.refuse(node, "deze uitdrukking")
        elif path not in self.api.fields:
            self.refuse(node, f"'{path}'", close_match(path, [*self.api.fields, *self.api.macros]))

    def call(self, node: nodes.Call) -> None:
        name = _dotted(node.node)
        if name not in self.api.macros:
            root = node.find(nodes.Name)
            shown = name or (f"{root.name}…" if root is not None else "deze oproep")
            self.refuse(node, f"de bouwsteen '{shown}'", close_match(name or "", list(self.api.macros)))
            return
        values = [*node.args, *(keyword.value for keyword in node.kwargs)]
        if node.dyn_args or node.dyn_kwargs or not all(_is_literal(value) for value in values):
            self.refuse(
                node,
                f"een bouwsteen '{name}' met iets anders dan vaste waarden",
                " Geef een vaste waarde tussen aanhalingstekens, bijvoorbeeld role_link('woordvoerder').",
            )


@remembered.per_text()
def macro_arguments(body: str) -> tuple[tuple[int, str, object], ...]:
    """(line, macro, first argument) of every call on a page with a fixed first argument; none when the page does
    not parse (check_page_code says why)."""
    try:
        template = _parser.parse(body)
    except (RecursionError, jinja2.TemplateSyntaxError):
        return ()
    return tuple(
        (call.lineno, name, call.args[0].value)
        for call in template.find_all(nodes.Call)
        if (name := _dotted(call.node)) and call.args and _is_literal(call.args[0])
    )


def _is_literal(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, str | int | float | bool | type(None))


def _dotted(node: nodes.Node) -> str | None:
    """'org.services.legal' for a chain of plain attribute lookups on a name; None for anything else."""
    parts: list[str] = []
    while isinstance(node, nodes.Getattr):
        parts.append(node.attr)
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    parts.append(node.name)
    return ".".join(reversed(parts))
