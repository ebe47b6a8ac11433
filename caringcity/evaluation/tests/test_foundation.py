"""The shared shape of evaluation: who reaches the section at all, and the keys the parts share."""

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix
from caringcity.evaluation import keys

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


def test_the_section_is_for_members_of_the_commons_only(commons, clients):
    url = reverse("evaluation:home", args=[commons.slug])
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    assert_matrix(clients, url, expected)
    assert "<h1>How we're doing</h1>" in clients["member"].get(url).content.decode()


def test_every_metric_and_measure_key_is_distinct():
    assert len(set(keys.METRICS)) == len(keys.METRICS)
    assert set(keys.MEASURES) == set(keys.INSTRUMENTS)
    assert not any(keys.is_own(key) for key in keys.INSTRUMENTS)
