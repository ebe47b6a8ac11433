"""The shared shape of the lab: who reaches the members' pages, and that the public pages need no
sign-in."""

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


def test_the_members_pages_are_for_members_of_the_commons_only(commons, clients):
    url = reverse("lab:home", args=[commons.slug])
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    assert_matrix(clients, url, expected)
    assert "<h1>Our plan</h1>" in clients["member"].get(url).content.decode()


def test_the_public_landing_page_needs_no_sign_in(commons, clients):
    url = reverse("lab:public_home", args=[commons.slug])
    expected = {role: OK for role in clients}
    assert_matrix(clients, url, expected)
    assert clients["anonymous"].get(reverse("lab:public_home", args=["no-such-commons"])).status_code == NF


def test_a_public_plan_and_its_policies_need_no_sign_in_and_a_private_one_is_not_found(commons, clients):
    from caringcity.lab.tests.factories import make_plan

    plan = make_plan(commons)
    hidden = make_plan(commons, title="Draft plan", slug="draft", public=False)
    assert clients["anonymous"].get(reverse("lab:public_policy", args=[commons.slug, plan.slug, 3])).status_code == OK
    assert "Policy 3: Policy 3" in clients["anonymous"].get(reverse("lab:public_plan", args=[commons.slug, plan.slug])).content.decode()
    assert clients["anonymous"].get(reverse("lab:public_plan", args=[commons.slug, hidden.slug])).status_code == NF
    assert clients["member"].get(reverse("lab:plan", args=[commons.slug, hidden.slug])).status_code == OK
    assert clients["outsider"].get(reverse("lab:policy", args=[commons.slug, plan.slug, 1])).status_code == NF
    assert clients["anonymous"].get(reverse("lab:public_policy", args=[commons.slug, plan.slug, 99])).status_code == NF
