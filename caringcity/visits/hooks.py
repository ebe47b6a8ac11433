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
