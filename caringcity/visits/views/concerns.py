"""Views for the concerns part of the visits app. Thin: parse, check permission, call one service, render.

Concern pages live under the commons (``c/<slug>/concerns/<uuid>/``), so links in e-mails carry
no team; the team's list and the raise form live under the team."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.people.views import _commons
from caringcity.teams.views.base import _apply_errors, _form_page, render_team
from caringcity.visits import states
from caringcity.visits.access import record_standing, team_for
from caringcity.visits.models import ConcernKind, ConcernStatus
from caringcity.visits.selectors import concerns as selectors
from caringcity.visits.services import concerns as services

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"


class RaiseForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What kind of concern is it?"), choices=ConcernKind.choices, widget=forms.RadioSelect)
    urgent = forms.BooleanField(label=gettext_lazy("It is urgent: someone may be at risk now"), required=False,
                                help_text=gettext_lazy("The Safeguarding Lead and the organisers get an e-mail at once. "
                                                       "If someone is in danger now, call 999 first."))
    what_happened = forms.CharField(label=gettext_lazy("What happened?"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
                                    help_text=gettext_lazy("Say what you saw or heard, when and where. Only the Safeguarding Lead and the organisers read it."))


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=gettext_lazy("Move it to"), widget=forms.RadioSelect)
    note = forms.CharField(label=gettext_lazy("What was done or found"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    outcome = forms.CharField(label=gettext_lazy("Outcome"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, required=False,
                              help_text=gettext_lazy("Needed when you move it to “Outcome reached”."))

    def __init__(self, *args, concern, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [(s, ConcernStatus(s).label) for s in states.concern_next_statuses(concern.status)]
        self.fields["to_status"].error_messages["invalid_choice"] = _("Choose one of the next steps shown.")


class ReviewForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("What was checked at the review"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


@login_required
def team_concerns(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_rota")
    can_raise = request.user.has_perm("visits.raise_concern", team)
    concerns = list(selectors.team_concerns(request.user, team))
    return render_team(request, "visits/concerns/team_concerns.html", team,
                       {"concerns": concerns, "can_raise": can_raise, "standing": standing})


@login_required
def concern_raise(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.raise_concern")
    form = RaiseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            concern = services.concern_raise(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if concern.urgent:
                messages.success(request, _("Thank you. The concern is recorded and the Safeguarding Lead and the organisers have been told."))
            else:
                messages.success(request, _("Thank you. The concern is recorded. The Safeguarding Lead and the organisers will look at it."))
            return redirect("visits:concern_detail", slug, concern.uuid)
    return _form_page(request, form, title=_("Raise a concern"), submit_label=_("Raise the concern"),
                      intro=_("Anyone in the team can raise a concern: about safety, an accident, a change in health, a complaint or feedback. "
                              "It is not shared with the whole team."),
                      cancel_url=reverse("visits:team_concerns", args=[slug, team_uuid]), template="visits/concerns/concern_form.html",
                      team=team, commons=commons,
                      crumb_url=reverse("visits:team_concerns", args=[slug, team_uuid]), crumb_label=_("Concerns"))


def _concern(request, slug, concern_uuid):
    commons, _membership = _commons(request, slug)
    return commons, selectors.access_concern(request.user, commons, concern_uuid)


def _detail(request, commons, concern, move_form=None, review_form=None, status=200):
    can_handle = request.user.has_perm("visits.handle_concern", concern)
    ctx = {
        "commons": commons, "team": concern.team, "concern": concern, "steps": list(selectors.steps(concern)),
        "can_handle": can_handle, "is_open": concern.status != ConcernStatus.OUTCOME,
        "move_form": move_form or (MoveForm(concern=concern, prefix="move") if can_handle else None),
        "review_form": review_form or (ReviewForm(prefix="review") if can_handle and concern.status != ConcernStatus.OUTCOME else None),
        "standing": record_standing(request.user, concern.team),
    }
    return render(request, "visits/concerns/concern_detail.html", ctx, status=status)


@login_required
def concern_detail(request, slug, concern_uuid):
    commons, concern = _concern(request, slug, concern_uuid)
    return _detail(request, commons, concern)


@login_required
@require_POST
def concern_move(request, slug, concern_uuid):
    commons, concern = _concern(request, slug, concern_uuid)
    if not request.user.has_perm("visits.handle_concern", concern):
        raise Http404
    form = MoveForm(request.POST, concern=concern, prefix="move")
    if form.is_valid():
        try:
            services.concern_move(actor=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved. The concern is now at: %(status)s.") % {"status": ConcernStatus(form.cleaned_data["to_status"]).label})
            return redirect("visits:concern_detail", slug, concern_uuid)
    return _detail(request, commons, concern, move_form=form, status=400)


@login_required
@require_POST
def concern_review(request, slug, concern_uuid):
    commons, concern = _concern(request, slug, concern_uuid)
    if not request.user.has_perm("visits.handle_concern", concern):
        raise Http404
    form = ReviewForm(request.POST, prefix="review")
    if form.is_valid():
        try:
            services.concern_review(actor=request.user, concern=concern, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The review is recorded. The next one is in a month."))
            return redirect("visits:concern_detail", slug, concern_uuid)
    return _detail(request, commons, concern, review_form=form, status=400)


@login_required
def commons_concerns(request, slug):
    commons, membership = _commons(request, slug)
    if not request.user.has_perm("visits.view_commons_concerns", commons):
        raise Http404
    ctx = {
        "commons": commons,
        "due": list(selectors.review_due(request.user, commons)),
        "open": list(selectors.open_concerns(request.user, commons)),
        "is_organiser": membership.is_organiser,
    }
    if membership.is_organiser:
        trends = selectors.trend_counts(commons)
        ctx["trends"], ctx["chart"] = trends, selectors.trend_chart(trends)
    return render(request, "visits/concerns/commons_concerns.html", ctx)


urlpatterns = [
    path(C + "concerns/", commons_concerns, name="commons_concerns"),
    path(C + "concerns/<uuid:concern_uuid>/", concern_detail, name="concern_detail"),
    path(C + "concerns/<uuid:concern_uuid>/move/", concern_move, name="concern_move"),
    path(C + "concerns/<uuid:concern_uuid>/review/", concern_review, name="concern_review"),
    path(T + "concerns/", team_concerns, name="team_concerns"),
    path(T + "concerns/new/", concern_raise, name="concern_raise"),
]
