"""Helpers to build rota and records test data. Visits here are made directly (not through the
series services) so each part's tests stay independent of recurrence."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from caringcity.teams.models import Hat, HatTerm, TermStatus
from caringcity.teams.tests.factories import make_team
from caringcity.visits.models import Signup, SignupStatus, Visit


def make_visit(team, *, starts=None, minutes=60, joined=(), **fields):
    """A planned visit for ``team`` with ``joined`` people (Person objects) coming."""
    starts = starts or (timezone.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    visit = Visit.objects.create(team=team, starts=starts, ends=starts + timedelta(minutes=minutes), **fields)
    for person in joined:
        Signup.objects.create(visit=visit, person=person, status=SignupStatus.JOINED)
    if joined:
        visit.joined_count = len(joined)
        visit.save(update_fields=["joined_count"])
    return visit


def give_hat(team, person, kind):
    """``person`` holds the team's ``kind`` hat now."""
    hat, _ = Hat.objects.get_or_create(team=team, kind=kind)
    return HatTerm.objects.create(hat=hat, holder=person, status=TermStatus.HELD, starts=timezone.localdate())


def client_for(user):
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team(personas, commons):
    """A team for the ``owner`` persona (import this fixture by name)."""
    return make_team(personas, commons, name="Olive's team")
