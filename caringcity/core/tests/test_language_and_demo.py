import pytest
from django.core.management import call_command

from caringcity.core.models import Commons, User
from caringcity.people.models import AccessGrant, Membership, Person, Proxy

pytestmark = pytest.mark.django_db


def test_language_choice_is_remembered_on_the_login(clients, personas):
    client = clients["member"]
    response = client.post("/language/", {"language": "tr", "next": "/about/"})
    assert response.status_code == 302 and response["Location"] == "/about/"
    user = User.objects.get(pk=personas.user("member").pk)
    assert user.language == "tr"
    # A fresh browser (no cookie) still gets Turkish after signing in.
    from django.test import Client

    other = Client()
    other.force_login(user)
    assert 'lang="tr"' in other.get("/about/").content.decode()


def test_language_for_visitors_uses_a_cookie(client):
    client.post("/language/", {"language": "bn", "next": "/"})
    assert 'lang="bn"' in client.get("/about/").content.decode()
    client.post("/language/", {"language": "xx", "next": "/"})  # unknown: ignored
    assert 'lang="bn"' in client.get("/about/").content.decode()


def test_uk_date_formats():
    from django.utils import formats, translation
    import datetime

    for code in ("en-gb", "tr", "bn"):
        with translation.override(code):
            assert formats.date_format(datetime.date(2026, 3, 29), "SHORT_DATE_FORMAT") == "29/03/2026"


def test_demo_is_idempotent_and_has_every_persona():
    call_command("demo", stdout=open("/dev/null", "w"))
    counts = [Commons.objects.count(), Person.objects.count(), Membership.objects.count(), Proxy.objects.count(),
              AccessGrant.objects.count(), User.objects.count()]
    call_command("demo", stdout=open("/dev/null", "w"))
    assert counts == [Commons.objects.count(), Person.objects.count(), Membership.objects.count(), Proxy.objects.count(),
                      AccessGrant.objects.count(), User.objects.count()]
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {"member", "organiser", "admin"}
    assert Person.objects.filter(user=None).exists()  # someone without a login
    assert Proxy.objects.filter(principal__user=None).exists()  # and their proxy
    assert Commons.objects.count() >= 2
    # The apps' demos meet: the network's coming workshop talks about a Clapton circle's proposal,
    # which the network's organiser (also in Clapton) sees on the event's page.
    from caringcity.lab.models import Event
    from caringcity.lab.selectors.events import proposals_shown

    upcoming = Event.objects.get(title="Who cares? Designing the next care hub together")
    kemal = User.objects.get(email="kemal@example.org")
    assert [p["title"] for p in proposals_shown(upcoming, kemal)] == ["Monthly coffee morning at the Lea Bridge hub"]
