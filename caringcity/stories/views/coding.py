"""Pages of the coding part (see docs/stories-coding.md): a project's themes (tab "Themes"), each
theme's passages across interviews, the coding page of one interview, the quote bank (tab "Quote
bank") and the REFI-QDA export (tab "Export"). Only the project's research team reaches them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from caringcity.stories import exchange
from caringcity.stories.access import project_standing
from caringcity.stories.forms import coding as forms
from caringcity.people.models import Person
from caringcity.stories.models import Code, Passage, StoryQuote, Turn
from caringcity.stories.refiqda import RefiQdaError
from caringcity.stories.selectors import coding as selectors
from caringcity.stories.selectors.interviews import material_interviews
from caringcity.stories.services import coding as services
from caringcity.stories.services.looks import record_looks
from caringcity.stories.views.base import (
    I, P, _act, _submit, interview_for, project_for, register_project_tab, register_section, render_stories,
)

RESEARCH = "stories.research"

register_project_tab(30, gettext_lazy("Themes"), "coding_themes", RESEARCH)
register_project_tab(40, gettext_lazy("Quote bank"), "coding_quotes", RESEARCH)
register_project_tab(60, gettext_lazy("Export"), "coding_export", RESEARCH)


def _themes_crumb(commons, project):
    return {"crumb_url": reverse("stories:coding_themes", args=[commons.slug, project.uuid]), "crumb_label": _("Themes")}


def _codes(project):
    return list(Code.objects.filter(project=project))


def _code(project, code_uuid):
    try:
        return Code.objects.select_related("project").get(project=project, uuid=code_uuid)
    except (Code.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _form(request, commons, project, form, *, title, cancel_url, submit_label, intro=None, **extra):
    status = 400 if form.is_bound and form.errors else 200
    ctx = {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label, "intro": intro, **extra}
    return render_stories(request, "stories/coding/form.html", commons, ctx, status=status, project=project)


def _confirm(request, commons, project, *, title, explanation, confirm_label, cancel_url, **extra):
    ctx = {"title": title, "explanation": explanation, "confirm_label": confirm_label, "cancel_url": cancel_url,
           "danger": True, **extra}
    return render_stories(request, "stories/confirm.html", commons, ctx, project=project)


# --- themes ----------------------------------------------------------------------------------------------

@login_required
def themes(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    codes = list(selectors.project_codes(project))
    tree = [{"code": code, "depth": depth, "colour_name": selectors.colour_name(code.colour)}
            for code, depth in selectors.code_tree(codes)]
    return render_stories(request, "stories/coding/themes.html", commons,
                          {"tree": tree, "interviews": selectors.interviews_to_code(project),
                           "import_form": forms.CodebookImportForm()}, project=project)


@login_required
def theme_create(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    form = forms.ThemeForm(request.POST or None, codes=_codes(project))

    def call(data):
        services.code_create(actor=request.user, project=project, **data)

    if _submit(request, form, call, _("The theme is added.")):
        return redirect("stories:coding_themes", commons.slug, project.uuid)
    return _form(request, commons, project, form, title=_("Add a theme"), submit_label=_("Add the theme"),
                 cancel_url=reverse("stories:coding_themes", args=[commons.slug, project.uuid]), **_themes_crumb(commons, project))


@login_required
def theme_edit(request, slug, project_uuid, code_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    code = _code(project, code_uuid)
    initial = {"name": code.name, "colour": code.colour, "description": code.description,
               "parent": str(code.parent.uuid) if code.parent_id else ""}
    form = forms.ThemeForm(request.POST or None, codes=_codes(project), code=code, initial=initial)

    def call(data):
        services.code_update(actor=request.user, code=code, **data)

    if _submit(request, form, call, _("The theme is saved.")):
        return redirect("stories:coding_theme", commons.slug, project.uuid, code.uuid)
    return _form(request, commons, project, form, title=_("Change the theme “%(name)s”") % {"name": code.name},
                 submit_label=_("Save the theme"), cancel_url=reverse("stories:coding_theme", args=[commons.slug, project.uuid, code.uuid]),
                 remove_url=reverse("stories:coding_theme_remove", args=[commons.slug, project.uuid, code.uuid]),
                 **_themes_crumb(commons, project))


@login_required
@require_POST
def theme_move(request, slug, project_uuid, code_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    code = _code(project, code_uuid)
    _act(request, lambda: services.code_move(actor=request.user, code=code, direction=request.POST.get("direction", "")),
         _("The theme “%(name)s” is moved.") % {"name": code.name})
    return redirect(reverse("stories:coding_themes", args=[commons.slug, project.uuid]) + f"#theme-{code.uuid}")


@login_required
def theme_remove(request, slug, project_uuid, code_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    code = _code(project, code_uuid)
    cancel = reverse("stories:coding_theme", args=[commons.slug, project.uuid, code.uuid])
    title = _("Remove the theme “%(name)s”?") % {"name": code.name}
    if code.children.exists():
        return _confirm(request, commons, project, title=title, explanation="", confirm_label="", cancel_url=cancel,
                        refusal=_("Other themes are inside it. Move or remove them first."), **_themes_crumb(commons, project))
    count = code.passages.count()
    if count:
        form = forms.ThemeRemoveForm(request.POST if request.method == "POST" else None, codes=_codes(project), code=code)

        def call(data):
            if data["move_to"] is None:
                raise ValidationError({"move_to": _("Choose the theme that takes its passages.")})
            services.code_remove(actor=request.user, code=code, move_to=data["move_to"])

        if _submit(request, form, call, _("The theme is removed and its passages moved.")):
            return redirect("stories:coding_themes", commons.slug, project.uuid)
        return _form(request, commons, project, form, title=title, submit_label=_("Move the passages and remove the theme"),
                     cancel_url=cancel, intro=_("%(count)s coded passages use this theme. To remove it, choose another "
                                               "theme for them. Their other themes stay.") % {"count": count},
                     **_themes_crumb(commons, project))
    if request.method == "POST":
        if _act(request, lambda: services.code_remove(actor=request.user, code=code), _("The theme is removed.")):
            return redirect("stories:coding_themes", commons.slug, project.uuid)
    return _confirm(request, commons, project, title=title, explanation=_("No passage uses it."),
                    confirm_label=_("Remove the theme"), cancel_url=cancel, **_themes_crumb(commons, project))


@login_required
def theme_detail(request, slug, project_uuid, code_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    code = _code(project, code_uuid)
    codes = list(selectors.project_codes(project))
    counted = next(c for c in codes if c.pk == code.pk)
    tree = [(c, d) for c, d in selectors.code_tree(codes)]
    inside = selectors.descendants(code, codes)
    passages = selectors.theme_passages(code)
    return render_stories(request, "stories/coding/theme.html", commons,
                          {"code": counted, "colour_name": selectors.colour_name(code.colour), "passages": passages,
                           "parent": next((c for c in codes if c.pk == code.parent_id), None),
                           "children": [c for c, _d in tree if c.pk in inside and c.parent_id == code.pk],
                           **_themes_crumb(commons, project)}, project=project)


@login_required
def codebook_import(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    form = forms.CodebookImportForm(request.POST or None, request.FILES or None)
    done = {}

    def call(data):
        done.update(services.codebook_import(actor=request.user, project=project, data=data["file"]))

    if _submit(request, form, call):
        messages.success(request, _("The codebook is imported: %(added)s themes added, %(updated)s updated.") % done)
        return redirect("stories:coding_themes", commons.slug, project.uuid)
    return _form(request, commons, project, form, title=_("Import a codebook"), submit_label=_("Import the codebook"),
                 cancel_url=reverse("stories:coding_themes", args=[commons.slug, project.uuid]),
                 intro=_("The themes in the file are added to this project's themes. If anything in the file "
                         "cannot be read, nothing is imported and you are told why."), **_themes_crumb(commons, project))


def _download(body, filename, content_type):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def codebook_export(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    try:
        body = exchange.codebook(project)
    except RefiQdaError:
        messages.error(request, _("There are no themes to export yet."))
        return redirect("stories:coding_themes", commons.slug, project.uuid)
    return _download(body, f"{slugify(project.name) or 'themes'}-codebook.qdc", "application/xml")


# --- coding one interview ----------------------------------------------------------------------------------

def _coding_ctx(request, commons, project, interview, bound=None):
    """The coding page: every turn with a small form; ``bound`` = (target, form) after a refusal."""
    codes = _codes(project)
    page = selectors.coding_page(interview)
    for group in page["transcripts"]:
        for item in group["turns"]:
            target = str(item["turn"].uuid)
            if bound and bound[0] == target:
                item["form"] = bound[1]
            else:
                item["form"] = forms.PassageForm(prefix=f"t{item['turn'].uuid.hex}", codes=codes)
            item["target"] = target
    if page["summary"]:
        if bound and bound[0] == "summary":
            page["summary"]["form"] = bound[1]
        else:
            page["summary"]["form"] = forms.PassageForm(prefix="summary", codes=codes)
    return {"page": page, "interview": interview, "has_codes": bool(codes),
            "crumb_url": reverse("stories:coding_themes", args=[commons.slug, project.uuid]), "crumb_label": _("Themes")}


@login_required
def interview_coding(request, slug, project_uuid, interview_uuid):
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid)
    if not request.user.has_perm(RESEARCH, project):
        raise Http404
    bound = None
    if request.method == "POST":
        target = request.POST.get("target", "")
        codes = _codes(project)
        turn = version = None
        if target == "summary":
            version = selectors.approved_summary_version(interview)
            if version is None:
                raise Http404
            prefix = "summary"
        else:
            try:
                turn = Turn.objects.select_related("transcript").get(uuid=target, transcript__interview=interview)
            except (Turn.DoesNotExist, ValueError, ValidationError) as exc:
                raise Http404 from exc
            prefix = f"t{turn.uuid.hex}"
        form = forms.PassageForm(request.POST, prefix=prefix, codes=codes)

        def call(data):
            services.passage_create(actor=request.user, interview=interview, turn=turn, summary_version=version,
                                    **data)

        if _submit(request, form, call, _("The passage is coded.")):
            anchor = f"#turn-{turn.uuid}" if turn else "#summary"
            return redirect(reverse("stories:coding_interview", args=[commons.slug, project.uuid, interview.uuid]) + anchor)
        bound = (target, form)
    from caringcity.stories.services.looks import record_look

    if request.method == "GET":
        record_look(actor=request.user, interview=interview, what="transcript")
    status = 400 if bound else 200
    return render_stories(request, "stories/coding/interview.html", commons,
                          _coding_ctx(request, commons, project, interview, bound), status=status, project=project)


def _passage(interview, passage_uuid):
    try:
        return Passage.objects.select_related("interview__project", "turn", "summary_version").get(
            interview=interview, uuid=passage_uuid)
    except (Passage.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def _passage_page(request, slug, project_uuid, interview_uuid, passage_uuid):
    """(commons, project, interview, passage, the coding page's address) for the team, else 404."""
    commons, project, interview = interview_for(request, slug, project_uuid, interview_uuid)
    if not request.user.has_perm(RESEARCH, project):
        raise Http404
    back = reverse("stories:coding_interview", args=[commons.slug, project.uuid, interview.uuid])
    return commons, project, interview, _passage(interview, passage_uuid), back


@login_required
def passage_edit(request, slug, project_uuid, interview_uuid, passage_uuid):
    """Change the themes or the note of a coded passage."""
    commons, project, interview, passage, back = _passage_page(request, slug, project_uuid, interview_uuid, passage_uuid)
    form = forms.PassageThemesForm(request.POST or None, codes=_codes(project),
                                   initial={"codes": [str(c.uuid) for c in passage.codes.all()], "memo": passage.memo})
    if _submit(request, form, lambda data: services.passage_update(actor=request.user, passage=passage, **data),
               _("The coding is saved.")):
        return redirect(back)
    return _form(request, commons, project, form, title=_("Change the themes or the note"), submit_label=_("Save"),
                 cancel_url=back, quote=passage.text)


@login_required
def passage_remove(request, slug, project_uuid, interview_uuid, passage_uuid):
    commons, project, interview, passage, back = _passage_page(request, slug, project_uuid, interview_uuid, passage_uuid)
    if request.method == "POST":
        _act(request, lambda: services.passage_remove(actor=request.user, passage=passage), _("The coding is removed."))
        return redirect(back)
    return _confirm(request, commons, project, title=_("Remove this coding?"), quote=passage.text,
                    explanation=_("The words stay in the transcript; only the highlight and its themes go."),
                    confirm_label=_("Remove the coding"), cancel_url=back)


# --- the quote bank ---------------------------------------------------------------------------------------

def _allowed_uses(interview):
    agreement = selectors.current_agreements([interview.pk]).get(interview.pk)
    if agreement is None:
        return []
    return [use for use, needs in selectors.USE_NEEDS.items() if agreement.allows(needs)]


@login_required
def quote_create(request, slug, project_uuid, interview_uuid, passage_uuid):
    commons, project, interview, passage, back = _passage_page(request, slug, project_uuid, interview_uuid, passage_uuid)
    allowed = _allowed_uses(interview)
    if not allowed:
        return _confirm(request, commons, project, title=_("Make a quote"), explanation="", confirm_label="", cancel_url=back,
                        refusal=_("Their agreement does not allow quotes, with or without their name."))
    form = forms.QuoteForm(request.POST or None, allowed=allowed,
                           initial={"words": passage.text, "use": allowed[-1] if len(allowed) == 1 else ""})

    def call(data):
        services.quote_create(actor=request.user, passage=passage, **data)

    if _submit(request, form, call, _("The quote is in the quote bank.")):
        return redirect("stories:coding_quotes", commons.slug, project.uuid)
    intro = _("With their name, it says “%(name)s”. It can be used once they approve it.") % {"name": interview.respondent.name}
    if passage.summary_version_id:
        intro = _("These words come from the summary they approved, so that approval counts for the quote.")
    return _form(request, commons, project, form, title=_("Make a quote"), submit_label=_("Put it in the quote bank"),
                 cancel_url=back, intro=intro, quote=passage.text,
                 crumb_url=reverse("stories:coding_quotes", args=[commons.slug, project.uuid]), crumb_label=_("Quote bank"))


def _quote(project, quote_uuid):
    try:
        return StoryQuote.objects.select_related("interview__project", "interview__respondent").get(
            interview__in=material_interviews(project), uuid=quote_uuid)
    except (StoryQuote.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
def quotes(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    bank = selectors.quote_bank(project)
    return render_stories(request, "stories/coding/quotes.html", commons,
                          {"bank": bank, "usable_count": sum(1 for _q, problem in bank if problem is None)}, project=project)


@login_required
def quote_approve(request, slug, project_uuid, quote_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    quote = _quote(project, quote_uuid)
    team = list(Person.objects.filter(research_roles__project=project, research_roles__ended_at__isnull=True)
                .distinct().order_by("name"))
    me = project_standing(request.user, project).person
    form = forms.QuoteApproveForm(request.POST or None, team=team, initial={"recorded_by": str(me.uuid) if me else ""})

    def call(data):
        services.quote_approve(actor=request.user, quote=quote, **data)

    if _submit(request, form, call, _("Their approval is recorded.")):
        return redirect("stories:coding_quotes", commons.slug, project.uuid)
    return _form(request, commons, project, form, title=_("Record their approval"), submit_label=_("Record the approval"),
                 cancel_url=reverse("stories:coding_quotes", args=[commons.slug, project.uuid]), quote=quote.text,
                 intro=_("Record it once %(name)s has read these words and said yes.") % {"name": quote.interview.respondent.name},
                 crumb_url=reverse("stories:coding_quotes", args=[commons.slug, project.uuid]), crumb_label=_("Quote bank"))


@login_required
def quote_withdraw(request, slug, project_uuid, quote_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    quote = _quote(project, quote_uuid)
    back = reverse("stories:coding_quotes", args=[commons.slug, project.uuid])
    if request.method == "POST":
        if _act(request, lambda: services.quote_withdraw(actor=request.user, quote=quote), _("The quote is withdrawn.")):
            return redirect(back)
    return _confirm(request, commons, project, title=_("Withdraw this quote?"), quote=quote.text,
                    explanation=_("It leaves every report that uses it at once, and cannot be used again."),
                    confirm_label=_("Withdraw the quote"), cancel_url=back, crumb_url=back, crumb_label=_("Quote bank"))


# --- export -------------------------------------------------------------------------------------------------

@login_required
def export(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    included = list(exchange.exported_interviews(project))
    left_out = (project.interviews.exclude(pk__in=[i.pk for i in included]).count())
    return render_stories(request, "stories/coding/export.html", commons,
                          {"included": included, "left_out": left_out,
                           "code_count": Code.objects.filter(project=project).count()}, project=project)


@login_required
@require_POST
def export_qdpx(request, slug, project_uuid):
    commons, project = project_for(request, slug, project_uuid, RESEARCH)
    person = project_standing(request.user, project).person
    try:
        body, interviews = exchange.project_qdpx(project, person)
    except RefiQdaError as error:
        messages.error(request, str(error))
        return redirect("stories:coding_export", commons.slug, project.uuid)
    record_looks(actor=request.user, interviews=interviews, what="export", downloaded=True)
    return _download(body, f"{slugify(project.name) or 'project'}.qdpx", "application/zip")


def _interview_section(request, commons, interview):
    """On an interview's page for the research team: a link to code it."""
    if not request.user.has_perm(RESEARCH, interview.project) or not material_interviews(interview.project).filter(pk=interview.pk).exists():
        return None
    return {"url": reverse("stories:coding_interview", args=[commons.slug, interview.project.uuid, interview.uuid]),
            "count": interview.passages.count()}


register_section("interview", 40, "stories/coding/_interview_section.html", _interview_section)

T = P + "themes/"
Q = P + "quotes/"

urlpatterns = [
    path(T, themes, name="coding_themes"),
    path(T + "new/", theme_create, name="coding_theme_create"),
    path(T + "import/", codebook_import, name="coding_codebook_import"),
    path(T + "codebook.qdc", codebook_export, name="coding_codebook"),
    path(T + "<uuid:code_uuid>/", theme_detail, name="coding_theme"),
    path(T + "<uuid:code_uuid>/edit/", theme_edit, name="coding_theme_edit"),
    path(T + "<uuid:code_uuid>/move/", theme_move, name="coding_theme_move"),
    path(T + "<uuid:code_uuid>/remove/", theme_remove, name="coding_theme_remove"),
    path(I + "coding/", interview_coding, name="coding_interview"),
    path(I + "coding/<uuid:passage_uuid>/", passage_edit, name="coding_passage_edit"),
    path(I + "coding/<uuid:passage_uuid>/remove/", passage_remove, name="coding_passage_remove"),
    path(I + "coding/<uuid:passage_uuid>/quote/", quote_create, name="coding_quote_create"),
    path(Q, quotes, name="coding_quotes"),
    path(Q + "<uuid:quote_uuid>/approve/", quote_approve, name="coding_quote_approve"),
    path(Q + "<uuid:quote_uuid>/withdraw/", quote_withdraw, name="coding_quote_withdraw"),
    path(P + "export/", export, name="coding_export"),
    path(P + "export/project.qdpx", export_qdpx, name="coding_export_qdpx"),
]
