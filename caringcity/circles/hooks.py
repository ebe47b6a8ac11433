"""What circles registers with the apps below it at start-up. Each part appends its own block."""


# --- structure: the team page shows the team's circle ---------------------------------------------
def _team_circle_panel(request, team):
    from caringcity.circles.selectors.structure import team_panel

    return team_panel(request.user, team)


def _register_structure():
    from caringcity.teams import extensions

    extensions.register_team_panel("circles/structure/_team_panel.html", _team_circle_panel, order=60)


_register_structure()
