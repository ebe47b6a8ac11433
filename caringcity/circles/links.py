"""Links circles offer on the commons home page (``core.extensions.commons_links``). Each part
appends a function to ``LINKS`` in its own block."""

from django.urls import reverse
from django.utils.translation import gettext as _

LINKS = []


# --- structure -----------------------------------------------------------------------------------
def _structure_links(request, commons, membership):
    return [
        (reverse("circles:circle_list", args=[commons.slug]), _("Circles: who decides what, and how")),
        (reverse("circles:structure", args=[commons.slug]), _("How the circles fit together (a diagram)")),
    ]


LINKS.append(_structure_links)


# --- proposals -----------------------------------------------------------------------------------
def _proposals_links(request, commons, membership):
    return [(reverse("circles:proposals_waiting", args=[commons.slug]), _("Proposals waiting for my answer"))]


LINKS.append(_proposals_links)


# --- decisions -----------------------------------------------------------------------------------
def _decisions_links(request, commons, membership):
    return [(reverse("circles:commons_reviews_due", args=[commons.slug]), _("Circle decisions due for review"))]


LINKS.append(_decisions_links)
