"""Reads for the rota."""


def team_panel(user, team):
    return None
