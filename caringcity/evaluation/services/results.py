"""Writes for the results part (see docs/evaluation-results.md): sharing a round's results with the
people who answered, and the reflection log.

Keyword-only, atomic, each writing its audit event (never a figure, an answer or what a reflection
says). Audit actions: ``evaluation.results.share``, ``evaluation.reflection.add``,
``evaluation.reflection.change``. The e-mail that tells people their results are ready carries
the round's name, the dates and a link: never a figure or an answer."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from caringcity.circles.selectors.visibility import circles_visible_to
from caringcity.core.services import audit_record, email_queue
from caringcity.evaluation import keys
from caringcity.evaluation.access import evaluation_standing
from caringcity.evaluation.models import Reflection, RoundStatus, SurveyRound
from caringcity.evaluation.selectors import results as selectors
from caringcity.teams.selectors import teams_visible_to

FIRST_LOOK_DAYS = (1, 60)


# --- sharing results -------------------------------------------------------------------------------------
def _local_date(moment):
    return formats.date_format(timezone.localtime(moment), "j F Y")


@transaction.atomic
def round_results_share(*, actor, survey_round, first_look_days=None, now=None):
    """An organiser shares a closed round's results: from now, the people who answered see them;
    everyone else in the commons ``first_look_days`` later. Each person who answered and has a
    login with an e-mail address gets a short e-mail with a link (no figures)."""
    commons = survey_round.commons
    if not evaluation_standing(actor, commons).is_organiser:
        raise ValidationError(_("Only organisers can share results."))
    locked = SurveyRound.objects.select_for_update(of=("self",)).get(pk=survey_round.pk)
    if locked.status != RoundStatus.CLOSED:
        raise ValidationError(_("Close the round first. Results are shared only when nobody can answer any more."))
    if locked.results_to_respondents is not None:
        raise ValidationError(_("These results were already shared on %(date)s.") % {"date": _local_date(locked.results_to_respondents)})
    if first_look_days is not None:
        low, high = FIRST_LOOK_DAYS
        if not low <= first_look_days <= high:
            raise ValidationError({"first_look_days": _("Choose a number of days from %(low)s to %(high)s.") % {"low": low, "high": high}})
        locked.first_look_days = first_look_days
    locked.results_to_respondents = now or timezone.now()
    locked.save(update_fields=["results_to_respondents", "first_look_days", "updated"])
    audit_record(actor=actor, action="evaluation.results.share", obj=locked, commons=commons,
                 reason=f"first look {locked.first_look_days} days")
    _tell_respondents(locked)
    survey_round.results_to_respondents, survey_round.first_look_days = locked.results_to_respondents, locked.first_look_days
    return locked


def _tell_respondents(survey_round):
    link = settings.SITE_URL + reverse("evaluation:round_results", args=[survey_round.commons.slug, survey_round.uuid])
    everyone = selectors.everyone_from(survey_round)
    invitations = (selectors._answered(survey_round).filter(person__user__isnull=False)
                   .exclude(person__user__email="").select_related("person__user"))
    for invitation in invitations:
        user = invitation.person.user
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            email_queue(
                to=user.email,
                subject=_("The results of %(round)s are ready for you") % {"round": survey_round.name},
                template="evaluation/results/email/results_shared",
                context={"round": survey_round.name, "commons": survey_round.commons.name, "link": link,
                         "everyone": _local_date(everyone), "first_look_days": survey_round.first_look_days},
            )


# --- the reflection log -------------------------------------------------------------------------------------
TEXT_FIELDS = ("title", "saw", "means", "change", "who_was_there")


def _clean(actor, commons, data, reflection=None):
    """The fields checked and tidied; a ValidationError names each field to fix."""
    errors = {}
    clean = {name: (data.get(name) or "").strip() for name in TEXT_FIELDS}
    if not clean["title"]:
        errors["title"] = _("Give it a short title.")
    if not clean["saw"]:
        errors["saw"] = _("Say what you saw.")
    clean["look_again_on"] = data.get("look_again_on")
    metrics = list(dict.fromkeys(data.get("metrics") or ()))
    if set(metrics) - set(keys.METRICS):
        errors["metrics"] = _("Choose from the figures listed.")
    clean["metrics"] = metrics
    indicators = list(data.get("indicators") or ())
    allowed = set(selectors.indicators_to_link(commons, reflection).values_list("pk", flat=True))
    if any(indicator.pk not in allowed for indicator in indicators):
        errors["indicators"] = _("Choose from the indicators listed.")
    for name, queryset in (("round", SurveyRound.objects.filter(commons=commons)),
                           ("team", teams_visible_to(actor, commons)),
                           ("circle", circles_visible_to(actor, commons))):
        chosen = data.get(name)
        unchanged = reflection is not None and chosen is not None and getattr(reflection, f"{name}_id") == chosen.pk
        if chosen is not None and not unchanged and not queryset.filter(pk=chosen.pk).exists():
            errors[name] = _("Choose from the list.")
        clean[name] = chosen
    if errors:
        raise ValidationError(errors)
    return clean, indicators


@transaction.atomic
def reflection_add(*, actor, commons, data):
    """Any member adds an entry to the reflection log; they are its writer."""
    standing = evaluation_standing(actor, commons)
    if not standing.is_member:
        raise ValidationError(_("Only members of the commons can add to the reflection log."))
    clean, indicators = _clean(actor, commons, data)
    reflection = Reflection.objects.create(commons=commons, written_by=standing.person, created_by=actor, **clean)
    reflection.indicators.set(indicators)
    audit_record(actor=actor, action="evaluation.reflection.add", obj=reflection, commons=commons)
    return reflection


@transaction.atomic
def reflection_change(*, actor, reflection, data):
    """The writer or an organiser changes an entry (for example when they have looked again)."""
    if not actor.has_perm("evaluation.change_reflection", reflection):
        raise ValidationError(_("Only the person who wrote it or an organiser can change it."))
    locked = Reflection.objects.select_for_update(of=("self",)).get(pk=reflection.pk)
    clean, indicators = _clean(actor, reflection.commons, data, locked)
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.save()
    locked.indicators.set(indicators)
    audit_record(actor=actor, action="evaluation.reflection.change", obj=locked, commons=locked.commons)
    return locked

