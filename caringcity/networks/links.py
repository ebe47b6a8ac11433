"""Links networks offers on the commons home page (``core.extensions.commons_links``). Each part
appends a function to ``LINKS`` in its own block."""

LINKS = []


# --- community -------------------------------------------------------------------------------
def _community_links(request, commons, membership):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return [(reverse("networks:community", args=[commons.slug]), _("The neighbourhood map of care: who helps whom around here"))]


LINKS.append(_community_links)

# --- caremaps --------------------------------------------------------------------------------
def _caremaps_links(request, commons, membership):
    from django.urls import reverse
    from django.utils.translation import gettext as _

    return [(reverse("networks:care_maps", args=[commons.slug]), _("My care map"))]


LINKS.append(_caremaps_links)


# --- places ----------------------------------------------------------------------------------

# --- directory -------------------------------------------------------------------------------
