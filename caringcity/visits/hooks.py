"""How the rota and records plug into the teams app: panels on the team page."""

from caringcity.teams import extensions
from caringcity.visits import rules  # noqa: F401  (registers the permissions)


def _rota_panel(request, team):
    from caringcity.visits.selectors.rota import team_panel

    return team_panel(request.user, team)


extensions.register_team_panel("visits/_team_panel.html", _rota_panel, order=10)


# --- care notes and concerns (part: notes, concerns) -------------------------------------------
# Care notes are a part of the owner's records: every read is on their list of who looked.
# Not grantable: who reads a note is chosen note by note (its readers), not by a permission.
from django.utils.translation import gettext_lazy as _  # noqa: E402

from caringcity.people import privacy  # noqa: E402

privacy.register_part("care_notes", _("Care notes"), _("The notes your team writes about you, and their attached files."), grantable=False)
for _key, _label in {
    "author": _("wrote the note"),
    "named": _("named as a reader of the note"),
    "paid_worker": _("paid care worker in their team"),
    "team_member": _("member of their team"),
}.items():
    privacy.BASIS_LABELS.setdefault(_key, _label)


def _notes_panel(request, team):
    from caringcity.visits.selectors.notes import panel

    return panel(request.user, team)


extensions.register_team_panel("visits/notes/_team_panel.html", _notes_panel, order=30)
