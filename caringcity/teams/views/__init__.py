"""Views of the care teams app, split by area (one module each); urls.py imports them from here."""

from caringcity.teams.views.hats import hat_create, hat_nominate, hat_term_action, hats  # noqa: F401
from caringcity.teams.views.matching import call_out_detail, call_out_list, match, match_invite, match_report  # noqa: F401
from caringcity.teams.views.stages import stage  # noqa: F401
from caringcity.teams.views.team import (  # noqa: F401
    member_action,
    member_invite,
    notice_post,
    promises,
    team_create,
    team_detail,
    team_edit,
    team_list,
    team_print,
    trust_assessment,
)
