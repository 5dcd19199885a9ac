"""Check the curated country files: `python tools/validate_curated.py [file ...]` (all files by default).

Prints one line per problem and exits 1 when there is any, 0 when the files are ready to load. Checking all files
also checks that every locator the progress records cite (fixtures/recommendations/progress.yaml) has a Russian
rendering, as the country files' locators must (fixtures/data/locators_ru.yaml, or the citation's own locator_ru).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from legislation.curated_schema import (  # noqa: E402
    LOCATORS_FILE,
    check_directory,
    progress_locator_problems,
    read_locators,
)

DIRECTORY = ROOT / "fixtures" / "data" / "countries"
PROGRESS = ROOT / "fixtures" / "recommendations" / "progress.yaml"


def main(argv: list[str]) -> int:
    only = [Path(a) for a in argv] or None
    data, problems = check_directory(DIRECTORY, only)
    checked = len(only) if only else len(data)
    if not only and PROGRESS.exists():
        try:
            problems += progress_locator_problems(PROGRESS, read_locators(LOCATORS_FILE))
        except ValueError:
            pass  # check_directory has reported the malformed file
        checked += 1
    for problem in problems:
        print(problem)
    print(f"{checked} file(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
