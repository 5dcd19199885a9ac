"""What the benchmarks share: a fresh PostgreSQL database with the bundled data, gunicorn on loopback, and wrk."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
POSTGRES = "postgres://postgres@127.0.0.1:5432"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk.lua"


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_env(*, database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like site on loopback: DEBUG off, no TLS redirect, an API rate never reached."""
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "bench-secret-key-not-for-production-use",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        # Per second, not per minute: DRF keeps every request time inside the window in the cache and unpickles it on
        # each request, so a huge per-minute rate would measure a history list of rps x 60 entries, not the endpoint.
        "API_ANON_RATE": "100000000/second",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": "",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "BENCH_FLOOR_DIR": str(workdir / "floor"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "LOG_LEVEL": "WARNING",
        **extra,
    }
    env.pop("POLICYHUB_TESTING", None)
    return env


def redis_cache_url(db: int) -> str:
    """A Redis database emptied for one run (a recreated database starts its data versions again), or "" without Redis."""
    if not answers("127.0.0.1", 6379):
        return ""
    redis.Redis(host="127.0.0.1", port=6379, db=db).flushdb()
    return f"redis://127.0.0.1:6379/{db}"


def postgres_url(name: str) -> str:
    return f"{POSTGRES}/{name}"


def recreate_database(database_url: str) -> None:
    """An empty database: a SQLite file is removed, a PostgreSQL database dropped and created."""
    if database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    import psycopg

    if not answers("127.0.0.1", 5432):
        sys.exit("PostgreSQL does not answer on 127.0.0.1:5432.")
    server, name = database_url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


def prepare_site(*, database_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    """Recreate the database, migrate, seed the bundled data and collect static files. Returns the site's environment."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = site_env(database_url=database_url, workdir=workdir, **extra)
    print(f"== {database_url}: recreate, migrate, seed, collectstatic", flush=True)
    recreate_database(database_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "seed", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    return env


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int) -> Iterator[str]:
    """gunicorn with sync workers on a free loopback port; yields the base URL."""
    port = free_port()
    log = open(Path(env["STATIC_ROOT"]).parent / "gunicorn.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "policyhub.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--timeout", "60"],
        env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not answers("127.0.0.1", port):
            if server.poll() is not None or time.monotonic() > deadline:
                log.flush()
                sys.exit(f"gunicorn did not start; see {log.name}")
            time.sleep(0.1)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def fetch(url: str) -> tuple[int, bytes, str]:
    """GET a URL; returns status, body and content type, without raising on error statuses."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def ensure_wrk() -> str:
    """The wrk binary; installs the Debian package when running as root, otherwise says how to."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("== installing wrk", flush=True)
        quiet = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=quiet, check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=quiet, check=True, stdout=subprocess.DEVNULL)
        found = shutil.which("wrk")
    if not found:
        sys.exit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk.")
    return found


@dataclass
class Load:
    """What one wrk run measured. Latencies in milliseconds."""

    requests: int
    seconds: float
    p50: float
    p90: float
    p99: float
    max: float
    socket_errors: int
    not_2xx: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failures(self) -> int:
        return self.socket_errors + self.not_2xx


def run_wrk(base: str, paths: list[str], *, connections: int, seconds: int, threads: int = 2,
            count_redirects: bool = False) -> Load:
    """Load `paths` (taken in turn) at `connections` open connections for `seconds`.

    wrk counts only 4xx and 5xx answers as failures; with count_redirects every answer outside 2xx is one, at the cost
    of handing each response to Lua.
    """
    env = {**os.environ, "BENCH_PATHS": " ".join(paths)}
    if count_redirects:
        env["BENCH_COUNT_STATUS"] = "1"
    out = subprocess.run(
        [ensure_wrk(), f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(WRK_SCRIPT),
         base + paths[0]],
        env=env, capture_output=True, text=True, check=True,
    ).stdout
    line = next((line for line in out.splitlines() if line.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary:\n{out}")
    data = json.loads(line.removeprefix("BENCH_JSON "))
    return Load(
        requests=data["requests"], seconds=data["duration_us"] / 1e6,
        p50=data["p50_us"] / 1000, p90=data["p90_us"] / 1000, p99=data["p99_us"] / 1000, max=data["max_us"] / 1000,
        socket_errors=data["connect"] + data["read"] + data["write"] + data["timeout"], not_2xx=data["not_2xx"],
    )


def describe(load: Load) -> str:
    return (f"{load.per_second:8.0f} req/s  p50 {load.p50:7.1f} ms  p90 {load.p90:7.1f} ms  p99 {load.p99:7.1f} ms"
            f"  ({load.requests} requests, {load.failures} failed)")
