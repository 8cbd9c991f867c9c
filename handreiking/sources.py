"""Read YAML files and Markdown front matter so that every value keeps its line number.

PyYAML silently keeps the last of two equal keys and turns `2026-13-01`-like values into dates
or errors far from the file; editors need the file and line instead, so we build the values ourselves
from PyYAML's event stream.

Data files and front matter are written by editors, so they are untrusted input. Before anything is
built, the events are checked: anchors and aliases (an "alias bomb" of a few kB expands to gigabytes),
tags (`!!python/object/...`), complex keys, a second document and deep nesting are refused, each as a
Dutch problem with its line. Nothing here raises on bad input: every mistake comes back as a Problem.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem

Path_ = tuple[str | int, ...]


class ContentErrors(Exception):
    """All problems found in one build, raised together so editors fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# libyaml's parser where PyYAML has it (ten times faster); the resolvers below are the same for both.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Implicit types an editor never means. Dates stay text, so the schema checks them and reports the line.
# YAML 1.1 also reads yes, no, on and off as booleans, which turned a key `no:` into False. A key `<<` or `=`
# is plain text too: SafeLoader has no constructor for merge and value and stopped with a traceback.
_DROPPED_TYPES = {
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:merge",
    "tag:yaml.org,2002:value",
}

# Deeper than this is always a mistake (our data goes six levels deep); the limit keeps the builder's
# recursion far from Python's.
MAX_DEPTH = 50

# Refused constructions reported per file; an alias bomb has one on every line, the rest is noise.
MAX_REFUSED = 10

_UTF8_ADVICE = "Bewaar het bestand als UTF-8 (in Kladblok: Opslaan als → Codering UTF-8)."
_NUMBER_ADVICE = "Schrijf een gewoon getal, bijvoorbeeld 15."


def _editor_loader(base: type[yaml.SafeLoader]) -> type[yaml.SafeLoader]:
    """`base` with only the implicit types an editor means; only `true` and `false` are booleans."""

    class _EditorLoader(base):
        """SafeLoader without YAML 1.1's surprises for editors."""

    _EditorLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in _DROPPED_TYPES]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    _EditorLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return _EditorLoader


_EditorLoader = _editor_loader(_BaseLoader)

# First characters that may start an implicit type; a plain scalar starting otherwise is text.
_IMPLICIT_FIRST = frozenset(first for first, resolvers in _EditorLoader.yaml_implicit_resolvers.items() if resolvers)
assert None not in _IMPLICIT_FIRST and not _EditorLoader.yaml_path_resolvers, "_scalar's shortcut assumes neither"


@dataclass
class LocatedYaml:
    """Parsed YAML plus the line (1-based) where each value starts, keyed by its path."""

    file: str
    data: Any
    lines: dict[Path_, int]
    line_offset: int = 0

    def line_of(self, path: Path_) -> int:
        """The line of the value at `path`, or of its nearest parent that has one."""
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1) + self.line_offset

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(self.file, self.line_of(path), message)


def read_text(path: Path, shown_as: str) -> tuple[str | None, list[Problem]]:
    """A file's text, read as UTF-8 (with or without BOM) and with newlines as `Path.read_text` gives them.

    Bytes that are not UTF-8 give None and a problem naming the line, the position in it and the byte.
    """
    data = path.read_bytes()
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return _universal_newlines(data.decode("utf-8")), []
    except UnicodeDecodeError as error:
        before = _universal_newlines(data[: error.start].decode("utf-8"))
        line = before.count("\n") + 1
        position = len(before) - before.rfind("\n")
        message = f"het teken op positie {position} (byte 0x{data[error.start]:02X}) is geen UTF-8. {_UTF8_ADVICE}"
        return None, [Problem(shown_as, line, message)]


def _universal_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, file: str, line_offset: int = 0) -> tuple[LocatedYaml | None, list[Problem]]:
    """Parse YAML text; return the located data, or None and the problems that stopped it.

    Never raises on bad input. The events are checked before any value is built, so a refused
    construction (an alias bomb, a Python tag) is never expanded.
    """
    problems = [
        Problem(file, number + line_offset, "bevat een tab. Gebruik spaties om in te springen.")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip())]
    ]
    if problems:
        return None, problems
    try:
        loader = _EditorLoader(text)  # PyYAML's own reader (without libyaml) checks the characters here already
    except yaml.YAMLError as error:
        return None, [_unreadable(error, text, file, line_offset)]
    try:
        events, problems = _checked_events(loader, text, file, line_offset)
        if problems:
            return None, problems
        located = LocatedYaml(file, {}, {}, line_offset)
        next_event = iter(events).__next__
        next_event()  # StreamStartEvent
        if type(next_event()) is yaml.StreamEndEvent:  # else the DocumentStartEvent: an empty file is {}
            return located, []
        try:
            located.data = _build(next_event(), next_event, (), located, problems, loader)
        except yaml.YAMLError as error:  # not expected after the checks, but an editor never sees a traceback
            return None, [_unreadable(error, text, file, line_offset)]
        return (None if problems else located), problems
    finally:
        loader.dispose()


_COLLECTION_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_COLLECTION_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _checked_events(
    loader: yaml.SafeLoader, text: str, file: str, line_offset: int
) -> tuple[list[yaml.Event], list[Problem]]:
    """All events of the text, and a problem for each construction editors may not use or that cannot be read."""
    events: list[yaml.Event] = []
    check = _EventCheck(line_offset)
    unreadable = None
    try:
        while loader.check_event():
            event = loader.get_event()
            events.append(event)
            check.see(event)
    except yaml.YAMLError as error:
        unreadable = _unreadable(error, text, file, line_offset)
    return events, [*check.problems(file), *([unreadable] if unreadable else [])]


class _EventCheck:
    """What an editor may not write, judged event by event. Runs once per event of every file, so the common case
    (a scalar without anchor or tag) is kept short."""

    def __init__(self, line_offset: int) -> None:
        self.line_offset = line_offset
        self.refused: dict[tuple[int, str], None] = {}  # (line, message), in order and without repeats
        # Per open collection: is it a mapping, and how many nodes it holds so far (even: the next one is a key).
        self.is_mapping: list[bool] = []
        self.counts: list[int] = []
        self.documents = 0

    def see(self, event: yaml.Event) -> None:
        kind = type(event)
        counts = self.counts
        if kind is yaml.ScalarEvent:
            if counts:
                counts[-1] += 1
            if event.anchor is not None or event.tag is not None:
                self._anchor_and_tag(event)
        elif kind in _COLLECTION_ENDS:
            self.is_mapping.pop()
            counts.pop()
        elif kind in _COLLECTION_STARTS:
            self._collection_start(event)
        elif kind is yaml.AliasEvent:  # its .anchor is the name it refers to
            if counts:
                counts[-1] += 1
            self._refuse(event, f"de verwijzing '*{_short(event.anchor)}' mag hier niet. Schrijf de waarde voluit.")
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents == 2:
                self._refuse(
                    event,
                    "hier begint een tweede document (na '---' of '...'). "
                    "Een bestand heeft maar één document: haal die regel weg.",
                )

    def _collection_start(self, event: yaml.CollectionStartEvent) -> None:
        counts = self.counts
        if counts:
            if self.is_mapping[-1] and counts[-1] % 2 == 0:
                self._refuse(
                    event,
                    "een veldnaam moet gewone tekst zijn, geen lijst of groep. Schrijf bijvoorbeeld 'naam: waarde'.",
                )
            counts[-1] += 1
        self._anchor_and_tag(event)
        self.is_mapping.append(type(event) is yaml.MappingStartEvent)
        counts.append(0)
        if len(counts) == MAX_DEPTH + 1:
            self._refuse(
                event,
                f"de gegevens gaan hier meer dan {MAX_DEPTH} niveaus diep. Kijk de haakjes en de inspringing na.",
            )

    def _refuse(self, event: yaml.Event, message: str) -> None:
        self.refused.setdefault((event.start_mark.line + 1 + self.line_offset, message))

    def _anchor_and_tag(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self._refuse(
                event, f"het anker '&{_short(event.anchor)}' mag hier niet. Haal het weg en schrijf de waarde voluit."
            )
        # Both parsers leave .tag None unless the text has a tag: `!!str`, `!foo`, even a lone `!`.
        if event.tag is not None:
            self._refuse(
                event, f"het label '{_shown_tag(event.tag)}' mag hier niet. Haal het weg en schrijf alleen de waarde."
            )

    def problems(self, file: str) -> list[Problem]:
        """At most MAX_REFUSED, then one line that counts the rest."""
        refused = list(self.refused)
        problems = [Problem(file, line, message) for line, message in refused[:MAX_REFUSED]]
        if len(refused) > MAX_REFUSED:
            problems.append(
                Problem(
                    file,
                    refused[MAX_REFUSED][0],
                    f"en nog {len(refused) - MAX_REFUSED} van zulke fouten verderop in dit bestand. "
                    "Pas eerst de fouten hierboven aan.",
                )
            )
        return problems


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown_tag(tag: str) -> str:
    """A tag as the editor wrote it: `!!str` rather than PyYAML's `tag:yaml.org,2002:str`."""
    if tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag.removeprefix("tag:yaml.org,2002:")
    return _short(tag)


def _unreadable(error: yaml.YAMLError, text: str, file: str, line_offset: int) -> Problem:
    """The problem for YAML that cannot be read at all, at the line PyYAML points to."""
    if isinstance(error, yaml.reader.ReaderError):
        # libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters.
        before = text[: error.position] if error.encoding == "unicode" else text.encode("utf-8")[: error.position]
        line = before.count("\n" if isinstance(before, str) else b"\n") + 1 + line_offset
        character = error.character if isinstance(error.character, int) else ord(error.character)
        return Problem(
            file,
            line,
            f"bevat een onzichtbaar teken (U+{character:04X}) dat niet mag. "
            "Haal het weg, bijvoorbeeld door de tekst op deze regel opnieuw te typen.",
        )
    line = None
    reason = "de YAML klopt niet"
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        reason = error.problem or reason
    return Problem(
        file,
        line,
        f"kan niet gelezen worden ({reason}). Kijk na of inspringing, dubbele punten en aanhalingstekens kloppen.",
    )


def _build(
    event: yaml.Event,
    next_event: Callable[[], yaml.Event],
    path: Path_,
    located: LocatedYaml,
    problems: list[Problem],
    loader: yaml.SafeLoader,
) -> Any:
    """The value that starts with `event`, taking the rest of its events from `next_event`.

    Only runs on checked events: no aliases, no tags, only scalar keys, not too deep.
    """
    located.lines[path] = event.start_mark.line + 1
    kind = type(event)
    if kind is yaml.ScalarEvent:
        return _scalar(event, located, problems, loader)
    if kind is yaml.SequenceStartEvent:
        result: list[Any] = []
        while type(item := next_event()) is not yaml.SequenceEndEvent:
            result.append(_build(item, next_event, path + (len(result),), located, problems, loader))
        return result
    mapping: dict[Any, Any] = {}
    while type(key_event := next_event()) is not yaml.MappingEndEvent:
        key = _scalar(key_event, located, problems, loader)
        value_event = next_event()
        if key in mapping:
            problems.append(
                Problem(
                    located.file,
                    key_event.start_mark.line + 1 + located.line_offset,
                    f"het veld '{key}' staat twee keer op dezelfde plaats (eerst op regel "
                    f"{located.lines[path + (key,)] + located.line_offset}). Hou er één over.",
                )
            )
            _skip(value_event, next_event)
            continue
        mapping[key] = _build(value_event, next_event, path + (key,), located, problems, loader)
        # Point at the key rather than the value: that is the line an editor looks for.
        located.lines[path + (key,)] = key_event.start_mark.line + 1
    return mapping


def _scalar(event: yaml.ScalarEvent, located: LocatedYaml, problems: list[Problem], loader: yaml.SafeLoader) -> Any:
    """A scalar's value, typed the way the loader resolves it; NaN, infinity and endless digits are refused."""
    value = event.value
    # Most scalars are text: quoted, or plain with a first character no implicit type starts with. That is what
    # loader.resolve() decides too (the loader has no wildcard or path resolvers), only quicker.
    if not event.implicit[0] or (value and value[0] not in _IMPLICIT_FIRST):
        return value
    tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
    line = event.start_mark.line + 1 + located.line_offset
    try:
        result = loader.construct_object(node)
    except ValueError:  # Python refuses to read an integer of more than 4300 digits
        problems.append(
            Problem(located.file, line, f"'{_short(value, 20)}' is te lang voor een getal. {_NUMBER_ADVICE}")
        )
        return None
    if type(result) is float and not math.isfinite(result):
        problems.append(Problem(located.file, line, f"'{_short(value)}' is geen getal. {_NUMBER_ADVICE}"))
    return result


def _skip(event: yaml.Event, next_event: Callable[[], yaml.Event]) -> None:
    """Pass over the events of the value that starts with `event`."""
    depth = 1 if type(event) in _COLLECTION_STARTS else 0
    while depth:
        kind = type(next_event())
        if kind in _COLLECTION_STARTS:
            depth += 1
        elif kind in _COLLECTION_ENDS:
            depth -= 1


def read_yaml_file(path: Path, shown_as: str) -> tuple[LocatedYaml | None, list[Problem]]:
    text, problems = read_text(path, shown_as)
    if text is None:
        return None, problems
    return parse_yaml(text, shown_as)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None, body) the way MkDocs splits a page."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None, text


def unclosed_front_matter(text: str, shown_as: str) -> Problem | None:
    """A page that opens its front matter with '---' but never closes it: one problem, instead of a missing-field
    problem for every field that is plainly there. MkDocs would show the fields as text on the page."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---" or split_front_matter(text)[0] is not None:
        return None
    last = 1  # the last line of the block of fields: up to the first empty line
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            break
        last = number
    return Problem(
        shown_as,
        1,
        "de front matter begint met een regel ---, maar de regel --- die ze afsluit ontbreekt. "
        f"Zet een regel met alleen --- onder regel {last}, na het laatste veld.",
    )


def rendered_body(text: str) -> tuple[str, int]:
    """The part of a page mkdocs-macros renders, and how many lines come before it. MkDocs' own reader decides
    (the same function the build uses), so that what is checked is exactly what is rendered: it takes off the
    front matter and the blank lines after it, and also lines of `key: value` at the top (meta without ---)."""
    body = get_page_meta(text)[0]
    return body, text.count("\n") - body.count("\n")


def get_page_meta(text: str) -> tuple[str, dict]:
    """(body, meta) exactly as MkDocs reads a page."""
    from mkdocs.utils.meta import get_data

    return get_data(text)


def meta_without_front_matter(text: str, shown_as: str) -> Problem | None:
    """A page whose first lines MkDocs reads as meta without --- around them (MultiMarkdown style): that meta would
    pass no schema, so it is refused. An editor usually meant a sentence such as 'Tip: …' at the top."""
    if split_front_matter(text)[0] is not None or not get_page_meta(text)[1]:
        return None
    first = text.split("\n", 1)[0].strip()
    return Problem(
        shown_as,
        1,
        f"de eerste regel ('{_short(first)}') lijkt op een veld van de front matter, maar de regels --- eromheen "
        "ontbreken. Is het een veld (title, description …)? Zet dan een regel met alleen --- erboven en eronder. "
        "Is het gewone tekst? Zet er dan een titel (# …) of een lege regel boven.",
    )


def read_front_matter(path: Path, shown_as: str) -> tuple[LocatedYaml | None, list[Problem]]:
    """The page's front matter with line numbers counted from the top of the page."""
    text, problems = read_text(path, shown_as)
    if text is None:
        return None, problems
    front_matter, _ = split_front_matter(text)
    unclosed = unclosed_front_matter(text, shown_as)
    if unclosed is not None:
        return None, [unclosed]
    if front_matter is None:
        return LocatedYaml(shown_as, {}, {}), []
    return parse_yaml(front_matter, shown_as, line_offset=1)
