"""Settings for khuyencong, read through django-environ.

Production differs from a laptop only by environment variables: DJANGO_DEBUG,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL, REDIS_URL, KHUYENCONG_*, and AWS_*
for files in an object store (KHUYENCONG_STORAGE=s3).
Without DJANGO_DEBUG these are production settings, which refuse to start without
DJANGO_SECRET_KEY; the laptop demo (`make run`) sets DJANGO_DEBUG=true.
Unset DATABASE_URL -> SQLite file; unset REDIS_URL -> Celery runs tasks inline and
the cache lives in memory.

Long module: every setting of the portal in one place, each read from the environment.
"""

import datetime as dt
import os
import secrets

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from khuyencong.env import (
    BASE_DIR,
    EnvironmentError_,
    database_config,
    env_bool,
    logout_origins,
    oidc_providers,
    read_env_file,
    storage_config,
)

env = environ.Env()
read_env_file(BASE_DIR / ".env")

DEBUG = env_bool(env, "DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and os.environ.get("KHUYENCONG_SOURCE_TREE_COMMAND") == "1":
    # manage.py makemigrations/makemessages/compilemessages/collectstatic: nothing is
    # signed, so a throwaway key of this process is enough.
    SECRET_KEY = secrets.token_urlsafe(50)
if not SECRET_KEY:
    if not DEBUG:
        raise EnvironmentError_("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# A refused form token gets our page ("nothing was saved, reload and send again").
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

INSTALLED_APPS = [
    "core.admin_site.PortalAdminConfig",  # django.contrib.admin, lazier
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "khuyencong",
    "core",
    "accounts",
    "localities",
    "notifications",
    "establishments",
    "collaborators",
    "projects",
    "funding",
    "products",
    "reports",
    "documents",
    "api",
    "opendata",
    "selfservice",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a locked-out login
]

ROOT_URLCONF = "khuyencong.urls"
WSGI_APPLICATION = "khuyencong.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.roles",
                "core.context_processors.center",
            ],
        },
    },
]

# Widgets may override their templates in templates/ (e.g. the commune picker).
FORM_RENDERER = "core.renderers.PortalFormRenderer"

DATABASES = {"default": database_config(env)}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"

# Login throttling (django-axes): 5 wrong passwords for one login name from one address
# lock that pair for 15 minutes; a success clears the count. Every attempt is also in the
# login audit (accounts.LoginEvent).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("KHUYENCONG_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("KHUYENCONG_LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_USERNAME_CALLABLE = "accounts.audit.axes_username"
# Behind a reverse proxy every request comes from the proxy's address: the client's is
# the last entry the proxy appended to X-Forwarded-For. KHUYENCONG_TRUSTED_PROXIES is how
# many proxies of ours stand in front (0: none, the header is ignored as anyone can send
# it). The lockout and the login audit read the address through the same function.
KHUYENCONG_TRUSTED_PROXIES = env.int("KHUYENCONG_TRUSTED_PROXIES", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.audit.client_ip"

# Two-factor sign-in (accounts/two_factor.py): required of center staff, officials and
# superusers wherever DEBUG is off; a laptop demo turns it on with KHUYENCONG_2FA_REQUIRED.
KHUYENCONG_2FA_REQUIRED = env_bool(env, "KHUYENCONG_2FA_REQUIRED", default=not DEBUG)
OTP_TOTP_ISSUER = "Khuyen cong"
# Moving the second step to a new phone, new backup codes and turning it off ask for the
# password again unless it was given in this session within the last few minutes.
KHUYENCONG_SUDO_MINUTES = env.int("KHUYENCONG_SUDO_MINUTES", default=10)
# The admin never shows an authenticator's secret, its QR code or the backup codes: with
# them a superuser could pass anyone's second step.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "home"

# Sign-in through OpenID Connect providers beside passwords (accounts/oidc/, each one's
# KHUYENCONG_OIDC_<KEY>_* in docs/DEPLOYMENT.md); none configured: no provider button.
KHUYENCONG_OIDC_PROVIDERS = oidc_providers(env)
KHUYENCONG_OIDC_CONFIRM_MINUTES = env.int("KHUYENCONG_OIDC_CONFIRM_MINUTES", default=10)
# Where the people served land after signing in through a provider (their own portal).
KHUYENCONG_OIDC_SELF_SERVICE_URL = "selfservice:home"
# The logout form may go on to the providers' logout pages (CSP form-action).
KHUYENCONG_FORM_ACTION_ORIGINS = logout_origins(KHUYENCONG_OIDC_PROVIDERS)
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["core.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Every stored file (uploads, report files, issued papers) goes through the default
# storage: MEDIA_ROOT on one machine, or with KHUYENCONG_STORAGE=s3 one S3-compatible
# bucket shared by every web node and worker (docs/DEPLOYMENT.md). Never a media URL:
# files are streamed by the views that check who asks.
STORAGES = {
    "default": storage_config(env),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# On a laptop serve static files straight from the app folders, no collectstatic needed.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# Uploads: photos and scanned decisions. Larger files are refused with a clear error.
KHUYENCONG_MAX_UPLOAD_MB = env.int("KHUYENCONG_MAX_UPLOAD_MB", default=10)
# A photo is decoded at about four bytes a pixel whatever its file weighs, so its size
# is bounded before decoding. 13 megapixels pass a phone's 12-megapixel PNG and every
# JPEG (decoded at a reduced scale, a JPEG never needs more than 12.6). Measured: a
# phone's JPEG costs a worker 20-45 MB on top of what it holds idle, the largest PNG
# accepted 105 MB (160 MB with transparency), where five 60-megapixel PNGs of 7 KB
# each cost 530-600 MB and 7 s before they were bounded.
# A form's photos together are bounded too: the time a request takes grows with them.
KHUYENCONG_PHOTO_MAX_PIXELS = env.int("KHUYENCONG_PHOTO_MAX_PIXELS", default=13_000_000)
KHUYENCONG_PHOTOS_MAX_PIXELS = env.int("KHUYENCONG_PHOTOS_MAX_PIXELS", default=40_000_000)
# An Office file is a zip: what it unpacks to is bounded (zip bombs are refused).
KHUYENCONG_PACKAGE_MAX_UNPACKED_MB = env.int("KHUYENCONG_PACKAGE_MAX_UNPACKED_MB", default=200)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Cells that a spreadsheet would run as formulas are exported as text (admin exports too).
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# simple-history's record page in the admin shows a past version; it never reverts it
# or edits history (core/admin_base.py refuses its POST as well).
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_EDIT = False

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Redis: broker, results and cache from one URL ---------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "khuyencong",
            # Redis away: a page waits a second at most, then reads the database.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Sessions read from Redis first (no query per page), written through to the
    # database; cache errors fall back to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # A user's roles, shared by every process; cleared when their groups change.
    KHUYENCONG_ROLES_CACHE_SECONDS = 300
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # A per-process cache could not be cleared in the other processes: no roles cache.
    KHUYENCONG_ROLES_CACHE_SECONDS = 0
    CELERY_BROKER_URL = "memory://localhost/"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
    CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task taken by a worker that dies (acks_late: never acknowledged) goes back to the
# queue once it has been out this long; jobs must finish well within it.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 3,
    "socket_timeout": 5,
    "visibility_timeout": env.int("KHUYENCONG_TASK_VISIBILITY_TIMEOUT", default=900),
}

# Celery beat (the `beat` service): reminders each morning, the dashboard each night.
CELERY_BEAT_SCHEDULE = {
    "staff-reminders": {
        "task": "reports.staff_reminders",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-fri"),
    },
    "collaborator-reminders": {
        "task": "reports.collaborator_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "followup-reminders": {
        "task": "reports.followup_reminders",
        "schedule": crontab(hour=7, minute=45, day_of_week="mon-fri"),
    },
    "certificate-expiry-reminders": {
        "task": "reports.certificate_expiry_reminders",
        "schedule": crontab(hour=7, minute=50, day_of_week="mon-fri"),
    },
    "notification-mail-sweep": {
        "task": "notifications.sweep_pending_emails",
        "schedule": crontab(minute="*/15"),
    },
    "refresh-dashboard": {
        "task": "reports.refresh_dashboard",
        "schedule": crontab(hour=2, minute=0),
    },
}

# Results after support: a supported establishment's follow-up is due this many months
# after its project's acceptance.
KHUYENCONG_FOLLOWUP_MONTHS = env.int("KHUYENCONG_FOLLOWUP_MONTHS", default=6)

# Report jobs: the Celery queue they go to, and a pause between a builder's steps so a
# progress bar can be watched on a small dataset (demonstrations, browser tests; 0 = none).
KHUYENCONG_REPORT_QUEUE = env.str("KHUYENCONG_REPORT_QUEUE", default="celery")
KHUYENCONG_REPORT_STEP_DELAY = env.float("KHUYENCONG_REPORT_STEP_DELAY", default=0.0)

# --- Data exchange API (/api/v1/) ----------------------------------------------------
# Read-only, Bearer tokens of API clients only (no session, so no CSRF to think about);
# each client throttled on its own in the shared cache.
KHUYENCONG_API_RATE = env.str("KHUYENCONG_API_RATE", default="600/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Khuyến công — API trao đổi dữ liệu",
    "DESCRIPTION": (
        "Read-only data of the provincial industrial promotion programme. Send "
        "`Authorization: Bearer <token>` (tokens are issued by the center). Lists answer "
        '`{"results": [...], "next": <url or null>}`; follow `next` to the end. Every '
        "answer carries an ETag: send it back in If-None-Match to get 304 when nothing "
        "changed. Too many calls answer 429 with Retry-After."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="khuyencong@localhost")
# The portal's address as people reach it, for the links in notification mails.
KHUYENCONG_SITE_URL = env.str("KHUYENCONG_SITE_URL", default="http://localhost:8000")

# --- The center this portal serves ---------------------------------------------------
# A 2025 province code (codes were reused across eras: 24 is Bắc Ninh since 07/2025).
KHUYENCONG_PROVINCE_CODE = env.str("KHUYENCONG_PROVINCE_CODE", default="24")
KHUYENCONG_CENTER_NAME = env.str(
    "KHUYENCONG_CENTER_NAME", default="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp"
)

# Official papers (Decree 30/2020): the notation of the center in document numbers
# ("05/QĐ-TTKC"), its supervising agency and the place name of the date line.
# The emblem in the header, the front door and printed pages: a path under static/ or an
# absolute URL of the portal's own host (the Content Security Policy allows no other).
KHUYENCONG_LOGO = env.str("KHUYENCONG_LOGO", default="img/emblem.svg")
KHUYENCONG_DOCUMENT_UNIT = env.str("KHUYENCONG_DOCUMENT_UNIT", default="TTKC")
KHUYENCONG_SUPERVISING_AGENCY = env.str(
    "KHUYENCONG_SUPERVISING_AGENCY", default="Sở Công Thương tỉnh Bắc Ninh"
)
KHUYENCONG_PLACE_NAME = env.str("KHUYENCONG_PLACE_NAME", default="Bắc Ninh")
# The division that drafts the papers, on the last line "- Lưu: VT, KHTC."
KHUYENCONG_DRAFTING_DIVISION = env.str("KHUYENCONG_DRAFTING_DIVISION", default="KHTC")
# LibreOffice converts issued papers to PDF; where it is missing the portal keeps DOCX only.
KHUYENCONG_SOFFICE = env.str("KHUYENCONG_SOFFICE", default="soffice")
KHUYENCONG_PDF_TIMEOUT = env.int("KHUYENCONG_PDF_TIMEOUT", default=180)
# Digitally signed copies are checked against these CA certificates (PEM or DER files,
# comma-separated paths, e.g. the national root of the Government CA); with none, a
# signature's certificate is reported as not checked against a trust list.
KHUYENCONG_SIGNATURE_TRUST_ROOTS = env.list("KHUYENCONG_SIGNATURE_TRUST_ROOTS", default=[])

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool(env, "DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
