"""The project's commands without make, for a laptop without it (Windows): python -m handreiking check | build |
serve | pdf | deploy-config. Run them from the project folder with the Python of .venv; `make` calls the same commands."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = {
    "check": ([sys.executable, str(ROOT / "scripts" / "check.py")], "controleert snel de gegevens en de pagina's"),
    "build": ([], "bouwt de site streng, in de map site/"),
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
    if arguments[0] == "build":
        return _build(arguments[1:])
    # What follows the command goes to it, e.g. `serve -a 127.0.0.1:8001` for another address.
    command = [*COMMANDS[arguments[0]][0], *arguments[1:]]
    if arguments[0] == "serve":
        return _serve(command, environment)
    return _run(command, environment)


def _code_version() -> float:
    """When the package's code last changed. MkDocs loads macros.py and hooks.py anew for every rebuild, but a
    module of this package only once per process."""
    return max(path.stat().st_mtime for path in (ROOT / "handreiking").rglob("*.py"))


def _serve(command: list[str], environment: dict[str, str]) -> int:
    """The preview, started again when the package's code changes (data and pages it rebuilds by itself)."""
    while True:
        version = _code_version()
        with subprocess.Popen(command, cwd=ROOT, env=environment) as child:
            signal.signal(signal.SIGTERM, lambda signum, frame: child.terminate())
            try:
                while child.poll() is None and _code_version() == version:
                    time.sleep(1)
            except KeyboardInterrupt:  # Ctrl+C reaches the child too; wait for it to finish
                return child.wait()
            if child.poll() is not None:
                return child.returncode
            print("De code van de handreiking is gewijzigd: de preview start opnieuw.", flush=True)
            child.terminate()
            child.wait()


def _run(command: list[str], environment: dict[str, str]) -> int:
    """The command in a process of its own; stopping this one (a terminal closed, a test done) stops it too, so no
    preview server is left running without anyone to stop it."""
    with subprocess.Popen(command, cwd=ROOT, env=environment) as child:
        signal.signal(signal.SIGTERM, lambda signum, frame: child.terminate())
        try:
            return child.wait()
        except KeyboardInterrupt:  # Ctrl+C reaches the child too; wait for it to finish
            return child.wait()


def _build(arguments: list[str]) -> int:
    """The strict build, in this process (mkdocs_adapter.run_build), its log printed as MkDocs prints it and its last
    line in Dutch: how many mistakes, and that nothing was published. MkDocs' own last words ("Aborted with a
    BuildError!") are left out, and so is a Python traceback: an error nobody foresaw is told in one Dutch line."""
    site_dir = None
    if arguments[:1] in (["-d"], ["--site-dir"]) and len(arguments) == 2:
        site_dir = Path(arguments[1]).resolve()
    elif arguments:
        print("Gebruik: python -m handreiking build [-d MAP]")
        return 2
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    os.chdir(ROOT)
    from .mkdocs_adapter import run_build
    from .mkdocs_messages import not_built

    outcome = run_build(ROOT / "mkdocs.yml", site_dir, echo=True)
    if not outcome.succeeded:
        print(not_built(len(outcome.problems)), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
