"""The portal's URLs plus the benchmark's floor page (bench server only)."""

from django.urls import path

from bench.views import floor
from khuyencong.urls import urlpatterns as portal

urlpatterns = [path("__bench__/floor/", floor, name="bench_floor"), *portal]
