"""A small evaluation for the reports tests: a framework in use with a platform indicator and a
questionnaire indicator, three months of values, two survey rounds open to everyone (one with five
people, one with four), a round still in its first look, reflections in and out of the period,
and quotes (approved, withdrawn, permission taken back)."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from caringcity.evaluation import keys
from caringcity.evaluation.models import ConsentState, FrameworkStatus, Indicator, Method, Reflection, Score
from caringcity.evaluation.tests.factories import (
    invite, make_answer, make_framework, make_quote, make_report, make_round, make_value,
)
from caringcity.evaluation.models import Dimension, Outcome, OutcomeDomain, Output
from caringcity.people.tests.factories import MembershipFactory, PersonFactory

JAN, FEB, MAR = (datetime.date(2026, m, 1) for m in (1, 2, 3))


def month_end(start):
    return (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


@dataclass
class World:
    commons: object
    framework: object
    metric_indicator: object
    survey_indicator: object
    big_round: object
    small_round: object
    hidden_round: object
    report: object
    quotes: dict = field(default_factory=dict)
    people: list = field(default_factory=list)


def _people(commons, n, prefix):
    return [MembershipFactory(commons=commons, person=PersonFactory(name=f"{prefix} Person{i}")).person for i in range(n)]


def _scored_round(commons, name, people, values, *, shared_days_ago=30, closes=datetime.date(2026, 3, 31)):
    survey_round = make_round(commons, name=name, instruments=(keys.SWEMWBS,), closes_on=closes,
                              results_to_respondents=timezone.now() - datetime.timedelta(days=shared_days_ago), first_look_days=7)
    invitations = []
    for person, value in zip(people, values):
        invitation = invite(survey_round, person, consent=ConsentState.GIVEN, groups=["volunteers"])
        Score.objects.create(invitation=invitation, instrument_key=keys.SWEMWBS, measure_key="metric", value=value)
        invitations.append(invitation)
    return survey_round, invitations


def build_world(commons):
    framework = make_framework(commons, status=FrameworkStatus.IN_USE, in_use_since=timezone.now())
    dimension = Dimension.objects.create(framework=framework, name="Teams")
    output = Output.objects.create(dimension=dimension, name="Care teams started")
    domain = OutcomeDomain.objects.create(framework=framework, name="Well-being, relationships and belonging")
    outcome = Outcome.objects.create(domain=domain, name="People know the people who visit them")
    outcome.outputs.add(output)
    metric_indicator = Indicator.objects.create(outcome=outcome, name="Continuity of care", method=Method.METRIC,
                                                measure_key=keys.CONTINUITY, target="Most visits by people the owner knows")
    survey_indicator = Indicator.objects.create(outcome=outcome, name="Mental well-being", method=Method.SURVEY,
                                                instrument_key=keys.SWEMWBS, measure_key="metric")
    Indicator.objects.create(outcome=outcome, name="Stories of belonging", method=Method.INTERVIEWS)
    for start, value in ((JAN, 0.5), (FEB, 0.625), (MAR, 0.75)):
        make_value(commons, keys.CONTINUITY, start, month_end(start), value, numerator=value * 8, denominator=8)
    make_value(commons, keys.CONTINUITY, datetime.date(2025, 12, 1), datetime.date(2025, 12, 31), 0.1)  # before the period

    people = _people(commons, 5, "Survey")
    big_round, big_invitations = _scored_round(commons, "Spring round", people, [20.0, 22.0, 24.0, 26.0, 28.0])
    small_round, _ = _scored_round(commons, "Small round", people[:4], [10.0, 12.0, 14.0, 16.0], closes=datetime.date(2026, 2, 28))
    hidden_round, _ = _scored_round(commons, "First look round", people, [30.0] * 5, shared_days_ago=2, closes=datetime.date(2026, 3, 30))

    in_period = Reflection.objects.create(commons=commons, title="Visits feel warmer", saw="More familiar faces.")
    Reflection.objects.filter(pk=in_period.pk).update(created=timezone.make_aware(datetime.datetime(2026, 4, 2, 10)))
    before = Reflection.objects.create(commons=commons, title="An old reflection", saw="Long ago.")
    Reflection.objects.filter(pk=before.pk).update(created=timezone.make_aware(datetime.datetime(2025, 4, 2, 10)))

    quotes = {
        "shown": make_quote(make_answer(big_invitations[0], "The rota means I am never alone on a Sunday.")),
        "withdrawn": make_quote(make_answer(big_invitations[1], "Withdrawn words about the Tuesday visits."), withdrawn=True),
        "taken_back": make_quote(make_answer(big_invitations[2], "Taken back words about the lunch club."), attribution="A care worker"),
    }
    answer = quotes["taken_back"].answer
    answer.may_quote = False
    answer.save()
    report = make_report(commons, "How we did in 2026", framework=framework, introduction="For everyone in the commons.")
    report.quotes.set(quotes.values())
    return World(commons, framework, metric_indicator, survey_indicator, big_round, small_round, hidden_round, report, quotes, people)
