"""The parts of a person's records, and who may see each part.

Every app that keeps records about a person registers its parts here (``register_part``), then
asks ``selectors.access_basis`` before showing a part and calls ``services.privacy_record_view`` after. The
queryset twin, ``selectors.people_whose_part_visible``, answers the same question for a list.

Who may see part P of person X in commons C (X and the viewer both active members of C):
  1. X themselves                                        basis "self"   (not logged)
  2. a current proxy of X in C                           basis "proxy"
  3. someone X granted P (or "all") to, until a date     basis "grant"
  4. someone using emergency access to X right now       basis "emergency"
  5. a role the part is open to by default (organisers)  basis "role"

Profile sections add one more: someone who may write the profile (see ``register_profile_writer``)
may read the section they write, basis "writer" (``selectors.profile_section_bases``).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

ALL_PARTS = "all"


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    description: str = ""
    open_to_roles: frozenset = field(default_factory=frozenset)
    grantable: bool = True


_PARTS: dict[str, Part] = {}


def register_part(key, label, description="", open_to_roles=(), grantable=True):
    """``grantable=False`` for parts a person cannot hand to others (for example their access log)."""
    _PARTS[key] = Part(key, label, description, frozenset(open_to_roles), grantable)
    return _PARTS[key]


def get_part(key):
    return _PARTS[key]


def parts():
    return list(_PARTS.values())


def part_choices():
    return [(ALL_PARTS, _("Everything about me"))] + [(p.key, p.label) for p in _PARTS.values() if p.grantable]


def part_label(key):
    if key == ALL_PARTS:
        return _("Everything about me")
    part = _PARTS.get(key)
    return part.label if part else key


CONTACT = register_part(
    "contact",
    _("Contact details"),
    _("E-mail address, phone number, home address and postcode."),
    open_to_roles={"organiser", "admin"},
)
COMMUNICATION = register_part(
    "communication",
    _("Communication needs"),
    _("How you like people to talk with you, and any help you need to communicate."),
    open_to_roles={"organiser", "admin"},
)
ACCESS_LOG = register_part(
    "access_log",
    _("Who looked at my records"),
    _("The list of who looked at your records, when and why."),
    grantable=False,
)

BASIS_LABELS = {
    "self": _("their own records"),
    "proxy": _("acts for them"),
    "grant": _("they gave permission"),
    "emergency": _("emergency access"),
    "role": _("organiser of the commons"),
    "writer": _("helps write their profile"),
    "team": _("Team Starter of their team"),
    "profile_holder": _("Profile Holder in their team"),
}


def register_basis(key, label):
    """Later apps name the reasons they record reads under (shown on the person's access log)."""
    BASIS_LABELS.setdefault(key, label)


# --- who may write someone's Getting Support profile -----------------------------------------
# The person and their proxy always may, organisers for someone without a login (rules.py). Later apps add more through this
# hook: each writer is ``fn(user, commons, person) -> bool``; for example the teams app lets the
# holder of the Profile Holder hat in the person's team write it. Someone who may write a section
# may also read it (basis "writer"), and every such look is on the person's list of who looked.
_PROFILE_WRITERS = []


def register_profile_writer(fn):
    """Register ``fn(user, commons, person) -> bool``. Usable as a decorator; registering twice is harmless."""
    if fn not in _PROFILE_WRITERS:
        _PROFILE_WRITERS.append(fn)
    return fn


def profile_writers():
    return list(_PROFILE_WRITERS)
