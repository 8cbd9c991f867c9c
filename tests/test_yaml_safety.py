"""Editors' YAML is untrusted input: what could hurt (alias bombs, Python tags, bytes that are not UTF-8,
NaN) is refused before anything is built, each as a Dutch problem with file and line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import build, cpu_seconds, edit

from handreiking import sources
from handreiking.sources import Problem, parse_yaml, read_front_matter, read_text, read_yaml_file

FILE = "data/test.yml"


@pytest.fixture(params=["libyaml", "python"])
def parser(request, monkeypatch) -> str:
    """Run a test with libyaml's parser (what the site uses) and with PyYAML's own (its fallback)."""
    if request.param == "python":
        monkeypatch.setattr(sources, "_EditorLoader", sources._editor_loader(yaml.SafeLoader))
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML is installed without libyaml")
    return request.param


def refused(text: str, line_offset: int = 0) -> list[str]:
    """The problems for text that must be refused, as an editor reads them."""
    located, problems = parse_yaml(text, FILE, line_offset)
    assert located is None, f"{text!r} was accepted: {located.data!r}"
    assert problems and all(isinstance(p, Problem) for p in problems)
    return [str(p) for p in problems]


def accepted(text: str) -> object:
    located, problems = parse_yaml(text, FILE)
    assert not problems and located is not None, problems
    return located.data


def alias_bomb(levels: int = 10, width: int = 40) -> str:
    """'Billion laughs': a few kB that expand to width ** levels values."""
    lines = [f"lol0: &l0 [{', '.join(['lol'] * width)}]"]
    lines += [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * width)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


# --- Anchors and aliases ------------------------------------------------------------------------------


def test_alias_bomb_is_refused_at_once(parser):
    bomb = alias_bomb()
    assert 2000 < len(bomb) < 5000  # a few kB that expand to 40 ** 10 values
    start = time.process_time()  # the processor's time: the load of a shared machine does not stretch it
    problems = refused(bomb)
    assert time.process_time() - start < 0.5
    assert problems[0] == f"{FILE}, regel 1: het anker '&l0' mag hier niet. Haal het weg en schrijf de waarde voluit."
    assert f"{FILE}, regel 2: de verwijzing '*l0' mag hier niet. Schrijf de waarde voluit." in problems
    # One problem per line and kind, and not more than ten: the rest is summed up.
    assert len(problems) == sources.MAX_REFUSED + 1
    assert problems[-1] == (
        f"{FILE}, regel 6: en nog 9 van zulke fouten verderop in dit bestand. Pas eerst de fouten hierboven aan."
    )


def test_recursive_alias_is_refused(parser):
    assert refused("name: Kanalen\nlist: &self [a, *self]\n") == [
        f"{FILE}, regel 2: het anker '&self' mag hier niet. Haal het weg en schrijf de waarde voluit.",
        f"{FILE}, regel 2: de verwijzing '*self' mag hier niet. Schrijf de waarde voluit.",
    ]


def test_alias_to_a_value_is_refused(parser):
    text = "a:\n  owner: &eigenaar woordvoerder\nb:\n  owner: *eigenaar\n"
    assert refused(text) == [
        f"{FILE}, regel 2: het anker '&eigenaar' mag hier niet. Haal het weg en schrijf de waarde voluit.",
        f"{FILE}, regel 4: de verwijzing '*eigenaar' mag hier niet. Schrijf de waarde voluit.",
    ]


def test_merge_key_without_alias_is_plain_text(parser):
    # SafeLoader stopped with a traceback on `<<` and `=`; for an editor they are just (unknown) field names.
    assert accepted("<<: {a: 1}\n=: 2\n") == {"<<": {"a": 1}, "=": 2}


# --- Tags ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("!!python/object/apply:os.system [ls]", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!!str 15", "!!str"),
        ("!!int '15'", "!!int"),
        ("!!map {a: 1}", "!!map"),
        ("!!binary aGFsbG8=", "!!binary"),
        ("!foo bar", "!foo"),
        ("! bar", "!"),
        ("!<tag:example.org,2026:x> bar", "tag:example.org,2026:x"),
    ],
)
def test_every_tag_is_refused(parser, value, shown):
    assert refused(f"name: Kanalen\nvalue: {value}\n") == [
        f"{FILE}, regel 2: het label '{shown}' mag hier niet. Haal het weg en schrijf alleen de waarde."
    ]


def test_untagged_values_of_every_style_are_accepted(parser):
    text = (
        "plain: tekst\nsingle: 'tekst'\ndouble: \"tekst\"\nliteral: |\n  regel\nfolded: >\n  regel\n"
        "number: 15\nshare: 2.5\nempty:\nnothing: ~\nflag: true\nlist: [a, 'b', 3]\nmap: {a: 1}\n"
    )
    assert accepted(text) == {
        "plain": "tekst",
        "single": "tekst",
        "double": "tekst",
        "literal": "regel\n",
        "folded": "regel\n",
        "number": 15,
        "share": 2.5,
        "empty": None,
        "nothing": None,
        "flag": True,
        "list": ["a", "b", 3],
        "map": {"a": 1},
    }


def test_dates_stay_text_and_only_true_and_false_are_booleans(parser):
    assert accepted("last_review: 2026-03-31\nyes: no\non: off\nok: False\n") == {
        "last_review": "2026-03-31",
        "yes": "no",
        "on": "off",
        "ok": False,
    }


# --- Complex keys, several documents, depth -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("? [a, b]\n: c\n", 1),
        ("[a, b]: c\n", 1),
        ("{a: 1}: c\n", 1),
        ("name: x\nitems:\n  - ? {a: 1}\n    : c\n", 3),
        ("map: {[a]: b}\n", 1),
    ],
)
def test_list_or_mapping_as_a_key_is_refused(parser, text, line):
    assert refused(text) == [
        f"{FILE}, regel {line}: een veldnaam moet gewone tekst zijn, geen lijst of groep. "
        "Schrijf bijvoorbeeld 'naam: waarde'."
    ]


def test_explicit_key_with_plain_text_is_fine(parser):
    assert accepted("? naam\n: waarde\nlijst: [a, b]\n") == {"naam": "waarde", "lijst": ["a", "b"]}


@pytest.mark.parametrize(("text", "line"), [("a: 1\n---\nb: 2\n", 2), ("---\na: 1\n...\n---\nb: 2\n", 4)])
def test_a_second_document_is_refused(parser, text, line):
    assert refused(text) == [
        f"{FILE}, regel {line}: hier begint een tweede document (na '---' of '...'). "
        "Een bestand heeft maar één document: haal die regel weg."
    ]


def test_one_document_with_its_own_start_line_is_fine(parser):
    assert accepted("---\na: 1\n") == {"a": 1}


@pytest.mark.parametrize(
    "text", ["a: " + "[" * 60 + "]" * 60 + "\n", "a:\n" + "".join("  " * i + "-\n" for i in range(1, 70))]
)
def test_nesting_deeper_than_anyone_writes_is_refused(parser, text):
    problems = refused(text)
    assert len(problems) == 1 and "meer dan 50 niveaus diep. Kijk de haakjes en de inspringing na." in problems[0]


# --- Numbers -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", [".nan", ".NaN", ".inf", ".Inf", "-.inf", "-.Inf", "+.INF", "1.0e+999"])
def test_nan_and_infinity_are_refused(parser, number):
    assert refused(f"year: 2026\nmeans:\n  - id: web\n    share: {number}\n") == [
        f"{FILE}, regel 4: '{number}' is geen getal. Schrijf een gewoon getal, bijvoorbeeld 15."
    ]


def test_nan_as_a_key_and_in_a_list_is_refused(parser):
    assert refused(".nan: a\nlist: [1, -.inf]\n") == [
        f"{FILE}, regel 1: '.nan' is geen getal. Schrijf een gewoon getal, bijvoorbeeld 15.",
        f"{FILE}, regel 2: '-.inf' is geen getal. Schrijf een gewoon getal, bijvoorbeeld 15.",
    ]


def test_quoted_nan_is_text(parser):
    assert accepted("a: '.nan'\n") == {"a": ".nan"}


def test_number_with_endless_digits_is_refused(parser):
    assert refused("share: " + "1" * 5000 + "\n") == [
        f"{FILE}, regel 1: '1111111111111111111…' is te lang voor een getal. Schrijf een gewoon getal, bijvoorbeeld 15."
    ]


# --- Anything else that cannot be read ------------------------------------------------------------------------


def test_control_character_is_a_problem_on_its_line(parser):
    assert refused("name: café\ntone: Vriende\x07lijk\n") == [
        f"{FILE}, regel 2: bevat een onzichtbaar teken (U+0007) dat niet mag. "
        "Haal het weg, bijvoorbeeld door de tekst op deze regel opnieuw te typen."
    ]


def test_syntax_error_keeps_its_message_and_line(parser):
    [problem] = refused("name: x\ntone: a: b\n")
    assert problem.startswith(f"{FILE}, regel 2: kan niet gelezen worden (")
    assert problem.endswith("Kijk na of inspringing, dubbele punten en aanhalingstekens kloppen.")


def test_duplicate_key_keeps_both_lines(parser):
    assert refused("a: 1\nb:\n  c: [1, {d: 2}]\na:\n  - x\n") == [
        f"{FILE}, regel 4: het veld 'a' staat twee keer op dezelfde plaats (eerst op regel 1). Hou er één over."
    ]


NASTY = (
    '%YAML 1.1\n---\nname: &a "caf\\u00e9"\nlist: [*a, !!str 1, {? [x]: y}]\n'
    "text: |\n  regel\n'quoted': .nan\n<<: *a\n...\n--- !!map\nb: 2\n"
)


def test_no_prefix_of_nasty_yaml_raises(parser):
    """Every cut of a document full of refused constructions gives problems or data, never an exception."""
    for end in range(len(NASTY) + 1):
        located, problems = parse_yaml(NASTY[:end], FILE, 1)
        assert (located is None) == bool(problems)
        assert all(isinstance(p, Problem) and p.file == FILE for p in problems)


def test_line_offset_counts_from_the_top_of_the_page(parser):
    assert refused("title: x\nowner: *eigenaar\n", line_offset=1) == [
        f"{FILE}, regel 3: de verwijzing '*eigenaar' mag hier niet. Schrijf de waarde voluit."
    ]


# --- Bytes that are not UTF-8 ----------------------------------------------------------------------------------


def test_latin1_byte_names_line_position_and_byte(tmp_path):
    path = tmp_path / "roles.yml"
    path.write_bytes("roles:\n  - id: x\n    name: Café-medewerker\n".encode("latin-1"))
    expected = Problem(
        "data/roles.yml",
        3,
        "het teken op positie 14 (byte 0xE9) is geen UTF-8. "
        "Bewaar het bestand als UTF-8 (in Kladblok: Opslaan als → Codering UTF-8).",
    )
    assert read_text(path, "data/roles.yml") == (None, [expected])
    assert read_yaml_file(path, "data/roles.yml") == (None, [expected])


def test_position_counts_characters_not_bytes(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"a: \xc3\xa9\xc3\xa9n\r\nb: \xc3\xa9\xe9\n")  # UTF-8 'één', then 'é' and a Latin-1 'é'
    text, [problem] = read_text(path, "x.yml")
    assert text is None
    assert (problem.line, problem.message.split(" is ")[0]) == (2, "het teken op positie 5 (byte 0xE9)")


def test_utf16_file_is_refused_on_line_1(tmp_path):
    path = tmp_path / "x.yml"
    path.write_text("a: 1\n", encoding="utf-16")
    assert read_text(path, "x.yml")[1][0].message.startswith("het teken op positie 1 (byte 0xFF) is geen UTF-8.")


def test_utf8_with_bom_and_windows_newlines_is_read(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes(b"\xef\xbb\xbfname: caf\xc3\xa9\r\nlist: [a]\r\n")
    assert read_text(path, "x.yml") == ("name: café\nlist: [a]\n", [])
    located, problems = read_yaml_file(path, "x.yml")
    assert not problems and located.data == {"name": "café", "list": ["a"]} and located.line_of(("list",)) == 2


# --- Front matter -----------------------------------------------------------------------------------------------


def test_front_matter_with_an_alias_is_refused(project):
    page = "docs/richtlijnen/archiveren.md"
    line = edit(project, page, "owner: archivaris", "owner: &o archivaris\nreviewer: *o")
    assert read_front_matter(project / page, page) == (
        None,
        [
            Problem(page, line, "het anker '&o' mag hier niet. Haal het weg en schrijf de waarde voluit."),
            Problem(page, line + 1, "de verwijzing '*o' mag hier niet. Schrijf de waarde voluit."),
        ],
    )


def test_front_matter_with_a_latin1_byte_is_refused(project):
    page = "docs/richtlijnen/archiveren.md"
    line = edit(project, page, "title: Berichten archiveren", "title: Berichten archiveren (café)")
    path = project / page
    path.write_bytes(path.read_bytes().replace("café".encode(), "café".encode("latin-1")))
    assert read_front_matter(path, page) == (
        None,
        [
            Problem(
                page,
                line,
                "het teken op positie 33 (byte 0xE9) is geen UTF-8. "
                "Bewaar het bestand als UTF-8 (in Kladblok: Opslaan als → Codering UTF-8).",
            )
        ],
    )


# --- The whole check, as an editor runs it ---------------------------------------------------------------------------


def _plant_three_dangers(project: Path) -> tuple[int, int, int]:
    """An alias bomb in channels.yml, a Latin-1 byte in roles.yml, a Python tag in phases.yml; their lines."""
    channels = project / "data" / "channels.yml"
    text = channels.read_text(encoding="utf-8")
    bomb_line = text.count("\n") + 1
    channels.write_text(text + alias_bomb(), encoding="utf-8")

    byte_line = edit(project, "data/roles.yml", "Stuurt de communicatie", "Stuurt de café-communicatie")
    roles = project / "data" / "roles.yml"
    roles.write_bytes(roles.read_bytes().replace("café".encode(), "café".encode("latin-1")))

    tag_line = edit(
        project, "data/phases.yml", "    number: 1", '    number: !!python/object/apply:os.system ["touch pwned"]'
    )
    return bomb_line, byte_line, tag_line


def test_check_reports_bomb_byte_and_tag_with_file_and_line(project):
    bomb_line, byte_line, tag_line = _plant_three_dangers(project)
    start = (
        cpu_seconds()
    )  # the processors' time, of the check's process too: the load of a shared machine does not stretch it
    result = subprocess.run(
        [sys.executable, "scripts/check.py"], cwd=project, capture_output=True, text=True, timeout=120
    )
    assert cpu_seconds() - start < 30
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert (
        f"FOUT  -  data/channels.yml, regel {bomb_line}: het anker '&l0' mag hier niet. "
        "Haal het weg en schrijf de waarde voluit." in output
    )
    assert f"data/channels.yml, regel {bomb_line + 1}: de verwijzing '*l0' mag hier niet." in output
    assert (
        f"FOUT  -  data/roles.yml, regel {byte_line}: het teken op positie 31 (byte 0xE9) is geen UTF-8. "
        "Bewaar het bestand als UTF-8 (in Kladblok: Opslaan als → Codering UTF-8)." in output
    )
    assert (
        f"FOUT  -  data/phases.yml, regel {tag_line}: het label '!!python/object/apply:os.system' mag hier niet. "
        "Haal het weg en schrijf alleen de waarde." in output
    )
    assert "Traceback" not in output
    assert not (project / "pwned").exists()


def test_strict_build_reports_them_too(project):
    bomb_line, byte_line, tag_line = _plant_three_dangers(project)
    result = build(project)
    assert result.returncode != 0
    for file, line in (("channels", bomb_line), ("roles", byte_line), ("phases", tag_line)):
        assert f"data/{file}.yml, regel {line}: " in result.output, result.output
    assert "Traceback" not in result.output
    assert not (project / "pwned").exists()
