"""Shared by the circles views: fetch-and-check, rendering inside a circle, and the circle's tabs.

Each part registers the tabs it adds to a circle's pages with ``register_tab`` when its views
module is imported (``urls.py`` imports them all), so no part needs to know the others' urls."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from caringcity.circles.access import circle_for  # noqa: F401  (re-exported for the parts)
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401


@dataclass(frozen=True)
class Tab:
    order: int
    label: object  # a lazy translated string
    url_name: str  # takes (slug, circle_uuid)
    perm: str = "circles.view_circle"


TABS = []


def register_tab(order, label, url_name, perm="circles.view_circle"):
    if not any(tab.url_name == url_name for tab in TABS):
        TABS.append(Tab(order, label, url_name, perm))
        TABS.sort(key=lambda tab: tab.order)


def circle_tabs(request, circle):
    """[(label, url, current)] of the tabs this user may use."""
    here = request.resolver_match.view_name if request.resolver_match else ""
    result = []
    for tab in TABS:
        if request.user.has_perm(tab.perm, circle):
            name = f"circles:{tab.url_name}"
            result.append((tab.label, reverse(name, args=[circle.commons.slug, circle.uuid]), name == here))
    return result


def render_circle(request, template, circle, ctx=None, status=200):
    """Render a page inside a circle: gives ``circle``, ``commons``, ``standing`` and ``tabs``."""
    from caringcity.circles.access import circle_standing

    context = {"circle": circle, "commons": circle.commons, "standing": circle_standing(request.user, circle),
               "tabs": circle_tabs(request, circle), **(ctx or {})}
    return render(request, template, context, status=status)


# --- the logbook: each part adds its sections -------------------------------------------------
@dataclass(frozen=True)
class Section:
    order: int
    template: str
    context: object  # fn(request, circle) -> dict, or None to leave the section out


SECTIONS = []


def register_logbook_section(order, template, context_fn):
    """Add a section to every circle's logbook page. ``context_fn(request, circle)`` returns the
    template's context, or None when the section has nothing to show to this user."""
    if not any(section.template == template for section in SECTIONS):
        SECTIONS.append(Section(order, template, context_fn))
        SECTIONS.sort(key=lambda section: section.order)


def logbook_sections(request, circle):
    """[(template, context)] in order."""
    result = []
    for section in SECTIONS:
        ctx = section.context(request, circle)
        if ctx is not None:
            result.append((section.template, ctx))
    return result
