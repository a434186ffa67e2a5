"""All-or-nothing import of ten years of projects from a workbook, with a row-by-row
report of every problem (`manage.py import_projects FILE.xlsx` and /projects/import/).

First sheet, a header row, one project per row. Columns (field names or their Vietnamese
headers): code, title, year, fund_source (national | local), content_type (a code or its
label), establishment, tax_code, address, support_vnd, counterpart_vnd, status.

Addresses are free text of either era ("Xã Việt Lập, Huyện Tân Yên, Tỉnh Bắc Giang" or
"Xã Tân Yên, Tỉnh Bắc Ninh"), parsed offline with vietnamadminunits. A record of before
July 2025 keeps its commune of the time and is linked to the 2025 successor. Establishments
are matched by tax code, else by name and commune, else created. Re-importing the same
file changes nothing.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from simple_history.utils import bulk_create_with_history

from accounts.roles import is_center_staff
from core.forms import MAX_VND
from establishments.content_types import PromotionContent
from establishments.models import Establishment, LegalForm, Sector, tax_code_validator
from establishments.services import normalize_name
from localities.models import MERGER_YEAR, AdminUnit, Era, Level
from localities.selectors import configured_province, current_unit
from projects.models import (
    BudgetLine,
    FundSource,
    Project,
    ProjectEvent,
    ProjectSource,
    ProjectStatus,
)

MAX_ROWS = 50_000
MAX_CODE = 30  # Project.code
FIRST_YEAR = 2000
HISTORY_LINE = "Kinh phí thực hiện (dữ liệu lịch sử)"

# field -> (required, header aliases as typed in a spreadsheet)
COLUMNS: dict[str, tuple[bool, tuple[str, ...]]] = {
    "code": (True, ("mã", "mã đề án", "số hiệu", "số hiệu đề án")),
    "title": (True, ("tên đề án", "tên", "tên đề án khuyến công")),
    "year": (True, ("năm", "năm kế hoạch", "năm thực hiện")),
    "fund_source": (True, ("nguồn kinh phí", "nguồn vốn", "nguồn")),
    "content_type": (True, ("nội dung", "nội dung hoạt động", "loại nội dung")),
    "establishment": (True, ("cơ sở", "tên cơ sở", "cơ sở thụ hưởng", "đơn vị thụ hưởng")),
    "tax_code": (False, ("mã số thuế", "mst")),
    "address": (True, ("địa chỉ", "địa chỉ cơ sở")),
    "support_vnd": (True, ("kinh phí hỗ trợ", "kinh phí khuyến công", "hỗ trợ", "nhà nước hỗ trợ")),
    "counterpart_vnd": (False, ("vốn đối ứng", "đối ứng", "kinh phí đối ứng")),
    "status": (False, ("trạng thái", "tình trạng")),
}
HEADERS_VI = {
    "code": "Mã đề án",
    "title": "Tên đề án",
    "year": "Năm",
    "fund_source": "Nguồn kinh phí",
    "content_type": "Nội dung",
    "establishment": "Cơ sở",
    "tax_code": "Mã số thuế",
    "address": "Địa chỉ",
    "support_vnd": "Kinh phí hỗ trợ",
    "counterpart_vnd": "Vốn đối ứng",
    "status": "Trạng thái",
}
FUND_ALIASES = {
    "national": FundSource.NATIONAL,
    "quoc gia": FundSource.NATIONAL,
    "khuyen cong quoc gia": FundSource.NATIONAL,
    "kinh phi khuyen cong quoc gia": FundSource.NATIONAL,
    "kcqg": FundSource.NATIONAL,
    "trung uong": FundSource.NATIONAL,
    "local": FundSource.LOCAL,
    "dia phuong": FundSource.LOCAL,
    "khuyen cong dia phuong": FundSource.LOCAL,
    "kinh phi khuyen cong dia phuong": FundSource.LOCAL,
    "kcdp": FundSource.LOCAL,
    "tinh": FundSource.LOCAL,
}


def _key(text) -> str:
    return normalize_name(str(text or ""))


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    lookup = {}
    for name, (_required, aliases) in COLUMNS.items():
        lookup[_key(name)] = name
        lookup[_key(name.replace("_", " "))] = name
        for alias in aliases:
            lookup[_key(alias)] = name
    return lookup


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and labels (Vietnamese and English), normalised, for TextChoices."""
    lookup = {}
    for value, label in choices.choices:
        lookup[_key(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[_key(str(label))] = value
    return lookup


@dataclass
class Problem:
    row: int  # as the user sees it in the spreadsheet (the header is row 1)
    column: str
    message: str


@dataclass
class ImportOutcome:
    total: int = 0
    created: int = 0
    unchanged: int = 0
    establishments_created: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Row:
    number: int
    code: str
    title: str
    year: int
    fund_source: str
    content_type: str
    establishment: str
    tax_code: str
    commune: AdminUnit
    legacy_commune: AdminUnit | None
    support_vnd: int
    counterpart_vnd: int
    status: str


class AddressError(Exception):
    pass


# --- reading ----------------------------------------------------------------------------


def _unreadable() -> str:
    # openpyxl's own messages are English internals ("File is not a zip file").
    return _("The file cannot be read as XLSX: %(error)s") % {
        "error": _("open it in Excel and save it again as an .xlsx workbook")
    }


def read_rows(upload) -> list[list]:
    """The first sheet's rows as lists (values, not formulas)."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not XLSX
        raise ValidationError(_unreadable()) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        filled = 0
        # A stray cell far to the right must not widen every row to 16,384 cells.
        for row in sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 20):
            rows.append(list(row))
            filled += any(c not in (None, "") for c in row)
            if filled > MAX_ROWS + 1:
                break  # parse() reports the file as too long
        return rows
    except Exception as exc:  # a damaged sheet inside a valid archive
        raise ValidationError(_unreadable()) from exc
    finally:
        workbook.close()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _amount(raw, column: str, problems: list[Problem], number: int) -> int | None:
    if raw in (None, ""):
        return 0
    value = raw
    if isinstance(value, bool):
        value = None
    elif isinstance(value, int | float):
        value = None if isinstance(value, float) and not value.is_integer() else int(value)
    else:
        text = re.sub(r"(₫|đồng|đ|vnđ|vnd)", "", str(value).strip(), flags=re.I)
        text = "".join(text.split())
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):
            text = text.replace(".", "").replace(",", "")
        value = int(text) if re.fullmatch(r"-?\d+", text) else None
    if value is None:
        problems.append(
            Problem(
                number,
                HEADERS_VI[column],
                _("not a whole number of đồng: %(v)s") % {"v": _text(raw)[:40]},
            )
        )
        return None
    if value < 0:
        problems.append(Problem(number, HEADERS_VI[column], _("an amount cannot be negative")))
        return None
    if value > MAX_VND:
        problems.append(Problem(number, HEADERS_VI[column], _("the amount is implausibly large")))
        return None
    return value


# --- addresses --------------------------------------------------------------------------

DISTRICT_WORDS = re.compile(r"\b(huyen|quan|thi xa|thanh pho|tp|h|q|tx)\b")
UNIT_WORDS = re.compile(r"^(xa|phuong|thi tran|dac khu|p|x|tt) ")


class AddressResolver:
    """Free-text addresses to AdminUnit rows, with a cache for repeated addresses."""

    def __init__(self, province: AdminUnit):
        self.province = province
        self.cache: dict[str, tuple[AdminUnit, AdminUnit | None]] = {}
        legacy = AdminUnit.objects.filter(
            era=Era.LEGACY, level=Level.PROVINCE, successions__new=province
        )
        self.legacy_province_codes = set(legacy.values_list("code", flat=True))

    def resolve(self, address: str) -> tuple[AdminUnit, AdminUnit | None]:
        """(2025 commune, legacy commune or None) for an address, or AddressError."""
        key = address.casefold()
        if key not in self.cache:
            self.cache[key] = self._resolve(address)
        return self.cache[key]

    def _resolve(self, address: str) -> tuple[AdminUnit, AdminUnit | None]:
        from vietnamadminunits import parse_address

        parts = [_key(p) for p in address.split(",") if p.strip()]
        # The commune must be named before the province: the parser otherwise happily
        # reads "Tỉnh Bắc Giang" as the 2025 ward "Phường Bắc Giang".
        named = set(parts[:-1]) if len(parts) > 1 else set(parts)
        named |= {UNIT_WORDS.sub("", part, count=1) for part in named}
        has_district = len(parts) >= 3 and bool(DISTRICT_WORDS.search(parts[-2]))
        modes = (
            ("LEGACY", "FROM_2025") if has_district or len(parts) >= 3 else ("FROM_2025", "LEGACY")
        )
        for mode in modes:
            try:
                unit = parse_address(address, mode=mode)
            except Exception:  # the parser raises on text it cannot place
                continue
            if unit is None or not getattr(unit, "ward_code", None):
                continue
            if not {_key(unit.ward), _key(unit.short_ward)} & named:
                continue
            if mode == "LEGACY":
                legacy = (
                    AdminUnit.objects.filter(
                        era=Era.LEGACY, level=Level.COMMUNE, code=unit.ward_code
                    )
                    .select_related("parent__parent")
                    .first()
                )
                if legacy is None:
                    continue
                if legacy.parent.parent.code not in self.legacy_province_codes:
                    raise AddressError(
                        _("%(place)s is outside %(province)s")
                        % {"place": legacy.parent.parent.name, "province": self.province.name}
                    )
                commune = current_unit(legacy)
                if commune is None or commune.level != Level.COMMUNE:
                    raise AddressError(_("no 2025 commune is known for %(c)s") % {"c": legacy})
                return commune, legacy
            commune = (
                AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, code=unit.ward_code)
                .select_related("parent")
                .first()
            )
            if commune is None:
                continue
            if commune.parent_id != self.province.pk:
                raise AddressError(
                    _("%(place)s is outside %(province)s")
                    % {"place": commune.parent.name, "province": self.province.name}
                )
            return commune, None
        raise AddressError(_("the commune of this address is not found in either era"))


# --- the import -------------------------------------------------------------------------


def _headers(first_row: list, problems: list[Problem], *, number: int = 1) -> list[str | None]:
    lookup = _header_lookup()
    headers: list[str | None] = []
    for cell in first_row:
        text = _text(cell)
        if not text:
            headers.append(None)
            continue
        name = lookup.get(_key(text))
        if name is None:
            problems.append(Problem(number, text, _("unknown column")))
        elif name in headers:
            problems.append(Problem(number, text, _("this column appears twice")))
        headers.append(name)
    for name, (required, _aliases) in COLUMNS.items():
        if required and name not in headers:
            problems.append(Problem(number, HEADERS_VI[name], _("required column is missing")))
    return headers


def parse(rows: list[list], *, resolver: AddressResolver) -> tuple[list[Row], list[Problem]]:
    """Check every row; return the rows that can be imported and every problem."""
    # Rows keep the number the spreadsheet shows them under, blank rows skipped.
    numbered = [
        (number, row)
        for number, row in enumerate(rows, start=1)
        if any(c not in (None, "") for c in row)
    ]
    if not numbered:
        return [], [Problem(1, "", _("The file has no header row."))]
    problems: list[Problem] = []
    header_number, header_row = numbered[0]
    headers = _headers(header_row, problems, number=header_number)
    if len(numbered) - 1 > MAX_ROWS:
        problems.append(Problem(1, "", _("At most %(n)s rows per file.") % {"n": MAX_ROWS}))
    if problems:
        return [], problems
    funds = FUND_ALIASES
    contents = _choice_lookup(PromotionContent)
    statuses = _choice_lookup(ProjectStatus)
    last_year = timezone.localdate().year + 1
    seen_codes: dict[str, int] = {}
    parsed: list[Row] = []
    for number, raw in numbered[1:]:
        cells = {name: raw[i] if i < len(raw) else None for i, name in enumerate(headers) if name}
        before = len(problems)

        def need(name: str, cells=cells, number=number) -> str:
            value = _text(cells.get(name))
            if not value:
                problems.append(
                    Problem(
                        number,
                        HEADERS_VI[name],
                        _("this cell is empty (a formula counts as empty: type its value)"),
                    )
                )
            return value

        code, title = need("code"), need("title")
        if len(code) > MAX_CODE:
            problems.append(
                Problem(number, HEADERS_VI["code"], _("at most %(n)s characters") % {"n": MAX_CODE})
            )
        if len(title) > 500:
            problems.append(
                Problem(number, HEADERS_VI["title"], _("at most %(n)s characters") % {"n": 500})
            )
        if code and code.casefold() in seen_codes:
            problems.append(
                Problem(
                    number,
                    HEADERS_VI["code"],
                    _("the same code is on row %(row)s") % {"row": seen_codes[code.casefold()]},
                )
            )
        seen_codes.setdefault(code.casefold(), number)
        year_text = need("year")
        year = int(year_text) if re.fullmatch(r"[0-9]{4}", year_text) else None
        if year_text and (year is None or not FIRST_YEAR <= year <= last_year):
            problems.append(
                Problem(
                    number,
                    HEADERS_VI["year"],
                    _("a year from %(first)s to %(last)s")
                    % {"first": FIRST_YEAR, "last": last_year},
                )
            )
        fund_text = need("fund_source")
        fund = funds.get(_key(fund_text))
        if fund_text and fund is None:
            problems.append(
                Problem(
                    number,
                    HEADERS_VI["fund_source"],
                    _("national or local, not “%(v)s”") % {"v": fund_text},
                )
            )
        content_text = need("content_type")
        content = contents.get(_key(content_text))
        if content_text and content is None:
            problems.append(
                Problem(
                    number,
                    HEADERS_VI["content_type"],
                    _("unknown content “%(v)s”") % {"v": content_text},
                )
            )
        status_text = _text(cells.get("status"))
        status = statuses.get(_key(status_text)) if status_text else ProjectStatus.SETTLED
        if status is None:
            problems.append(
                Problem(
                    number, HEADERS_VI["status"], _("unknown status “%(v)s”") % {"v": status_text}
                )
            )
        name = need("establishment")
        if len(name) > 255:
            problems.append(
                Problem(
                    number, HEADERS_VI["establishment"], _("at most %(n)s characters") % {"n": 255}
                )
            )
        tax_code = _text(cells.get("tax_code"))
        if tax_code:
            try:
                tax_code_validator(tax_code)
            except ValidationError as error:
                problems.append(Problem(number, HEADERS_VI["tax_code"], " ".join(error.messages)))
        address = need("address")
        commune = legacy = None
        if address:
            try:
                commune, legacy = resolver.resolve(address)
            except AddressError as error:
                problems.append(Problem(number, HEADERS_VI["address"], str(error)))
        support = None
        if need("support_vnd"):
            support = _amount(cells.get("support_vnd"), "support_vnd", problems, number)
        counterpart = _amount(cells.get("counterpart_vnd"), "counterpart_vnd", problems, number)
        if len(problems) > before:
            continue
        if year > MERGER_YEAR:
            legacy = None  # a later record written with a former address: 2025 commune only
        parsed.append(
            Row(
                number=number,
                code=code,
                title=title,
                year=year,
                fund_source=fund,
                content_type=content,
                establishment=name,
                tax_code=tax_code,
                commune=commune,
                legacy_commune=legacy,
                support_vnd=support,
                counterpart_vnd=counterpart,
                status=status,
            )
        )
    return parsed, problems


def _same(project: Project, row: Row, totals: tuple[int, int]) -> bool:
    return (
        project.title == row.title
        and project.plan_year == row.year
        and project.fund_source == row.fund_source
        and project.content_type == row.content_type
        and project.status == row.status
        and project.commune_id == row.commune.pk
        and project.legacy_commune_id == (row.legacy_commune.pk if row.legacy_commune else None)
        and totals == (row.support_vnd, row.counterpart_vnd)
    )


def import_projects(*, actor, rows: list[list], filename: str = "") -> ImportOutcome:
    """Import every row, or none: any problem leaves the database as it was."""
    if not is_center_staff(actor):
        raise PermissionDenied
    outcome = ImportOutcome()
    resolver = AddressResolver(configured_province())
    parsed, outcome.problems = parse(rows, resolver=resolver)
    outcome.total = len(parsed) + len({p.row for p in outcome.problems if p.row > 1})
    if outcome.problems:
        return outcome
    from django.db.models import Sum
    from django.db.models.functions import Upper

    existing = {
        p.code.casefold(): p
        for p in Project.objects.annotate(upper_code=Upper("code"))
        .filter(upper_code__in=[r.code.upper() for r in parsed])
        .annotate(
            support=Sum("budget_lines__state_support_vnd"),
            counterpart=Sum("budget_lines__counterpart_vnd"),
        )
    }
    new_rows = []
    for row in parsed:
        project = existing.get(row.code.casefold())
        if project is None:
            new_rows.append(row)
        elif _same(project, row, (project.support or 0, project.counterpart or 0)):
            outcome.unchanged += 1
        else:
            outcome.problems.append(
                Problem(
                    row.number,
                    HEADERS_VI["code"],
                    _("project %(code)s is already recorded with other data")
                    % {"code": project.code},
                )
            )
    if outcome.problems:
        return outcome
    try:
        _write(actor, new_rows, outcome, filename)
    except IntegrityError:
        outcome.problems.append(
            Problem(
                0, "", _("Another import recorded some of these projects just now; import again.")
            )
        )
        return outcome
    return outcome


def _write(actor, new_rows: list[Row], outcome: ImportOutcome, filename: str) -> None:
    with transaction.atomic():
        establishments = _establishments(actor, new_rows, outcome)
        unit = getattr(settings, "KHUYENCONG_CENTER_NAME", "") or "—"
        projects = [
            Project(
                code=row.code,
                title=row.title,
                plan_year=row.year,
                fund_source=row.fund_source,
                content_type=row.content_type,
                status=row.status,
                commune=row.commune,
                legacy_commune=row.legacy_commune,
                source=ProjectSource.IMPORT,
                implementing_unit=unit[:255],
                created_by=actor,
            )
            for row in new_rows
        ]
        # In bulk, and with their history rows, as one save each would write.
        note = _("Imported from %(file)s") % {"file": filename or "XLSX"}
        history = {"batch_size": 1000, "default_user": actor, "default_change_reason": note}
        bulk_create_with_history(projects, Project, **history)
        bulk_create_with_history(
            [
                BudgetLine(
                    project=project,
                    item=HISTORY_LINE,
                    state_support_vnd=row.support_vnd,
                    counterpart_vnd=row.counterpart_vnd,
                )
                for project, row in zip(projects, new_rows, strict=True)
            ],
            BudgetLine,
            **history,
        )
        Beneficiary = Project.beneficiaries.through
        Beneficiary.objects.bulk_create(
            (
                Beneficiary(
                    project_id=project.pk, establishment_id=establishments[_est_key(row)].pk
                )
                for project, row in zip(projects, new_rows, strict=True)
            ),
            batch_size=1000,
        )
        Site = Project.site_communes.through
        Site.objects.bulk_create(
            (
                Site(project_id=project.pk, adminunit_id=row.commune.pk)
                for project, row in zip(projects, new_rows, strict=True)
            ),
            batch_size=1000,
        )
        ProjectEvent.objects.bulk_create(
            (
                ProjectEvent(
                    project=project,
                    from_status="",
                    to_status=project.status,
                    actor=actor,
                    note=note,
                )
                for project in projects
            ),
            batch_size=1000,
        )
    outcome.created = len(projects)


def _est_key(row: Row) -> tuple:
    return (
        ("tax", row.tax_code) if row.tax_code else ("name", _key(row.establishment), row.commune.pk)
    )


def _establishments(actor, rows: list[Row], outcome: ImportOutcome) -> dict[tuple, Establishment]:
    """Each row's establishment: by tax code, else by name and commune, else a new one."""
    found: dict[tuple, Establishment] = {}
    tax_codes = {r.tax_code for r in rows if r.tax_code}
    live = Establishment.objects.filter(merged_into__isnull=True)
    for establishment in live.filter(tax_code__in=tax_codes):
        found[("tax", establishment.tax_code)] = establishment
    names = {_key(r.establishment) for r in rows}
    by_name = {}
    for establishment in live.filter(normalized_name__in=names).order_by("pk"):
        by_name.setdefault((establishment.normalized_name, establishment.commune_id), establishment)
    for row in rows:
        key = _est_key(row)
        if key in found:
            continue
        match = by_name.get((_key(row.establishment), row.commune.pk))
        if match is not None and (not row.tax_code or not match.tax_code):
            found[key] = match
            continue
        establishment = Establishment(
            name=row.establishment,
            normalized_name=_key(row.establishment),
            legal_form=LegalForm.HOUSEHOLD_BUSINESS,
            sector=Sector.OTHER,
            tax_code=row.tax_code,
            commune=row.commune,
            legacy_commune=row.legacy_commune,
            registered_by=actor,
        )
        establishment.save()
        outcome.establishments_created += 1
        found[key] = establishment
        by_name.setdefault((establishment.normalized_name, establishment.commune_id), establishment)
    return found
