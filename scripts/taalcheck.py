"""Check pages for plain Dutch: words per sentence, Flesch-Douma and spelling.

Usage: python scripts/taalcheck.py docs/richtlijnen/archiveren.md [more pages...]
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handreiking.plain_language import measure, prose_of_markdown  # noqa: E402
from handreiking.text_check import unknown_words  # noqa: E402

WORD_LIST = Path(__file__).resolve().parent.parent / "data" / "woordenlijst.txt"

for name in sys.argv[1:]:
    prose = prose_of_markdown(Path(name).read_text(encoding="utf-8"))
    stats = measure(prose)
    unknown = unknown_words([prose], WORD_LIST)
    print(
        f"{name}: {stats.words} woorden, {stats.words_per_sentence:.1f} woorden per zin, Flesch-Douma {stats.flesch_douma:.0f}"
    )
    if unknown:
        print("  onbekende woorden:", ", ".join(unknown))
