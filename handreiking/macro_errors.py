"""Turn mkdocs-macros' rendering errors into messages an editor understands: page, line, cause, in Dutch.

mkdocs-macros logs a failing page as a warning with a Python traceback, and shows the same text on the
page. We keep its behaviour (a warning per broken page, so strict mode lists them all and then fails)
but rewrite the text.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import re
from pathlib import Path

from . import model
from .crossref import unknown_id
from .problems import Problem, attach
from .schema import close_match
from .sources import rendered_body

PROJECT_DIR = Path(__file__).resolve().parent.parent


class UnknownReference(ValueError):
    """A page asked a macro for an id the data does not have; the message is for the editor."""


def unknown_reference(value: str, known, kind: str) -> UnknownReference:
    """A page asked for an id of this kind (ids.ID_KINDS) that is not there; the same message as the check's."""
    return UnknownReference(unknown_id(PROJECT_DIR, kind, value, known))


_RECORDS = {cls.__name__: cls for cls in vars(model).values() if dataclasses.is_dataclass(cls)}


def explain(cause_type: str, cause: str, known_names: list[str]) -> str:
    """A Dutch explanation of a Jinja or macro error."""
    if cause_type == "UnknownReference":
        return cause
    undefined = re.fullmatch(r"'([^']+)' is undefined", cause)
    if undefined:
        name = undefined.group(1)
        return f"'{name}' bestaat niet.{close_match(name, known_names)}"
    attribute = re.fullmatch(r"'(?:[\w.]+\.)?(\w+) object' has no attribute '([^']+)'", cause)
    if attribute:
        record, name = attribute.groups()
        fields = [f.name for f in dataclasses.fields(_RECORDS[record])] if record in _RECORDS else []
        hint = close_match(name, fields) or (f" Kies uit: {', '.join(fields)}." if fields else "")
        return f"'{name}' bestaat niet.{hint}"
    if cause_type == "TemplateSyntaxError":
        return f"een bouwsteen tussen {{{{ }}}} of {{% %}} is niet goed geschreven ({cause})."
    return f"een bouwsteen kon niet gemaakt worden ({cause_type}: {cause})."


# mkdocs-macros writes the error's type as _Type_: cause. The type starts a word (nothing of a word before its
# "_"), so that a long run of "_" is tried once, not from each of its characters to its end.
_ERROR_TYPE = re.compile(r"(?<!\w)_(?!File_)(\w+)_: (.*)")


def _bold_after(message: str, heading: str) -> str | None:
    """The first **bold** text after the heading, as mkdocs-macros writes a syntax error's cause.

    Looked for with str.find: the page's own text follows the heading, and a lazy pattern from the heading to
    the bold text read that text again for every time the heading was repeated in it.
    """
    start = message.find(heading)
    opening = message.find("**", start + len(heading)) if start != -1 else -1
    # At least one character in bold; when this opening has no partner, no later one has.
    closing = message.find("**", opening + 3) if opening != -1 else -1
    return message[opening + 2 : closing] if closing != -1 else None


def parse(message: str, docs_dir: Path, known_names: list[str]) -> Problem | None:
    """Read mkdocs-macros' error text; None when the message is not a rendering error."""
    page = re.search(r"_File_: `([^`]+)`", message)
    if not page:
        return None
    line_match = re.search(r'File "<template>", line (\d+)', message) or re.search(
        r"_Line (\d+) in Markdown file", message
    )
    syntax = _bold_after(message, "_Macro Syntax Error_")
    if syntax is not None:
        cause_type, cause = "TemplateSyntaxError", syntax
    else:
        found = _ERROR_TYPE.search(message)
        cause_type, cause = (found.group(1), found.group(2).strip()) if found else ("Error", "onbekende fout")
    line = None
    if line_match:
        line = int(line_match.group(1)) + body_offset(docs_dir / page.group(1))
    return Problem(f"docs/{page.group(1)}", line, explain(cause_type, cause, known_names))


def body_offset(path: Path) -> int:
    """How many lines of front matter come before the text that mkdocs-macros numbers from 1."""
    try:
        return rendered_body(path.read_text(encoding="utf-8"))[1]
    except (OSError, UnicodeDecodeError):
        return 0


class EditorFriendlyErrors(logging.Filter):
    """Rewrites mkdocs-macros' warning for a broken page; other records pass unchanged. One filter serves one build
    (mkdocs_adapter.BuildState installs it on mkdocs-macros' logger and removes it again)."""

    LOGGER = "mkdocs.plugins.mkdocs_macros.util"

    def __init__(self, docs_dir: Path, known_names: list[str]):
        super().__init__()
        self.docs_dir = docs_dir
        self.known_names = known_names

    def filter(self, record: logging.LogRecord) -> bool:
        error = parse(record.getMessage(), self.docs_dir, self.known_names)
        if error is not None:
            attach(record, error)
        return True


# The title of what a broken page shows instead of itself; printable.py looks for it too.
BROKEN_PAGE = "Deze pagina kon niet gemaakt worden"


def page_notice(markdown: str, docs_dir: Path, known_names: list[str]) -> str | None:
    """What a broken page shows in `mkdocs serve` instead of a traceback; None for a page that rendered."""
    if not markdown.lstrip().startswith(("# _Macro Rendering Error_", "# _Macro Syntax Error_")):
        return None
    error = parse(markdown, docs_dir, known_names)
    return f'!!! failure "{BROKEN_PAGE}"\n    {error}\n'


def content_error_page(problems: list[str]) -> str:
    """What every page of the preview shows while the content has mistakes (make serve)."""
    listed = "\n".join(f"    - {html.escape(problem)}" for problem in problems)
    return (
        "# De inhoud heeft fouten\n\n"
        "De site kan deze pagina pas tonen als de fouten hieronder opgelost zijn. Pas het bestand aan en bewaar het. "
        "Deze pagina laadt dan vanzelf opnieuw.\n\n"
        f'!!! failure "{len(problems)} fout(en)"\n{listed}\n'
    )
