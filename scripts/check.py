"""The fast check for editors and the pre-commit hook: data, pages, spelling and plain language, and then the
build itself in a folder that is thrown away, for links and what only the built site shows.

Usage: python scripts/check.py   (or: make check)
"""

import datetime
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handreiking import change_note, inputs, text_check, trial_build  # noqa: E402
from handreiking.loading import load_site_data  # noqa: E402
from handreiking.problems import Problem  # noqa: E402
from handreiking.review import due_reviews, report  # noqa: E402
from handreiking.sources import ContentErrors  # noqa: E402


def main(root: Path = ROOT) -> int:
    """Check the project in `root` (this one; the tests check changed copies in their own process)."""
    # A symbolic link or a file outside the project is told before anything is read: reading it is the harm.
    outside = inputs.outside_content(root)
    if outside:
        return report_problems(outside, root)
    data, problems = None, []
    try:
        data = load_site_data(root, root / "docs")
    except ContentErrors as errors:
        problems += errors.problems
    # A changed rule of a guideline needs its change note in data/changes.yml.
    refusals, not_compared = change_note.change_note_problems(root, datetime.date.today().isoformat())
    problems += refusals
    if not_compared and os.environ.get("CI") == "true":
        problems.append(Problem(change_note.CHANGES_FILE, None, f"{not_compared} Haal in CI de hele geschiedenis op."))
    elif not_compared:
        print(f"LET OP  -  {not_compared}")
    # The text itself, as the tests check it: spelling and plain language.
    missing = text_check.hunspell_missing()
    if missing:
        print(f"LET OP  -  de spelling is niet gecontroleerd: {missing}.")
    else:
        problems += text_check.spelling_problems(root)
    problems += text_check.readability_problems(root)
    # What only the built site shows (links, anchors, what a page makes a browser do). The build finds a mistake
    # in the data or a page again, in the same words: each is told once.
    built, pages_made = trial_build.build_findings(root)
    problems += built
    if not pages_made:
        print("LET OP  -  de links worden pas gecontroleerd als de fouten hieronder opgelost zijn.")
    # Each finding once, file by file, top to bottom.
    if problems:
        return report_problems(problems, root)
    report_where_editors_look([], root)
    report(due_reviews(data, datetime.date.today()))
    print("Alles in orde: de gegevens, de pagina's, de links, de spelling en de leesbaarheid kloppen.")
    return 0


def report_problems(problems, root: Path) -> int:
    """Each finding once, file by file, top to bottom; and where editors look on a forge."""
    problems = sorted(dict.fromkeys(problems), key=lambda problem: (problem.file, problem.line or 0))
    for problem in problems:
        print(f"FOUT  -  {problem}")
    print(f"\n{len(problems)} fout(en) gevonden. Pas ze aan en controleer opnieuw.")
    report_where_editors_look(problems, root)
    return 1


# On a forge, the same findings also go where an editor looks: on the changed lines of the merge request.
GITLAB_REPORT = "gl-code-quality-report.json"  # in the project folder


def report_where_editors_look(problems, root: Path) -> None:
    """GitHub Actions: a workflow annotation per finding. GitLab CI: a code-quality report (an artifact of the
    job, see .gitlab-ci.yml), which the merge request shows in its widget and on the changed lines."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            where = f"file={problem.file}" + (f",line={problem.line}" if problem.line else "")
            # A workflow command ends at the line's end: newlines inside the message are escaped as GitHub asks.
            message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            print(f"::error {where},title=Controle van de handreiking::{message}")
    if os.environ.get("GITLAB_CI") == "true":
        report = [
            {
                "description": problem.message,
                "check_name": "handreiking-controle",
                "fingerprint": hashlib.sha256(str(problem).encode("utf-8")).hexdigest(),
                "severity": "major",
                "location": {"path": problem.file, "lines": {"begin": problem.line or 1}},
            }
            for problem in problems
        ]
        (root / GITLAB_REPORT).write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
