"""The Celery application: one REDIS_URL feeds the broker, the results and the cache."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")

app = Celery("khuyencong")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
