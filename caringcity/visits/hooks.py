"""How the rota and records plug into the teams app: panels on the team page."""

from caringcity.teams import extensions
from caringcity.visits import rules  # noqa: F401  (registers the permissions)


def _rota_panel(request, team):
    from caringcity.visits.selectors.rota import team_panel

    return team_panel(request.user, team)


extensions.register_team_panel("visits/_team_panel.html", _rota_panel, order=10)


# --- feeds: the printed week, calendar links and reminders ---------------------------------------
def _feeds_panel(request, team):
    return {} if request.user.has_perm("visits.view_rota", team) else None


extensions.register_team_panel("visits/feeds/_team_panel.html", _feeds_panel, order=15)
