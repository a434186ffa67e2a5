"""The portal draws select boxes in Python: the same markup as Django's templates."""

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from core.renderers import PortalFormRenderer, render_select

TEMPLATES = TemplatesSetting()
PORTAL = PortalFormRenderer()


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("a", "Ấp <1>"), ("b", 'Bản "2"'), ("", "—")])
    grouped = forms.ChoiceField(
        choices=[
            ("Bắc Ninh", [("1", "Xã Tân Yên"), ("2", "Phường Đáp Cầu")]),
            ("3", "Khác & còn lại"),
        ]
    )
    many = forms.MultipleChoiceField(choices=[(1, "Một"), (2, "Hai"), (3, "Ba")])
    numbers = forms.TypedChoiceField(choices=[(2025, 2025), (2026, 2026)], coerce=int)
    safe = forms.ChoiceField(choices=[("x", mark_safe("<b>đậm</b>"))])
    text = forms.CharField(max_length=20, required=False)
    number = forms.IntegerField(min_value=0)
    amount = forms.DecimalField(max_digits=8, decimal_places=2, required=False)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    agree = forms.BooleanField(required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search"}), required=False)
    note = forms.CharField(widget=forms.Textarea, required=False)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "plain": "b",
            "grouped": "2",
            "many": ["1", "3"],
            "numbers": "2026",
            "safe": "x",
            "text": 'Mây "tre" <đan>',
            "number": "12",
            "amount": "1.5",
            "day": "2026-12-06",
            "hidden": "&x",
            "email": "a@b.vn",
            "secret": "mật khẩu",
            "agree": "on",
            "search": "mây",
            "note": "dòng 1\n<dòng 2>",
        },
        {"plain": "<script>", "grouped": "3", "many": ["9"], "number": "-1", "day": "x"},
    ],
)
def test_every_select_and_input_is_drawn_as_django_draws_it(data):
    form = Choices(data or None)
    form.fields["plain"].widget.attrs.update(
        {"class": "form-select", "required": True, "disabled": False, "data-x": 'a"b'}
    )
    for name in form.fields:
        field = form[name]
        widget = field.field.widget
        context = widget.get_context(field.html_name, field.value(), widget.attrs)
        expected = TEMPLATES.render(widget.template_name, context)
        assert PORTAL.render(widget.template_name, context) == expected, name
        if widget.template_name == "django/forms/widgets/select.html":
            assert render_select(context["widget"]) == expected, name


def test_a_whole_form_is_drawn_as_django_draws_it():
    for data in ({}, {"text": "<x>", "number": "3", "agree": "on", "plain": "a"}):
        form = Choices(data or None)
        assert form.render(renderer=PORTAL) == form.render(renderer=TEMPLATES)


def test_the_labels_and_values_are_escaped():
    html = Choices({"plain": "a"})["plain"].as_widget()
    assert "Ấp &lt;1&gt;" in html
    assert "Bản &quot;2&quot;" in html
    assert '<option value="a" selected>' in html


def test_an_option_with_a_template_of_its_own_is_left_to_the_templates():
    class Special(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    widget = Special(choices=[("a", "A")])
    context = widget.get_context("s", "a", {})
    assert render_select(context["widget"]) is None
    assert PORTAL.render(widget.template_name, context) == TEMPLATES.render(
        widget.template_name, context
    )


def test_the_portal_uses_this_renderer(settings):
    assert settings.FORM_RENDERER == "core.renderers.PortalFormRenderer"
