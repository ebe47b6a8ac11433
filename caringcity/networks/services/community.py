"""Writes for the neighbourhood map of care: actors, the connections between them, the commons'
vocabulary of kinds of care, and snapshots.

Every function is keyword-only, starts with ``actor`` (a User), runs in one transaction, checks
what the user may do (a refusal is a ValidationError naming the field, and nothing is written),
and writes its audit event (which row, never what anyone wrote)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from caringcity.core.services import audit_record
from caringcity.networks import analysis
from caringcity.networks.models import ACTIVE_STATUSES, Actor, ActorKind, CareKind, Connection, ConnectionStatus, Snapshot
from caringcity.networks.placing import place
from caringcity.networks.selectors.graphs import actor_label, community_graph

# The kinds of gifted care a commons starts with: (key, name, what it means). Names are marked for
# translation but stored in the commons' language of the day they were seeded (organisers rename).
USUAL_CARE_KINDS = [
    ("emotional-support", gettext_noop("Emotional support"), gettext_noop("Listening, comfort, someone to talk to.")),
    ("social-connection", gettext_noop("Social connection"), gettext_noop("Company, meeting people, not being alone.")),
    ("recreation", gettext_noop("Recreation"), gettext_noop("Fun, games, outings, sport and hobbies.")),
    ("skills", gettext_noop("Skills"), gettext_noop("Learning and sharing how to do things.")),
    ("advocacy", gettext_noop("Advocacy"), gettext_noop("Speaking up for someone, or helping them speak up.")),
    ("food", gettext_noop("Food"), gettext_noop("Meals, food parcels, shopping, cooking together.")),
    ("practical-help", gettext_noop("Practical help"), gettext_noop("Lifts, small jobs, errands, paperwork.")),
    ("information", gettext_noop("Information"), gettext_noop("Advice and knowing where to go.")),
]


def _audit(actor, action, obj, commons):
    return audit_record(actor=actor, action=f"networks.{action}", obj=obj, commons=commons)


def _require(user, perm, obj):
    if not user.has_perm(perm, obj):
        raise ValidationError(_("You cannot change this."))


def _text(value):
    return (value or "").strip()


def _not_future(errors, field, day):
    if day is not None and day > timezone.localdate():
        errors[field] = _("This date is in the future. Give today's date or an earlier one.")


# --- kinds of care ---------------------------------------------------------------------------
def care_kinds_ensure(commons):
    """Give a commons the usual kinds of care the first time it needs them (when it has none).
    Idempotent; not audited (nobody chose anything)."""
    if CareKind.objects.filter(commons=commons).exists():
        return
    CareKind.objects.bulk_create(
        [CareKind(commons=commons, key=key, name=_(name), description=_(description)) for key, name, description in USUAL_CARE_KINDS],
        ignore_conflicts=True,
    )


def _check_care_kind_name(commons, name, *, exclude=None):
    if not name:
        raise ValidationError({"name": _("Give the kind of care a name.")})
    others = CareKind.objects.filter(commons=commons)
    if exclude is not None:
        others = others.exclude(pk=exclude.pk)
    if any(other.name.casefold() == name.casefold() for other in others):
        raise ValidationError({"name": _("There is already a kind of care called %(name)s.") % {"name": name}})


def _free_key(commons, name):
    base = slugify(name)[:50] or "kind"
    taken = set(CareKind.objects.filter(commons=commons, key__startswith=base).values_list("key", flat=True))
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@transaction.atomic
def care_kind_add(*, actor, commons, name, description=""):
    _require(actor, "networks.keep_map", commons)
    name = _text(name)
    _check_care_kind_name(commons, name)
    kind = CareKind.objects.create(commons=commons, key=_free_key(commons, name), name=name, description=_text(description))
    _audit(actor, "care_kind.add", kind, commons)
    return kind


@transaction.atomic
def care_kind_change(*, actor, care_kind, name, description=""):
    """Rename a kind (its key, used in links and exports, stays)."""
    commons = care_kind.commons
    _require(actor, "networks.keep_map", commons)
    name = _text(name)
    _check_care_kind_name(commons, name, exclude=care_kind)
    care_kind.name, care_kind.description = name, _text(description)
    care_kind.save(update_fields=["name", "description", "updated"])
    _audit(actor, "care_kind.change", care_kind, commons)
    return care_kind


@transaction.atomic
def care_kind_retire(*, actor, care_kind):
    """Remove a kind nobody uses. A kind on any connection (even an old one) stays, so the map's
    history keeps its meaning: the refusal says how many connections use it."""
    commons = care_kind.commons
    _require(actor, "networks.keep_map", commons)
    used = care_kind.connections.count()
    if used:
        raise ValidationError(
            _("%(name)s is used by %(count)s connection(s), so it stays. Take it off those connections first, or rename it.")
            % {"name": care_kind.name, "count": used}
        )
    _audit(actor, "care_kind.retire", care_kind, commons)
    care_kind.delete()


# --- actors ----------------------------------------------------------------------------------
def _check_actor(errors, commons, *, name, kind, since, person, organisation, team, exclude=None):
    if not name:
        errors["name"] = _("Give a name. For a resident who does not want to be named, it is only shown to you and organisers.")
    if kind not in ActorKind.values:
        errors["kind"] = _("Choose what it is.")
    _not_future(errors, "since", since)
    for field, linked in (("organisation", organisation), ("team", team)):
        if linked is not None and linked.commons_id != commons.pk:
            errors[field] = _("Choose one from this commons.")
    if person is not None and not person.memberships.filter(commons=commons).exists():
        errors["person"] = _("Choose someone in this commons.")
    if team is not None:
        if kind != ActorKind.TEAM:
            errors["team"] = _("Only a care team can be linked to a care team. Choose 'Care team' as what it is.")
        else:
            taken = Actor.objects.filter(commons=commons, team=team, ended__isnull=True)
            if exclude is not None:
                taken = taken.exclude(pk=exclude.pk)
            if taken.exists():
                errors["team"] = _("This care team is already on the map.")


def _place(errors, postcode):
    """(postcode to store, latitude, longitude). A postcode with no point loaded is kept."""
    typed = _text(postcode)
    if not typed:
        return "", None, None
    code, lat, lon = place(typed)
    if not code:
        errors["postcode"] = _("This does not look like a UK postcode. Write it like E5 8QR, or leave it empty.")
        return typed, None, None
    return code, lat, lon


ACTOR_FIELDS = ("name", "kind", "description", "postcode", "website", "email", "phone", "show_name",
                "person", "organisation", "team", "since")


@transaction.atomic
def actor_add(*, actor, commons, name, kind, description="", postcode="", website="", email="", phone="",
              show_name=False, person=None, organisation=None, team=None, since=None):
    _require(actor, "networks.add_to_map", commons)
    name, errors = _text(name), {}
    _check_actor(errors, commons, name=name, kind=kind, since=since, person=person, organisation=organisation, team=team)
    code, lat, lon = _place(errors, postcode)
    if errors:
        raise ValidationError(errors)
    row = Actor.objects.create(
        commons=commons, name=name, kind=kind, description=_text(description), postcode=code, latitude=lat, longitude=lon,
        website=_text(website), email=_text(email), phone=_text(phone), show_name=bool(show_name), person=person,
        organisation=organisation, team=team, since=since or timezone.localdate(), created_by=actor,
    )
    _audit(actor, "actor.add", row, commons)
    return row


@transaction.atomic
def actor_change(*, actor, row, **fields):
    """Change what is known about an actor; ``fields`` are any of ``ACTOR_FIELDS``."""
    row = Actor.objects.select_for_update(of=("self",)).get(pk=row.pk)
    _require(actor, "networks.change_actor", row)
    if row.ended is not None:
        raise ValidationError(_("This actor has left the map, so it cannot be changed."))
    unknown = set(fields) - set(ACTOR_FIELDS)
    if unknown:
        raise TypeError(f"actor_change() got unknown fields: {sorted(unknown)}")
    values = {field: getattr(row, field) for field in ACTOR_FIELDS}
    values.update(fields)
    values["name"], errors = _text(values["name"]), {}
    _check_actor(errors, row.commons, name=values["name"], kind=values["kind"], since=values["since"], person=values["person"],
                 organisation=values["organisation"], team=values["team"], exclude=row)
    code, lat, lon = _place(errors, values["postcode"])
    if errors:
        raise ValidationError(errors)
    for field in ACTOR_FIELDS:
        value = values[field]
        setattr(row, field, _text(value) if isinstance(value, str) and field != "kind" else value)
    row.show_name = bool(values["show_name"])
    row.postcode, row.latitude, row.longitude = code, lat, lon
    row.save()
    _audit(actor, "actor.change", row, row.commons)
    return row


@transaction.atomic
def actor_end(*, actor, row, ended=None):
    """The actor leaves the map on ``ended`` (today by default). Its connections stay as history:
    they no longer show on today's map, but snapshots and the map of an earlier day keep them."""
    row = Actor.objects.select_for_update(of=("self",)).get(pk=row.pk)
    _require(actor, "networks.change_actor", row)
    if row.ended is not None:
        raise ValidationError(_("This actor has already left the map."))
    ended, errors = ended or timezone.localdate(), {}
    _not_future(errors, "ended", ended)
    if row.since and ended < row.since:
        errors["ended"] = _("This is before they joined the map (%(day)s).") % {"day": row.since.isoformat()}
    if errors:
        raise ValidationError(errors)
    row.ended = ended
    row.save(update_fields=["ended", "updated"])
    _audit(actor, "actor.end", row, row.commons)
    return row


# --- connections -----------------------------------------------------------------------------
def _live_between(a, b, exclude=None):
    live = Connection.objects.filter(Q(source=a, target=b) | Q(source=b, target=a), status__in=ACTIVE_STATUSES)
    if exclude is not None:
        live = live.exclude(pk=exclude.pk)
    return live.first()


def _check_connection(errors, commons, *, source, target, status, since, care_kinds, exclude=None):
    for field, end in (("source", source), ("target", target)):
        if end is None or end.commons_id != commons.pk or end.ended is not None:
            errors[field] = _("Choose someone or something on the map now.")
    if "source" not in errors and "target" not in errors and source.pk == target.pk:
        errors["target"] = _("A connection joins two different actors. Choose someone else.")
    if status not in ConnectionStatus.values:
        errors["status"] = _("Choose how the connection is now.")
    _not_future(errors, "since", since)
    if any(kind.commons_id != commons.pk for kind in care_kinds):
        errors["care_kinds"] = _("Choose kinds of care of this commons.")
    if not errors and status in ACTIVE_STATUSES:
        live = _live_between(source, target, exclude)
        if live is not None:
            errors["target"] = _("%(a)s and %(b)s are already connected. Change that connection instead of adding another.") % {
                "a": actor_label(source), "b": actor_label(target)}


@transaction.atomic
def connection_add(*, actor, commons, source, target, status=ConnectionStatus.ENGAGED, direction="both",
                   care_kinds=(), since=None, note=""):
    _require(actor, "networks.add_to_map", commons)
    care_kinds, errors = list(care_kinds or []), {}
    if source is not None and target is not None:
        # read both ends afresh and lock them: two people adding the same pair at once make one connection
        fresh = {row.pk: row for row in Actor.objects.select_for_update(of=("self",)).filter(pk__in=[source.pk, target.pk])}
        source, target = fresh.get(source.pk, source), fresh.get(target.pk, target)
    _check_connection(errors, commons, source=source, target=target, status=status, since=since, care_kinds=care_kinds)
    if direction not in ("one_way", "both"):
        errors["direction"] = _("Choose who gives care.")
    if errors:
        raise ValidationError(errors)
    row = Connection.objects.create(commons=commons, source=source, target=target, status=status, direction=direction,
                                    since=since or timezone.localdate(), note=_text(note), created_by=actor)
    row.care_kinds.set(care_kinds)
    _audit(actor, "connection.add", row, commons)
    return row


@transaction.atomic
def connection_change(*, actor, row, status, direction, care_kinds=(), since=None, note=""):
    """Change how a connection is now, who gives care, what flows, since when. The two ends stay
    (to join different actors, add a new connection)."""
    row = Connection.objects.select_for_update(of=("self",)).select_related("source", "target").get(pk=row.pk)
    _require(actor, "networks.change_connection", row)
    if row.source.ended is not None or row.target.ended is not None:
        raise ValidationError(_("One of them has left the map, so this connection is kept as it was."))
    care_kinds, errors = list(care_kinds or []), {}
    _check_connection(errors, row.commons, source=row.source, target=row.target, status=status, since=since,
                      care_kinds=care_kinds, exclude=row)
    if direction not in ("one_way", "both"):
        errors["direction"] = _("Choose who gives care.")
    if errors:
        raise ValidationError(errors)
    row.status, row.direction, row.since, row.note = status, direction, since or row.since, _text(note)
    row.save(update_fields=["status", "direction", "since", "note", "updated"])
    row.care_kinds.set(care_kinds)
    _audit(actor, "connection.change", row, row.commons)
    return row


@transaction.atomic
def connection_end(*, actor, row):
    """They are not in touch any more: the connection becomes inactive (drawn dashed) and stays
    as history. Its ends, kinds of care and date are kept."""
    row = Connection.objects.select_for_update(of=("self",)).get(pk=row.pk)
    _require(actor, "networks.change_connection", row)
    if row.status == ConnectionStatus.INACTIVE:
        raise ValidationError(_("This connection is already inactive."))
    row.status = ConnectionStatus.INACTIVE
    row.save(update_fields=["status", "updated"])
    _audit(actor, "connection.end", row, row.commons)
    return row


# --- snapshots -------------------------------------------------------------------------------
@transaction.atomic
def snapshot_take(*, actor, commons, name, taken_on=None):
    """Freeze the map. Dated today: the map as it is now. Dated earlier: the map as it stood that
    day (actors and connections by their dates; each connection with its status of today)."""
    _require(actor, "networks.keep_map", commons)
    name, taken_on, errors = _text(name), taken_on or timezone.localdate(), {}
    if not name:
        errors["name"] = _("Give the snapshot a name, for example: Spring 2026.")
    _not_future(errors, "taken_on", taken_on)
    if errors:
        raise ValidationError(errors)
    graph = community_graph(commons, at=taken_on if taken_on < timezone.localdate() else None)
    row = Snapshot.objects.create(commons=commons, name=name, taken_on=taken_on, data=graph.to_dict(),
                                  summary=analysis.summarise(graph), created_by=actor)
    _audit(actor, "snapshot.take", row, commons)
    return row
