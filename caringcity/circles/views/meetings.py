"""Meetings: a circle's meetings (planned and past), planning, changing and cancelling one,
recording that it was held and who came, writing the minutes, printable minutes, a meeting's
.ics file, and "who is around the table". Thin: parse, check permission, call one service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from caringcity.circles import states
from caringcity.circles.forms.meetings import AttendanceForm, CancelForm, MeetingForm, MinutesForm
from caringcity.circles.models import Action, MeetingStatus
from caringcity.circles.selectors import meetings as selectors
from caringcity.circles.selectors.visibility import can_read
from caringcity.circles.services import meetings as services
from caringcity.circles.views.base import (
    _act,
    _commons,
    _page,
    _submit,
    circle_for,
    register_logbook_section,
    register_tab,
    render_circle,
)
from caringcity.people import selectors as people_selectors
from caringcity.people.models import Person

C = "c/<slug:slug>/circles/<uuid:circle_uuid>/"
M = "c/<slug:slug>/circles/meetings/<uuid:meeting_uuid>/"

register_tab(50, gettext_lazy("Meetings"), "meetings")


def _meeting_for(request, slug, meeting_uuid, perm="circles.view_circle"):
    """(commons, circle, standing, meeting) or 404, as ``circle_for``."""
    commons, _membership = _commons(request, slug)
    meeting = selectors.meeting_by_uuid(commons, meeting_uuid)
    if meeting is None:
        raise Http404
    commons, circle, standing = circle_for(request, slug, meeting.circle.uuid, perm)
    meeting.circle = circle
    return commons, circle, standing, meeting


def _back(meeting):
    return reverse("circles:meeting_detail", args=[meeting.circle.commons.slug, meeting.uuid])


def _form(request, circle, form, *, title, submit_label=None, cancel_url=None, intro=None,
          template="circles/meetings/form.html", **extra):
    ctx = {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url, "intro": intro, **extra}
    return render_circle(request, template, circle, ctx, status=400 if form.is_bound and form.errors else 200)


def _refused(request, meeting, move):
    """On a GET, a form for a move the meeting's state does not allow goes back to the meeting
    with the reason (a POST goes to the service, which refuses it the same way)."""
    if request.method == "POST":
        return None
    try:
        states.check("meeting", meeting.status, move)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(meeting))
    return None


# --- a circle's meetings --------------------------------------------------------------------------
@login_required
@require_safe
def meeting_list(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    return render_circle(request, "circles/meetings/meeting_list.html", circle, {
        "upcoming": list(selectors.upcoming_meetings(circle)),
        "past": _page(request, selectors.past_meetings(circle)),
        "can_plan": request.user.has_perm("circles.keep_logbook", circle),
        "sees_confidential": request.user.has_perm("circles.view_confidential", circle),
        "now": timezone.now(),
    })


@login_required
def meeting_plan(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.keep_logbook")
    back = reverse("circles:meetings", args=[slug, circle.uuid])
    form = MeetingForm(request.POST or None, proposals=selectors.open_proposals(circle),
                       initial={"title": _("Circle meeting"), "minutes_long": 90})
    made = []
    if _submit(request, form, lambda data: made.append(services.meeting_plan(actor=request.user, circle=circle, **form.service_data())),
               _("Meeting planned. It is now in the calendars of the circle's people.")):
        return redirect("circles:meeting_detail", slug, made[0].uuid)
    return _form(request, circle, form, title=_("Plan a meeting"), submit_label=_("Plan the meeting"), cancel_url=back,
                 intro=_("To record a meeting that already happened, plan it with its date, then record it as held."))


# --- one meeting ----------------------------------------------------------------------------------
def _record(request, circle, meeting):
    """What the meeting page and the printed minutes show (only what this user may read)."""
    readable = can_read(request.user, circle.commons, circle.pk, meeting.confidential)
    ctx = {"meeting": meeting, "readable": readable, "held": meeting.status == MeetingStatus.HELD,
           "when": timezone.localtime(meeting.starts), "ends": timezone.localtime(meeting.starts + timezone.timedelta(minutes=meeting.minutes_long)),
           "printed": timezone.localdate()}
    if not readable:
        return ctx
    ctx["agenda"] = selectors.agenda_of(meeting)
    if meeting.status == MeetingStatus.HELD:
        people = selectors.people_of(circle)
        takers = selectors.attendance_of(meeting)
        actions = selectors.actions_of(meeting)
        for action in actions:
            action.meeting = meeting
            action.can_finish = action.done_at is None and request.user.has_perm("circles.finish_action", action)
        ctx.update(takers=takers, absent=selectors.absent_people(people, takers), actions=actions,
                   table=selectors.around_the_table(circle, takers, people=people, key=f"m{meeting.pk}"),
                   decisions=selectors.decisions_on_day(request.user, circle, ctx["when"].date()))
    return ctx


@login_required
@require_safe
def meeting_detail(request, slug, meeting_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid)
    ctx = _record(request, circle, meeting)
    keeps = request.user.has_perm("circles.keep_logbook", circle)
    moves = states.allowed_moves("meeting", meeting.status) if keeps else set()
    ctx.update(moves=moves, started=meeting.starts <= timezone.now(),
               crumb_url=reverse("circles:meetings", args=[slug, circle.uuid]), crumb_label=_("Meetings"))
    return render_circle(request, "circles/meetings/meeting_detail.html", circle, ctx)


@login_required
@require_safe
def meeting_minutes(request, slug, meeting_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid)
    return render_circle(request, "circles/meetings/minutes_print.html", circle, _record(request, circle, meeting))


@login_required
@require_safe
def meeting_ics(request, slug, meeting_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid)
    body = selectors.meeting_calendar([meeting], name=f"{meeting.title} – {circle.name}")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def meeting_change(request, slug, meeting_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid, "circles.keep_logbook")
    refused = _refused(request, meeting, "change")
    if refused:
        return refused
    when = timezone.localtime(meeting.starts)
    agenda = selectors.agenda_of(meeting)
    initial = {"title": meeting.title, "date": when.date(), "start_time": when.time().replace(second=0, microsecond=0),
               "minutes_long": meeting.minutes_long, "place": meeting.place,
               "agenda": "\n".join(item.title for item in agenda if item.proposal_id is None),
               "proposals": [item.proposal_id for item in agenda if item.proposal_id]}
    form = MeetingForm(request.POST or None, proposals=selectors.open_proposals(circle), initial=initial)
    if _submit(request, form, lambda data: services.meeting_change(actor=request.user, meeting=meeting, **form.service_data()),
               _("Meeting changed. Calendars will show the change.")):
        return redirect(_back(meeting))
    return _form(request, circle, form, title=_("Change this meeting"), cancel_url=_back(meeting))


@login_required
def meeting_cancel(request, slug, meeting_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid, "circles.keep_logbook")
    refused = _refused(request, meeting, "cancel")
    if refused:
        return refused
    form = CancelForm(request.POST or None)
    if _submit(request, form, lambda data: services.meeting_cancel(actor=request.user, meeting=meeting, reason=data["reason"]),
               _("Meeting cancelled. The circle's people have been told, and calendars show it as cancelled.")):
        return redirect(_back(meeting))
    return _form(request, circle, form, title=_("Cancel this meeting"), submit_label=_("Cancel the meeting"),
                 cancel_url=_back(meeting))


def _guests_for(commons, people):
    in_circle = [row.person.pk for row in people]
    return people_selectors.people_in_commons(commons).exclude(pk__in=in_circle).order_by("name").distinct()


@login_required
def meeting_hold(request, slug, meeting_uuid):
    """Record that a planned meeting was held, with who came; or correct who came to a held one."""
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid, "circles.keep_logbook")
    correcting = meeting.status == MeetingStatus.HELD
    refused = None if correcting else _refused(request, meeting, "hold")
    if refused:
        return refused
    people = selectors.people_of(circle)
    form = AttendanceForm(request.POST or None, people=people, guests=_guests_for(commons, people),
                          takers=selectors.attendance_of(meeting) if correcting else ())
    if correcting:
        call = lambda data: services.meeting_attendance(actor=request.user, meeting=meeting, people=data["people"], guests=data["guests"])  # noqa: E731
        done, after = _("Saved who came."), _back(meeting)
    else:
        call = lambda data: services.meeting_hold(actor=request.user, meeting=meeting, people=data["people"], guests=data["guests"])  # noqa: E731
        done, after = _("Recorded as held. Now write the minutes."), reverse("circles:meeting_write", args=[slug, meeting.uuid])
    if _submit(request, form, call, done):
        return redirect(after)
    return _form(request, circle, form, template="circles/meetings/attendance_form.html",
                 title=_("Who came to this meeting") if correcting else _("Record that this meeting was held"),
                 submit_label=_("Save who came") if correcting else _("Record it as held"), cancel_url=_back(meeting),
                 meeting=meeting)


@login_required
def meeting_write(request, slug, meeting_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid, "circles.keep_logbook")
    refused = _refused(request, meeting, "write_minutes")
    if refused:
        return refused
    people = [row.person.pk for row in selectors.people_of(circle)] + [t.person_id for t in selectors.attendance_of(meeting)]
    form = MinutesForm(request.POST or None, agenda=selectors.agenda_of(meeting), meeting=meeting,
                       people=Person.objects.filter(pk__in=people).order_by("name"))
    if _submit(request, form, lambda data: services.meeting_write_minutes(actor=request.user, meeting=meeting, **form.service_data()),
               _("Minutes saved.")):
        return redirect(_back(meeting))
    return _form(request, circle, form, template="circles/meetings/minutes_form.html", title=_("Write the minutes"),
                 submit_label=_("Save the minutes"), cancel_url=_back(meeting), meeting=meeting)


@login_required
@require_POST
def action_done(request, slug, meeting_uuid, action_uuid):
    commons, circle, standing, meeting = _meeting_for(request, slug, meeting_uuid)
    action = Action.objects.filter(meeting=meeting, uuid=action_uuid).first()
    if action is None:
        raise Http404
    action.meeting = meeting
    if not request.user.has_perm("circles.finish_action", action):
        raise Http404
    _act(request, lambda: services.action_done(actor=request.user, action=action), _("Marked as done. Thank you."))
    return redirect(_back(meeting) + "#actions")


# --- who is around the table --------------------------------------------------------------------
@login_required
@require_safe
def around_the_table(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    people = selectors.people_of(circle)
    return render_circle(request, "circles/meetings/around_the_table.html", circle, {
        "over": selectors.around_the_table_over_time(request.user, circle, people=people),
        "people": people,
        "crumb_url": reverse("circles:meetings", args=[slug, circle.uuid]), "crumb_label": _("Meetings"),
    })


# --- the logbook's "Meetings" section ---------------------------------------------------------
def logbook_context(request, circle):
    meetings = selectors.logbook_meetings(circle)
    readable = {m.pk: can_read(request.user, circle.commons, circle.pk, m.confidential) for m in meetings}
    actions = selectors.open_actions(circle, limit=10,
                                     confidential=request.user.has_perm("circles.view_confidential", circle))
    return {"meetings": [(m, readable[m.pk]) for m in meetings], "open_actions": actions,
            "meetings_url": reverse("circles:meetings", args=[circle.commons.slug, circle.uuid]),
            "upcoming": selectors.upcoming_meetings(circle).filter(status=MeetingStatus.PLANNED).first()}


register_logbook_section(60, "circles/meetings/_logbook.html", logbook_context)


urlpatterns = [
    path(C + "meetings/", meeting_list, name="meetings"),
    path(C + "meetings/plan/", meeting_plan, name="meeting_plan"),
    path(C + "around-the-table/", around_the_table, name="around_the_table"),
    path(M, meeting_detail, name="meeting_detail"),
    path(M + "minutes/", meeting_minutes, name="meeting_minutes"),
    path(M + "meeting.ics", meeting_ics, name="meeting_ics"),
    path(M + "change/", meeting_change, name="meeting_change"),
    path(M + "cancel/", meeting_cancel, name="meeting_cancel"),
    path(M + "held/", meeting_hold, name="meeting_hold"),
    path(M + "minutes/write/", meeting_write, name="meeting_write"),
    path(M + "actions/<uuid:action_uuid>/done/", action_done, name="action_done"),
]
