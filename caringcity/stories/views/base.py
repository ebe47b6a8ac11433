"""Shared by the stories views: the section's tabs and rendering inside it.

Two tab bars. ``register_tab`` adds a tab of the whole section (url takes the commons slug;
``perm`` checked against the commons). ``register_project_tab`` adds a tab of one project (url
takes the commons slug and the project's uuid; ``perm`` checked against the project, for example
"stories.research"). Parts add sections to another part's page with ``register_section`` (pages:
"home", the section's landing page, ``context_fn(request, commons, None)``; "project", a
project's page, ``context_fn(request, commons, project)``; "interview", an interview's page for the
research team, ``context_fn(request, commons, interview)``; "my_interview", the person's own view
of their interview, same arguments). ``context_fn`` returns the section's context or None."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from caringcity.core.tabs import SectionRegistry, TabRegistry
from caringcity.people.views import _act, _apply_errors, _commons, _form_page, _page, _submit  # noqa: F401
from caringcity.stories.access import get_in_commons, project_standing, stories_standing
from caringcity.stories.models import Interview, InterviewState, Project

MATERIAL_STATES = (InterviewState.DRAFT, InterviewState.AGREED)  # the team works on the material

TABS = TabRegistry("stories", "stories.view")
PROJECT_TABS = TabRegistry("stories", "stories.research")
SECTIONS = SectionRegistry()
register_tab = TABS.register
register_project_tab = PROJECT_TABS.register
register_section = SECTIONS.register

SECTION_LABEL = gettext_lazy("Stories")


def page_sections(page, request, commons, obj):
    return SECTIONS.for_page(page, request, commons, obj, extra={"commons": commons})


def render_stories(request, template, commons, ctx=None, status=200, project=None):
    """Render a page of the stories section: gives ``commons``, ``standing``, ``tabs`` and, with a
    ``project``, ``project``, ``project_standing`` and ``project_tabs``. Templates extend
    ``stories/base_stories.html`` and fill ``stories_content``."""
    context = {"commons": commons, "standing": stories_standing(request.user, commons),
               "tabs": TABS.for_request(request, commons, [commons.slug])}
    if project is not None:
        context.update(project=project, project_standing=project_standing(request.user, project),
                       project_tabs=PROJECT_TABS.for_request(request, project, [commons.slug, project.uuid]))
    context.update(ctx or {})
    return render(request, template, context, status=status)


S = "c/<slug:slug>/stories/"  # every stories url starts here
P = S + "projects/<uuid:project_uuid>/"  # a project's pages
I = P + "interviews/<uuid:interview_uuid>/"  # an interview's pages (research team)  # noqa: E741


def member_commons(request, slug, perm="stories.view"):
    """The commons, if the user is an active member allowed ``perm`` there; else 404."""
    commons, membership = _commons(request, slug)
    if not request.user.has_perm(perm, commons):
        raise Http404
    return commons


def project_for(request, slug, project_uuid, perm="stories.research"):
    """(commons, project) if the user may ``perm`` on the project; else 404."""
    commons = member_commons(request, slug)
    project = get_in_commons(Project, commons, project_uuid)
    if not request.user.has_perm(perm, project):
        raise Http404
    return commons, project


def interview_for(request, slug, project_uuid, interview_uuid, perm="stories.research_interview", record_page=False):
    """(commons, project, interview) for the research team; else 404. The interview's material
    (recordings, transcripts, summaries, passages) is there only while it is in draft or agreed: a
    closed or taken-down interview answers 404 for it, and only its record page (``record_page``)
    says that it is closed or was taken down."""
    commons, project = project_for(request, slug, project_uuid, perm="stories.view_project")
    try:
        interview = (Interview.objects.select_related("project", "respondent", "commons")
                     .get(commons=commons, project=project, uuid=interview_uuid))
    except (Interview.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not request.user.has_perm(perm, interview):
        raise Http404
    if interview.state not in MATERIAL_STATES and not record_page:
        raise Http404
    return commons, project, interview
