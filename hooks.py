"""MkDocs hook: finish and check the built site, whatever made its pages (see handreiking/postbuild.py).

It is not part of the data layer (macros.py): a build without the macros plugin is corrected, slimmed and
checked for outside requests the same way. MkDocs runs hooks after the plugins, so the printable pages the
macros fill after the build are finished too.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent))

log = logging.getLogger("mkdocs.plugins.handreiking")


def on_post_build(config) -> None:
    # Imported here, not above: `mkdocs serve` imports a hook once, and macros.py drops the handreiking
    # modules before every rebuild, so a change to postbuild.py is picked up.
    from handreiking import postbuild

    external = postbuild.finish_site(Path(config["site_dir"]))
    for resource in external:
        log.error(str(resource))
    if external:
        raise PluginError(f"De site laadt {len(external)} bestand(en) van buiten de site. Zie de meldingen hierboven.")
