"""The state machines of care teams, in one place: which moves are allowed from which state, and
the reason a refused move gives. Services call ``check_move``; views show the reason."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from caringcity.teams.models import MemberStatus as M
from caringcity.teams.models import Stage as S
from caringcity.teams.models import TermStatus as T

# move -> (states it may start from, state it leads to or None when it depends)
MEMBER_MOVES = {
    "accept": ({M.INVITED}, None),          # the invited person says yes -> trial or member
    "approve": ({M.REQUESTED}, None),       # the owner's side says yes to a request -> trial or member
    "decline": ({M.INVITED, M.REQUESTED}, M.DECLINED),
    "trial_session": ({M.TRIAL}, M.TRIAL),
    "trial_yes": ({M.TRIAL}, None),         # one side says yes; both -> member
    "trial_end": ({M.TRIAL}, M.TRIAL_ENDED),
    "leave": ({M.ACTIVE, M.TRIAL}, None),   # -> leaving (with notice) or left
    "leave_now": ({M.LEAVING}, M.LEFT),
}

MEMBER_REFUSALS = {
    "accept": _("Only an invitation that is still waiting can be accepted."),
    "approve": _("Only a request that is still waiting can be approved."),
    "decline": _("Only an invitation or request that is still waiting can be declined."),
    "trial_session": _("Sessions can only be recorded while someone is on trial."),
    "trial_yes": _("Only someone on trial can be confirmed."),
    "trial_end": _("Only a trial that is running can be ended."),
    "leave": _("Only a current member can leave."),
    "leave_now": _("Only someone working their notice can leave now."),
}

STAGE_ORDER = [S.FIRST_CONTACT, S.BEGINNING, S.FINDING_MATCH, S.CONVERSATION, S.PROFILES_PROMISES,
               S.BUILDING, S.ORGANISING, S.STEPPING_BACK, S.INDEPENDENT]

TERM_MOVES = {
    "confirm": ({T.NOMINATED}, T.HELD),
    "withdraw": ({T.NOMINATED}, T.WITHDRAWN),
    "drop": ({T.HELD}, T.ENDED),
    "check_in": ({T.HELD}, T.HELD),
}
TERM_REFUSALS = {
    "confirm": _("Only a nomination that is waiting can be confirmed."),
    "withdraw": _("Only a nomination that is waiting can be withdrawn."),
    "drop": _("Only a hat someone is wearing can be dropped."),
    "check_in": _("Only a hat someone is wearing can be checked in on."),
}

# What the Team Starter does at each stage (key, words). Ticks are kept per team.
CHECKLISTS = {
    S.FIRST_CONTACT: [
        ("fc_called", _("Talked with the person (or their family) about what they want")),
        ("fc_consent", _("They agreed to us keeping their details")),
        ("fc_waiting", _("If we cannot start now: added to the waiting list and told when we will call")),
    ],
    S.BEGINNING: [
        ("bg_visit", _("Met at home or somewhere they chose")),
        ("bg_who", _("Found out who is already around them: family, friends, neighbours, groups")),
        ("bg_proxy", _("If they want, someone they trust agreed to act for them")),
    ],
    S.FINDING_MATCH: [
        ("fm_request", _("Wrote down what is needed: area, times, skills, languages")),
        ("fm_callout", _("Published a call-out or invited people from the match list")),
    ],
    S.CONVERSATION: [
        ("cv_map", _("Had the supportive conversation about their life and care")),
        ("cv_trust", _("Filled in the trust assessment with the Profile Holder")),
    ],
    S.PROFILES_PROMISES: [
        ("pp_profile", _("Wrote the Getting Support profile with them")),
        ("pp_sharing", _("They chose who sees each part of their profile")),
        ("pp_promise", _("Recorded the promises we make each other")),
    ],
    S.BUILDING: [
        ("bt_trials", _("New members did their trial sessions")),
        ("bt_welcome", _("Everyone has met the person and each other")),
    ],
    S.ORGANISING: [
        ("go_hats", _("Essential hats are held by team members")),
        ("go_rota", _("The rota is running")),
        ("go_checkin", _("A first team check-in is in the diary")),
    ],
    S.STEPPING_BACK: [
        ("sb_handover", _("Handed over anything the Team Starter was still doing")),
        ("sb_goodbye", _("Said goodbye and told the team how to reach the commons")),
    ],
}


def check_member_move(member, move):
    allowed_from, _leads_to = MEMBER_MOVES[move]
    if member.status not in allowed_from:
        raise ValidationError(MEMBER_REFUSALS[move], code="refused")


def check_term_move(term, move):
    allowed_from, _leads_to = TERM_MOVES[move]
    if term.status not in allowed_from:
        raise ValidationError(TERM_REFUSALS[move], code="refused")


def next_stages(stage):
    """The stages a team may move to from ``stage``: the next one, or back one step."""
    if stage == S.ENDED:
        return []
    i = STAGE_ORDER.index(stage)
    options = []
    if i + 1 < len(STAGE_ORDER):
        options.append(STAGE_ORDER[i + 1])
    if i > 0:
        options.append(STAGE_ORDER[i - 1])
    return options
