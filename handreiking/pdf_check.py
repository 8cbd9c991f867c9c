"""A PDF an editor puts in docs/ is read as a PDF reader reads it, and may hold only what a document needs.

A PDF is more than its pages. It can hold JavaScript (Chromium's viewer runs it, and so does Firefox's), actions
that start by themselves when the file or a page opens, forms that send what a reader typed, files attached
inside it, and sounds, films or 3D objects that a plug-in plays. Its first bytes only say that it is a PDF, so
the site audit hands every PDF from docs/ to `pdf_problems`, and `make pdf` each handout it printed to `findings`.

Every object of the file is read: the ones its cross-reference table lists (as a reader reads them), every object
written in it that the table does not list (a reader that repairs a damaged file finds those too), and every
object inside each object stream. Each dictionary is then judged against what may exist:
- an action, when clicked: go to a place in the document, a named page (first, last, next, previous), a layer, a
  reset of a form, or a link as a page's links may (http, https, mailto, tel, or on the site);
- when the file opens: only a place in the document;
- a trigger that starts an action by itself (`/AA`, on a page, a field or the document) is never allowed;
- an annotation: the kinds that show text, marks, links and form fields (`ANNOTATIONS`);
- the document catalog and its name tree hold only the entries in `CATALOG` and `NAMES`;
- never JavaScript, an attached or outside file, stream data from another file, or an XFA form.
An encrypted or unreadable PDF is refused too: what cannot be read cannot be judged.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    read_object,
)

from .built_check import url_scheme
from .problems import Problem

# What an action may do when a reader clicks a link, a bookmark or a button.
CLICKED_ACTIONS = {"/GoTo", "/Named", "/URI", "/SetOCGState", "/ResetForm"}
# What may happen when the file opens: go to a place in it.
OPENING_ACTIONS = {"/GoTo"}
NAMED_PAGES = {"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"}
# A link in a PDF may go where a link on a page may (built_check: http, https, mailto, tel, or relative).
LINK_SCHEMES = {None, "http", "https", "mailto", "tel"}
# Every action type of ISO 32000-2 (12.6.4): a dictionary with one of these as /S is an action wherever it is.
ACTION_TYPES = CLICKED_ACTIONS | {
    "/GoToR",
    "/GoToE",
    "/GoToDp",
    "/Launch",
    "/Thread",
    "/Sound",
    "/Movie",
    "/Hide",
    "/SubmitForm",
    "/ImportData",
    "/JavaScript",
    "/Rendition",
    "/Trans",
    "/GoTo3DView",
    "/RichMediaExecute",
}
# Annotations that show text, marks, links and form fields; not sounds, films, 3D, rich media or attached files.
ANNOTATIONS = {
    "/Text",
    "/Link",
    "/FreeText",
    "/Line",
    "/Square",
    "/Circle",
    "/Polygon",
    "/PolyLine",
    "/Highlight",
    "/Underline",
    "/Squiggly",
    "/StrikeOut",
    "/Caret",
    "/Stamp",
    "/Ink",
    "/Popup",
    "/Widget",
    "/PrinterMark",
    "/TrapNet",
    "/Watermark",
    "/Redact",
}
# The entries of a document catalog (ISO 32000-2, table 29) without those that start something by themselves (/AA),
# bring files (/Collection, a portfolio; /AF, associated files) or need Adobe's XFA forms (/NeedsRendering).
CATALOG = {
    "/Type",
    "/Version",
    "/Extensions",
    "/Pages",
    "/PageLabels",
    "/Names",
    "/Dests",
    "/ViewerPreferences",
    "/PageLayout",
    "/PageMode",
    "/Outlines",
    "/Threads",
    "/OpenAction",
    "/URI",
    "/AcroForm",
    "/Metadata",
    "/StructTreeRoot",
    "/MarkInfo",
    "/Lang",
    "/OutputIntents",
    "/PieceInfo",
    "/OCProperties",
    "/Perms",
    "/DSS",
    "/Legal",
    "/Requirements",
    "/SpiderInfo",
    "/DPartRoot",
}
# The name tree's entries that name places, pages, looks and captured web addresses; not scripts, attached files,
# media or slide shows.
NAMES = {"/Dests", "/AP", "/Pages", "/Templates", "/IDS", "/URLS"}

_ADVICE = (
    "Een PDF op de site mag pagina's, tekst, beelden, links en formuliervelden hebben, maar niets wat iets uitvoert, "
    "vanzelf start of een ander bestand meebrengt. Maak de PDF opnieuw zonder dat onderdeel, bijvoorbeeld in Word met "
    "Opslaan als → PDF, of in een browser met Afdrukken → Opslaan als PDF. Of vraag wie hem maakte om een gewone PDF."
)
_ATTACHED = "brengt een ander bestand mee, of haalt iets uit een ander bestand"
_MEDIA = "speelt geluid, film of 3D af met een programma van de lezer"
# What each refused kind of action does, for the editor; an action not named here is told by its name.
_ACTION_MESSAGES = {
    "/JavaScript": "bevat JavaScript, dat de browser van de lezer zou uitvoeren",
    "/Launch": "kan een programma of bestand op de computer van de lezer openen",
    "/SubmitForm": "kan wat een lezer invult naar elders versturen",
    "/ImportData": "kan gegevens uit een ander bestand inlezen",
    "/GoToR": _ATTACHED,
    "/GoToE": _ATTACHED,
    "/Sound": _MEDIA,
    "/Movie": _MEDIA,
    "/Rendition": _MEDIA,
    "/RichMediaExecute": _MEDIA,
    "/GoTo3DView": _MEDIA,
}
_WHITE_SPACE = b"\x00\t\n\x0c\r "
# Any "N G obj" written in the file: a repairing reader finds objects this way, so the check does too.
_OBJECT_HEADER = re.compile(rb"(?<![0-9])([0-9]{1,10})[\x00\t\n\x0c\r ]+([0-9]{1,5})[\x00\t\n\x0c\r ]+obj(?![A-Za-z])")


def pdf_problems(data: bytes, shown: str) -> list[Problem]:
    """What in an editor's PDF a reader's viewer could run, start by itself or fetch: one Problem per kind, or none."""
    return [Problem(shown, None, f"deze PDF {what}. {_ADVICE}") for what in findings(data)]


def findings(data: bytes) -> list[str]:
    """What is wrong with a PDF, each kind once, as the end of a sentence that starts with the PDF ("bevat
    JavaScript, …"); `make pdf` judges its own handouts with it too."""
    digest = hashlib.sha256(data).digest()
    if digest not in _JUDGED:
        if len(_JUDGED) >= _REMEMBERED:
            _JUDGED.clear()
        _JUDGED[digest] = _judged(data)
    return _JUDGED[digest]


# `mkdocs serve` rebuilds the site at every change: a PDF that did not change is judged once per process.
_JUDGED: dict[bytes, list[str]] = {}
_REMEMBERED = 256


def _judged(data: bytes) -> list[str]:
    try:
        with _quiet_pypdf():
            return sorted(set(_findings(data)))
    except Exception:  # a PDF pypdf cannot read is a PDF nobody can check
        return ["kan niet gelezen worden: het bestand is beschadigd of geen echte PDF"]


def _findings(data: bytes) -> Iterator[str]:
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        yield "is beveiligd (versleuteld), dus niemand kan nakijken wat erin staat"
        return
    for value in _every_object(reader, data):
        for dictionary in _dictionaries_in(value):
            yield from _dictionary_findings(dictionary)


def _every_object(reader: PdfReader, data: bytes) -> Iterator[object]:
    """Each object of the file: the trailer, what the table lists, every object written in the file where it is
    written (older versions too), and what every object stream holds."""
    yield reader.trailer
    listed = {(number, generation) for generation, entries in reader.xref.items() for number in entries}
    listed |= {(number, 0) for number in reader.xref_objStm}
    objects = [reader.get_object(IndirectObject(number, generation, reader)) for number, generation in listed]
    for header in _OBJECT_HEADER.finditer(data):
        number, generation = int(header.group(1)), int(header.group(2))
        if reader.xref.get(generation, {}).get(number) == header.start():
            continue  # read above, where the table says it is
        try:
            objects.append(read_object(_at(data, header.end()), reader))
        except Exception:  # not an object after all (bytes of an image, say): a reader would not find one either
            continue
    for value in objects:
        yield value
        if isinstance(value, StreamObject) and _resolved(value.get("/Type")) == "/ObjStm":
            yield from _objects_in_stream(value, reader)


def _at(data: bytes, offset: int) -> io.BytesIO:
    """The file from just after an object's header, where its value starts."""
    start = offset
    while start < len(data) and data[start] in _WHITE_SPACE:
        start += 1
    buffer = io.BytesIO(data)
    buffer.seek(start)
    return buffer


def _objects_in_stream(stream: StreamObject, reader: PdfReader) -> Iterator[object]:
    """The objects an object stream holds, read from its own index, whether or not the table lists them."""
    data = stream.get_data()
    first = int(stream.get("/First", 0))
    index = data[:first].split()
    for offset in index[1::2]:
        yield read_object(_at(data, first + int(offset)), reader)


def _dictionaries_in(value: object) -> Iterator[DictionaryObject]:
    """Every dictionary inside a value, without following references (each object is visited on its own)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, DictionaryObject):
            yield item
            pending.extend(item.values())
        elif isinstance(item, ArrayObject):
            pending.extend(item)


def _resolved(value: object) -> object:
    return value.get_object() if isinstance(value, IndirectObject) else value


def _dictionary_findings(dictionary: DictionaryObject) -> Iterator[str]:
    kind, subtype = _resolved(dictionary.get("/Type")), _resolved(dictionary.get("/Subtype"))
    if "/AA" in dictionary:
        yield "start iets vanzelf, zodra een pagina of een veld opent of sluit"
    if "/EF" in dictionary or "/EmbeddedFiles" in dictionary or kind in ("/Filespec", "/EmbeddedFile"):
        yield _ATTACHED
    if isinstance(dictionary, StreamObject) and ("/F" in dictionary or "/FFilter" in dictionary):
        yield _ATTACHED
    if subtype == "/Form" and "/Ref" in dictionary:
        yield _ATTACHED
    if "/XFA" in dictionary:
        yield "is een XFA-formulier, dat alleen met een programma van Adobe werkt"
    if kind == "/Action" or _resolved(dictionary.get("/S")) in ACTION_TYPES:
        yield from _action_findings(dictionary, CLICKED_ACTIONS)
    for key in ("/A", "/Next"):  # what a click starts (and what follows it); an outline's /Next is no action
        for action in _actions(dictionary.get(key)):
            yield from _action_findings(action, CLICKED_ACTIONS)
    for action in _chain(dictionary.get("/OpenAction")):
        yield from _action_findings(action, OPENING_ACTIONS)
    if (kind == "/Annot" or "/Rect" in dictionary) and subtype is not None and subtype not in ANNOTATIONS:
        yield f"speelt iets af of opent iets met een programma van de lezer ({_name(subtype)})"
    catalog = dictionary if kind == "/Catalog" else _resolved(dictionary.get("/Root"))  # a trailer names it
    if isinstance(catalog, DictionaryObject):
        yield from _catalog_findings(catalog)


def _catalog_findings(catalog: DictionaryObject) -> Iterator[str]:
    yield from _unexpected(catalog, CATALOG)
    names = _resolved(catalog.get("/Names"))
    if isinstance(names, DictionaryObject):
        yield from _unexpected(names, NAMES)
    # A viewer puts the base address before every relative link: it must make a web address of it.
    base_dictionary = _resolved(catalog.get("/URI"))
    base = _text(_resolved(base_dictionary.get("/Base"))) if isinstance(base_dictionary, DictionaryObject) else ""
    if base and url_scheme(base) not in ("http", "https"):
        yield f"zet '{base[:60]}' voor elke link; dat mag alleen een adres met http of https zijn"


def _actions(value: object) -> Iterator[DictionaryObject]:
    """The actions at a place where a viewer starts one: each dictionary with a type (/S)."""
    value = _resolved(value)
    items = value if isinstance(value, ArrayObject) else [value]
    yield from (item for item in map(_resolved, items) if isinstance(item, DictionaryObject) and "/S" in item)


def _chain(value: object) -> Iterator[DictionaryObject]:
    """The actions that start at a place and each that follows them (/Next), once each: what follows an action at
    the opening of the file happens at the opening too. (A click's chain needs no walk: each action in it is a
    dictionary of its own, judged where it stands.)"""
    pending, seen = deque(_actions(value)), set()
    while pending:
        action = pending.popleft()
        if id(action) not in seen:  # a chain may come back to itself
            seen.add(id(action))
            yield action
            pending.extend(_actions(action.get("/Next")))


def _action_findings(action: DictionaryObject, allowed: set[str]) -> Iterator[str]:
    kind = _resolved(action.get("/S"))
    if kind not in allowed:
        if kind in _ACTION_MESSAGES:
            yield _ACTION_MESSAGES[kind]
        elif allowed is OPENING_ACTIONS and kind in CLICKED_ACTIONS:
            yield f"doet iets zodra ze opent ({_name(kind)}); bij het openen mag een PDF alleen naar een eigen pagina"
        else:
            yield f"heeft een actie die de site niet toelaat ({_name(kind)})"
    elif kind == "/Named" and _resolved(action.get("/N")) not in NAMED_PAGES:
        yield f"heeft een actie die de site niet toelaat ({_name(_resolved(action.get('/N')))})"
    elif kind == "/URI":
        address = _text(_resolved(action.get("/URI")))
        if url_scheme(address) not in LINK_SCHEMES:
            yield f"heeft een link naar '{address[:60]}'; een link mag alleen naar http, https, mailto of tel"


def _text(value: object) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value if value is not None else "")


def _unexpected(dictionary: DictionaryObject, allowed: set[str]) -> Iterator[str]:
    for key in dictionary:
        if key in _ACTION_MESSAGES:
            yield _ACTION_MESSAGES[key]
        elif key == "/EmbeddedFiles":
            yield _ATTACHED
        elif key not in allowed:
            yield f"heeft een onderdeel dat een gewoon document niet nodig heeft ({_name(key)})"


def _name(value: object) -> str:
    return str(value).lstrip("/") if isinstance(value, NameObject | str) else "zonder naam"


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf tells what it repaired as warnings for programmers; the editor gets the findings above instead."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)
