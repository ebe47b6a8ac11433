"""What circles registers with the apps below it at start-up. Each part appends its own block."""


# --- meetings: circle meetings in each person's private calendar feed (served by visits) ----------
from caringcity.core.extensions import register_calendar_source  # noqa: E402


def meeting_events(person, commons, start, end):
    """Planned, held and cancelled meetings of the circles ``person`` is in (see
    ``selectors.meetings.meetings_for_person``), as iCalendar events."""
    from caringcity.circles.selectors.meetings import person_meeting_events

    return person_meeting_events(person, commons, start, end)


register_calendar_source(meeting_events)
