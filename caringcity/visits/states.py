"""The state machines of the rota and care records, in one place: which moves are allowed from
which state, and the reason a refused move gives. Services call the ``check_*`` functions; views
show the reason. Each part keeps its own section."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from caringcity.visits.models import ConcernStatus as CS
from caringcity.visits.models import LogStatus as L

# --- visit logs (part: logs) -----------------------------------------------------------------
# move -> (states it may start from, state it leads to or None when it depends)
LOG_MOVES = {
    "confirm": ({L.PENDING}, None),                  # a party confirms; all required -> confirmed
    "dispute": ({L.PENDING, L.CONFIRMED}, L.DISPUTED),
    "edit": ({L.PENDING, L.DISPUTED, L.CONFIRMED}, L.PENDING),  # new version, answers start again
    "auto_confirm": ({L.PENDING}, L.CONFIRMED),      # nobody disputed it in time
    "mark_paid": ({L.CONFIRMED}, L.PAID),            # by the money part
}

LOG_REFUSALS = {
    "confirm": _("Only a log that is waiting for confirmation can be confirmed. A disputed log must be corrected first."),
    "dispute": _("Only a log that is waiting or confirmed can be disputed. A paid log cannot be disputed here."),
    "edit": _("A paid log cannot be changed."),
    "auto_confirm": _("Only a log that is waiting can confirm by itself."),
    "mark_paid": _("Only a confirmed log can be paid."),
}


def check_log_move(status, move):
    """Raise ValidationError with the reason when ``move`` is not allowed from ``status``."""
    allowed, _to = LOG_MOVES[move]
    if status not in allowed:
        raise ValidationError(LOG_REFUSALS[move])
    return _to


# --- concerns (part: concerns) ------------------------------------------------------------------
# Forward: understanding -> awaiting a response -> exploring -> outcome. A concern that needs no
# response may go straight from understanding to exploring. Back steps are allowed when new facts
# turn up (awaiting -> understanding, exploring -> awaiting or understanding), and a concern with an
# outcome can be opened again (outcome -> exploring). An outcome is only reached from exploring.
CONCERN_MOVES = {
    CS.UNDERSTANDING: (CS.AWAITING, CS.EXPLORING),
    CS.AWAITING: (CS.EXPLORING, CS.UNDERSTANDING),
    CS.EXPLORING: (CS.OUTCOME, CS.AWAITING, CS.UNDERSTANDING),
    CS.OUTCOME: (CS.EXPLORING,),
}


def concern_next_statuses(status):
    return CONCERN_MOVES.get(status, ())


def check_concern_move(from_status, to_status):
    """Raise ValidationError (on the ``to_status`` field) with the reason when the move is not allowed."""
    if to_status not in CS.values:
        raise ValidationError({"to_status": _("Choose where the concern goes next.")})
    if to_status == from_status:
        raise ValidationError({"to_status": _("The concern is already at “%(now)s”. To record a check without a move, use “Record a review”.")
                               % {"now": CS(from_status).label}})
    allowed = concern_next_statuses(from_status)
    if to_status not in allowed:
        if to_status == CS.OUTCOME:
            reason = _("An outcome can only be recorded after exploring what to do.")
        else:
            reason = _("From “%(now)s” a concern can go to: %(options)s.") % {
                "now": CS(from_status).label, "options": ", ".join(str(CS(s).label) for s in allowed)}
        raise ValidationError({"to_status": reason})
