"""The feeds demo builder: uses the rota demo's visits, makes links and settings, runs twice with
the same result."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from caringcity.people.tests.factories import member_with_login
from caringcity.teams import services as team_services
from caringcity.teams.models import HatKind, MemberKind
from caringcity.teams.tests.factories import add_member, make_team
from caringcity.visits import demo_feeds
from caringcity.visits.models import FeedToken, ReminderSent, ReminderSetting
from caringcity.visits.selectors import feeds as selectors
from caringcity.visits.tests.factories import give_hat, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(personas, commons):
    arthur = make_team(personas, commons, name="Arthur's team")
    rosa = personas["member"]
    add_member(arthur, personas, rosa, kind=MemberKind.VOLUNTEER)  # Janet (the proxy) is on the owner's side
    ayo = member_with_login(commons, name="Ayo Worker")
    add_member(arthur, personas, ayo, kind=MemberKind.WORKER_SELF)
    gloria_owner = member_with_login(commons, name="Gloria Owner")
    gloria = team_services.team_create(actor=personas.user("organiser"), commons=commons, owner=gloria_owner.person, name="Gloria's team")
    zeynep = member_with_login(commons, name="Zeynep Friend")
    invite = team_services.member_invite(actor=gloria_owner.person.user, team=gloria, person=zeynep.person, kind=MemberKind.FRIEND, trial_sessions=0)
    team_services.member_accept(actor=zeynep.person.user, member=invite)
    give_hat(gloria, zeynep.person, HatKind.ROTA_HOLDER)
    now = timezone.now()
    for days in (-14, -7, -1, 1, 7, 14):  # as the rota demo makes: past and future visits with people joined
        make_visit(arthur, starts=now + timedelta(days=days), joined=[rosa.person, ayo.person])
        make_visit(gloria, starts=now + timedelta(days=days, hours=2), joined=[zeynep.person])
    return {
        "commons": {"clapton": commons},
        "people": {"member": rosa.person, "proxy": personas["proxy"].person, "ayo": ayo.person, "zeynep": zeynep.person},
        "teams": {"arthur": arthur, "gloria": gloria},
        "signins": [],
    }


def _counts():
    return FeedToken.objects.count(), ReminderSetting.objects.count(), ReminderSent.objects.count()


def test_demo_builds_links_settings_and_past_reminders_and_runs_twice(ctx):
    demo_feeds.build(ctx)
    first = _counts()
    # 3 links; 3 settings; past visits: Rosa 3 (Arthur) + Zeynep 3 (Gloria); Ayo chose none.
    assert first == (3, 3, 6)
    demo_feeds.build(ctx)
    assert _counts() == first
    rosa = ctx["people"]["member"]
    feed = FeedToken.objects.get(person=rosa)
    response = Client().get(selectors.feed_links(feed)["https"].removeprefix(settings.SITE_URL))
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == 6
    janet_team_feed = FeedToken.objects.get(person=ctx["people"]["proxy"])
    assert janet_team_feed.team == ctx["teams"]["arthur"]
    assert any("Calendar feeds" in note for note in ctx["notes"])


def test_demo_without_visits_or_teams_still_runs(personas, commons):
    ctx = {"commons": {"clapton": commons}, "people": {"member": personas["member"].person}, "signins": []}
    demo_feeds.build(ctx)
    demo_feeds.build(ctx)
    assert FeedToken.objects.count() == 1
