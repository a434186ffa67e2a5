from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import FileExtensionValidator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from accounts.roles import Role
from core.forms import DATE_INPUT
from core.uploads import clean_document, clean_photo
from establishments.forms import EstablishmentChoiceField
from establishments.models import Establishment
from localities.forms import CommuneField

from .models import (
    CouncilRole,
    Criterion,
    CriterionGroup,
    DocumentKind,
    PhotoView,
    Product,
    ProductGroup,
    VotingRound,
)

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
DOCUMENT_EXTENSIONS = ("pdf", "jpg", "jpeg", "png", "doc", "docx")


def _limit_size(upload, limit: int, label: str):
    if upload is not None and upload.size > limit:
        raise forms.ValidationError(
            _("%(name)s is larger than %(limit)s.") % {"name": upload.name, "limit": label}
        )
    return upload


class PhotoField(forms.ImageField):
    """A JPEG or PNG photo, at most 10 MB (Pillow checks it is really an image)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [FileExtensionValidator(["jpg", "jpeg", "png"])])
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": "image/*"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = _limit_size(super().clean(data, initial), MAX_PHOTO_BYTES, "10 MB")
        return clean_photo(upload) if upload else upload


class DocumentField(forms.FileField):
    def __init__(self, **kwargs):
        kwargs.setdefault("validators", [FileExtensionValidator(list(DOCUMENT_EXTENSIONS))])
        kwargs.setdefault("help_text", _("PDF, image or Word file, at most 20 MB."))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = _limit_size(super().clean(data, initial), MAX_DOCUMENT_BYTES, "20 MB")
        return clean_document(upload, DOCUMENT_EXTENSIONS) if upload else upload


class ProductForm(forms.ModelForm):
    photo_front = PhotoField(label=_("Photo: front"))
    photo_side = PhotoField(label=_("Photo: side"))
    photo_top = PhotoField(label=_("Photo: top"))

    class Meta:
        model = Product
        fields = ("establishment", "name", "group", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"establishment": EstablishmentChoiceField}

    def __init__(self, *args, establishments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if establishments is not None:
            self.fields["establishment"].queryset = establishments.select_related(
                None
            ).select_related("commune")

    def photos(self) -> list[tuple[str, object]]:
        return [
            (PhotoView.FRONT, self.cleaned_data["photo_front"]),
            (PhotoView.SIDE, self.cleaned_data["photo_side"]),
            (PhotoView.TOP, self.cleaned_data["photo_top"]),
        ]


class ProductChangeForm(forms.ModelForm):
    """The ordinary edit. A certified product's name and group are not offered: the
    service keeps them as certified (the page shows them, read-only, and says why)."""

    IDENTITY = ("name", "group")

    class Meta:
        model = Product
        fields = ("name", "group", "description")
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, certified: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if certified:
            for name in self.IDENTITY:
                del self.fields[name]


class ProductIdentityForm(forms.Form):
    """Center staff change a certified product's name, group or establishment."""

    name = forms.CharField(label=_("Product name"), max_length=255)
    group = forms.TypedChoiceField(
        label=_("Product group"), choices=ProductGroup.choices, coerce=int
    )
    establishment = EstablishmentChoiceField(label=_("Establishment"), queryset=None)
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded with the change and shown to center staff on the product page."),
    )

    def __init__(self, *args, product: Product, establishments, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "name": product.name,
                "group": product.group,
                "establishment": product.establishment_id,
            },
        )
        super().__init__(*args, **kwargs)
        # The product's own establishment stays a choice even if archived since.
        self.fields["establishment"].queryset = Establishment.objects.filter(
            Q(pk__in=establishments.values("pk")) | Q(pk=product.establishment_id)
        ).order_by("name", "id")


class PhotoForm(forms.Form):
    view = forms.ChoiceField(label=pgettext_lazy("photo angle", "View"), choices=PhotoView.choices)
    image = PhotoField(label=_("Photo"))


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[c for c in DocumentKind.choices if c[0] != "forwarding"]
    )
    title = forms.CharField(label=pgettext_lazy("document", "Title"), max_length=255)
    issued_on = forms.DateField(label=_("Issued on"), required=False, **DATE_INPUT)
    file = DocumentField(label=_("File"))


class RoundForm(forms.ModelForm):
    commune = CommuneField(required=False)

    class Meta:
        model = VotingRound
        fields = ("level", "year", "title", "commune", "threshold")


class CouncilMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=CouncilRole.choices)
    organisation = forms.CharField(
        label=_("Organisation and position"), max_length=255, required=False
    )

    def __init__(self, *args, voting_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        qs = User.objects.filter(groups__name=Role.COUNCIL_MEMBER, is_active=True)
        if voting_round is not None:
            qs = qs.exclude(council_seats__round=voting_round)
        self.fields["user"].queryset = qs.order_by("full_name", "username")
        self.fields["user"].label_from_instance = lambda u: u.display_name


class CriterionGroupForm(forms.ModelForm):
    class Meta:
        model = CriterionGroup
        fields = ("name", "max_points")


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ("name", "max_points", "guidance")
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}


class EntryForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.none())
    nominated_from = forms.ModelChoiceField(
        label=_("Certificate of the level below"),
        queryset=None,
        required=False,
        empty_label=_("— none —"),
    )
    forwarding_note = forms.CharField(
        label=_("Forwarding letter: number and date"),
        max_length=255,
        required=False,
        help_text=_("Only when no commune round was held: the commune forwards the dossier."),
    )
    forwarding_file = DocumentField(label=_("Forwarding letter (file)"), required=False)

    def __init__(self, *args, products, certificates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["product"].label_from_instance = lambda p: f"{p.name} — {p.establishment.name}"
        self.fields["nominated_from"].queryset = certificates
        self.fields["nominated_from"].label_from_instance = lambda c: (
            f"{c.number} — {c.entry.product.name}"
        )


class PointsField(forms.DecimalField):
    """Points with at most one decimal, typed with a comma or a dot: 7,5 or 7.5."""

    def __init__(self, *, max_points: int, **kwargs):
        super().__init__(
            min_value=Decimal(0),
            max_value=Decimal(max_points),
            max_digits=4,
            decimal_places=1,
            widget=forms.TextInput(
                attrs={"inputmode": "decimal", "autocomplete": "off", "class": "points"}
            ),
            error_messages={
                "invalid": _("Enter points as a number, e.g. 7,5."),
                "max_value": _("At most %(limit_value)s points."),
                "min_value": _("Points cannot be negative."),
                "max_decimal_places": _("At most one decimal place, e.g. 7,5."),
            },
            **kwargs,
        )

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        try:
            return super().to_python(value)
        except InvalidOperation:  # pragma: no cover - DecimalField already maps this
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ScoreSheetForm(forms.Form):
    """One field per criterion, named c<pk>, bounded by the criterion's maximum."""

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = groups
        for group in groups:
            for criterion in group.criteria.all():
                self.fields[f"c{criterion.pk}"] = PointsField(
                    max_points=criterion.max_points,
                    label=criterion.name,
                    help_text=criterion.guidance,
                )

    def points(self) -> dict[int, Decimal]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}

    def rows(self):
        """(group, [bound field per criterion]) for the template."""
        return [
            (group, [(c, self[f"c{c.pk}"]) for c in group.criteria.all()]) for group in self.groups
        ]


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=_("Conflict of interest"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. a relative owns the establishment. You will not score this entry."),
    )


class PublishForm(forms.Form):
    decision_number = forms.CharField(label=_("Recognition decision number"), max_length=60)
    decision_date = forms.DateField(label=_("Decision date"), **DATE_INPUT)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revocation"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NominateForm(forms.Form):
    voting_round = forms.ModelChoiceField(label=_("Round of the next level"), queryset=None)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voting_round"].queryset = rounds


class ComplaintForm(forms.Form):
    complainant = forms.CharField(label=_("Complainant"), max_length=255)
    contact = forms.CharField(label=_("Contact"), max_length=255, required=False)
    entry = forms.ModelChoiceField(
        label=_("Entry concerned"), queryset=None, required=False, empty_label=_("— the round —")
    )
    received_on = forms.DateField(label=_("Received on"), **DATE_INPUT)
    content = forms.CharField(
        label=_("Content"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, entries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries
        self.fields["entry"].label_from_instance = lambda e: e.product.name


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("The council's answer"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=40,
        widget=forms.TextInput(attrs={"placeholder": "001/2026/SPTB-T", "autocomplete": "off"}),
    )
