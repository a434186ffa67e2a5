"""Test settings: the real settings, plus fast hashing and no outgoing mail."""

import os

# Tests run the laptop's configuration, as `make run` does (plain HTTP, static files from
# the app folders, no secret key needed); the environment may still say otherwise. Tests of
# production's settings start a process of their own with DJANGO_DEBUG=false.
os.environ.setdefault("DJANGO_DEBUG", "true")

from khuyencong.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Whatever the environment says, tests never write to a real bucket: files go to a folder
# of their own (tests/integration/test_object_store.py starts a bucket of its own).
STORAGES["default"] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}  # noqa: F405
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run inline in ordinary tests; tests/integration start a real worker on Redis.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Ordinary tests sign in with force_login; tests/accounts/test_two_factor.py turns the
# second step on, as production has it.
KHUYENCONG_2FA_REQUIRED = False
# Query pins count the roles query (a cold cache, the worst case); the roles cache has
# its own tests (tests/accounts/test_accounts.py).
KHUYENCONG_ROLES_CACHE_SECONDS = 0
