"""Glossary words are explained where they appear: the first time each appears it links to its
meaning (with the meaning in words a screen reader hears), whatever the case, whole words only,
longer phrases first; text is escaped; one query per page whatever the number of uses."""

import pytest
from django.urls import reverse

from caringcity.lab.models import GlossaryTerm
from caringcity.lab.templatetags.lab_glossary import explain_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def words(commons):
    GlossaryTerm.objects.create(commons=commons, term="Local plan", also="LDP, local development plan",
                                meaning="The council's plan for how land is used.")
    GlossaryTerm.objects.create(commons=commons, term="Plan", meaning="What we want to happen.")
    GlossaryTerm.objects.create(commons=commons, term="Co-production", meaning="Doing it together, as equals.")
    return commons


def test_each_word_links_once_to_its_meaning(words):
    html = explain_text("The local development plan needs co-production. Co-production <b>matters</b>.", words)
    assert html.count('class="lab-term"') == 2
    assert '#term-local-plan">local development plan<' in html
    assert "The council&#x27;s plan for how land is used." in html
    assert "&lt;b&gt;matters&lt;/b&gt;" in html  # escaped
    assert "lab-term" not in explain_text("Planning permission", words)  # whole words only


def test_no_words_means_plain_text(commons):
    assert explain_text("A plan\n\nwith two paragraphs", commons) == "<p>A plan</p>\n\n<p>with two paragraphs</p>"


def test_the_glossary_page_lists_every_word_for_anyone(words, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("lab:public_glossary", args=[words.slug]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="term-local-plan"' in body and "Doing it together, as equals." in body
