"""The meetings demo: on the demos ``manage.py demo`` runs before it (people, teams, visits and the
other circles parts), in Clapton North and the General circle, it promises what the docs say, and
a second run changes nothing."""

import pytest
from django.utils import timezone

from caringcity.circles import demo_meetings
from caringcity.circles.models import Action, AgendaItem, Meeting, MeetingStatus, Taker
from caringcity.circles.selectors import meetings as selectors
from caringcity.circles.tests.demo_world import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return load_demo(before="demo_meetings")  # as ``manage.py demo`` runs the demos before this one


def _counts():
    return Meeting.objects.count(), AgendaItem.objects.count(), Taker.objects.count(), Action.objects.count(), \
        Action.objects.filter(done_at__isnull=False).count()


def test_demo_meetings_promise_what_the_docs_say_and_run_twice(cast):
    demo_meetings.build(cast)
    first = _counts()
    demo_meetings.build(cast)
    assert _counts() == first
    p, north, general = cast["people"], cast["circles"]["north"], cast["circles"]["general"]
    now = timezone.now()

    held = list(Meeting.objects.filter(circle=north, status=MeetingStatus.HELD).order_by("starts"))
    assert len(held) == 7 and all(m.starts < now for m in held)
    planned = Meeting.objects.get(circle=north, status=MeetingStatus.PLANNED)
    assert now < planned.starts < now + timezone.timedelta(days=62)

    last = held[-1]
    assert (now - last.starts).days < 62
    welcome = last.agenda.get(proposal__title="Welcome pack for new volunteers")  # the proposals demo's
    assert welcome.notes and last.agenda.exclude(notes="").count() == 4
    came = {t.person_id: t for t in last.attendance.all()}
    assert came[p["paper"].pk].how == "phone"
    assert came[p["zeynep"].pk].kind == "learning" and came[p["priya"].pk].kind == "guest"
    assert p["doreen"].pk not in came
    assert [a.done_at is not None for a in last.actions.order_by("pk")] == [True, False]
    assert [a.who for a in last.actions.order_by("pk")] == [p["zeynep"], p["member"]]

    # Enough history for "who is around the table": people getting support missed two meetings.
    over = selectors.around_the_table_over_time(p["member"].user, north)
    kinds = {k[0]: k[2:4] for k in over.kinds}
    assert len(over.meetings) == 7 and kinds["supported"] == (2, 5) and kinds["partner"] == (1, 2)
    assert Taker.objects.filter(meeting__circle=north, person=p["gloria"], kind="").count() == 1  # a visitor once

    gen = Meeting.objects.get(circle=general, status=MeetingStatus.HELD)
    assert gen.confidential and gen.confidential_reason and gen.attendance.count() == 7
    assert Meeting.objects.filter(circle=general, status=MeetingStatus.PLANNED, starts__gt=now).count() == 1


def test_the_demo_without_circles_does_nothing(db):
    from caringcity.people import demo as people_demo
    from caringcity.teams import demo as teams_demo

    ctx = {"signins": []}
    people_demo.build(ctx)
    teams_demo.build(ctx)
    demo_meetings.build(ctx)
    assert "circles" not in ctx and not Meeting.objects.exists()
