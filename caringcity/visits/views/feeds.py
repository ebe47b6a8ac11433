"""Views for the feeds part of the visits app: private calendar feeds (iCalendar), the pages that
give their links, the printable weekly rota (a team's, and "my week"), and reminder settings.
Thin: parse, check permission, call one service, render."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_safe

from caringcity.core.extensions import calendar_events
from caringcity.people.views import _commons, _submit
from caringcity.visits import reminders
from caringcity.visits.access import team_for
from caringcity.visits.models import FeedToken
from caringcity.visits.selectors import feeds as selectors
from caringcity.visits.services import feeds as services

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"


# --- the feed itself: no login (calendar apps cannot sign in); the secret is the key ------------
@require_safe
def calendar_feed(request, token):
    feed = selectors.feed_token_by_secret(token)
    if feed is None:
        raise Http404
    # In the language the person chose, not the calendar app's.
    with translation.override(getattr(feed.person.user, "language", "") or settings.LANGUAGE_CODE):
        return _calendar_response(feed)


def _calendar_response(feed):
    start, end = selectors.feed_window()
    extra = []
    if feed.scope == FeedToken.Scope.TEAM:
        if not selectors.team_feed_allowed(feed):
            raise Http404
        visits = selectors.team_visits(feed.team, start, end)
        name = _("%(team)s: visits") % {"team": feed.team.name}
    else:
        if not selectors.person_feed_allowed(feed):
            raise Http404
        visits = selectors.person_visits(feed.person, feed.commons, start, end)
        extra = calendar_events(feed.person, feed.commons, start, end)  # other apps' events (circle meetings)
        name = _("My visits (%(commons)s)") % {"commons": feed.commons.name}
    response = HttpResponse(selectors.build_calendar(visits, name=name, extra=extra), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="visits.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- pages that give the links ------------------------------------------------------------------
def _calendar_page(request, commons, *, feed, team, reset_url, back_url):
    return render(request, "visits/feeds/calendar.html", {
        "commons": commons, "team": team, "feed": feed, "links": selectors.feed_links(feed),
        "reset_url": reset_url, "back_url": back_url,
    })


@login_required
@require_http_methods(["GET", "POST"])
def my_calendar(request, slug):
    commons, membership = _commons(request, slug)
    url = reverse("visits:my_calendar", args=[slug])
    if request.method == "POST":
        had = selectors.feed_token_for(membership.person, commons) is not None
        services.feed_token_make(actor=request.user, commons=commons)
        messages.success(request, _("Here is your new secret link. The old one has stopped working.") if had
                         else _("Here is your secret link."))
        return redirect(url)
    return _calendar_page(request, commons, feed=selectors.feed_token_for(membership.person, commons), team=None,
                          reset_url=url, back_url=reverse("visits:my_week_print", args=[slug]))


@login_required
@require_http_methods(["GET", "POST"])
def team_calendar(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_rota")
    url = reverse("visits:team_calendar", args=[slug, team_uuid])
    if request.method == "POST":
        had = selectors.feed_token_for(standing.person, commons, team) is not None
        try:
            services.feed_token_make(actor=request.user, commons=commons, team=team)
        except PermissionDenied:
            raise Http404 from None
        messages.success(request, _("Here is your new secret link. The old one has stopped working.") if had
                         else _("Here is your secret link."))
        return redirect(url)
    return _calendar_page(request, commons, feed=selectors.feed_token_for(standing.person, commons, team), team=team,
                          reset_url=url, back_url=reverse("teams:team_detail", args=[slug, team_uuid]))


# --- the printable week -------------------------------------------------------------------------
def _week_context(request, monday):
    return {
        "monday": monday,
        "sunday": monday + timezone.timedelta(days=6),
        "previous": (monday - timezone.timedelta(days=7)).isoformat(),
        "next": (monday + timezone.timedelta(days=7)).isoformat(),
        "this_week": selectors.parse_week("") == monday,
        "today": timezone.localdate(),
    }


@login_required
@require_GET
def rota_print(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_rota")
    monday = selectors.parse_week(request.GET.get("week"))
    ctx = {"commons": commons, "team": team, "days": selectors.team_week(team, monday), **_week_context(request, monday)}
    return render(request, "visits/feeds/week_print.html", ctx)


@login_required
@require_GET
def my_week_print(request, slug):
    commons, membership = _commons(request, slug)
    monday = selectors.parse_week(request.GET.get("week"))
    ctx = {"commons": commons, "team": None, "person": membership.person,
           "days": selectors.person_week(membership.person, commons, monday), **_week_context(request, monday)}
    return render(request, "visits/feeds/week_print.html", ctx)


# --- reminder settings --------------------------------------------------------------------------
class ReminderSettingForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("How should we remind you?"), widget=forms.RadioSelect,
                                error_messages={"required": gettext_lazy("Choose how we should remind you."),
                                                "invalid_choice": gettext_lazy("Choose how we should remind you.")})
    hours_before = forms.TypedChoiceField(
        label=gettext_lazy("How long before a visit?"), widget=forms.RadioSelect, coerce=int,
        choices=[(2, gettext_lazy("2 hours before")), (12, gettext_lazy("12 hours before")),
                 (24, gettext_lazy("1 day before")), (48, gettext_lazy("2 days before"))],
        error_messages={"required": gettext_lazy("Choose how long before the visit."),
                        "invalid_choice": gettext_lazy("Choose how long before the visit.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = reminders.channel_choices()


@login_required
@require_http_methods(["GET", "POST"])
def reminder_settings(request, slug):
    commons, membership = _commons(request, slug)
    person = membership.person
    channel, hours = services.reminder_setting_of(person)
    form = ReminderSettingForm(request.POST if request.method == "POST" else None, initial={"channel": channel, "hours_before": hours})
    if _submit(request, form, lambda data: services.reminder_setting_save(actor=request.user, person=person, **data),
               _("Saved. We will remind you as you chose.")):
        return redirect("visits:reminder_settings", slug)
    has_address = bool(request.user.email or person.email)
    return render(request, "visits/feeds/reminder_settings.html",
                  {"commons": commons, "form": form, "has_address": has_address},
                  status=400 if form.is_bound and form.errors else 200)


urlpatterns = [
    path("calendar/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path(C + "my-visits/calendar/", my_calendar, name="my_calendar"),
    path(C + "my-visits/week/", my_week_print, name="my_week_print"),
    path(C + "my-visits/reminders/", reminder_settings, name="reminder_settings"),
    path(T + "calendar/", team_calendar, name="team_calendar"),
    path(T + "rota/week/", rota_print, name="rota_print"),
]
