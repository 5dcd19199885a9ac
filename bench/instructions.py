"""Machine instructions per profile page on a cache miss: a figure that does not move with the machine's speed.

    .venv/bin/python -m bench.instructions                    # this checkout
    .venv/bin/python -m bench.instructions --root ../old      # another checkout (a `git worktree` of an older commit)

Milliseconds on a shared machine vary by a factor of two or more from one hour to the next; the number of
instructions a request executes does not (with a fixed hash seed, two runs agree to the last million). Each figure is
the difference between two runs of the same process under valgrind's cachegrind, one making 10 more requests than the
other after the same warm-up, divided by 10: start-up and warm-up cancel out. Needs valgrind (Debian's package
`valgrind`); each country takes about a minute.

Builds and seeds a fresh SQLite database in a temporary directory with the checkout's own `manage.py`, so an older
commit is measured on its own bundled data.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

COUNTRIES = ["ua", "ru", "ge", "al"]
MORE = 10
ROOT = Path(__file__).resolve().parent.parent
REFS = re.compile(r"I\s+refs:\s+([\d,]+)")

# The measured process: `python -c CHILD root path extra` requests `path` 3 + extra times, emptying the stored answers
# before each request so every one renders the page.
CHILD = """
import os, sys
root, path, extra = sys.argv[1], sys.argv[2], int(sys.argv[3])
sys.path.insert(0, root)
os.chdir(root)
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from django.test import Client
settings.ALLOWED_HOSTS = ["testserver"]
client = Client()
for _ in range(3 + extra):
    cache.clear()
    assert client.get(path).status_code == 200, path
"""


def instructions(root: Path, environment: dict, path: str, extra: int) -> int:
    command = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
               sys.executable, "-c", CHILD, str(root), path, str(extra)]
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
    return int(REFS.search(done.stderr).group(1).replace(",", ""))


def per_request(root: Path, environment: dict, path: str) -> float:
    return (instructions(root, environment, path, MORE) - instructions(root, environment, path, 0)) / MORE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("countries", nargs="*", default=COUNTRIES, help=f"ISO codes (default: {' '.join(COUNTRIES)})")
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("bench.instructions needs valgrind (apt-get install valgrind).", file=sys.stderr)
        return 2
    root = options.root.resolve()
    if not (root / "manage.py").exists():
        print(f"{root} has no manage.py.", file=sys.stderr)
        return 2
    directory = tempfile.mkdtemp(prefix="policyhub-bench-")
    environment = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{directory}/bench.sqlite3",
                   "CELERY_BROKER_URL": "", "CACHE_URL": "", "LOG_LEVEL": "WARNING", "PYTHONHASHSEED": "0",
                   "DJANGO_SETTINGS_MODULE": "policyhub.settings"}
    for command in (["migrate", "-v0"], ["seed", "-v0"]):
        subprocess.run([sys.executable, str(root / "manage.py"), *command], env=environment, cwd=root, check=True,
                       stdout=subprocess.DEVNULL)
    paths = [f"/countries/{code}/" for code in options.countries]
    # Two countries at a time: instruction counts do not depend on what else the machine is doing.
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = list(pool.map(lambda path: per_request(root, environment, path), paths))
    for path, count in zip(paths, counts, strict=True):
        print(f"{path:16} {count / 1e6:7.1f} M instructions per request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
