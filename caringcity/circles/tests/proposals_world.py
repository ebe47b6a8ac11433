"""Shared by the proposals tests: helpers that take a proposal through its rounds with the real
services."""

from datetime import timedelta

from django.utils import timezone

from caringcity.circles.models import ConsentAnswer, How
from caringcity.circles.services import proposals as services


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
