"""References between files are declared in the schemas (x-refers-to, x-keys-refer-to, x-docs-page), and every one
of them stops the build with a Dutch message that names the file, the line and the wrong value.

The places to break are read from the schemas themselves, so a reference added to a schema is tested without a
new test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import content_problems
from sitetools import ROOT, copy_project

from handreiking.crossref import REFERENCE_KEYWORDS, declared_references
from handreiking.ids import DATA_FILES, ID_KINDS
from handreiking.schema import load_schema
from handreiking.sources import parse_yaml, read_front_matter

WRONG_ID = "bestaat-niet"
WRONG_PAGE = "bestaat-niet.md"
# A guideline whose front matter names every kind of id a page can name.
GUIDELINE = "docs/richtlijnen/accountbeveiliging.md"


def reference_sites(schema_name: str) -> list[tuple[tuple[str, ...], tuple[str, ...], str, object]]:
    """Every declared reference as (where its declaration stands in the schema, the data path it applies to with
    '*' for any item or key, keyword, value), following a $ref into $defs."""
    root = load_schema(schema_name)
    sites = []

    def walk(schema: dict, schema_path: tuple[str, ...], data_path: tuple[str, ...]) -> None:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[1]
            walk(root["$defs"][name], ("$defs", name), data_path)
        sites.extend((schema_path, data_path, key, schema[key]) for key in REFERENCE_KEYWORDS if key in schema)
        for name, sub in schema.get("properties", {}).items():
            walk(sub, (*schema_path, "properties", name), (*data_path, name))
        if isinstance(schema.get("items"), dict):
            walk(schema["items"], (*schema_path, "items"), (*data_path, "*"))
        if isinstance(schema.get("additionalProperties"), dict):
            walk(schema["additionalProperties"], (*schema_path, "additionalProperties"), (*data_path, "*"))

    walk(root, (), ())
    return sites


def break_reference(data: dict, data_path: tuple[str, ...], keyword: str) -> tuple:
    """Make the first place the data path reaches name what does not exist; the path of the wrong value."""
    node, path = data, []
    for step in data_path[:-1]:
        if step == "*":
            step = 0 if isinstance(node, list) else next(iter(node))
        elif step not in node:
            node[step] = []  # an optional list the data leaves out: the wrong id is its only item
        node = node[step]
        path.append(step)
    last = data_path[-1]
    wrong = WRONG_PAGE if keyword == "x-docs-page" else WRONG_ID
    if keyword == "x-keys-refer-to":
        node = node[last] if last != "*" else node[next(iter(node))]
        first = next(iter(node))
        node[wrong] = node.pop(first)
        return (*path, *([last] if last != "*" else []), wrong)
    if last == "*":
        if node:
            node[0] = wrong
        else:
            node.append(wrong)
        return (*path, 0)
    node[last] = wrong
    return (*path, last)


def _message_start(keyword: str, value: str) -> str:
    return f"de pagina '{value}' bestaat niet in docs/." if keyword == "x-docs-page" else f"'{value}' is geen bekend"


DATA_SITES = [
    pytest.param(name, site, id=f"{name}:{'.'.join(site[1])}:{site[3]}")
    for name in DATA_FILES
    for site in reference_sites(name)
]


def test_the_walk_finds_every_declaration_in_the_schemas():
    """The test below breaks each declaration: none may hide where the walk does not look."""
    for name in [*DATA_FILES, "front_matter"]:
        walked = {(site[0], site[2]) for site in reference_sites(name)}
        declared = {(path, keyword) for path, keyword, _ in declared_references(name)}
        assert walked == declared, name
    kinds = {
        site[3] for name in [*DATA_FILES, "front_matter"] for site in reference_sites(name) if site[2] != "x-docs-page"
    }
    assert kinds <= set(ID_KINDS)
    assert len(DATA_SITES) >= 15


@pytest.mark.parametrize(("name", "site"), DATA_SITES)
def test_every_reference_a_data_schema_declares_stops_the_build_at_its_line(tmp_path, name, site):
    _, data_path, keyword, _ = site
    project = copy_project(tmp_path / "project")
    path = project / "data" / DATA_FILES[name]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    wrong_path = break_reference(data, data_path, keyword)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    path.write_text(text, encoding="utf-8")
    line = parse_yaml(text, "")[0].line_of(wrong_path)
    wrong = wrong_path[-1] if keyword == "x-keys-refer-to" else (WRONG_PAGE if keyword == "x-docs-page" else WRONG_ID)

    told = [
        p
        for p in content_problems(project, include_page_code=False)
        if p.file == f"data/{DATA_FILES[name]}" and p.line == line
    ]
    assert any(p.message.startswith(_message_start(keyword, wrong)) for p in told), (line, told)


@pytest.mark.parametrize("site", reference_sites("front_matter"), ids=lambda site: ".".join(site[1]))
def test_every_reference_the_front_matter_declares_stops_the_build_at_its_line(tmp_path, site):
    _, data_path, keyword, _ = site
    project = copy_project(tmp_path / "project")
    page = project / GUIDELINE
    _, front_matter, body = page.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front_matter)
    wrong_path = break_reference(meta, data_path, keyword)
    page.write_text(f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n{body}", encoding="utf-8")
    line = read_front_matter(page, GUIDELINE)[0].line_of(wrong_path)

    told = [p for p in content_problems(project, include_page_code=False) if p.file == GUIDELINE and p.line == line]
    assert any(p.message.startswith(_message_start(keyword, WRONG_ID)) for p in told), (line, told)


def _ids(data: dict, list_key: str) -> str:
    return ", ".join(item["id"] for item in data[list_key])


# Broken references with the message main gave before the references moved into the schemas (2026-12-06).
# {roles}, {channels}, {questions} and {sources} stand for the ids as the data lists them.
MESSAGES_BEFORE = [
    (
        "roles",
        ("tasks", 0, "accountable"),
        "woordvoerderr",
        "'woordvoerderr' is geen bekende rol. Bedoelde je 'woordvoerder'? Kies uit: {roles}.",
    ),
    ("channels", ("channels", 0, "owner"), "webredactie-x", "'webredactie-x' is geen bekende rol. Kies uit: {roles}."),
    (
        "reaction_scheme",
        ("actions", 0, "references", 0),
        "avgx",
        "'avgx' is geen bekende bron. Bedoelde je 'avg'? De {references} ids staan in data/references.yml.",
    ),
    (
        "accounts",
        ("accounts", 0, "channel"),
        "facebok",
        "'facebok' is geen bekend kanaal. Bedoelde je 'facebook'? Kies uit: {channels}.",
    ),
    (
        "audiences",
        ("audiences", 0, "presence", "*", "source"),
        "digimeterr",
        "'digimeterr' is geen bekende bron. Bedoelde je 'digimeter'? Kies uit: {sources}.",
    ),
    ("reaction_scheme", ("start",), "nergens", "'nergens' is geen bekende vraag. Kies uit: {questions}."),
    ("phases", ("phases", 0, "page"), "fasen/weg.md", "de pagina 'fasen/weg.md' bestaat niet in docs/."),
    (
        "media_mix",
        ("means", 1, "id"),
        "{first_mean}",
        "de id '{first_mean}' komt twee keer voor. Elke id moet uniek zijn.",
    ),
]


@pytest.mark.parametrize(("name", "path", "wrong", "message"), MESSAGES_BEFORE, ids=lambda v: str(v)[:30])
def test_the_messages_are_the_same_as_before(tmp_path, name, path, wrong, message):
    project = copy_project(tmp_path / "project")
    file = project / "data" / DATA_FILES[name]
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    everything = {n: yaml.safe_load((project / "data" / f).read_text(encoding="utf-8")) for n, f in DATA_FILES.items()}
    values = {
        "roles": _ids(everything["roles"], "roles"),
        "channels": _ids(everything["channels"], "channels"),
        "sources": _ids(everything["audiences"], "sources"),
        "questions": _ids(everything["reaction_scheme"], "questions"),
        "references": len(everything["references"]["references"]),
        "first_mean": everything["media_mix"]["means"][0]["id"],
    }
    wrong = wrong.format(**values)
    node = data
    for step in path[:-1]:
        node = node[next(iter(node))] if step == "*" else node[step]
    node[path[-1]] = wrong
    file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")

    assert message.format(**values) in [p.message for p in content_problems(project, include_page_code=False)]


def test_a_new_reference_is_a_schema_edit_alone(tmp_path):
    """A developer declares that an account names a stand-in role: one keyword in the schema, no code. The build of
    that project (its own handreiking/ and schemas) then stops on a stand-in that is no role."""
    project = copy_project(tmp_path / "project")
    schema_path = project / "data/schema/accounts.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    account = schema["properties"]["accounts"]["items"]
    account["properties"]["stand_in"] = {"type": "string", "x-refers-to": "roles", "description": "De vervanger."}
    schema_path.write_text(json.dumps(schema, ensure_ascii=False), encoding="utf-8")
    accounts = project / "data/accounts.yml"
    data = yaml.safe_load(accounts.read_text(encoding="utf-8"))
    data["accounts"][1]["stand_in"] = "woordvoerderr"
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    accounts.write_text(text, encoding="utf-8")
    line = parse_yaml(text, "")[0].line_of(("accounts", 1, "stand_in"))

    script = (
        "from pathlib import Path\n"
        "from handreiking.loading import load_site_data\n"
        "from handreiking.sources import ContentErrors\n"
        "try:\n"
        "    load_site_data(Path('.'), Path('docs'), include_page_code=False)\n"
        "except ContentErrors as errors:\n"
        "    print(errors)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=project, capture_output=True, text=True, timeout=120, check=True
    )
    roles = _ids(yaml.safe_load((ROOT / "data/roles.yml").read_text(encoding="utf-8")), "roles")
    assert result.stdout.strip().splitlines() == [
        f"data/accounts.yml, regel {line}: 'woordvoerderr' is geen bekende rol. Bedoelde je 'woordvoerder'? "
        f"Kies uit: {roles}."
    ]


def test_a_data_file_holds_what_its_id_kinds_say(data):
    """Every kind of id names lists that are in its file, each item with an id: a wrong entry in ids.py shows."""
    for kind in ID_KINDS.values():
        document = data[Path(kind.filename).stem]
        for list_key in kind.lists:
            assert document[list_key] and all("id" in item for item in document[list_key]), (kind, list_key)
