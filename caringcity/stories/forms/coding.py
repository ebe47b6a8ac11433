"""Forms of the coding part. Choices name things by uuid; ``clean`` hands the services the records."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.core.validators import FileValidator
from caringcity.stories.models import ReviewHow, StoryQuote
from caringcity.stories.selectors import coding as selectors

MAX_CODEBOOK_BYTES = 5 * 1024 * 1024


class _Records:
    """Maps chosen uuids back to records: ``self.records`` is {uuid text: record}."""

    def record(self, value):
        return self.records.get(value) if value else None


class ThemeForm(forms.Form, _Records):
    name = forms.CharField(label=_("Name"), max_length=120)
    colour = forms.ChoiceField(label=_("Colour"), widget=forms.RadioSelect,
                               help_text=_("The name of the theme is always shown next to its colour."))
    description = forms.CharField(label=_("What it means"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("A sentence or two, so everyone codes the same way."))
    parent = forms.ChoiceField(label=_("Inside which theme?"), required=False)

    def __init__(self, *args, codes, code=None, **kwargs):
        super().__init__(*args, **kwargs)
        skip = set()
        if code is not None:
            skip = selectors.descendants(code, codes) | {code.pk}
        self.records = {str(c.uuid): c for c in codes}
        self.fields["parent"].choices = [("", _("None: a main theme"))] + [
            (str(c.uuid), ("— " * depth) + c.name) for c, depth in selectors.code_tree(codes) if c.pk not in skip]
        choices = selectors.palette_choices()
        current = (code.colour if code is not None else "") or ""
        if current and current.lower() not in {value.lower() for value, _label in choices}:
            choices = [(current, _("Own colour (from a codebook)"))] + choices
        self.fields["colour"].choices = choices
        if not self.is_bound and code is None:
            self.initial.setdefault("colour", choices[0][0])

    def clean(self):
        data = super().clean()
        data["parent"] = self.record(data.get("parent"))
        return data


class ThemeRemoveForm(forms.Form, _Records):
    move_to = forms.ChoiceField(label=_("Move its passages to"), required=False)

    def __init__(self, *args, codes, code, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {str(c.uuid): c for c in codes if c.pk != code.pk}
        self.fields["move_to"].choices = [("", _("Choose a theme"))] + [
            (str(c.uuid), ("— " * depth) + c.name) for c, depth in selectors.code_tree(codes) if c.pk != code.pk]

    def clean(self):
        data = super().clean()
        data["move_to"] = self.record(data.get("move_to"))
        return data


class CodebookImportForm(forms.Form):
    file = forms.FileField(label=_("Codebook file (.qdc)"),
                           help_text=_("A REFI-QDA codebook from QualCoder, ATLAS.ti, NVivo, MAXQDA or another tool."),
                           validators=[FileValidator(["text"], max_bytes=MAX_CODEBOOK_BYTES)])

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.seek(0)
        return upload.read()


class PassageThemesForm(forms.Form, _Records):
    """The themes and note of a coded passage (changed after coding, or chosen when coding)."""

    codes = forms.MultipleChoiceField(label=_("Themes"), widget=forms.CheckboxSelectMultiple)
    memo = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, codes, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {str(c.uuid): c for c in codes}
        self.fields["codes"].choices = [(str(c.uuid), ("— " * depth) + c.name) for c, depth in selectors.code_tree(codes)]

    def clean(self):
        data = super().clean()
        data["codes"] = [self.records[value] for value in data.get("codes", []) if value in self.records]
        return data


class PassageForm(PassageThemesForm):
    """Code some words of one turn (or of the approved summary). Without JavaScript the researcher
    copies the words; with it, selecting them fills ``words``, ``start`` and ``end``."""

    field_order = ["words", "occurrence", "start", "end", "codes", "memo"]

    words = forms.CharField(label=_("The words to code"), widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=_("Copy them exactly as they are written above."))
    occurrence = forms.IntegerField(label=_("Which time they appear"), required=False, min_value=1, max_value=999,
                                    help_text=_("Leave empty for the first time. Write 2 for the second time, and so on."))
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class QuoteForm(forms.Form):
    use = forms.ChoiceField(label=_("How may it be used?"), widget=forms.RadioSelect)
    attribution = forms.CharField(label=_("Said by (for a quote without their name)"), required=False, max_length=200,
                                  help_text=_("For example: “A market trader” or “Someone who cares for her mother”. "
                                              "Never their name. A quote with their name says their name."))
    words = forms.CharField(label=_("The words of the quote"), widget=forms.Textarea(attrs={"rows": 4}),
                            help_text=_("All the passage, or part of it."))

    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use"].choices = [(value, label) for value, label in StoryQuote.QuoteUse.choices if value in allowed]


class QuoteApproveForm(forms.Form, _Records):
    how = forms.ChoiceField(label=_("How did they approve it?"), widget=forms.RadioSelect, choices=ReviewHow.choices)
    recorded_by = forms.ChoiceField(label=_("Recorded by"))

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.records = {str(person.uuid): person for person in team}
        self.fields["recorded_by"].choices = [(str(person.uuid), person.name) for person in team]

    def clean(self):
        data = super().clean()
        data["recorded_by"] = self.record(data.get("recorded_by"))
        return data
