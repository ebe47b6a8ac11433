"""Organisers keep the glossary: add, change and remove words; the starter words come with one
button, and pressing it again adds nothing twice (nor undoes an organiser's changes)."""

import pytest
from django.urls import reverse

from caringcity.core.testing import assert_matrix
from caringcity.lab.models import GlossaryTerm
from caringcity.lab.services.plans import STARTER

pytestmark = pytest.mark.django_db


def test_only_organisers_add_the_starter_words_and_twice_adds_nothing_more(commons, clients):
    url = reverse("lab:glossary_starter", args=[commons.slug])
    for role in ("anonymous", "outsider", "member", "owner", "proxy"):
        clients[role].post(url)
    assert not GlossaryTerm.objects.exists()
    assert clients["organiser"].get(url).status_code == 405  # GET never changes anything
    clients["organiser"].post(url)
    assert GlossaryTerm.objects.filter(commons=commons).count() == len(STARTER) >= 15
    entry = GlossaryTerm.objects.get(commons=commons, term="Section 106")
    entry.meaning = "Our own words."
    entry.save()
    response = clients["organiser"].post(url, follow=True)
    assert "Every starter word is already in the glossary." in response.content.decode()
    assert GlossaryTerm.objects.filter(commons=commons).count() == len(STARTER)
    assert GlossaryTerm.objects.get(commons=commons, term="Section 106").meaning == "Our own words."


def test_an_organiser_adds_changes_and_removes_a_word(commons, clients):
    client = clients["organiser"]
    s = commons.slug
    response = client.post(reverse("lab:term_create", args=[s]), {"term": "Local plan", "meaning": ""})
    assert response.status_code == 400 and not GlossaryTerm.objects.exists()
    client.post(reverse("lab:term_create", args=[s]), {"term": "Local plan", "also": "LDP", "meaning": "The council's land plan."})
    response = client.post(reverse("lab:term_create", args=[s]), {"term": "local plan", "meaning": "Again"})
    assert response.status_code == 400 and "already in the glossary" in response.content.decode()
    entry = GlossaryTerm.objects.get()
    edit = reverse("lab:term_edit", args=[s, entry.uuid])
    assert_matrix(clients, edit, {"anonymous": 302, "outsider": 404, "member": 404, "owner": 404, "proxy": 404,
                                  "organiser": 200, "admin": 200})
    client.post(edit, {"term": "Local plan", "also": "LDP", "meaning": "The borough's plan for land."})
    entry.refresh_from_db()
    assert entry.meaning == "The borough's plan for land."
    assert "The borough&#x27;s plan for land." in client.get(reverse("lab:glossary", args=[s])).content.decode()
    remove = reverse("lab:term_delete", args=[s, entry.uuid])
    assert clients["member"].post(remove).status_code == 404 and GlossaryTerm.objects.exists()
    client.post(remove)
    assert not GlossaryTerm.objects.exists()
