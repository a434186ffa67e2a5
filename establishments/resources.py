"""The establishment register as a spreadsheet: one column layout for import, export
and the admin (django-import-export). See COLUMNS for the documented layout."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from core.spreadsheets import neutralise
from establishments.models import Establishment, LegalForm, SizeClass
from establishments.models import Sector as SectorChoices
from establishments.services import establishment_validate, normalize_name
from localities.models import AdminUnit, Era, Level
from localities.selectors import configured_province


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # the Vietnamese header we write; the field name is accepted too
    required: bool
    meaning: str | Promise


COLUMNS: tuple[Column, ...] = (
    Column("name", "Tên cơ sở", True, gettext_lazy("Name of the establishment")),
    Column("legal_form", "Loại hình", True, gettext_lazy("Legal form: one of the list")),
    Column("size_class", "Quy mô", False, gettext_lazy("Size: one of the list")),
    Column("tax_code", "Mã số thuế", False, gettext_lazy("10 digits, or 10-3; unique")),
    Column(
        "commune_code",
        "Mã xã",
        True,
        gettext_lazy("2025 commune code (5 digits), alone or followed by the name"),
    ),
    Column(
        "legacy_commune_code",
        "Mã xã cũ",
        False,
        gettext_lazy("Commune code before 07/2025, alone or followed by the name"),
    ),
    Column("address_line", "Địa chỉ", False, gettext_lazy("Village, street")),
    Column("sector", "Ngành nghề", True, gettext_lazy("Sector: one of the list")),
    Column("main_products", "Sản phẩm chính", False, gettext_lazy("Main products")),
    Column("workers", "Số lao động", False, gettext_lazy("Whole number")),
    Column("local_material_share", "Tỷ lệ nguyên liệu địa phương", False, gettext_lazy("0 to 100")),
    Column("exports", "Xuất khẩu", False, gettext_lazy("có / không")),
    Column("women_owned", "Chủ là nữ", False, gettext_lazy("có / không")),
    Column("minority_owned", "Chủ là người dân tộc thiểu số", False, gettext_lazy("có / không")),
    Column("craft_village", "Làng nghề", False, gettext_lazy("Recognised craft village, if any")),
    Column("contact_person", "Người liên hệ", False, gettext_lazy("Contact person")),
    Column("phone", "Điện thoại", False, gettext_lazy("Phone")),
    Column("email", "Email", False, gettext_lazy("Email")),
)
REQUIRED = {c.field for c in COLUMNS if c.required}
# Written by the export for the reader; the importer recognises and skips them.
EXPORT_ONLY = (
    Column("commune_name", "Xã, phường", False, gettext_lazy("Name of the 2025 commune")),
    Column(
        "legacy_commune_name",
        "Xã, phường trước 07/2025",
        False,
        gettext_lazy("Name of the commune before 07/2025"),
    ),
    Column("verified", "Đã xác minh", False, gettext_lazy("có / không")),
    Column("registered_on", "Ngày đăng ký", False, gettext_lazy("Date of registration")),
)
# The coded columns: what a cell may hold, listed by its Vietnamese label.
CHOICES = {
    "legal_form": LegalForm.choices,
    "size_class": SizeClass.choices,
    "sector": SectorChoices.choices,
}

_TRUE = {"co", "x", "yes", "y", "true", "1", "dung"}
_FALSE = {"khong", "no", "n", "false", "0", "sai", ""}


def header_aliases() -> dict[str, str]:
    """Normalised header text -> field name: 'Mã số thuế', 'ma so thue', 'tax_code'."""
    aliases = {}
    for column in (*COLUMNS, *EXPORT_ONLY):
        aliases[normalize_name(column.header)] = column.field
        aliases[normalize_name(column.field.replace("_", " "))] = column.field
    return aliases


def choice_labels(choices) -> list[str]:
    """The Vietnamese labels of a choice list, as the template's drop-down offers them."""
    with translation.override("vi"):
        return [str(label) for _code, label in choices]


class ChoiceWidget(widgets.Widget):
    """A choice given by its Vietnamese label (as the template's drop-down writes it),
    or its code or English label (older files), accents and case optional."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self._names = None

    def _lookup(self) -> dict[str, str]:
        if self._names is None:
            self._names = {}
            for code, label in self.choices:
                self._names[normalize_name(code.replace("_", " "))] = code
                for language in ("en", "vi"):
                    with translation.override(language):
                        self._names[normalize_name(str(label))] = code
        return self._names

    def clean(self, value, row=None, **kwargs):
        text = normalize_name(str(value or ""))
        if not text:
            return ""
        if text in self._lookup():
            return self._lookup()[text]
        allowed = "; ".join(f"“{label}”" for label in choice_labels(self.choices))
        raise ValueError(
            _("unknown value “%(value)s”; use one of: %(allowed)s")
            % {"value": value, "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        # The admin's export shows what a person reads; the importer takes it back.
        with translation.override("vi"):
            return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = normalize_name(str(value if value is not None else ""))
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ValueError(_("write “có” or “không”, not “%(value)s”") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return "có" if value else "không"


class WholeNumberWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return 0
        if isinstance(value, float) and value.is_integer():
            return int(value)
        text = str(value).strip().replace(".", "").replace(",", "").replace(" ", "")
        if not text.isdigit():
            raise ValueError(_("“%(value)s” is not a whole number") % {"value": value})
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return value


class UnitCodeWidget(widgets.Widget):
    """A commune by its code, among the communes given (loaded once per import). The
    code may be followed by the name, as the template's drop-down writes it
    ("07339 - Xã Tân Yên"); a name alone is found when it names one commune only."""

    def __init__(self, units, *, message, **kwargs):
        super().__init__(**kwargs)
        self._units_qs = units
        self._units = None
        self.message = message

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        if not text:
            return None
        if self._units is None:
            self._units = {u.code: u for u in self._units_qs.select_related("parent")}
            self._by_name: dict[str, list] = {}
            for unit in self._units.values():
                self._by_name.setdefault(normalize_name(unit.name), []).append(unit)
        code = re.match(r"(\d+)(\s*[-\u2013\u2014:]\s*\S.*)?$", text)
        if code:
            unit = self._units.get(code.group(1).zfill(5))
        else:
            named = self._by_name.get(normalize_name(text), [])
            unit = named[0] if len(named) == 1 else None
        if unit is None:
            raise ValueError(self.message % {"value": text})
        return unit

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class EstablishmentResource(resources.ModelResource):
    legal_form = fields.Field("legal_form", "legal_form", ChoiceWidget(LegalForm.choices))
    size_class = fields.Field("size_class", "size_class", ChoiceWidget(SizeClass.choices))
    sector = fields.Field("sector", "sector", ChoiceWidget(SectorChoices.choices))
    workers = fields.Field("workers", "workers", WholeNumberWidget())
    local_material_share = fields.Field(
        "local_material_share", "local_material_share", WholeNumberWidget()
    )
    exports = fields.Field("exports", "exports", YesNoWidget())
    women_owned = fields.Field("women_owned", "women_owned", YesNoWidget())
    minority_owned = fields.Field("minority_owned", "minority_owned", YesNoWidget())

    class Meta:
        model = Establishment
        fields = tuple(c.field for c in COLUMNS)
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        skip_html_diff = True
        use_transactions = True

    def __init__(self, *, actor=None, **kwargs):
        super().__init__(**kwargs)

        self.actor = actor
        province = configured_province()
        self.fields["commune"] = fields.Field(
            "commune",
            "commune_code",
            UnitCodeWidget(
                AdminUnit.objects.filter(era=Era.CURRENT, level=Level.COMMUNE, parent=province),
                message=_("no 2025 commune with code %(value)s in %(province)s")
                % {"value": "%(value)s", "province": province.name},
            ),
        )
        self.fields["legacy_commune"] = fields.Field(
            "legacy_commune",
            "legacy_commune_code",
            UnitCodeWidget(
                AdminUnit.objects.filter(
                    era=Era.LEGACY,
                    level=Level.COMMUNE,
                    parent__parent__successions__new=province,
                ),
                message=_("no commune with code %(value)s before 07/2025 in this province"),
            ),
        )
        self.fields["commune"].attribute = "commune"
        self.fields["legacy_commune"].attribute = "legacy_commune"

    def get_instance(self, instance_loader, row):
        tax_code = str(row.get("tax_code") or "").strip()
        if tax_code:
            return Establishment.objects.filter(tax_code=tax_code, merged_into__isnull=True).first()
        name = normalize_name(str(row.get("name") or ""))
        code = str(row.get("commune_code") or "").strip()
        if not name or not code.isdigit():
            return None
        return Establishment.objects.filter(
            normalized_name=name,
            commune__code=code.zfill(5),
            commune__era=Era.CURRENT,
            merged_into__isnull=True,
        ).first()

    def get_export_headers(self, selected_fields=None):
        # The admin's export: the Vietnamese headers of the register, as ours writes.
        headers = {c.field: c.header for c in (*COLUMNS, *EXPORT_ONLY)}
        return [headers.get(h, h) for h in super().get_export_headers(selected_fields)]

    def before_import(self, dataset, **kwargs):
        # A file with the Vietnamese headers (the admin's own export) imports too.
        aliases = header_aliases()
        if dataset.headers:
            dataset.headers = [
                aliases.get(normalize_name(str(h or "")), h) for h in dataset.headers
            ]
        super().before_import(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        # The admin's export: django-import-export only strips one leading "=", which
        # leaves "==…", "+…", "-…" and "@…" live; write such text as our export does.

        return neutralise(super().export_field(field, instance, **kwargs))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # An empty optional cell does not erase what the register already holds, and
        # leaves a new record its default (a blank "Quy mô" is "Siêu nhỏ", not an error).
        value = row.get(field.column_name)
        blank = value is None or str(value).strip() == ""
        if blank and (instance.pk is not None or field.column_name not in REQUIRED):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if instance.registered_by_id is None and self.actor is not None:
            instance.registered_by = self.actor
        # One message per cell: a cell the widget could not read is not also "empty".
        errors = {
            name: _unique(messages) for name, messages in (import_validation_errors or {}).items()
        }
        try:
            establishment_validate(instance)
        except ValidationError as error:
            for name, found in error.error_dict.items():
                if name in errors:
                    continue
                errors[name] = _unique(
                    [
                        _("required: the cell is empty") if e.code in EMPTY_CODES else m
                        for e in found
                        for m in e.messages
                    ]
                )
        if errors:
            raise ValidationError(errors)


EMPTY_CODES = ("blank", "null", "required")


def _unique(messages) -> list[str]:
    seen: list[str] = []
    for message in messages:
        for text in ValidationError(message).messages:
            if text not in seen:
                seen.append(text)
    return seen
