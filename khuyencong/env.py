"""Reading the environment, with one clear message for every way it can be wrong."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


class EnvironmentError_(ImproperlyConfigured):
    """A setting from the environment or `.env` cannot be used."""


def read_env_file(path: Path) -> None:
    """Load `.env` if present; refuse a malformed line instead of silently skipping it."""
    if not path.exists():
        return
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].strip()
        name, sep, _value = line.partition("=")
        if not sep or not name.strip().isidentifier():
            raise EnvironmentError_(
                f"{path.name}, line {number}: expected NAME=value, got {raw!r}. "
                "Fix or remove the line (see .env.example)."
            )
    environ.Env.read_env(str(path), overwrite=False)


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(env: environ.Env, name: str, *, default: bool) -> bool:
    """A strict boolean: a typo such as DJANGO_DEBUG=flase is refused, not read as false."""
    raw = env.str(name, default=None)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise EnvironmentError_(f"{name} must be true or false, got {raw!r}.")


def database_config(env: environ.Env) -> dict:
    url = env.str("DATABASE_URL", default="")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in environ.Env.DB_SCHEMES:
        raise EnvironmentError_(
            f"DATABASE_URL has an unknown scheme {scheme!r}. "
            "Use postgres://user@host:port/name, or unset it for SQLite."
        )
    try:
        config = env.db_url_config(url)
    except Exception as exc:
        raise EnvironmentError_(f"DATABASE_URL cannot be parsed ({exc}): {url!r}") from exc
    return config


S3_BACKEND = "storages.backends.s3.S3Storage"


def storage_config(env: environ.Env) -> dict:
    """The uploads' storage: the filesystem (MEDIA_ROOT) by default; with
    KHUYENCONG_STORAGE=s3 an S3-compatible bucket that every web node and worker shares."""
    kind = env.str("KHUYENCONG_STORAGE", default="filesystem").strip().lower()
    if kind in ("", "filesystem"):
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise EnvironmentError_(
            f"KHUYENCONG_STORAGE must be filesystem or s3, got {kind!r} (see .env.example)."
        )
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        raise EnvironmentError_("KHUYENCONG_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME.")
    style = env.str("AWS_S3_ADDRESSING_STYLE", default="") or None
    if style not in (None, "auto", "path", "virtual"):
        raise EnvironmentError_(
            f"AWS_S3_ADDRESSING_STYLE must be auto, path or virtual, got {style!r}."
        )
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "addressing_style": style,
        "signature_version": "s3v4",
        # A folder inside the bucket, should the bucket be shared with something else.
        "location": env.str("AWS_LOCATION", default=""),
        # Every file is private: it is streamed through the view that checks who asks,
        # never handed out as a link, so url() signs nothing.
        "querystring_auth": False,
        # The canned ACL sent with each object; none by default (a bucket with ACLs
        # disabled refuses one), the bucket being private.
        "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
        # Two uploads of one name keep both, as on the filesystem.
        "file_overwrite": False,
        # A file read back (a download, a conversion) spills to a temporary file past this.
        "max_memory_size": 5 * 1024 * 1024,
    }
    # Without keys boto3 looks further (an instance role, ~/.aws).
    for option, name in (
        ("access_key", "AWS_ACCESS_KEY_ID"),
        ("secret_key", "AWS_SECRET_ACCESS_KEY"),
    ):
        value = env.str(name, default="")
        if value:
            options[option] = value
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}
