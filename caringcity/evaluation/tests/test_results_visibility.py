"""Results go to the people who answered first (issue 7, point 5): an organiser shares a closed
round's results; from then the people who finished see them, everyone else in the commons
(organisers too) ``first_look_days`` later. The e-mail carries a link, never a figure or answer.
The rule and its queryset twin agree for every persona at every moment."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.core.testing import ROLES
from caringcity.evaluation import keys
from caringcity.evaluation.models import SurveyRound
from caringcity.evaluation.selectors import results as selectors
from caringcity.evaluation.services import results as services
from caringcity.evaluation.tests.factories import answered, make_round

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def world(commons, personas):
    """A closed round that the member and the owner answered (with a score of 23.21 each, and three
    other people), shared at ``shared``, seen by everyone seven days later."""
    survey_round = make_round(commons, instruments=[keys.SWEMWBS], status="closed")
    for role in ("member", "owner"):
        answered(survey_round, personas[role].person, scores={(keys.SWEMWBS, "metric"): 23.21})
    for _ in range(3):
        answered(survey_round, scores={(keys.SWEMWBS, "metric"): 23.21})
    answered(survey_round, personas["proxy"].person, finished=False)  # began, never finished
    return survey_round


def _visible_matrix(personas, survey_round, now):
    return {role: selectors.results_visible_to(personas.user(role) or _anon(), survey_round, now=now) for role in ROLES}


def _anon():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _twin_matrix(personas, commons, now):
    result = {}
    for role in ROLES:
        user = personas.user(role) or _anon()
        result[role] = set(selectors.rounds_with_results_visible_to(user, commons, now=now))
    return result


def test_nobody_sees_results_before_they_are_shared(world, personas, commons):
    now = timezone.now()
    assert not any(_visible_matrix(personas, world, now).values())
    assert not any(_twin_matrix(personas, commons, now).values())


def test_the_people_who_answered_see_them_first_and_everyone_else_after_the_first_look(world, personas, commons):
    organiser = personas.user("organiser")
    shared_at = timezone.now() - 2 * DAY
    services.round_results_share(actor=organiser, survey_round=world, first_look_days=7, now=shared_at)
    world.refresh_from_db()
    assert world.results_to_respondents == shared_at and world.first_look_days == 7
    assert selectors.everyone_from(world) == shared_at + 7 * DAY

    moments = {
        "before sharing": (shared_at - DAY, set()),
        "on the day": (shared_at, {"member", "owner"}),
        "during the first look": (shared_at + 6 * DAY, {"member", "owner"}),
        "after the first look": (shared_at + 7 * DAY, {"member", "owner", "proxy", "organiser", "admin"}),
    }
    for label, (now, expected) in moments.items():
        got = _visible_matrix(personas, world, now)
        assert {role for role, seen in got.items() if seen} == expected, label
        twin = _twin_matrix(personas, commons, now)
        assert {role for role, rounds in twin.items() if world in rounds} == expected, label  # the twin agrees
    assert world not in _twin_matrix(personas, commons, shared_at + 30 * DAY)["outsider"]


def test_the_rule_is_the_selector(world, personas):
    services.round_results_share(actor=personas.user("organiser"), survey_round=world, now=timezone.now() - DAY)
    world.refresh_from_db()
    for role in ROLES:
        user = personas.user(role) or _anon()
        assert user.has_perm("evaluation.see_round_results", world) == selectors.results_visible_to(user, world), role


def test_sharing_e_mails_each_person_who_finished_a_link_and_no_figures(world, personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.round_results_share(actor=personas.user("organiser"), survey_round=world)
    # the member and the owner have logins; the three others have e-mail addresses but no login; the
    # proxy never finished
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas["member"].person.user.email, personas["owner"].person.user.email])
    assert OutboundEmail.objects.count() == 2
    for message in mail.outbox:
        body = message.body + message.subject
        assert world.name in body and f"/evaluation/results/{world.uuid}/" in body
        assert "23.2" not in body and "SWEMWBS" not in body.upper() and "wellbeing" not in body.lower() and "metric" not in body
        everyone = timezone.localtime(selectors.everyone_from(world))
        assert everyone.strftime("%Y") in body  # the day everyone else sees them, in words


def test_sharing_is_audited_without_figures(world, personas):
    services.round_results_share(actor=personas.user("organiser"), survey_round=world)
    event = AuditEvent.objects.get(action="evaluation.results.share")
    assert event.object_id == str(world.uuid) and "23.2" not in event.reason


@pytest.mark.parametrize("role", ["member", "owner", "proxy", "outsider"])
def test_only_organisers_share_and_a_refusal_changes_nothing(world, personas, role):
    with pytest.raises(ValidationError):
        services.round_results_share(actor=personas.user(role), survey_round=world)
    world.refresh_from_db()
    assert world.results_to_respondents is None and not OutboundEmail.objects.exists()


@pytest.mark.parametrize("status", ["draft", "open"])
def test_a_round_is_shared_only_once_it_is_closed(world, personas, status):
    SurveyRound.objects.filter(pk=world.pk).update(status=status)
    world.refresh_from_db()
    with pytest.raises(ValidationError, match="Close the round first"):
        services.round_results_share(actor=personas.user("organiser"), survey_round=world)
    world.refresh_from_db()
    assert world.results_to_respondents is None


def test_results_are_shared_once_and_the_first_look_stays_within_limits(world, personas):
    organiser = personas.user("organiser")
    with pytest.raises(ValidationError) as error:
        services.round_results_share(actor=organiser, survey_round=world, first_look_days=0)
    assert "first_look_days" in error.value.message_dict
    services.round_results_share(actor=organiser, survey_round=world)
    with pytest.raises(ValidationError, match="already shared"):
        services.round_results_share(actor=organiser, survey_round=world)
    assert AuditEvent.objects.filter(action="evaluation.results.share").count() == 1


def test_someone_who_stopped_taking_part_is_not_a_first_reader(world, personas):
    invitation = world.invitations.get(person=personas["member"].person)
    invitation.consent = "withdrawn"
    invitation.save()
    services.round_results_share(actor=personas.user("organiser"), survey_round=world)
    world.refresh_from_db()
    assert not selectors.results_visible_to(personas.user("member"), world)
    assert selectors.results_visible_to(personas.user("owner"), world)
