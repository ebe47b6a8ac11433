"""Team pages: the list, starting a team, the team page, membership by mutual consent, the
noticeboard, promises and the trust assessment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caringcity.people import selectors as people
from caringcity.people.services import privacy_record_view
from caringcity.teams import extensions, forms, selectors, services
from caringcity.teams.models import Team, TrustAssessment
from caringcity.teams.views.base import _apply_errors, _commons, _form_page, member_for, render_team, team_for


@login_required
def team_list(request, slug):
    commons, membership = _commons(request, slug)
    teams = list(selectors.team_list(request.user, commons))
    ctx = {
        "commons": commons,
        "teams": teams,
        "waiting": [t for t in teams if t.waiting],
        "mine": selectors.my_team_memberships(request.user, commons),
        "can_add": request.user.has_perm("teams.add_team", commons),
        "call_out_count": selectors.open_call_outs(commons).count(),
    }
    return render(request, "teams/team_list.html", ctx)


@login_required
def team_create(request, slug):
    commons, membership = _commons(request, slug)
    if not request.user.has_perm("teams.add_team", commons):
        raise Http404
    form = forms.TeamCreateForm(request.POST or None, people=people.people_in_commons(commons).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, commons=commons, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been started.") % {"name": team.name})
            return redirect("teams:team_detail", slug, team.uuid)
    return _form_page(request, form, title=_("Start a team"),
                      intro=_("A team forms around one person who gets support. This is the first contact stage."),
                      submit_label=_("Start the team"), cancel_url=reverse("teams:team_list", args=[slug]))


def _team_context(request, team, standing):
    key_needs_basis = None
    if team.key_needs:
        if standing.is_owner:
            key_needs_basis = "self"
        elif standing.is_proxy:
            key_needs_basis = "proxy"
        elif standing.is_starter:
            key_needs_basis = "team"
        else:
            key_needs_basis = people.access_basis(request.user, team.commons, team.owner, "key_needs")
        if key_needs_basis and key_needs_basis != "self":
            privacy_record_view(actor=request.user, commons=team.commons, person=team.owner, part="key_needs", basis=key_needs_basis, obj=team)
    members = list(selectors.current_members(team))
    return {
        "standing": standing,
        "members": members,
        "pending": list(selectors.pending_members(team)) if standing.in_team else [],
        "hats": selectors.hats_with_terms(team),
        "check_ins": selectors.upcoming_check_ins(team),
        "notices": selectors.notices(team) if standing.in_team else [],
        "notice_form": forms.NoticeForm(),
        "show_key_needs": bool(key_needs_basis),
        "independence": selectors.independence(team),
        "member_uuids": ",".join(str(m.person.uuid) for m in members),
        "can_manage": request.user.has_perm("teams.manage_members", team),
        "can_change": request.user.has_perm("teams.change_team", team),
        "can_stage": request.user.has_perm("teams.change_stage", team),
        "can_match": request.user.has_perm("teams.match", team),
        "panels": extensions.team_panels(request, team),
    }


@login_required
def team_detail(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    return render_team(request, "teams/team_detail.html", team, _team_context(request, team, standing))


@login_required
def team_print(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    return render_team(request, "teams/team_print.html", team, _team_context(request, team, standing))


@login_required
def team_edit(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "teams.change_team")
    form = forms.TeamEditForm(request.POST or None, initial={"name": team.name, "key_needs": team.key_needs, "rota_running": team.rota_running})
    if request.method == "POST" and form.is_valid():
        services.team_update(actor=request.user, team=team, data=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("teams:team_detail", slug, team_uuid)
    return _form_page(request, form, title=_("Change %(name)s") % {"name": team.name},
                      cancel_url=reverse("teams:team_detail", args=[slug, team_uuid]))


@login_required
def member_invite(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "teams.manage_members")
    form = forms.InviteForm(request.POST or None, people=selectors.people_for_invite(team),
                            initial={"person": request.GET.get("person")})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.member_invite(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Invitation sent. %(name)s joins when they say yes.") % {"name": member.person.display_name})
            return redirect("teams:team_detail", slug, team_uuid)
    return _form_page(request, form, title=_("Invite someone to %(team)s") % {"team": team.name},
                      intro=_("Nobody joins without saying yes. They will see the invitation when they sign in."),
                      submit_label=_("Send invitation"), cancel_url=reverse("teams:team_detail", args=[slug, team_uuid]))


# Each action: who may do it, and the service it calls.
def _is_self(standing, member):
    return standing.person is not None and standing.person.pk == member.person_id


MEMBER_ACTIONS = {
    "accept": (lambda s, m: _is_self(s, m), lambda r, m, f: services.member_accept(actor=r.user, member=m), None),
    "decline": (lambda s, m: _is_self(s, m) or s.owner_side,
                lambda r, m, f: services.member_decline(actor=r.user, member=m, reason=f.cleaned_data["reason"]), forms.ReasonForm),
    "approve": (lambda s, m: s.owner_side, lambda r, m, f: services.member_approve(actor=r.user, member=m), None),
    "trial_session": (lambda s, m: s.owner_side or _is_self(s, m), lambda r, m, f: services.trial_record_session(actor=r.user, member=m), None),
    "trial_yes": (lambda s, m: s.owner_side or _is_self(s, m),
                  lambda r, m, f: services.trial_say_yes(actor=r.user, member=m, side="member" if _is_self(selectors.standing(r.user, m.team), m) else "owner"), None),
    "trial_end": (lambda s, m: s.owner_side or _is_self(s, m),
                  lambda r, m, f: services.trial_end(actor=r.user, member=m, reason=f.cleaned_data["reason"]), forms.ReasonForm),
    "leave": (lambda s, m: _is_self(s, m) or s.owner_side,
              lambda r, m, f: services.member_leave(actor=r.user, member=m, **f.cleaned_data), forms.LeaveForm),
    "leave_now": (lambda s, m: _is_self(s, m) or s.owner_side, lambda r, m, f: services.member_leave_now(actor=r.user, member=m), None),
}

ACTION_TITLES = {
    "decline": _("Say no"),
    "trial_end": _("End the trial"),
    "leave": _("Leave the team"),
}


@login_required
def member_action(request, slug, team_uuid, member_uuid, action):
    """Accept, decline, approve, trial steps and leaving. Invited people may open their own
    invitation even though they cannot see the team page yet."""
    if action not in MEMBER_ACTIONS:
        raise Http404
    commons, membership = _commons(request, slug)
    team = Team.objects.filter(commons=commons, uuid=team_uuid).select_related("owner", "commons").first()
    if team is None:
        raise Http404
    member = member_for(team, member_uuid)
    standing = selectors.standing(request.user, team)
    allowed, run, form_class = MEMBER_ACTIONS[action]
    if not allowed(standing, member):
        raise Http404
    form = form_class(request.POST or None) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            run(request, member, form)
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("teams:team_detail", slug, team_uuid) if standing.can_view else redirect("teams:team_list", slug)
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Done."))
            request.user.__dict__.pop("_cc_team_standing", None)
            if selectors.standing(request.user, team).can_view:
                return redirect("teams:team_detail", slug, team_uuid)
            return redirect("teams:team_list", slug)
    if request.method == "POST" and form is None:
        raise Http404
    if form is None:
        # A GET on a one-click action shows a confirmation page (works without JavaScript).
        return render(request, "teams/member_confirm.html", {"team": team, "commons": commons, "member": member, "action": action,
                                                             "standing": standing})
    return _form_page(request, form, title=ACTION_TITLES.get(action, _("Confirm")),
                      intro=_("%(name)s in %(team)s") % {"name": member.person.display_name, "team": team.name},
                      submit_label=ACTION_TITLES.get(action, _("Confirm")),
                      cancel_url=reverse("teams:team_detail", args=[slug, team_uuid]) if standing.can_view else reverse("teams:team_list", args=[slug]))


@login_required
@require_POST
def notice_post(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "teams.post_notice")
    form = forms.NoticeForm(request.POST)
    if form.is_valid():
        try:
            services.notice_post(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Message posted."))
            return redirect(reverse("teams:team_detail", args=[slug, team_uuid]) + "#noticeboard")
    ctx = _team_context(request, team, standing)
    ctx["notice_form"] = form
    return render_team(request, "teams/team_detail.html", team, ctx, status=400)


@login_required
def promises(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    can_record = request.user.has_perm("teams.record_promise", team)
    form = forms.PromiseForm(request.POST or None) if can_record else None
    if request.method == "POST":
        if not can_record:
            raise Http404
        if form.is_valid():
            try:
                services.promise_record(actor=request.user, team=team, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The promise is recorded."))
                return redirect("teams:promises", slug, team_uuid)
    return render_team(request, "teams/promises.html", team, {"promises": team.promises.select_related("recorded_by"), "form": form},
                       status=400 if form is not None and form.errors else 200)


def _trust_basis(request, team, standing):
    """The owner's side and the Profile Holder see and keep it; others only with the owner's permission."""
    from caringcity.teams.privacy_hooks import holds_profile_holder_hat

    if standing.is_proxy:
        return "proxy", True
    if standing.owner_side:
        return "team", True
    if holds_profile_holder_hat(request.user, team.commons, team.owner):
        return "profile_holder", True
    basis = people.access_basis(request.user, team.commons, team.owner, "trust_assessment")
    return basis, False


@login_required
def trust_assessment(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    basis, can_edit = _trust_basis(request, team, standing)
    if not basis:
        raise Http404
    assessment = TrustAssessment.objects.filter(team=team).first()
    form = forms.TrustAssessmentForm(request.POST or None, instance=assessment) if can_edit else None
    if request.method == "POST":
        if not can_edit:
            raise Http404
        if form.is_valid():
            services.trust_assessment_save(actor=request.user, team=team, data=form.cleaned_data)
            messages.success(request, _("Saved."))
            return redirect("teams:trust_assessment", slug, team_uuid)
    elif assessment is not None and not standing.is_owner:
        privacy_record_view(actor=request.user, commons=commons, person=team.owner, part="trust_assessment", basis=basis, obj=assessment)
    return render_team(request, "teams/trust_assessment.html", team, {"assessment": assessment, "form": form},
                       status=400 if form is not None and form.errors else 200)

