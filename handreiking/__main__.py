"""The project's commands without make, for a laptop without it (Windows): python -m handreiking check | build |
serve | pdf. Run them from the project folder with the Python of .venv; `make` calls the same commands."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
}


def main(arguments: list[str]) -> int:
    if not arguments or arguments[0] not in COMMANDS:
        print("Gebruik: python -m handreiking " + " | ".join(COMMANDS))
        for name, (_, what) in COMMANDS.items():
            print(f"  {name:6} {what}")
        return 2
    # Material prints a banner about its end of life on every build; it is known and tracked in ONDERHOUD.md.
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if arguments[0] == "serve":  # a content mistake shows on the preview's pages (macros.py) instead of stopping it
        environment["HANDREIKING_PREVIEW"] = "1"
    # What follows the command goes to it, e.g. `serve -a 127.0.0.1:8001` for another address.
    command = [*COMMANDS[arguments[0]][0], *arguments[1:]]
    return subprocess.run(command, cwd=ROOT, env=environment, check=False).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
