"""Shared by the circles views: fetch-and-check, rendering inside a circle, and the circle's tabs.

Each part registers the tabs it adds to a circle's pages with ``register_tab`` when its views
module is imported (``urls.py`` imports them all), so no part needs to know the others' urls."""

from django.shortcuts import render

from caringcity.circles.access import circle_for  # noqa: F401  (re-exported for the parts)
from caringcity.core.tabs import SectionRegistry, TabRegistry
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401

TABS = TabRegistry("circles", "circles.view_circle")  # url names take (slug, circle_uuid)
register_tab = TABS.register


def circle_tabs(request, circle):
    """[(label, url, current)] of the tabs this user may use."""
    return TABS.for_request(request, circle, [circle.commons.slug, circle.uuid])


def render_circle(request, template, circle, ctx=None, status=200):
    """Render a page inside a circle: gives ``circle``, ``commons``, ``standing`` and ``tabs``."""
    from caringcity.circles.access import circle_standing

    context = {"circle": circle, "commons": circle.commons, "standing": circle_standing(request.user, circle),
               "tabs": circle_tabs(request, circle), **(ctx or {})}
    return render(request, template, context, status=status)


# --- the logbook: each part adds its sections -------------------------------------------------
SECTIONS = SectionRegistry()


def register_logbook_section(order, template, context_fn):
    """Add a section to every circle's logbook page. ``context_fn(request, circle)`` returns the
    template's context, or None when the section has nothing to show to this user."""
    SECTIONS.register("logbook", order, template, context_fn)


def logbook_sections(request, circle):
    """[(template, context)] in order."""
    return SECTIONS.for_page("logbook", request, circle)
