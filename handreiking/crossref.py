"""References between files, declared in the schemas and checked with jsonschema.

A schema in data/schema/ marks what names something elsewhere, next to the shape of the data:
- "x-refers-to": "<kind>" on a value: it is an id of that kind (a key of ids.ID_KINDS, which says where they live);
- "x-keys-refer-to": "<kind>" on a mapping: its keys are ids of that kind;
- "x-docs-page": true on a value: it is the path of a page under docs/ (or of a role's page, made from the data).
A new reference is one of these keywords in a schema. Every message names the file, the line and the wrong value,
and says what was meant: a renamed id (renames.py), a near id, or the ids to choose from.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import jsonschema

from . import model
from .ids import ID_KINDS, MACRO_ARGUMENT_KINDS, Known
from .page_code import macro_arguments
from .problems import Problem
from .renames import renamed_or_removed
from .schema import close_match, load_schema
from .sources import LocatedYaml, read_text, rendered_body

REFERENCE_KEYWORDS = ("x-refers-to", "x-keys-refer-to", "x-docs-page")

# A long list of ids is no help in a message: name the file that holds them instead.
_LONG_LIST = 15


def unknown_id(project_dir: Path, kind: str, value: object, known: dict[str, Any]) -> str:
    """Why an id is not known: renamed or removed since the last commit, or a guess at what was meant."""
    renamed = renamed_or_removed(project_dir, kind, value, known)
    if renamed:
        return renamed
    id_kind = ID_KINDS[kind]
    not_known = f"'{value}' is geen {'bekend' if id_kind.neuter else 'bekende'} {id_kind.noun}."
    if not id_kind.listed and len(known) > _LONG_LIST:
        choices = f"De {len(known)} ids staan in data/{id_kind.filename}."
    else:
        choices = f"Kies uit: {', '.join(known)}."
    return f"{not_known}{close_match(value, list(known))} {choices}"


class References:
    """Checks the declared references of data files and front matter against the ids that were read."""

    def __init__(self, known: dict[str, Known], project_dir: Path, docs_dir: Path):
        self.known = known
        self.project_dir = project_dir
        self.docs_dir = docs_dir
        keywords = {"x-refers-to": self._refers_to, "x-keys-refer-to": self._keys_refer_to, "x-docs-page": self._page}
        self._validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, keywords)

    def problems(self, document: LocatedYaml, schema_name: str) -> list[Problem]:
        """Every reference in one document that names something that does not exist, in the order of its lines."""
        errors = [
            error
            for error in self._validator(load_schema(schema_name)).iter_errors(document.data)
            if error.validator in REFERENCE_KEYWORDS
        ]
        located = [document.problem(tuple(error.absolute_path), error.message) for error in errors]
        return sorted(located, key=lambda problem: problem.line or 0)

    def unknown(self, kind: str, value: object) -> str | None:
        """The message for a value that is not an id of this kind; None when it is one, or cannot be checked."""
        known = self.known[kind]
        if known is None or not isinstance(value, Hashable) or value in known:
            return None
        return unknown_id(self.project_dir, kind, value, known)

    def _refers_to(self, validator, kind: str, instance, schema):
        message = self.unknown(kind, instance)
        if message:
            yield jsonschema.ValidationError(message)

    def _keys_refer_to(self, validator, kind: str, instance, schema):
        for key in instance if isinstance(instance, dict) else ():
            message = self.unknown(kind, key)
            if message:
                yield jsonschema.ValidationError(message, path=[key])

    def _page(self, validator, wanted: bool, instance, schema):
        if wanted and isinstance(instance, str) and not (self.docs_dir / instance).is_file():
            if not self._role_page(instance):
                yield jsonschema.ValidationError(f"de pagina '{instance}' bestaat niet in docs/.")

    def _role_page(self, page: str) -> bool:
        """A role's page has no file in docs/: the build makes it from data/roles.yml (generated_pages.py)."""
        roles = self.known["roles"]
        if roles is None:  # roles.yml could not be read: that mistake is told, not this one
            return page.startswith(f"{model.ROLE_DIR}/")
        return page in {model.role_page(role_id) for role_id in roles}

    def page_arguments(self, docs_dir: Path) -> list[Problem]:
        """role_link('…'), channel_link('…') and guideline_list('…') on a page name ids that exist."""
        problems: list[Problem] = []
        for path in sorted(docs_dir.rglob("*.md")):
            shown_as = f"docs/{path.relative_to(docs_dir).as_posix()}"
            text = read_text(path, shown_as)[0]
            if text is None:
                continue
            body, offset = rendered_body(text)
            for line, macro, value in macro_arguments(body):
                kind = MACRO_ARGUMENT_KINDS.get(macro)
                message = self.unknown(kind, value) if kind and isinstance(value, str) else None
                if message:
                    problems.append(Problem(shown_as, line + offset, message))
        return problems


def declared_references(schema_name: str) -> list[tuple[tuple[str, ...], str, object]]:
    """Where a schema declares a reference: (path of schema keys, keyword, value), for the docs and the tests."""
    found: list[tuple[tuple[str, ...], str, object]] = []

    def walk(node: object, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            found.extend((path, key, node[key]) for key in REFERENCE_KEYWORDS if key in node)
            for key, value in node.items():
                walk(value, (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, (*path, str(index)))

    walk(load_schema(schema_name), ())
    return found
