"""The public open data page and its downloads (no login)."""

import csv
import json

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.spreadsheets import neutralise

from .selectors import COLUMNS, published_rows, published_years


class _Echo:
    def write(self, value):
        return value


def _year(request: HttpRequest) -> tuple[int | None, bool]:
    raw = request.GET.get("year", "").strip()
    if not raw:
        return None, True
    if not raw.isascii() or not raw.isdigit() or not 1990 <= int(raw) <= 2100:
        return None, False
    return int(raw), True


def _filename(year: int | None, extension: str) -> str:
    return f"khuyencong-du-an-{year or 'tat-ca'}.{extension}"


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/index.html", {"years": published_years(), "columns": COLUMNS})


@require_GET
def download_csv(request: HttpRequest) -> HttpResponse:
    year, ok = _year(request)
    if not ok:
        return HttpResponseBadRequest(_("The year is a number such as 2026."))
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # spreadsheets then read the file as UTF-8
        yield writer.writerow([c.key for c in COLUMNS])
        for row in published_rows(year=year):
            yield writer.writerow(
                ["" if row[c.key] is None else neutralise(row[c.key]) for c in COLUMNS]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(year, "csv")}"'
    return response


@require_GET
def download_json(request: HttpRequest) -> HttpResponse:
    year, ok = _year(request)
    if not ok:
        return HttpResponseBadRequest(_("The year is a number such as 2026."))

    def chunks():
        yield "["
        for index, row in enumerate(published_rows(year=year)):
            yield ("," if index else "") + "\n" + json.dumps(row, ensure_ascii=False)
        yield "\n]\n"

    response = StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(year, "json")}"'
    return response
