"""How the signed-in user stands towards the stories of a commons and of one research project.
Out of scope and not allowed both answer 404.

- The **research team** of a project (``Researcher`` rows not ended) sees and works on its
  interviews, recordings, transcripts, summaries, themes and quote bank. Nobody else does: an
  organiser who is not on the team sees only the project's name, purpose and team, and may
  start projects and change teams.
- The **person interviewed** (and their proxy) sees their own interview: the agreement, the
  summary once it is sent to them (never a draft), and who looked; they approve or change the
  summary, withdraw approval, ask for a closure or a take-down.
- A **lead** of the project also changes its team and closes it.
"""

from dataclasses import dataclass

from caringcity.people import selectors as people

stories_standing = people.member_standing  # the user's MemberStanding in a commons (cached)
get_in_commons = people.get_in_commons  # one row of a model in the commons by uuid, or 404


@dataclass(frozen=True)
class ProjectStanding:
    """How a user stands towards one project."""

    person: object  # their Person in the project's commons, or None
    is_member: bool
    is_organiser: bool
    role: str | None  # Researcher.Role of a current team member, else None

    is_researcher = property(lambda self: self.role is not None)
    is_lead = property(lambda self: self.role == "lead")


def project_standing(user, project):
    """Cached on the user object for the request, one query per project."""
    cache = user.__dict__.setdefault("_stories_project_standing", {}) if user.is_authenticated else {}
    if project.pk in cache:
        return cache[project.pk]
    standing = stories_standing(user, project.commons)
    role = None
    if standing.is_member:
        role = (project.researchers.filter(person=standing.person, ended_at__isnull=True)
                .values_list("role", flat=True).first())
    result = ProjectStanding(standing.person, standing.is_member, standing.is_organiser, role)
    cache[project.pk] = result
    return result


def speaks_for(user, interview):
    """Is the user the person interviewed, or their current proxy? (basis "self" or "proxy")"""
    standing = stories_standing(user, interview.commons)
    if not standing.is_member:
        return None
    if standing.person.pk == interview.respondent_id:
        return "self"
    if people.is_proxy_for(standing.person, interview.commons, interview.respondent):
        return "proxy"
    return None
