"""Writes for calendar feeds and visit reminders. Keyword-only, atomic, each writing its audit
event (who and what, never content). Fetching a feed is not audited (calendar apps poll every
hour or so); making or resetting a feed link is."""

import logging
from collections import defaultdict
from datetime import timedelta

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.models import AuditEvent
from caringcity.core.services import audit_record
from caringcity.people import selectors as people
from caringcity.people.models import Person
from caringcity.visits import reminders
from caringcity.visits.access import record_standing
from caringcity.visits.models import FeedToken, ReminderSent, ReminderSetting
from caringcity.visits.selectors import feeds as selectors

A = AuditEvent.Action
log = logging.getLogger(__name__)

HOURS_CHOICES = (2, 12, 24, 48)
DEFAULT_CHANNEL, DEFAULT_HOURS = "email", 24


# --- feed links ---------------------------------------------------------------------------------
@transaction.atomic
def feed_token_make(*, actor, commons, team=None):
    """Make the signed-in person's secret feed link (their own visits, or ``team``'s rota), or a
    new one in place of the old: the old link stops working at once."""
    membership = people.membership_of(actor, commons)
    if membership is None:
        raise PermissionDenied
    person = Person.objects.select_for_update().get(pk=membership.person.pk)  # one maker at a time
    acting_for = None
    if team is not None:
        if team.commons_id != commons.pk or not actor.has_perm("visits.view_rota", team):
            raise PermissionDenied
        acting_for = record_standing(actor, team).acting_for
    scope = FeedToken.Scope.TEAM if team is not None else FeedToken.Scope.PERSON
    old = FeedToken.objects.filter(person=person, commons=commons, scope=scope, team=team)
    reset = old.exists()
    old.delete()
    feed = FeedToken(person=person, commons=commons, scope=scope, team=team)
    secret = selectors.feed_secret_for_new(feed)
    feed.token_hash = selectors.hash_token(secret)
    feed.token_hint = secret[-4:]
    feed.save()
    audit_record(
        actor=actor, action=A.UPDATE if reset else A.CREATE, obj=feed, commons=commons,
        subject=team.owner if team is not None else person, acting_for=acting_for,
        reason=f"{scope} calendar link {'reset' if reset else 'made'}",
    )
    feed.secret = secret  # in memory only
    return feed


# --- reminder settings --------------------------------------------------------------------------
@transaction.atomic
def reminder_setting_save(*, actor, person, channel, hours_before):
    """A person chooses how (or whether) to be reminded, and how long before a visit."""
    me = people.person_for_user(actor)
    if me is None or me.pk != person.pk:
        raise PermissionDenied
    errors = {}
    if channel != reminders.NONE and reminders.get_channel(channel) is None:
        errors["channel"] = _("Choose how we should remind you.")
    try:
        hours_before = int(hours_before)
    except (TypeError, ValueError):
        hours_before = None
    if hours_before not in HOURS_CHOICES:
        errors["hours_before"] = _("Choose how long before the visit.")
    if errors:
        raise ValidationError(errors)
    setting, created = ReminderSetting.objects.get_or_create(
        person=person, defaults={"channel": channel, "hours_before": hours_before}
    )
    changed = [f for f, v in (("channel", channel), ("hours_before", hours_before)) if getattr(setting, f) != v]
    if changed:
        setting.channel, setting.hours_before = channel, hours_before
        setting.save(update_fields=["channel", "hours_before", "updated"])
    if created or changed:
        audit_record(actor=actor, action=A.CREATE if created else A.UPDATE, obj=setting, subject=person,
                     reason=", ".join(changed) if changed else "reminder settings")
    return setting


def reminder_setting_of(person):
    """(channel, hours before) for ``person``: their own choice, or e-mail 24 hours before."""
    try:
        setting = person.reminder_setting
    except ObjectDoesNotExist:
        return DEFAULT_CHANNEL, DEFAULT_HOURS
    return setting.channel, setting.hours_before


# --- sending reminders --------------------------------------------------------------------------
def reminders_send(*, now=None):
    """Remind each person of the planned visits they joined that start within their chosen
    window, once per visit. Safe to run twice, or twice at the same time: a reminder is claimed
    by inserting its ``ReminderSent`` row (unique per visit, person and channel) before it is
    sent, and only the run whose row went in sends it. Cancelled visits, people who left the team
    and people who chose "no reminders" get none. Queries: a fixed number per run, plus what each
    channel writes (one outbox row per e-mail). Returns (reminders, messages)."""
    now = now or timezone.now()
    groups = defaultdict(list)
    for signup in selectors.reminder_candidates(now, timedelta(hours=max(HOURS_CHOICES))):
        channel, hours = reminder_setting_of(signup.person)
        if channel == reminders.NONE or reminders.get_channel(channel) is None:
            continue
        if signup.visit.starts > now + timedelta(hours=hours):
            continue
        groups[(signup.person_id, channel, signup.visit.team.commons_id)].append(signup)
    if not groups:
        return 0, 0
    sent_reminders = sent_messages = 0
    with transaction.atomic():
        claims = {
            key: [ReminderSent(visit=s.visit, person=s.person, channel=key[1]) for s in signups]
            for key, signups in groups.items()
        }
        ReminderSent.objects.bulk_create([c for cs in claims.values() for c in cs], ignore_conflicts=True)
        won = set(ReminderSent.objects.filter(uuid__in=[c.uuid for cs in claims.values() for c in cs])
                  .values_list("uuid", flat=True))
        give_back = []
        for key, signups in groups.items():
            mine = [c for c in claims[key] if c.uuid in won]
            if not mine:
                continue  # another run got there first
            visits = [c.visit for c in mine]
            person, commons = signups[0].person, signups[0].visit.team.commons
            try:
                with transaction.atomic():
                    delivered = reminders.get_channel(key[1]).send(person, visits, commons=commons)
            except Exception:  # noqa: BLE001 - one failing channel must not stop the others
                log.exception("reminder channel %s failed", key[1])
                delivered = False
            if delivered:
                sent_reminders += len(mine)
                sent_messages += 1
            else:
                give_back.extend(c.uuid for c in mine)
        if give_back:
            ReminderSent.objects.filter(uuid__in=give_back).delete()
        if sent_reminders:
            audit_record(actor=None, action=A.CREATE, object_type="visits.remindersent",
                         reason=f"{sent_reminders} visit reminders in {sent_messages} messages")
    return sent_reminders, sent_messages


def run_housekeeping(stdout):
    """For ``manage.py housekeeping`` (every 15 minutes): send the reminders that are due."""
    count, messages = reminders_send(now=timezone.now())
    stdout.write(f"visits: {count} visit reminders sent in {messages} messages")
