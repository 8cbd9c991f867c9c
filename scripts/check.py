"""The fast check for editors and the pre-commit hook: data, pages, spelling and plain language, without building
the site.

Usage: python scripts/check.py   (or: make check)
"""

import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handreiking import text_check  # noqa: E402
from handreiking.loading import load_site_data  # noqa: E402
from handreiking.review import due_reviews, report  # noqa: E402
from handreiking.sources import ContentErrors  # noqa: E402


def main() -> int:
    data, problems = None, []
    try:
        data = load_site_data(ROOT, ROOT / "docs")
    except ContentErrors as errors:
        problems += errors.problems
    # The text itself, as the tests check it: spelling and plain language.
    missing = text_check.hunspell_missing()
    if missing:
        print(f"LET OP  -  de spelling is niet gecontroleerd: {missing}.")
    else:
        problems += text_check.spelling_problems(ROOT)
    problems += text_check.readability_problems(ROOT)
    if problems:
        for problem in problems:
            print(f"FOUT  -  {problem}")
        print(f"\n{len(problems)} fout(en) gevonden. Pas ze aan en controleer opnieuw.")
        return 1
    report(due_reviews(data, datetime.date.today()))
    print("Alles in orde: de gegevens, de pagina's, de spelling en de leesbaarheid kloppen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
