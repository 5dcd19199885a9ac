import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

PROBE = (
    "import json, policyhub.settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], 'name': str(s.DATABASES['default']['NAME']), "
    "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS}))"
)


def _settings_with(env: dict) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {
        "DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "POLICYHUB_TESTING"}}
    return subprocess.run([sys.executable, "-c", PROBE], env={**clean, **env}, capture_output=True, text=True,
                          cwd=settings.BASE_DIR)


def test_settings_default_is_sqlite_and_eager_tasks():
    import json

    result = _settings_with({"DEBUG": "1"})
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["eager"] is True
    assert values["debug"] is True


def test_settings_read_database_and_broker_from_environment():
    import json

    result = _settings_with({
        "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "policyhub.example",
        "DATABASE_URL": "postgres://u:p@db:5432/policyhub", "CELERY_BROKER_URL": "redis://redis:6379/0",
    })
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["eager"] is False
    assert values["debug"] is False
    assert values["hosts"] == ["policyhub.example"]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_settings_refuse_to_start_in_production_without(missing):
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "policyhub.example"}
    del env[missing]
    result = _settings_with(env)
    assert result.returncode != 0
    assert missing in result.stderr and "ImproperlyConfigured" in result.stderr


@pytest.mark.parametrize(("name", "value", "says"), [
    ("DEBUG", "ture", "is not a yes/no value"),
    ("SQLITE_BUSY_TIMEOUT", "thirty", "is not a whole number"),
    ("CACHE_TIMEOUT_SECONDS", "fast", "is not a number"),
    ("STORED_ANSWER_MAX_BYTES", "-1", "must not be negative"),
])
def test_settings_stop_start_up_on_an_invalid_value(name, value, says):
    result = _settings_with({"DEBUG": "1", name: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and f"{name}={value!r} {says}" in result.stderr


def test_manage_py_reports_an_invalid_value_and_exits_non_zero():
    env = {**os.environ, "DEBUG": "ture"}
    result = subprocess.run([sys.executable, "manage.py", "check"], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR)
    assert result.returncode != 0 and "DEBUG='ture' is not a yes/no value" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "POLICYHUB_TESTING", "DJANGO_SETTINGS_MODULE"}}
    env.update({"SECRET_KEY": "k3y-" + "a1b2c3d4e5" * 6, "ALLOWED_HOSTS": "policyhub.example"})
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_no_missing_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
