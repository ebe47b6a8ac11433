"""Self-service matching that explains itself, call-outs, and the match outcomes report.

Thin views: fetch and check (out of scope answers 404), call one service, redirect with a
message. The ranking itself is ``teams.matching.rank``; these views only lay it out.
"""

import uuid
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.people.models import GettingSupportProfile
from caringcity.people.profiles import APPROACH_FIELDS, APPROACH_SCALES, DAY_PARTS, DAYS, SLOTS, scale_text, slot_label
from caringcity.teams import forms, matching, selectors, services
from caringcity.teams.models import MemberKind, MemberStatus
from caringcity.teams.views.base import _apply_errors, _commons, _page, render_team, team_for

# How many ranked people the match page shows before "Show everyone".
SHOW_FIRST = 20
# The Giving Support profile page lives in the people app; its name may change, so it is looked up
# carefully and left out when it does not exist.
GIVING_PROFILE_URL_NAMES = ("people:giving_profile", "people:giving_profile_detail")


# --- helpers (layout only) ------------------------------------------------------------------------
class MatchForm(forms.MatchRequestForm):
    """The request form as this page shows it: every scale choice says in words what it means,
    and the furthest distance stays within what a person can travel for a visit."""

    MIN_KM, MAX_KM = Decimal("0.5"), Decimal("50")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, left, right in APPROACH_SCALES:
            self.fields[key].choices = [("", _("Does not matter"))] + [
                (n, f"{n} – {scale_text(n, left, right)}") for n in range(1, 6)
            ]
        km = self.fields["max_km"]
        km.validators += [MinValueValidator(self.MIN_KM), MaxValueValidator(self.MAX_KM)]
        km.widget.attrs.update({"min": self.MIN_KM, "max": self.MAX_KM})
        km.help_text = _("From %(min)s to %(max)s km. People further away are listed under “Not shown, and why”.") % {
            "min": self.MIN_KM, "max": self.MAX_KM}


def invite_kind(profile):
    """How someone found by matching joins: self-employed workers as such, everyone else as a volunteer."""
    return MemberKind.WORKER_SELF if profile.independent else MemberKind.VOLUNTEER


def _profile_url_for(slug):
    """A function person -> URL of their Giving Support profile page, or None if there is no such page."""
    for name in GIVING_PROFILE_URL_NAMES:
        try:
            reverse(name, args=[slug, uuid.UUID(int=0)])
        except NoReverseMatch:
            continue
        return lambda person, name=name: reverse(name, args=[slug, person.uuid])
    return None


def _slot_grid(form):
    """Days (rows) by parts of the day (columns) for the "when support is needed" checkboxes,
    each ticked as in the submitted form (so nothing typed is lost on an error)."""
    value = form["slots"].value() or []
    chosen = {value} if isinstance(value, str) else set(value)
    return [
        {"label": day_label, "cells": [
            {"value": f"{day}-{part}", "id": f"id_slots_{day}-{part}", "label": slot_label(f"{day}-{part}"),
             "checked": f"{day}-{part}" in chosen}
            for part, _part_label in DAY_PARTS
        ]}
        for day, day_label in DAYS
    ]


def _weights():
    labels = {
        "times": _("Free at the times needed"),
        "skills": _("Skills and languages asked for"),
        "distance": _("Close to where support happens"),
        "approach": _("A similar way of supporting people (the six scales)"),
    }
    return [{"label": labels[key], "points": round(weight * 100)} for key, weight in matching.WEIGHTS.items()]


def _call_out_card(call_out):
    """Only what a call-out may show: never the team, the owner, the full postcode or key needs."""
    return {
        "uuid": call_out.uuid,
        "summary": call_out.summary,
        "area": call_out.area,
        "times": [slot_label(s) for s in SLOTS if s in set(call_out.slots or [])],
        "skills": call_out.skills,
        "languages": call_out.languages,
        "created": call_out.created,
        "paid": call_out.get_paid_display() if call_out.paid else "",
    }


# --- the match page -----------------------------------------------------------------------------
@login_required
def match(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "teams.match")
    current = selectors.current_match_request(team)
    if request.method == "POST" and request.POST.get("action") == "close":
        if current is not None:
            services.match_request_close(actor=request.user, request=current)
            messages.success(request, _("The request is closed. Its call-out is no longer shown."))
        return redirect("teams:team_detail", slug, team_uuid)

    initial = {f: getattr(current, f) for f in APPROACH_FIELDS} if current else {}
    form = MatchForm(request.POST or None, instance=current, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.match_request_save(actor=request.user, team=team, data=form.cleaned_data, request=current)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved. Here are the people who could help, best match first."))
            return redirect(reverse("teams:match", args=[slug, team_uuid]) + "#results")

    ranked, excluded = ([], [])
    if current is not None and not form.errors:
        ranked, excluded = matching.rank(current)
        profile_url = _profile_url_for(slug)
        for m in ranked + excluded:
            m.profile_url = profile_url(m.profile.person) if profile_url else None
            m.kind_label = MemberKind(invite_kind(m.profile)).label
    show_all = request.GET.get("all") == "1"
    ctx = {
        "standing": standing,
        "form": form,
        "slot_grid": _slot_grid(form),
        "day_parts": DAY_PARTS,
        "current": current,
        "ranked": ranked if show_all else ranked[:SHOW_FIRST],
        "ranked_count": len(ranked),
        "hidden_count": 0 if show_all else max(0, len(ranked) - SHOW_FIRST),
        "excluded": excluded,
        "weights": _weights(),
        "approach_fields": [form[f] for f in APPROACH_FIELDS],
    }
    return render_team(request, "teams/match.html", team, ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def match_invite(request, slug, team_uuid, profile_uuid):
    """Invite someone from the ranked list. They join only when they say yes."""
    commons, team, standing = team_for(request, slug, team_uuid, "teams.match")
    profile = matching.candidates(team).filter(uuid=profile_uuid).first()
    if profile is None:
        raise Http404
    try:
        member = services.member_invite(actor=request.user, team=team, person=profile.person,
                                        kind=invite_kind(profile), from_match=True)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Invitation sent to %(name)s. They join the team when they say yes.")
                         % {"name": member.person.display_name})
    return redirect(reverse("teams:match", args=[slug, team_uuid]) + "#results")


# --- call-outs ----------------------------------------------------------------------------------
@login_required
def call_out_list(request, slug):
    commons, membership = _commons(request, slug)
    page = _page(request, selectors.open_call_outs(commons))
    mine = set(selectors.my_team_memberships(request.user, commons).values_list("team_id", flat=True))
    me = membership.person.pk
    cards = []
    for call_out in page:
        card = _call_out_card(call_out)
        card["yours"] = call_out.team.owner_id == me or call_out.team_id in mine
        cards.append(card)
    return render(request, "teams/call_out_list.html", {"commons": commons, "page_obj": page, "call_outs": cards})


@login_required
def call_out_detail(request, slug, call_out_uuid):
    commons, membership = _commons(request, slug)
    call_out = selectors.access_call_out(commons, call_out_uuid)
    standing = selectors.standing(request.user, call_out.team)
    if standing.is_owner:
        already = _("This is the call-out of your own team.")
    elif standing.member is None:
        already = ""
    elif standing.member.status == MemberStatus.INVITED:
        already = _("This team has invited you already. You can answer on the Teams page.")
    elif standing.member.status == MemberStatus.REQUESTED:
        already = _("You have asked to join this team already. They will answer you.")
    else:
        already = _("You are already in this team.")
    form = None if already else forms.RequestToJoinForm(request.POST or None)
    if request.method == "POST":
        if form is None:
            messages.error(request, already)
            return redirect("teams:call_out_detail", slug, call_out_uuid)
        if form.is_valid():
            try:
                services.member_request(actor=request.user, team=call_out.team, call_out=call_out, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            except PermissionDenied:
                raise Http404 from None
            else:
                messages.success(request, _("You have asked to join. The team will answer you, and you will see it on the Teams page."))
                return redirect("teams:call_out_detail", slug, call_out_uuid)
    ctx = {"commons": commons, "call_out": _call_out_card(call_out), "form": form, "already": already}
    return render(request, "teams/call_out_detail.html", ctx, status=400 if form is not None and form.errors else 200)


# --- match outcomes report ----------------------------------------------------------------------
DIMENSIONS = [
    ("age_band", gettext_lazy("Age group")),
    ("gender", gettext_lazy("Gender")),
    ("ethnic_group", gettext_lazy("Ethnic group")),
]
CHART = {"label_width": 220, "bar_width": 300, "row": 36, "bar": 24, "top": 8}


def _order(key, rows):
    """Rows in a stable order: age groups youngest first, the rest A to Z; "Not given" last."""
    if key == "age_band":
        order = [str(label) for value, label in GettingSupportProfile.AgeBand.choices if value]
        rank = {label: i for i, label in enumerate(order)}
        return sorted(rows.items(), key=lambda kv: (kv[0] == "", rank.get(kv[0], len(order)), kv[0]))
    return sorted(rows.items(), key=lambda kv: (kv[0] == "", kv[0].lower()))


def _short(text, size=26):
    return text if len(text) <= size else text[: size - 1] + "…"


def _dimension(key, title, rows):
    c = CHART
    out = []
    for i, (value, row) in enumerate(_order(key, rows)):
        share = round(100 * row["waiting"] / row["owners"]) if row["owners"] else 0
        y = c["top"] + i * c["row"]
        out.append({
            **row, "label": value or _("Not given"), "share": share,
            "chart_label": _short(value or str(_("Not given"))),
            "y": y, "text_y": y + c["bar"] - 6,
            "bar_x": c["label_width"], "bar_w": round(c["bar_width"] * share / 100),
            "value_x": c["label_width"] + round(c["bar_width"] * share / 100) + 8,
        })
    desc = "; ".join(_("%(group)s: %(waiting)s of %(owners)s still waiting (%(share)s%%)")
                     % {"group": r["label"], "waiting": r["waiting"], "owners": r["owners"], "share": r["share"]} for r in out)
    return {
        "key": key, "title": title, "rows": out, "desc": desc,
        "chart_title": _("Share of owners still waiting for a team, by %(dimension)s") % {"dimension": str(title).lower()},
        "height": c["top"] * 2 + len(out) * c["row"],
        "width": c["label_width"] + c["bar_width"] + 60,
        "axis_x": c["label_width"],
    }


@login_required
def match_report(request, slug):
    commons, membership = _commons(request, slug)
    if not request.user.has_perm("teams.view_report", commons):
        raise Http404
    outcomes = selectors.match_outcomes(commons)
    ctx = {
        "commons": commons,
        "total": outcomes["total"],
        "with_team": outcomes["with_team"],
        "waiting": outcomes["total"] - outcomes["with_team"],
        "dimensions": [_dimension(key, title, outcomes["groups"][key]) for key, title in DIMENSIONS],
    }
    return render(request, "teams/report.html", ctx)
