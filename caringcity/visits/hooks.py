"""How the rota and records plug into the teams app: panels on the team page."""

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
