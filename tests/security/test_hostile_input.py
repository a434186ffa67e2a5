"""Hostile input: every form of the portal, the two XLSX importers
and every export, driven with random and hostile values — huge and negative numbers,
decimals with many digits, "1e309" and "NaN", NUL and other control characters, RTL
overrides, zero-width joiners, combining marks, lone surrogates, decomposed Vietnamese,
10,000-character strings, formula injection, HTML and script, impossible dates, unknown
choices and ids of objects that do not exist.

Whatever arrives: never a 500; a refused form writes nothing (every table of the portal
keeps its row count) and shows its errors on the page, in Vietnamese; an accepted form
stores what was typed and the page shows it escaped. An import with any bad row writes
nothing and names the row; an export never hands a spreadsheet a formula.

Each hypothesis example runs inside a transaction rolled back at its end, so the objects a
test builds once are the starting point of every example.
"""

import csv
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference

from accounts.roles import Role
from tests.factories import (
    EstablishmentFactory,
    SupportRequestFactory,
    assign_area,
    commune,
    pdf_bytes,
    this_year,
    tiny_png,
)

pytestmark = pytest.mark.django_db

EXAMPLES = 30
hostile = settings(
    max_examples=EXAMPLES,
    deadline=None,
    # HOSTILE_NO_SHRINK=1 while hunting: the first failing example, without the minutes
    # of shrinking a page of "ƯƯƯ" takes.
    phases=[p for p in Phase if p != Phase.shrink or not os.environ.get("HOSTILE_NO_SHRINK")],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
few = settings(hostile, max_examples=15)

YEAR = this_year()


def _today() -> dt.date:
    return timezone.localdate()


# --- hostile values -----------------------------------------------------------------------

OMIT = object()  # the field is not posted at all

FORMULAS = ['=HYPERLINK("http://x","y")', "+1", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}{% debug %}"]
UNICODE = [
    "Nguyễn",  # composed
    "Nguye\u0302\u0303n",  # the same name decomposed
    "\u202egnp.exe",  # right-to-left override
    "a\u200db\u200b",  # zero-width joiner and space
    "e" + "\u0301" * 40,  # a pile of combining marks
    "👩‍👩‍👧‍👦🇻🇳",
    "\ufeffBOM",
    "\U0010ffff",
    "%(name)s %s %d",
    "'; DROP TABLE x; --",
    "../../etc/passwd",
]
# Texts a person may really type (or paste): stored as typed, shown escaped.
ODD_TEXT = [*FORMULAS, *MARKUP, *UNICODE]
# Texts no form may store.
BAD_TEXT = [
    "\x00",
    "abc\x00def",
    "x" * 10_000,
    "Nguyễn " * 1500,
    "\ud800",  # a lone surrogate (arrives as invalid UTF-8)
    "ab\udfffcd",
]
BLANK = ["", " ", "\t \r\n", "\u3000"]
NUMBERS = [
    str(10**30),
    str(2**63),
    str(2**63 - 1),
    str(-(2**63) - 1),
    str(2**31),
    "-1",
    "-500000000",
    "-0",
    "1e309",
    "-1e309",
    "1E3",
    "NaN",
    "-nan",
    "Infinity",
    "sNaN",
    "0x1F",
    "1_000",
    "\uff11\uff12\uff13",  # full-width digits
    "١٢٣",  # Arabic-Indic digits
    "²",
    "1,5",
    "1.5",
    "12.345.678.901.234.567.890",
    "9" * 5000,
    "1" + "0" * 400,
    "3.14159265358979323846264338327950288",
    "0.0000000000000000000001",
    "+5",
    "--1",
    "1 000 000 đ",
    "1.234.567 ₫",
    "-1.000.000",
]
DATES = [
    "31/02/2025",
    "2025-02-31",
    "2025-13-01",
    "0000-01-01",
    "0001-01-01",
    "01/01/0001",
    "9999-12-31",
    "31/12/9999",
    "10000-01-01",
    "2025-02-29",
    "1900-01-01",
    "1-1-1",
    "2025/06/15",
    "15.06.2025",
    "\x00",
    "2025-06-15\x00",
]
IDS = ["0", "-1", str(2**31), str(2**63), str(10**30), "abc", "1.5", "1e3", "²", "\x00", " 1 "]
CHOICES = ["zzz", "0", "-1", "NONE", "<script>", "x" * 1000, "\x00", "national\x00"]

printable = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=60
).filter(str.strip)


def omit() -> st.SearchStrategy:
    return st.just(OMIT)


def text(valid=(), *, required=True, max_length=255):
    """(valid, hostile) strategies of a text field."""
    good = st.one_of(
        st.sampled_from([*valid, *ODD_TEXT]) if valid or ODD_TEXT else printable,
        printable,
        st.just("Ư" * max_length),
    )
    bad = st.one_of(
        st.sampled_from(BAD_TEXT),
        st.just("a" * (max_length + 1)),
        st.text(max_size=40),
        *([st.sampled_from(BLANK), omit()] if required else []),
    )
    return good, bad


def number(*valid):
    good = st.sampled_from([str(v) for v in valid])
    bad = st.one_of(
        st.sampled_from(NUMBERS),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
        st.sampled_from(BAD_TEXT + BLANK),
        omit(),
    )
    return good, bad


def date(*valid):
    good = st.sampled_from([*valid, _today().isoformat(), _today().strftime("%d/%m/%Y")])
    bad = st.one_of(st.sampled_from(DATES), st.sampled_from(BLANK), omit())
    return good, bad


def choice(*valid):
    good = st.sampled_from([str(v) for v in valid])
    bad = st.one_of(st.sampled_from(CHOICES + IDS + BLANK), omit())
    return good, bad


def ids(*valid):
    good = st.sampled_from([str(v) for v in valid])
    bad = st.one_of(
        st.sampled_from(IDS + BLANK), st.lists(st.sampled_from(IDS), max_size=3), omit()
    )
    return good, bad


def optional(spec):
    """An optional field: blank or omitted is valid too."""
    good, bad = spec
    return st.one_of(good, st.just(""), omit()), bad


def draw_form(data, fields: dict) -> dict:
    """Every field valid, except up to three drawn hostile: a form is refused for one bad
    field among good ones, and sometimes accepted with extreme but valid values."""
    names = sorted(fields)
    bad = data.draw(st.sets(st.sampled_from(names), max_size=min(3, len(names))), label="bad")
    return {
        name: data.draw(fields[name][1] if name in bad else fields[name][0], label=name)
        for name in names
    }


# --- posting ------------------------------------------------------------------------------


def _urlencoded(form: dict) -> str:
    """Surrogates go out as the invalid UTF-8 a browser could send."""
    pairs = []
    for key, value in form.items():
        if value is OMIT:
            continue
        for item in value if isinstance(value, list) else [value]:
            pairs.append((key, str(item).encode("utf-8", "surrogatepass")))
    return urlencode(pairs)


def _multipart(form: dict) -> dict:
    def clean(value):
        if isinstance(value, str):
            return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
        return value

    out = {}
    for key, value in form.items():
        if value is OMIT:
            continue
        out[key] = [clean(v) for v in value] if isinstance(value, list) else clean(value)
    return out


def post(client, url: str, form: dict, files: dict | None = None):
    # Past the check-your-answers page (core.confirm), which writes nothing: the hostile
    # input reaches the step itself.
    form = {**form, "confirmed": "1"}
    if files:
        return client.post(url, {**_multipart(form), **files})
    return client.post(url, _urlencoded(form), content_type="application/x-www-form-urlencoded")


def get(client, url: str, query: dict):
    return client.get(f"{url}?{_urlencoded(query)}")


# --- what must hold -----------------------------------------------------------------------

PORTAL_APPS = (
    "establishments",
    "collaborators",
    "projects",
    "funding",
    "products",
    "reports",
    "localities",
)


def _count_sql() -> str:
    tables = sorted(
        {
            model._meta.db_table
            for label in PORTAL_APPS
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if not model._meta.proxy
        }
    )
    quote = connection.ops.quote_name
    return "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)


def row_counts() -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(_count_sql())
        return tuple(cursor.fetchone())


@contextmanager
def rolled_back():
    """One hypothesis example: whatever it writes is gone before the next one."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


VIETNAMESE = re.compile(
    "[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE
)
ENGLISH = re.compile(
    r"\b(the|must|enter|ensure|allowed|valid|select|value|field|characters|this|is|are|not|"
    r"cannot|required|file|choose|give|number|amount|date)\b",
    re.IGNORECASE,
)


def assert_vietnamese(message: str, posted: dict) -> None:
    """The message is Vietnamese: once what the user typed is taken out of it, it has
    Vietnamese letters and no English words."""
    rest = str(message)
    values = [v for v in posted.values() if isinstance(v, str) and v.strip()]
    for value in sorted(values, key=len, reverse=True):
        for form in (value, value.strip(), escape(value), escape(value.strip())):
            rest = rest.replace(form, " ")
    rest = re.sub(r"“[^”]*”|\"[^\"]*\"|«[^»]*»", " ", rest)  # quoted input
    assert VIETNAMESE.search(rest), f"not Vietnamese: {message!r}"
    assert not ENGLISH.search(rest), f"English in the message: {message!r}"


def form_errors(form) -> list[tuple[str, str]]:
    """(field, message) of a form, or of every form of a formset and the formset itself."""
    if hasattr(form, "non_form_errors"):
        errors = [("__all__", str(m)) for m in form.non_form_errors()]
        return errors + [e for sub in form.forms for e in form_errors(sub)]
    return [(name, str(m)) for name, messages in form.errors.items() for m in messages]


def queued_messages(response) -> list[tuple[str, str]]:
    """The flash messages this request added (not those left over from earlier ones)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    return [(m.level_tag, str(m.message)) for m in getattr(storage, "_queued_messages", [])]


ESCAPED_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror")


def assert_no_markup(page: str) -> None:
    for raw in ESCAPED_MARKUP:
        assert raw not in page, f"{raw!r} reached the page unescaped"


@dataclass
class Verdict:
    accepted: bool
    response: object
    errors: list = field(default_factory=list)


def judge(
    response,
    posted: dict,
    before: tuple,
    *,
    form_key: str | tuple | None = "form",
    also=(),
) -> Verdict:
    """Classify a response to a hostile post and check what must hold either way."""
    status = response.status_code
    assert status in (200, 302, 400, *also), f"status {status}"
    if status in also:  # e.g. 404 for a tampered hidden id: nothing may change
        assert row_counts() == before, "a refused post wrote rows"
        return Verdict(False, response)
    if status in (200, 400):  # the form again, with its errors
        page = response.content.decode()
        assert_no_markup(page)
        keys = (form_key,) if isinstance(form_key, str) else form_key or ()
        forms = [response.context.get(k) for k in keys] if response.context else []
        errors = [e for form in forms if form is not None for e in form_errors(form)]
        assert errors or status == 400, "refused without saying why"
        assert row_counts() == before, f"a refused form wrote rows: {errors}"
        for _name, message in errors:
            assert_vietnamese(message, posted)
            assert escape(message) in page, f"error not on the page: {message!r}"
        return Verdict(False, response, errors)
    # A redirect: accepted, or refused with a message.
    refusals = [text for level, text in queued_messages(response) if level == "error"]
    for text in refusals:
        assert_vietnamese(text, posted)
    if refusals:
        assert row_counts() == before, f"a refused form wrote rows: {refusals}"
        return Verdict(False, response, refusals)
    return Verdict(True, response)


def follow_page(client, response) -> str:
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert_no_markup(html)
    return html


def received(value: str) -> str:
    """What the server reads: a lone surrogate arrives as invalid UTF-8, read as U+FFFD."""
    return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def stored_as_typed(instance, posted: dict, names) -> None:
    """Text fields keep what was typed (Django strips surrounding whitespace)."""
    for name in names:
        value = posted.get(name)
        if isinstance(value, str):
            assert getattr(instance, name) == received(value).strip(), name


def run_form(
    client,
    url: str,
    form: dict,
    *,
    files: dict | None = None,
    form_key: str | tuple | None = "form",
    also=(),
    on_accept: Callable | None = None,
) -> Verdict:
    with rolled_back():
        before = row_counts()
        response = post(client, url, form, files)
        verdict = judge(response, form, before, form_key=form_key, also=also)
        event("accepted" if verdict.accepted else f"refused {response.status_code}")
        if verdict.accepted and on_accept is not None:
            on_accept(response)
    return verdict


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def tan_yen(db):
    return commune("Xã Tân Yên")


@pytest.fixture
def collaborator(client, collaborator_user, tan_yen):
    assign_area(collaborator_user, [tan_yen])
    client.force_login(collaborator_user)
    return client


@pytest.fixture
def establishment(tan_yen):
    return EstablishmentFactory(commune=tan_yen, tax_code="2400500001")


# --- establishments -----------------------------------------------------------------------


def establishment_fields(commune_pk: int) -> dict:
    return {
        "name": text(["Cơ sở mộc Đồng Kỵ"]),
        "legal_form": choice("enterprise", "cooperative", "household_business"),
        "size_class": choice("micro", "small", "medium", "na"),
        "tax_code": optional(
            (st.just(""), st.sampled_from(["123", "2400500000-1234", "²" * 10, "=1+1", "\x00"]))
        ),
        "commune": ids(commune_pk),
        "address_line": optional(text(["Thôn Đông, 12 đường Lê Lợi"])),
        "sector": choice("handicraft", "food", "other"),
        "main_products": optional(text(["Bàn ghế gỗ"], max_length=500)),
        "workers": number(0, 12, 2_147_483_647),
        "local_material_share": number(0, 55, 100),
        "exports": optional((st.just("on"), st.sampled_from(CHOICES))),
        "women_owned": optional((st.just("on"), st.sampled_from(BLANK))),
        "minority_owned": optional((st.just("on"), omit())),
        "craft_village": optional(text(["Làng nghề mộc Đồng Kỵ"])),
        "contact_person": optional(text(["Nguyễn Văn An"], max_length=150)),
        "phone": optional((st.sampled_from(["0912 345 678", "+84912345678"]), text()[1])),
        "email": optional(
            (
                st.just("co-so@example.vn"),
                st.sampled_from(["@", "a@b", "x" * 300 + "@example.vn", "a@例え.jp\x00"]),
            )
        ),
    }


def _establishment_check(form: dict):
    from establishments.models import Establishment

    text_fields = ("name", "address_line", "main_products", "craft_village", "contact_person")

    def check(response):
        pk = int(response["Location"].rstrip("/").split("/")[-1])
        stored_as_typed(Establishment.objects.get(pk=pk), form, text_fields)
        follow_page(response.client, response)

    return check


@hostile
@given(data=st.data())
def test_establishment_register_as_staff(staff, tan_yen, data):
    form = draw_form(data, establishment_fields(tan_yen.pk))
    run_form(staff, reverse("establishments:create"), form, on_accept=_establishment_check(form))


@few
@given(data=st.data())
def test_establishment_register_as_collaborator(collaborator, tan_yen, data):
    form = draw_form(data, establishment_fields(tan_yen.pk))
    run_form(
        collaborator,
        reverse("establishments:create"),
        form,
        on_accept=_establishment_check(form),
    )


@hostile
@given(data=st.data())
def test_establishment_update(staff, tan_yen, establishment, data):
    form = draw_form(data, establishment_fields(tan_yen.pk))
    run_form(
        staff,
        reverse("establishments:update", args=[establishment.pk]),
        form,
        on_accept=_establishment_check(form),
    )


@hostile
@given(data=st.data())
def test_support_request(collaborator, establishment, data):
    from establishments.services import desired_year_choices

    years = [y for y, _label in desired_year_choices()]
    fields = {
        "content_type": choice("machinery", "training"),
        "description": text(["Cần máy chà nhám"], max_length=5000),
        "estimated_cost_vnd": number(0, 300_000_000, 10**13),
        "desired_year": choice(*years),
    }
    form = draw_form(data, fields)
    photos = data.draw(st.sampled_from([None, "png", "fake", "many"]), label="photos")
    files = {
        None: None,
        "png": {"photos": [tiny_png()]},
        "fake": {"photos": [SimpleUploadedFile("x.png", b"<script>", "image/png")]},
        "many": {"photos": [tiny_png(f"{i}.png") for i in range(6)]},
    }[photos]

    def check(response):
        from establishments.models import SupportRequest

        req = SupportRequest.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        stored_as_typed(req, form, ["description"])
        follow_page(collaborator, response)

    run_form(
        collaborator,
        reverse("establishments:request_create", args=[establishment.pk]),
        form,
        files=files,
        on_accept=check,
    )


@pytest.fixture
def support_request(establishment, collaborator_user):
    return SupportRequestFactory(establishment=establishment, submitted_by=collaborator_user)


@hostile
@given(data=st.data())
def test_support_request_review(staff, support_request, data):
    form = draw_form(
        data,
        {
            "target": choice("under_review", "accepted", "declined"),
            "note": optional(text(["Cần bổ sung báo giá"], max_length=5000)),
        },
    )
    run_form(
        staff,
        reverse("establishments:request_transition", args=[support_request.pk]),
        form,
        also=(403, 404),
    )


@hostile
@given(data=st.data())
def test_support_request_comment(collaborator, support_request, data):
    from establishments.models import SupportRequestEvent

    form = draw_form(data, {"note": text(["Cơ sở đã gửi báo giá"], max_length=5000)})

    def check(response):
        stored_as_typed(SupportRequestEvent.objects.latest("pk"), form, ["note"])
        follow_page(collaborator, response)

    run_form(
        collaborator,
        reverse("establishments:request_comment", args=[support_request.pk]),
        form,
        on_accept=check,
    )


@hostile
@given(data=st.data())
def test_bulk_verify_and_merge(staff, establishment, data):
    other = EstablishmentFactory(name=establishment.name, commune=establishment.commune)
    good = [str(establishment.pk), str(other.pk)]
    verify = {
        "ids": data.draw(st.lists(st.one_of(st.sampled_from(good), st.sampled_from(IDS)))),
        "query_string": data.draw(st.one_of(st.sampled_from(["", "q=a&page=2"]), text()[1])),
    }
    run_form(staff, reverse("establishments:verify"), verify)
    merge = draw_form(data, {"duplicate": ids(other.pk), "target": ids(establishment.pk)})
    run_form(staff, reverse("establishments:merge"), merge, also=(404,))


# --- search and filter forms (GET) --------------------------------------------------------

ANY_PARAM = st.one_of(
    st.sampled_from(NUMBERS + DATES + IDS + CHOICES + BLANK + BAD_TEXT + ODD_TEXT),
    st.text(max_size=30),
    st.lists(st.sampled_from(IDS + CHOICES), min_size=2, max_size=3),
)
SEARCHES = {
    "establishments:list": (
        "q",
        "commune",
        "legacy_district",
        "legal_form",
        "sector",
        "verified",
        "page",
    ),
    "establishments:request_list": ("status", "page"),
    "establishments:export": ("q", "commune", "legal_form", "verified", "format"),
    "collaborators:my_month": ("month",),
    "projects:list": ("year", "fund_source", "status", "since", "content_type", "q", "page"),
    "projects:plan_list": ("page",),
    "funding:ledger": ("page",),
    "products:gallery": ("level", "group", "year", "q", "page"),
    "products:product_list": ("q", "group", "page"),
    "products:round_list": ("page",),
    "products:verify": ("number",),
    "products:product_create": ("establishment",),
    "collaborators:visit_create": ("establishment",),
    "localities:unit_list": ("q", "legacy_province", "page"),
    "localities:commune_options": ("province", "q"),
    "reports:job_list": ("page",),
}


@pytest.fixture
def searcher(client, make_user, tan_yen):
    """Staff and a collaborator at once: one login that reaches every search page."""
    user = make_user(Role.CENTER_STAFF)
    user.groups.add(*make_user(Role.COLLABORATOR).groups.all())
    assign_area(user, [tan_yen])
    client.force_login(user)
    return client


@few
@given(data=st.data())
@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_search_and_filter_pages(searcher, name, data):
    query = {key: data.draw(st.one_of(ANY_PARAM, omit()), label=key) for key in SEARCHES[name]}
    with rolled_back():
        before = row_counts()
        response = get(searcher, reverse(name), query)
        assert response.status_code in (200, 404), response.status_code
        assert row_counts() == before
        if response.get("Content-Type", "").startswith("text/html"):
            assert_no_markup(response.content.decode())


@few
@given(token=st.one_of(st.sampled_from(BAD_TEXT + ODD_TEXT + IDS), st.text(min_size=1)))
def test_certificate_check_by_token(client, token):
    token = received(token).replace("/", "")
    if not token:
        return
    response = client.get(reverse("products:verify_token", args=[token]))
    assert response.status_code in (200, 404)
    assert_no_markup(response.content.decode())


# --- collaborators ------------------------------------------------------------------------


def _pdf(name="ho-so.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def uploads(kind: str) -> st.SearchStrategy:
    """A file of `kind` (photo or document), or a hostile one, or none."""
    good = tiny_png if kind == "photo" else _pdf
    ext = ".png" if kind == "photo" else ".pdf"
    return st.sampled_from(
        [
            lambda: None,
            lambda: good(),
            lambda: good("=HYPERLINK(1)" + ext),
            lambda: good("\u202egnp" + ext),
            lambda: good("../../" + "x" * 300 + ext),
            lambda: SimpleUploadedFile("fake" + ext, b"MZ\x90\x00 not what it says"),
            lambda: SimpleUploadedFile("empty" + ext, b""),
            lambda: SimpleUploadedFile("virus.exe", b"MZ\x90\x00"),
            lambda: SimpleUploadedFile("a.svg", b"<svg onload=alert(1)>"),
        ]
    ).map(lambda make: make())


@hostile
@given(data=st.data())
def test_field_visit(collaborator, establishment, data):
    from establishments.models import FieldVisit

    form = draw_form(
        data,
        {
            "establishment": ids(establishment.pk),
            "visited_on": date((_today() - dt.timedelta(days=400)).isoformat()),
            "purpose": choice("survey", "needs", "other"),
            "needs": optional(text(["Cần máy sấy"], max_length=5000)),
            "notes": optional(text(["Gặp chủ cơ sở"], max_length=5000)),
        },
    )
    photo = data.draw(uploads("photo"), label="photo")

    def check(response):
        stored_as_typed(FieldVisit.objects.latest("pk"), form, ["needs", "notes"])
        follow_page(collaborator, response)

    run_form(
        collaborator,
        reverse("collaborators:visit_create"),
        form,
        files={"photo": photo} if photo else None,
        on_accept=check,
    )


# --- projects -----------------------------------------------------------------------------


def _budget(data, *, hostile_lines: bool) -> dict:
    """The budget formset: lines of money, and a management form that may be tampered."""
    count = data.draw(st.integers(0, 3), label="lines")
    form = {"lines-TOTAL_FORMS": str(count), "lines-INITIAL_FORMS": "0"}
    if hostile_lines and data.draw(st.booleans(), label="tamper"):
        form.update(
            data.draw(
                st.fixed_dictionaries(
                    {
                        "lines-TOTAL_FORMS": st.sampled_from(NUMBERS + IDS + [OMIT, "2000"]),
                        "lines-INITIAL_FORMS": st.sampled_from(["0", "5", "-1", OMIT, "²"]),
                    }
                ),
                label="management",
            )
        )
    for i in range(count):
        line = {
            f"lines-{i}-item": text(["Máy cưa CNC"]),
            f"lines-{i}-state_support_vnd": number(0, 280_000_000, 10**13),
            f"lines-{i}-counterpart_vnd": number(0, 400_000_000),
            f"lines-{i}-DELETE": optional((st.just("on"), st.sampled_from(CHOICES))),
        }
        if not hostile_lines:
            line = {k: (v[0], v[0]) for k, v in line.items()}
        form.update(draw_form(data, line))
    return form


def project_fields(establishment) -> dict:
    return {
        "code": text(["DP-2027-010", "=1+1", "<b>x</b>"], max_length=30),
        "title": text(["Hỗ trợ máy cưa CNC"], max_length=500),
        "plan_year": choice(YEAR, YEAR + 1),
        "fund_source": choice("local", "national"),
        "content_type": choice("machinery", "training"),
        "implementing_unit": text(["Trung tâm Khuyến công"]),
        "start_date": optional(date(f"{YEAR + 1}-03-01", "2000-01-01", "9999-12-30")),
        "end_date": optional(date(f"{YEAR + 1}-10-31", "9999-12-31")),
        "beneficiaries": optional(ids(establishment.pk)),
        "site_communes": optional(ids(establishment.commune_id)),
        "objectives": optional(text(["Nâng cao năng suất"], max_length=5000)),
        "expected_results": optional(text(["Tăng 20% sản lượng"], max_length=5000)),
    }


def _project_check(form: dict):
    from projects.models import Project

    def check(response):
        project = Project.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        stored_as_typed(
            project, form, ("code", "title", "implementing_unit", "objectives", "expected_results")
        )
        follow_page(response.client, response)

    return check


@hostile
@given(data=st.data())
def test_project_create(staff, establishment, data):
    hostile_budget = data.draw(st.booleans(), label="hostile budget")
    form = draw_form(data, project_fields(establishment)) | _budget(
        data, hostile_lines=hostile_budget
    )
    run_form(
        staff,
        reverse("projects:create"),
        form,
        form_key=("form", "budget"),
        on_accept=_project_check(form),
    )


def _line_project(staff_user, establishment, code, *, support=280_000_000, fund="national"):
    from projects.services import Line, project_create

    return project_create(
        actor=staff_user,
        code=code,
        title="Hỗ trợ máy cưa CNC",
        plan_year=YEAR,
        fund_source=fund,
        content_type="machinery",
        implementing_unit="Trung tâm Khuyến công",
        beneficiaries=[establishment],
        site_communes=[establishment.commune],
        budget_lines=[Line("Máy cưa CNC", support, 400_000_000)],
    )


@pytest.fixture
def projects(staff_user, official_user, establishment):
    """A project in each state the forms act on; a draft plan with one item, a plan
    awaiting the department; the money of an approved plan, paid in part."""
    from funding import plans
    from funding.services import disbursement_approve, disbursement_pay, disbursement_schedule
    from projects.models import ProjectStatus
    from projects.monitoring import acceptance_record
    from projects.services import project_appraise, project_transition
    from tests.factories import AllocationFactory, UserFactory

    def appraised(project):
        project_transition(actor=staff_user, project=project, target=ProjectStatus.SUBMITTED)
        project_appraise(
            actor=staff_user,
            project=project,
            appraised_on=_today(),
            score=85,
            recommendation="approve",
            summary="Đạt",
        )
        return project

    def plan_of(year, fund, *members, submit=False, approve=False):
        plan = plans.plan_create(actor=staff_user, year=year, fund_source=fund)
        items = [plans.plan_add_item(actor=staff_user, plan=plan, project=p) for p in members]
        if submit or approve:
            plans.plan_submit(actor=staff_user, plan=plan)
        if approve:
            plans.plan_approve(
                actor=official_user, plan=plan, decision_number="45/QĐ-UBND", decision_date=_today()
            )
        return plan, items

    AllocationFactory(year=YEAR, fund_source="national", amount_vnd=5_000_000_000)
    made = {
        "draft": _line_project(staff_user, establishment, "QG-H-1"),
        "submitted": _line_project(staff_user, establishment, "QG-H-2"),
        "appraised": appraised(_line_project(staff_user, establishment, "DP-H-1", fund="local")),
        "under_way": appraised(_line_project(staff_user, establishment, "QG-H-3")),
        "accepted": appraised(_line_project(staff_user, establishment, "QG-H-4")),
    }
    project_transition(actor=staff_user, project=made["submitted"], target=ProjectStatus.SUBMITTED)
    made["approved_plan"], _items = plan_of(
        YEAR, "national", made["under_way"], made["accepted"], approve=True
    )
    approver = UserFactory(role=Role.CENTER_STAFF)
    for name in ("under_way", "accepted"):
        for target in (ProjectStatus.CONTRACTED, ProjectStatus.IN_PROGRESS):
            project_transition(actor=staff_user, project=made[name], target=target)
        made[name].refresh_from_db()
        payment = disbursement_schedule(
            actor=staff_user, grant=made[name].grant, kind="advance", amount_vnd=100_000_000
        )
        disbursement_approve(actor=approver, disbursement=payment)
        disbursement_pay(actor=approver, disbursement=payment, paid_on=_today(), reference="UNC")
    acceptance_record(
        actor=staff_user,
        project=made["accepted"],
        accepted_on=_today(),
        minutes_number="07/BB-NT",
        result="passed",
    )
    project_transition(actor=official_user, project=made["accepted"], target="accepted")
    in_draft = appraised(_line_project(staff_user, establishment, "DP-H-2", fund="local"))
    made["draft_plan"], (made["item"],) = plan_of(YEAR, "local", in_draft)
    next_year = _line_project(staff_user, establishment, "DP-H-3", fund="local")
    next_year.plan_year = YEAR + 1
    next_year.save(update_fields=["plan_year"])
    made["submitted_plan"], _items = plan_of(YEAR + 1, "local", appraised(next_year), submit=True)
    made["pending"] = disbursement_schedule(
        actor=staff_user, grant=made["under_way"].grant, kind="advance", amount_vnd=10_000_000
    )
    for value in made.values():
        value.refresh_from_db()
    return made


@hostile
@given(data=st.data())
def test_project_update(staff, establishment, projects, data):
    form = draw_form(data, project_fields(establishment)) | _budget(
        data, hostile_lines=data.draw(st.booleans(), label="hostile budget")
    )
    run_form(
        staff,
        reverse("projects:update", args=[projects["draft"].pk]),
        form,
        form_key=("form", "budget"),
        on_accept=_project_check(form),
    )


@few
@given(data=st.data())
def test_project_transition_and_appraisal(staff, projects, data):
    transition = draw_form(
        data,
        {
            "target": choice("submitted", "cancelled", "settled"),
            "note": optional(text(["Đã đủ hồ sơ"], max_length=5000)),
        },
    )
    run_form(
        staff,
        reverse("projects:transition", args=[projects["draft"].pk]),
        transition,
        also=(404,),
    )
    appraisal = draw_form(
        data,
        {
            "appraised_on": date("2000-01-01", "9999-12-31"),
            "council": optional(text(["Hội đồng thẩm định"])),
            "score": number(0, 85, 100),
            "recommendation": choice("approve", "revise", "reject"),
            "summary": text(["Đạt yêu cầu"], max_length=5000),
        },
    )
    run_form(staff, reverse("projects:appraise", args=[projects["submitted"].pk]), appraisal)


@few
@given(data=st.data())
def test_project_from_request(staff, support_request, data):
    from establishments.models import RequestStatus, SupportRequest

    SupportRequest.objects.filter(pk=support_request.pk).update(status=RequestStatus.ACCEPTED)
    form = draw_form(data, {"fund_source": choice("local", "national")})
    run_form(
        staff,
        reverse("projects:from_request", args=[support_request.pk]),
        form,
        also=(404,),
    )


@hostile
@given(data=st.data())
def test_annual_plan_forms(staff, client_for, projects, data):
    plan, item = projects["draft_plan"], projects["item"]
    create = draw_form(data, {"year": number(YEAR + 2, 2100), "fund_source": choice("local")})
    run_form(staff, reverse("projects:plan_create"), create)
    add = draw_form(
        data,
        {
            "project": optional(ids(projects["appraised"].pk)),
            "amount_vnd": optional(number(0, "280.000.000", "1 000 000 đ")),
        },
    )
    run_form(staff, reverse("projects:plan_add_item", args=[plan.pk]), add, also=(404,))
    change = draw_form(data, {"amount_vnd": number(0, "100.000.000", 280_000_000)})
    run_form(
        staff,
        reverse("projects:plan_change_amount", args=[plan.pk, item.pk]),
        change,
        also=(404,),
    )


@hostile
@given(data=st.data())
def test_plan_decision(client_for, projects, data):
    official = client_for("official")
    form = draw_form(
        data,
        {
            "decision": choice("approve", "return"),
            "decision_number": text(["45/QĐ-UBND"], max_length=50),
            "decision_date": date("2000-01-01", "9999-12-31"),
            "note": optional(text(["Bổ sung thuyết minh"], max_length=5000)),
        },
    )
    run_form(official, reverse("projects:plan_decide", args=[projects["submitted_plan"].pk]), form)


@hostile
@given(data=st.data())
def test_project_monitoring_forms(staff, projects, data):
    project = projects["under_way"]
    which = data.draw(st.sampled_from(["document", "progress", "inspection", "acceptance"]))
    fields, files = {
        "document": (
            {
                "kind": choice("dossier", "contract", "other"),
                "title": text(["Hợp đồng số 12"]),
            },
            {"file": data.draw(uploads("document"), label="file")},
        ),
        "progress": (
            {
                "period": date(_today().strftime("%Y-%m"), "2000-01", "01/2020"),
                "percent_done": number(0, 40, 100),
                "narrative": text(["Đã lắp đặt máy"], max_length=5000),
            },
            {"photo": data.draw(uploads("photo"), label="photo")},
        ),
        "inspection": (
            {
                "inspected_on": date("2000-01-01"),
                "inspector": text(["Phòng Kế hoạch"]),
                "findings": text(["Đúng tiến độ"], max_length=5000),
            },
            None,
        ),
        "acceptance": (
            {
                "accepted_on": date("2000-01-01", "9999-12-31"),
                "minutes_number": text(["07/BB-NT"], max_length=50),
                "result": choice("passed", "conditional", "failed"),
                "notes": optional(text(["Đạt"], max_length=5000)),
            },
            None,
        ),
    }[which]
    url = {
        "document": "projects:document_upload",
        "progress": "projects:progress_submit",
        "inspection": "projects:inspection_record",
        "acceptance": "projects:acceptance_record",
    }[which]
    files = {k: v for k, v in (files or {}).items() if v is not None}
    run_form(staff, reverse(url, args=[project.pk]), draw_form(data, fields), files=files)


# --- funding ------------------------------------------------------------------------------

MONEY = ("1.500.000.000", "1 500 000 000 đ", 10**13, 0)


@hostile
@given(data=st.data())
def test_allocation_forms(staff, data):
    from funding.models import Allocation

    fields = {
        "amount_vnd": number(*MONEY),
        "legal_basis": text(["12/QĐ-UBND"], max_length=100),
        "decided_on": optional(date("2000-01-01", "9999-12-31")),
        "note": optional(text(["Giao đầu năm"], max_length=5000)),
    }
    create = draw_form(
        data,
        fields | {"year": number(YEAR + 5, 2000, 2100), "fund_source": choice("local", "national")},
    )

    def check(response):
        stored = Allocation.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
        stored_as_typed(stored, create, ["legal_basis", "note"])
        follow_page(staff, response)

    run_form(staff, reverse("funding:allocation_create"), create, on_accept=check)
    allocation = Allocation.objects.get_or_create(
        year=YEAR + 6, fund_source="local", amount_vnd=10**9, legal_basis="1/QĐ"
    )[0]
    change = draw_form(data, fields)
    run_form(staff, reverse("funding:allocation_update", args=[allocation.pk]), change)


@hostile
@given(data=st.data())
def test_support_rule_form(staff, data):
    from funding.models import SupportRule

    percent = ("50", "70.5", "100", "0", "")
    form = draw_form(
        data,
        {
            "legal_basis": text(["28/2018/TT-BTC"], max_length=100),
            "item": text(["Máy móc thiết bị"]),
            "content_type": optional(choice("machinery", "training")),
            "fund_source": choice("local", "national"),
            "province_code": optional(choice("24", "=1+1")),
            "valid_from": date("2000-01-01", "9999-12-31"),
            "valid_to": optional(date("2030-12-31", "9999-12-31")),
            "max_percent": optional(number(*percent)),
            "max_amount_vnd": optional(number(*MONEY)),
            "advance_max_percent": optional(number(*percent)),
            "note": optional(text(["Theo thông tư"], max_length=5000)),
        },
    )
    rule = SupportRule.objects.order_by("pk").first()
    url = data.draw(
        st.sampled_from(
            [reverse("funding:rule_create"), reverse("funding:rule_update", args=[rule.pk])]
        )
    )
    run_form(staff, url, form, on_accept=lambda response: follow_page(staff, response))


@hostile
@given(data=st.data())
def test_allowance_rule_and_wage_forms(staff, data):
    from collaborators.models import AllowanceRule, BasicWage

    percent = ("30", "40.5", "100", "0", "", "1000")
    rule_form = draw_form(
        data,
        {
            "legal_basis": text(["12/2015/NQ-HĐND"], max_length=255),
            "valid_from": date("2000-01-01", "9999-12-31"),
            "valid_to": optional(date("2030-12-31", "9999-12-31")),
            "kind": optional(choice("commune", "district")),
            "wage_percent": optional(number(*percent)),
            "fixed_amount_vnd": optional(number(*MONEY)),
            "missing_report": choice("paid", "withheld", "prorated"),
            "missing_report_percent": optional(number(*percent)),
            "missing_report_basis": optional(text(["Quy chế chi tiêu nội bộ"], max_length=255)),
            "note": optional(text(["Theo nghị quyết"], max_length=5000)),
        },
    )
    rule = AllowanceRule.objects.order_by("pk").first()
    urls = [reverse("collaborators:allowance_rule_create")]
    if rule is not None:
        urls.append(reverse("collaborators:allowance_rule_update", args=[rule.pk]))
    run_form(staff, data.draw(st.sampled_from(urls)), rule_form)
    wage_form = draw_form(
        data,
        {
            "effective_from": date("2000-01-01", "9999-12-31"),
            "amount_vnd": number(*MONEY),
            "legal_basis": text(["73/2024/NĐ-CP"], max_length=255),
        },
    )
    wage = BasicWage.objects.order_by("pk").first()
    url = data.draw(
        st.sampled_from(
            [
                reverse("collaborators:wage_create"),
                reverse("collaborators:wage_update", args=[wage.pk]),
            ]
        )
    )
    run_form(staff, url, wage_form)


@hostile
@given(data=st.data())
def test_project_money_forms(staff, projects, data):
    under_way, accepted = projects["under_way"], projects["accepted"]
    pending = projects["pending"]
    which = data.draw(
        st.sampled_from(["schedule", "pay", "cancel", "refund", "counterpart", "settle"])
    )
    project = accepted if which == "settle" else under_way
    fields = {
        "schedule": {
            "kind": choice("advance", "interim", "final"),
            "amount_vnd": number("10.000.000", 1, 90_000_000),
            "due_on": optional(date("9999-12-31")),
            "note": optional(text(["Tạm ứng đợt 2"], max_length=5000)),
        },
        "pay": {"paid_on": date("2000-01-01"), "reference": text(["UNC-02"], max_length=100)},
        "cancel": {"note": text(["Sai số tiền"], max_length=5000)},
        "refund": {
            "amount_vnd": number("20.000.000", 1, 100_000_000),
            "reason": text(["Chi thừa"], max_length=5000),
            "refunded_on": date("2000-01-01", "9999-12-31"),
            "reference": optional(text(["GNT-12"], max_length=100)),
        },
        "counterpart": {"counterpart_actual_vnd": number(*MONEY)},
        "settle": {
            "settled_vnd": number("100.000.000", 0, 10**13),
            "counterpart_actual_vnd": number("410.000.000", 0),
            "settled_on": date("2000-01-01", "9999-12-31"),
            "settlement_number": text(["88/QĐ-SCT"], max_length=100),
            "note": optional(text(["Quyết toán"], max_length=5000)),
        },
    }[which]
    url = {
        "schedule": reverse("funding:disbursement_schedule", args=[project.pk]),
        "pay": reverse("funding:disbursement_pay", args=[project.pk, pending.pk]),
        "cancel": reverse("funding:disbursement_cancel", args=[project.pk, pending.pk]),
        "refund": reverse("funding:refund_record", args=[project.pk]),
        "counterpart": reverse("funding:counterpart_record", args=[project.pk]),
        "settle": reverse("funding:settle", args=[project.pk]),
    }[which]
    files = None
    if which == "settle":
        papers = data.draw(uploads("document"), label="papers")
        files = {"papers": papers} if papers else None
    form_key = f"{which}_form" if which != "schedule" else "disbursement_form"
    run_form(staff, url, draw_form(data, fields), files=files, form_key=form_key)


# --- products -----------------------------------------------------------------------------


@pytest.fixture
def rounds(staff_user, council_user, establishment):
    """An open provincial round (entries, council, score sheet), one in scoring with
    `council_user` on its council, one closed, and a published commune round with a
    certificate and a complaint."""
    from products.models import Complaint, VotingRound
    from products.services import open_scoring
    from tests.factories import ProductFactory, make_round, published_certificate, seat

    product = ProductFactory(establishment=establishment, name="Nón lá làng Chuông")
    opened = make_round(actor=staff_user, title="Bình chọn cấp tỉnh (mở)")
    scoring = make_round(actor=staff_user, title="Bình chọn cấp tỉnh (chấm)")
    entry = _enter(staff_user, scoring, ProductFactory(establishment=establishment))
    seat(scoring, role="chair")
    member = seat(scoring, user=council_user)
    open_scoring(actor=staff_user, voting_round=scoring)
    closed = make_round(actor=staff_user, title="Bình chọn cấp tỉnh (đóng)")
    VotingRound.objects.filter(pk=closed.pk).update(status="closed")
    certificate = published_certificate(ProductFactory(establishment=establishment))
    complaint = Complaint.objects.create(
        round=certificate.entry.round,
        complainant="Nguyễn Văn An",
        content="Chấm chưa đúng",
        received_on=_today(),
        recorded_by=staff_user,
    )
    for voting_round in (opened, scoring, closed):
        voting_round.refresh_from_db()
    return {
        "product": product,
        "open": opened,
        "scoring": scoring,
        "entry": entry,
        "member": member,
        "closed": closed,
        "certificate": certificate,
        "published": certificate.entry.round,
        "complaint": complaint,
    }


def _enter(staff_user, voting_round, product):
    from products.models import Entry

    return Entry.objects.create(
        round=voting_round,
        product=product,
        group=product.group,
        forwarding_note="Công văn 12/UBND-KT",
        registered_by=staff_user,
    )


@hostile
@given(data=st.data())
def test_product_register_and_edit(staff, establishment, rounds, data):
    from products.models import Product

    fields = {
        "name": text(["Nón lá làng Chuông"]),
        "group": choice(1, 2, 3, 4),
        "description": text(["Lá cọ, vành tre"], max_length=5000),
    }
    form = draw_form(data, fields | {"establishment": ids(establishment.pk)})
    bad_photos = data.draw(st.booleans(), label="hostile photos")
    photos = {
        name: data.draw(uploads("photo"), label=name) if bad_photos else tiny_png()
        for name in ("photo_front", "photo_side", "photo_top")
    }

    def check(response):
        pk = int(response["Location"].rstrip("/").split("/")[-1])
        stored_as_typed(Product.objects.get(pk=pk), form, ["name", "description"])
        follow_page(staff, response)

    run_form(
        staff,
        reverse("products:product_create"),
        form,
        files={k: v for k, v in photos.items() if v},
        on_accept=check,
    )
    product = rounds["product"]
    change = draw_form(data, fields)
    run_form(
        staff,
        reverse("products:product_update", args=[product.pk]),
        change,
        on_accept=lambda response: stored_as_typed(
            Product.objects.get(pk=product.pk), change, ["name", "description"]
        ),
    )


@hostile
@given(data=st.data())
def test_certified_product_identity_change(staff, rounds, data):
    from products.models import Product

    product = rounds["certificate"].entry.product
    form = draw_form(
        data,
        {
            "name": text(["Nón lá Chuông thượng hạng"]),
            "group": choice(1, 2, 3, 4),
            "establishment": ids(product.establishment_id),
            "reason": text(["Cơ sở đăng ký nhãn hiệu mới"], max_length=2000),
        },
    )
    run_form(
        staff,
        reverse("products:product_identity", args=[product.pk]),
        form,
        on_accept=lambda response: stored_as_typed(
            Product.objects.get(pk=product.pk), form, ["name"]
        ),
    )


@few
@given(data=st.data())
def test_product_photo_and_document(staff, rounds, data):
    product = rounds["product"]
    photo = draw_form(data, {"view": choice("front", "other")})
    image = data.draw(st.one_of(st.builds(tiny_png), uploads("photo")), label="image")
    run_form(
        staff,
        reverse("products:photo_add", args=[product.pk]),
        photo,
        files={"image": image} if image else None,
    )
    document = draw_form(
        data,
        {
            "kind": choice(*_product_document_kinds()),
            "title": text(["Giấy đăng ký kinh doanh"]),
            "issued_on": optional(date("2000-01-01", "9999-12-31")),
        },
    )
    upload = data.draw(uploads("document"), label="file")
    run_form(
        staff,
        reverse("products:document_add", args=[product.pk]),
        document,
        files={"file": upload} if upload else None,
    )


def _product_document_kinds() -> list[str]:
    from products.models import DocumentKind

    return [k for k in DocumentKind.values if k != "forwarding"]


@hostile
@given(data=st.data())
def test_round_create(staff, tan_yen, data):
    from products.models import VotingRound

    form = draw_form(
        data,
        {
            "level": choice("provincial", "commune", "regional"),
            "year": number(YEAR, 2000, 2100),
            "title": text(["Bình chọn sản phẩm CNNT tiêu biểu"]),
            "commune": optional(ids(tan_yen.pk)),
            "threshold": number(70, 0, 100),
        },
    )

    def check(response):
        pk = int(response["Location"].rstrip("/").split("/")[-1])
        stored_as_typed(VotingRound.objects.get(pk=pk), form, ["title"])
        follow_page(staff, response)

    run_form(staff, reverse("products:round_create"), form, on_accept=check)


@hostile
@given(data=st.data())
def test_round_setup_forms(staff, council_user, make_user, rounds, data):
    from products.models import Criterion, CriterionGroup

    voting_round = rounds["open"]
    group = CriterionGroup.objects.filter(round=voting_round).first()
    criterion = Criterion.objects.filter(group=group).first()
    which = data.draw(st.sampled_from(["group", "criterion", "council", "entry"]))
    seatable = make_user(Role.COUNCIL_MEMBER)
    fields, url, files, form_key = {
        "group": (
            {
                "action": choice("group_save", "group_delete"),
                "group": optional(ids(group.pk)),
                "name": text(["Nhóm tiêu chí"]),
                "max_points": number(40, 0, 100),
            },
            reverse("products:round_criteria", args=[voting_round.pk]),
            None,
            None,
        ),
        "criterion": (
            {
                "action": choice("criterion_save", "criterion_delete"),
                "criterion": optional(ids(criterion.pk)),
                "group": ids(group.pk),
                "name": text(["Nhu cầu thị trường"]),
                "max_points": number(10, 0, 40),
                "guidance": optional(text(["0-10 điểm"], max_length=5000)),
            },
            reverse("products:round_criteria", args=[voting_round.pk]),
            None,
            None,
        ),
        "council": (
            {
                "user": ids(seatable.pk),
                "role": choice("chair", "member", "secretary"),
                "organisation": optional(text(["Sở Công Thương"])),
            },
            reverse("products:council_add", args=[voting_round.pk]),
            None,
            "member_form",
        ),
        "entry": (
            {
                "product": ids(rounds["product"].pk),
                "nominated_from": optional(ids(rounds["certificate"].pk)),
                "forwarding_note": optional(text(["Công văn 12/UBND-KT"])),
            },
            reverse("products:entry_add", args=[voting_round.pk]),
            {"forwarding_file": data.draw(uploads("document"), label="file")},
            "entry_form",
        ),
    }[which]
    files = {k: v for k, v in (files or {}).items() if v}
    run_form(staff, url, draw_form(data, fields), files=files, form_key=form_key, also=(404,))


@hostile
@given(data=st.data())
def test_score_sheet_and_conflict(client, council_user, rounds, data):
    from products.models import Criterion

    client.force_login(council_user)
    voting_round, entry = rounds["scoring"], rounds["entry"]
    criteria = Criterion.objects.filter(group__round=voting_round)
    sheet = draw_form(
        data,
        {
            f"c{c.pk}": number("0", "1,5", " 2.5 ", c.max_points, f"{c.max_points - 1},5")
            for c in criteria
        },
    )
    run_form(client, reverse("products:score_sheet", args=[voting_round.pk, entry.pk]), sheet)
    conflict = draw_form(
        data,
        {
            "note": text(["Anh ruột tôi là chủ cơ sở."], max_length=2000),
            "withdraw": optional((st.just(""), st.sampled_from(CHOICES))),
        },
    )
    run_form(client, reverse("products:conflict", args=[voting_round.pk, entry.pk]), conflict)


@hostile
@given(data=st.data())
def test_round_results_forms(staff, rounds, data):
    which = data.draw(
        st.sampled_from(
            ["publish", "complaint", "answer", "revoke", "nominate", "awards", "transition"]
        )
    )
    published, certificate = rounds["published"], rounds["certificate"]
    fields, url, form_key = {
        "publish": (
            {
                "decision_number": text(["45/QĐ-UBND"], max_length=60),
                "decision_date": date("2000-01-01", "9999-12-31"),
            },
            reverse("products:publish", args=[rounds["closed"].pk]),
            "publish_form",
        ),
        "complaint": (
            {
                "complainant": text(["Trần Thị Bình"]),
                "contact": optional(text(["0912 345 678"])),
                "entry": optional(ids(certificate.entry_id)),
                "received_on": date("2000-01-01", "9999-12-31"),
                "content": text(["Điểm chưa đúng"], max_length=10_000),
            },
            reverse("products:complaint_record", args=[published.pk]),
            "complaint_form",
        ),
        "answer": (
            {"answer": text(["Giữ nguyên kết quả"], max_length=10_000)},
            reverse("products:complaint_answer", args=[rounds["complaint"].pk]),
            None,
        ),
        "revoke": (
            {"reason": text(["Không còn sản xuất"], max_length=2000)},
            reverse("products:certificate_revoke", args=[certificate.pk]),
            None,
        ),
        "nominate": (
            {"voting_round": ids(rounds["open"].pk)},
            reverse("products:certificate_nominate", args=[certificate.pk]),
            None,
        ),
        "awards": (
            {"entry": ids(rounds["entry"].pk)},
            reverse("products:awards", args=[rounds["closed"].pk]),
            None,
        ),
        "transition": (
            {"target": choice("closed", "scoring", "published")},
            reverse("products:round_transition", args=[rounds["scoring"].pk]),
            None,
        ),
    }[which]
    run_form(staff, url, draw_form(data, fields), form_key=form_key)


# --- XLSX and CSV imports -----------------------------------------------------------------

# Cells a spreadsheet may really hold (openpyxl refuses control characters itself).
HOSTILE_CELLS = [
    '=HYPERLINK("http://x","y")',  # a formula: read as its (absent) cached value
    "=1+1",
    "+1",
    "-2+3",
    "@SUM(A1)",
    "'=1+1",
    10**30,
    -5_000_000,
    1e308,
    -0.5,
    12.75,
    True,
    dt.datetime(2025, 2, 28, 13, 30),  # noqa: DTZ001 (spreadsheet cells have no zone)
    dt.date(1900, 1, 1),
    "31/02/2025",
    "2025-13-01",
    "x" * 40_000,
    "a_x0000_b",  # the OOXML escape of NUL, kept as text
    "\u202egnp.exe",
    "Nguye\u0302\u0303n",
    "<script>alert(1)</script>",
    "",
    " ",
    None,
]
SHAPES = [
    "plain",
    "no_header",
    "header_only",
    "extra_column",
    "missing_column",
    "duplicate_column",
    "blank_rows",
    "merged",
    "second_sheet",
    "chart_first",
    "far_cell",
    "not_xlsx",
    "empty_file",
    "zip_not_xlsx",
]


def workbook(header: list, rows: list[list], shape: str) -> bytes:
    """The rows as an XLSX file of the given shape; the data's row numbers are those a
    plain file would have (the header is row 1), except where the shape moves them."""
    if shape == "not_xlsx":
        return b"%PDF-1.4 not a workbook\x00\x01"
    if shape == "empty_file":
        return b""
    if shape == "zip_not_xlsx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("readme.txt", "không phải bảng tính")
        return buffer.getvalue()
    book = Workbook()
    sheet = book.active
    if shape == "second_sheet":
        sheet.title = "Ghi chú"
        sheet.append(["Bảng dữ liệu ở trang sau"])
        sheet = book.create_sheet("Dữ liệu")
    if shape == "chart_first":  # a chart sheet before the data, as offices make them
        chart = BarChart()
        chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=2))
        book.create_chartsheet("Biểu đồ", 0).add_chart(chart)
    header = list(header)
    rows = [list(r) for r in rows]
    if shape == "extra_column":
        header.append("Cột lạ")
        rows = [[*r, "thêm"] for r in rows]
    if shape == "missing_column":
        header, rows = header[1:], [r[1:] for r in rows]
    if shape == "duplicate_column":
        header, rows = [*header, header[0]], [[*r, r[0]] for r in rows]
    if shape != "no_header":
        sheet.append(header)
    for row in rows:
        if shape == "blank_rows":
            for _ in range(20):
                sheet.append([])
        sheet.append(row if shape != "header_only" else [])
    if shape == "merged" and len(rows) >= 2:
        sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=2)
    if shape == "far_cell":
        sheet.cell(row=2, column=16_000, value="xa")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_rows(data, columns: dict, n: int) -> tuple[list[list], set[int]]:
    """n rows; each cell valid (made unique per row) or, sometimes, hostile. Returns the
    rows and the spreadsheet row numbers given a hostile cell."""
    rows, marked = [], set()
    for i in range(n):
        bad = data.draw(st.sets(st.sampled_from(sorted(columns)), max_size=2), label="bad")
        row = []
        for name, make in columns.items():
            if name in bad:
                row.append(data.draw(st.sampled_from(HOSTILE_CELLS), label=name))
            else:
                row.append(make(i))
        if bad:
            marked.add(i + 2)
        rows.append(row)
    return rows, marked


def judge_import(response, before: tuple, cells: list, marked: set[int], shape: str, n: int):
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        event(f"imported {shape}")
        assert not [e for e in queued_messages(response) if e[0] == "error"]
        assert shape not in ("not_xlsx", "empty_file", "zip_not_xlsx", "missing_column")
        return True
    page = response.content.decode()
    assert_no_markup(page)
    assert row_counts() == before, "a refused import wrote rows"
    outcome = response.context["outcome"]
    form = response.context["form"]
    posted = {str(i): c for i, c in enumerate(cells) if isinstance(c, str)}
    if outcome is None:  # the upload itself refused
        assert form.errors
        for _name, message in form_errors(form):
            assert_vietnamese(message, posted)
            assert escape(message) in page
        event(f"form refused {shape}")
        return False
    event(f"refused {shape}")
    assert outcome.problems, "refused without a problem"
    for problem in outcome.problems:
        assert_vietnamese(problem.message, posted)
        assert escape(problem.message) in page
        assert 0 <= problem.row <= n + 1 or shape == "blank_rows"
    if shape == "plain":
        # Good rows are not blamed: every row named had a hostile cell (or is the header).
        named = {p.row for p in outcome.problems if p.row > 1}
        assert named <= marked, (named, marked)
    return False


def _code(i: int) -> str:
    return f"{2400600000 + i}"


ESTABLISHMENT_COLUMNS = {
    "Tên cơ sở": lambda i: f"Cơ sở nhập số {i} =SUM(A1)" if i % 3 == 0 else f"Cơ sở {i}",
    "Loại hình": lambda i: ("Hộ kinh doanh", "cooperative", "Doanh nghiệp nhỏ và vừa")[i % 3],
    "Quy mô": lambda i: "micro",
    "Mã số thuế": _code,
    "Mã xã": lambda i: ("07339", 7339)[i % 2],
    "Địa chỉ": lambda i: "+84 thôn Đông" if i % 2 else "Thôn Đông",
    "Ngành nghề": lambda i: ("Thủ công mỹ nghệ", "food")[i % 2],
    "Số lao động": lambda i: (i * 7, "1.200", 12.0)[i % 3],
    "Xuất khẩu": lambda i: ("có", "không", "x", None)[i % 4],
    "Điện thoại": lambda i: "-0912 345 678" if i % 2 else "0912345678",
}


@hostile
@given(data=st.data())
def test_establishment_import(staff, data):
    from establishments.models import Establishment

    n = data.draw(st.integers(1, 6), label="rows")
    shape = data.draw(st.sampled_from(SHAPES), label="shape")
    rows, marked = import_rows(data, ESTABLISHMENT_COLUMNS, n)
    cells = [c for r in rows for c in r]
    kind = data.draw(st.sampled_from(["xlsx", "xlsx", "csv", "wrong_name"]), label="kind")
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(list(ESTABLISHMENT_COLUMNS))
        for row in rows:
            writer.writerow(["" if c is None else str(c).replace("\x00", "") for c in row])
        raw = buffer.getvalue().encode("utf-8-sig")
        if data.draw(st.booleans(), label="nul in csv"):
            raw = raw.replace("Cơ sở".encode(), b"C\x00 s\x01")  # NUL and controls in CSV
            marked |= set(range(2, n + 2))
        content, name = raw, "co-so.csv"
        shape = "plain" if shape in ("plain", "extra_column") else "csv"
    else:
        content = workbook(list(ESTABLISHMENT_COLUMNS), rows, shape)
        name = "co-so.xlsx" if kind == "xlsx" else "co-so.xlsx.exe"
    with rolled_back():
        before = row_counts()
        existing = Establishment.objects.count()
        response = staff.post(
            reverse("establishments:import"), {"file": SimpleUploadedFile(name, content)}
        )
        if judge_import(response, before, cells, marked, shape, n):
            assert Establishment.objects.count() == existing + (shape != "header_only") * n
            page = follow_page(staff, response)
            assert "=SUM(A1)" not in page or escape("=SUM(A1)") in page


HISTORY_COLUMNS = {
    "Mã đề án": lambda i: f"DP-2020-{i:03d}",
    "Tên đề án": lambda i: f"Hỗ trợ máy sấy số {i}" if i % 2 else "@Hỗ trợ <b>máy</b> -1+2",
    "Năm": lambda i: (2020, "2021", 2022.0)[i % 3],
    "Nguồn kinh phí": lambda i: ("Khuyến công địa phương", "national")[i % 2],
    "Nội dung": lambda i: "machinery",
    "Cơ sở": lambda i: f"Cơ sở mộc số {i}",
    "Mã số thuế": _code,
    "Địa chỉ": lambda i: (
        "Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang",
        "Xã Tân Yên, Tỉnh Bắc Ninh",
    )[i % 2],
    "Kinh phí hỗ trợ": lambda i: (150_000_000, "150.000.000", "1 500 000 đ")[i % 3],
    "Vốn đối ứng": lambda i: (None, 0, "20.000.000")[i % 3],
    "Trạng thái": lambda i: ("", "settled", "Đã quyết toán")[i % 3],
}


@hostile
@given(data=st.data())
def test_history_import(staff, data):
    from projects.models import Project

    n = data.draw(st.integers(1, 5), label="rows")
    shape = data.draw(st.sampled_from(SHAPES), label="shape")
    rows, marked = import_rows(data, HISTORY_COLUMNS, n)
    content = workbook(list(HISTORY_COLUMNS), rows, shape)
    name = data.draw(st.sampled_from(["du-an.xlsx", "du-an.XLSX", "du-an.xls", "du-an.csv"]))
    with rolled_back():
        before = row_counts()
        response = staff.post(
            reverse("projects:history_import"), {"file": SimpleUploadedFile(name, content)}
        )
        cells = [c for r in rows for c in r]
        if judge_import(response, before, cells, marked, shape, n):
            imported = Project.objects.filter(code__startswith="DP-2020-").count()
            assert imported == (shape != "header_only") * n
            follow_page(staff, response)


@few
@given(data=st.data())
def test_import_projects_command(staff_user, tmp_path_factory, data):
    """`manage.py import_projects` on the same hostile files: a refusal is a CommandError
    naming the rows, and nothing is written."""
    from django.core.management import CommandError, call_command

    n = data.draw(st.integers(1, 3), label="rows")
    shape = data.draw(st.sampled_from(SHAPES), label="shape")
    rows, _marked = import_rows(data, HISTORY_COLUMNS, n)
    path = tmp_path_factory.mktemp("xlsx") / "du-an.xlsx"
    path.write_bytes(workbook(list(HISTORY_COLUMNS), rows, shape))
    out, err = io.StringIO(), io.StringIO()
    with rolled_back():
        before = row_counts()
        try:
            call_command(
                "import_projects", str(path), user=staff_user.username, stdout=out, stderr=err
            )
        except CommandError:
            assert row_counts() == before
            event(f"refused {shape}")
        else:
            event(f"imported {shape}")
            assert shape not in ("not_xlsx", "empty_file", "zip_not_xlsx", "missing_column")


# --- exports ------------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DANGEROUS = st.one_of(
    st.sampled_from(
        [
            '=HYPERLINK("http://x","y")',
            "==HYPERLINK(1)",
            "=1+1",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\t=1+1",
            "\r=1+1",
            "=cmd|' /C calc'!A0",
            "\x01\x1b[31mđỏ",  # control characters openpyxl refuses to write
            "a\x0bb",
        ]
    ),
    st.tuples(st.sampled_from(FORMULA_STARTS), printable).map("".join),
)


def assert_csv_neutral(text: str) -> None:
    for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), f"CSV cell runs as a formula: {cell!r}"


def assert_xlsx_neutral(content: bytes) -> list:
    book = load_workbook(io.BytesIO(content))  # not read-only: data_type is exact
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"XLSX cell is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith("="), cell.value
                values.append(cell.value)
    return values


def xlsx_text(value: str) -> str:
    """What an exported worksheet holds for a text: without control characters, with an
    apostrophe before a leading "=" (other starts are inert text in an XLSX cell)."""
    value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", value)
    # openpyxl writes through lxml (a dependency of python-docx), which keeps a carriage
    # return as &#13;, so the text reads back exactly as typed.
    return "'" + value if value.startswith("=") else value


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@hostile
@given(texts=st.lists(DANGEROUS, min_size=5, max_size=5))
def test_establishment_exports_neutralise_formulas(staff, admin_client, tan_yen, texts):
    from establishments.models import Establishment

    with rolled_back():
        establishment = EstablishmentFactory(
            name=texts[0],
            address_line=texts[1],
            main_products=texts[2],
            contact_person=texts[3][:150],
            craft_village=texts[4],
            phone=texts[4][:20],
        )
        url = reverse("establishments:export")
        assert_csv_neutral(_body(staff.get(url, {"format": "csv"})).decode("utf-8"))
        values = assert_xlsx_neutral(_body(staff.get(url)))
        assert xlsx_text(texts[0]) in values  # as typed, bar control characters
        # The admin's export (django-import-export) too.
        admin = "/admin/establishments/establishment/export/"
        fields = {f"establishmentresource_{c}": "on" for c in ("name", "address_line", "phone")}
        for index, check in (("0", "csv"), ("1", "xlsx"), ("2", "tsv")):
            response = admin_client.post(admin, {"format": index, "resource": "0", **fields})
            assert response.status_code == 200
            body = _body(response)
            if check == "xlsx":
                assert_xlsx_neutral(body)
            elif check == "csv":
                assert_csv_neutral(body.decode("utf-8"))
            else:
                for row in csv.reader(io.StringIO(body.decode("utf-8")), delimiter="\t"):
                    for cell in row:
                        assert not cell.startswith(FORMULA_STARTS), cell
        assert Establishment.objects.filter(pk=establishment.pk).exists()


@few
@given(texts=st.lists(DANGEROUS, min_size=4, max_size=4))
def test_report_workbooks_neutralise_formulas(staff_user, projects, rounds, texts):
    """Every XLSX report builder, on records whose text starts like a formula."""
    from collaborators.models import Collaborator
    from establishments.models import FieldVisit
    from products.models import Product, VotingRound
    from projects.models import Project
    from reports import services
    from reports.models import ReportJob
    from tests.factories import CollaboratorFactory

    with rolled_back():
        Project.objects.filter(pk=projects["under_way"].pk).update(
            title=texts[0], code=texts[1][:30]
        )
        collaborator = Collaborator.objects.first() or CollaboratorFactory()
        Collaborator.objects.filter(pk=collaborator.pk).update(full_name=texts[2])
        FieldVisit.objects.create(
            collaborator=collaborator,
            establishment=rounds["product"].establishment,
            visited_on=_today(),
            purpose="survey",
        )
        Product.objects.filter(pk=rounds["entry"].product_id).update(name=texts[3])
        VotingRound.objects.filter(pk=rounds["scoring"].pk).update(status="closed")
        for kind, params in (
            ("period_summary", {"from_year": YEAR - 1, "to_year": YEAR}),
            ("plan_implementation", {"year": YEAR}),
            ("collaborator_activity", {"year": _today().year}),
            ("voting_results", {"round_id": rounds["scoring"].pk}),
        ):
            job = services.job_submit(actor=staff_user, kind=kind, params=params)
            services.job_run(job.pk)
            job = ReportJob.objects.get(pk=job.pk)
            assert job.status == "done", (kind, job.error)
            with job.file.open("rb") as handle:
                values = assert_xlsx_neutral(handle.read())
            job.file.delete(save=False)
            event(kind)
            if kind == "voting_results":
                assert xlsx_text(texts[3]) in values


# --- reports, sign-in, language -----------------------------------------------------------


@hostile
@given(data=st.data())
def test_report_requests(staff, rounds, data):
    kind = data.draw(
        st.sampled_from(
            [
                "period_summary",
                "plan_implementation",
                "collaborator_activity",
                "voting_results",
                "nonsense",
            ]
        )
    )
    fields = {
        "period_summary": {
            "from_year": choice(YEAR - 4, 2000),
            "to_year": choice(YEAR, YEAR + 1),
            "format": choice("xlsx", "pdf"),
        },
        "plan_implementation": {"plan-year": choice(YEAR, 2000)},
        "collaborator_activity": {"ctv-year": choice(YEAR)},
        "voting_results": {"round_id": choice(rounds["published"].pk)},
        "nonsense": {"year": choice(YEAR)},
    }[kind]
    form = draw_form(data, fields)
    with rolled_back():
        before = row_counts()
        response = post(staff, reverse("reports:job_create", args=[kind]), form)
        assert response.status_code in (302, 400, 404), response.status_code
        if response.status_code != 302:
            assert row_counts() == before
            html = response.content.decode()
            assert_no_markup(html)
            cards = response.context["cards"] if response.status_code == 400 else ()
            for _kind, _label, card in cards:
                for _name, message in form_errors(card):
                    assert_vietnamese(message, form)
                    assert escape(message) in html
        event(f"status {response.status_code}")


@few
@given(data=st.data())
def test_sign_in_and_password_forms(staff, data):
    anonymous = Client()
    login = draw_form(
        data,
        {"username": text(["nguoi-dung"], max_length=150), "password": text(["sai-mat-khau"])},
    )
    with rolled_back():
        response = post(anonymous, reverse("accounts:login"), login)
        event(f"sign-in {response.status_code}")
        assert response.status_code in (200, 302, 403, 429), response.status_code
        if response.status_code == 200:
            html = response.content.decode()
            assert_no_markup(html)
            for _name, message in form_errors(response.context["form"]):
                assert_vietnamese(message, login)
    change = draw_form(
        data,
        {
            "old_password": text(["sai"]),
            "new_password1": text(["Mật-khẩu-mới-2026!"]),
            "new_password2": text(["Mật-khẩu-mới-2026!"]),
        },
    )
    with rolled_back():
        response = post(staff, reverse("accounts:password_change"), change)
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            for _name, message in form_errors(response.context["form"]):
                assert_vietnamese(message, change)


@few
@given(
    language=st.one_of(st.sampled_from(["vi", "en", "fr", "", "\x00", "vi\x00"]), printable),
    target=st.sampled_from(
        ["/", "//evil.example/", "https://evil.example/", "javascript:alert(1)", "/\x00", "\\\\x"]
    ),
)
def test_language_switch(client, language, target):
    response = post(client, "/i18n/setlang/", {"language": language, "next": target})
    assert response.status_code in (200, 302, 204)
    if response.status_code == 302:
        assert response["Location"].startswith("/")
        assert not response["Location"].startswith("//")
