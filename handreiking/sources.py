"""Read YAML files and Markdown front matter so that every value keeps its line number.

PyYAML silently keeps the last of two equal keys and turns `2026-13-01`-like values into dates
or errors far from the file; editors need the file and line instead, so we walk the node tree ourselves.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One mistake in the content, told in Dutch for an editor."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, regel {self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentErrors(Exception):
    """All problems found in one build, raised together so editors fix them in one go."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


# libyaml's parser where PyYAML has it (ten times faster); the resolvers below are the same for both.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _EditorLoader(_BaseLoader):
    """SafeLoader without YAML 1.1's surprises for editors.

    Dates stay text, so the schema checks them and reports the line. Only `true` and `false` are
    booleans: YAML 1.1 also reads yes, no, on and off as booleans, which turned a key `no:` into False.
    """


_EditorLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:bool")
    ]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
_EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


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


def parse_yaml(text: str, file: str, line_offset: int = 0) -> tuple[LocatedYaml | None, list[Problem]]:
    """Parse YAML text; return the located data, or None and the problems that stopped it."""
    problems = [
        Problem(file, number + line_offset, "bevat een tab. Gebruik spaties om in te springen.")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line[: len(line) - len(line.lstrip())]
    ]
    if problems:
        return None, problems
    loader = _EditorLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        reason = error.problem or "de YAML klopt niet"
        return None, [
            Problem(
                file,
                line,
                f"kan niet gelezen worden ({reason}). Kijk na of inspringing, dubbele punten en aanhalingstekens kloppen.",
            )
        ]
    finally:
        loader.dispose()
    located = LocatedYaml(file, None, {}, line_offset)
    if root is None:
        located.data = {}
        return located, []
    located.data = _build(root, (), located, problems, loader)
    return (None if problems else located), problems


def _build(node: yaml.Node, path: Path_, located: LocatedYaml, problems: list[Problem], loader: yaml.SafeLoader) -> Any:
    located.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            if key in result:
                problems.append(
                    Problem(
                        located.file,
                        key_node.start_mark.line + 1 + located.line_offset,
                        f"het veld '{key}' staat twee keer op dezelfde plaats (eerst op regel "
                        f"{located.lines[path + (key,)] + located.line_offset}). Hou er één over.",
                    )
                )
                continue
            result[key] = _build(value_node, path + (key,), located, problems, loader)
            # Point at the key rather than the value: that is the line an editor looks for.
            located.lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (index,), located, problems, loader) for index, item in enumerate(node.value)]
    return loader.construct_object(node)


def read_yaml_file(path: Path, shown_as: str) -> tuple[LocatedYaml | None, list[Problem]]:
    return parse_yaml(path.read_text(encoding="utf-8"), shown_as)


def split_front_matter(text: str) -> tuple[str | None, str]:
    """Return (front matter YAML or None, body) the way MkDocs splits a page."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    return None, text


def read_front_matter(path: Path, shown_as: str) -> tuple[LocatedYaml | None, list[Problem]]:
    """The page's front matter with line numbers counted from the top of the page."""
    front_matter, _ = split_front_matter(path.read_text(encoding="utf-8"))
    if front_matter is None:
        return LocatedYaml(shown_as, {}, {}), []
    return parse_yaml(front_matter, shown_as, line_offset=1)
