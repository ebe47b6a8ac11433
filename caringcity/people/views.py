"""Pages for people, commons membership, organisations and privacy. Thin: parse, check, call one
service, render. Anything out of the user's scope answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from caringcity.core.adapters import INVITATION_SESSION_KEY
from caringcity.core.extensions import commons_links
from caringcity.people import forms, profiles, selectors, services
from caringcity.people.privacy import ALL_PARTS
from caringcity.people.models import (
    AccessGrant,
    EmergencyAccess,
    EmergencyContact,
    Invitation,
    OrganisationMembership,
    Proxy,
    Qualification,
)

PAGE_SIZE = 25


def _commons(request, slug):
    """Fetch the commons and check membership in one call; remember it for the layout."""
    commons, membership = selectors.access_commons(request.user, slug)
    request.commons, request.membership = commons, membership
    return commons, membership


def _require(request, perm, obj):
    """Not allowed looks like not found, so records outside someone's reach stay hidden."""
    if not request.user.has_perm(perm, obj):
        raise Http404


def _apply_errors(form, error):
    """Show a service's ValidationError next to the field it names (or at the top)."""
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error)


def _submit(request, form, call, success=None):
    """For a posted, valid ``form``: call ``call(cleaned_data)`` (one service). A refusal is shown
    next to the field it names and the form keeps what was typed. True when it was saved."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call(form.cleaned_data)
    except ValidationError as error:
        _apply_errors(form, error)
        return False
    if success:
        messages.success(request, success)
    return True


def _act(request, call, success):
    """Run a one-click action (a POST button): a refusal becomes an error message naming why."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, success)
    return True


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _form_page(request, form, *, title, submit_label=None, cancel_url=None, intro=None, template="components/form_page.html", **extra):
    ctx = {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url, "intro": intro, **extra}
    return render(request, template, ctx, status=400 if form.is_bound and form.errors else 200)


# --- home and commons -------------------------------------------------------------------------
def home(request):
    if not request.user.is_authenticated:
        return render(request, "people/landing.html")
    memberships = list(selectors.memberships_for_user(request.user))
    if len(memberships) == 1 and request.GET.get("all") is None:
        return redirect("people:commons", memberships[0].commons.slug)
    return render(request, "people/home.html", {"memberships": memberships})


@login_required
def two_factor_required(request):
    return render(request, "people/two_factor_required.html")


@login_required
def commons_home(request, slug):
    commons, membership = _commons(request, slug)
    ctx = {
        "commons": commons,
        "membership": membership,
        "counts": selectors.count_members_by_role(commons),
        "organisation_count": selectors.organisation_list(commons).count(),
        "principals": selectors.principals_of(request.user, commons),
        "open_invitations": selectors.open_invitations(commons).count() if membership.is_organiser else None,
        "app_links": commons_links(request, commons, membership),
    }
    return render(request, "people/commons_home.html", ctx)


# --- people -----------------------------------------------------------------------------------
@login_required
def person_list(request, slug):
    commons, membership = _commons(request, slug)
    search = forms.SearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = _page(request, selectors.member_list(commons, search=q))
    ctx = {"commons": commons, "page_obj": page, "search": search, "q": q}
    template = "people/person_list.html#results" if request.htmx else "people/person_list.html"
    return render(request, template, ctx)


@login_required
def person_create(request, slug):
    commons, membership = _commons(request, slug)
    _require(request, "people.add_person", commons)
    form = forms.NewPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.person_create(actor=request.user, commons=commons, data=form.cleaned_data, role=form.cleaned_data["role"])
        messages.success(request, _("%(name)s has been added.") % {"name": new.person.display_name})
        return redirect("people:person_detail", slug, new.person.uuid)
    return _form_page(
        request, form, title=_("Add someone without a login"),
        intro=_("For someone known to the commons who does not use a computer, for example a person who reads printouts. You can give them a login later and nothing will be lost."),
        submit_label=_("Add person"), cancel_url=reverse("people:person_list", args=[slug]),
    )


@login_required
def person_detail(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    person = target.person
    protected = {}
    for part in ("contact", "communication"):
        basis = selectors.access_basis(request.user, commons, person, part)
        protected[part] = basis
        if basis:
            services.privacy_record_view(actor=request.user, commons=commons, person=person, part=part, basis=basis)
    ctx = {
        "commons": commons,
        "target": target,
        "person": person,
        "can_see_contact": bool(protected["contact"]),
        "can_see_communication": bool(protected["communication"]),
        "can_edit": request.user.has_perm("people.change_person", target),
        "can_manage_privacy": request.user.has_perm("people.manage_privacy", target),
        "can_change_role": request.user.has_perm("people.change_role", target),
        "can_give_login": request.user.has_perm("people.give_login", target) and not person.has_login,
        "can_add_proxy": request.user.has_perm("people.add_proxy", commons),
        "is_emergency_contact": EmergencyContact.objects.filter(
            commons=commons, person=person, holder=membership.person, ended_at=None
        ).exists(),
        "organisations": person.organisation_memberships.filter(organisation__commons=commons).select_related("organisation"),
        "can_see_giving": request.user.has_perm("people.view_giving_profile", selectors.giving_profile_for(commons, person)),
        "can_share_profile": request.user.has_perm("people.share_profile", target),
        "is_self": person.pk == membership.person_id,
    }
    return render(request, "people/person_detail.html", ctx)


@login_required
def person_edit(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    _require(request, "people.change_person", target)
    form = forms.PersonForm(request.POST or None, instance=None, initial=_person_initial(target.person))
    if request.method == "POST" and form.is_valid():
        services.person_update(actor=request.user, commons=commons, person=target.person, data=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("people:person_detail", slug, person_uuid)
    return _form_page(request, form, title=_("Change details for %(name)s") % {"name": target.person.display_name},
                      cancel_url=reverse("people:person_detail", args=[slug, person_uuid]))


def _person_initial(person):
    return {field: getattr(person, field) for field in services.PERSON_FIELDS}


@login_required
def person_role(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    _require(request, "people.change_role", target)
    form = forms.RoleForm(request.POST or None, initial={"role": target.role})
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_set_role(actor=request.user, membership=target, role=form.cleaned_data["role"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Role changed."))
            return redirect("people:person_detail", slug, person_uuid)
    return _form_page(request, form, title=_("Role of %(name)s") % {"name": target.person.display_name},
                      intro=_("Organisers can add people and send invitations. Admins can also change roles. Both must use two-step sign-in."),
                      cancel_url=reverse("people:person_detail", args=[slug, person_uuid]))


@login_required
def person_give_login(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    _require(request, "people.give_login", target)
    if target.person.has_login:
        messages.info(request, _("%(name)s already has a login.") % {"name": target.person.display_name})
        return redirect("people:person_detail", slug, person_uuid)
    form = forms.GiveLoginForm(request.POST or None, initial={"email": target.person.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, commons=commons, email=form.cleaned_data["email"],
                                       role=target.role, person=target.person)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("We have sent them a link to set up their login."))
            return redirect("people:person_detail", slug, person_uuid)
    return _form_page(request, form, title=_("Give %(name)s a login") % {"name": target.person.display_name},
                      submit_label=_("Send the link"), cancel_url=reverse("people:person_detail", args=[slug, person_uuid]))


# --- invitations ------------------------------------------------------------------------------
@login_required
def invitation_list(request, slug):
    commons, membership = _commons(request, slug)
    _require(request, "people.invite", commons)
    form = forms.InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, commons=commons, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("people:invitation_list", slug)
    ctx = {"commons": commons, "form": form, "invitations": selectors.open_invitations(commons)}
    return render(request, "people/invitation_list.html", ctx, status=400 if form.errors else 200)


@login_required
@require_POST
def invitation_revoke(request, slug, invitation_uuid):
    commons, membership = _commons(request, slug)
    _require(request, "people.invite", commons)
    invitation = get_object_or_404(Invitation, commons=commons, uuid=invitation_uuid)
    _act(request, lambda: services.invitation_revoke(actor=request.user, invitation=invitation), _("Invitation cancelled."))
    return redirect("people:invitation_list", slug)


def invitation_accept(request, token):
    invitation = selectors.invitation_by_token(token)
    if request.method == "POST" and request.user.is_authenticated:
        try:
            membership = services.invitation_accept(user=request.user, invitation=invitation)
            request.session.pop(INVITATION_SESSION_KEY, None)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Welcome to %(commons)s.") % {"commons": membership.commons.name})
            return redirect("people:commons", membership.commons.slug)
    if not request.user.is_authenticated and invitation.is_open:
        # Someone with a valid invitation may make a login (sign-up is otherwise closed).
        request.session[INVITATION_SESSION_KEY] = str(invitation.uuid)
    return render(request, "people/invitation_accept.html", {"invitation": invitation, "next": request.path})


# --- privacy ----------------------------------------------------------------------------------
def _privacy_target(request, slug, person_uuid, perm="people.manage_privacy"):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    _require(request, perm, target)
    return commons, membership, target


def _member_choices(commons, exclude):
    return selectors.people_in_commons(commons).exclude(pk=exclude.pk).order_by("name")


@login_required
def privacy(request, slug, person_uuid):
    commons, membership, target = _privacy_target(request, slug, person_uuid)
    ctx = {
        "commons": commons,
        "target": target,
        "person": target.person,
        "is_self": target.person_id == membership.person_id,
        "can_add_proxy": request.user.has_perm("people.add_proxy", commons),
        **selectors.privacy_overview(commons, target.person),
    }
    return render(request, "people/privacy.html", ctx)


@login_required
def access_log(request, slug, person_uuid):
    commons, membership, target = _privacy_target(request, slug, person_uuid, "people.view_access_log")
    events = selectors.access_log(commons, target.person)
    ctx = {"commons": commons, "target": target, "person": target.person, "page_obj": _page(request, events)}
    return render(request, "people/access_log.html", ctx)


@login_required
def grant_create(request, slug, person_uuid):
    commons, membership, target = _privacy_target(request, slug, person_uuid)
    form = forms.GrantForm(request.POST or None, people=_member_choices(commons, target.person))
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_create(actor=request.user, commons=commons, grantor=target.person, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Done. %(name)s can now see it.") % {"name": form.cleaned_data["grantee"].display_name})
            return redirect("people:privacy", slug, person_uuid)
    return _form_page(request, form, title=_("Let someone see your records"), submit_label=_("Give permission"),
                      cancel_url=reverse("people:privacy", args=[slug, person_uuid]))


@login_required
@require_POST
def grant_revoke(request, slug, person_uuid, grant_uuid):
    commons, membership, target = _privacy_target(request, slug, person_uuid)
    grant = get_object_or_404(AccessGrant, commons=commons, grantor=target.person, uuid=grant_uuid)
    _act(request, lambda: services.grant_revoke(actor=request.user, grant=grant), _("Permission taken back. %(name)s can no longer see it.") % {"name": grant.grantee.display_name})
    return redirect("people:privacy", slug, person_uuid)


@login_required
def proxy_create(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    _require(request, "people.add_proxy", commons)
    form = forms.ProxyForm(request.POST or None, people=_member_choices(commons, target.person))
    if request.method == "POST" and form.is_valid():
        try:
            services.proxy_create(actor=request.user, commons=commons, principal=target.person, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved. %(name)s can now act for them.") % {"name": form.cleaned_data["proxy"].display_name})
            return redirect("people:person_detail", slug, person_uuid)
    return _form_page(request, form, title=_("Someone to act for %(name)s") % {"name": target.person.display_name},
                      intro=_("A proxy can do things on the platform for this person, for example a daughter for her father. Everything they do is recorded as done for them."),
                      submit_label=_("Save"), cancel_url=reverse("people:person_detail", args=[slug, person_uuid]))


@login_required
@require_POST
def proxy_end(request, slug, person_uuid, proxy_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    relation = get_object_or_404(Proxy, commons=commons, principal=target.person, uuid=proxy_uuid)
    me = membership.person
    # The person, the proxy themselves, or an organiser may end it.
    if not (me.pk in (relation.principal_id, relation.proxy_id) or request.user.has_perm("people.add_proxy", commons)):
        raise Http404
    _act(request, lambda: services.proxy_end(actor=request.user, relation=relation), _("Ended."))
    return redirect("people:person_detail", slug, person_uuid)


@login_required
def emergency_contact_create(request, slug, person_uuid):
    commons, membership, target = _privacy_target(request, slug, person_uuid)
    form = forms.EmergencyContactForm(request.POST or None, people=_member_choices(commons, target.person))
    if request.method == "POST" and form.is_valid():
        try:
            services.emergency_contact_add(actor=request.user, commons=commons, person=target.person, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("people:privacy", slug, person_uuid)
    return _form_page(request, form, title=_("Add an emergency contact"),
                      intro=_("In an emergency they can open all your records for a few hours. They must say why, and you will see it in the list of who looked."),
                      submit_label=_("Save"), cancel_url=reverse("people:privacy", args=[slug, person_uuid]))


@login_required
@require_POST
def emergency_contact_end(request, slug, person_uuid, contact_uuid):
    commons, membership, target = _privacy_target(request, slug, person_uuid)
    contact = get_object_or_404(EmergencyContact, commons=commons, person=target.person, uuid=contact_uuid)
    _act(request, lambda: services.emergency_contact_end(actor=request.user, contact=contact), _("Ended."))
    return redirect("people:privacy", slug, person_uuid)


@login_required
def emergency_access(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    if not EmergencyContact.objects.filter(commons=commons, person=target.person, holder=membership.person, ended_at=None).exists():
        raise Http404
    form = forms.EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.emergency_access_start(actor=request.user, commons=commons, person=target.person, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.warning(request, _("Emergency access is open until %(time)s. Everything you look at is recorded.") % {
                "time": timezone.localtime(access.until).strftime("%H:%M")})
            return redirect("people:person_detail", slug, person_uuid)
    return _form_page(request, form, title=_("Emergency access to %(name)s's records") % {"name": target.person.display_name},
                      submit_label=_("Open their records"), cancel_url=reverse("people:person_detail", args=[slug, person_uuid]))


@login_required
@require_POST
def emergency_access_end(request, slug, person_uuid, access_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    access = get_object_or_404(EmergencyAccess, commons=commons, person=target.person, uuid=access_uuid)
    if membership.person_id not in (access.person_id, access.holder_id) and not request.user.has_perm("people.manage_privacy", target):
        raise Http404
    _act(request, lambda: services.emergency_access_end(actor=request.user, access=access), _("Emergency access closed."))
    return redirect("people:person_detail", slug, person_uuid)


# --- organisations ----------------------------------------------------------------------------
@login_required
def organisation_list(request, slug):
    commons, membership = _commons(request, slug)
    search = forms.SearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = _page(request, selectors.organisation_list(commons, search=q))
    ctx = {"commons": commons, "page_obj": page, "search": search, "q": q,
           "can_add": request.user.has_perm("people.add_organisation", commons)}
    return render(request, "people/organisation_list.html", ctx)


@login_required
def organisation_create(request, slug):
    commons, membership = _commons(request, slug)
    _require(request, "people.add_organisation", commons)
    form = forms.OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.organisation_create(actor=request.user, commons=commons, data=form.cleaned_data)
        messages.success(request, _("%(name)s has been added.") % {"name": organisation.name})
        return redirect("people:organisation_detail", slug, organisation.uuid)
    return _form_page(request, form, title=_("Add a group or organisation"), submit_label=_("Add"),
                      cancel_url=reverse("people:organisation_list", args=[slug]))


@login_required
def organisation_detail(request, slug, organisation_uuid):
    commons, membership = _commons(request, slug)
    organisation = selectors.access_organisation(commons, organisation_uuid)
    ctx = {"commons": commons, "organisation": organisation, "members": selectors.organisation_members(organisation),
           "can_change": request.user.has_perm("people.change_organisation", commons)}
    return render(request, "people/organisation_detail.html", ctx)


@login_required
def organisation_edit(request, slug, organisation_uuid):
    commons, membership = _commons(request, slug)
    organisation = selectors.access_organisation(commons, organisation_uuid)
    _require(request, "people.change_organisation", commons)
    form = forms.OrganisationForm(request.POST or None, instance=None,
                                  initial={k: getattr(organisation, k) for k in services.ORGANISATION_FIELDS})
    if request.method == "POST" and form.is_valid():
        services.organisation_update(actor=request.user, organisation=organisation, data=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("people:organisation_detail", slug, organisation_uuid)
    return _form_page(request, form, title=_("Change %(name)s") % {"name": organisation.name},
                      cancel_url=reverse("people:organisation_detail", args=[slug, organisation_uuid]))


@login_required
def organisation_member_add(request, slug, organisation_uuid):
    commons, membership = _commons(request, slug)
    organisation = selectors.access_organisation(commons, organisation_uuid)
    _require(request, "people.change_organisation", commons)
    form = forms.OrganisationMemberForm(request.POST or None, people=selectors.people_in_commons(commons).order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_member_add(actor=request.user, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect("people:organisation_detail", slug, organisation_uuid)
    return _form_page(request, form, title=_("Add someone to %(name)s") % {"name": organisation.name}, submit_label=_("Add"),
                      cancel_url=reverse("people:organisation_detail", args=[slug, organisation_uuid]))


@login_required
@require_POST
def organisation_member_remove(request, slug, organisation_uuid, link_uuid):
    commons, membership = _commons(request, slug)
    organisation = selectors.access_organisation(commons, organisation_uuid)
    _require(request, "people.change_organisation", commons)
    link = get_object_or_404(OrganisationMembership, organisation=organisation, uuid=link_uuid)
    services.organisation_member_remove(actor=request.user, link=link)
    messages.success(request, _("Removed."))
    return redirect("people:organisation_detail", slug, organisation_uuid)


# --- Getting Support profile ------------------------------------------------------------------
def _profile_target(request, slug, person_uuid, perm):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    _require(request, perm, target)
    return commons, membership, target


def _profile_parts():
    return [profiles.section_part(key) for key in profiles.SECTION_KEYS] + [profiles.DEMOGRAPHICS.key]


def _seen_profile(request, commons, target, *, printed=False):
    """The profile, what the viewer may see of it, and a record of every protected part they saw."""
    person = target.person
    can_write = request.user.has_perm("people.change_profile", target)
    profile = selectors.getting_profile_for(commons, person)
    bases = selectors.profile_section_bases(request.user, commons, person, _profile_parts(), can_write=can_write)
    services.profile_views_record(actor=request.user, commons=commons, person=person, bases=bases,
                                  obj=profile if profile.pk else None, printed=printed)
    blocks = profiles.section_blocks(profile, bases)
    shown_by = {basis for basis in bases.values() if basis and basis != "self"}
    return {
        "profile": profile,
        "sections": blocks,
        "hidden_count": sum(1 for b in blocks if not b["visible"]),
        "demographics": profiles.demographics_rows(profile) if bases[profiles.DEMOGRAPHICS.key] else None,
        "can_write": can_write,
        "is_self": person.pk == request.membership.person_id,
        "looks_recorded": bool(shown_by),
    }


@login_required
def getting_profile(request, slug, person_uuid):
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.view_profile")
    ctx = {
        "commons": commons, "target": target, "person": target.person,
        "can_share": request.user.has_perm("people.share_profile", target),
        "can_see_giving": request.user.has_perm(
            "people.view_giving_profile", selectors.giving_profile_for(commons, target.person)),
        **_seen_profile(request, commons, target),
    }
    return render(request, "people/getting_profile.html", ctx)


@login_required
def getting_profile_print(request, slug, person_uuid):
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.view_profile")
    ctx = {"commons": commons, "target": target, "person": target.person, "today": timezone.localdate(),
           **_seen_profile(request, commons, target, printed=True)}
    return render(request, "people/getting_profile_print.html", ctx)


@login_required
def getting_profile_edit(request, slug, person_uuid, section):
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.change_profile")
    page = profiles.EDIT_PAGES.get(section)
    if page is None:
        raise Http404
    person = target.person
    profile = selectors.getting_profile_for(commons, person)
    form_class = forms.getting_profile_form_class(section)
    form = form_class(request.POST if request.method == "POST" else None,
                      initial={f: getattr(profile, f) for f in page["fields"]})
    if request.method == "POST" and form.is_valid():
        try:
            services.getting_profile_update(actor=request.user, commons=commons, person=person, section=section,
                                            data=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            following = profiles.next_edit_page(section) if "next" in request.POST else None
            if following:
                return redirect("people:getting_profile_edit", slug, person_uuid, following)
            return redirect(reverse("people:getting_profile", args=[slug, person_uuid]) + f"#section-{section}")
    if request.method == "GET" and page["part"]:
        # Opening the form shows what is written: a look like any other.
        bases = selectors.profile_section_bases(request.user, commons, person, [page["part"]], can_write=True)
        services.profile_views_record(actor=request.user, commons=commons, person=person, bases=bases,
                                      obj=profile if profile.pk else None)
    following = profiles.next_edit_page(section)
    ctx = {
        "commons": commons, "target": target, "person": person, "form": form, "page": page,
        "kind": "getting", "number": profiles.section_number(section), "total": len(profiles.EDIT_ORDER),
        "next_label": profiles.EDIT_PAGES[following]["label"] if following else None,
        "is_self": person.pk == membership.person_id,
        "back_url": reverse("people:getting_profile", args=[slug, person_uuid]),
    }
    return render(request, "people/profile_form.html", ctx, status=400 if form.is_bound and form.errors else 200)


def _uuids(values):
    """UUIDs from ?people=<uuid>,<uuid> (repeatable); anything that is not one is ignored."""
    import uuid

    found = []
    for value in values:
        for piece in value.split(","):
            try:
                found.append(uuid.UUID(piece.strip()))
            except ValueError:
                continue
    return found


@login_required
def profile_sharing(request, slug, person_uuid):
    """A table: people down the side, sections across the top, a tick where they may see it."""
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.share_profile")
    person = target.person
    parts = profiles.SHARING_PARTS
    source = request.POST if request.method == "POST" else request.GET
    wanted_uuids = _uuids(source.getlist("people") + source.getlist("row") + source.getlist("add"))
    grants = list(selectors.profile_grants(commons, person, parts))
    grantee_ids = {g.grantee_id for g in grants}
    rows = list(
        selectors.people_in_commons(commons).filter(Q(pk__in=grantee_ids) | Q(uuid__in=wanted_uuids))
        .exclude(pk=person.pk).order_by("name", "pk")
    )
    if request.method == "POST":
        by_uuid = {str(p.uuid): p for p in rows}
        wanted = set()
        for value in request.POST.getlist("share"):
            who, _sep, part = value.partition("|")
            if who in by_uuid and part in parts:
                wanted.add((by_uuid[who], part))
        given, taken = services.profile_sharing_update(actor=request.user, commons=commons, person=person, wanted=wanted)
        if given or taken:
            messages.success(request, _("Saved. It works straight away."))
        else:
            messages.info(request, _("Nothing changed."))
        query = ",".join(str(p.uuid) for p in rows)
        return redirect(reverse("people:profile_sharing", args=[slug, person_uuid]) + (f"?people={query}" if query else ""))
    granted = {(g.grantee_id, g.part) for g in grants}
    everything = {g.grantee_id for g in grants if g.part == ALL_PARTS}
    columns = profiles.sharing_columns()
    table = [
        {"person": p, "sees_everything": p.pk in everything,
         "cells": [{"part": c["part"], "label": c["label"], "checked": (p.pk, c["part"]) in granted,
                    "id": f"share-{i}-{j}"} for j, c in enumerate(columns)]}
        for i, p in enumerate(rows)
    ]
    row_ids = [p.pk for p in rows]
    add_form = forms.ShareAddForm(people=selectors.people_in_commons(commons).exclude(pk__in=[person.pk, *row_ids]).order_by("name"))
    ctx = {
        "commons": commons, "target": target, "person": person, "columns": columns, "table": table,
        "add_form": add_form, "row_query": ",".join(str(p.uuid) for p in rows),
        "is_self": person.pk == membership.person_id,
    }
    return render(request, "people/profile_sharing.html", ctx)


# --- Giving Support profile -------------------------------------------------------------------
def _giving_target(request, slug, person_uuid):
    commons, membership = _commons(request, slug)
    target = selectors.access_member(commons, person_uuid)
    profile = selectors.giving_profile_for(commons, target.person)
    _require(request, "people.view_giving_profile", profile)
    return commons, membership, target, profile


def _giving_context(request, commons, membership, target, profile):
    full_postcode = request.user.has_perm("people.change_person", target)
    qualifications = list(profile.qualifications.all()) if profile.pk else []
    today = timezone.localdate()
    for q in qualifications:
        q.ran_out = bool(q.expires_on and q.expires_on < today)
    from caringcity.core.geo import outward

    return {
        "commons": commons, "target": target, "person": target.person, "profile": profile,
        "exists": profile.pk is not None,
        "can_edit": request.user.has_perm("people.change_giving_profile", target),
        "is_self": target.person_id == membership.person_id,
        "area": profile.area_postcode if full_postcode else outward(profile.area_postcode),
        "grid": profiles.availability_grid(profile.availability),
        "free_count": len(profile.availability or []),
        "day_parts": profiles.DAY_PARTS,
        "scales": profiles.scale_rows(profile),
        "rate": profiles.format_pence(profile.rate_pence),
        "minimum": profiles.minimum_label(profile.minimum_minutes),
        "qualifications": qualifications,
        "steps": profiles.GIVING_STEPS,
        "today": today,
    }


@login_required
def giving_profile(request, slug, person_uuid):
    commons, membership, target, profile = _giving_target(request, slug, person_uuid)
    return render(request, "people/giving_profile.html", _giving_context(request, commons, membership, target, profile))


@login_required
def giving_profile_print(request, slug, person_uuid):
    commons, membership, target, profile = _giving_target(request, slug, person_uuid)
    return render(request, "people/giving_profile_print.html", _giving_context(request, commons, membership, target, profile))


@login_required
def giving_profile_edit(request, slug, person_uuid, step):
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.change_giving_profile")
    page = profiles.GIVING_PAGES.get(step)
    if page is None:
        raise Http404
    person = target.person
    profile = selectors.giving_profile_for(commons, person)
    form_class = forms.giving_profile_form_class(step)
    if step == "paid":
        initial = forms.GivingPaidForm.initial_from(profile)
    else:
        initial = {f: getattr(profile, f) for f in page["fields"]}
        if step == "matching" and profile.pk is None:
            initial["open_to_matching"] = True
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.giving_profile_update(actor=request.user, commons=commons, person=person, data=forms.form_data(form))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            following = profiles.next_giving_step(step) if "next" in request.POST else None
            if following:
                return redirect("people:giving_profile_edit", slug, person_uuid, following)
            return redirect("people:giving_profile", slug, person_uuid)
    following = profiles.next_giving_step(step)
    ctx = {
        "commons": commons, "target": target, "person": person, "form": form, "page": page, "kind": "giving",
        "number": profiles.GIVING_STEP_KEYS.index(step) + 1, "total": len(profiles.GIVING_STEP_KEYS),
        "next_label": profiles.GIVING_PAGES[following]["label"] if following else None,
        "is_self": person.pk == membership.person_id,
        "back_url": reverse("people:giving_profile", args=[slug, person_uuid]),
    }
    if step == "availability":
        chosen = set(form["availability"].value() or [])
        ctx["grid"] = profiles.availability_grid(chosen)
        ctx["day_parts"] = profiles.DAY_PARTS
    return render(request, "people/profile_form.html", ctx, status=400 if form.is_bound and form.errors else 200)


@login_required
def qualification_list(request, slug, person_uuid):
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.change_giving_profile")
    person = target.person
    form = forms.QualificationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.qualification_add(actor=request.user, commons=commons, person=person, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Added."))
            return redirect("people:qualification_list", slug, person_uuid)
    profile = selectors.giving_profile_for(commons, person)
    qualifications = list(profile.qualifications.all()) if profile.pk else []
    for q in qualifications:
        q.ran_out = bool(q.expires_on and q.expires_on < timezone.localdate())
    ctx = {"commons": commons, "target": target, "person": person, "form": form, "qualifications": qualifications,
           "is_self": person.pk == membership.person_id}
    return render(request, "people/qualifications.html", ctx, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def qualification_remove(request, slug, person_uuid, qualification_uuid):
    commons, membership, target = _profile_target(request, slug, person_uuid, "people.change_giving_profile")
    qualification = get_object_or_404(Qualification, uuid=qualification_uuid, profile__commons=commons,
                                      profile__person=target.person)
    services.qualification_remove(actor=request.user, qualification=qualification)
    messages.success(request, _("Removed."))
    return redirect("people:qualification_list", slug, person_uuid)


@login_required
def giving_profile_list(request, slug):
    commons, membership = _commons(request, slug)
    _require(request, "people.view_giving_profiles", commons)
    search = forms.GivingSearchForm(request.GET)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = _page(request, selectors.giving_profile_list(request.user, commons, search=q))
    from caringcity.core.geo import outward

    for p in page.object_list:
        p.district = outward(p.area_postcode)
        p.rate = profiles.format_pence(p.rate_pence)
        p.free_count = len(p.availability or [])
    ctx = {"commons": commons, "page_obj": page, "search": search, "q": q,
           "own_url": reverse("people:giving_profile", args=[slug, membership.person.uuid])}
    return render(request, "people/giving_profile_list.html", ctx)
