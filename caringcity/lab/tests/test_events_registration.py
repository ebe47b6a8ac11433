"""Signing up for an event, signed in or not: needs kept, bad input keeps what was typed, the private
manage link (only its hash stored), capacity and the waiting list, members-only events."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.lab.models import Registration
from caringcity.lab.services import events as services
from caringcity.lab.tests.factories import make_event, make_registration

pytestmark = pytest.mark.django_db

GOOD = {"name": "Farida Khatun", "email": "", "phone": "07700 900101", "organisation_kind": "resident",
        "access_needs": "Step-free access please", "interpreter": "Bengali", "bsl": "on", "childcare": "2",
        "dietary": "Halal", "char_age": "45_64", "char_ethnic_group": "asian", "char_disability": "prefer_not",
        "char_carer": "yes", "char_local": "yes"}


def _register(client, commons, event, data=None):
    return client.post(reverse("lab:event_register", args=[commons.slug, event.uuid]), data or GOOD)


def test_anyone_signs_up_signed_out_with_needs_kept_and_gets_a_private_manage_link(commons):
    event = make_event(commons)
    client = Client()
    page = client.get(reverse("lab:event_register", args=[commons.slug, event.uuid])).content.decode()
    assert "Prefer not to say" in page and "not even the organisers" in page
    response = _register(client, commons, event)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person is None and registration.state == "booked"
    assert (registration.interpreter, registration.bsl, registration.childcare, registration.dietary) == ("Bengali", True, 2, "Halal")
    assert registration.access_needs == "Step-free access please" and registration.organisation_kind == "resident"
    # "Prefer not to say" stores nothing.
    assert registration.characteristics == {"age": "45_64", "ethnic_group": "asian", "carer": "yes", "local": "yes"}
    token = re.search(r"/manage/([^/]+)/$", response["Location"]).group(1)
    assert len(registration.manage_token_hash) == 64 and token not in registration.manage_token_hash
    assert registration.manage_token_hash == services.token_hash(token)
    # The link opens the sign-up for anyone who holds it (a fresh browser), and nothing else does.
    other = Client()
    page = other.get(response["Location"])
    assert page.status_code == 200 and "Farida Khatun" in page.content.decode()
    assert other.get(reverse("lab:registration_manage", args=[commons.slug, event.uuid, "wrong-token"])).status_code == 404
    changed = {**GOOD, "interpreter": "Sylheti"}
    assert other.post(response["Location"], changed).status_code == 302
    registration.refresh_from_db()
    assert registration.interpreter == "Sylheti"
    # Audit: who and what, never what they shared.
    events = AuditEvent.objects.filter(action__startswith="lab.registration")
    assert {e.action for e in events} == {"lab.registration.create", "lab.registration.update"}
    for e in events:
        assert "Farida" not in e.reason and "Bengali" not in e.reason and "Sylheti" not in e.reason


def test_a_signed_in_member_signs_up_as_themself_and_manages_it_from_the_event(commons, clients, personas):
    event = make_event(commons)
    client = clients["member"]
    page = client.get(reverse("lab:event_register", args=[commons.slug, event.uuid])).content.decode()
    assert "Mo Member" in page  # the name is filled in
    response = _register(client, commons, event, {**GOOD, "name": "Mo Member", "email": "mo@example.org"})
    assert response["Location"] == reverse("lab:my_registration", args=[commons.slug, event.uuid])
    registration = Registration.objects.get()
    assert registration.person == personas["member"].person and registration.manage_token_hash == ""
    assert client.get(response["Location"]).status_code == 200
    # Signing up again goes to the existing sign-up; someone else cannot open it.
    assert _register(client, commons, event).status_code == 302 and Registration.objects.count() == 1
    assert clients["owner"].get(response["Location"]).status_code == 404
    assert Client().get(response["Location"]).status_code == 404
    assert client.post(reverse("lab:my_registration_cancel", args=[commons.slug, event.uuid])).status_code == 302
    registration.refresh_from_db()
    assert registration.state == "cancelled"


@pytest.mark.parametrize("change, field, message", [
    ({"email": "", "phone": ""}, "email", "e-mail address or a phone number"),
    ({"name": ""}, "name", "This field is required"),
    ({"childcare": "-1"}, "childcare", "greater than or equal to 0"),
    ({"email": "not-an-email"}, "email", "valid email"),
])
def test_bad_input_is_refused_next_to_the_field_and_keeps_what_was_typed(commons, change, field, message):
    event = make_event(commons)
    response = _register(Client(), commons, event, {**GOOD, **change})
    page = response.content.decode()
    assert response.status_code == 400 and message in page
    assert 'href="#id_%s"' % field in page  # the error summary links to the field
    assert "Step-free access please" in page and 'value="Halal"' in page  # typed values kept
    assert Registration.objects.count() == 0


def test_when_full_people_join_the_waiting_list_and_move_up_when_someone_cancels(commons, personas):
    event = make_event(commons, capacity=2)
    tokens = []
    for i in range(3):
        response = _register(Client(), commons, event, {**GOOD, "name": f"Person {i}"})
        tokens.append(re.search(r"/manage/([^/]+)/$", response["Location"]).group(1))
    states = dict(Registration.objects.values_list("name", "state"))
    assert states == {"Person 0": "booked", "Person 1": "booked", "Person 2": "waiting"}
    page = Client().get(reverse("lab:public_event", args=[commons.slug, event.uuid])).content.decode()
    assert "Join the waiting list" in page
    waiting_page = Client().get(reverse("lab:registration_manage", args=[commons.slug, event.uuid, tokens[2]])).content.decode()
    assert "You are on the waiting list." in waiting_page
    # Person 0 cancels with their link: Person 2 moves up.
    cancel = reverse("lab:registration_cancel", args=[commons.slug, event.uuid, tokens[0]])
    assert Client().get(cancel).status_code == 200
    assert Client().post(cancel).status_code == 302
    states = dict(Registration.objects.values_list("name", "state"))
    assert states == {"Person 0": "cancelled", "Person 1": "booked", "Person 2": "booked"}
    assert AuditEvent.objects.filter(action="lab.registration.move_up").count() == 1
    # A cancelled link opens nothing any more.
    assert Client().get(reverse("lab:registration_manage", args=[commons.slug, event.uuid, tokens[0]])).status_code == 404
    # Raising the places moves people up too.
    _register(Client(), commons, event, {**GOOD, "name": "Person 3"})
    assert Registration.objects.get(name="Person 3").state == "waiting"
    event.capacity = 3
    services.event_update(actor=personas.user("organiser"), event=event, **{name: getattr(event, name) for name in services.FIELDS})
    assert Registration.objects.get(name="Person 3").state == "booked"


def test_members_only_events_are_hidden_from_anyone_else(commons, clients):
    event = make_event(commons, public=False)
    url = reverse("lab:event_register", args=[commons.slug, event.uuid])
    assert Client().get(url).status_code == 404
    assert clients["outsider"].get(url).status_code == 404
    assert _register(Client(), commons, event).status_code == 404
    assert Registration.objects.count() == 0
    assert Client().get(reverse("lab:public_event", args=[commons.slug, event.uuid])).status_code == 404
    assert clients["member"].get(url).status_code == 200


def test_nobody_signs_up_for_a_cancelled_or_past_event(commons):
    cancelled = make_event(commons)
    from django.utils import timezone

    cancelled.cancelled_at = timezone.now()
    cancelled.save()
    past = make_event(commons, "Old one", days=-3)
    for event, words in ((cancelled, "This event is cancelled."), (past, "This event is over.")):
        response = _register(Client(), commons, event)
        page = response.content.decode()
        assert response.status_code == 200 and words in page and 'name="name"' not in page
        with pytest.raises(Exception) as refused:
            services.registration_create(actor=None, event=event, **{**GOOD, "characteristics": {}})
        assert words.split()[3].rstrip(".") in str(refused.value)
    assert Registration.objects.count() == 0


def test_organisers_do_not_manage_with_someone_elses_token_and_tokens_are_per_event(commons):
    one, two = make_event(commons), make_event(commons, "Second")
    response = _register(Client(), commons, one)
    token = re.search(r"/manage/([^/]+)/$", response["Location"]).group(1)
    assert Client().get(reverse("lab:registration_manage", args=[commons.slug, two.uuid, token])).status_code == 404
    make_registration(two, "Other")
    assert Client().post(reverse("lab:registration_cancel", args=[commons.slug, two.uuid, token])).status_code == 404
    assert Registration.objects.filter(state="cancelled").count() == 0
