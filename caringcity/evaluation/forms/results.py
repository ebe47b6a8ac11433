"""Forms of the results part: sharing a round's results, a reflection, and the log's filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from caringcity.circles.selectors.visibility import circles_visible_to
from caringcity.evaluation import keys
from caringcity.evaluation.models import SurveyRound
from caringcity.evaluation.selectors import results as selectors
from caringcity.evaluation.services.results import FIRST_LOOK_DAYS
from caringcity.teams.selectors import teams_visible_to

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ShareForm(forms.Form):
    first_look_days = forms.IntegerField(
        label=_("How many days do the people who answered see the results before everyone else?"),
        min_value=FIRST_LOOK_DAYS[0], max_value=FIRST_LOOK_DAYS[1],
        help_text=_("A week gives them time to look and talk about them first."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class IndicatorChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, indicator):
        return f"{indicator.name} ({indicator.outcome.name})"


class ReflectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("A few words, for example: Fewer gaps in the rota."))
    saw = forms.CharField(label=_("What we saw"), widget=forms.Textarea(attrs={"rows": 4}),
                          help_text=_("Never write what one person answered, or anything about someone's health."))
    means = forms.CharField(label=_("What we think it means"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    change = forms.CharField(label=_("What we will change"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    look_again_on = forms.DateField(label=_("When we look again"), required=False, widget=DATE,
                                    help_text=_("For example: 14/03/2027"))
    who_was_there = forms.CharField(label=_("Who took part"), max_length=300, required=False,
                                    help_text=_("For example: the Clapton circle and two team owners."))
    indicators = IndicatorChoice(label=_("Indicators it talks about"), queryset=None, required=False,
                                 widget=forms.CheckboxSelectMultiple,
                                 help_text=_("From the framework in use."))
    metrics = forms.MultipleChoiceField(label=_("Figures from the platform it talks about"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    round = forms.ModelChoiceField(label=_("Survey round it talks about"), queryset=None, required=False)
    team = forms.ModelChoiceField(label=_("Care team it talks about"), queryset=None, required=False)
    circle = forms.ModelChoiceField(label=_("Circle it talks about"), queryset=None, required=False)

    def __init__(self, *args, user, commons, reflection=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].queryset = selectors.indicators_to_link(commons, reflection)
        names = selectors.metric_names()
        self.fields["metrics"].choices = [(key, names[key]) for key in keys.METRICS]
        self.fields["round"].queryset = SurveyRound.objects.filter(commons=commons).order_by("-opens_on", "name")
        teams = teams_visible_to(user, commons)
        circles = circles_visible_to(user, commons)
        if reflection is not None:  # keep what it is linked to, even if the user no longer sees it in the list
            if reflection.team_id:
                teams = teams.model.objects.filter(pk__in=teams.values("pk")) | teams.model.objects.filter(pk=reflection.team_id)
            if reflection.circle_id:
                circles = circles.model.objects.filter(pk__in=circles.values("pk")) | circles.model.objects.filter(pk=reflection.circle_id)
        self.fields["team"].queryset = teams.order_by("name", "pk")
        self.fields["circle"].queryset = circles.order_by("name", "pk")
        if not self.fields["indicators"].queryset.exists():
            self.fields["indicators"].help_text = _("No framework is in use yet, so there are no indicators to choose.")


class ReflectionFilterForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Only reflections about"), required=False)

    def __init__(self, *args, commons, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = {str(i.uuid): i for i in selectors.indicators_in_log(commons)}
        self.fields["indicator"].choices = [("", _("Every indicator"))] + [(key, i.name) for key, i in self.indicators.items()]

    def chosen(self):
        if self.is_bound and self.is_valid() and self.cleaned_data["indicator"]:
            return self.indicators[self.cleaned_data["indicator"]]
        return None


def reflection_initial(reflection):
    return {"title": reflection.title, "saw": reflection.saw, "means": reflection.means, "change": reflection.change,
            "look_again_on": reflection.look_again_on, "who_was_there": reflection.who_was_there,
            "indicators": list(reflection.indicators.all()), "metrics": list(reflection.metrics),
            "round": reflection.round, "team": reflection.team, "circle": reflection.circle}
