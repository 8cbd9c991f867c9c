"""The project's commands without make, for a laptop without it (Windows): python -m handreiking check | build |
serve | pdf | deploy-config. Run them from the project folder with the Python of .venv; `make` calls the same commands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from .mkdocs_messages import NOT_BUILT, STOPPED, unforeseen

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "check": ([sys.executable, str(ROOT / "scripts" / "check.py")], "controleert snel de gegevens en de pagina's"),
    "build": ([sys.executable, "-m", "mkdocs", "build", "--strict"], "bouwt de site streng, in de map site/"),
    # The preview is not strict: a mistake shows on its pages (macros.py), and it keeps serving and reloading.
    "serve": (
        [sys.executable, "-m", "mkdocs", "serve", "--no-strict"],
        "toont de site op je computer en herlaadt bij elke wijziging",
    ),
    "pdf": ([sys.executable, str(ROOT / "scripts" / "make_pdfs.py"), "site"], "maakt na build de PDF's (met Chromium)"),
    # The web server's configuration with the security headers, from data/organisation.yml and site/.
    "deploy-config": (
        [sys.executable, "-m", "handreiking.deploy_config"],
        "maakt na build (en pdf) de configuratie van de webserver in deploy/",
    ),
}


def main(arguments: list[str]) -> int:
    if not arguments or arguments[0] not in COMMANDS:
        print("Gebruik: python -m handreiking " + " | ".join(COMMANDS))
        for name, (_, what) in COMMANDS.items():
            print(f"  {name:13} {what}")
        return 2
    # Material prints a banner about its end of life on every build; it is known and tracked in ONDERHOUD.md.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if arguments[0] == "serve":  # a content mistake shows on the preview's pages (macros.py) instead of stopping it
        environment["HANDREIKING_PREVIEW"] = "1"
    # What follows the command goes to it, e.g. `serve -a 127.0.0.1:8001` for another address.
    command = [*COMMANDS[arguments[0]][0], *arguments[1:]]
    if arguments[0] != "build":
        return _run(command, environment)
    return _build(command, environment)


def _run(command: list[str], environment: dict[str, str]) -> int:
    """The command in a process of its own; stopping this one (a terminal closed, a test done) stops it too, so no
    preview server is left running without anyone to stop it."""
    with subprocess.Popen(command, cwd=ROOT, env=environment) as child:
        signal.signal(signal.SIGTERM, lambda signum, frame: child.terminate())
        try:
            return child.wait()
        except KeyboardInterrupt:  # Ctrl+C reaches the child too; wait for it to finish
            return child.wait()


def _build(command: list[str], environment: dict[str, str]) -> int:
    """The build, its last line in Dutch: how many mistakes, and that nothing was published. MkDocs' own last
    words ("Aborted with a BuildError!") are left out, and so is a Python traceback: an error nobody foresaw is told
    in one Dutch line, with the page MkDocs was building. Everything else is shown as it comes."""
    summary, crash, told_page = None, None, False
    with subprocess.Popen(
        command, cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as build:
        for line in build.stdout:
            text = line.rstrip("\n")
            if crash is not None:  # inside a traceback: its last line says what went wrong
                crash = text.strip() or crash
                continue
            if text.startswith("Traceback (most recent call last)"):
                crash = ""
                continue
            if STOPPED in text:
                told_page = True
            if text.startswith("Aborted with") or (summary is not None and not text.strip()):
                continue
            if NOT_BUILT in text:
                summary = text[text.index(NOT_BUILT) :]
                continue
            print(text, flush=True)
    if crash is not None and not told_page:  # MkDocs named no page: say at least what stopped it
        print(f"FOUT    -  {unforeseen(crash, None)}", flush=True)
    if build.returncode != 0:
        print(summary or f"{NOT_BUILT}. Er is niets gepubliceerd.")
    return build.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
