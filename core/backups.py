"""Backups: the database (pg_dump custom format, or a consistent copy of the SQLite file)
and the uploaded files (a tar.gz of MEDIA_ROOT), in one folder with a manifest.

`make backup` writes backups/khuyencong-<time>/; `make restore BACKUP=<that folder>` puts
the database and the files back. Restoring replaces what is there."""

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

MANIFEST = "manifest.json"
PG_DUMP = "database.dump"
SQLITE_COPY = "database.sqlite3"
MEDIA = "media.tar.gz"


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


def backup_media(media_root: Path, folder: Path) -> Path | None:
    if not media_root.is_dir():
        return None
    target = folder / MEDIA
    with tarfile.open(target, "w:gz") as archive:
        archive.add(media_root, arcname="media")
    return target


def restore_media(media_root: Path, folder: Path) -> None:
    archive_path = folder / MEDIA
    if not archive_path.is_file():
        return
    staging = media_root.parent / f".{media_root.name}-restoring"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(staging, filter="data")  # no absolute paths, no links out
    if media_root.exists():
        shutil.rmtree(media_root)
    (staging / "media").rename(media_root)
    shutil.rmtree(staging, ignore_errors=True)


def backup(db: dict, media_root: Path, root: Path) -> Path:
    """A new backup folder under `root` with the database, the files and a manifest."""
    stamp = dt.datetime.now(tz=dt.UTC).strftime("%Y%m%d-%H%M%S")
    folder = root / f"khuyencong-{stamp}"
    folder.mkdir(parents=True, exist_ok=False)
    database = backup_database(db, folder)
    media = backup_media(media_root, folder)
    manifest = {
        "created_at": dt.datetime.now(tz=dt.UTC).isoformat(),
        "engine": _engine(db),
        "database": database.name,
        "media": media.name if media else None,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return folder


def restore(db: dict, media_root: Path, folder: Path) -> dict:
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
    restore_media(media_root, folder)
    return manifest
