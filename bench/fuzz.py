"""Schemathesis against the whole API from its own OpenAPI schema, on gunicorn with the bundled data.

Valid and invalid requests for every operation; fails on any 500, on a status code or content type the schema does
not document, and on a body that does not match the schema. Bounded in examples per operation and in time.

The schema documents every answer DRF gives (policyhub/schema.py). One status comes from outside Django: gunicorn
answers 414 for a request line over its 4094-byte limit, which a generated query string can reach; it is accepted
through a schemathesis baseline built from the schema. Any other undocumented status, and every 5xx, fails the run.

    .venv/bin/python -m bench.fuzz [--max-examples 25] [--max-time 120] [--database-url sqlite:///...] [schemathesis options]
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

from bench.stack import RESULTS, fetch, gunicorn, prepare_site

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def accepted_statuses(schema: dict) -> list[tuple[str, int]]:
    """(operation, status) pairs the run accepts although the schema does not document them: gunicorn's 414."""
    return [
        (f"{method.upper()} {path}", 414)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in {"get", "post", "put", "patch", "delete"} and "414" not in operation.get("responses", {})
    ]


def write_baseline(base: str, target: Path) -> int:
    status, body, _ = fetch(f"{base}/api/v1/schema/?format=json")
    if status != 200:
        sys.exit(f"/api/v1/schema/ answered {status}")
    entries = [
        {"operation": operation, "check": "status_code_conformance", "failure": "UndefinedStatusCode",
         "signature": str(code), "reason": "request line too long for gunicorn"}
        for operation, code in accepted_statuses(json.loads(body))
    ]
    target.write_text(json.dumps({"format_version": 1, "entries": entries}, indent=2))
    return len(entries)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-examples", type=int, default=25, help="test cases per operation and phase")
    parser.add_argument("--max-time", type=int, default=120, help="time budget in seconds for the whole run")
    parser.add_argument("--seed", type=int, default=1, help="fixed, so a failure found in CI can be replayed")
    parser.add_argument("--database-url", default=f"sqlite:///{RESULTS / 'fuzz' / 'fuzz.sqlite3'}")
    args, schemathesis_options = parser.parse_known_args()

    workdir = RESULTS / "fuzz"
    env = prepare_site(database_url=args.database_url, workdir=workdir)
    with gunicorn(env, workers=2) as base:
        baseline = workdir / "baseline.json"
        count = write_baseline(base, baseline)
        print(f"== schemathesis against {base}/api/v1/schema/ ({count} operations may answer gunicorn's 414)", flush=True)
        return subprocess.run(
            [sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/v1/schema/", "--checks", CHECKS,
             "--phases", "examples,coverage,fuzzing", "--max-examples", str(args.max_examples),
             "--max-time", str(args.max_time), "--seed", str(args.seed),
             # One thread: with two, Python 3.11.7's ast.parse, which Hypothesis calls from both, fails now and then
             # with "SystemError: AST constructor recursion depth mismatch" (a CPython bug, not ours).
             "--workers", "1",
             "--request-timeout", "30", "--suppress-health-check", "too_slow",
             "--baseline", str(baseline), "--report", "junit", "--report-dir", str(workdir / "report"),
             *schemathesis_options],
            env=env, cwd=workdir,
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
