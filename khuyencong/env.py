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
