"""What the decisions tests share: the circle world (``factories.circle_world``) and a helper that
records decisions through ``records.decision_record``."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import DecisionKind
from caringcity.circles.services.records import decision_record
from caringcity.circles.tests.factories import CIRCLE_ROLES, circle_world  # noqa: F401

OK, REDIR, BAD, NF = 200, 302, 400, 404
# Everyone who may see an ordinary circle of the commons (anonymous is sent to sign in).
VIEWERS = {"anonymous": REDIR, "other_commons": NF, "outsider": OK, "guest": OK, "learning": OK, "full": OK,
           "secretary": OK, "facilitator": OK}
# The circle's secretary, and the facilitator (who may do what the secretary does).
SECRETARIES = {**{role: NF for role in CIRCLE_ROLES}, "anonymous": REDIR, "secretary": OK, "facilitator": OK}


def today():
    return timezone.localdate()


def record(w, title="Tea at meetings", text="We bring our own cups to every meeting.", *, kind=DecisionKind.CONSENT,
           circle=None, takers=("full", "secretary"), review_in=180, **fields):
    """A decision of the world's circle (or ``circle``), taken by ``takers`` (roles)."""
    fields.setdefault("review_on", today() + timedelta(days=review_in) if review_in is not None else None)
    return decision_record(actor=w.user("secretary"), circle=circle or w.circle, kind=kind, title=title, text=text,
                           takers=[w.person(role) if isinstance(role, str) else role for role in takers], **fields)


def url(name, w, *args):
    return reverse(f"circles:{name}", args=[w.commons.slug, *args])


def log_url(w, circle=None, name="decision_log"):
    return url(name, w, (circle or w.circle).uuid)


def detail_url(w, decision, name="decision_detail"):
    return url(name, w, decision.uuid)
