"""The second wall: mkdocs-macros renders pages in a sandbox that offers them plain data and the project's macros.

The first wall is page_code.py, which lets only the project's macros and the organisation's fields onto a page.
Should anything slip past it (a page meta value, a form the allowlist misjudges), this environment still gives a
page nothing else to reach:
- a template sees only the names a page may use (`org` and the macros of page_code.PAGE_MACROS), whatever
  mkdocs-macros puts in its variables (MkDocs' config, page, navigation and files, the plugin, the environment):
  from those, `config.theme.get_env()` led to the theme's unsandboxed Jinja and so to the shell;
- attributes are read only on the organisation's fields (plain namespaces of text), never on anything else, so
  no chain of attributes leads to a method, a module, a loader or a function's globals;
- the only things a page can call are those macros; Jinja's own globals (lipsum, cycler, namespace, dict) are gone;
- there is no loader, so `{% include %}` and `{% import %}` read no file.

mkdocs-macros builds its own `jinja2.Environment` and offers no setting for the class; it does load Jinja
extensions named in mkdocs.yml (`j2_extensions`), and an extension receives the environment as it is made.
This one turns that environment into a `PageSandbox`, with the state the sandbox's constructor sets.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from jinja2 import Template
from jinja2.ext import Extension
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .page_code import PAGE_MACROS

# Every name a page's template can see: the organisation's fields and the project's macros.
PAGE_NAMES = frozenset({"org", *PAGE_MACROS})
# What a field of the organisation may hold.
_PLAIN = (str, int, float, bool, type(None), SimpleNamespace)


class PageTemplate(Template):
    """A page rendered with only the names a page may use, whatever variables it is given."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        given = dict(*args, **kwargs)
        return super().render({name: value for name, value in given.items() if name in PAGE_NAMES})


class PageSandbox(ImmutableSandboxedEnvironment):
    template_class = PageTemplate

    def make_globals(self, d):
        """The globals a template sees: the page macros only (mkdocs-macros adds them to the environment)."""
        merged = {**self.globals, **(d or {})}
        return {name: merged[name] for name in PAGE_NAMES if name in merged}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return isinstance(obj, SimpleNamespace) and not attr.startswith("_") and isinstance(value, _PLAIN)

    def is_safe_callable(self, obj: Any) -> bool:
        return any(obj is self.globals.get(name) for name in PAGE_MACROS)


class SandboxedPages(Extension):
    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.__class__ = PageSandbox
        environment.template_class = PageTemplate
        environment.loader = None
        environment.globals.clear()
        environment.binop_table = ImmutableSandboxedEnvironment.default_binop_table.copy()
        environment.unop_table = ImmutableSandboxedEnvironment.default_unop_table.copy()
