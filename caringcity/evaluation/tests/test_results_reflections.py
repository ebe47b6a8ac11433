"""The reflection log ("What we learned"): any member adds an entry; its writer or an organiser
changes it; entries link to the framework's indicators and to platform figures; the list is
newest first, filters by indicator, and says when looking again is due or overdue."""

import datetime

import pytest
from django.urls import reverse
from django.utils.html import escape
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.evaluation import keys
from caringcity.evaluation.models import (
    Dimension, FrameworkStatus, Indicator, Method, Outcome, OutcomeDomain, Reflection,
)
from caringcity.evaluation.selectors import results as selectors
from caringcity.evaluation.services import results as services
from caringcity.evaluation.tests.factories import make_framework, make_reflection, make_round
from caringcity.teams.models import Team

pytestmark = pytest.mark.django_db

MEMBERS = {"anonymous": 302, "outsider": 404, "member": 200, "owner": 200, "proxy": 200, "organiser": 200, "admin": 200}


def _indicator(framework, name, **fields):
    domain = OutcomeDomain.objects.get_or_create(framework=framework, name="Well-being")[0]
    outcome = Outcome.objects.get_or_create(domain=domain, name="People feel less alone")[0]
    return Indicator.objects.create(outcome=outcome, name=name, method=fields.pop("method", Method.METRIC), **fields)


@pytest.fixture
def framework(commons):
    framework = make_framework(commons, status=FrameworkStatus.IN_USE)
    Dimension.objects.create(framework=framework, name="Teams")
    return framework


@pytest.fixture
def continuity(framework):
    return _indicator(framework, "Continuity of care", measure_key=keys.CONTINUITY)


def _url(name, commons, *args):
    return reverse(f"evaluation:{name}", args=[commons.slug, *args])


def _form(**overrides):
    data = {"title": "Fewer gaps", "saw": "Most visits had someone this month.", "means": "The rota works.",
            "change": "Ask two more volunteers.", "look_again_on": "2027-03-14", "who_was_there": "The Clapton circle",
            "metrics": [keys.COVER_RATE]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_log_is_for_members_and_any_member_may_add(clients, commons):
    assert_matrix(clients, _url("reflections", commons), MEMBERS)
    assert_matrix(clients, _url("reflection_add", commons), MEMBERS)


def test_any_member_adds_an_entry_linked_to_indicators_and_figures(clients, commons, personas, continuity):
    response = clients["member"].post(_url("reflection_add", commons), _form(indicators=[continuity.pk]))
    reflection = Reflection.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("reflection", commons, reflection.uuid)
    assert reflection.written_by == personas["member"].person and reflection.created_by == personas.user("member")
    assert list(reflection.indicators.all()) == [continuity] and reflection.metrics == [keys.COVER_RATE]
    assert reflection.look_again_on == datetime.date(2027, 3, 14)
    event = AuditEvent.objects.get(action="evaluation.reflection.add")
    assert event.object_id == str(reflection.uuid) and "visits" not in event.reason
    page = clients["owner"].get(_url("reflection", commons, reflection.uuid)).content.decode()
    assert "Most visits had someone this month." in page and "Continuity of care" in page
    assert escape(selectors.metric_names()[keys.COVER_RATE]) in page


def test_the_writer_or_an_organiser_changes_it_and_a_denied_change_changes_nothing(clients, commons, personas):
    reflection = make_reflection(commons, written_by=personas["member"].person)
    url = _url("reflection_change", commons, reflection.uuid)
    assert_matrix(clients, url, {**MEMBERS, "owner": 404, "proxy": 404})
    for role in ("anonymous", "outsider", "owner", "proxy"):
        clients[role].post(url, _form(title="Changed by " + role))
    reflection.refresh_from_db()
    assert reflection.title == "Fewer gaps in the rota" and not AuditEvent.objects.filter(action="evaluation.reflection.change").exists()
    for role in ("member", "organiser"):
        assert clients[role].post(url, _form(title=f"Changed by {role}")).status_code == 302
        reflection.refresh_from_db()
        assert reflection.title == f"Changed by {role}"
    assert AuditEvent.objects.filter(action="evaluation.reflection.change").count() == 2
    assert reflection.written_by == personas["member"].person  # the writer stays the writer


def test_the_form_keeps_what_was_typed_and_says_what_to_fix(clients, commons):
    response = clients["member"].post(_url("reflection_add", commons), _form(title="", saw="", look_again_on="31/02/2027"))
    page = response.content.decode()
    assert response.status_code == 400 and not Reflection.objects.exists()
    assert "Ask two more volunteers." in page and "The Clapton circle" in page  # kept
    assert 'href="#id_title"' in page and 'href="#id_look_again_on"' in page  # the error summary links to the fields
    response = clients["member"].post(_url("reflection_add", commons), _form(metrics=["made_up"]))
    assert response.status_code == 400 and not Reflection.objects.exists()


def test_only_indicators_of_the_framework_in_use_and_teams_you_may_see_can_be_linked(commons, personas, framework, continuity):
    retired = make_framework(commons, name="Old one", status=FrameworkStatus.RETIRED)
    old = _indicator(retired, "An old indicator")
    member = personas.user("member")
    with pytest.raises(services.ValidationError) as error:
        services.reflection_add(actor=member, commons=commons, data={"title": "T", "saw": "S", "indicators": [old]})
    assert "indicators" in error.value.message_dict
    hidden_team = Team.objects.create(commons=commons, owner=personas["owner"].person, name="Olive's team")
    with pytest.raises(services.ValidationError) as error:
        services.reflection_add(actor=member, commons=commons, data={"title": "T", "saw": "S", "team": hidden_team})
    assert "team" in error.value.message_dict
    assert not Reflection.objects.exists()
    # an entry keeps an indicator it was linked to when the framework changes
    reflection = services.reflection_add(actor=member, commons=commons, data={"title": "T", "saw": "S", "indicators": [continuity]})
    framework.status = FrameworkStatus.RETIRED
    framework.save()
    services.reflection_change(actor=member, reflection=reflection, data={"title": "T2", "saw": "S", "indicators": [continuity]})
    assert list(reflection.indicators.all()) == [continuity]


def test_the_list_is_newest_first_filters_by_indicator_and_says_when_to_look_again(clients, commons, continuity, framework):
    other = _indicator(framework, "Gifted hours", measure_key=keys.GIFTED_SHARE)
    today = timezone.localdate()
    old = make_reflection(commons, title="Looked at in spring", look_again_on=today - datetime.timedelta(days=3), indicators=[continuity])
    due = make_reflection(commons, title="Due today", look_again_on=today, indicators=[other])
    later = make_reflection(commons, title="Next year", look_again_on=today + datetime.timedelta(days=300))
    Reflection.objects.filter(pk=old.pk).update(created=timezone.now() - datetime.timedelta(days=60))
    response = clients["member"].get(_url("reflections", commons))
    assert [row[0] for row in response.context["rows"]] == [later, due, old]
    assert [row[1] for row in response.context["rows"]] == ["later", "due", "overdue"]
    page = response.content.decode()
    assert "Overdue: time to look again" in page and "Due today" in page
    filtered = clients["member"].get(_url("reflections", commons), {"indicator": str(continuity.uuid)})
    assert [row[0] for row in filtered.context["rows"]] == [old]
    bad = clients["member"].get(_url("reflections", commons), {"indicator": "not-a-uuid"})
    assert bad.status_code == 200 and len(bad.context["rows"]) == 3 and b"Select a valid choice" in bad.content
    assert list(selectors.reflections_for(commons, indicator=continuity)) == [old]
    assert list(selectors.reflections_for(commons, period=(today - datetime.timedelta(days=1), today))) == [later, due]


def test_a_team_is_named_only_to_people_who_may_see_it(clients, commons, personas):
    team = Team.objects.create(commons=commons, owner=personas["owner"].person, name="Olive's team")
    make_reflection(commons, title="About a team", team=team, written_by=personas["organiser"].person)
    assert "Olive&#x27;s team" in clients["organiser"].get(_url("reflections", commons)).content.decode()
    assert "Olive&#x27;s team" not in clients["member"].get(_url("reflections", commons)).content.decode()


def test_foreign_and_bad_ids_answer_404(clients, commons, other_commons):
    foreign = make_reflection(other_commons)
    assert clients["admin"].get(_url("reflection", commons, foreign.uuid)).status_code == 404
    assert clients["admin"].get(_url("reflection_change", commons, foreign.uuid)).status_code == 404
    assert clients["admin"].get(f"/c/{commons.slug}/evaluation/learned/nope/change/").status_code == 404


def test_the_log_takes_the_same_queries_however_long_it_is(clients, commons, continuity, personas):
    survey_round = make_round(commons)

    def grow():
        make_reflection(commons, indicators=[continuity], round=survey_round, written_by=personas["member"].person,
                        metrics=[keys.CONTINUITY])

    assert_queries_constant(clients["member"], _url("reflections", commons), grow)
