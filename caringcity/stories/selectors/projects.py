"""Reads about projects and who is on their teams."""

from caringcity.stories.access import stories_standing
from caringcity.stories.models import Project


def projects_for(user, commons):
    """Projects the user sees (twin of rule "stories.view_project"): every project of the commons
    for an organiser, else those whose team they are on now."""
    standing = stories_standing(user, commons)
    if not standing.is_member:
        return Project.objects.none()
    projects = Project.objects.filter(commons=commons)
    if not standing.is_organiser:
        projects = projects.filter(researchers__person=standing.person, researchers__ended_at__isnull=True)
    return projects.distinct().order_by("closed_at", "name")
