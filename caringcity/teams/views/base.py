"""Shared by the teams views: fetch-and-check helpers and form rendering."""

from django.http import Http404
from django.shortcuts import render

from caringcity.people.views import _apply_errors, _commons, _form_page, _page  # noqa: F401  (shared helpers)
from caringcity.teams import selectors


def team_for(request, slug, team_uuid, perm="teams.view_team"):
    """(commons, team, standing) or 404: out of scope and not allowed look the same."""
    commons, _membership = _commons(request, slug)
    team = selectors.access_team(request.user, commons, team_uuid)
    if not request.user.has_perm(perm, team):
        raise Http404
    request.team = team
    return commons, team, selectors.standing(request.user, team)


def member_for(team, member_uuid):
    member = team.members.filter(uuid=member_uuid).select_related("person", "person__user", "team").first()
    if member is None:
        raise Http404
    return member


def render_team(request, template, team, ctx, status=200):
    return render(request, template, {"team": team, "commons": team.commons, **ctx}, status=status)
