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


# --- the demo cast's circles, when the structure part is not in this checkout -------------------
CAST = {  # key: (name, kind, parent key, domain lines, {hat: person key}, [(person key, participant kind, stakeholder)])
    "members": ("Members' circle", "members", None,
                ["The commons' aim and values", "Who can join the commons", "Opening or closing circles"],
                {"leader": "admin", "facilitator": "organiser", "secretary": "member"}, None),
    "general": ("General circle", "general", "members",
                ["Local circles and how they work together", "The commons' budget", "Policies for all teams", "Training"],
                {"leader": "admin", "facilitator": "organiser", "secretary": "worker_ayse"},
                [("admin", "full", "other"), ("organiser", "full", "worker"), ("worker_ayse", "full", "worker"),
                 ("gloria", "full", "supported"), ("ayo", "full", "worker"), ("member", "full", "volunteer"),
                 ("worker_rahim", "full", "worker")]),
    "north": ("Clapton North local circle", "local", "general", None,
              {"leader": "organiser", "delegate": "member", "facilitator": "ayo", "secretary": "proxy"},
              [("organiser", "full", "worker"), ("member", "full", "volunteer"), ("ayo", "full", "worker"), ("proxy", "full", "family"),
               ("doreen", "full", "supported"), ("paper", "full", "supported"), ("zeynep", "learning", "volunteer"),
               ("priya", "guest", "partner")]),
    "park": ("Clapton Park local circle", "local", "general", None,
             {"leader": "admin", "delegate": "worker_rahim", "facilitator": "gloria", "secretary": "bengali"},
             [("admin", "full", "other"), ("worker_rahim", "full", "worker"), ("gloria", "full", "supported"),
              ("bengali", "full", "family"), ("worker_ayse", "full", "worker"), ("stan", "full", "supported")]),
}
LOCAL_DOMAIN = ["Starting and ending care teams in the area", "Welcoming and training local volunteers",
                "Spending the local budget (up to £500 a year)", "Local events"]


def cast_circles(ctx):
    """The structure demo's circles, people and hats, written directly (for tests in a checkout
    without the structure part). With the structure part, its demo makes them instead."""
    try:
        from caringcity.circles import demo_structure
    except ImportError:
        demo_structure = None
    if demo_structure is not None:
        demo_structure.build(ctx)
        return ctx["circles"]
    from caringcity.circles.models import Circle, CircleHatTerm, Participant, TermStatus
    from caringcity.people.models import Membership, Person

    commons = ctx["commons"]["clapton"]
    people = ctx["people"]
    if "priya" not in people:
        people["priya"], _ = Person.objects.get_or_create(name="Priya Shah")
        Membership.objects.get_or_create(commons=commons, person=people["priya"])
    circles = {}
    today = timezone.localdate()
    for key, (name, kind, parent, lines, hats, members) in CAST.items():
        circle, _ = Circle.objects.get_or_create(commons=commons, name=name, defaults={
            "kind": kind, "parent": circles.get(parent), "aim": f"The aim of the {name}.", "domain": "\n".join(lines or LOCAL_DOMAIN)})
        circles[key] = circle
        if members is None:
            everyone = Membership.objects.active().filter(commons=commons).values_list("person", flat=True)
            members = [(pk, "full", "other") for pk in everyone]
        for who, participant_kind, stakeholder in members:
            person = people[who] if isinstance(who, str) else Person.objects.get(pk=who)
            Participant.objects.get_or_create(circle=circle, person=person, left=None, defaults={
                "kind": participant_kind, "stakeholder": stakeholder, "joined": today - timedelta(days=200)})
        for hat, who in hats.items():
            CircleHatTerm.objects.get_or_create(circle=circle, kind=hat, holder=people[who], status=TermStatus.HELD, defaults={
                "starts": today - timedelta(days=200), "ends": today + timedelta(days=165), "review_on": today + timedelta(days=100)})
    ctx["circles"] = circles
    return circles
