"""The JSON Schemas in data/schema/: validation with Dutch messages, and the field reference for editors."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from .sources import LocatedYaml, Problem

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def close_match(value: object, allowed: list[str]) -> str:
    """' Bedoelde je ...?' for the allowed value nearest to a wrong one, or ''."""
    matches = difflib.get_close_matches(str(value), [str(a) for a in allowed], n=1, cutoff=0.6)
    return f" Bedoelde je '{matches[0]}'?" if matches else ""


_TYPE_NAMES = {
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "array": "een lijst",
    "object": "een groep velden",
}


def _dutch_message(error: jsonschema.ValidationError) -> str:
    value = error.instance
    field = error.path[-1] if error.path and isinstance(error.path[-1], str) else None
    where = f"het veld '{field}'" if field else "deze waarde"
    match error.validator:
        case "required":
            missing = error.message.split("'")[1]
            return f"het verplichte veld '{missing}' ontbreekt."
        case "additionalProperties":
            allowed = list(error.schema.get("properties", {}))
            unknown = sorted(set(value) - set(allowed))
            return (
                f"het veld '{unknown[0]}' bestaat hier niet.{close_match(unknown[0], allowed)} "
                f"Toegelaten velden: {', '.join(allowed)}."
            )
        case "enum":
            allowed = error.validator_value
            return (
                f"'{value}' is geen geldige waarde voor {where}.{close_match(value, allowed)} "
                f"Kies uit: {', '.join(repr(a) for a in allowed)}."
            )
        case "type":
            wanted = error.validator_value
            wanted_name = (
                _TYPE_NAMES.get(wanted, wanted)
                if isinstance(wanted, str)
                else " of ".join(_TYPE_NAMES.get(w, w) for w in wanted)
            )
            return f"{where} moet {wanted_name} zijn, maar is '{value}'."
        case "format" if error.validator_value == "date":
            return f"'{value}' is geen bestaande datum. Schrijf een datum als JJJJ-MM-DD, bijvoorbeeld 2026-03-31."
        case "pattern":
            return f"'{value}' heeft niet de juiste vorm voor {where}. {error.schema.get('description', '')}".rstrip()
        case "minimum" | "maximum":
            return f"{where} is {value}, maar moet tussen {error.schema.get('minimum', '…')} en {error.schema.get('maximum', '…')} liggen."
        case "minItems":
            return f"{where} mag niet leeg zijn."
        case "minLength":
            return f"{where} mag niet leeg zijn."
        case "maxItems" if error.validator_value == 0:
            return f"{where} moet hier leeg zijn. {error.schema.get('description', '')}".rstrip()
        case "maxItems":
            return f"{where} mag hoogstens {error.validator_value} waarden hebben."
        case "uniqueItems":
            return f"{where} bevat een waarde twee keer."
    return f"{where} klopt niet: {error.message}"


def validate(document: LocatedYaml, schema_name: str) -> list[Problem]:
    """All schema problems in one data file, with their lines."""
    validator = jsonschema.Draft202012Validator(load_schema(schema_name), format_checker=jsonschema.FormatChecker())
    problems = []
    for error in sorted(validator.iter_errors(document.data), key=lambda e: document.line_of(tuple(e.absolute_path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            path = path + (unknown[0],)
        problems.append(document.problem(path, _dutch_message(error)))
    return problems


# --- Field reference for editors ---------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    path: str
    kind: str
    required: bool
    description: str


def _resolved(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """A schema with its local $ref filled in; its own keys (a description, a minItems) win."""
    if "$ref" not in schema:
        return schema
    return {**root["$defs"][schema["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in schema.items() if k != "$ref"}}


def _kind(schema: dict[str, Any], root: dict[str, Any]) -> str:
    schema = _resolved(schema, root)
    if "enum" in schema:
        return "een van: " + ", ".join(f"'{v}'" for v in schema["enum"])
    if schema.get("format") == "date":
        return "datum (JJJJ-MM-DD)"
    kind = schema.get("type", "object" if "properties" in schema else "")
    if kind == "array" or "items" in schema:
        return "lijst"
    # x-markdown: the page shows the text as Markdown (a link, bold); its HTML passes the built-site check.
    return _TYPE_NAMES.get(kind, kind) + (" (Markdown mag)" if schema.get("x-markdown") else "")


def field_reference(schema_name: str) -> tuple[dict[str, Any], list[FieldDoc]]:
    """The schema's title and description, and every field in it, depth first."""
    root = load_schema(schema_name)
    fields: list[FieldDoc] = []

    def walk(schema: dict[str, Any], prefix: str) -> None:
        schema = _resolved(schema, root)
        required = set(schema.get("required", []))
        for name, sub in schema.get("properties", {}).items():
            path = f"{prefix}{name}"
            fields.append(FieldDoc(path, _kind(sub, root), name in required, sub.get("description", "")))
            if sub.get("type") == "array" and "items" in sub:
                walk(sub["items"], f"{path}[].")
            elif "properties" in sub:
                walk(sub, f"{path}.")
            elif isinstance(sub.get("additionalProperties"), dict):
                walk(sub["additionalProperties"], f"{path}.<{sub.get('x-key-label', 'sleutel')}>.")

    walk(root, "")
    return root, fields
