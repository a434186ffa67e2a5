"""Reading the workbook: its columns (field names, Vietnamese headers and their aliases)
and every row checked into a Row, or into the problems that keep it out."""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import spreadsheets
from core.forms import MAX_VND
from core.spreadsheets import Problem
from establishments.content_types import PromotionContent
from establishments.models import tax_code_validator
from establishments.services import normalize_name
from localities.addresses import AddressError, AddressResolver
from localities.models import MERGER_YEAR, AdminUnit
from projects.models import FundSource, ProjectStatus

MAX_ROWS = 50_000
MAX_CODE = 30  # Project.code
FIRST_YEAR = 2000


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


def fold(text) -> str:
    return normalize_name(str(text or ""))


@lru_cache(maxsize=1)
def _header_lookup() -> dict[str, str]:
    lookup = {}
    for name, (_required, aliases) in COLUMNS.items():
        lookup[fold(name)] = name
        lookup[fold(name.replace("_", " "))] = name
        for alias in aliases:
            lookup[fold(alias)] = name
    return lookup


def _choice_lookup(choices) -> dict[str, str]:
    """Codes and labels (Vietnamese and English), normalised, for TextChoices."""
    lookup = {}
    for value, label in choices.choices:
        lookup[fold(value)] = value
        for language in ("vi", "en"):
            with translation.override(language):
                lookup[fold(str(label))] = value
    return lookup


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


# --- reading ----------------------------------------------------------------------------


def read_rows(upload) -> list[list]:
    """The first sheet's rows as lists (values, not formulas)."""
    return spreadsheets.read_rows(upload, max_rows=MAX_ROWS, max_columns=len(COLUMNS) + 20)


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


# --- the import -------------------------------------------------------------------------


def _headers(first_row: list, problems: list[Problem], *, number: int = 1) -> list[str | None]:
    lookup = _header_lookup()
    headers: list[str | None] = []
    for cell in first_row:
        text = _text(cell)
        if not text:
            headers.append(None)
            continue
        name = lookup.get(fold(text))
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
        fund = funds.get(fold(fund_text))
        if fund_text and fund is None:
            problems.append(
                Problem(
                    number,
                    HEADERS_VI["fund_source"],
                    _("national or local, not “%(v)s”") % {"v": fund_text},
                )
            )
        content_text = need("content_type")
        content = contents.get(fold(content_text))
        if content_text and content is None:
            problems.append(
                Problem(
                    number,
                    HEADERS_VI["content_type"],
                    _("unknown content “%(v)s”") % {"v": content_text},
                )
            )
        status_text = _text(cells.get("status"))
        status = statuses.get(fold(status_text)) if status_text else ProjectStatus.SETTLED
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
