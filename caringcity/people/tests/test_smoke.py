import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_pages_render_for_member(clients, personas, commons):
    c = clients["member"]
    owner = personas["owner"].person
    for url in [
        reverse("people:home"),
        reverse("people:commons", args=[commons.slug]),
        reverse("people:person_list", args=[commons.slug]),
        reverse("people:person_detail", args=[commons.slug, owner.uuid]),
        reverse("people:organisation_list", args=[commons.slug]),
        reverse("people:privacy", args=[commons.slug, personas["member"].person.uuid]),
        reverse("people:access_log", args=[commons.slug, personas["member"].person.uuid]),
    ]:
        r = c.get(url, follow=True)
        assert r.status_code == 200, (url, r.status_code)
