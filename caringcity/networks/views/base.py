"""Shared by the networks views: the section's tabs and rendering inside it.

Each part registers the tabs it adds with ``register_tab`` when its views module is imported
(``apps.ready`` imports them all), so no part needs to know the others' urls. A tab's url takes
the commons slug only; ``perm`` is checked against the commons."""

from dataclasses import dataclass

from django.shortcuts import render
from django.urls import reverse

from caringcity.networks.access import network_standing
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401


@dataclass(frozen=True)
class Tab:
    order: int
    label: object  # a lazy translated string
    url_name: str  # in the "networks" namespace, takes (slug,)
    perm: str = "networks.view_map"


TABS = []


def register_tab(order, label, url_name, perm="networks.view_map"):
    if not any(tab.url_name == url_name for tab in TABS):
        TABS.append(Tab(order, label, url_name, perm))
        TABS.sort(key=lambda tab: tab.order)


def network_tabs(request, commons):
    """[(label, url, current)] of the tabs this user may use."""
    here = request.resolver_match.view_name if request.resolver_match else ""
    result = []
    for tab in TABS:
        if request.user.has_perm(tab.perm, commons):
            name = f"networks:{tab.url_name}"
            result.append((tab.label, reverse(name, args=[commons.slug]), name == here))
    return result


def render_networks(request, template, commons, ctx=None, status=200):
    """Render a page of the networks section: gives ``commons``, ``standing`` and ``tabs``.
    Templates extend ``networks/base_networks.html`` and fill ``networks_content``."""
    context = {"commons": commons, "standing": network_standing(request.user, commons),
               "tabs": network_tabs(request, commons), **(ctx or {})}
    return render(request, template, context, status=status)


# --- sections other parts add to a page ---------------------------------------------------------
# A page ("care_map": one person's care map; "community": the neighbourhood map page) shows the
# sections registered for it, in order. ``context_fn(request, commons, obj, graph)`` returns the
# section template's context, or None to leave it out; ``obj`` is the CareMap (or None for the
# neighbourhood map) and ``graph`` the ``graph.Graph`` the page already built. Analysis adds its
# findings this way, places a small map, exchange its export links.
@dataclass(frozen=True)
class Section:
    page: str
    order: int
    template: str
    context: object


SECTIONS = []


def register_section(page, order, template, context_fn):
    if not any(section.page == page and section.template == template for section in SECTIONS):
        SECTIONS.append(Section(page, order, template, context_fn))
        SECTIONS.sort(key=lambda section: (section.page, section.order))


def page_sections(page, request, commons, obj, graph):
    """[(template, context)] of the sections of ``page`` that have something for this user."""
    result = []
    for section in SECTIONS:
        if section.page != page:
            continue
        ctx = section.context(request, commons, obj, graph)
        if ctx is not None:
            result.append((section.template, {"commons": commons, **ctx}))
    return result
