"""Brotli copies of the site's text files, made once before publishing, and the check that each is its file.

The largest page, *De hele handreiking*, is 652 kB of HTML: 138 kB with the gzip nginx applies on the way, 88 kB
with Brotli at level 10. That level is too slow to compress on every request, so `make deploy-config BROTLI=1`
writes `index.html.br` beside `index.html` once, and nginx's brotli_static sends it to a browser that accepts
Brotli (ONDERHOUD.md, *Publiceren op een webserver*).

A browser that gets the copy reads the copy, not the file the build checked. So a copy may exist only beside its
file and must unpack to exactly that file: the site audit (site_audit.py) and `make deploy-config` refuse any other.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import brotli

from .sources import Problem

SUFFIX = ".br"
# Slow to compress (seconds for the site), as fast to unpack as any other level. The highest, 11, took 2.5 times as
# long for copies 2.4 % smaller (8 December 2026: 7.0 s against 2.7 s for the site's 141 text files).
QUALITY = 10
# Below this a file fits in one network packet anyway (nginx's gzip_min_length is the same).
MIN_SIZE = 256


def _entries(site_dir: Path) -> Iterator[Path]:
    """Every file and link in the site; a linked folder is never entered (the site audit refuses links)."""
    for folder, _, names in os.walk(site_dir, followlinks=False):
        for name in sorted(names):
            yield Path(folder) / name


def copies(site_dir: Path) -> list[Path]:
    """Every Brotli copy in the site."""
    return [path for path in _entries(site_dir) if path.name.endswith(SUFFIX)]


def write(site_dir: Path, extensions: Iterable[str]) -> list[Path]:
    """A fresh copy beside every file with one of `extensions` (without their dot) of at least MIN_SIZE bytes; the
    copies of an earlier run go first, so none is left of a file that changed or is gone."""
    wanted = {extension.lower() for extension in extensions}
    for old in copies(site_dir):
        old.unlink()
    written = []
    for path in list(_entries(site_dir)):
        if not path.is_symlink() and path.is_file() and path.suffix[1:].lower() in wanted:
            data = path.read_bytes()
            if len(data) >= MIN_SIZE:
                copy = path.with_name(path.name + SUFFIX)
                copy.write_bytes(brotli.compress(data, quality=QUALITY, mode=brotli.MODE_TEXT))
                written.append(copy)
    return written


def problems(site_dir: Path, relative: str) -> list[Problem]:
    """A copy (`relative`, under the site) must lie beside a file that is not itself a copy, and unpack to exactly
    that file's bytes: never more than the file and one byte are unpacked."""
    shown = f"site/{relative}"
    original = site_dir / relative[: -len(SUFFIX)]
    if original.name.endswith(SUFFIX) or original.is_symlink() or not original.is_file():
        return [
            Problem(
                shown,
                None,
                f"is een Brotli-kopie zonder het bestand {original.name} ernaast. `make deploy-config BROTLI=1` "
                "maakt de kopieën opnieuw; `make build` haalt ze weg.",
            )
        ]
    expected = original.read_bytes()
    unpacking = brotli.Decompressor()
    try:
        unpacked = unpacking.process((site_dir / relative).read_bytes(), output_buffer_limit=len(expected) + 1)
        finished = unpacking.is_finished()
    except brotli.error:
        unpacked, finished = None, False
    if unpacked == expected and finished:
        return []
    return [
        Problem(
            shown,
            None,
            f"is niet dezelfde inhoud als {original.name} ernaast: een browser die Brotli leest, krijgt dan iets anders "
            "dan wat de bouw controleerde. `make deploy-config BROTLI=1` maakt de kopieën opnieuw; `make build` "
            "haalt ze weg.",
        )
    ]
