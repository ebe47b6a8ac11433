"""Views of the structure part: the circles of a commons (list and diagram), a circle's page,
its people and hats, care teams hanging under a local circle, hat rotation and the logbook.

Thin: fetch and check (``circle_for``; not allowed looks like not found), call one service,
redirect. Every page works with JavaScript off."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.circles.forms import structure as forms
from caringcity.circles.models import Circle, CircleHatTerm, CircleKind, Participant, TermStatus
from caringcity.circles.selectors import structure as selectors
from caringcity.circles.services import structure as services
from caringcity.circles.views.base import (
    _commons,
    _form_page,
    _submit,
    circle_for,
    logbook_sections,
    register_logbook_section,
    register_tab,
    render_circle,
)
from caringcity.people.models import Membership, Person

C = "c/<slug:slug>/circles/"
K = C + "<uuid:circle_uuid>/"
FORM = "circles/structure/form.html"
CONFIRM = "circles/structure/confirm.html"

register_tab(10, gettext_lazy("Overview"), "circle_detail")
register_tab(90, gettext_lazy("Logbook"), "logbook")


def _circle_url(circle):
    return reverse("circles:circle_detail", args=[circle.commons.slug, circle.uuid])


def _form(request, form, circle, *, title, commons=None, **extra):
    """A form page inside a circle (or, without one, inside the commons' circles)."""
    commons = commons or circle.commons
    extra.setdefault("cancel_url", _circle_url(circle) if circle else reverse("circles:circle_list", args=[commons.slug]))
    return _form_page(request, form, title=title, template=FORM, circle=circle, commons=commons, **extra)


def _confirm(request, circle, *, title, explanation, confirm_label, error="", danger=True, status=200, **extra):
    ctx = {"circle": circle, "commons": circle.commons, "title": title, "explanation": explanation, "confirm_label": confirm_label,
           "error": error, "danger": danger, "cancel_url": _circle_url(circle), **extra}
    return render(request, CONFIRM, ctx, status=status)


# --- the commons' circles --------------------------------------------------------------------------
@login_required
def circle_list(request, slug):
    commons, membership = _commons(request, slug)
    roots = selectors.circle_tree(request.user, commons)
    ctx = {"commons": commons, "roots": roots, "ended": list(selectors.ended_circles(request.user, commons)),
           "can_add": request.user.has_perm("circles.add_circle", commons)}
    return render(request, "circles/structure/circle_list.html", ctx)


@login_required
def structure(request, slug):
    commons, membership = _commons(request, slug)
    roots = selectors.circle_tree(request.user, commons)
    ctx = {"commons": commons, "roots": roots, "chart": selectors.diagram(roots), "today": timezone.localdate()}
    return render(request, "circles/structure/structure.html", ctx)


@login_required
def circle_create(request, slug):
    commons, membership = _commons(request, slug)
    if not request.user.has_perm("circles.add_circle", commons):
        raise Http404
    parents = Circle.objects.open().filter(commons=commons, team__isnull=True).order_by("name")
    initial = {}
    above = parents.filter(uuid=request.GET.get("parent")).first() if request.GET.get("parent") else None
    if above is not None:
        initial = {"parent": above, "kind": CircleKind.LOCAL if above.kind == CircleKind.GENERAL else CircleKind.WORKING}
    form = forms.CircleCreateForm(request.POST or None, parents=parents, initial=initial)
    made = []
    if _submit(request, form, lambda data: made.append(services.circle_create(actor=request.user, commons=commons, **data)),
               success=_("The circle is started. Now add its people.")):
        return redirect(_circle_url(made[0]))
    return _form(request, form, None, commons=commons, title=_("Start a circle"), submit_label=_("Start the circle"),
                 intro=_("A circle is a group that decides things together by consent. Each circle hangs under another one, "
                         "up to the members' circle."))


# --- one circle ------------------------------------------------------------------------------------
@login_required
def circle_detail(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    user = request.user
    data = selectors.circle_page(user, circle)
    is_open = circle.ended is None
    ctx = {
        **data,
        "is_open": is_open,
        "can_change": is_open and user.has_perm("circles.change_circle", circle),
        "can_manage": is_open and not circle.is_team and user.has_perm("circles.manage_people", circle),
        "can_nominate": is_open and user.has_perm("circles.nominate", circle),
        "can_end": is_open and user.has_perm("circles.end_circle", circle),
        "can_link": is_open and user.has_perm("circles.link_team", circle),
        "can_add_circle": is_open and not circle.is_team and user.has_perm("circles.add_circle", commons),
        "can_review": is_open and standing.can_view and standing.keeps_structure,
        "may_end": {term.pk for term in data["held"] if user.has_perm("circles.end_term", term)},
        "can_see_team": circle.is_team and user.has_perm("teams.view_team", circle.team),
    }
    return render_circle(request, "circles/structure/circle_detail.html", circle, ctx)


@login_required
def circle_edit(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.change_circle")
    if circle.ended is not None:
        raise Http404
    form = forms.CircleChangeForm(request.POST or None, initial={"aim": circle.aim, "domain": circle.domain,
                                                                 "development_plan": circle.development_plan})
    if _submit(request, form, lambda data: services.circle_change(actor=request.user, circle=circle, **data), success=_("Saved.")):
        return redirect(_circle_url(circle))
    return _form(request, form, circle, title=_("Aim, domain and plan of %(name)s") % {"name": circle.name})


@login_required
def circle_end(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.end_circle")
    if circle.ended is not None:
        raise Http404
    error, status = "", 200
    if request.method == "POST":
        try:
            services.circle_end(actor=request.user, circle=circle)
        except ValidationError as refusal:
            error, status = " ".join(refusal.messages), 400
        else:
            messages.success(request, _("%(name)s has ended. Its records stay in its logbook.") % {"name": circle.name})
            return redirect(_circle_url(circle))
    return _confirm(request, circle, title=_("End %(name)s") % {"name": circle.name}, confirm_label=_("End the circle"),
                    explanation=_("When a circle ends, its hats are handed back and its people leave it. Its decisions, minutes "
                                  "and logbook stay for everyone who could read them. Circles under it must end or move first."),
                    error=error, status=status)


# --- people ----------------------------------------------------------------------------------------
def _people_circle(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.manage_people")
    if circle.is_team or circle.ended is not None:
        raise Http404  # a team's people are managed on the team's page
    return commons, circle


@login_required
def participant_add(request, slug, circle_uuid):
    commons, circle = _people_circle(request, slug, circle_uuid)
    inside = Participant.objects.current().filter(circle=circle).values("person")
    people = (Person.objects.filter(memberships__commons=commons, memberships__status=Membership.Status.ACTIVE)
              .exclude(pk__in=inside).order_by("name"))
    form = forms.ParticipantAddForm(request.POST or None, people=people)
    done = []
    if _submit(request, form, lambda data: done.append(services.participant_add(actor=request.user, circle=circle, **data))):
        messages.success(request, _("%(name)s is now in the circle.") % {"name": done[0].person.display_name})
        return redirect(_circle_url(circle))
    return _form(request, form, circle, title=_("Add someone to %(name)s") % {"name": circle.name}, submit_label=_("Add to the circle"))


def _participant(circle, participant_uuid):
    participant = Participant.objects.current().filter(circle=circle, uuid=participant_uuid).select_related("person", "circle").first()
    if participant is None:
        raise Http404
    return participant


@login_required
def participant_change(request, slug, circle_uuid, participant_uuid):
    commons, circle = _people_circle(request, slug, circle_uuid)
    participant = _participant(circle, participant_uuid)
    form = forms.PlaceFields(request.POST or None, initial={"kind": participant.kind, "stakeholder": participant.stakeholder})
    if _submit(request, form, lambda data: services.participant_change(actor=request.user, participant=participant, **data),
               success=_("Saved.")):
        return redirect(_circle_url(circle))
    remove_url = reverse("circles:participant_remove", args=[slug, circle.uuid, participant.uuid])
    return _form(request, form, circle, title=_("How %(name)s takes part") % {"name": participant.person.display_name},
                 remove_url=remove_url, remove_label=_("Take %(name)s out of the circle") % {"name": participant.person.display_name})


@login_required
def participant_remove(request, slug, circle_uuid, participant_uuid):
    commons, circle = _people_circle(request, slug, circle_uuid)
    participant = _participant(circle, participant_uuid)
    name = participant.person.display_name
    error, status = "", 200
    if request.method == "POST":
        try:
            services.participant_remove(actor=request.user, participant=participant)
        except ValidationError as refusal:
            error, status = " ".join(refusal.messages), 400
        else:
            messages.success(request, _("%(name)s has left the circle.") % {"name": name})
            return redirect(_circle_url(circle))
    return _confirm(request, circle, title=_("Take %(name)s out of %(circle)s") % {"name": name, "circle": circle.name},
                    explanation=_("They stop taking part in the circle's rounds. What they said before stays in the records."),
                    confirm_label=_("Take them out"), error=error, status=status)


# --- care teams hang under a local circle -----------------------------------------------------------
@login_required
def link_team(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.link_team")
    from caringcity.teams.selectors import teams_visible_to

    teams = (teams_visible_to(request.user, commons).open().exclude(circle__parent=circle, circle__ended__isnull=True).order_by("name"))
    form = forms.LinkTeamForm(request.POST or None, teams=teams)
    done = []
    if _submit(request, form, lambda data: done.append(services.team_circle_link(actor=request.user, team=data["team"], parent=circle))):
        messages.success(request, _("%(team)s now hangs under %(circle)s.") % {"team": done[0].name, "circle": circle.name})
        return redirect(_circle_url(circle))
    return _form(request, form, circle, title=_("A care team hangs under %(name)s") % {"name": circle.name}, submit_label=_("Link the team"),
                 intro=_("A care team is a circle too. Its people are the team's people. The local circle supports the team "
                         "and its leader links down to it."))


@login_required
def team_circle_link(request, slug, team_uuid):
    commons, membership = _commons(request, slug)
    from caringcity.teams.selectors import access_team

    team = access_team(request.user, commons, team_uuid)
    locals_ = [c for c in Circle.objects.open().filter(commons=commons, kind=CircleKind.LOCAL).select_related("commons").order_by("name")
               if request.user.has_perm("circles.link_team", c)]
    if not locals_:
        raise Http404
    form = forms.TeamParentForm(request.POST or None, parents=Circle.objects.filter(pk__in=[c.pk for c in locals_]).order_by("name"))
    done = []
    if _submit(request, form, lambda data: done.append(services.team_circle_link(actor=request.user, team=team, parent=data["parent"]))):
        messages.success(request, _("%(team)s now hangs under %(circle)s.") % {"team": team.name, "circle": done[0].parent.name})
        return redirect(_circle_url(done[0]))
    return _form_page(request, form, title=_("Which local circle does %(team)s hang under?") % {"team": team.name},
                      submit_label=_("Link the team"), cancel_url=reverse("teams:team_detail", args=[slug, team.uuid]),
                      intro=_("A care team is a circle too. Its people are the team's people; the local circle supports it."))


# --- hats ------------------------------------------------------------------------------------------
def _people_queryset(circle):
    return Person.objects.filter(pk__in=[place.person.pk for place in selectors.people_in(circle)]).order_by("name")


@login_required
def term_nominate(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid, "circles.nominate")
    if circle.ended is not None:
        raise Http404
    people = _people_queryset(circle)
    for_others = people.exclude(pk=standing.person.pk) if request.user.has_perm("circles.enter_for_others", circle) else None
    today = timezone.localdate()
    initial = {"starts": today, "ends": today + timedelta(days=365), "review_on": today + timedelta(days=182)}
    form = forms.NominateForm(request.POST or None, people=people, for_others=for_others, initial=initial)
    made = []
    if _submit(request, form, lambda data: made.append(services.term_nominate(actor=request.user, circle=circle, **data)),
               success=_("The nomination is made. The circle now gives its consent, round by round.")):
        return redirect(reverse("circles:proposal_detail", args=[slug, made[0].proposal.uuid]))
    return _form(request, form, circle, title=_("Nominate someone for a hat in %(name)s") % {"name": circle.name},
                 submit_label=_("Nominate"),
                 intro=_("Each hat is chosen by consent for a term, with a review date and a back-stop. Consent means: nobody "
                         "sees a reason it would harm the circle's aim. One person is never both the leader and the delegate."))


def _term(request, circle, term_uuid, perm):
    term = CircleHatTerm.objects.filter(circle=circle, uuid=term_uuid, status=TermStatus.HELD).select_related("holder", "circle__commons").first()
    if term is None or not request.user.has_perm(perm, term):
        raise Http404
    return term


@login_required
def term_end(request, slug, circle_uuid, term_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    term = _term(request, circle, term_uuid, "circles.end_term")
    form = forms.HandBackForm(request.POST or None)
    if _submit(request, form, lambda data: services.term_end(actor=request.user, term=term, **data),
               success=_("The hat is handed back. The circle can now choose someone new.")):
        return redirect(_circle_url(circle))
    return _form(request, form, circle, title=_("Hand back the %(hat)s hat (%(name)s)") % {
        "hat": term.get_kind_display().lower(), "name": term.holder.display_name}, submit_label=_("Hand the hat back"),
        intro=_("The term ends today instead of on %(ends)s.") % {"ends": date_format(term.ends, "j F Y")})


@login_required
def term_review(request, slug, circle_uuid, term_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    term = _term(request, circle, term_uuid, "circles.review_term")
    default = min(timezone.localdate() + timedelta(days=182), term.ends)
    form = forms.ReviewForm(request.POST or None, initial={"next_review": default})
    if _submit(request, form, lambda data: services.term_review(actor=request.user, term=term, **data),
               success=_("The review is recorded.")):
        return redirect(_circle_url(circle))
    return _form(request, form, circle, title=_("Review: %(name)s as %(hat)s") % {
        "hat": term.get_kind_display().lower(), "name": term.holder.display_name}, submit_label=_("Record the review"),
        intro=_("Talk together about how it is going: what works, what could be better, and whether to go on."))


@login_required
def hat_rotation(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    terms = selectors.hat_rotation(circle)
    return render_circle(request, "circles/structure/hat_rotation.html", circle,
                         {"terms": terms, "chart": selectors.timeline(terms), "today": timezone.localdate()})


# --- the logbook -----------------------------------------------------------------------------------
@login_required
def logbook(request, slug, circle_uuid):
    commons, circle, standing = circle_for(request, slug, circle_uuid)
    base = {"circle": circle, "commons": commons, "standing": standing}
    sections = [mark_safe(render_to_string(template, {**base, **section, "section": section}, request=request))  # noqa: S308
                for template, section in logbook_sections(request, circle)]
    return render_circle(request, "circles/structure/logbook.html", circle, {"sections": sections, "today": timezone.localdate()})


def _aim_section(request, circle):
    return {}


def _people_section(request, circle):
    data = selectors.circle_page(request.user, circle)
    keep = ("groups", "held", "due", "nominations", "people_count", "today")
    return {key: data[key] for key in keep}


def _plan_section(request, circle):
    return {}


register_logbook_section(10, "circles/structure/logbook/_aim.html", _aim_section)
register_logbook_section(20, "circles/structure/logbook/_people.html", _people_section)
register_logbook_section(80, "circles/structure/logbook/_plan.html", _plan_section)


urlpatterns = [
    path(C, circle_list, name="circle_list"),
    path(C + "structure/", structure, name="structure"),
    path(C + "new/", circle_create, name="circle_create"),
    path(K, circle_detail, name="circle_detail"),
    path(K + "change/", circle_edit, name="circle_edit"),
    path(K + "end/", circle_end, name="circle_end"),
    path(K + "people/add/", participant_add, name="participant_add"),
    path(K + "people/<uuid:participant_uuid>/", participant_change, name="participant_change"),
    path(K + "people/<uuid:participant_uuid>/remove/", participant_remove, name="participant_remove"),
    path(K + "teams/link/", link_team, name="link_team"),
    path(K + "hats/nominate/", term_nominate, name="term_nominate"),
    path(K + "hats/over-time/", hat_rotation, name="hat_rotation"),
    path(K + "hats/<uuid:term_uuid>/hand-back/", term_end, name="term_end"),
    path(K + "hats/<uuid:term_uuid>/review/", term_review, name="term_review"),
    path(K + "logbook/", logbook, name="logbook"),
    path("c/<slug:slug>/teams/<uuid:team_uuid>/circle/", team_circle_link, name="team_circle_link"),
]
