"""Throughput and latency of the API and the profile page under gunicorn on PostgreSQL, each next to its floor.

The floor of an endpoint is a Django view on the same stack that returns the endpoint's bytes from memory, so the ratio
endpoint/floor is what the endpoint's own work costs. Target: every endpoint at least half its floor.

    .venv/bin/python -m bench.api [--seconds 10] [--connections 16] [--workers 5]
"""

import argparse
import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

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

ENDPOINTS = {
    "thresholds": "/api/v1/thresholds/?country=UA",
    "country": "/api/v1/countries/ua/",
    "profile": "/countries/ua/",
}
TARGET = 0.5


def store_floors(base: str, floor_dir: Path) -> None:
    """Fetch every endpoint once and store its body for the floor view; check the floor serves the same bytes."""
    floor_dir.mkdir(parents=True, exist_ok=True)
    for name, path in ENDPOINTS.items():
        status, body, content_type = fetch(base + path)
        if status != 200:
            sys.exit(f"{path} answered {status}; the benchmark needs 200.")
        (floor_dir / f"{name}.body").write_bytes(body)
        (floor_dir / f"{name}.type").write_text(content_type)
        floor_status, floor_body, _ = fetch(f"{base}/_floor/{name}")
        if floor_status != 200 or floor_body != body:
            sys.exit(f"the floor of {path} does not serve the same bytes (status {floor_status}).")
        print(f"   {path}: {len(body)} bytes, {content_type}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10, help="duration of each measured run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn sync workers")
    parser.add_argument("--database", default="policyhub_bench")
    args = parser.parse_args()

    ensure_wrk()
    workdir = RESULTS / "api"
    env = prepare_site(database_url=postgres_url(args.database), workdir=workdir, CACHE_URL=redis_cache_url(11))
    rows = []
    with gunicorn(env, workers=args.workers) as base:
        print(f"== gunicorn at {base}, {args.workers} workers; storing the floors", flush=True)
        store_floors(base, Path(env["BENCH_FLOOR_DIR"]))
        print("== warming every worker's caches", flush=True)
        warm = [*ENDPOINTS.values(), *(f"/_floor/{name}" for name in ENDPOINTS)]
        run_wrk(base, warm, connections=args.connections, seconds=3)
        print(f"== {args.seconds} s per run at {args.connections} connections", flush=True)
        for name, path in ENDPOINTS.items():
            endpoint = run_wrk(base, [path], connections=args.connections, seconds=args.seconds)
            print(f"   {path:32} {describe(endpoint)}", flush=True)
            floor = run_wrk(base, [f"/_floor/{name}"], connections=args.connections, seconds=args.seconds)
            print(f"   {'  floor':32} {describe(floor)}", flush=True)
            rows.append({"path": path, "endpoint": endpoint, "floor": floor,
                         "ratio": endpoint.per_second / floor.per_second if floor.per_second else 0.0})

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n{when}; {os.cpu_count()} cores ({platform.processor() or platform.machine()}); gunicorn {args.workers} sync "
          f"workers; wrk 2 threads, {args.connections} connections, {args.seconds} s per run; PostgreSQL on loopback; "
          f"1-min load average {os.getloadavg()[0]:.1f}, this run included.\n")
    print("| endpoint | req/s | p50 ms | p90 ms | p99 ms | floor req/s | floor p50 / p90 / p99 ms | endpoint / floor |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        e, f = row["endpoint"], row["floor"]
        print(f"| `{row['path']}` | {e.per_second:.0f} | {e.p50:.1f} | {e.p90:.1f} | {e.p99:.1f} | {f.per_second:.0f} "
              f"| {f.p50:.1f} / {f.p90:.1f} / {f.p99:.1f} | {row['ratio']:.2f} |")
    (RESULTS / "api.json").write_text(json.dumps({
        "when": when, "workers": args.workers, "connections": args.connections, "seconds": args.seconds,
        "rows": [{"path": r["path"], "ratio": r["ratio"], "endpoint": vars(r["endpoint"]), "floor": vars(r["floor"])}
                 for r in rows],
    }, indent=2))

    failed = [row for row in rows if row["endpoint"].failures or row["floor"].failures]
    slow = [row for row in rows if row["ratio"] < TARGET]
    for row in failed:
        print(f"FAILED REQUESTS: {row['path']}")
    for row in slow:
        print(f"BELOW TARGET: {row['path']} serves {row['ratio']:.2f} of its floor (target {TARGET}).")
    return 1 if failed or slow else 0


if __name__ == "__main__":
    sys.exit(main())
