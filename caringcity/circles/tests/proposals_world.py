"""Shared by the proposals tests: helpers that take a proposal through its rounds with the real
services, and a url list for the tests.

``urlpatterns``: the project's urls, where the circle pages the proposals pages link to (made by
the structure and decisions parts: the circle list and page, a decision's page) answer with a
placeholder page when those parts are not installed in this checkout. Once they are, this list is
the project's own. Use it with ``pytest.mark.urls("caringcity.circles.tests.proposals_world")``."""

from datetime import timedelta

from django.http import HttpResponse
from django.urls import include, path
from django.utils import timezone

from caringcity.circles import urls as circles_urls
from caringcity.circles.models import ConsentAnswer, How
from caringcity.circles.services import proposals as services
from config import urls as project_urls

# --- urls ---------------------------------------------------------------------------------------
LINKED = [  # (name, route) of pages of other parts that the proposals pages link to
    ("circle_list", "c/<slug:slug>/circles/"),
    ("circle_detail", "c/<slug:slug>/circles/<uuid:circle_uuid>/"),
    ("decision_detail", "c/<slug:slug>/circles/decisions/<uuid:decision_uuid>/"),
]


def _placeholder(request, **kwargs):
    return HttpResponse("<!DOCTYPE html><html lang='en'><title>Placeholder</title><main>Placeholder</main></html>")


_names = {getattr(p, "name", None) for p in circles_urls.urlpatterns}
_circles = [*circles_urls.urlpatterns, *[path(route, _placeholder, name=name) for name, route in LINKED if name not in _names]]
urlpatterns = [p for p in project_urls.urlpatterns if getattr(p, "namespace", None) != "circles"]
urlpatterns.append(path("", include((_circles, "circles"))))


# --- taking a proposal through its rounds ------------------------------------------------------
def days(n):
    return timezone.localdate() + timedelta(days=n)


def bring(w, *, role="full", title="Welcome pack for new volunteers", term_days=None, **fields):
    """A policy proposal brought by ``role`` to ``w.circle`` (in its questions round)."""
    data = {"driver": "New volunteers do not know who to ask.", "text": "Give every new volunteer a one-page welcome pack.",
            "review_on": days(90), "term_ends": days(term_days) if term_days else None, "domain_item": "Welcoming new volunteers"}
    data.update(fields)
    return services.proposal_create(actor=w.user(role), circle=w.circle, title=title, **data)


def to_consent(w, proposal):
    services.proposal_move(actor=w.user("facilitator"), proposal=proposal, move="to_reactions")
    services.proposal_move(actor=w.user("facilitator"), proposal=proposal, move="to_consent")
    proposal.refresh_from_db()
    return proposal


def everyone_answers(w, proposal, answers=None):
    """Every full participant answers (``answers``: role -> (answer, text)); the absent one on paper,
    entered by the secretary. Defaults to plain consent."""
    answers = answers or {}
    for role in ("full", "secretary", "facilitator"):
        answer, text = answers.get(role, (ConsentAnswer.CONSENT, ""))
        services.proposal_answer(actor=w.user(role), proposal=proposal, answer=answer, text=text)
    answer, text = answers.get("absent", (ConsentAnswer.CONSENT, ""))
    services.proposal_answer(actor=w.user("secretary"), proposal=proposal, person=w.absent.person, answer=answer, text=text, how=How.PAPER)
