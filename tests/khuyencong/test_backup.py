"""make backup / make restore round-trip a database and the uploaded files: SQLite by
its file, PostgreSQL by pg_dump into a scratch database (in CI)."""

import io
import sqlite3
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import InMemoryStorage, default_storage
from django.core.management import call_command
from django.db import connection

from core import backups
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


IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


def _files(storage) -> dict:
    names = backups.stored_names(storage)
    return {name: storage.open(name, "rb").read() for name in names}


def test_backup_and_restore_go_through_the_default_storage_not_a_folder(
    settings, tmp_path, monkeypatch
):
    """The uploads may live in a bucket shared by several machines: the commands read
    and write them through the storage, whatever it is (here one in memory)."""
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}
    settings.MEDIA_ROOT = tmp_path / "media"
    files = {
        "requests/2026/05/anh.jpg": b"\xff\xd8 photo",
        "documents/2026/QD-2026-001.docx": b"PK docx",
    }
    for name, content in files.items():
        default_storage.save(name, ContentFile(content))

    def fake_dump(db, folder):  # the database has tests of its own above
        (folder / "database.dump").write_bytes(b"dump")
        return folder / "database.dump"

    monkeypatch.setattr(backups, "backup_database", fake_dump)
    monkeypatch.setattr(backups, "restore_database", lambda db, folder: None)
    call_command("backup", to=tmp_path / "backups", stdout=io.StringIO())
    [folder] = (tmp_path / "backups").iterdir()

    default_storage.delete("documents/2026/QD-2026-001.docx")
    default_storage.save("stray.txt", ContentFile(b"sau sao luu"))
    call_command("restore", folder, yes=True, stdout=io.StringIO())

    assert _files(default_storage) == files
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.parametrize(
    "name", ["media/../../etc/cron.d/x", "/etc/passwd", "khac/anh.jpg", "media/link"]
)
def test_an_archive_with_a_file_out_of_place_is_refused_and_nothing_is_touched(tmp_path, name):
    archive = tmp_path / backups.MEDIA
    with tarfile.open(archive, "w:gz") as tar:
        member = tarfile.TarInfo(name)
        if name == "media/link":
            member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
            tar.addfile(member)
        else:
            member.size = 3
            tar.addfile(member, io.BytesIO(b"bad"))
    storage = InMemoryStorage()
    storage.save("products/anh.jpg", ContentFile(b"photo"))

    with pytest.raises(BackupError):
        backups.restore_media(storage, tmp_path)

    assert _files(storage) == {"products/anh.jpg": b"photo"}


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
