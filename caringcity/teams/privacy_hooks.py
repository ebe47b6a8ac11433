"""How care teams plug into the people app's privacy model."""

from django.utils.translation import gettext_lazy as _

from caringcity.people import privacy
from caringcity.teams.models import HatKind, HatTerm, TermStatus

KEY_NEEDS = privacy.register_part(
    "key_needs", _("Key needs on the team page"), _("The few lines your team should always keep in mind."),
)


def holds_profile_holder_hat(user, commons, person):
    """The Profile Holder of a person's team helps write their profile."""
    me = getattr(user, "person", None)
    if me is None:
        return False
    return HatTerm.objects.filter(
        hat__kind=HatKind.PROFILE_HOLDER, hat__team__commons=commons, hat__team__owner=person,
        holder=me, status=TermStatus.HELD,
    ).exists()


privacy.register_profile_writer(holds_profile_holder_hat)
