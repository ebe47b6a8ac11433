"""Pages of the interviews part (see docs/stories-interviews.md): starting a project and changing its
team; the team's interview list, record pages and the consent moves; the agreement scan (served
only to the team); search across the project; and the person's own view of their interview
("my interview"), where they sign, ask for a closure or a take-down, and see who looked."""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.stories.access import speaks_for
from caringcity.stories.forms import interviews as forms
from caringcity.stories.models import Agreement, Interview, InterviewState, Researcher, Use
from caringcity.stories.selectors import interviews as selectors
from caringcity.stories.services import interviews as services
from caringcity.stories.services.looks import record_look
from caringcity.stories.views.base import (
    I, MATERIAL_STATES, P, S, _act, _submit, interview_for, member_commons, page_sections, project_for,
    register_project_tab, register_section, render_stories,
)

register_project_tab(10, gettext_lazy("Interviews"), "interviews", "stories.research")
register_project_tab(50, gettext_lazy("Search"), "search", "stories.research")

M = S + "my-interviews/<uuid:interview_uuid>/"  # the person's own view of their interview

STATE_TAGS = {InterviewState.DRAFT: "grey", InterviewState.AGREED: "green", InterviewState.CLOSED: "", InterviewState.TAKEN_DOWN: "red"}


def _form(request, commons, form, *, title, cancel_url, submit_label=None, project=None, template="stories/interviews/form.html",
          **extra):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, **extra}
    return render_stories(request, template, commons, ctx, status=status, project=project)


def _confirm(request, commons, *, title, explanation, confirm_label, cancel_url, project=None, danger=True, **extra):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url,
           "danger": danger, **extra}
    return render_stories(request, "stories/confirm.html", commons, ctx, project=project)


def _interview_url(interview):
    return reverse("stories:interview", args=[interview.commons.slug, interview.project.uuid, interview.uuid])


def _my_url(interview):
    return reverse("stories:my_interview", args=[interview.commons.slug, interview.uuid])


def _crumb_interviews(commons, project):
    return {"crumb_url": reverse("stories:interviews", args=[commons.slug, project.uuid]), "crumb_label": _("Interviews")}


def uses_in_words(uses):
    labels = dict(Use.choices)
    return [labels[use] for use in Use.values if use in (uses or [])]


# --- sections on other pages ------------------------------------------------------------------------

def _home_mine(request, commons, obj):
    interviews = list(selectors.my_interviews(request.user, commons))
    if not interviews:
        return None
    me = request.user.person
    return {"interviews": interviews, "me": me}


def _home_start(request, commons, obj):
    if not request.user.has_perm("stories.start_project", commons):
        return None
    return {}


def _project_interviews(request, commons, project):
    if not request.user.has_perm("stories.research", project):
        return {"on_team": False, "can_manage": request.user.has_perm("stories.manage_team", project)}
    counts = {state: 0 for state in InterviewState.values}
    for state in project.interviews.values_list("state", flat=True):
        counts[state] += 1
    return {"on_team": True, "can_manage": request.user.has_perm("stories.manage_team", project),
            "counts": [(InterviewState(state).label, counts[state]) for state in InterviewState.values],
            "total": sum(counts.values())}


register_section("home", 10, "stories/interviews/_home_mine.html", _home_mine)
register_section("home", 90, "stories/interviews/_home_start.html", _home_start)
register_section("project", 10, "stories/interviews/_project_section.html", _project_interviews)


# --- projects and teams -----------------------------------------------------------------------------

@login_required
def project_create(request, slug):
    commons = member_commons(request, slug, "stories.start_project")
    form = forms.ProjectForm(request.POST or None, members=selectors.members_of(commons))
    made = {}

    def call(data):
        made["project"] = services.project_start(actor=request.user, commons=commons, **data)

    if _submit(request, form, call, _("The project is started.")):
        return redirect("stories:project", commons.slug, made["project"].uuid)
    return _form(request, commons, form, title=_("Start a research project"), cancel_url=reverse("stories:home", args=[commons.slug]),
                 submit_label=_("Start the project"))


@login_required
def project_edit(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, perm="stories.manage_team")
    initial = {"name": project.name, "purpose": project.purpose, "started_on": project.started_on}
    form = forms.ProjectForm(request.POST or None, members=None, with_lead=False, initial=initial)
    if _submit(request, form, lambda data: services.project_update(actor=request.user, project=project, **data), _("The project is saved.")):
        return redirect("stories:project", commons.slug, project.uuid)
    return _form(request, commons, form, title=_("Change the project"), project=project,
                 cancel_url=reverse("stories:project", args=[commons.slug, project.uuid]))


@login_required
def team(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, perm="stories.manage_team")
    form = forms.ResearcherForm(request.POST or None, members=selectors.members_of(commons))
    if _submit(request, form, lambda data: services.researcher_add(actor=request.user, project=project, **data),
               _("They are on the research team now.")):
        return redirect("stories:team", commons.slug, project.uuid)
    ctx = {"form": form, "team": selectors.current_team(project), "past": selectors.past_team(project),
           "crumb_url": reverse("stories:project", args=[commons.slug, project.uuid]), "crumb_label": _("Research team")}
    return render_stories(request, "stories/interviews/team.html", commons, ctx, status=400 if form.errors else 200, project=project)


@login_required
def researcher_end(request, slug, project_uuid, researcher_uuid):
    commons, project = project_for(request, slug, project_uuid, perm="stories.manage_team")
    try:
        researcher = Researcher.objects.select_related("person").get(project=project, uuid=researcher_uuid, ended_at__isnull=True)
    except (Researcher.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    cancel = reverse("stories:team", args=[commons.slug, project.uuid])
    if request.method == "POST":
        _act(request, lambda: services.researcher_end(actor=request.user, project=project, researcher=researcher),
             _("%(name)s has left the research team.") % {"name": researcher.person.display_name})
        return redirect(cancel)
    return _confirm(request, commons, project=project, cancel_url=cancel,
                    title=_("Take %(name)s off the research team?") % {"name": researcher.person.display_name},
                    explanation=_("They will no longer see the project's interviews. What they did stays in the record."),
                    confirm_label=_("Take them off the team"))


# --- interview records --------------------------------------------------------------------------------

@login_required
def interview_list(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid)
    interviews = list(selectors.interview_list(project))
    for interview in interviews:
        interview.tag = STATE_TAGS[interview.state]
    ctx = {"interviews": interviews, "taken_down": list(selectors.taken_down(project))}
    return render_stories(request, "stories/interviews/list.html", commons, ctx, project=project)


def _interview_form(request, commons, project, interview=None):
    initial = {}
    if interview is not None:
        initial = {"title": interview.title, "respondent": interview.respondent, "held_on": interview.held_on,
                   "place": interview.place, "language": interview.language, "interviewers": list(interview.interviewers.all())}
    team_people = selectors.members_of(commons).filter(
        Q(research_roles__project=project, research_roles__ended_at__isnull=True)
        | Q(pk__in=[p.pk for p in initial.get("interviewers", [])]))  # someone who has left the team stays ticked
    return forms.InterviewForm(request.POST or None, members=selectors.members_of(commons), team=team_people, initial=initial)


@login_required
def interview_create(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid)
    form = _interview_form(request, commons, project)
    made = {}

    def call(data):
        made["interview"] = services.interview_create(actor=request.user, project=project, **data)

    if _submit(request, form, call, _("The interview is added. Record the person's agreement before anything is used.")):
        return redirect(_interview_url(made["interview"]))
    return _form(request, commons, form, title=_("Add an interview"), project=project, submit_label=_("Add the interview"),
                 cancel_url=reverse("stories:interviews", args=[commons.slug, project.uuid]), **_crumb_interviews(commons, project))


@login_required
def interview_detail(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    record_look(actor=request.user, interview=interview, what="record")
    ctx = {"interview": interview, "tag": STATE_TAGS[interview.state], **_crumb_interviews(commons, project)}
    if interview.state != InterviewState.TAKEN_DOWN:
        record = selectors.interview_record(interview)
        if record["agreement"]:
            record["agreement"].uses_words = uses_in_words(record["agreement"].uses)
        ctx.update(record)
        if interview.state in MATERIAL_STATES:
            ctx["sections"] = page_sections("interview", request, commons, interview)
    else:
        ctx["take_down"] = interview.take_down if hasattr(interview, "take_down") else None
    return render_stories(request, "stories/interviews/interview.html", commons, ctx, project=project)


@login_required
def interview_edit(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    if interview.state == InterviewState.TAKEN_DOWN:
        raise Http404
    form = _interview_form(request, commons, project, interview)
    if _submit(request, form, lambda data: services.interview_update(actor=request.user, interview=interview, **data),
               _("The interview is saved.")):
        return redirect(_interview_url(interview))
    return _form(request, commons, form, title=_("Change the interview record"), project=project, cancel_url=_interview_url(interview),
                 **_crumb_interviews(commons, project))


# --- consent moves (the team) -------------------------------------------------------------------------

def _refused(request, commons, project, interview, title, refusal):
    return render_stories(request, "stories/confirm.html", commons,
                          {"title": title, "refusal": refusal, "cancel_url": _interview_url(interview)}, project=project)


@login_required
def agreement_record(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    title = _("Record the agreement")
    if interview.state == InterviewState.TAKEN_DOWN:
        return _refused(request, commons, project, interview, title, _("This interview was taken down: it cannot be agreed again."))
    if interview.state == InterviewState.CLOSED:
        return _refused(request, commons, project, interview, title,
                        _("The interview is closed. Lift the closure before recording a new agreement."))
    form = forms.AgreementForm(request.POST or None, request.FILES or None)
    if _submit(request, form, lambda data: services.agreement_record(actor=request.user, interview=interview, **data),
               _("The agreement is recorded.")):
        return redirect(_interview_url(interview))
    intro = _("Record how %(name)s agreed and what they allow. Nothing of the interview is used until this is done.") % {
        "name": interview.respondent.display_name}
    if interview.state == InterviewState.AGREED:
        intro = _("A new agreement replaces the one in force. The old one is kept in the record.")
    return _form(request, commons, form, title=title, project=project, cancel_url=_interview_url(interview),
                 submit_label=_("Record the agreement"), intro=intro, **_crumb_interviews(commons, project))


@login_required
def agreement_withdraw(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    form = forms.WithdrawForm(request.POST or None)
    if _submit(request, form, lambda data: services.agreement_withdraw(actor=request.user, interview=interview, **data),
               _("The agreement is withdrawn. The interview is a draft again: nothing is used.")):
        return redirect(_interview_url(interview))
    if interview.state != InterviewState.AGREED and request.method == "GET":
        return _refused(request, commons, project, interview, _("Withdraw the agreement"),
                        _("There is no agreement in force to withdraw."))
    return _form(request, commons, form, title=_("Withdraw the agreement"), project=project, cancel_url=_interview_url(interview),
                 submit_label=_("Withdraw the agreement"), danger=True,
                 intro=_("The interview goes back to draft: nothing of it is used until a new agreement is recorded."),
                 **_crumb_interviews(commons, project))


@login_required
def closure_add(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    if interview.state != InterviewState.AGREED and request.method == "GET":
        return _refused(request, commons, project, interview, _("Close the interview for a time"),
                        _("Only an agreed interview can be closed. Its consent now: %(state)s.") % {"state": interview.get_state_display()})
    form = forms.ClosureForm(request.POST or None)
    if _submit(request, form, lambda data: services.closure_add(actor=request.user, interview=interview, **data),
               _("The interview is closed: nothing of it is used until the closure ends.")):
        return redirect(_interview_url(interview))
    return _form(request, commons, form, title=_("Close the interview for a time"), project=project, cancel_url=_interview_url(interview),
                 submit_label=_("Close the interview"), **_crumb_interviews(commons, project))


@login_required
def closure_lift(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    if request.method == "POST":
        _act(request, lambda: services.closure_lift(actor=request.user, interview=interview),
             _("The closure is lifted. The interview may be used again as agreed."))
        return redirect(_interview_url(interview))
    if interview.state != InterviewState.CLOSED:
        return _refused(request, commons, project, interview, _("Lift the closure"), _("The interview is not closed."))
    return _confirm(request, commons, project=project, cancel_url=_interview_url(interview), danger=False,
                    title=_("Lift the closure now?"),
                    explanation=_("Only lift it early if the person asked. It would end by itself on %(day)s.")
                    % {"day": date_format(interview.closed_until, "j F Y")},
                    confirm_label=_("Lift the closure"))


@login_required
def take_down(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    if interview.state == InterviewState.TAKEN_DOWN:
        raise Http404
    form = forms.TakeDownForm(request.POST or None)
    if _submit(request, form, lambda data: services.take_down(actor=request.user, interview=interview, **data),
               _("The interview is taken down. Its material is hidden everywhere.")):
        return redirect(_interview_url(interview))
    return _form(request, commons, form, title=_("Take the interview down"), project=project, cancel_url=_interview_url(interview),
                 submit_label=_("Take it down for good"), danger=True,
                 intro=_("At once and for good: its recordings, transcripts, summary, passages and quotes are hidden from every page, "
                         "search and export. This cannot be undone."), **_crumb_interviews(commons, project))


def _paper_response(request, agreement, interview):
    if not agreement.paper or not agreement.paper_content_type:
        raise Http404
    try:
        handle = agreement.paper.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    record_look(actor=request.user, interview=interview, what="agreement", downloaded=True)
    ending = {v: k for k, v in services.PAPER_KINDS.items()}[agreement.paper_content_type]
    response = FileResponse(handle, content_type=agreement.paper_content_type,
                            as_attachment=agreement.paper_content_type == "application/pdf", filename=f"agreement.{ending}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _agreement_of(interview, agreement_uuid):
    if interview.state == InterviewState.TAKEN_DOWN:
        raise Http404
    try:
        return Agreement.objects.get(interview=interview, uuid=agreement_uuid)
    except (Agreement.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
def agreement_paper(request, slug, project_uuid, interview_uuid, agreement_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid, record_page=True)
    return _paper_response(request, _agreement_of(interview, agreement_uuid), interview)


@login_required
def my_agreement_paper(request, slug, interview_uuid, agreement_uuid):
    """The person's (or their proxy's) own copy of the paper form they signed."""
    commons, interview = _mine(request, slug, interview_uuid)
    return _paper_response(request, _agreement_of(interview, agreement_uuid), interview)


# --- search -------------------------------------------------------------------------------------------

@login_required
def search(request, slug, project_uuid):
    """POST, so the words searched for never sit in an address or a server log."""
    commons, project = project_for(request, slug, project_uuid)
    form = forms.SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = selectors.search(project, form.cleaned_data["words"])
        services.search_looks_record(actor=request.user, interviews=[r["interview"] for r in results])
    ctx = {"form": form, "results": results, "searched": form.is_bound and form.is_valid()}
    return render_stories(request, "stories/interviews/search.html", commons, ctx, project=project,
                          status=400 if form.is_bound and form.errors else 200)


# --- the person's own view ------------------------------------------------------------------------------

def _mine(request, slug, interview_uuid):
    commons = member_commons(request, slug)
    try:
        interview = Interview.objects.select_related("project", "respondent", "commons").get(commons=commons, uuid=interview_uuid)
    except (Interview.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
    if not request.user.has_perm("stories.own_interview", interview):
        raise Http404
    return commons, interview


def _my_refused(request, commons, interview, title, refusal):
    return render_stories(request, "stories/confirm.html", commons, {"title": title, "refusal": refusal, "cancel_url": _my_url(interview),
                                                                     "crumb_url": _my_url(interview), "crumb_label": interview.title})


@login_required
def my_interview(request, slug, interview_uuid):
    commons, interview = _mine(request, slug, interview_uuid)
    basis = speaks_for(request.user, interview)
    ctx = {"interview": interview, "basis": basis, "tag": STATE_TAGS[interview.state]}
    if interview.state == InterviewState.TAKEN_DOWN:
        ctx["take_down"] = getattr(interview, "take_down", None)
    else:
        record = selectors.interview_record(interview)
        if record["agreement"]:
            record["agreement"].uses_words = uses_in_words(record["agreement"].uses)
        ctx.update(record)
        ctx["looks"] = selectors.who_looked(interview)
        ctx["sections"] = page_sections("my_interview", request, commons, interview)
    return render_stories(request, "stories/interviews/mine.html", commons, ctx)


@login_required
def my_sign(request, slug, interview_uuid):
    commons, interview = _mine(request, slug, interview_uuid)
    title = _("Sign the agreement")
    if interview.state not in MATERIAL_STATES:
        return _my_refused(request, commons, interview, title, _("The agreement can only be signed while the interview is not closed "
                                                                 "or taken down."))
    form = forms.SignForm(request.POST or None)
    if _submit(request, form, lambda data: services.agreement_sign(actor=request.user, interview=interview, **data),
               _("Thank you. Your agreement is recorded.")):
        return redirect(_my_url(interview))
    purpose = interview.project.purpose
    return _form(request, commons, form, title=title, cancel_url=_my_url(interview), submit_label=_("Sign"),
                 template="stories/interviews/sign.html", interview=interview, purpose=purpose,
                 crumb_url=_my_url(interview), crumb_label=interview.title)


@login_required
def my_close(request, slug, interview_uuid):
    commons, interview = _mine(request, slug, interview_uuid)
    title = _("Close my interview for a time")
    if interview.state != InterviewState.AGREED:
        return _my_refused(request, commons, interview, title, {
            InterviewState.DRAFT: _("Nothing of your interview is used yet, because you have not agreed. There is nothing to close."),
            InterviewState.CLOSED: _("Your interview is already closed."),
            InterviewState.TAKEN_DOWN: _("Your interview was taken down: nothing of it is used."),
        }[interview.state])
    form = forms.ClosureForm(request.POST or None, by_person=True)
    if _submit(request, form, lambda data: services.closure_add(actor=request.user, interview=interview, **data),
               _("Your interview is closed: nothing of it is used until the day you chose.")):
        return redirect(_my_url(interview))
    return _form(request, commons, form, title=title, cancel_url=_my_url(interview), submit_label=_("Close it until then"),
                 intro=_("The research team will not use your interview until this day. You can open it again earlier."),
                 crumb_url=_my_url(interview), crumb_label=interview.title)


@login_required
def my_lift(request, slug, interview_uuid):
    commons, interview = _mine(request, slug, interview_uuid)
    if request.method == "POST":
        _act(request, lambda: services.closure_lift(actor=request.user, interview=interview),
             _("Your interview is open again. It is used as you agreed."))
        return redirect(_my_url(interview))
    if interview.state != InterviewState.CLOSED:
        return _my_refused(request, commons, interview, _("Open my interview again"), _("Your interview is not closed."))
    return _confirm(request, commons, cancel_url=_my_url(interview), danger=False, title=_("Open your interview again now?"),
                    explanation=_("It will be used again as you agreed. Otherwise it opens by itself on %(day)s.")
                    % {"day": date_format(interview.closed_until, "j F Y")},
                    confirm_label=_("Open it again"), crumb_url=_my_url(interview), crumb_label=interview.title)


@login_required
def my_take_down(request, slug, interview_uuid):
    commons, interview = _mine(request, slug, interview_uuid)
    if request.method == "POST":
        if _act(request, lambda: services.take_down(actor=request.user, interview=interview),
                _("Your interview is taken down. Nobody can see or use it any more.")):
            return redirect(_my_url(interview))
        return redirect(_my_url(interview))
    if interview.state == InterviewState.TAKEN_DOWN:
        return _my_refused(request, commons, interview, _("Take my interview down"), _("Your interview was already taken down."))
    return _confirm(request, commons, cancel_url=_my_url(interview), title=_("Take your interview down?"),
                    explanation=_("At once and for good: the recording, transcript, summary and quotes are hidden from everyone, "
                                  "the research team too. This cannot be undone. If you only want a break, close it for a time instead."),
                    confirm_label=_("Yes, take it down"), crumb_url=_my_url(interview), crumb_label=interview.title)


urlpatterns = [
    path(S + "projects/new/", project_create, name="project_create"),
    path(P + "edit/", project_edit, name="project_edit"),
    path(P + "team/", team, name="team"),
    path(P + "team/<uuid:researcher_uuid>/end/", researcher_end, name="researcher_end"),
    path(P + "interviews/", interview_list, name="interviews"),
    path(P + "interviews/new/", interview_create, name="interview_create"),
    path(P + "search/", search, name="search"),
    path(I, interview_detail, name="interview"),
    path(I + "edit/", interview_edit, name="interview_edit"),
    path(I + "agreement/", agreement_record, name="agreement_record"),
    path(I + "agreement/withdraw/", agreement_withdraw, name="agreement_withdraw"),
    path(I + "agreements/<uuid:agreement_uuid>/paper/", agreement_paper, name="agreement_paper"),
    path(I + "close/", closure_add, name="closure_add"),
    path(I + "lift/", closure_lift, name="closure_lift"),
    path(I + "take-down/", take_down, name="take_down"),
    path(M, my_interview, name="my_interview"),
    path(M + "sign/", my_sign, name="my_sign"),
    path(M + "agreements/<uuid:agreement_uuid>/paper/", my_agreement_paper, name="my_agreement_paper"),
    path(M + "close/", my_close, name="my_close"),
    path(M + "open/", my_lift, name="my_lift"),
    path(M + "take-down/", my_take_down, name="my_take_down"),
]
