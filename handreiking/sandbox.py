"""The second wall: mkdocs-macros renders pages in Jinja's sandbox instead of a plain environment.

The first wall is page_code.py, which lets only the project's macros and the organisation's fields onto a
page. Should anything slip past it, the sandbox still refuses attributes that start with `_` (the way to
Python's internals and the shell) and changing lists or dicts, and caps `range()`.

mkdocs-macros builds its own `jinja2.Environment` and offers no setting for the class; it does load Jinja
extensions named in mkdocs.yml (`j2_extensions`), and an extension receives the environment as it is made.
This one turns that environment into an `ImmutableSandboxedEnvironment`, with the state its constructor sets.
"""

from __future__ import annotations

from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range


class SandboxedPages(Extension):
    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.__class__ = ImmutableSandboxedEnvironment
        environment.globals["range"] = safe_range
        environment.binop_table = ImmutableSandboxedEnvironment.default_binop_table.copy()
        environment.unop_table = ImmutableSandboxedEnvironment.default_unop_table.copy()
