"""Forms of the tracking part. They keep what was typed; the services check again and their refusals
are shown next to the field they name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.lab.forms import offer_policies, policies_field
from caringcity.lab.models import Evidence, Status, TargetKind
from caringcity.lab.selectors import tracking as selectors
from caringcity.people.models import Organisation, Person

DATE = forms.DateInput(attrs={"type": "date"})
NO_EVIDENCE = ""


class TargetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices, widget=forms.RadioSelect)
    name = forms.CharField(label=_("What and where"), max_length=300,
                           help_text=_("For example: Hackney Local Plan 2033, or North East London health inequalities strategy."))
    institution = forms.ModelChoiceField(label=_("Institution that decides"), queryset=None, required=False,
                                         empty_label=_("Not chosen"))
    lead_person = forms.ModelChoiceField(label=_("Who is leading"), queryset=None, required=False, empty_label=_("Nobody yet"))
    lead_group = forms.ModelChoiceField(label=_("Group leading"), queryset=None, required=False, empty_label=_("No group yet"))
    next_review = forms.DateField(label=_("Next review"), required=False, widget=DATE,
                                  help_text=_("When we next check where it stands."))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        groups = Organisation.objects.filter(commons=commons).order_by("name")
        self.fields["institution"].queryset = groups
        self.fields["lead_group"].queryset = groups
        self.fields["lead_person"].queryset = (Person.objects.filter(memberships__commons=commons, memberships__status="active")
                                               .order_by("name").distinct())


class EvidenceFields(forms.Form):
    """One piece of evidence: its kind, then the one field that kind needs."""

    evidence_kind = forms.ChoiceField(label=_("Evidence"), widget=forms.RadioSelect,
                                      help_text=_("What shows this happened. Fill in the box for the kind you choose."))
    title = forms.CharField(label=_("Title of the document or link"), max_length=300, required=False)
    url = forms.CharField(label=_("Link (web address)"), max_length=500, required=False,
                          widget=forms.URLInput(attrs={"inputmode": "url"}), help_text=_("Starting with https://"))
    file = forms.FileField(label=_("Document (PDF)"), required=False,
                           help_text=_("A PDF. Anyone can open it when the plan is public."))
    decision = forms.ChoiceField(label=_("Decision of a circle"), required=False)
    quote = forms.ChoiceField(label=_("Approved quote"), required=False,
                              help_text=_("If the person withdraws it, it disappears from here too."))
    report = forms.ChoiceField(label=_("Evaluation report"), required=False)

    optional_evidence = False

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = list(Evidence.Kind.choices)
        if self.optional_evidence:
            kinds = [(NO_EVIDENCE, _("No evidence for now"))] + kinds
            self.fields["evidence_kind"].required = False
            self.fields["evidence_kind"].initial = NO_EVIDENCE
        self.fields["evidence_kind"].choices = kinds
        for name, choices, empty in (("decision", selectors.decision_choices(user), _("Choose a decision")),
                                     ("quote", selectors.quote_choices(user), _("Choose a quote")),
                                     ("report", selectors.report_choices(user), _("Choose a report"))):
            self.fields[name].choices = [("", empty)] + choices

    def evidence(self):
        """The keyword arguments of ``services.tracking.clean_evidence`` (None when there is none)."""
        data = self.cleaned_data
        kind = data.get("evidence_kind") or ""
        if not kind:
            return None
        ref = {}
        if kind == Evidence.Kind.CIRCLE_DECISION:
            slug, _sep, uuid = (data.get("decision") or "").partition(":")
            ref = {"commons": slug, "decision": uuid}
        elif kind == Evidence.Kind.QUOTE:
            parts = (data.get("quote") or "").split("|")
            ref = dict(zip(("commons", "source", "id"), parts)) if len(parts) == 3 else {}
        elif kind == Evidence.Kind.EVALUATION_REPORT:
            slug, _sep, uuid = (data.get("report") or "").partition(":")
            ref = {"commons": slug, "report": uuid}
        return {"kind": kind, "title": data.get("title", ""), "url": data.get("url", ""), "file": data.get("file"), "ref": ref}


class StatusUpdateForm(EvidenceFields):
    on = forms.DateField(label=_("Date it happened"), widget=DATE)
    status = forms.ChoiceField(label=_("Where it stands now"), widget=forms.RadioSelect,
                               choices=[c for c in Status.choices if c[0] != Status.NOT_STARTED])
    progress = forms.IntegerField(label=_("Progress (%)"), required=False,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                  help_text=_("A whole number from 0 to 100. Leave it empty to keep the last figure."))
    summary = forms.CharField(label=_("What happened, in plain words"), widget=forms.Textarea(attrs={"rows": 4}))

    optional_evidence = True
    field_order = ["on", "status", "progress", "summary", "evidence_kind", "title", "url", "file", "decision", "quote", "report"]


class EvidenceForm(EvidenceFields):
    pass


class ProjectForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    summary = forms.CharField(label=_("What it is, in plain words"), widget=forms.Textarea(attrs={"rows": 4}))
    aims = forms.CharField(label=_("Aims"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=DATE)
    partners = forms.ModelMultipleChoiceField(label=_("Partners"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    policies = policies_field(_("Policies it shows in practice"))
    public = forms.BooleanField(label=_("Anyone may read it"), required=False, initial=True,
                                help_text=_("Public projects have a page anyone can open without signing in."))

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organisation.objects.filter(commons=commons).order_by("name")
        offer_policies(self, commons)


class ActivityForm(forms.Form):
    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    title = forms.CharField(label=_("What was done"), max_length=300)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EvaluationLinkForm(forms.Form):
    evaluation = forms.ChoiceField(label=_("Evaluation"), required=False,
                                   help_text=_("A report or framework of a commons you organise."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        reports = [(f"report:{value}", _("Report: %(label)s") % {"label": label})
                   for value, label in selectors.report_choices(user, perm="evaluation.keep")]
        frameworks = [(f"framework:{value}", _("Framework: %(label)s") % {"label": label})
                      for value, label in selectors.framework_choices(user)]
        self.fields["evaluation"].choices = [("", _("Not linked"))] + reports + frameworks


class TargetFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Kind of target"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any status"))] + [(s.value, s.label) for s in selectors.ORDER]
        self.fields["kind"].choices = [("", _("Any kind"))] + list(TargetKind.choices)
