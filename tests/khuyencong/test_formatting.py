import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template

from core.formatting import format_date, format_vnd


@pytest.mark.parametrize(
    ("amount", "shown"),
    [
        (0, "0 ₫"),
        (999, "999 ₫"),
        (1234567, "1.234.567 ₫"),
        (96_000_000_000, "96.000.000.000 ₫"),
        (-1500000, "-1.500.000 ₫"),
        (None, "—"),
    ],
)
def test_vnd(amount, shown):
    assert format_vnd(amount) == shown


def test_dates_are_day_month_year_in_local_time():
    assert format_date(dt.date(2026, 1, 5)) == "05/01/2026"
    utc_evening = dt.datetime(2026, 12, 31, 18, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))
    # 18:30 UTC is already 1 January in Hà Nội (UTC+7).
    assert format_date(utc_evening) == "01/01/2027 01:30"
    assert format_date(None) == "—"


def test_template_filters():
    rendered = Template("{% load vn %}{{ a|vnd }} · {{ d|dmy }}").render(
        Context({"a": 2500000, "d": dt.date(2025, 7, 1)})
    )
    assert rendered == "2.500.000 ₫ · 01/07/2025"


def test_django_date_format_is_dd_mm_yyyy(settings):
    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(dt.date(2026, 3, 9), "SHORT_DATE_FORMAT") == "09/03/2026"
