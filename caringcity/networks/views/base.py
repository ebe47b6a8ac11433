"""Shared by the networks views: the section's tabs and rendering inside it.

Each part registers the tabs it adds with ``register_tab`` when its views module is imported
(``apps.ready`` imports them all), so no part needs to know the others' urls. A tab's url takes
the commons slug only; ``perm`` is checked against the commons."""

from django.shortcuts import render

from caringcity.core.tabs import SectionRegistry, TabRegistry
from caringcity.networks.access import network_standing
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401


TABS = TabRegistry("networks", "networks.view_map")  # url names take (slug,); perm checked on the commons
register_tab = TABS.register


def network_tabs(request, commons):
    """[(label, url, current)] of the tabs this user may use."""
    return TABS.for_request(request, commons, [commons.slug])


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
SECTIONS = SectionRegistry()
register_section = SECTIONS.register


def page_sections(page, request, commons, obj, graph):
    """[(template, context)] of the sections of ``page`` that have something for this user."""
    return SECTIONS.for_page(page, request, commons, obj, graph, extra={"commons": commons})
