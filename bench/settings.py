"""Settings of the benchmark's server (make bench): production's own settings, read from
the same environment, plus a query counter on every answer and the floor page. Loaded
only when KHUYENCONG_BENCH=1; nothing in khuyencong.settings changes."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from khuyencong.settings import *  # noqa: F403
from khuyencong.settings import MIDDLEWARE, TEMPLATES

if os.environ.get("KHUYENCONG_BENCH") != "1":
    raise ImproperlyConfigured(
        "bench.settings is the benchmark's server only: set KHUYENCONG_BENCH=1."
    )

# Outermost, so it counts every query of the request, the session's and the user's too.
MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.urls"
# The floor page's template lives with the benchmark, outside the portal's templates.
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], Path(__file__).parent / "templates"]}]
