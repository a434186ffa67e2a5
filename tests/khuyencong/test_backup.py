"""make backup / make restore round-trip a database and the uploaded files: SQLite by
its file, PostgreSQL by pg_dump into a scratch database (in CI)."""

import sqlite3
import uuid

import pytest
from django.db import connection

from core.backups import BackupError, backup, restore
from projects.models import Project
from tests.conftest import skip_or_fail
from tests.factories import ProjectFactory


def _sqlite_db(path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def _rows(path) -> list:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT code, amount FROM grant_row ORDER BY code").fetchall()


def test_a_sqlite_database_and_the_uploads_round_trip(tmp_path):
    database = tmp_path / "db.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE grant_row (code TEXT, amount INTEGER)")
        db.executemany(
            "INSERT INTO grant_row VALUES (?, ?)", [("DP-2026-001", 150_000_000), ("Đề án ư", 1)]
        )
    media = tmp_path / "media"
    (media / "products").mkdir(parents=True)
    (media / "products" / "anh.jpg").write_bytes(b"\xff\xd8 photo")

    folder = backup(_sqlite_db(database), media, tmp_path / "backups")

    # Everything is lost...
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM grant_row")
        db.execute("INSERT INTO grant_row VALUES ('rác', 0)")
    (media / "products" / "anh.jpg").unlink()
    (media / "stray.txt").write_text("sau sao lưu")

    manifest = restore(_sqlite_db(database), media, folder)

    # ...and comes back exactly as it was.
    assert manifest["engine"] == "sqlite"
    assert _rows(database) == [("DP-2026-001", 150_000_000), ("Đề án ư", 1)]
    assert (media / "products" / "anh.jpg").read_bytes() == b"\xff\xd8 photo"
    assert not (media / "stray.txt").exists()


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path):
    with pytest.raises(BackupError):
        restore(_sqlite_db(tmp_path / "db.sqlite3"), tmp_path / "media", tmp_path)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_postgres_database_round_trips_through_pg_dump(tmp_path, localities_committed):
    if connection.vendor != "postgresql":
        skip_or_fail("the PostgreSQL backup needs DATABASE_URL on PostgreSQL")
    ProjectFactory(code="DP-2026-777", title="Máy sấy vải thiều")
    source = connection.settings_dict
    folder = backup(source, tmp_path / "media", tmp_path / "backups")

    scratch = f"kc_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{scratch}"')
    try:
        restore({**source, "NAME": scratch}, tmp_path / "media", folder)
        import psycopg2

        with (
            psycopg2.connect(
                dbname=scratch,
                user=source["USER"],
                host=source["HOST"] or "127.0.0.1",
                port=source["PORT"] or 5432,
            ) as copy,
            copy.cursor() as cursor,
        ):
            cursor.execute("SELECT title FROM projects_project WHERE code = 'DP-2026-777'")
            assert cursor.fetchone() == ("Máy sấy vải thiều",)
            cursor.execute("SELECT count(*) FROM localities_adminunit")
            units = cursor.fetchone()[0]
        assert units > 10_000
        assert Project.objects.filter(code="DP-2026-777").exists()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
