"""Reads for the people app. Each rule in rules.py has its queryset twin here; fetch-and-check
helpers (``access_*``) answer 404 for anything out of the user's scope, so its existence stays
hidden."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.core.models import AuditEvent, Commons
from caringcity.people import privacy
from caringcity.people.models import (
    AccessGrant,
    EmergencyAccess,
    EmergencyContact,
    GettingSupportProfile,
    GivingSupportProfile,
    Invitation,
    Membership,
    Organisation,
    Person,
    Proxy,
    hash_token,
)


# --- who am I, where --------------------------------------------------------------------------
def person_for_user(user):
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "person", None)


def memberships_for_user(user):
    person = person_for_user(user)
    if person is None:
        return Membership.objects.none()
    return Membership.objects.active().filter(person=person).select_related("commons").order_by("commons__name")


def membership_of(user, commons):
    """The user's active membership in this commons, or None. Cached on the user for a request."""
    if not getattr(user, "is_authenticated", False):
        return None
    cache = user.__dict__.setdefault("_cc_memberships", {})
    if commons.pk not in cache:
        person = person_for_user(user)
        cache[commons.pk] = (
            Membership.objects.active().filter(person=person, commons=commons).select_related("person", "commons").first()
            if person
            else None
        )
    return cache[commons.pk]



@dataclass(frozen=True)
class MemberStanding:
    """How a user stands towards one commons: their active membership there, or None."""

    membership: object

    person = property(lambda self: self.membership.person if self.membership else None)
    is_member = property(lambda self: self.membership is not None)
    is_organiser = property(lambda self: bool(self.membership and self.membership.is_organiser))


def member_standing(user, commons):
    """The user's ``MemberStanding`` in ``commons`` (the membership is cached by ``membership_of``)."""
    return MemberStanding(membership_of(user, commons))


def get_in_commons(model, commons, uuid, **filters):
    """One row of ``model`` in ``commons`` by its public uuid, or 404 (bad uuids too)."""
    try:
        return model.objects.get(commons=commons, uuid=uuid, **filters)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc

def user_has_elevated_role(user):
    person = person_for_user(user)
    if person is None:
        return False
    return Membership.objects.active().filter(
        person=person, role__in=[Membership.Role.ORGANISER, Membership.Role.ADMIN]
    ).exists()


def access_commons(user, slug):
    """The commons with this slug and the user's membership in it, or 404."""
    commons = Commons.objects.filter(slug=slug).first()
    membership = membership_of(user, commons) if commons else None
    if membership is None:
        raise Http404
    return commons, membership


# --- people in a commons ----------------------------------------------------------------------
def people_in_commons(commons):
    return Person.objects.filter(memberships__commons=commons, memberships__status=Membership.Status.ACTIVE)


def member_list(commons, *, search=""):
    qs = (
        Membership.objects.active()
        .filter(commons=commons)
        .select_related("person")
        .order_by("person__name", "pk")
    )
    if search:
        qs = qs.filter(
            Q(person__name__icontains=search)
            | Q(person__preferred_name__icontains=search)
            | Q(person__languages__icontains=search)
        )
    return qs


def access_member(commons, person_uuid):
    """A person's active membership in this commons, or 404 (a person of another commons, or
    someone who left, is out of scope)."""
    membership = (
        Membership.objects.active()
        .filter(commons=commons, person__uuid=person_uuid)
        .select_related("person", "person__user", "commons")
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def count_members_by_role(commons):
    rows = Membership.objects.active().filter(commons=commons).values("role").annotate(n=Count("pk"))
    counts = {role: 0 for role, _ in Membership.Role.choices}
    for row in rows:
        counts[row["role"]] = row["n"]
    counts["total"] = sum(counts.values())
    counts["without_login"] = (
        Membership.objects.active().filter(commons=commons, person__user=None).count()
    )
    return counts


# --- privacy: the queryset twin of privacy.access_basis ------------------------------------
def _part_q(part):
    return Q(part=part) | Q(part=privacy.ALL_PARTS)


def is_proxy_for(viewer_person, commons, person):
    if viewer_person is None:
        return False
    return Proxy.objects.current().filter(commons=commons, proxy=viewer_person, principal=person).exists()


def access_basis(user, commons, person, part_key):
    """Why ``user`` may see part ``part_key`` of ``person`` in ``commons``, or None."""
    return access_bases(user, commons, person, [part_key])[part_key]


def access_bases(user, commons, person, part_keys):
    """``access_basis`` for several parts of one person at once, in a constant number of queries:
    {part key: basis or None}. The single place the rules of privacy.py are applied to one person."""
    part_keys = list(part_keys)
    result = dict.fromkeys(part_keys)
    viewer_membership = membership_of(user, commons)
    if viewer_membership is None or not part_keys:
        return result
    if not Membership.objects.active().filter(commons=commons, person=person).exists():
        return result
    viewer = viewer_membership.person
    if viewer.pk == person.pk:
        return dict.fromkeys(part_keys, "self")
    if is_proxy_for(viewer, commons, person):
        return dict.fromkeys(part_keys, "proxy")
    now = timezone.now()
    granted = set(
        AccessGrant.objects.current(now)
        .filter(Q(part__in=part_keys) | Q(part=privacy.ALL_PARTS), commons=commons, grantor=person, grantee=viewer)
        .values_list("part", flat=True)
    )
    emergency = None
    for key in part_keys:
        if privacy.ALL_PARTS in granted or key in granted:
            result[key] = "grant"
            continue
        if emergency is None:
            emergency = EmergencyAccess.objects.current(now).filter(commons=commons, person=person, holder=viewer).exists()
        if emergency:
            result[key] = "emergency"
            continue
        part = privacy.get_part(key)
        if viewer_membership.status == Membership.Status.ACTIVE and viewer_membership.role in part.open_to_roles:
            result[key] = "role"
    return result


def people_whose_part_visible(user, commons, part_key):
    """Every person in this commons whose part ``part_key`` the user may see (twin of access_basis)."""
    viewer_membership = membership_of(user, commons)
    if viewer_membership is None:
        return Person.objects.none()
    members = people_in_commons(commons)
    part = privacy.get_part(part_key)
    if viewer_membership.role in part.open_to_roles:
        return members
    viewer = viewer_membership.person
    now = timezone.now()
    proxied = Proxy.objects.current(now).filter(commons=commons, proxy=viewer, principal=OuterRef("pk"))
    granted = AccessGrant.objects.current(now).filter(_part_q(part_key), commons=commons, grantee=viewer, grantor=OuterRef("pk"))
    emergency = EmergencyAccess.objects.current(now).filter(commons=commons, holder=viewer, person=OuterRef("pk"))
    return members.filter(Q(pk=viewer.pk) | Exists(proxied) | Exists(granted) | Exists(emergency)).distinct()


def principals_of(user, commons):
    """People the user currently acts for in this commons."""
    person = person_for_user(user)
    if person is None:
        return Person.objects.none()
    return Person.objects.filter(
        pk__in=Proxy.objects.current().filter(commons=commons, proxy=person).values("principal")
    ).order_by("name")


def privacy_overview(commons, person):
    now = timezone.now()
    return {
        "grants": AccessGrant.objects.current(now).filter(commons=commons, grantor=person).select_related("grantee"),
        "proxies": Proxy.objects.current(now).filter(commons=commons, principal=person).select_related("proxy"),
        "acts_for": Proxy.objects.current(now).filter(commons=commons, proxy=person).select_related("principal"),
        "emergency_contacts": EmergencyContact.objects.filter(commons=commons, person=person, ended_at=None).select_related("holder"),
        "emergency_for": EmergencyContact.objects.filter(commons=commons, holder=person, ended_at=None).select_related("person"),
        "emergency_now": EmergencyAccess.objects.current(now).filter(commons=commons, person=person).select_related("holder"),
    }


def access_log(commons, person):
    """Audit events about this person's records, by anyone else. Names are resolved in one query."""
    events = list(
        AuditEvent.objects.filter(subject=person.uuid, commons=commons)
        .exclude(actor_person=person.uuid)
        .select_related("actor")
        .order_by("-created", "-id")[:500]
    )
    uuids = {e.actor_person for e in events} | {e.acting_for for e in events}
    names = dict(Person.objects.filter(uuid__in=[u for u in uuids if u]).values_list("uuid", "name"))
    for event in events:
        event.actor_name = names.get(event.actor_person) or (event.actor.display_name if event.actor else "")
        event.acting_for_name = names.get(event.acting_for, "")
        event.part_label = privacy.part_label(event.part) if event.part else ""
        event.basis_label = privacy.BASIS_LABELS.get(event.basis, "")
        event.action_label = _action_label(event)
    return events


# Apps name their actions "<app>.<thing>.<verb>"; the list of who looked says the verb in words.
_VERB_ACTIONS = {
    "add": AuditEvent.Action.CREATE, "create": AuditEvent.Action.CREATE, "start": AuditEvent.Action.CREATE,
    "remove": AuditEvent.Action.DELETE, "delete": AuditEvent.Action.DELETE, "end": AuditEvent.Action.DELETE,
    "view": AuditEvent.Action.VIEW, "export": AuditEvent.Action.EXPORT,
}


def _action_label(event):
    if event.action == AuditEvent.Action.EXPORT and event.reason == "printed":
        return _("printed")
    if event.action in AuditEvent.Action.values:
        return event.get_action_display()
    verb = event.action.rsplit(".", 1)[-1]
    return AuditEvent.Action(_VERB_ACTIONS.get(verb, AuditEvent.Action.UPDATE)).label


# --- invitations and organisations ------------------------------------------------------------
def invitation_by_token(token):
    invitation = Invitation.objects.filter(token_hash=hash_token(token)).select_related("commons", "person").first()
    if invitation is None:
        raise Http404
    return invitation


def open_invitations(commons):
    return Invitation.objects.filter(commons=commons, status=Invitation.Status.PENDING).select_related("person", "invited_by")


def organisation_list(commons, *, search="", kind=""):
    qs = Organisation.objects.filter(commons=commons).annotate(member_count=Count("members")).order_by("name", "pk")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(description__icontains=search))
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def access_organisation(commons, organisation_uuid):
    organisation = Organisation.objects.filter(commons=commons, uuid=organisation_uuid).first()
    if organisation is None:
        raise Http404
    return organisation


def organisation_members(organisation):
    return organisation.members.select_related("person").order_by("person__name")


# --- profiles ---------------------------------------------------------------------------------
def is_profile_writer(user, commons, person):
    """True if a later app (through ``privacy.register_profile_writer``) lets this user write the
    person's Getting Support profile."""
    if membership_of(user, commons) is None:
        return False
    return any(fn(user, commons, person) for fn in privacy.profile_writers())


def profile_section_bases(user, commons, person, part_keys, *, can_write=False):
    """{part: basis or None} for parts of a profile. Someone who may write the profile may also
    read what they write (basis "writer"); every such look is recorded like any other."""
    bases = access_bases(user, commons, person, part_keys)
    if can_write:
        bases = {key: basis or "writer" for key, basis in bases.items()}
    return bases


def getting_profile_for(commons, person):
    """The person's Getting Support profile here, or an empty unsaved one (it is created on the first edit)."""
    return (GettingSupportProfile.objects.filter(commons=commons, person=person).first()
            or GettingSupportProfile(commons=commons, person=person))


def giving_profile_for(commons, person):
    """The person's Giving Support profile here (with its qualifications), or an empty unsaved one."""
    profile = (GivingSupportProfile.objects.filter(commons=commons, person=person)
               .prefetch_related("qualifications").first())
    if profile is None:
        profile = GivingSupportProfile(commons=commons, person=person, open_to_matching=False)
    return profile


def giving_profiles_visible_to(user, commons):
    """Giving Support profiles this user may see: every open one; their own, those of people they
    act for, and (for organisers) all, even when not shown in matches. Twin of the rule
    ``people.view_giving_profile``. Profiles of people who left the commons are out of scope."""
    viewer_membership = membership_of(user, commons)
    if viewer_membership is None:
        return GivingSupportProfile.objects.none()
    active = Membership.objects.active().filter(commons=commons, person=OuterRef("person"))
    qs = GivingSupportProfile.objects.filter(Exists(active), commons=commons)
    if viewer_membership.role in (Membership.Role.ORGANISER, Membership.Role.ADMIN):
        return qs
    viewer = viewer_membership.person
    proxied = Proxy.objects.current().filter(commons=commons, proxy=viewer, principal=OuterRef("person"))
    return qs.filter(Q(open_to_matching=True) | Q(person=viewer) | Exists(proxied))


def giving_profile_list(user, commons, *, search=""):
    qs = giving_profiles_visible_to(user, commons).select_related("person").order_by("person__name", "pk")
    if search:
        qs = qs.filter(
            Q(skills__icontains=search) | Q(person__languages__icontains=search)
            | Q(person__name__icontains=search) | Q(person__preferred_name__icontains=search)
        )
    return qs


def profile_grants(commons, person, parts):
    """The person's permissions in force for these parts, and for "everything about me"."""
    return (AccessGrant.objects.current()
            .filter(Q(part__in=parts) | Q(part=privacy.ALL_PARTS), commons=commons, grantor=person)
            .select_related("grantee").order_by("grantee__name", "pk"))


def sharing_candidates(commons, person, uuids):
    """Active members of this commons with these uuids (not the person themselves), in one query."""
    if not uuids:
        return Person.objects.none()
    return people_in_commons(commons).filter(uuid__in=uuids).exclude(pk=person.pk).order_by("name")
