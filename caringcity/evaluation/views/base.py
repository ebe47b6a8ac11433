"""Shared by the evaluation views: the section's tabs and rendering inside it.

Each part registers its tabs with ``register_tab`` when its views module is imported (``apps.ready``
imports them all). A tab's url takes the commons slug only; ``perm`` is checked against the
commons. Parts add sections to another part's page with ``register_section`` (pages: "outcome",
an outcome chosen on the framework page; "round", a survey round's page; "indicator", one
indicator's page); ``context_fn(request, commons, obj)`` returns the section's context or None."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from caringcity.core.tabs import SectionRegistry, TabRegistry
from caringcity.evaluation.access import evaluation_standing
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401

TABS = TabRegistry("evaluation", "evaluation.view")
SECTIONS = SectionRegistry()
register_tab = TABS.register
register_section = SECTIONS.register

SECTION_LABEL = gettext_lazy("How we're doing")


def page_sections(page, request, commons, obj):
    return SECTIONS.for_page(page, request, commons, obj, extra={"commons": commons})


def render_evaluation(request, template, commons, ctx=None, status=200):
    """Render a page of the evaluation section: gives ``commons``, ``standing`` and ``tabs``.
    Templates extend ``evaluation/base_evaluation.html`` and fill ``evaluation_content``."""
    context = {"commons": commons, "standing": evaluation_standing(request.user, commons),
               "tabs": TABS.for_request(request, commons, [commons.slug]), **(ctx or {})}
    return render(request, template, context, status=status)

E = "c/<slug:slug>/evaluation/"  # every evaluation url starts here


def member_commons(request, slug, perm="evaluation.view"):
    """The commons, if the user is an active member allowed ``perm`` there; else 404."""
    commons, membership = _commons(request, slug)
    if not request.user.has_perm(perm, commons):
        raise Http404
    return commons
