"""The forms' renderer: Django's templates, except for the select box.

Django draws a select box by including one template per option; the register's filters
offer every commune and former district, so a list page spent more time drawing its
filter bar than reading its rows. This renderer writes Django's own select markup in
Python (the same bytes: `tests/core/test_renderers.py` compares them with the templates'
for every kind of select) and leaves every other widget, and any select whose templates
a project overrides, to the templates.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: ` name="value"`, a bare ` name` for True, nothing
    for False."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def render_select(widget: dict) -> SafeString | None:
    """The markup of django/forms/widgets/select.html for this widget context, or None
    when one of its options has a template of its own."""
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            out.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>\n"
            )  # Django's option template ends with a new line
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # every value above is escaped


class PortalFormRenderer(TemplatesSetting):
    """TemplatesSetting (widgets may be overridden in templates/), with select boxes
    drawn in Python."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT and not self._select_overridden():
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)

    def _select_overridden(self) -> bool:
        """Whether the project's templates replace Django's select or option markup
        (then they are used as they are)."""
        cached = getattr(self, "_overridden", None)
        if cached is None:
            cached = any(
                not self.get_template(name)
                .origin.name.replace("\\", "/")
                .endswith("django/forms/templates/" + name)
                for name in (SELECT, OPTION)
            )
            self._overridden = cached
        return cached
