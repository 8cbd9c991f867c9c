"""No traceback and no endless build from a page's Markdown: a page that Python-Markdown cannot convert, or not
in reasonable time, is told in Dutch, by name.

Python-Markdown parses and writes nested blocks recursively: a few hundred levels of `<div markdown>` or list
items hit Python's recursion limit, and the build died with thousands of lines of English traceback. Its link
and raw-HTML parsing is also quadratic: a few thousand `[` without `]`, or `<a ` without `>`, took minutes.
This extension wraps each conversion and gives it a budget of processor time (`BUDGET_SECONDS`; an ordinary
page needs a few hundredths of a second): when the conversion fails or runs out of time, the page shows a Dutch
notice instead of its content, the failure is logged as an error naming the page (so the strict build stops),
and the other pages still build. The budget needs a timer signal, which Python only delivers in the main thread:
`make build` and `make check` convert there; the preview's rebuilds (another thread) go without a budget.

hooks.py adds it to MkDocs' Markdown extensions and tells it which page is being converted.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from markdown import Extension, Markdown
from markupsafe import Markup, escape

TOO_DEEP = (
    "de pagina is te diep genest: blokken, lijsten of HTML-elementen staan honderden keren in elkaar. Maak de "
    "structuur vlakker; een pagina heeft zelden meer dan vier niveaus nodig."
)


BUDGET_SECONDS = 1.0
TOO_SLOW = (
    f"de pagina is te ingewikkeld om om te zetten (meer dan {BUDGET_SECONDS:g} seconde rekentijd). Meestal komt "
    "dat door duizenden tekens [ zonder ], < zonder > of ` zonder einde. Kijk je laatste wijziging aan deze pagina na."
)


class _OutOfTime(Exception):
    pass


def _expire(signum, frame) -> None:
    raise _OutOfTime


def within_budget(convert: Callable[[str], str], source: str) -> str:
    """convert(source), stopped with _OutOfTime once it has used BUDGET_SECONDS of processor time."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return convert(source)
    previous = signal.signal(signal.SIGVTALRM, _expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, BUDGET_SECONDS)
    try:
        return convert(source)
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def failure_message(error: Exception) -> str:
    if isinstance(error, RecursionError):
        return TOO_DEEP
    if isinstance(error, _OutOfTime):
        return TOO_SLOW
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
                return within_budget(convert, source)
            except Exception as error:  # any failure of one page is told, never a traceback
                message = failure_message(error)
                self.report(message)
                md.reset()
                return str(
                    Markup(
                        '<div class="admonition failure"><p class="admonition-title">Deze pagina kon niet gebouwd '
                        "worden</p><p>{}</p></div>"
                    ).format(escape(message[:1].upper() + message[1:]))
                )

        md.convert = guarded  # type: ignore[method-assign]
