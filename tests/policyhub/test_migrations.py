"""Every project migration can be unapplied: each app goes back to zero and forward again on PostgreSQL."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PROJECT_APPS = ["editors", "recommendations", "legislation", "countries"]  # dependants first

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Unapplying migrations is checked on PostgreSQL, the production database; set DATABASE_URL to run it.",
    ),
    pytest.mark.django_db(transaction=True),
]


def _tables() -> set[str]:
    return set(connection.introspection.table_names())


def _project_tables(app_label: str) -> set[str]:
    return {model._meta.db_table for model in apps.get_app_config(app_label).get_models(include_auto_created=True)}


def _unapplied() -> list:
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


def test_project_migrations_go_back_to_zero_and_forward_again():
    assert not _unapplied()
    expected = {app: _project_tables(app) for app in PROJECT_APPS}
    assert all(tables and tables <= _tables() for tables in expected.values())

    try:
        for app in PROJECT_APPS:
            call_command("migrate", app, "zero", verbosity=0)
            assert not expected[app] & _tables(), f"{app} left tables behind"
        assert {migration.app_label for migration, _backwards in _unapplied()} >= set(PROJECT_APPS)

        for app in reversed(PROJECT_APPS):
            call_command("migrate", app, verbosity=0)
            assert expected[app] <= _tables(), f"{app} did not create all its tables"
    finally:
        call_command("migrate", verbosity=0)

    assert not _unapplied()
    assert all(tables <= _tables() for tables in expected.values())
