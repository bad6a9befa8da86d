"""The embedded default's SQLite settings (portal.settings.SQLITE_OPTIONS): two
transactions that each read and then write both succeed, one after the other, instead of
one failing with "database is locked". The test uses its own SQLite files, whatever
database the suite runs on."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

from django.conf import settings
from django.db import OperationalError
from django.db.utils import ConnectionHandler


def _race(path, options: dict) -> tuple[list[str], int]:
    """Two threads, each with its own connection, each in a transaction: read a counter,
    wait until the other has read it too (for at most a second), add one, commit.
    Returns the errors and the counter's final value."""
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": path, "OPTIONS": options}})
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE counter (n integer)")
        cursor.execute("INSERT INTO counter VALUES (0)")
    handler["default"].close()
    has_read = [threading.Event(), threading.Event()]
    errors: list[str] = []

    def work(me: int) -> None:
        connection = handler["default"]  # this thread's own
        try:
            # What transaction.atomic() does on SQLite.
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                has_read[me].set()
                has_read[1 - me].wait(1)
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
            connection.commit()
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(me,)) for me in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        (n,) = cursor.fetchone()
    handler["default"].close()
    return errors, n


def test_two_transactions_that_read_then_write_both_succeed(tmp_path, django_db_blocker):
    options = {**settings.SQLITE_OPTIONS, "timeout": 5}  # a shorter wait, should it fail
    with django_db_blocker.unblock():  # its own files, not the test database
        assert _race(tmp_path / "portal.sqlite3", options) == ([], 2)


def test_without_the_setting_sqlite_refuses_one_of_them_at_once(tmp_path, django_db_blocker):
    """What the setting is for (and a check that the test above makes them collide)."""
    with django_db_blocker.unblock():
        assert _race(tmp_path / "plain.sqlite3", {"timeout": 5}) == (["database is locked"], 1)


def test_an_sqlite_database_url_gets_the_same_options(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DEBUG": "true"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/other.sqlite3"
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == str(settings.SQLITE_OPTIONS)
