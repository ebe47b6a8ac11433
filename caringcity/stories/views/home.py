"""The landing page of "Stories": the projects this person works on (or, for an organiser, every
project of the commons), and what each part has for them as a section of the page "home" (for
example their own interviews and summaries waiting for them)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.utils.translation import gettext_lazy

from caringcity.stories.selectors.projects import projects_for
from caringcity.stories.views.base import (
    P, S, member_commons, page_sections, project_for, register_project_tab, register_tab, render_stories,
)

register_tab(0, gettext_lazy("Overview"), "home")
register_project_tab(0, gettext_lazy("About the project"), "project", "stories.view_project")


@login_required
def home(request, slug):
    commons = member_commons(request, slug)
    return render_stories(request, "stories/home.html", commons,
                          {"projects": projects_for(request.user, commons),
                           "sections": page_sections("home", request, commons, None)})


@login_required
def project(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, perm="stories.view_project")
    return render_stories(request, "stories/project.html", commons,
                          {"sections": page_sections("project", request, commons, project),
                           "team": project.researchers.filter(ended_at__isnull=True).select_related("person")},
                          project=project)


urlpatterns = [
    path(S, home, name="home"),
    path(P, project, name="project"),
]
