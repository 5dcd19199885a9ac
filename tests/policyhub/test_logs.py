import logging

import pytest

from countries.logs import KeyValueFormatter
from policyhub.celery import app


@app.task(name="tests.add")
def add(a, b):
    return a + b


@app.task(name="tests.fail")
def fail():
    raise ValueError("no")


def _records(caplog, logger):
    return [r for r in caplog.records if r.name == logger]


@pytest.mark.django_db
def test_a_request_logs_one_line_with_path_status_and_duration(client, caplog):
    caplog.set_level(logging.INFO, logger="policyhub.requests")
    client.get("/about/")
    (record,) = [r for r in _records(caplog, "policyhub.requests") if r.fields["path"] == "/about/"]
    line = KeyValueFormatter().format(record)
    assert "level=info" in line and "method=GET path=/about/ status=200 duration_ms=" in line
    assert record.fields["duration_ms"] > 0


@pytest.mark.django_db
def test_a_missing_page_logs_a_warning(client, caplog):
    caplog.set_level(logging.INFO, logger="policyhub.requests")
    client.get("/no-such-page/")
    (record,) = _records(caplog, "policyhub.requests")
    assert record.levelno == logging.WARNING and record.fields["status"] == 404


def test_a_task_logs_name_state_and_duration(caplog):
    caplog.set_level(logging.INFO, logger="policyhub.tasks")
    assert add.apply((2, 3)).get() == 5  # runs in this process whether or not a broker is configured
    (record,) = _records(caplog, "policyhub.tasks")
    line = KeyValueFormatter().format(record)
    assert "task=tests.add" in line and "state=SUCCESS" in line and "duration_ms=" in line


def test_an_eager_task_that_raises_logs_an_error(caplog):
    caplog.set_level(logging.INFO, logger="policyhub.tasks")
    with pytest.raises(ValueError):
        fail.apply(throw=True)
    (record,) = _records(caplog, "policyhub.tasks")
    assert record.levelno == logging.ERROR
    assert record.fields["state"] == "FAILURE" and record.fields["error"] == "ValueError"


def test_formatter_quotes_values_with_spaces():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "a message", None, None)
    record.fields = {"path": '/a b/"c"'}
    assert KeyValueFormatter().format(record).endswith('msg="a message" path="/a b/\\"c\\""')


def test_a_failed_task_logs_an_error_in_a_worker(caplog):
    caplog.set_level(logging.INFO, logger="policyhub.tasks")
    result = fail.apply(throw=False)  # a worker records the failure instead of raising it
    assert result.failed()
    (record,) = _records(caplog, "policyhub.tasks")
    assert record.levelno == logging.ERROR
    assert record.fields["state"] == "FAILURE" and record.fields["error"] == "ValueError"


def test_a_command_writes_only_its_output_to_stdout(tmp_path):
    """Logs go to stderr, so `manage.py dumpdata > data.json` writes pure JSON."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from django.conf import settings

    db = tmp_path / "dump.sqlite3"
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}", "CELERY_BROKER_URL": ""}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, capture_output=True)
    done = subprocess.run([*manage, "dumpdata", "countries.indicator"], env=env, check=True, capture_output=True, text=True)
    assert json.loads(done.stdout) == [] and "level=" in done.stderr
