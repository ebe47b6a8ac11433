"""The state machines of the rota and care records, in one place: which moves are allowed from
which state, and the reason a refused move gives. Services call the ``check_*`` functions; views
show the reason. Each part keeps its own section."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
