"""Every state machine of the circles app in one place: for each move, the states it may start
from, the state it leads to (None when the service decides, for example a consent round that ends
in adoption or in objections to work through) and the reason a refused move gives.

Services call ``check(machine, state, move)`` before they change anything; the page shows the
reason. Nothing else in the app decides which moves are allowed."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from caringcity.circles.models import AdviceStatus as A
from caringcity.circles.models import AppealStatus as AP
from caringcity.circles.models import MeetingStatus as M
from caringcity.circles.models import PollStatus as PS
from caringcity.circles.models import ProposalStage as P
from caringcity.circles.models import TermStatus as T

OPEN = {P.CLARIFYING, P.REACTIONS, P.CONSENT, P.RESOLVING}

MACHINES = {
    # Proposal rounds: questions -> reactions -> consent; objections are worked through and the
    # consent round runs again on the new version; an unresolved proposal may go to the parent.
    "proposal": {
        "ask": ({P.CLARIFYING}, P.CLARIFYING,
                _("Questions can only be asked in the questions round.")),
        "react": ({P.REACTIONS}, P.REACTIONS,
                  _("Reactions can only be given in the reactions round.")),
        "to_reactions": ({P.CLARIFYING}, P.REACTIONS,
                         _("The reactions round comes after the questions round.")),
        "back_to_questions": ({P.REACTIONS}, P.CLARIFYING,
                              _("Only a proposal in the reactions round can go back to questions.")),
        "to_consent": ({P.REACTIONS}, P.CONSENT,
                       _("The consent round comes after the reactions round.")),
        "answer": ({P.CONSENT}, P.CONSENT,
                   _("Answers can only be given while the consent round is open.")),
        "close_consent": ({P.CONSENT}, None,
                          _("Only an open consent round can be closed.")),
        "resolve": ({P.RESOLVING}, P.CONSENT,
                    _("Only a proposal with objections to work through can be changed this way.")),
        "pass_up": ({P.RESOLVING}, P.PASSED_UP,
                    _("Only a proposal with objections the circle could not resolve can be passed to the parent circle.")),
        "withdraw": (OPEN, P.WITHDRAWN,
                     _("This proposal is already finished.")),
        # part proposals: answering a question asked in the questions round.
        "reply": ({P.CLARIFYING}, P.CLARIFYING,
                  _("Questions can only be answered while the questions round is open.")),
    },
    # Circle hat terms: nominated -> held (when the circle consents) -> ended.
    "term": {
        "take_up": ({T.NOMINATED}, T.HELD, _("Only a nomination waiting for consent can start.")),
        "withdraw": ({T.NOMINATED}, T.WITHDRAWN, _("Only a nomination waiting for consent can be withdrawn.")),
        "end": ({T.HELD}, T.ENDED, _("Only a hat someone wears now can be handed back.")),
        "review": ({T.HELD}, T.HELD, _("Only a hat someone wears now can be reviewed.")),
    },
    "appeal": {
        "back": ({AP.GATHERING}, AP.GATHERING, _("This appeal is finished: it cannot be backed any more.")),
        "reopen": ({AP.GATHERING}, AP.REOPENED, _("This appeal is finished.")),
        "withdraw": ({AP.GATHERING}, AP.WITHDRAWN, _("This appeal is finished.")),
    },
    "advice": {
        "give": ({A.ASKING}, A.ASKING, _("The decision is made: advice can no longer be added.")),
        "decide": ({A.ASKING}, A.DECIDED, _("This advice process is already finished.")),
        "withdraw": ({A.ASKING}, A.WITHDRAWN, _("This advice process is already finished.")),
    },
    "poll": {
        "vote": ({PS.OPEN}, PS.OPEN, _("This poll is closed.")),
        "close": ({PS.OPEN}, PS.CLOSED, _("This poll is already closed.")),
    },
    "meeting": {
        "change": ({M.PLANNED}, M.PLANNED, _("Only a planned meeting can be changed.")),
        "hold": ({M.PLANNED}, M.HELD, _("Only a planned meeting can be recorded as held.")),
        "write_minutes": ({M.HELD}, M.HELD, _("Minutes are written for a meeting that was held.")),
        "cancel": ({M.PLANNED}, M.CANCELLED, _("Only a planned meeting can be cancelled.")),
    },
}


def check(machine, state, move, field=None):
    """Return the state ``move`` leads to (None when the service decides), or raise
    ValidationError with the reason (on ``field`` when given) if it is not allowed from ``state``."""
    allowed, to, refusal = MACHINES[machine][move]
    if state not in allowed:
        raise ValidationError({field: refusal} if field else refusal)
    return to


def allowed_moves(machine, state):
    """The moves open from ``state``, for showing only the buttons that can work."""
    return {move for move, (allowed, _to, _r) in MACHINES[machine].items() if state in allowed}
