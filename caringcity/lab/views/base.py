"""Shared by the lab views: the section's tabs, rendering inside it, and the public pages.

Each part registers its tabs with ``register_tab`` when its views module is imported (``apps.ready``
imports them all). A tab's url takes the commons slug only; ``perm`` is checked against the
commons. Parts add sections to another part's page with ``register_section`` (pages: "home", the
members' landing page, ``context_fn(request, commons, None)``; "policy", a policy's members' page,
``context_fn(request, commons, policy)``; "public_policy", a policy's public page, same arguments
but ``request.user`` may be anonymous, so show only public things; "public_home", the public
landing page of the commons' lab, ``context_fn(request, commons, None)``; "plan" and
"public_plan", a plan's members' and public pages, ``context_fn(request, commons, plan)``).
``context_fn`` returns the section's context or None.

Plain language: show any policy or decision text with ``{% load lab_glossary %}{{ text|explain:commons }}``
so glossary words link to their meaning (``templatetags/lab_glossary.py``).

Public pages render with ``render_public`` and extend ``lab/base_public.html``: no member
navigation, nothing private, and they work signed out."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from caringcity.core.models import Commons
from caringcity.core.tabs import SectionRegistry, TabRegistry
from caringcity.lab.access import lab_standing
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401

TABS = TabRegistry("lab", "lab.view")
PUBLIC_TABS = []  # [(order, label, url_name)]: links on every public page's bar, registered by parts
SECTIONS = SectionRegistry()
register_tab = TABS.register
register_section = SECTIONS.register

SECTION_LABEL = gettext_lazy("Our plan")


def register_public_tab(order, label, url_name):
    if not any(name == url_name for _order, _label, name in PUBLIC_TABS):
        PUBLIC_TABS.append((order, label, url_name))
        PUBLIC_TABS.sort(key=lambda tab: tab[0])


def page_sections(page, request, commons, obj):
    return SECTIONS.for_page(page, request, commons, obj, extra={"commons": commons})


def render_lab(request, template, commons, ctx=None, status=200):
    """Render a members' page of the lab: gives ``commons``, ``standing`` and ``tabs``. Templates
    extend ``lab/base_lab.html`` and fill ``lab_content``."""
    context = {"commons": commons, "standing": lab_standing(request.user, commons),
               "tabs": TABS.for_request(request, commons, [commons.slug]), **(ctx or {})}
    return render(request, template, context, status=status)


def render_public(request, template, commons, ctx=None, status=200):
    """Render a public page: gives ``commons``, ``public_tabs`` and ``is_member`` (to offer a link
    to the members' pages). Templates extend ``lab/base_public.html`` and fill ``public_content``."""
    from django.urls import reverse

    here = request.resolver_match.view_name if request.resolver_match else ""
    tabs = [(label, reverse(f"lab:{name}", args=[commons.slug]), f"lab:{name}" == here) for _o, label, name in PUBLIC_TABS]
    context = {"commons": commons, "public_tabs": tabs, "is_member": lab_standing(request.user, commons).is_member,
               **(ctx or {})}
    return render(request, template, context, status=status)


L = "c/<slug:slug>/lab/"  # every members' lab url starts here
PUBLIC = "lab/<slug:slug>/"  # every public lab url starts here


def member_commons(request, slug, perm="lab.view"):
    """The commons, if the user is an active member allowed ``perm`` there; else 404."""
    commons, membership = _commons(request, slug)
    if not request.user.has_perm(perm, commons):
        raise Http404
    return commons


def public_commons(slug):
    """Any commons by slug for the public pages (each page shows only what is public)."""
    return get_object_or_404(Commons, slug=slug)
