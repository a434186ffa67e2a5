"""Backups: the database (pg_dump custom format, or a consistent copy of the SQLite file)
and the stored files (a tar.gz of everything in the default storage, MEDIA_ROOT or the
shared bucket alike), in one folder with a manifest.

`make backup` writes backups/khuyencong-<time>/; `make restore BACKUP=<that folder>` puts
the database and the files back. Restoring replaces what is there."""

import datetime as dt
import json
import os
import posixpath
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"
ARCHIVE_ROOT = "media"  # the folder the stored files sit in inside the archive


class BackupError(Exception):
    pass


def _engine(db: dict) -> str:
    engine = db["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite3" in engine:
        return "sqlite"
    raise BackupError(f"no backup for the database engine {engine}")


def _pg_args(db: dict) -> tuple[list[str], dict]:
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


def backup_database(db: dict, folder: Path) -> Path:
    """Write the database into `folder`; returns the file."""
    engine = _engine(db)
    if engine == "postgresql":
        target = folder / PG_DUMP
        args, env = _pg_args(db)
        _run(
            ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(target), db["NAME"]],
            env,
        )
        return target
    target = folder / SQLITE_COPY
    source = sqlite3.connect(db["NAME"])
    try:
        copy = sqlite3.connect(target)
        with copy:
            source.backup(copy)  # consistent even while the portal writes
        copy.close()
    finally:
        source.close()
    return target


def restore_database(db: dict, folder: Path) -> None:
    """Replace the database's content with the backup's."""
    engine = _engine(db)
    if engine == "postgresql":
        dump = folder / PG_DUMP
        if not dump.is_file():
            raise BackupError(f"{dump}: no PostgreSQL dump in this backup")
        args, env = _pg_args(db)
        _run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                db["NAME"],
                str(dump),
            ],
            env,
        )
        return
    copy = folder / SQLITE_COPY
    if not copy.is_file():
        raise BackupError(f"{copy}: no SQLite copy in this backup")
    source = sqlite3.connect(copy)
    try:
        target = sqlite3.connect(db["NAME"])
        with target:
            source.backup(target)
        target.close()
    finally:
        source.close()


def _as_storage(media: Storage | Path) -> Storage:
    if isinstance(media, Storage):
        return media
    return FileSystemStorage(location=media)


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, walking its folders (S3 prefixes alike)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a filesystem storage whose folder was never made
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, posixpath.join(folder, sub) if folder else sub)


def backup_media(media: Storage | Path, folder: Path) -> Path | None:
    """The stored files into a tar.gz, read through the storage (a folder or a bucket)."""
    storage = _as_storage(media)
    names = list(stored_names(storage))
    if not names:
        return None
    target = folder / MEDIA
    with tarfile.open(target, "w:gz") as archive:
        for name in names:
            member = tarfile.TarInfo(f"{ARCHIVE_ROOT}/{name}")
            member.size = storage.size(name)
            member.mode = 0o644
            member.mtime = int(storage.get_modified_time(name).timestamp())
            with storage.open(name, "rb") as handle:
                archive.addfile(member, handle)
    return target


def _archived_name(member: tarfile.TarInfo) -> str | None:
    """The storage name of a file in the archive; None for folders. Links, devices and
    names that climb out are refused: the archive may not be the one we wrote."""
    path = PurePosixPath(member.name)
    if member.isdir():
        return None
    if not member.isfile():
        raise BackupError(f"{member.name}: not a plain file in the archive")
    if path.is_absolute() or ".." in path.parts or path.parts[:1] != (ARCHIVE_ROOT,):
        raise BackupError(f"{member.name}: not a file under {ARCHIVE_ROOT}/ in the archive")
    name = PurePosixPath(*path.parts[1:]).as_posix()
    return name if name not in ("", ".") else None


def restore_media(media: Storage | Path, folder: Path) -> None:
    """Make the storage hold exactly the archive's files: the others go, each archived
    one is written again under its own name."""
    archive_path = folder / MEDIA
    if not archive_path.is_file():
        return
    storage = _as_storage(media)
    with tarfile.open(archive_path, "r:gz") as archive:
        members = [
            (name, member) for member in archive.getmembers() if (name := _archived_name(member))
        ]
        keep = {name for name, _member in members}
        for name in list(stored_names(storage)):
            if name not in keep:
                storage.delete(name)
        for name, member in members:
            handle = archive.extractfile(member)
            storage.delete(name)  # the same name back, not a renamed copy
            saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}")


def backup(db: dict, media: Storage | Path, root: Path) -> Path:
    """A new backup folder under `root` with the database, the files and a manifest."""
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%d-%H%M%S")
    folder = root / f"khuyencong-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    database = backup_database(db, folder)
    archive = backup_media(media, folder)
    manifest = {
        "created_at": dt.datetime.now(tz=dt.UTC).isoformat(),
        "engine": _engine(db),
        "database": database.name,
        "media": archive.name if archive else None,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def restore(db: dict, media: Storage | Path, folder: Path) -> dict:
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder}: not a backup folder (no {MANIFEST})")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("engine") != _engine(db):
        raise BackupError(
            f"this backup is of a {manifest.get('engine')} database; the portal runs on "
            f"{_engine(db)}"
        )
    restore_database(db, folder)
    restore_media(media, folder)
    return manifest
