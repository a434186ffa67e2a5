"""What the API answers for each resource. Personal data (contact people, phones,
e-mails, addresses, and the names and tax codes of household businesses, which are a
person's) is left out — null — unless the client may read it; grants and payments
only to clients whose role reads the money on the pages."""

from collections.abc import Mapping

from django.core.exceptions import ObjectDoesNotExist
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import PKOnlyObject

from establishments.models import Establishment, LegalForm
from establishments.privacy import without_household_names
from localities.models import AdminUnit
from products.models import Certificate, Product
from projects.models import AnnualPlan, BudgetLine, PlanItem, Project

HOUSEHOLD = LegalForm.HOUSEHOLD_BUSINESS


# Fields whose value is written as it is read from one attribute (no relation, no method).
_PLAIN_FIELDS = (
    serializers.BooleanField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.DateField,
    serializers.DateTimeField,
    serializers.DecimalField,
    serializers.FloatField,
    serializers.IntegerField,
    serializers.ReadOnlyField,
)


class Plain:
    """A serializer that writes its plain fields straight from their attribute.

    DRF reads every field through `Field.get_attribute` (a walk over `source_attrs`,
    callables, mappings and missing attributes): most of the CPU of a page of a hundred
    projects with their lines. A field of a plain kind whose source is one attribute is
    read with `getattr` and written by the field's own `to_representation`, as DRF would;
    any other field (relations, nested serializers, methods, dotted sources) goes the
    DRF way. `tests/api/test_plain_representation.py` compares both ways on every
    serializer.
    """

    def _reading_plan(self) -> list:
        plan = getattr(self, "_plain_plan", None)
        if plan is None:
            plan = []
            for field in self._readable_fields:
                attrs = field.source_attrs
                plain = type(field) in _PLAIN_FIELDS and len(attrs) == 1
                plan.append((field.field_name, field, attrs[0] if plain else None))
            self._plain_plan = plan
        return plan

    def to_representation(self, instance):
        if isinstance(instance, Mapping):
            return super().to_representation(instance)
        ret = {}
        for name, field, attr in self._reading_plan():
            if attr is not None:
                try:
                    value = getattr(instance, attr)
                except (AttributeError, ObjectDoesNotExist):
                    attr = None  # DRF's way below: a default, null or the field left out
                else:
                    if is_simple_callable(value):  # a method as the source: DRF calls it
                        value = value()
            if attr is None:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                check = value.pk if isinstance(value, PKOnlyObject) else value
                if check is None:
                    ret[name] = None
                    continue
            ret[name] = None if value is None else field.to_representation(value)
        return ret


def _personal(serializer) -> bool:
    return bool(serializer.context.get("personal"))


def _blank(data: dict, fields) -> None:
    for field in fields:
        data[field] = None


class EstablishmentSerializer(Plain, serializers.ModelSerializer):
    commune_name = serializers.CharField(source="commune.name", read_only=True)

    class Meta:
        model = Establishment
        fields = (
            "id",
            "name",
            "legal_form",
            "size_class",
            "tax_code",
            "sector",
            "main_products",
            "commune",
            "commune_name",
            "legacy_commune",
            "address_line",
            "workers",
            "local_material_share",
            "exports",
            "women_owned",
            "minority_owned",
            "craft_village",
            "contact_person",
            "phone",
            "email",
            "verified",
            "created_at",
            "updated_at",
        )
        extra_kwargs = {
            field: {"allow_null": True}
            for field in ("name", "tax_code", "address_line", "contact_person", "phone", "email")
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _personal(self):
            _blank(data, ("address_line", "contact_person", "phone", "email"))
            if instance.legal_form == HOUSEHOLD:
                _blank(data, ("name", "tax_code"))
        return data


class BeneficiarySerializer(Plain, serializers.ModelSerializer):
    class Meta:
        model = Establishment
        fields = ("id", "name", "legal_form")
        extra_kwargs = {"name": {"allow_null": True}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _personal(self) and instance.legal_form == HOUSEHOLD:
            data["name"] = None
        return data


class BudgetLineSerializer(Plain, serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ("item", "state_support_vnd", "counterpart_vnd")


class GrantSerializer(Plain, serializers.Serializer):
    """The grant approved with the plan and the money paid on it so far."""

    plan = serializers.IntegerField(source="plan_id")
    approved_on = serializers.DateField()
    status = serializers.CharField()
    amount_vnd = serializers.IntegerField()
    paid_vnd = serializers.IntegerField()
    refunded_vnd = serializers.IntegerField()
    net_paid_vnd = serializers.IntegerField()
    advance_vnd = serializers.IntegerField()
    counterpart_planned_vnd = serializers.IntegerField()
    counterpart_actual_vnd = serializers.IntegerField(allow_null=True)
    settled_vnd = serializers.IntegerField(allow_null=True)
    settled_on = serializers.DateField(allow_null=True)
    settlement_number = serializers.CharField()


class ProjectSerializer(Plain, serializers.ModelSerializer):
    # Read from the lists api.selectors prefetches (api_projects, api_project_get).
    budget_lines = BudgetLineSerializer(many=True, read_only=True, source="api_budget_lines")
    beneficiaries = BeneficiarySerializer(many=True, read_only=True, source="api_beneficiaries")
    state_support_total_vnd = serializers.IntegerField(source="state_support_total")
    counterpart_total_vnd = serializers.IntegerField(source="counterpart_total")
    grant = serializers.SerializerMethodField()
    _grant_serializer = None

    class Meta:
        model = Project
        fields = (
            "id",
            "code",
            "title",
            "plan_year",
            "fund_source",
            "content_type",
            "status",
            "commune",
            "legacy_commune",
            "implementing_unit",
            "start_date",
            "end_date",
            "beneficiaries",
            "budget_lines",
            "state_support_total_vnd",
            "counterpart_total_vnd",
            "grant",
            "created_at",
            "updated_at",
        )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _personal(self):
            # A project made from a request is titled after its establishment.
            beneficiaries = instance.api_beneficiaries
            for field in ("title", "implementing_unit"):
                data[field] = without_household_names(data[field], beneficiaries)
        return data

    @extend_schema_field(GrantSerializer(allow_null=True))
    def get_grant(self, project):
        """Null when the project has no grant yet, or the client does not read money."""
        if not self.context.get("money"):
            return None
        grant = getattr(project, "grant", None)
        if grant is None:
            return None
        # One grant serializer for the whole list: building one per row copies its
        # fields every time, most of the CPU of a page of projects.
        if self._grant_serializer is None:
            self._grant_serializer = GrantSerializer()
        return self._grant_serializer.to_representation(grant)


class PlanItemSerializer(Plain, serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)

    class Meta:
        model = PlanItem
        fields = ("project", "project_code", "amount_vnd")


class PlanSerializer(Plain, serializers.ModelSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    total_vnd = serializers.SerializerMethodField()

    class Meta:
        model = AnnualPlan
        fields = (
            "id",
            "year",
            "fund_source",
            "version",
            "status",
            "decision_number",
            "decision_date",
            "approved_at",
            "total_vnd",
            "items",
        )

    def get_total_vnd(self, plan) -> int:
        return sum(item.amount_vnd for item in plan.items.all())


class ProductSerializer(Plain, serializers.ModelSerializer):
    establishment_name = serializers.CharField(
        source="establishment.name", read_only=True, allow_null=True
    )
    commune = serializers.IntegerField(source="establishment.commune_id", read_only=True)
    commune_name = serializers.CharField(source="establishment.commune.name", read_only=True)

    class Meta:
        model = Product
        fields = (
            "id",
            "name",
            "group",
            "description",
            "establishment",
            "establishment_name",
            "commune",
            "commune_name",
            "created_at",
            "updated_at",
        )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _personal(self) and instance.establishment.legal_form == HOUSEHOLD:
            data["establishment_name"] = None
        return data


class CertificateSerializer(Plain, serializers.ModelSerializer):
    product = serializers.IntegerField(source="product_id", read_only=True)
    revoked = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = (
            "id",
            "number",
            "level",
            "year",
            "product",
            "product_name",
            "group",
            "establishment_name",
            "commune_name",
            "address",
            "decision_number",
            "decision_date",
            "issued_on",
            "valid_until",
            "revoked",
        )
        extra_kwargs = {"establishment_name": {"allow_null": True}, "address": {"allow_null": True}}

    def get_revoked(self, certificate) -> bool:
        return certificate.revoked_at is not None

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not _personal(self):
            data["address"] = None
            if instance.establishment_legal_form == HOUSEHOLD:
                data["establishment_name"] = None
        return data


class SuccessionSerializer(Plain, serializers.Serializer):
    unit = serializers.IntegerField(source="new_id")
    default = serializers.BooleanField(source="is_default")


class LocalitySerializer(Plain, serializers.ModelSerializer):
    successors = SuccessionSerializer(
        source="successions", many=True, read_only=True, help_text="2025 units of a legacy unit."
    )

    class Meta:
        model = AdminUnit
        fields = (
            "id",
            "era",
            "level",
            "code",
            "name",
            "short_name",
            "division_type",
            "parent",
            "successors",
        )
