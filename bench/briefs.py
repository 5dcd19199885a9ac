"""How long PDF briefs take: one brief in-process, and the whole region through Celery with one and with two workers.

Targets: one brief under 2 s; every focus-region country's English brief under 60 s with two workers.

    .venv/bin/python -m bench.briefs [--repeat 3]
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime

from bench.stack import RESULTS, ROOT, answers, manage, postgres_url, prepare_site

BROKER = "redis://127.0.0.1:6379/12"
SAMPLE = ["UA", "KG", "MD", "RU", "GE", "AL"]
ONE_BRIEF_TARGET = 2.0
REGION_TARGET = 60.0


def time_one_brief(*, repeat: int) -> dict[str, float]:
    """Median seconds to render each sample country's English brief to PDF bytes, after one warm-up render."""
    from profiles.briefs import brief_html, brief_pdf

    brief_pdf(iso2=SAMPLE[0], language="en")
    medians = {}
    for iso2 in SAMPLE:
        html_times, pdf_times = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            brief_html(iso2=iso2, language="en")
            html_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            pdf = brief_pdf(iso2=iso2, language="en")
            pdf_times.append(time.perf_counter() - started)
        medians[iso2] = statistics.median(pdf_times)
        print(f"   {iso2}: PDF {medians[iso2]:.2f} s (HTML alone {statistics.median(html_times) * 1000:.0f} ms), "
              f"{len(pdf) // 1024} KiB", flush=True)
    return medians


def start_workers(env: dict[str, str], count: int) -> list[subprocess.Popen]:
    """`count` Celery worker processes of one slot each; returns once all answer a ping."""
    from policyhub.celery import app

    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "policyhub", "worker", "-c", "1", "-n", f"bench{n}@%h",
             "--without-mingle", "--without-gossip", "-l", "warning"],
            env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for n in range(1, count + 1)
    ]
    deadline = time.monotonic() + 60
    while len(app.control.ping(timeout=0.5) or []) < count:
        if time.monotonic() > deadline or any(w.poll() is not None for w in workers):
            stop_workers(workers)
            sys.exit("Celery workers did not start.")
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def time_region(env: dict[str, str], *, workers: int, everything: bool) -> tuple[int, float]:
    """Queue a forced render of every English brief and wait until each has been rendered again; returns (count, s)."""
    import redis

    from countries.models import Country
    from profiles.models import Brief

    redis.Redis.from_url(BROKER).flushdb()
    running = start_workers(env, workers)
    try:
        countries = Country.objects.all() if everything else Country.objects.focus()
        expected = countries.count()
        started_at = datetime.now(UTC)
        started = time.perf_counter()
        manage(env, "render_briefs", "--lang", "en", "--queue", "--force", *(["--all"] if everything else []))
        while True:
            briefs = Brief.objects.filter(language="en", country__in=countries)
            done = briefs.filter(status=Brief.Status.READY, rendered_at__gte=started_at).count()
            failed = list(briefs.filter(status=Brief.Status.FAILED).values_list("country__iso2", "error"))
            if failed:
                sys.exit(f"briefs failed: {failed}")
            if done == expected:
                return expected, time.perf_counter() - started
            if time.perf_counter() - started > 600:
                sys.exit(f"only {done} of {expected} briefs were ready after 600 s")
            time.sleep(0.2)
    finally:
        stop_workers(running)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="renders per sample country")
    parser.add_argument("--database", default="policyhub_bench_briefs")
    args = parser.parse_args()
    if not answers("127.0.0.1", 6379):
        sys.exit("Redis does not answer on 127.0.0.1:6379.")

    env = prepare_site(database_url=postgres_url(args.database), workdir=RESULTS / "briefs", CELERY_BROKER_URL=BROKER,
                       DJANGO_SETTINGS_MODULE="policyhub.settings")
    os.environ.update(env)
    import django

    django.setup()

    print(f"== one English brief, median of {args.repeat} renders per country", flush=True)
    medians = time_one_brief(repeat=args.repeat)
    one = statistics.median(medians.values())
    print(f"   median over {', '.join(SAMPLE)}: {one:.2f} s", flush=True)

    region = []
    for workers, everything in ((1, False), (2, False), (2, True)):
        label = "every country (--all)" if everything else "focus region"
        count, seconds = time_region(env, workers=workers, everything=everything)
        region.append((label, workers, count, seconds))
        print(f"== {label}: {count} English briefs with {workers} worker(s) in {seconds:.1f} s "
              f"({seconds / count:.2f} s each)", flush=True)

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"\n{when}; {os.cpu_count()} cores; PostgreSQL and Redis on loopback; workers of one slot each; "
          f"1-min load average {os.getloadavg()[0]:.1f}, this run included.\n")
    print("| what | briefs | workers | seconds | per brief |")
    print("|---|---:|---:|---:|---:|")
    print(f"| one brief (median of {', '.join(SAMPLE)}) | 1 | in-process | {one:.2f} | {one:.2f} |")
    for label, workers, count, seconds in region:
        print(f"| {label}, `render_briefs --queue --force --lang en` | {count} | {workers} | {seconds:.1f} "
              f"| {seconds / count:.2f} |")

    two_workers = next(seconds for label, workers, _, seconds in region if workers == 2 and label == "focus region")
    misses = []
    if one >= ONE_BRIEF_TARGET:
        misses.append(f"one brief takes {one:.2f} s (target < {ONE_BRIEF_TARGET} s)")
    if two_workers >= REGION_TARGET:
        misses.append(f"the region takes {two_workers:.1f} s with two workers (target < {REGION_TARGET} s)")
    for miss in misses:
        print(f"BELOW TARGET: {miss}")
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
