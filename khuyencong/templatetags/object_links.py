from django import template

from khuyencong.object_links import object_links as links_for

register = template.Library()


@register.inclusion_tag("object_links.html", takes_context=True)
def object_links(context, obj) -> dict:
    return {"links": links_for(context["request"].user, obj)}
