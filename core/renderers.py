"""The forms' renderer: Django's templates, except for select boxes and single inputs.

Django draws a select box by including one template per option, and every text, number
or hidden input through two templates; the register's filters offer every commune and
former district, and the admin's lists carry hidden inputs, so pages spent more time
drawing their forms than reading their rows. This renderer writes Django's own markup
for those widgets in Python (the same bytes: `tests/core/test_renderers.py` compares them
with the templates' for every kind) and leaves every other widget, and any widget whose
templates the project overrides, to the templates.
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


def render_input(widget: dict) -> SafeString:
    """django/forms/widgets/input.html, as included by text.html, hidden.html and the
    other single-input templates."""
    value = widget["value"]
    shown = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return mark_safe(  # every value is escaped
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


INPUTS = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
INPUT = "django/forms/widgets/input.html"
ATTRS = "django/forms/widgets/attrs.html"


class PortalFormRenderer(TemplatesSetting):
    """TemplatesSetting (widgets may be overridden in templates/), with select boxes and
    single inputs drawn in Python while their templates are Django's own."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT and self._djangos(SELECT, OPTION, ATTRS):
            html = render_select(context["widget"])
            if html is not None:
                return html
        elif template_name in INPUTS and self._djangos(template_name, INPUT, ATTRS):
            return render_input(context["widget"])
        return super().render(template_name, context, request=request)

    def _djangos(self, *names: str) -> bool:
        """Whether these templates are Django's own (not overridden in templates/)."""
        known = self.__dict__.setdefault("_own", {})
        for name in names:
            if name not in known:
                origin = self.get_template(name).origin.name.replace("\\", "/")
                known[name] = origin.endswith("django/forms/templates/" + name)
            if not known[name]:
                return False
        return True
