"""The demo's calendar feeds and reminders. Runs after the rota demo (which makes four weeks of
past and future visits, with people joined, for Arthur's and Gloria's teams) and uses those
visits; it makes none itself. Safe to run again: it finds before it creates.

- Rosa has a calendar link for her own visits; Janet has one for Arthur's team; Zeynep (Gloria's
  Rota Holder) has one for Gloria's team.
- Reminder settings: Rosa by e-mail a day before, Janet by e-mail 2 hours before, Ayo none.
- Past visits are marked as already reminded (as if housekeeping had been running), so the first
  ``manage.py housekeeping`` only sends reminders for visits in the coming hours.
"""

from django.utils import timezone

from caringcity.visits.models import ReminderSent, ReminderSetting, Signup, SignupStatus
from caringcity.visits.selectors import feeds as selectors
from caringcity.visits.services import feeds as services

# person key, team key (None: their own visits)
FEEDS = [("member", None), ("proxy", "arthur"), ("zeynep", "gloria")]
# person key, channel, hours before
SETTINGS = [("member", "email", 24), ("proxy", "email", 2), ("ayo", "none", 24)]


def build(ctx):
    commons = ctx["commons"]["clapton"]
    people = ctx["people"]
    teams = ctx.get("teams", {})
    links = []
    for key, team_key in FEEDS:
        person = people.get(key)
        team = teams.get(team_key) if team_key else None
        if person is None or person.user is None or (team_key and team is None):
            continue
        feed = selectors.feed_token_for(person, commons, team)
        if feed is None:
            feed = services.feed_token_make(actor=person.user, commons=commons, team=team)
        link = selectors.feed_links(feed)
        if link:
            links.append(f"{person.display_name}: {link['https']}")
    for key, channel, hours in SETTINGS:
        person = people.get(key)
        if person is not None:
            ReminderSetting.objects.update_or_create(person=person, defaults={"channel": channel, "hours_before": hours})
    # Past visits count as reminded already (one e-mail reminder each, for people who want them).
    demo_teams = [t for k, t in teams.items() if k in ("arthur", "gloria")]
    past = (Signup.objects.filter(visit__team__in=demo_teams, visit__starts__lt=timezone.now(), status=SignupStatus.JOINED)
            .exclude(person__reminder_setting__channel="none").values_list("visit_id", "person_id"))
    ReminderSent.objects.bulk_create(
        [ReminderSent(visit_id=v, person_id=p, channel="email") for v, p in past], ignore_conflicts=True
    )
    if links:
        ctx.setdefault("notes", []).append(
            "Calendar feeds (paste into a calendar app; the team page has 'Print this week's rota'):\n  " + "\n  ".join(links)
        )
