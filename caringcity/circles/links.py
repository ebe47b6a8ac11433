"""Links the circles app offers on the commons home page (``core.extensions.commons_links``).
Each part adds its links in its own block."""

from django.urls import reverse
from django.utils.translation import gettext as _


def commons_links(request, commons, membership):
    links = []
    # --- part: proposals ---
    links.append((reverse("circles:proposals_waiting", args=[commons.slug]), _("Proposals waiting for my answer")))
    return links
