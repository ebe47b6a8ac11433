"""Pages of the partnerships part (see docs/lab-partnerships.md): partnerships with their partners,
commitments and joint decisions (members read, organisers keep, each side's named person signs
off); and campaigns (members keep them; public campaigns have pages anyone can read).

Other parts add to a partnership's page with sections of the page "partnership"
(``context_fn(request, commons, partnership)``)."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.lab.forms import partnerships as forms
from caringcity.lab.selectors import partnerships as selectors
from caringcity.lab.services import partnerships as services
from caringcity.lab.views.base import (
    L, PUBLIC, _act, _submit, member_commons, page_sections, public_commons, register_public_tab, register_section,
    register_tab, render_lab, render_public,
)

KEEP, CAMPAIGNS = "lab.keep_partnerships", "lab.keep_campaigns"

register_tab(30, gettext_lazy("Partnerships"), "partnerships")
register_tab(50, gettext_lazy("Campaigns"), "campaigns")
register_public_tab(50, gettext_lazy("Campaigns"), "public_campaigns")


def _form(request, commons, form, *, title, cancel_url, submit_label=None, **extra):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, **extra}
    return render_lab(request, "lab/partnerships/form.html", commons, ctx, status=status)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url, danger=False, **extra):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url,
           "danger": danger, **extra}
    return render_lab(request, "lab/confirm.html", commons, ctx)


# --- partnerships ---------------------------------------------------------------------------------------

def _crumb(commons, partnership=None):
    if partnership is None:
        return {"crumb_url": reverse("lab:partnerships", args=[commons.slug]), "crumb_label": _("Partnerships")}
    return {"crumb_url": reverse("lab:partnership", args=[commons.slug, partnership.uuid]), "crumb_label": partnership.name}


def _partnership(request, slug, uuid, perm="lab.view"):
    commons = member_commons(request, slug, perm)
    return commons, selectors.get_partnership(commons, uuid)


@login_required
def partnership_list(request, slug):
    commons = member_commons(request, slug)
    ctx = {"partnerships": selectors.partnerships_for(commons), "can_keep": request.user.has_perm(KEEP, commons)}
    return render_lab(request, "lab/partnerships/list.html", commons, ctx)


def _partnership_form(request, commons, partnership=None):
    initial = {}
    if partnership is not None:
        initial = {k: getattr(partnership, k) for k in ("name", "purpose", "how_we_decide", "started_on", "ended_on", "project")}
    return forms.PartnershipForm(request.POST or None, commons=commons, initial=initial)


@login_required
def partnership_create(request, slug):
    commons = member_commons(request, slug, KEEP)
    form = _partnership_form(request, commons)
    made = {}

    def call(data):
        made["p"] = services.partnership_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The partnership is saved. Now add its partners.")):
        return redirect("lab:partnership", commons.slug, made["p"].uuid)
    return _form(request, commons, form, title=_("Start a partnership"), cancel_url=reverse("lab:partnerships", args=[commons.slug]),
                 **_crumb(commons))


@login_required
def partnership_edit(request, slug, uuid):
    commons, partnership = _partnership(request, slug, uuid, KEEP)
    form = _partnership_form(request, commons, partnership)
    if _submit(request, form, lambda data: services.partnership_update(actor=request.user, partnership=partnership, **data),
               _("The partnership is saved.")):
        return redirect("lab:partnership", commons.slug, partnership.uuid)
    return _form(request, commons, form, title=_("Change the partnership"),
                 cancel_url=reverse("lab:partnership", args=[commons.slug, partnership.uuid]), **_crumb(commons, partnership))


@login_required
def partnership_detail(request, slug, uuid):
    commons, partnership = _partnership(request, slug, uuid)
    ctx = {"partnership": partnership, **selectors.partnership_page(partnership, request.user),
           "can_keep": request.user.has_perm(KEEP, commons),
           "can_propose": request.user.has_perm("lab.propose_decision", partnership),
           "sections": page_sections("partnership", request, commons, partnership), **_crumb(commons)}
    return render_lab(request, "lab/partnerships/partnership.html", commons, ctx)


@login_required
def partner_add(request, slug, uuid):
    commons, partnership = _partnership(request, slug, uuid, KEEP)
    form = forms.PartnerForm(request.POST or None, commons=commons)
    if _submit(request, form, lambda data: services.partner_add(actor=request.user, partnership=partnership, **data),
               _("The partner is added.")):
        return redirect("lab:partnership", commons.slug, partnership.uuid)
    return _form(request, commons, form, title=_("Add a partner"),
                 cancel_url=reverse("lab:partnership", args=[commons.slug, partnership.uuid]), **_crumb(commons, partnership))


@login_required
def partner_edit(request, slug, uuid, partner_uuid):
    commons, partnership = _partnership(request, slug, uuid, KEEP)
    partner = selectors.get_partner(partnership, partner_uuid)
    form = forms.PartnerForm(request.POST or None, commons=commons, with_organisation=False,
                             initial={"signatory": partner.signatory, "role": partner.role})
    if _submit(request, form, lambda data: services.partner_update(actor=request.user, partner=partner, **data),
               _("The partner is saved.")):
        return redirect("lab:partnership", commons.slug, partnership.uuid)
    return _form(request, commons, form, title=_("Change %(group)s as a partner") % {"group": partner.organisation.name},
                 intro=_("A new person to sign clears this side's answers on decisions not yet made: the new person answers again."),
                 cancel_url=reverse("lab:partnership", args=[commons.slug, partnership.uuid]),
                 remove_url=reverse("lab:partner_leave", args=[commons.slug, partnership.uuid, partner.uuid]),
                 remove_label=_("This partner leaves the partnership"), **_crumb(commons, partnership))


@login_required
def partner_leave(request, slug, uuid, partner_uuid):
    commons, partnership = _partnership(request, slug, uuid, KEEP)
    partner = selectors.get_partner(partnership, partner_uuid)
    back = reverse("lab:partnership", args=[commons.slug, partnership.uuid])
    if request.method == "POST":
        if _act(request, lambda: services.partner_leave(actor=request.user, partner=partner), _("The partner has left.")):
            return redirect(back)
    return _confirm(request, commons, title=_("%(group)s leaves the partnership?") % {"group": partner.organisation.name},
                    explanation=_("Their answers stay on decisions already made. Decisions still open no longer wait for them."),
                    confirm_label=_("Yes, they leave"), cancel_url=back, danger=True,
                    refusal=_("This partner has already left.") if partner.left_on else None, **_crumb(commons, partnership))


@login_required
def commitment_add(request, slug, uuid):
    commons, partnership = _partnership(request, slug, uuid, KEEP)
    form = forms.CommitmentForm(request.POST or None, partnership=partnership)
    if _submit(request, form, lambda data: services.commitment_add(actor=request.user, **data), _("The commitment is saved.")):
        return redirect(reverse("lab:partnership", args=[commons.slug, partnership.uuid]) + "#commitments")
    return _form(request, commons, form, title=_("Add a commitment"),
                 cancel_url=reverse("lab:partnership", args=[commons.slug, partnership.uuid]), **_crumb(commons, partnership))


@login_required
def commitment_edit(request, slug, uuid, commitment_uuid):
    commons, partnership = _partnership(request, slug, uuid, KEEP)
    commitment = selectors.get_commitment(partnership, commitment_uuid)
    amount = None if commitment.amount_pence is None else commitment.amount_pence / 100
    form = forms.CommitmentForm(request.POST or None, partnership=partnership, with_partner=False,
                                initial={"kind": commitment.kind, "what": commitment.what, "hours": commitment.hours,
                                         "amount": amount, "due_on": commitment.due_on})
    if _submit(request, form, lambda data: services.commitment_update(actor=request.user, commitment=commitment, **data),
               _("The commitment is saved.")):
        return redirect(reverse("lab:partnership", args=[commons.slug, partnership.uuid]) + "#commitments")
    return _form(request, commons, form, title=_("Change a commitment of %(group)s") % {"group": commitment.partner.organisation.name},
                 cancel_url=reverse("lab:partnership", args=[commons.slug, partnership.uuid]), **_crumb(commons, partnership))


@login_required
@require_POST
def commitment_done(request, slug, uuid, commitment_uuid):
    commons, partnership = _partnership(request, slug, uuid)
    commitment = selectors.get_commitment(partnership, commitment_uuid)
    if not request.user.has_perm("lab.mark_commitment_done", commitment):
        raise Http404
    _act(request, lambda: services.commitment_done(actor=request.user, commitment=commitment), _("The commitment is marked done."))
    return redirect(reverse("lab:partnership", args=[commons.slug, partnership.uuid]) + "#commitments")


# --- joint decisions ------------------------------------------------------------------------------------------

def _decision(request, slug, uuid, decision_uuid):
    commons, partnership = _partnership(request, slug, uuid)
    return commons, partnership, selectors.get_decision(partnership, decision_uuid)


@login_required
def decision_propose(request, slug, uuid):
    commons, partnership = _partnership(request, slug, uuid)
    if not request.user.has_perm("lab.propose_decision", partnership):
        raise Http404
    form = forms.DecisionForm(request.POST or None, commons=commons)
    made = {}

    def call(data):
        made["d"] = services.decision_propose(actor=request.user, partnership=partnership, **data)

    if _submit(request, form, call, _("The decision is proposed. Each partner's named person can now answer.")):
        return redirect("lab:decision", commons.slug, partnership.uuid, made["d"].uuid)
    return _form(request, commons, form, title=_("Propose a joint decision"),
                 cancel_url=reverse("lab:partnership", args=[commons.slug, partnership.uuid]), **_crumb(commons, partnership))


@login_required
def decision_detail(request, slug, uuid, decision_uuid):
    commons, partnership, decision = _decision(request, slug, uuid, decision_uuid)
    page = selectors.decision_page(decision, request.user)
    form = None
    if page["my_partners"] and not page["view"].made:
        form = forms.SignForm(partners=page["my_partners"])
    ctx = {"partnership": partnership, **page, "form": form,
           "can_change": not page["view"].made and request.user.has_perm("lab.change_decision", decision),
           **_crumb(commons, partnership)}
    return render_lab(request, "lab/partnerships/decision.html", commons, ctx)


@login_required
@require_POST
def decision_sign(request, slug, uuid, decision_uuid):
    commons, partnership, decision = _decision(request, slug, uuid, decision_uuid)
    page = selectors.decision_page(decision, request.user)
    back = reverse("lab:decision", args=[commons.slug, partnership.uuid, decision.uuid])
    if not page["my_partners"]:
        from django.contrib import messages

        messages.error(request, _("Only a partner's named person can answer for them. You are not named to sign here."))
        return redirect(back)
    form = forms.SignForm(request.POST, partners=page["my_partners"])

    def call(data):
        services.decision_sign(actor=request.user, decision=decision, **data)

    if _submit(request, form, call, _("Your answer is saved.")):
        return redirect(back)
    ctx = {"partnership": partnership, **page, "form": form, "can_change": False, **_crumb(commons, partnership)}
    return render_lab(request, "lab/partnerships/decision.html", commons, ctx, status=400)


@login_required
def decision_edit(request, slug, uuid, decision_uuid):
    commons, partnership, decision = _decision(request, slug, uuid, decision_uuid)
    if not request.user.has_perm("lab.change_decision", decision):
        raise Http404
    back = reverse("lab:decision", args=[commons.slug, partnership.uuid, decision.uuid])
    if decision.agreed_at is not None:
        return _confirm(request, commons, title=_("Change the decision"), explanation="", confirm_label="", cancel_url=back,
                        refusal=_("This decision was already made. It cannot be changed."), **_crumb(commons, partnership))
    form = forms.DecisionForm(request.POST or None, commons=commons,
                              initial={"title": decision.title, "summary": decision.summary, "text": decision.text,
                                       "policies": list(decision.policies.all())})
    if _submit(request, form, lambda data: services.decision_update(actor=request.user, decision=decision, **data),
               _("The decision is saved.")):
        return redirect(back)
    answered = decision.signoffs.count()
    intro = None
    if answered:
        intro = _("%(count)s partners have already answered. If you change the title, the plain words or the full text, "
                  "their answers are cleared and every partner answers again.") % {"count": answered}
    return _form(request, commons, form, title=_("Change the decision"), cancel_url=back, intro=intro, warning=bool(answered),
                 **_crumb(commons, partnership))


# --- sections on the lab's home page --------------------------------------------------------------------------------

def _home_overdue(request, commons, _obj):
    commitments = list(selectors.overdue_commitments(commons))
    if not commitments:
        return None
    return {"rows": selectors.commitment_rows(commitments)}


def _home_waiting(request, commons, _obj):
    waiting = selectors.decisions_waiting_for(request.user, commons)
    return {"waiting": waiting} if waiting else None


register_section("home", 30, "lab/partnerships/_home_waiting.html", _home_waiting)
register_section("home", 35, "lab/partnerships/_home_overdue.html", _home_overdue)


# --- campaigns ---------------------------------------------------------------------------------------------------------

def _campaign_crumb(commons, campaign=None):
    if campaign is None:
        return {"crumb_url": reverse("lab:campaigns", args=[commons.slug]), "crumb_label": _("Campaigns")}
    return {"crumb_url": reverse("lab:campaign", args=[commons.slug, campaign.uuid]), "crumb_label": campaign.name}


def _campaign(request, slug, uuid, perm="lab.view"):
    commons = member_commons(request, slug, perm)
    campaign = selectors.get_campaign(commons, uuid, public_only=False)
    campaign.commons = commons
    return commons, campaign


@login_required
def campaign_list(request, slug):
    commons = member_commons(request, slug)
    ctx = {"campaigns": selectors.campaigns_for(commons, public_only=False), "can_keep": request.user.has_perm(CAMPAIGNS, commons)}
    return render_lab(request, "lab/partnerships/campaigns.html", commons, ctx)


def _campaign_form(request, commons, campaign=None):
    initial = {}
    if campaign is not None:
        initial = {k: getattr(campaign, k) for k in ("name", "place", "postcode", "threat", "aim", "state", "outcome", "public")}
        initial["allies"] = list(campaign.allies.all())
        initial["policies"] = list(campaign.policies.all())
        initial["ally_actors"] = list(campaign.ally_actors)
    return forms.CampaignForm(request.POST or None, commons=commons, initial=initial)


@login_required
def campaign_create(request, slug):
    commons = member_commons(request, slug, CAMPAIGNS)
    form = _campaign_form(request, commons)
    made = {}

    def call(data):
        made["c"] = services.campaign_create(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The campaign is saved.")):
        return redirect("lab:campaign", commons.slug, made["c"].uuid)
    return _form(request, commons, form, title=_("Start a campaign"), cancel_url=reverse("lab:campaigns", args=[commons.slug]),
                 **_campaign_crumb(commons))


@login_required
def campaign_edit(request, slug, uuid):
    commons, campaign = _campaign(request, slug, uuid, CAMPAIGNS)
    form = _campaign_form(request, commons, campaign)
    if _submit(request, form, lambda data: services.campaign_update(actor=request.user, campaign=campaign, **data),
               _("The campaign is saved.")):
        return redirect("lab:campaign", commons.slug, campaign.uuid)
    return _form(request, commons, form, title=_("Change the campaign"),
                 cancel_url=reverse("lab:campaign", args=[commons.slug, campaign.uuid]), **_campaign_crumb(commons, campaign))


@login_required
def campaign_detail(request, slug, uuid):
    commons, campaign = _campaign(request, slug, uuid)
    ctx = {**selectors.campaign_page(campaign, public=False), "can_keep": request.user.has_perm(CAMPAIGNS, commons),
           **_campaign_crumb(commons)}
    return render_lab(request, "lab/partnerships/campaign.html", commons, ctx)


@login_required
def action_add(request, slug, uuid):
    commons, campaign = _campaign(request, slug, uuid, CAMPAIGNS)
    form = forms.ActionForm(request.POST or None, commons=commons)
    if _submit(request, form, lambda data: services.action_add(actor=request.user, campaign=campaign, **data),
               _("The action is saved.")):
        return redirect(reverse("lab:campaign", args=[commons.slug, campaign.uuid]) + "#actions")
    return _form(request, commons, form, title=_("Add an action"),
                 cancel_url=reverse("lab:campaign", args=[commons.slug, campaign.uuid]), **_campaign_crumb(commons, campaign))


@login_required
@require_POST
def action_done(request, slug, uuid, action_uuid):
    commons, campaign = _campaign(request, slug, uuid, CAMPAIGNS)
    action = selectors.get_action(campaign, action_uuid)
    _act(request, lambda: services.action_done(actor=request.user, action=action), _("The action is marked done."))
    return redirect(reverse("lab:campaign", args=[commons.slug, campaign.uuid]) + "#actions")


def _campaign_remove(request, slug, uuid, find, remove, *, anchor, removed, explanation, refuse=lambda record: None):
    """The confirm page and POST that remove one record of a campaign: ``find(campaign)`` gets it,
    ``remove(actor, record)`` removes it, and ``refuse(record)`` says why it cannot go (the service
    refuses it too), before anyone tries."""
    commons, campaign = _campaign(request, slug, uuid, CAMPAIGNS)
    record = find(campaign)
    back = reverse("lab:campaign", args=[commons.slug, campaign.uuid]) + anchor
    if request.method == "POST":
        if _act(request, lambda: remove(request.user, record), removed):
            return redirect(back)
    return _confirm(request, commons, title=_("Remove “%(title)s”?") % {"title": record.title}, explanation=explanation,
                    confirm_label=_("Remove it"), cancel_url=back, danger=True, refusal=refuse(record),
                    **_campaign_crumb(commons, campaign))


@login_required
def action_remove(request, slug, uuid, action_uuid):
    """Remove an action added by mistake (a done one stays: it is part of the campaign's story)."""
    return _campaign_remove(
        request, slug, uuid, lambda campaign: selectors.get_action(campaign, action_uuid),
        lambda actor, action: services.action_remove(actor=actor, action=action),
        anchor="#actions", removed=_("The action is removed."), explanation=_("It is taken off the campaign's list of actions."),
        refuse=lambda action: _("This action is done, so it stays: it is part of the campaign's story.") if action.done_on else None)


@login_required
def evidence_add(request, slug, uuid):
    commons, campaign = _campaign(request, slug, uuid, CAMPAIGNS)
    form = forms.EvidenceForm(request.POST or None, request.FILES or None)
    if _submit(request, form, lambda data: services.evidence_add(actor=request.user, campaign=campaign, **data),
               _("The evidence is saved.")):
        return redirect(reverse("lab:campaign", args=[commons.slug, campaign.uuid]) + "#evidence")
    return _form(request, commons, form, title=_("Add evidence"),
                 cancel_url=reverse("lab:campaign", args=[commons.slug, campaign.uuid]), **_campaign_crumb(commons, campaign))


@login_required
def evidence_remove(request, slug, uuid, evidence_uuid):
    return _campaign_remove(
        request, slug, uuid, lambda campaign: selectors.get_evidence(campaign, evidence_uuid),
        lambda actor, evidence: services.evidence_remove(actor=actor, evidence=evidence),
        anchor="#evidence", removed=_("The evidence is removed."), explanation=_("It is removed from the campaign, with its file."))


FILE_TYPES = {"jpg": "image/jpeg", "png": "image/png", "pdf": "application/pdf", "txt": "text/plain", "zip": "application/zip"}


def _file_response(evidence):
    if not evidence.file:
        raise Http404
    ending = evidence.file.name.rsplit(".", 1)[-1].lower()
    content_type = FILE_TYPES.get(ending, "application/octet-stream")
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    inline = content_type.startswith("image/")
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=f"campaign-evidence.{ending}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def evidence_file(request, slug, uuid, evidence_uuid):
    commons, campaign = _campaign(request, slug, uuid)
    return _file_response(selectors.get_evidence(campaign, evidence_uuid))


def public_campaigns(request, slug):
    commons = public_commons(slug)
    return render_public(request, "lab/partnerships/public_campaigns.html", commons,
                         {"campaigns": selectors.campaigns_for(commons, public_only=True)})


def _public_campaign(slug, uuid):
    commons = public_commons(slug)
    campaign = selectors.get_campaign(commons, uuid, public_only=True)
    campaign.commons = commons
    return commons, campaign


def public_campaign(request, slug, uuid):
    commons, campaign = _public_campaign(slug, uuid)
    ctx = {**selectors.campaign_page(campaign, public=True), "crumb_url": reverse("lab:public_campaigns", args=[commons.slug]),
           "crumb_label": _("Campaigns")}
    return render_public(request, "lab/partnerships/public_campaign.html", commons, ctx)


def public_evidence_file(request, slug, uuid, evidence_uuid):
    """A photo or document of a public campaign, checked on every request."""
    commons, campaign = _public_campaign(slug, uuid)
    return _file_response(selectors.get_evidence(campaign, evidence_uuid))


def _public_home_campaigns(request, commons, _obj):
    campaigns = list(selectors.campaigns_for(commons, public_only=True))
    return {"campaigns": campaigns} if campaigns else None


register_section("public_home", 50, "lab/partnerships/_public_home.html", _public_home_campaigns)


P = L + "partnerships/<uuid:uuid>/"
C = L + "campaigns/<uuid:uuid>/"

def _policy_campaigns(request, commons, policy, *, public):
    campaigns = selectors.campaigns_for_policy(policy, request.user, commons, public=public)
    return {"campaigns": campaigns, "public": public} if campaigns else None


register_section("policy", 20, "lab/partnerships/_policy_campaigns.html", lambda r, c, p: _policy_campaigns(r, c, p, public=False))
register_section("public_policy", 20, "lab/partnerships/_policy_campaigns.html", lambda r, c, p: _policy_campaigns(r, c, p, public=True))


urlpatterns = [
    path(L + "partnerships/", partnership_list, name="partnerships"),
    path(L + "partnerships/new/", partnership_create, name="partnership_create"),
    path(P, partnership_detail, name="partnership"),
    path(P + "edit/", partnership_edit, name="partnership_edit"),
    path(P + "partners/new/", partner_add, name="partner_add"),
    path(P + "partners/<uuid:partner_uuid>/", partner_edit, name="partner_edit"),
    path(P + "partners/<uuid:partner_uuid>/leave/", partner_leave, name="partner_leave"),
    path(P + "commitments/new/", commitment_add, name="commitment_add"),
    path(P + "commitments/<uuid:commitment_uuid>/", commitment_edit, name="commitment_edit"),
    path(P + "commitments/<uuid:commitment_uuid>/done/", commitment_done, name="commitment_done"),
    path(P + "decisions/new/", decision_propose, name="decision_propose"),
    path(P + "decisions/<uuid:decision_uuid>/", decision_detail, name="decision"),
    path(P + "decisions/<uuid:decision_uuid>/edit/", decision_edit, name="decision_edit"),
    path(P + "decisions/<uuid:decision_uuid>/sign/", decision_sign, name="decision_sign"),
    path(L + "campaigns/", campaign_list, name="campaigns"),
    path(L + "campaigns/new/", campaign_create, name="campaign_create"),
    path(C, campaign_detail, name="campaign"),
    path(C + "edit/", campaign_edit, name="campaign_edit"),
    path(C + "actions/new/", action_add, name="campaign_action_add"),
    path(C + "actions/<uuid:action_uuid>/done/", action_done, name="campaign_action_done"),
    path(C + "actions/<uuid:action_uuid>/remove/", action_remove, name="campaign_action_remove"),
    path(C + "evidence/new/", evidence_add, name="campaign_evidence_add"),
    path(C + "evidence/<uuid:evidence_uuid>/remove/", evidence_remove, name="campaign_evidence_remove"),
    path(C + "evidence/<uuid:evidence_uuid>/file/", evidence_file, name="campaign_evidence_file"),
    path(PUBLIC + "campaigns/", public_campaigns, name="public_campaigns"),
    path(PUBLIC + "campaigns/<uuid:uuid>/", public_campaign, name="public_campaign"),
    path(PUBLIC + "campaigns/<uuid:uuid>/evidence/<uuid:evidence_uuid>/file/", public_evidence_file, name="public_campaign_evidence_file"),
]

