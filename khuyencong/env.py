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


def database_config(env: environ.Env) -> dict:
    url = env.str("DATABASE_URL", default="")
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}
    try:
        config = env.db_url_config(url)
    except Exception as exc:
        raise EnvironmentError_(f"DATABASE_URL cannot be parsed ({exc}): {url!r}") from exc
    if not config.get("ENGINE"):
        raise EnvironmentError_(
            f"DATABASE_URL has an unknown scheme: {url!r}. Use postgres://user@host:port/name."
        )
    return config
