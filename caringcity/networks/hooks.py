"""What networks registers with the apps below it at start-up. Each part adds its block."""

# --- caremaps --------------------------------------------------------------------------------
# A person's care map is a part of their records: they decide who sees it on their privacy page,
# and every look by someone else is on their list of who looked. Not open to organisers.
from django.utils.translation import gettext_lazy as _caremaps_

from caringcity.people import privacy as _privacy

_privacy.register_part(
    "care_map", _caremaps_("My care map"),
    _caremaps_("The people in your life who support you, who you support, and who supports them."),
    grantable=True,
)
_privacy.register_basis("team_member", _caremaps_("member of their team"))
_privacy.register_basis("enters_for", _caremaps_("organiser who keeps it for them (they have no login)"))


# --- community -------------------------------------------------------------------------------

# --- places ----------------------------------------------------------------------------------

# --- directory -------------------------------------------------------------------------------
