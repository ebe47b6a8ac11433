"""Pages of the summaries part (see docs/stories-summaries.md).

- The research team (``stories.research_interview``): a project's summaries, an interview's summary
  (start, change, versions and what changed, send, print, write down the person's answer, take in
  their changes, take it back, cancel a link).
- The person interviewed (or their proxy), signed in: their summary (read, change, add, approve,
  withdraw approval); sections on their interview page and on the landing page.
- The person with their private link, without signing in: ``/stories/review/<token>/``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from caringcity.stories.access import speaks_for
from caringcity.stories.forms import summaries as forms
from caringcity.stories.models import ReviewHow, Summary, SummaryState, SummaryVersion, Turn
from caringcity.stories.selectors import summaries as selectors
from caringcity.stories.services import summaries as services
from caringcity.stories.services.looks import record_look
from caringcity.stories.views.base import (
    I,
    P,
    S,
    _act,
    _submit,
    interview_for,
    member_commons,
    project_for,
    register_project_tab,
    register_section,
    render_stories,
)

register_project_tab(30, gettext_lazy("Summaries"), "summaries")


def _private(response):
    """Pages with someone's summary: never cached, never sent on as a referrer, never indexed."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- the research team ----------------------------------------------------------------------------------

@login_required
def project_summaries(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid)
    ctx = {"interviews": selectors.project_summaries(project), "states": SummaryState}
    return render_stories(request, "stories/summaries/project.html", commons, ctx, project=project)


def _team(request, slug, project_uuid, interview_uuid, *, need_summary=True):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid)
    summary = selectors.summary_for(interview)
    if need_summary and summary is None:
        raise Http404
    return commons, project, interview, summary


def _summary_url(commons, project, interview, name="summary"):
    return reverse(f"stories:{name}", args=[commons.slug, project.uuid, interview.uuid])


def _crumb(commons, project, interview):
    return {"crumb_url": _summary_url(commons, project, interview), "crumb_label": _("Summary of “%(title)s”") % {"title": interview.title}}


def _render_team(request, template, commons, project, interview, ctx=None, status=200):
    base = {"interview": interview, "urls": {name: _summary_url(commons, project, interview, name) for name in (
        "summary", "summary_start", "summary_edit", "summary_versions", "summary_send", "summary_print", "summary_record",
        "summary_accept", "summary_take_back", "summary_record_withdrawal")}}
    base.update(ctx or {})
    return _private(render_stories(request, template, commons, base, status=status, project=project))


def _versions_ctx(summary):
    versions = list(summary.versions.all())
    latest = versions[-1] if versions else None
    return {"summary": summary, "versions": versions, "latest": latest, "person_version": selectors.person_version(summary),
            "waiting_changes": summary.state == SummaryState.CHANGES and latest is not None and latest.kind in selectors.PERSON_KINDS}


@login_required
def summary_detail(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid, need_summary=False)
    if summary is None:
        return _start_page(request, commons, project, interview, forms.StartForm(**_start_kwargs(interview)))
    record_look(actor=request.user, interview=interview, what="summary")
    ctx = {**_versions_ctx(summary), "links": selectors.active_links(summary), "team_edit": summary.state in selectors.TEAM_EDIT_STATES,
           "approved_how": dict(ReviewHow.choices).get(summary.approved_how)}
    return _render_team(request, "stories/summaries/detail.html", commons, project, interview, ctx)


def _start_kwargs(interview):
    return {"service": bool(settings.STORIES_SUMMARY_SERVICE_URL),
            "has_transcript": Turn.objects.filter(transcript__interview=interview).exists()}


def _start_page(request, commons, project, interview, form):
    return _render_team(request, "stories/summaries/start.html", commons, project, interview, {"form": form},
                        status=400 if form.is_bound and form.errors else 200)


@login_required
def summary_start(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid, need_summary=False)
    if summary is not None:
        return redirect(_summary_url(commons, project, interview))
    form = forms.StartForm(request.POST or None, **_start_kwargs(interview))
    made = {}

    def call(data):
        made["summary"], made["notice"] = services.summary_start(actor=request.user, interview=interview, start_from=data["start_from"])

    if _submit(request, form, call):
        if made["notice"]:
            messages.warning(request, made["notice"])
        else:
            messages.success(request, _("The summary is started. Read it through and change it as needed."))
        if not made["summary"].versions.exists():
            return redirect(_summary_url(commons, project, interview, "summary_edit"))
        return redirect(_summary_url(commons, project, interview))
    return _start_page(request, commons, project, interview, form)


@login_required
def summary_edit(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    record_look(actor=request.user, interview=interview, what="summary")
    latest = selectors.latest_version(summary)
    initial = {"text": latest.text if latest else "", "based_on": latest.number if latest else None}
    form = forms.EditForm(request.POST or None, initial=initial)

    def call(data):
        services.summary_save(actor=request.user, summary=summary, text=data["text"], note=data["note"], based_on=data["based_on"])

    if _submit(request, form, call, _("A new version is saved.")):
        return redirect(_summary_url(commons, project, interview))
    ctx = {"form": form, "summary": summary, "latest": latest, **_crumb(commons, project, interview)}
    return _render_team(request, "stories/summaries/edit.html", commons, project, interview, ctx,
                        status=400 if form.is_bound and form.errors else 200)


@login_required
def summary_versions(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    record_look(actor=request.user, interview=interview, what="summary")
    ctx = _versions_ctx(summary)
    versions = ctx["versions"]
    numbers = [v.number for v in versions]
    diff = None
    if len(versions) >= 2:
        data = request.GET if "a" in request.GET else {"a": numbers[-2], "b": numbers[-1]}
        form = forms.DiffForm(data, numbers=numbers)
        if form.is_valid():
            by_number = {v.number: v for v in versions}
            old, new = by_number[form.cleaned_data["a"]], by_number[form.cleaned_data["b"]]
            parts = selectors.word_diff(old.text, new.text)
            diff = {"old": old, "new": new, "parts": parts, "counts": selectors.diff_counts(parts)}
        ctx["diff_form"] = form
    ctx.update(diff=diff, **_crumb(commons, project, interview))
    return _render_team(request, "stories/summaries/versions.html", commons, project, interview, ctx)


@login_required
def summary_send(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    address = interview.respondent.email
    form = forms.SendForm(request.POST or None, email_address=address)
    made = {}

    def call(data):
        made["link"], made["token"] = services.summary_send(actor=request.user, summary=summary, how=data["how"],
                                                            email=data.get("email", False))

    if _submit(request, form, call):
        if made["token"]:
            # The token is shown once, on this answer to the POST; only its hash is kept.
            url = services.review_url(made["token"])
            return _render_team(request, "stories/summaries/sent.html", commons, project, interview,
                                {"url": url, "link": made["link"], "emailed": form.cleaned_data.get("email"),
                                 **_crumb(commons, project, interview)})
        messages.success(request, _("Marked as with the person. Write down what they say when you hear back."))
        if form.cleaned_data["how"] == "printed":
            return redirect(_summary_url(commons, project, interview, "summary_print"))
        return redirect(_summary_url(commons, project, interview))
    ctx = {"form": form, "summary": summary, "address": address, **_crumb(commons, project, interview)}
    return _render_team(request, "stories/summaries/send.html", commons, project, interview, ctx,
                        status=400 if form.is_bound and form.errors else 200)


@login_required
def summary_print(request, slug, project_uuid, interview_uuid):
    """A printed copy for the person: the version sent to them (else the newest), its number and
    space to write their changes."""
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    version = selectors.person_version(summary) if summary.state != SummaryState.DRAFT else None
    version = version or selectors.latest_version(summary)
    if version is None:
        raise Http404
    record_look(actor=request.user, interview=interview, what="summary", printed=True)
    ctx = {"summary": summary, "version": version, "paragraphs": _paragraphs(version.text), **_crumb(commons, project, interview)}
    return _render_team(request, "stories/summaries/print.html", commons, project, interview, ctx)


@login_required
def summary_record(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    form = forms.RecordForm(request.POST or None)

    def call(data):
        services.summary_record_response(actor=request.user, summary=summary, how=data["how"], kind=data["kind"],
                                         text=data["text"], approve=data["approve"])

    if _submit(request, form, call, _("Their answer is written down.")):
        return redirect(_summary_url(commons, project, interview))
    ctx = {"form": form, "summary": summary, "version": selectors.person_version(summary), **_crumb(commons, project, interview)}
    return _render_team(request, "stories/summaries/record.html", commons, project, interview, ctx,
                        status=400 if form.is_bound and form.errors else 200)


@login_required
def summary_record_withdrawal(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    form = forms.WithdrawalForm(request.POST or None)
    if _submit(request, form, lambda data: services.summary_record_withdrawal(actor=request.user, summary=summary, how=data["how"]),
               _("Their approval is withdrawn: the summary is no longer used.")):
        return redirect(_summary_url(commons, project, interview))
    ctx = {"form": form, "title": _("They withdraw their approval"), "submit_label": _("Withdraw the approval"),
           "intro": _("Once withdrawn, the summary is no longer used anywhere."),
           "cancel_url": _summary_url(commons, project, interview), **_crumb(commons, project, interview)}
    return _render_team(request, "stories/summaries/form.html", commons, project, interview, ctx,
                        status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def summary_accept(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    _act(request, lambda: services.summary_accept_changes(actor=request.user, summary=summary),
         _("Their changes are taken in as a new version. Read it, then send it to them again."))
    return redirect(_summary_url(commons, project, interview))


@login_required
def summary_take_back(request, slug, project_uuid, interview_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    if request.method == "POST":
        if _act(request, lambda: services.summary_take_back(actor=request.user, summary=summary),
                _("The summary is back with the team. Its private link no longer works.")):
            return redirect(_summary_url(commons, project, interview))
    return _private(render_stories(request, "stories/confirm.html", commons, {
        "title": _("Take the summary back?"), "danger": True, "confirm_label": _("Take it back"),
        "explanation": _("The person can no longer read it or answer until you send it again. Their private link stops working."),
        "cancel_url": _summary_url(commons, project, interview), **_crumb(commons, project, interview)}, project=project))


@login_required
@require_POST
def summary_link_cancel(request, slug, project_uuid, interview_uuid, link_uuid):
    commons, project, interview, summary = _team(request, slug, project_uuid, interview_uuid)
    link = next((link for link in summary.review_links.all() if link.uuid == link_uuid), None)
    if link is None:
        raise Http404
    _act(request, lambda: services.review_link_cancel(actor=request.user, link=link), _("The link is cancelled: it no longer works."))
    return redirect(_summary_url(commons, project, interview))


# --- the person, signed in ------------------------------------------------------------------------------

def _paragraphs(text):
    return [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]


def _mine(request, slug, summary_uuid):
    commons = member_commons(request, slug)
    summary = selectors.person_summary(request.user, commons, summary_uuid)
    if summary is None:
        raise Http404
    basis = speaks_for(request.user, summary.interview)
    return commons, summary, basis


def _person_ctx(summary, *, basis=None, link=False):
    version = selectors.person_version(summary)
    respondent = summary.interview.respondent
    return {"summary": summary, "version": version, "paragraphs": _paragraphs(version.text if version else ""),
            "can_answer": summary.state in selectors.PERSON_STATES, "is_proxy": basis == "proxy",
            "name": respondent.preferred_name or respondent.name, "by_link": link,
            "working": summary.state == SummaryState.DRAFT}


def _proxy_for(basis, summary):
    respondent = summary.interview.respondent
    return (respondent.preferred_name or respondent.name) if basis == "proxy" else None


def _my_urls(commons, summary):
    args = [commons.slug, summary.uuid]
    return {"read": reverse("stories:my_summary", args=args), "suggest": reverse("stories:my_summary_suggest", args=args),
            "add": reverse("stories:my_summary_add", args=args), "approve": reverse("stories:my_summary_approve", args=args),
            "withdraw": reverse("stories:my_summary_withdraw", args=args)}


@login_required
def my_summary(request, slug, summary_uuid):
    commons, summary, basis = _mine(request, slug, summary_uuid)
    record_look(actor=request.user, interview=summary.interview, what="summary")
    ctx = {**_person_ctx(summary, basis=basis), "urls": _my_urls(commons, summary),
           "approve_form": forms.ApproveForm(initial={"seen": getattr(selectors.person_version(summary), "number", None)},
                                             proxy_for=_proxy_for(basis, summary))}
    return _private(render_stories(request, "stories/summaries/mine.html", commons, ctx))


def _my_change(request, slug, summary_uuid, form_class, kind, title, template):
    commons, summary, basis = _mine(request, slug, summary_uuid)
    version = selectors.person_version(summary)
    if summary.state not in selectors.PERSON_STATES or version is None:
        raise Http404
    initial = {"seen": version.number, "text": version.text}
    form = form_class(request.POST or None, initial=initial, proxy_for=_proxy_for(basis, summary))

    def call(data):
        services.my_summary_change(actor=request.user, summary=summary, kind=kind, text=data.get("text") or data.get("addition"),
                                   seen=data["seen"], how=data.get("how") or "signed_in")

    if _submit(request, form, call, _("Thank you. The research team will see your changes.")):
        return redirect("stories:my_summary", commons.slug, summary.uuid)
    urls = _my_urls(commons, summary)
    ctx = {**_person_ctx(summary, basis=basis), "form": form, "title": title, "cancel_url": urls["read"],
           "crumb_url": urls["read"], "crumb_label": _("Your summary")}
    return _private(render_stories(request, template, commons, ctx, status=400 if form.is_bound and form.errors else 200))


@login_required
def my_summary_suggest(request, slug, summary_uuid):
    return _my_change(request, slug, summary_uuid, forms.SuggestForm, SummaryVersion.Kind.SUGGESTION,
                      _("Change your summary"), "stories/summaries/mine_change.html")


@login_required
def my_summary_add(request, slug, summary_uuid):
    return _my_change(request, slug, summary_uuid, forms.AddForm, SummaryVersion.Kind.ADDITION,
                      _("Add to your summary"), "stories/summaries/mine_change.html")


@login_required
@require_POST
def my_summary_approve(request, slug, summary_uuid):
    commons, summary, basis = _mine(request, slug, summary_uuid)
    form = forms.ApproveForm(request.POST, proxy_for=_proxy_for(basis, summary))
    if not form.is_valid():
        messages.error(request, _("Please read the summary again, then approve it."))
    else:
        _act(request, lambda: services.my_summary_approve(actor=request.user, summary=summary, seen=form.cleaned_data["seen"],
                                                          how=form.cleaned_data.get("how") or "signed_in"),
             _("Thank you. The summary is approved. You can withdraw your approval at any time."))
    return redirect("stories:my_summary", commons.slug, summary.uuid)


@login_required
def my_summary_withdraw(request, slug, summary_uuid):
    commons, summary, basis = _mine(request, slug, summary_uuid)
    urls = _my_urls(commons, summary)
    if summary.state != SummaryState.APPROVED:
        raise Http404
    proxy_for = _proxy_for(basis, summary)
    form = forms.ApproveForm(request.POST or None, proxy_for=proxy_for, initial={"seen": summary.approved_version.number})
    if _submit(request, form, lambda data: services.my_summary_withdraw(actor=request.user, summary=summary, how=data.get("how") or "signed_in"),
               _("Your approval is withdrawn. The summary is no longer used.")):
        return redirect(urls["read"])
    ctx = {"form": form, "title": _("Withdraw your approval?"), "submit_label": _("Withdraw my approval"), "cancel_url": urls["read"],
           "intro": _("The research team will stop using your summary. You can talk with them about a new version."),
           "crumb_url": urls["read"], "crumb_label": _("Your summary")}
    return _private(render_stories(request, "stories/summaries/form.html", commons, ctx, status=400 if form.is_bound and form.errors else 200))


# --- the person, with their private link (no sign-in) --------------------------------------------------
#
# These pages say "no referrer" (the private address must never leave in a Referer header). Browsers
# then send "Origin: null" with a form, which Django's CSRF check refuses; so the link's own forms are
# csrf_exempt. They stay safe from cross-site forgery: each form posts to the private address, which
# holds 256 random bits no other site can know (the address is itself the secret a CSRF token would
# be), and it only ever changes that one summary.

def _link(token):
    link = selectors.review_link_for_token(token)
    if link is None:
        raise Http404
    return link


def _review_urls(token):
    return {"read": reverse("stories:review", args=[token]), "suggest": reverse("stories:review_suggest", args=[token]),
            "add": reverse("stories:review_add", args=[token]), "approve": reverse("stories:review_approve", args=[token]),
            "language": reverse("stories:review_language", args=[token])}


def _render_review(request, template, ctx, status=200):
    return _private(render(request, template, ctx, status=status))


def review(request, token):
    link = _link(token)
    summary = link.summary
    version = selectors.person_version(summary)
    ctx = {**_person_ctx(summary, link=True), "urls": _review_urls(token), "commons": summary.interview.commons,
           "approve_form": forms.ApproveForm(initial={"seen": getattr(version, "number", None)})}
    return _render_review(request, "stories/summaries/review.html", ctx)


def _review_change(request, token, form_class, title, service):
    link = _link(token)
    summary = link.summary
    version = selectors.person_version(summary)
    form = form_class(request.POST or None, initial={"seen": getattr(version, "number", None), "text": getattr(version, "text", "")})

    def call(data):
        try:
            service(link, data)
        except PermissionDenied as exc:
            raise Http404 from exc

    if _submit(request, form, call, _("Thank you. The research team will see your changes.")):
        return redirect("stories:review", token)
    urls = _review_urls(token)
    ctx = {**_person_ctx(summary, link=True), "form": form, "title": title, "cancel_url": urls["read"], "urls": urls,
           "commons": summary.interview.commons}
    return _render_review(request, "stories/summaries/review_change.html", ctx, status=400 if form.is_bound and form.errors else 200)


@csrf_exempt
def review_suggest(request, token):
    return _review_change(request, token, forms.SuggestForm, _("Change your summary"),
                          lambda link, data: services.review_suggest(link=link, text=data["text"], seen=data["seen"]))


@csrf_exempt
def review_add(request, token):
    return _review_change(request, token, forms.AddForm, _("Add to your summary"),
                          lambda link, data: services.review_add(link=link, addition=data["addition"], seen=data["seen"]))


@csrf_exempt
@require_POST
def review_approve(request, token):
    link = _link(token)
    form = forms.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please read the summary again, then approve it."))
        return redirect("stories:review", token)
    try:
        services.review_approve(link=link, seen=form.cleaned_data["seen"])
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("stories:review", token)
    return redirect("stories:review_done")


@csrf_exempt
@require_POST
def review_language(request, token):
    """The language choice on the link's pages (the site's own language form would be refused, see
    above): remembered in the same cookie, back to the summary."""
    _link(token)
    response = redirect("stories:review", token)
    code = request.POST.get("language", "")
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure())
    return response


def review_done(request):
    return _render_review(request, "stories/summaries/review_done.html", {})


# --- sections on other parts' pages ------------------------------------------------------------------

def interview_section(request, commons, interview):
    """On the team's interview page: the summary's state and a link to it."""
    if interview.state not in selectors.MATERIAL_STATES or not request.user.has_perm("stories.research_interview", interview):
        return None
    summary = Summary.objects.filter(interview=interview).first()
    return {"summary": summary, "url": reverse("stories:summary", args=[commons.slug, interview.project.uuid, interview.uuid])}


def my_interview_section(request, commons, interview):
    """On the person's own interview page: their summary once it has been with them (never a draft)."""
    summary = selectors.summary_for(interview)
    if summary is None or not request.user.has_perm("stories.review_summary", summary):
        return None
    ctx = _person_ctx(summary, basis=speaks_for(request.user, interview))
    return {**ctx, "urls": _my_urls(commons, summary)}


def home_section(request, commons, obj):
    """On the landing page: summaries waiting for the person (or for someone they act for)."""
    waiting = list(selectors.summaries_waiting_for(request.user, commons))
    if not waiting:
        return None
    me = getattr(request.user, "person", None)
    return {"waiting": [(s, s.interview.respondent_id != getattr(me, "pk", None)) for s in waiting]}


register_section("interview", 40, "stories/summaries/_interview_section.html", interview_section)
register_section("my_interview", 40, "stories/summaries/_my_interview_section.html", my_interview_section)
register_section("home", 20, "stories/summaries/_home_section.html", home_section)


M = S + "my-summaries/<uuid:summary_uuid>/"
SUM = I + "summary/"
R = "stories/review/<str:token>/"
urlpatterns = [
    path(P + "summaries/", project_summaries, name="summaries"),
    path(SUM, summary_detail, name="summary"),
    path(SUM + "start/", summary_start, name="summary_start"),
    path(SUM + "change/", summary_edit, name="summary_edit"),
    path(SUM + "versions/", summary_versions, name="summary_versions"),
    path(SUM + "send/", summary_send, name="summary_send"),
    path(SUM + "print/", summary_print, name="summary_print"),
    path(SUM + "answer/", summary_record, name="summary_record"),
    path(SUM + "withdrawal/", summary_record_withdrawal, name="summary_record_withdrawal"),
    path(SUM + "accept/", summary_accept, name="summary_accept"),
    path(SUM + "take-back/", summary_take_back, name="summary_take_back"),
    path(SUM + "links/<uuid:link_uuid>/cancel/", summary_link_cancel, name="summary_link_cancel"),
    path(M, my_summary, name="my_summary"),
    path(M + "change/", my_summary_suggest, name="my_summary_suggest"),
    path(M + "add/", my_summary_add, name="my_summary_add"),
    path(M + "approve/", my_summary_approve, name="my_summary_approve"),
    path(M + "withdraw/", my_summary_withdraw, name="my_summary_withdraw"),
    path("stories/review/thank-you/", review_done, name="review_done"),
    path(R, review, name="review"),
    path(R + "change/", review_suggest, name="review_suggest"),
    path(R + "add/", review_add, name="review_add"),
    path(R + "approve/", review_approve, name="review_approve"),
    path(R + "language/", review_language, name="review_language"),
]
