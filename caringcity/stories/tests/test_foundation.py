"""The shared shape of stories: who reaches the section, a project and an interview."""

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix
from caringcity.stories.tests.factories import make_interview, make_project

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


def test_the_section_is_for_members_of_the_commons_only(commons, clients):
    url = reverse("stories:home", args=[commons.slug])
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    assert_matrix(clients, url, expected)
    assert "<h1>Stories</h1>" in clients["member"].get(url).content.decode()


def test_a_project_page_is_for_its_team_and_organisers(commons, clients, personas):
    project = make_project(commons, lead=personas["member"].person)
    url = reverse("stories:project", args=[commons.slug, project.uuid])
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}
    assert_matrix(clients, url, expected)


def test_the_team_sees_interviews_and_the_respondent_speaks_for_their_own(commons, personas):
    from caringcity.stories.access import speaks_for

    project = make_project(commons, lead=personas["member"].person)
    interview = make_interview(project, personas["owner"].person)
    assert personas["member"].person.user.has_perm("stories.research_interview", interview)
    assert not personas["organiser"].person.user.has_perm("stories.research_interview", interview)
    assert personas["owner"].person.user.has_perm("stories.own_interview", interview)
    assert speaks_for(personas["owner"].person.user, interview) == "self"
    assert not personas["member"].person.user.has_perm("stories.own_interview", interview)
