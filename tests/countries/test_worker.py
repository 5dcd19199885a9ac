"""Briefs rendered by a real Celery worker through Redis, including a worker killed mid-render.

The worker and the site share a SQLite file of their own, so nothing here touches the test database.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.worker

BROKER = "redis://127.0.0.1:6379/14"


def _redis():
    import redis

    client = redis.Redis.from_url(BROKER, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CELERY_BROKER_URL"):
            pytest.fail("A broker is configured but Redis does not answer on 127.0.0.1:6379.")
        pytest.skip("Redis does not answer on 127.0.0.1:6379; the in-process path is tested elsewhere.")
    return client


@pytest.fixture
def stack(tmp_path):
    _redis().flushdb()
    db = tmp_path / "worker.sqlite3"
    env = {
        **os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}", "CELERY_BROKER_URL": BROKER,
        "MEDIA_ROOT": str(tmp_path / "media"), "BRIEF_STUCK_SECONDS": "4", "CELERY_VISIBILITY_TIMEOUT": "5",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run([*manage, "seed", "-v0"], env=env, check=True)
    workers = []

    def start_worker():
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "policyhub", "worker", "-c", "1", "--without-mingle",
             "--without-gossip", "-l", "warning"],
            env=env, cwd=settings.BASE_DIR, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        workers.append(worker)
        return worker

    def statuses():
        with sqlite3.connect(db) as conn:
            return dict(conn.execute(
                "select c.iso2, b.status from countries_brief b join countries_country c on c.id = b.country_id"))

    def wait_for(predicate, timeout=180):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            current = statuses()
            if predicate(current):
                return current
            time.sleep(0.2)
        raise AssertionError(f"timed out; briefs are {statuses()}")

    yield {"manage": manage, "env": env, "start_worker": start_worker, "statuses": statuses, "wait_for": wait_for}
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def test_worker_renders_queued_briefs_and_survives_being_killed(stack):
    countries = ["UA", "MD", "KG", "RU"]
    worker = stack["start_worker"]()
    subprocess.run([*stack["manage"], "render_briefs", "--country", ",".join(countries), "--lang", "en", "--queue"],
                   env=stack["env"], check=True)
    done = stack["wait_for"](lambda s: len(s) == 4 and set(s.values()) == {"ready"})
    assert set(done) == set(countries)

    # Force a new batch and kill the worker while it renders.
    subprocess.run([*stack["manage"], "render_briefs", "--country", ",".join(countries), "--lang", "en", "--queue",
                    "--force"], env=stack["env"], check=True)
    stack["wait_for"](lambda s: "rendering" in s.values(), timeout=60)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    assert "rendering" in stack["statuses"]().values()

    stack["start_worker"]()
    final = stack["wait_for"](lambda s: set(s.values()) == {"ready"})
    assert set(final) == set(countries)
