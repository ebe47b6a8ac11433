"""Template helpers shared by every app."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def widget_type(field):
    return field.field.widget.__class__.__name__.lower()


@register.simple_tag
def field_input(field):
    """Render a field's input with aria-describedby pointing at its hint and error."""
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
    attrs = {}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.simple_tag
def query_replace(request, **kwargs):
    """The current query string with some values replaced (for pagination and filters)."""
    query = request.GET.copy()
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.simple_tag
def yes_no(value, yes, no):
    return format_html("{}", yes if value else no)
