"""Template filters of the events part: amounts in pence shown as pounds."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def pounds(pence):
    """1250 -> "£12.50"."""
    try:
        return "£" + number_format(int(pence) / 100, 2, use_l10n=True, force_grouping=True)
    except (TypeError, ValueError):
        return ""
