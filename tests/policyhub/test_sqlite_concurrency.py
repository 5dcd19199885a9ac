"""The embedded SQLite default lets editors write at the same time: they wait for each other instead of failing
with "database is locked" (issue 14, finding 7)."""

import threading
import time

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper


def connection_to(path) -> DatabaseWrapper:
    """A connection with the settings' SQLite options, to a database file of its own (the suite's is in memory)."""
    return DatabaseWrapper({
        "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": dict(settings.SQLITE_OPTIONS),
        "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None, "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {},
    }, alias=f"concurrency-{threading.get_ident()}")


def test_concurrent_read_then_write_transactions_all_succeed(tmp_path, django_db_blocker):
    # In a thread of its own: the browser tests leave an event loop running in the main thread, where Django
    # refuses to open new database connections.
    failures = []

    def run():
        try:
            _run_concurrent_writes(tmp_path)
        except BaseException as error:  # noqa: BLE001 - reported to the test below
            failures.append(error)

    with django_db_blocker.unblock():  # a database of its own, outside the suite's
        thread = threading.Thread(target=run)
        thread.start()
        thread.join()
    if failures:
        raise failures[0]


def _run_concurrent_writes(tmp_path):
    path = tmp_path / "editors.sqlite3"
    setup = connection_to(path)
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter (id, value) VALUES (1, 0)")
    setup.close()
    errors, writes = [], 15

    def editor():
        connection = connection_to(path)
        try:
            for _ in range(writes):
                # Like a PATCH through review: read the stored record, then write the change.
                with _atomic(connection):
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT value FROM counter WHERE id = 1")
                        value = cursor.fetchone()[0]
                        time.sleep(0.002)
                        cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except Exception as error:  # any "database is locked" fails the test
            errors.append(repr(error))
        finally:
            connection.close()

    def long_import():
        # A large import preview holds one transaction open while the others keep writing.
        connection = connection_to(path)
        try:
            with _atomic(connection), connection.cursor() as cursor:
                cursor.execute("SELECT value FROM counter WHERE id = 1")
                time.sleep(1.0)
                cursor.execute("UPDATE counter SET value = value WHERE id = 1")
        except Exception as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=editor) for _ in range(4)] + [threading.Thread(target=long_import)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = connection_to(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        assert cursor.fetchone()[0] == 4 * writes  # no lost update either
    check.close()


def _atomic(connection):
    """Django's own transaction (BEGIN IMMEDIATE with the options) on this thread's connection."""
    connections[connection.alias] = connection
    return transaction.atomic(using=connection.alias)


def test_settings_give_sqlite_a_busy_timeout_and_immediate_transactions():
    assert settings.SQLITE_OPTIONS["timeout"] >= 5
    assert settings.SQLITE_OPTIONS["transaction_mode"] == "IMMEDIATE"
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
