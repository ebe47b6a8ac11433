"""How the rota and records plug into the apps below: panels on the team page, letting go of
visits when someone leaves a team, and care notes as a part of the owner's records."""

from django.utils.translation import gettext_lazy as _

from caringcity.people import privacy
from caringcity.teams import extensions
from caringcity.visits import rules  # noqa: F401  (registers the permissions)


def _rota_panel(request, team):
    from caringcity.visits.selectors.rota import team_panel

    return team_panel(request.user, team)


extensions.register_team_panel("visits/_team_panel.html", _rota_panel, order=10)


def _release(member, actor):
    from caringcity.visits.services.rota import release_future_visits

    release_future_visits(member, actor)


extensions.register_member_left(_release)


# --- visit logs (part: logs) -------------------------------------------------------------------
def _logs_panel(request, team):
    from caringcity.visits.selectors.logs import hours_summary

    user = request.user
    if not user.has_perm("visits.view_logs", team):
        return None
    return {"hours": hours_summary(team), "can_mar": user.has_perm("visits.view_mar", team),
            "can_settings": user.has_perm("visits.change_record_settings", team)}


extensions.register_team_panel("visits/logs/_team_panel.html", _logs_panel, order=20)


# --- care notes and concerns (part: notes, concerns) -------------------------------------------
# Care notes are a part of the owner's records: every read is on their list of who looked.
# Not grantable: who reads a note is chosen note by note (its readers), not by a permission.
privacy.register_part("care_notes", _("Care notes"), _("The notes your team writes about you, and their attached files."), grantable=False)
for _key, _label in {
    "author": _("wrote the note"),
    "named": _("named as a reader of the note"),
    "paid_worker": _("paid care worker in their team"),
    "team_member": _("member of their team"),
}.items():
    privacy.register_basis(_key, _label)


def _notes_panel(request, team):
    from caringcity.visits.selectors.notes import panel

    return panel(request.user, team)


extensions.register_team_panel("visits/notes/_team_panel.html", _notes_panel, order=30)


# --- feeds: the printed week, calendar links and reminders ---------------------------------------
def _feeds_panel(request, team):
    return {} if request.user.has_perm("visits.view_rota", team) else None


extensions.register_team_panel("visits/feeds/_team_panel.html", _feeds_panel, order=15)
