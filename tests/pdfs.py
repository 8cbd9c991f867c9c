"""PDFs as an editor might put them in docs/: plain ones, with links, and with what a viewer would run or fetch."""

from __future__ import annotations

import io
import struct
import zlib

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject


def _pdf_value(value):
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    if isinstance(value, list):
        return ArrayObject(_pdf_value(item) for item in value)
    if isinstance(value, dict):
        return DictionaryObject({NameObject(key): _pdf_value(item) for key, item in value.items()})
    return NumberObject(value) if isinstance(value, int) else value


def action(kind: str, **entries) -> dict:
    """An action dictionary: `action("/URI", URI="https://…")`."""
    return {"/Type": "/Action", "/S": kind, **{f"/{key}": value for key, value in entries.items()}}


def document(
    catalog: dict | None = None, page: dict | None = None, attachment: bytes | None = None, encrypted: bool = False
) -> bytes:
    """A one-page PDF written by pypdf, with entries added to its catalog and its page; encrypted with an empty
    password (it opens without one, as many "protected" PDFs do) if asked."""
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for key, value in (catalog or {}).items():
        writer._root_object[NameObject(key)] = _pdf_value(value)
    for key, value in (page or {}).items():
        writer.pages[0][NameObject(key)] = _pdf_value(value)
    if attachment is not None:
        writer.add_attachment("bijlage.html", attachment)
    if encrypted:
        writer.encrypt(user_password="", owner_password="eigenaar")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def with_link(link_action: dict, subtype: str = "/Link") -> bytes:
    """A PDF whose page has one annotation (a link, unless told otherwise) that starts `link_action` when clicked."""
    annotation = {"/Type": "/Annot", "/Subtype": subtype, "/Rect": [0, 0, 100, 20], "/A": link_action}
    return document(page={"/Annots": [annotation]})


def in_object_stream(hidden: bytes, *, listed: bool) -> bytes:
    """A PDF 1.5 that opens with object 4, written compressed inside an object stream: listed in the cross-reference
    stream as a reader expects, or listed nowhere (a reader that repairs a file still finds it)."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>"
    objects = {1: catalog, 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"}
    objects[3] = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"
    index = b"4 0 "
    packed = zlib.compress(index + hidden)
    head = b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>" % (len(index), len(packed))
    objects[5] = head + b"\nstream\n" + packed + b"\nendstream"
    out = bytearray(b"%PDF-1.5\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table_at = len(out)
    rows = [(0, 0, 65535), *((1, offsets[number], 0) for number in (1, 2, 3))]
    rows += [(2, 5, 0), (1, offsets[5], 0)] if listed else [(0, 0, 0), (0, 0, 0)]
    rows.append((1, table_at, 0))
    table = b"".join(struct.pack(">BIH", *row) for row in rows)
    out += b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(table)
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n" % table_at + b"%%EOF\n"
    return bytes(out)


def opening_chain(length: int, last: bytes) -> bytes:
    """A PDF that opens with `length` actions going to its first page, each followed (/Next) by the next, and then
    the action `last`: objects written after the end of the file, which a reader that repairs a file finds."""
    first = 100
    chain = b"".join(
        b"%d 0 obj\n<< /S /GoTo /D [0 /Fit] /Next %d 0 R >>\nendobj\n" % (number, number + 1)
        for number in range(first, first + length)
    )
    chain += b"%d 0 obj\n%s\nendobj\n" % (first + length, last)
    opened = document(catalog={"/OpenAction": "X"}).replace(b"/OpenAction (X)", b"/OpenAction %d 0 R" % first)
    return opened + chain
