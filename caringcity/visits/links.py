"""Links the rota and records offer on the commons home page (``core.extensions.commons_links``)."""

from django.urls import reverse
from django.utils.translation import gettext as _


def commons_links(request, commons, membership):
    links = [
        (reverse("visits:my_visits", args=[commons.slug]), _("My visits, free times and time away")),
        (reverse("visits:cover_needed", args=[commons.slug]), _("Visits that need cover")),
        (reverse("visits:my_calendar", args=[commons.slug]), _("Add your visits to your phone's calendar")),
    ]
    if request.user.has_perm("visits.view_commons_concerns", commons):
        links.append((reverse("visits:commons_concerns", args=[commons.slug]), _("Concerns: the monthly review list and trends")))
    if membership.is_organiser:
        links.append((reverse("visits:log_disputes", args=[commons.slug]), _("Visit logs someone says are wrong (for the coach)")))
    return links
