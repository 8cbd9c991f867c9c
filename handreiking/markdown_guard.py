"""No traceback from a page's Markdown: a page that Python-Markdown cannot convert is told in Dutch, by name.

Python-Markdown parses and writes nested blocks recursively: a few hundred levels of `<div markdown>` or list
items hit Python's recursion limit, and the build died with thousands of lines of English traceback. This
extension wraps each conversion: when it fails, the page shows a Dutch notice instead of its content, the
failure is logged as an error naming the page (so the strict build stops), and the other pages still build.

hooks.py adds it to MkDocs' Markdown extensions and tells it which page is being converted.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown import Extension, Markdown
from markupsafe import Markup, escape

TOO_DEEP = (
    "de pagina is te diep genest: blokken, lijsten of HTML-elementen staan honderden keren in elkaar. Maak de "
    "structuur vlakker; een pagina heeft zelden meer dan vier niveaus nodig."
)


def failure_message(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return TOO_DEEP
    return (
        f"de pagina kon niet omgezet worden ({type(error).__name__}: {str(error)[:120]}). Kijk je laatste wijziging "
        "aan deze pagina na; lukt het niet, vraag het dan aan een ontwikkelaar."
    )


class GuardedConversion(Extension):
    """Wraps Markdown.convert; `report(message)` tells the failure for the page being converted."""

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__()
        self.report = report

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        convert = md.convert

        def guarded(source: str) -> str:
            try:
                return convert(source)
            except Exception as error:  # any failure of one page is told, never a traceback
                message = failure_message(error)
                self.report(message)
                md.reset()
                return str(
                    Markup(
                        '<div class="admonition failure"><p class="admonition-title">Deze pagina kon niet gebouwd '
                        "worden</p><p>{}</p></div>"
                    ).format(escape(message))
                )

        md.convert = guarded  # type: ignore[method-assign]
