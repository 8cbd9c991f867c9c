"""The fast check for editors and the pre-commit hook: data and pages, without building the site.

Usage: python scripts/check.py   (or: make check)
"""

import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handreiking.loading import load_site_data  # noqa: E402
from handreiking.review import due_reviews, report  # noqa: E402
from handreiking.sources import ContentErrors  # noqa: E402


def main() -> int:
    try:
        data = load_site_data(ROOT, ROOT / "docs")
    except ContentErrors as errors:
        for problem in errors.problems:
            print(f"FOUT  -  {problem}")
        print(f"\n{len(errors.problems)} fout(en) gevonden. Pas ze aan en controleer opnieuw.")
        return 1
    report(due_reviews(data, datetime.date.today()))
    print("Alles in orde: de gegevens en de pagina's kloppen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
