"""What circles registers with the apps below it at start-up: circle meetings in each person's
private calendar feed (served by visits), and the team page's circle panel."""

from caringcity.core.extensions import register_calendar_source
from caringcity.teams import extensions


# --- meetings: circle meetings in each person's private calendar feed ------------------------------
def meeting_events(person, commons, start, end):
    """Planned, held and cancelled meetings of the circles ``person`` is in (see
    ``selectors.meetings.meetings_for_person``), as iCalendar events."""
    from caringcity.circles.selectors.meetings import person_meeting_events

    return person_meeting_events(person, commons, start, end)


register_calendar_source(meeting_events)


# --- structure: the team page shows the team's circle ---------------------------------------------
def _team_circle_panel(request, team):
    from caringcity.circles.selectors.structure import team_panel

    return team_panel(request.user, team)


extensions.register_team_panel("circles/structure/_team_panel.html", _team_circle_panel, order=60)
