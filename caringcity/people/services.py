"""Writes for the people app. Each service is keyword-only, atomic, and writes its audit event.

``actor`` is always the signed-in User doing it. When the actor writes about someone else (as
their proxy, or as an organiser entering a paper form), the audit event records ``acting_for``.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record, email_queue
from caringcity.people import privacy, profiles, selectors
from caringcity.people.models import (
    AccessGrant,
    EmergencyAccess,
    EmergencyContact,
    GettingSupportProfile,
    GivingSupportProfile,
    Qualification,
    Invitation,
    Membership,
    Organisation,
    OrganisationMembership,
    Person,
    Proxy,
    hash_token,
)

A = AuditEvent.Action
PERSON_FIELDS = ["name", "preferred_name", "pronouns", "languages", "communication_needs", "email", "phone", "address", "postcode"]


def _acting_for(actor, person):
    me = selectors.person_for_user(actor)
    return person if (person is not None and (me is None or me.pk != person.pk)) else None


# --- people -----------------------------------------------------------------------------------
@transaction.atomic
def person_create(*, actor, commons, data, role=Membership.Role.MEMBER):
    """An organiser adds someone known to the commons who has no login (for example a person who
    uses paper). They can be given a login later without losing anything."""
    person = Person.objects.create(created_by=actor, **{k: data.get(k, "") for k in PERSON_FIELDS})
    membership = Membership.objects.create(commons=commons, person=person, role=role)
    audit_record(actor=actor, action=A.CREATE, obj=person, commons=commons, subject=person, acting_for=person)
    return membership


@transaction.atomic
def person_update(*, actor, commons, person, data):
    changed = [k for k in PERSON_FIELDS if k in data and getattr(person, k) != data[k]]
    for key in changed:
        setattr(person, key, data[key])
    if changed:
        person.save(update_fields=[*changed, "updated"])
        # Which fields changed is metadata; their values never enter the trail.
        audit_record(
            actor=actor, action=A.UPDATE, obj=person, commons=commons, subject=person,
            acting_for=_acting_for(actor, person), reason=", ".join(changed),
        )
    return changed


@transaction.atomic
def membership_set_role(*, actor, membership, role):
    if role not in Membership.Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if membership.role == Membership.Role.ADMIN and role != Membership.Role.ADMIN:
        admins = Membership.objects.active().filter(commons=membership.commons, role=Membership.Role.ADMIN).count()
        if admins <= 1:
            raise ValidationError(_("A commons needs at least one admin. Make someone else an admin first."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated"])
    audit_record(
        actor=actor, action=A.ROLE, obj=membership, commons=membership.commons, subject=membership.person,
        reason=f"{old} -> {role}",
    )
    return membership


# --- invitations ------------------------------------------------------------------------------
@transaction.atomic
def invitation_create(*, actor, commons, email, role=Membership.Role.MEMBER, person=None):
    """Invite someone by e-mail. With ``person``, the invitation gives that existing person a login."""
    email = email.strip().lower()
    if person is not None and person.user_id is not None:
        raise ValidationError(_("This person already has a login."))
    existing = Membership.objects.active().filter(commons=commons, person__user__email__iexact=email)
    if person is None and existing.exists():
        raise ValidationError({"email": _("Someone with this e-mail address is already a member.")})
    # A newer invitation replaces any open one to the same address.
    Invitation.objects.filter(commons=commons, email=email, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.REVOKED
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        commons=commons, email=email, role=role, person=person, token_hash=hash_token(token),
        expires=timezone.now() + timezone.timedelta(days=settings.CARINGCITY["INVITATION_DAYS"]), invited_by=actor,
    )
    link = settings.SITE_URL + reverse("people:invitation_accept", args=[token])
    email_queue(
        to=email,
        subject=_("You are invited to join %(commons)s") % {"commons": commons.name},
        template="people/email/invitation",
        context={"commons": commons, "link": link, "inviter": actor.display_name, "invitation": invitation},
    )
    audit_record(actor=actor, action=A.INVITE, obj=invitation, commons=commons, subject=person)
    invitation.token = token  # only ever in memory, for tests and the organiser's copy-link
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation):
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or cancelled."))
    invitation.status = Invitation.Status.REVOKED
    invitation.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action=A.REVOKE, obj=invitation, commons=invitation.commons)


@transaction.atomic
def invitation_accept(*, user, invitation):
    """The signed-in user accepts. If the invitation names an existing person, that person gets
    this login and keeps everything recorded about them."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status == Invitation.Status.ACCEPTED:
        raise ValidationError(_("This invitation has already been used."))
    if not invitation.is_open:
        raise ValidationError(_("This invitation has run out or was cancelled. Ask the organiser for a new one."))
    me = selectors.person_for_user(user)
    if invitation.person is not None:
        if me is not None and me.pk != invitation.person_id:
            raise ValidationError(
                _("You already have a record here under another name. Ask the organiser to link them for you.")
            )
        person = invitation.person
        if person.user_id is None:
            person.user = user
            if not person.email:
                person.email = user.email
            person.save(update_fields=["user", "email", "updated"])
            audit_record(actor=user, action=A.LINK_LOGIN, obj=person, commons=invitation.commons, subject=person)
    else:
        person = me or Person.objects.create(user=user, name=user.name or user.email.split("@")[0], email=user.email)
    membership, created = Membership.objects.get_or_create(
        commons=invitation.commons, person=person, defaults={"role": invitation.role}
    )
    if not created and membership.status != Membership.Status.ACTIVE:
        membership.status = Membership.Status.ACTIVE
        membership.role = invitation.role
        membership.save(update_fields=["status", "role", "updated"])
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_by", "updated"])
    audit_record(actor=user, action=A.JOIN, obj=membership, commons=invitation.commons, subject=person)
    user.__dict__.pop("_cc_memberships", None)
    return membership


# --- organisations ----------------------------------------------------------------------------
ORGANISATION_FIELDS = ["name", "kind", "constituted", "description", "website", "email", "phone", "postcode"]


@transaction.atomic
def organisation_create(*, actor, commons, data):
    organisation = Organisation.objects.create(commons=commons, **{k: data[k] for k in ORGANISATION_FIELDS if k in data})
    audit_record(actor=actor, action=A.CREATE, obj=organisation, commons=commons)
    return organisation


@transaction.atomic
def organisation_update(*, actor, organisation, data):
    changed = [k for k in ORGANISATION_FIELDS if k in data and getattr(organisation, k) != data[k]]
    for key in changed:
        setattr(organisation, key, data[key])
    if changed:
        organisation.save(update_fields=[*changed, "updated"])
        audit_record(actor=actor, action=A.UPDATE, obj=organisation, commons=organisation.commons, reason=", ".join(changed))
    return changed


@transaction.atomic
def organisation_member_add(*, actor, organisation, person, role="", since=None):
    if not Membership.objects.active().filter(commons=organisation.commons, person=person).exists():
        raise ValidationError({"person": _("Choose someone who is a member of this commons.")})
    link, created = OrganisationMembership.objects.get_or_create(
        organisation=organisation, person=person, defaults={"role": role, "since": since}
    )
    if not created:
        raise ValidationError({"person": _("%(name)s is already listed in this group.") % {"name": person.display_name}})
    audit_record(actor=actor, action=A.CREATE, obj=link, commons=organisation.commons, subject=person)
    return link


@transaction.atomic
def organisation_member_remove(*, actor, link):
    audit_record(actor=actor, action=A.DELETE, obj=link, commons=link.organisation.commons, subject=link.person)
    link.delete()


def _end(*, actor, record, subject, part, already=None):
    """End a time-boxed permission (proxy, grant, emergency contact or access) at once, recorded."""
    if record.ended_at is not None:
        raise ValidationError(already or _("This has already ended."))
    record.ended_at = timezone.now()
    record.save(update_fields=["ended_at", "updated"])
    audit_record(actor=actor, action=A.REVOKE, obj=record, commons=record.commons, subject=subject,
                 acting_for=_acting_for(actor, subject), part=part)


# --- proxies ----------------------------------------------------------------------------------
def _check_members(commons, *people):
    for person in people:
        if not Membership.objects.active().filter(commons=commons, person=person).exists():
            raise ValidationError(_("Both people must be members of this commons."))


@transaction.atomic
def proxy_create(*, actor, commons, principal, proxy, how_agreed, until=None):
    _check_members(commons, principal, proxy)
    if principal.pk == proxy.pk:
        raise ValidationError({"proxy": _("Someone cannot act for themselves.")})
    if Proxy.objects.current().filter(commons=commons, principal=principal, proxy=proxy).exists():
        raise ValidationError({"proxy": _("%(name)s already acts for this person.") % {"name": proxy.display_name}})
    if not how_agreed.strip():
        raise ValidationError({"how_agreed": _("Say how the person agreed to this.")})
    relation = Proxy.objects.create(
        commons=commons, principal=principal, proxy=proxy, how_agreed=how_agreed, until=until, created_by=actor
    )
    audit_record(actor=actor, action=A.GRANT, obj=relation, commons=commons, subject=principal,
                 acting_for=_acting_for(actor, principal), part="proxy")
    return relation


@transaction.atomic
def proxy_end(*, actor, relation):
    _end(actor=actor, record=relation, subject=relation.principal, part="proxy")


# --- grants -----------------------------------------------------------------------------------
@transaction.atomic
def grant_create(*, actor, commons, grantor, grantee, part, until=None):
    _check_members(commons, grantor, grantee)
    if grantor.pk == grantee.pk:
        raise ValidationError({"grantee": _("You can always see your own records.")})
    if part != privacy.ALL_PARTS and part not in {p.key for p in privacy.parts() if p.grantable}:
        raise ValidationError({"part": _("Choose what they may see from the list.")})
    if until is not None and until <= timezone.now():
        raise ValidationError({"until": _("The end date must be in the future.")})
    grant = AccessGrant.objects.create(
        commons=commons, grantor=grantor, grantee=grantee, part=part, until=until, created_by=actor
    )
    audit_record(actor=actor, action=A.GRANT, obj=grant, commons=commons, subject=grantor,
                 acting_for=_acting_for(actor, grantor), part=part)
    return grant


@transaction.atomic
def grant_revoke(*, actor, grant):
    """Takes effect at once: the next page the grantee opens no longer shows the part."""
    _end(actor=actor, record=grant, subject=grant.grantor, part=grant.part,
         already=_("This permission has already been taken back."))


# --- emergency access -------------------------------------------------------------------------
@transaction.atomic
def emergency_contact_add(*, actor, commons, person, holder, hours):
    _check_members(commons, person, holder)
    max_hours = settings.CARINGCITY["EMERGENCY_ACCESS_MAX_HOURS"]
    if person.pk == holder.pk:
        raise ValidationError({"holder": _("Choose someone else.")})
    if not 1 <= hours <= max_hours:
        raise ValidationError({"hours": _("Choose between 1 and %(max)s hours.") % {"max": max_hours}})
    if EmergencyContact.objects.filter(commons=commons, person=person, holder=holder, ended_at=None).exists():
        raise ValidationError({"holder": _("%(name)s is already an emergency contact.") % {"name": holder.display_name}})
    contact = EmergencyContact.objects.create(commons=commons, person=person, holder=holder, hours=hours, created_by=actor)
    audit_record(actor=actor, action=A.GRANT, obj=contact, commons=commons, subject=person,
                 acting_for=_acting_for(actor, person), part="emergency")
    return contact


@transaction.atomic
def emergency_contact_end(*, actor, contact):
    _end(actor=actor, record=contact, subject=contact.person, part="emergency")
    EmergencyAccess.objects.current().filter(commons=contact.commons, person=contact.person, holder=contact.holder).update(
        ended_at=timezone.now()
    )


@transaction.atomic
def emergency_access_start(*, actor, commons, person, reason):
    """An emergency contact opens the person's records for a few hours. The reason is required
    and shows on the person's access log."""
    holder = selectors.person_for_user(actor)
    contact = EmergencyContact.objects.filter(commons=commons, person=person, holder=holder, ended_at=None).first()
    if contact is None:
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Say what the emergency is, in a sentence.")})
    access = EmergencyAccess.objects.create(
        commons=commons, person=person, holder=holder, reason=reason,
        until=timezone.now() + timezone.timedelta(hours=contact.hours),
    )
    audit_record(actor=actor, action=A.EMERGENCY, obj=access, commons=commons, subject=person,
                 basis="emergency", reason=reason)
    return access


@transaction.atomic
def emergency_access_end(*, actor, access):
    _end(actor=actor, record=access, subject=access.person, part="emergency")


def emergency_access_expire(*, now=None):
    """Periodic job: close emergency accesses whose time is up (reads already ignore them)."""
    now = now or timezone.now()
    return EmergencyAccess.objects.filter(ended_at=None, until__lte=now).update(ended_at=now)


# --- access records ---------------------------------------------------------------------------
def privacy_record_view(*, actor, commons, person, part, basis, obj=None, reason="", action=A.VIEW):
    """Record that someone other than the person looked at a protected part of their records
    (``action`` EXPORT with reason "printed" for a printout)."""
    if basis == "self":
        return None
    return audit_record(
        actor=actor, action=action, obj=obj or person, commons=commons, subject=person, part=part,
        basis=basis, reason=reason,
        acting_for=person if basis == "proxy" else None,
    )


# --- Getting Support profile ------------------------------------------------------------------
PRINTED = "printed"


@transaction.atomic
def profile_views_record(*, actor, commons, person, bases, obj=None, printed=False):
    """Record each protected part someone other than the person saw (or printed) on one page.
    ``bases`` is {part: basis}; parts not seen (basis None) and the person's own looks are skipped."""
    events = []
    for part, basis in bases.items():
        if basis:
            event = privacy_record_view(
                actor=actor, commons=commons, person=person, part=part, basis=basis, obj=obj,
                action=A.EXPORT if printed else A.VIEW, reason=PRINTED if printed else "",
            )
            if event is not None:
                events.append(event)
    return events


@transaction.atomic
def getting_profile_update(*, actor, commons, person, section, data):
    """Save one page of the person's Getting Support profile (created on the first change).
    The audit event names the fields that changed, never what they say."""
    page = profiles.EDIT_PAGES.get(section)
    if page is None:
        raise ValidationError(_("There is no such part of the profile."))
    if not Membership.objects.active().filter(commons=commons, person=person).exists():
        raise ValidationError(_("This person is not a member of this commons."))
    profile = (GettingSupportProfile.objects.select_for_update().filter(commons=commons, person=person).first()
               or GettingSupportProfile(commons=commons, person=person))
    changed = [f for f in page["fields"] if f in data and getattr(profile, f) != data[f]]
    if not changed:
        return []
    for name in changed:
        setattr(profile, name, data[name])
    profile.full_clean(exclude=["commons", "person"], validate_unique=False)
    created = profile.pk is None
    profile.save()
    audit_record(
        actor=actor, action=A.CREATE if created else A.UPDATE, obj=profile, commons=commons, subject=person,
        acting_for=_acting_for(actor, person), part=page["part"], reason=", ".join(changed),
    )
    return changed


@transaction.atomic
def profile_sharing_update(*, actor, commons, person, wanted):
    """Set who may see each section of the person's profile (and their trust assessment):
    ``wanted`` is the full set of (grantee Person, part) that should be in force. Permissions for
    those parts not in it are taken back at once; new ones are given. Permissions for other parts
    (contact details, "everything about me") are left alone. Returns (given, taken back)."""
    allowed = set(profiles.SHARING_PARTS)
    for grantee, part in wanted:
        if part not in allowed:
            raise ValidationError(_("Choose what they may see from the table."))
    wanted_keys = {(grantee.pk, part) for grantee, part in wanted}
    current = (AccessGrant.objects.current().select_for_update()
               .filter(commons=commons, grantor=person, part__in=allowed).select_related("grantee").order_by("pk"))
    kept, given, taken = set(), 0, 0
    for grant in current:
        key = (grant.grantee_id, grant.part)
        if key in wanted_keys and key not in kept:
            kept.add(key)
            continue
        grant_revoke(actor=actor, grant=grant)  # not wanted any more (or a duplicate of one kept)
        taken += key not in wanted_keys
    for grantee, part in sorted(wanted, key=lambda pair: (pair[0].pk, pair[1])):
        if (grantee.pk, part) not in kept:
            grant_create(actor=actor, commons=commons, grantor=person, grantee=grantee, part=part)
            given += 1
    return given, taken


# --- Giving Support profile -------------------------------------------------------------------
@transaction.atomic
def giving_profile_update(*, actor, commons, person, data):
    """Save some fields of the person's Giving Support profile (created on the first change).
    The postcode is stored normalised; the rate is in pence."""
    from caringcity.core.geo import normalise

    if not Membership.objects.active().filter(commons=commons, person=person).exists():
        raise ValidationError(_("This person is not a member of this commons."))
    data = {k: v for k, v in data.items() if k in profiles.GIVING_FIELDS}
    if "area_postcode" in data and data["area_postcode"]:
        code = normalise(data["area_postcode"])
        if not code:
            raise ValidationError({"area_postcode": _("Enter a real postcode, like E5 8AA.")})
        data["area_postcode"] = code
    if "availability" in data:
        unknown = set(data["availability"]) - set(profiles.SLOTS)
        if unknown:
            raise ValidationError({"availability": _("Choose times from the table.")})
        data["availability"] = [slot for slot in profiles.SLOTS if slot in set(data["availability"])]
    if "rate_pence" in data and data["rate_pence"] is not None and data["rate_pence"] < 0:
        raise ValidationError({"rate_pence": _("The rate cannot be less than nothing.")})
    profile = (GivingSupportProfile.objects.select_for_update().filter(commons=commons, person=person).first()
               or GivingSupportProfile(commons=commons, person=person))
    changed = [f for f in data if getattr(profile, f) != data[f]]
    if not changed:
        return []
    for name in changed:
        setattr(profile, name, data[name])
    profile.full_clean(exclude=["commons", "person"], validate_unique=False)
    created = profile.pk is None
    profile.save()
    audit_record(
        actor=actor, action=A.CREATE if created else A.UPDATE, obj=profile, commons=commons, subject=person,
        acting_for=_acting_for(actor, person), part=profiles.GIVING_PROFILE.key, reason=", ".join(changed),
    )
    return changed


def _giving_profile(commons, person):
    if not Membership.objects.active().filter(commons=commons, person=person).exists():
        raise ValidationError(_("This person is not a member of this commons."))
    profile, _created = GivingSupportProfile.objects.get_or_create(commons=commons, person=person)
    return profile


@transaction.atomic
def qualification_add(*, actor, commons, person, name, obtained_on=None, expires_on=None):
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Enter the name of the qualification.")})
    if obtained_on and expires_on and expires_on < obtained_on:
        raise ValidationError({"expires_on": _("The date it runs out must be after the date you gained it.")})
    profile = _giving_profile(commons, person)
    qualification = Qualification.objects.create(profile=profile, name=name, obtained_on=obtained_on, expires_on=expires_on)
    audit_record(actor=actor, action=A.CREATE, obj=qualification, commons=commons, subject=person,
                 acting_for=_acting_for(actor, person), part=profiles.GIVING_PROFILE.key)
    return qualification


@transaction.atomic
def qualification_remove(*, actor, qualification):
    profile = qualification.profile
    audit_record(actor=actor, action=A.DELETE, obj=qualification, commons=profile.commons, subject=profile.person,
                 acting_for=_acting_for(actor, profile.person), part=profiles.GIVING_PROFILE.key)
    qualification.delete()
