"""Who looked: every look at (or download or print of) someone's interview material by anyone but
them goes on their "who looked" list (privacy part ``interviews``). Pages and exports that show
interview material call ``record_look`` once per interview shown."""

from caringcity.core.models import AuditEvent
from caringcity.people.services import privacy_record_view
from caringcity.stories.access import speaks_for

PART = "interviews"


def record_look(*, actor, interview, what, downloaded=False, printed=False):
    """``what`` names the kind of material in plain words for the log ("transcript", "summary",
    "recording", "export"), never its content. The person's own looks (and their proxy's, who is
    logged as acting for them) follow the people app's rules."""
    basis = speaks_for(actor, interview) or "research"
    reason = "printed" if printed else what
    return privacy_record_view(actor=actor, commons=interview.commons, person=interview.respondent, part=PART,
                               basis=basis, obj=interview, reason=reason,
                               action=AuditEvent.Action.EXPORT if (downloaded or printed) else AuditEvent.Action.VIEW)


def record_looks(*, actor, interviews, what, downloaded=False):
    """The same for many interviews at once (an export of a project)."""
    return [record_look(actor=actor, interview=interview, what=what, downloaded=downloaded) for interview in interviews]
