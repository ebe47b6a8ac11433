"""Hats: the jobs in a team, worn by consent for a term, checked in on, handed over or dropped.

Thin views: parse, check permission (not allowed looks like not found), call one service, redirect
with a message. A refused move shows the service's reason next to the field or as a message."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.teams import forms, selectors, services, states
from caringcity.teams.models import HatConsent, HatKind, HatTerm, TermStatus
from caringcity.teams.views.base import _apply_errors, _form_page, render_team, team_for


def _hats_url(team, hat=None):
    url = reverse("teams:hats", args=[team.commons.slug, team.uuid])
    return f"{url}#hat-{hat.uuid}" if hat is not None else url


# --- who may do what with a term ----------------------------------------------------------------
def _is_holder(standing, term):
    return standing.person is not None and standing.person.pk == term.holder_id


def _answers_as_self(standing):
    """The owner and people in the team now (on trial, members, working their notice)."""
    return standing.is_owner or standing.is_current_member


def _answers_for_owner(standing):
    """Someone acting for the owner: their proxy, or the Team Starter."""
    return not standing.is_owner and (standing.is_proxy or standing.is_starter)


def _may_answer(standing):
    return _answers_as_self(standing) or _answers_for_owner(standing)


def _may_end_or_check_in(standing, term):
    return standing.owner_side or _is_holder(standing, term)


# action -> (permission, who among those allowed, form class or None)
TERM_ACTIONS = {
    "answer": ("teams.answer_hat", lambda s, t: _may_answer(s), forms.HatAnswerForm),
    "confirm": ("teams.confirm_hat", lambda s, t: s.owner_side, None),
    "withdraw": ("teams.view_team", _may_end_or_check_in, forms.ReasonForm),
    "drop": ("teams.view_team", _may_end_or_check_in, forms.ReasonForm),
    "check_in": ("teams.view_team", _may_end_or_check_in, forms.CheckInForm),
}

ACTION_TEXT = {
    "answer": (gettext_lazy("Say yes or object"), gettext_lazy("Send my answer")),
    "confirm": (gettext_lazy("Confirm who wears this hat"), gettext_lazy("Confirm")),
    "withdraw": (gettext_lazy("Withdraw the nomination"), gettext_lazy("Withdraw")),
    "drop": (gettext_lazy("Stop wearing this hat"), gettext_lazy("Stop wearing it")),
    "check_in": (gettext_lazy("Check in on this hat"), gettext_lazy("Save the check-in")),
}


def _answer_form(team, standing, term, data=None, auto_id="id_%s"):
    """The answer form, filled with the answer already given (theirs, or the owner's when they can
    only answer for the owner)."""
    initial = {}
    for_owner_only = _answers_for_owner(standing) and not _answers_as_self(standing)
    if data is None:
        whose = team.owner_id if for_owner_only else standing.person.pk
        given = next((c for c in term.consents.all() if c.person_id == whose), None)
        if given is not None:
            initial = {"answer": given.answer, "reason": given.reason}
        if for_owner_only:
            initial["for_owner"] = True
    return forms.HatAnswerForm(data, initial=initial, auto_id=auto_id, can_answer_for_owner=_answers_for_owner(standing))


def _run(request, team, term, action, form):
    """Call the one service for ``action``. Returns the success message."""
    user, standing = request.user, selectors.standing(request.user, team)
    if action == "answer":
        data = form.cleaned_data
        for_owner = data.get("for_owner") and _answers_for_owner(standing)
        if not for_owner and not _answers_as_self(standing):
            raise ValidationError({"for_owner": _("You are not in the team yourself, so you can only answer for the owner. Tick the box.")})
        services.hat_answer(actor=user, term=term, answer=data["answer"], reason=data["reason"],
                            for_person=team.owner if for_owner else None)
        if data["answer"] == HatConsent.Answer.CONSENT:
            return _("Your answer is saved: yes.")
        return _("Your objection is saved. The team will talk it through.")
    if action == "confirm":
        services.hat_confirm(actor=user, term=term)
        return _("%(name)s now wears the hat “%(hat)s”.") % {"name": term.holder.display_name, "hat": term.hat.title}
    if action in ("withdraw", "drop"):
        states.check_term_move(term, action)  # a held hat is dropped, a waiting nomination withdrawn
        services.hat_end(actor=user, term=term, note=form.cleaned_data["reason"])
        if action == "withdraw":
            return _("The nomination is withdrawn.")
        return _("%(name)s no longer wears the hat “%(hat)s”.") % {"name": term.holder.display_name, "hat": term.hat.title}
    services.hat_check_in(actor=user, term=term, **form.cleaned_data)
    return _("The check-in is saved.")


# --- pages --------------------------------------------------------------------------------------
def _status_text(term):
    if term.end_note:
        return term.end_note
    return {
        TermStatus.NOMINATED: _("Waiting for the team to say yes"),
        TermStatus.HELD: _("Wearing it now"),
        TermStatus.ENDED: _("Stopped wearing it"),
        TermStatus.WITHDRAWN: _("Not taken up"),
    }[term.status]


@login_required
def hats(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid)
    user = request.user
    may_confirm = user.has_perm("teams.confirm_hat", team)
    may_nominate = user.has_perm("teams.nominate_hat", team)
    may_answer = user.has_perm("teams.answer_hat", team) and _may_answer(standing)
    # Everyone whose answer counts: the owner and the people in the team now.
    answerers = [team.owner] + [m.person for m in selectors.current_members(team) if m.person_id != team.owner_id]

    rows, nominations = [], []
    kind_order = list(HatKind.values)  # the order the hats are introduced in, made-up hats last
    for hat in sorted(selectors.hats_with_terms(team), key=lambda h: (kind_order.index(h.kind), h.name.lower())):
        held = [t for t in hat.open_terms if t.status == TermStatus.HELD]
        waiting = [t for t in hat.open_terms if t.status == TermStatus.NOMINATED]
        for term in held:
            term.hat = hat
            term.can_end = _may_end_or_check_in(standing, term)
            term.check_in_form = forms.CheckInForm(auto_id=f"checkin-{term.uuid.hex[:12]}-%s") if term.can_end else None
        for term in waiting:
            term.hat = hat
            given = {c.person_id: c for c in term.consents.all()}
            term.answer_rows = [(person, given.get(person.pk)) for person in answerers]
            term.objected = any(c.answer == HatConsent.Answer.OBJECT for c in given.values())
            term.can_withdraw = _may_end_or_check_in(standing, term)
            term.answer_form = _answer_form(team, standing, term, auto_id=f"answer-{term.uuid.hex[:12]}-%s") if may_answer else None
            nominations.append(term)
        rows.append({"hat": hat, "held": held, "waiting": waiting})

    history = [(term, _status_text(term)) for term in selectors.hat_history(team)]
    return render_team(request, "teams/hats.html", team, {
        "standing": standing,
        "rows": rows,
        "nominations": nominations,
        "history": history,
        "gifted_count": sum(1 for r in rows for t in r["held"] if not t.paid),
        "paid_count": sum(1 for r in rows for t in r["held"] if t.paid),
        "may_confirm": may_confirm,
        "may_nominate": may_nominate,
        "may_add": user.has_perm("teams.add_hat", team),
    })


@login_required
def hat_create(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "teams.add_hat")
    form = forms.HatCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hat = services.hat_create(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The hat “%(hat)s” is added. Now nominate someone to wear it.") % {"hat": hat.title})
            return redirect(_hats_url(team, hat))
    return _form_page(request, form, title=_("Add a hat the team made up"),
                      intro=_("A hat is a job in the team. Give it a short name and say what it involves."),
                      submit_label=_("Add the hat"), cancel_url=_hats_url(team))


@login_required
def hat_nominate(request, slug, team_uuid, hat_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "teams.nominate_hat")
    hat = team.hats.filter(uuid=hat_uuid).first()
    if hat is None:
        raise Http404
    holders = selectors.possible_hat_holders(team)
    initial = {}
    if standing.person is not None and holders.filter(pk=standing.person.pk).exists():
        initial["holder"] = standing.person.pk
    form = forms.NominateForm(request.POST or None, people=holders, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            term = services.hat_nominate(actor=request.user, hat=hat, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if standing.person is not None and term.holder_id == standing.person.pk:
                text = _("You are nominated for “%(hat)s”. Your own yes is recorded; now the team answers.")
            else:
                text = _("%(name)s is nominated for “%(hat)s”. Now the team answers.")
            messages.success(request, text % {"name": term.holder.display_name, "hat": hat.title})
            return redirect(_hats_url(team, hat))
    current = hat.terms.filter(status=TermStatus.HELD).select_related("holder").first()
    if current is not None:
        intro = _("%(name)s wears this hat now. If the team confirms someone else, %(name)s hands it over to them.") % {"name": current.holder.display_name}
    else:
        intro = _("Nobody wears this hat yet. You can nominate yourself.")
    return _form_page(request, form, title=_("Nominate someone for “%(hat)s”") % {"hat": hat.title},
                      intro=intro + " " + _("They wear it once the owner says yes and nobody in the team objects."),
                      submit_label=_("Nominate"), cancel_url=_hats_url(team, hat))


@login_required
def hat_term_action(request, slug, team_uuid, term_uuid, action):
    """Answer, confirm, withdraw, drop or check in. GET shows the question on its own page (for
    links and JavaScript off); POST does it and goes back to the hats page."""
    if action not in TERM_ACTIONS:
        raise Http404
    perm, allowed, form_class = TERM_ACTIONS[action]
    commons, team, standing = team_for(request, slug, team_uuid, perm)
    term = HatTerm.objects.filter(hat__team=team, uuid=term_uuid).select_related("hat", "holder", "nominated_by").first()
    if term is None or not allowed(standing, term):
        raise Http404
    term.hat.team = team
    data = request.POST if request.method == "POST" else None
    if form_class is forms.HatAnswerForm:
        form = _answer_form(team, standing, term, data)
    elif form_class is not None:
        form = form_class(data)
    else:
        form = None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            text = _run(request, team, term, action, form)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            if form is None or not hasattr(error, "error_dict"):
                # A refused move (someone objected, the owner has not said yes, the hat is no
                # longer worn): say why on the hats page.
                messages.error(request, " ".join(error.messages))
                return redirect(_hats_url(team, term.hat))
            _apply_errors(form, error)
        else:
            messages.success(request, text)
            return redirect(_hats_url(team, term.hat))
    title, submit_label = ACTION_TEXT[action]
    answers = []
    if term.status == TermStatus.NOMINATED:
        given = {c.person_id: c for c in term.consents.select_related("person")}
        answerers = [team.owner] + [m.person for m in selectors.current_members(team) if m.person_id != team.owner_id]
        answers = [(person, given.get(person.pk)) for person in answerers]
    status = 400 if form is not None and form.is_bound and form.errors else 200
    return render_team(request, "teams/hats_term.html", team, {
        "standing": standing, "term": term, "action": action, "form": form, "answers": answers,
        "title": title, "submit_label": submit_label, "danger": action in ("withdraw", "drop"),
        "cancel_url": _hats_url(team, term.hat),
    }, status=status)
