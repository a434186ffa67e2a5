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


_OIDC_KEY_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789")
_TOKEN_AUTH_METHODS = ("client_secret_post", "client_secret_basic")


def oidc_providers(env: environ.Env) -> list[dict]:
    """The OpenID Connect providers people may sign in with, from the environment.

    KHUYENCONG_OIDC_PROVIDERS names them (``vneid,sso``); each has its variables
    KHUYENCONG_OIDC_<KEY>_* (docs/DEPLOYMENT.md). None set: no provider, no button.
    """
    keys = [k.strip().lower() for k in env.list("KHUYENCONG_OIDC_PROVIDERS", default=[])]
    providers = []
    for key in filter(None, keys):
        if not set(key) <= _OIDC_KEY_CHARS or len(key) > 20:
            raise EnvironmentError_(
                f"KHUYENCONG_OIDC_PROVIDERS: {key!r} must be lower-case letters and digits "
                "(at most 20)."
            )
        prefix = f"KHUYENCONG_OIDC_{key.upper()}_"

        def value(name: str, default: str = "", prefix=prefix) -> str:
            return env.str(prefix + name, default=default).strip()

        issuer = value("ISSUER").rstrip("/")
        client_id = value("CLIENT_ID")
        roles = [r.strip() for r in value("ROLES").split(",") if r.strip()]
        for name, given in (("ISSUER", issuer), ("CLIENT_ID", client_id), ("ROLES", roles)):
            if not given:
                raise EnvironmentError_(f"{prefix}{name} must be set for provider {key!r}.")
        if not issuer.startswith(("https://", "http://")):
            raise EnvironmentError_(f"{prefix}ISSUER must be an http(s) URL, got {issuer!r}.")
        token_auth = value("TOKEN_AUTH", "client_secret_basic")
        if token_auth not in _TOKEN_AUTH_METHODS:
            raise EnvironmentError_(
                f"{prefix}TOKEN_AUTH must be one of {', '.join(_TOKEN_AUTH_METHODS)}."
            )
        claims = {}
        for pair in filter(None, (p.strip() for p in value("CLAIMS").split(","))):
            ours, sep, theirs = pair.partition("=")
            if not sep or not ours.strip() or not theirs.strip():
                raise EnvironmentError_(f"{prefix}CLAIMS: expected ours=theirs, got {pair!r}.")
            claims[ours.strip()] = theirs.strip()
        providers.append(
            {
                "key": key,
                "label": value("LABEL", key),
                "issuer": issuer,
                "discovery_url": value("DISCOVERY_URL")
                or f"{issuer}/.well-known/openid-configuration",
                "client_id": client_id,
                "client_secret": value("CLIENT_SECRET"),
                "scopes": value("SCOPES", "openid profile"),
                "acr_values": value("ACR_VALUES"),
                "mfa_acr": [a for a in value("MFA_ACR").split() if a],
                "roles": roles,
                "claims": claims,
                "token_auth": token_auth,
                "sign_algo": value("SIGN_ALGO", "RS256"),
                "logout": env_bool(env, prefix + "LOGOUT", default=True),
                "timeout": env.float(prefix + "TIMEOUT", default=10.0),
            }
        )
    return providers


def logout_origins(providers: list[dict]) -> list[str]:
    """The origins of the providers whose logout page the logout form goes on to."""
    return sorted({"/".join(p["issuer"].split("/")[:3]) for p in providers if p["logout"]})
