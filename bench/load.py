"""A bounded load run for CI: gunicorn on PostgreSQL on loopback, the home page, a profile page and the API in turn.

Fails when any request errs or answers outside 2xx; prints throughput and latency percentiles.

    .venv/bin/python -m bench.load [--seconds 25] [--connections 32] [--workers 5]
"""

import argparse
import os
import sys

from bench.stack import (
    RESULTS,
    describe,
    ensure_wrk,
    fetch,
    gunicorn,
    postgres_url,
    prepare_site,
    redis_cache_url,
    run_wrk,
)

PATHS = ["/", "/countries/ua/", "/api/v1/thresholds/?country=UA"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=25)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn sync workers")
    parser.add_argument("--database", default="policyhub_load")
    args = parser.parse_args()

    ensure_wrk()
    env = prepare_site(database_url=postgres_url(args.database), workdir=RESULTS / "load", CACHE_URL=redis_cache_url(10))
    with gunicorn(env, workers=args.workers) as base:
        for path in PATHS:
            status, body, _ = fetch(base + path)
            if status != 200:
                print(f"FAILED: {path} answered {status} before the load run:\n{body[:2000].decode(errors='replace')}")
                return 1
        print(f"== {', '.join(PATHS)} in turn: {args.seconds} s at {args.connections} connections, "
              f"gunicorn {args.workers} workers", flush=True)
        load = run_wrk(base, PATHS, connections=args.connections, seconds=args.seconds, count_redirects=True)
    print(f"   {describe(load)}; slowest {load.max:.0f} ms")
    if load.requests == 0 or load.failures:
        print(f"FAILED: {load.socket_errors} socket errors and {load.not_2xx} answers outside 2xx "
              f"in {load.requests} requests")
        return 1
    print("   every answer was 2xx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
