"""The production stack's files agree with the code: Docker cannot run here, so the files are checked as text."""

import importlib
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ["migrate", "web", "worker", "beat"]  # run our image; the rest are stock images
REQUIRED_IN_PRODUCTION = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "CELERY_BROKER_URL"}
TEST_ONLY = {"POLICYHUB_TESTING"}
# Read by docker-compose.yml itself (for the postgres container and DATABASE_URL), not by the application.
COMPOSE_ONLY = {"POSTGRES_PASSWORD"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def settings_variables() -> set[str]:
    source = (ROOT / "policyhub" / "settings.py").read_text()
    names = set(re.findall(r"""(?:os\.environ\.get|os\.getenv|\benv_\w+)\(\s*["']([A-Z][A-Z0-9_]*)["']""", source))
    names |= set(re.findall(r"""os\.environ\[\s*["']([A-Z][A-Z0-9_]*)["']\s*\]""", source))
    if "dj_database_url.config(" in source:
        names.add("DATABASE_URL")  # dj-database-url reads it
    return names


def env_example() -> dict[str, str | None]:
    """Variables in .env.example: value for the ones set, None for the ones documented in a comment."""
    found: dict[str, str | None] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if match := re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$", line):
            found[match.group(2)] = None if match.group(1) else match.group(3)
    return found


def dockerfile_env() -> set[str]:
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return {name for line in re.findall(r"^ENV (.+)$", text, re.M) for name in re.findall(r"([A-Z][A-Z0-9_]*)=", line)}


def test_settings_variables_are_found():
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG", "DATABASE_URL", "CELERY_BROKER_URL", "MEDIA_ROOT"} <= settings_variables()


def test_compose_has_the_services_and_volumes(compose):
    assert {"db", "redis", "migrate", "web", "worker", "beat"} <= set(compose["services"])
    assert compose["services"]["db"]["image"] == "postgres:16"
    assert compose["services"]["redis"]["image"] == "redis:7"
    assert {"pgdata", "media"} <= set(compose["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in compose["services"]["db"]["volumes"]
    for name in APP_SERVICES:
        assert "media:/app/media" in compose["services"][name]["volumes"]


def test_every_long_running_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        if name == "migrate":
            assert service["restart"] == "no"  # one-shot; dependants wait for it to exit successfully
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test and test[0] in {"CMD", "CMD-SHELL"}, name


def test_migrations_run_once_before_the_services_that_use_the_database(compose):
    assert compose["services"]["migrate"]["command"] == ["python", "manage.py", "migrate", "--noinput"]
    for name in ["web", "worker", "beat"]:
        assert compose["services"][name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "migrate" not in " ".join(compose["services"][name]["command"])
    assert compose["services"]["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}


def test_commands_name_real_modules(compose):
    services = compose["services"]
    web = services["web"]["command"]
    assert web[0] == "gunicorn"
    module, _, attribute = web[1].partition(":")
    assert hasattr(importlib.import_module(module), attribute or "application")
    for name, role in [("worker", "worker"), ("beat", "beat")]:
        command = services[name]["command"]
        assert command[:4] == ["celery", "-A", "policyhub", role]
    from policyhub import celery_app

    assert celery_app.main == "policyhub"
    assert "profiles.tasks.render_stale_briefs" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert services["web"]["healthcheck"]["test"][1:4] == ["python", "-m", "countries.health"]
    assert importlib.import_module("countries.health").probe


def test_every_variable_given_to_the_application_is_one_settings_reads(compose):
    read = settings_variables()
    for name in APP_SERVICES:
        assert set(compose["services"][name]["environment"]) <= read, name
        assert compose["services"][name]["env_file"] == ".env"
    assert set(env_example()) - COMPOSE_ONLY <= read
    assert dockerfile_env() - {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "PIP_NO_CACHE_DIR",
                               "PIP_DISABLE_PIP_VERSION_CHECK"} <= read


def test_env_example_documents_every_variable_settings_reads():
    assert settings_variables() - TEST_ONLY - set(env_example()) == set()


def test_production_requirements_are_provided(compose):
    example = env_example()
    for name in APP_SERVICES:
        service = compose["services"][name]
        provided = {key for key, value in example.items() if value is not None} | set(service["environment"])
        assert provided >= REQUIRED_IN_PRODUCTION, name
        assert "DEBUG" not in service["environment"]
    assert example.get("DEBUG") is None  # documented, not set
    assert compose["services"]["web"]["environment"]["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    assert re.fullmatch(r"postgres://policyhub:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432/policyhub",
                        compose["services"]["web"]["environment"]["DATABASE_URL"])
    assert "POSTGRES_PASSWORD" in example


def test_dockerfile_builds_a_non_root_image_with_fonts_and_static_files():
    text = (ROOT / "Dockerfile").read_text()
    assert text.startswith("#") and "FROM python:3.11-slim" in text
    assert re.search(r"^USER policyhub$", text, re.M)
    for package in ["libpango-1.0-0", "libharfbuzz0b", "libfontconfig1", "fonts-dejavu-core", "fonts-noto-core"]:
        assert package in text
    assert "pip install -r requirements.txt" in text
    assert "collectstatic --noinput" in text
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".env", "db.sqlite3"} <= set(ignored)
