"""Check the curated country files: `python tools/validate_curated.py [file ...]` (all files by default).

Prints one line per problem and exits 1 when there is any, 0 when the files are ready to load.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from legislation.curated_schema import check_directory  # noqa: E402

DIRECTORY = ROOT / "fixtures" / "data" / "countries"


def main(argv: list[str]) -> int:
    only = [Path(a) for a in argv] or None
    data, problems = check_directory(DIRECTORY, only)
    for problem in problems:
        print(problem)
    checked = len(only) if only else len(data)
    print(f"{checked} file(s) checked, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
