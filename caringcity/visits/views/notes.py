"""Views for the notes part of the visits app. Thin: parse, check permission, call one service, render.

Every note shown is recorded as read (one audit event per note, written in one query); every
attachment download is recorded too. Attachments are served only through ``note_attachment``."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from caringcity.core.models import AuditEvent
from caringcity.people.views import _submit
from caringcity.teams.views.base import _apply_errors, _form_page, render_team
from caringcity.visits.access import team_for
from caringcity.visits.models import CareNoteAttachment, NoteReaders
from caringcity.visits.selectors import notes as selectors
from caringcity.visits.services import notes as services

C = "c/<slug:slug>/"
T = "c/<slug:slug>/teams/<uuid:team_uuid>/"


# --- forms ----------------------------------------------------------------------------------------
class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000,
                           help_text=gettext_lazy("What happened, what you noticed, what others should know. Write it plainly."))
    readers = forms.ChoiceField(label=gettext_lazy("Who can read it"), widget=forms.RadioSelect)
    named_readers = PersonChoiceField(label=gettext_lazy("The people who can read it"), queryset=None, required=False,
                                      widget=forms.CheckboxSelectMultiple,
                                      help_text=gettext_lazy("Only if you chose “People I choose”. The owner and anyone acting for them can always read it."))
    visit = forms.ChoiceField(label=gettext_lazy("Which visit it is about"), required=False)
    files = MultipleFileField(label=gettext_lazy("Add photos or PDFs"), required=False)
    attachment_kind = forms.ChoiceField(label=gettext_lazy("What the files are"), choices=CareNoteAttachment.Kind.choices,
                                        initial=CareNoteAttachment.Kind.DOCUMENT, widget=forms.RadioSelect)

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["readers"].choices = selectors.allowed_readers(team)
        people = selectors.possible_named_readers(team)
        self.fields["named_readers"].queryset = type(team.owner).objects.filter(pk__in=[p.pk for p in people]).order_by("name")
        self.visits = {str(v.uuid): v for v in selectors.recent_visits(team)}
        self.fields["visit"].choices = [("", _("Not about one visit"))] + [
            (key, f"{timezone.localtime(v.starts):%d/%m/%Y %H:%M} – {v.label}") for key, v in self.visits.items()]
        self.fields["files"].help_text = _("Optional. JPEG, PNG, WebP or PDF, up to %(limit)s each.") % {
            "limit": filesizeformat(services.max_attachment_bytes())}
        if not self.visits:
            del self.fields["visit"]

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        for upload in files:
            try:
                services.check_attachment(upload)
            except ValidationError as error:
                raise ValidationError(error.message_dict["files"]) from None
        return files

    def clean(self):
        data = super().clean()
        if data.get("readers") == NoteReaders.NAMED and not data.get("named_readers"):
            self.add_error("named_readers", _("Choose at least one person who can read it."))
        data["visit"] = self.visits.get(data.get("visit") or "") if "visit" in self.fields else None
        return data


class AmendForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("The note as it should read now"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    reason = forms.CharField(label=gettext_lazy("Why it changed"), max_length=300,
                             help_text=gettext_lazy("For example: I wrote the wrong day. Everyone who can read the note sees this."))


# --- pages ----------------------------------------------------------------------------------------
def _breadcrumb(slug, team_uuid):
    return {"crumb_url": reverse("visits:notebook", args=[slug, team_uuid]), "crumb_label": _("Care notes")}


@login_required
def notebook(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_notes")
    # The search words are posted, never put in the address: they may be health details, and
    # addresses end up in browser history and server logs. A search shows its first page only.
    search = request.POST.get("q", "").strip()[:200] if request.method == "POST" else ""
    page = Paginator(selectors.note_list(request.user, team, search), selectors.PAGE_SIZE).get_page(
        1 if search else request.GET.get("page"))
    notes = list(page.object_list)
    services.notes_record_reads(actor=request.user, team=team, notes=notes)
    ctx = {
        "standing": standing, "page_obj": page, "notes": notes, "search": search,
        "can_write": request.user.has_perm("visits.write_note", team),
        "can_export": request.user.has_perm("visits.export_notes", team),
        "me": standing.person,
    }
    return render_team(request, "visits/notes/notebook.html", team, ctx)


@login_required
def note_create(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.write_note")
    form = NoteForm(request.POST or None, request.FILES or None, team=team,
                    initial={"readers": selectors.allowed_readers(team)[0][0] if selectors.allowed_readers(team) else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.note_create(actor=request.user, team=team, text=data["text"], readers=data["readers"],
                                 named_readers=list(data.get("named_readers") or []), visit=data.get("visit"),
                                 files=data.get("files") or [], attachment_kind=data["attachment_kind"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your note is saved."))
            return redirect("visits:notebook", slug, team_uuid)
    return _form_page(request, form, title=_("Write a note"), submit_label=_("Save the note"),
                      intro=_("Notes are about %(name)s. Notes cannot be changed later, only amended, and the first version stays.")
                      % {"name": team.owner.display_name},
                      cancel_url=reverse("visits:notebook", args=[slug, team_uuid]), template="visits/notes/note_form.html",
                      team=team, commons=commons, **_breadcrumb(slug, team_uuid))


@login_required
def note_amend(request, slug, team_uuid, note_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_notes")
    note = selectors.access_note(request.user, team, note_uuid)
    if not request.user.has_perm("visits.amend_note", note):
        raise Http404
    note = selectors.note_list(request.user, team).get(pk=note.pk)
    latest = list(note.amendments.all())
    form = AmendForm(request.POST or None, initial={"text": latest[-1].text if latest else note.text})
    if _submit(request, form, lambda data: services.note_amend(actor=request.user, note=note, **data),
               _("The amendment is saved. The first version is still shown.")):
        return redirect("visits:notebook", slug, team_uuid)
    if request.method == "GET":
        services.notes_record_reads(actor=request.user, team=team, notes=[note])
    return _form_page(request, form, title=_("Amend a note"), submit_label=_("Save the amendment"),
                      cancel_url=reverse("visits:notebook", args=[slug, team_uuid]), template="visits/notes/note_amend.html",
                      team=team, commons=commons, note=note, **_breadcrumb(slug, team_uuid))


@login_required
def note_attachment(request, slug, team_uuid, note_uuid, attachment_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_notes")
    attachment = selectors.access_attachment(request.user, team, note_uuid, attachment_uuid)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404 from None
    services.attachment_record_download(actor=request.user, attachment=attachment)
    ending = services.ALLOWED_TYPES.get(attachment.content_type, ("bin",))[0]
    inline = attachment.content_type.startswith("image/")
    response = FileResponse(handle, content_type=attachment.content_type, as_attachment=not inline,
                            filename=f"care-note-attachment.{ending}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(value):
    """Spreadsheets run cells that start with = + - @ as formulas: make them plain text."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
def notes_export(request, slug, team_uuid):
    commons, team, standing = team_for(request, slug, team_uuid, "visits.view_notes")
    if not request.user.has_perm("visits.export_notes", team):
        raise Http404
    notes = list(selectors.note_list(request.user, team))
    services.notes_record_reads(actor=request.user, team=team, notes=notes, action=AuditEvent.Action.EXPORT, reason="csv")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="care-notes.csv"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # so spreadsheet programs read the letters right
    writer = csv.writer(response)
    writer.writerow(["written", "written by", "for", "who can read it", "named readers", "note as first written",
                     "note as it reads now", "amendments", "attachments"])
    for note in notes:
        amendments = list(note.amendments.all())
        writer.writerow([_cell(x) for x in [
            timezone.localtime(note.created).strftime("%Y-%m-%d %H:%M"), note.author.display_name,
            note.acting_for.display_name if note.acting_for else "", note.get_readers_display(),
            "; ".join(p.display_name for p in note.named_readers.all()), note.text,
            amendments[-1].text if amendments else note.text,
            " | ".join(f"{timezone.localtime(a.created):%Y-%m-%d %H:%M} {a.author.display_name}: {a.reason}" for a in amendments),
            len(note.attachments.all()),
        ]])
    return response


urlpatterns = [
    path(T + "notes/", notebook, name="notebook"),
    path(T + "notes/new/", note_create, name="note_create"),
    path(T + "notes/export.csv", notes_export, name="notes_export"),
    path(T + "notes/<uuid:note_uuid>/amend/", note_amend, name="note_amend"),
    path(T + "notes/<uuid:note_uuid>/files/<uuid:attachment_uuid>/", note_attachment, name="note_attachment"),
]
