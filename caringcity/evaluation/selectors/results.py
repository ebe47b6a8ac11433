"""Reads for the results part (see docs/evaluation-results.md): what a survey round's answers add
up to, who may see it and when, and the reflection log.

Contract for the other parts:

- ``round_summary(survey_round, *, team=None, circle=None) -> RoundSummary``: per questionnaire
  and measure, how many people gave a score, the mean, how the scores spread, the count per
  official band (ONS personal well-being) or per answer (the loneliness direct question). A
  measure with fewer than ``settings.EVALUATION_SMALL_GROUP`` scores in that group is
  ``too_few`` and carries no figures at all.
- ``change_between(baseline, follow_up, *, team=None, circle=None) -> Change``: each round's mean
  and number side by side (they may not be the same people).
- ``results_visible_to(user, survey_round, *, now=None) -> bool`` and its queryset twin
  ``rounds_with_results_visible_to(user, commons, *, now=None)``: the people who answered see the
  results from the day an organiser shares them; everyone else in the commons (organisers too)
  ``first_look_days`` later. Only closed rounds have results.
- ``reflections_for(commons, *, indicator=None, period=None)``: the reflection log, newest first.

Scores come from ``Score`` rows (written by the surveys part); a person who said no or stopped
taking part counts nowhere. Questionnaires are read through ``instruments.registry``.
"""

import datetime
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.evaluation import keys
from caringcity.evaluation.access import evaluation_standing
from caringcity.evaluation.models import (
    ConsentState, FrameworkStatus, Indicator, Invitation, Reflection, RoundStatus, Score, SurveyRound,
)

OUT = (ConsentState.DECLINED, ConsentState.WITHDRAWN)  # their scores count nowhere
SCALE, BANDS, CATEGORIES = "scale", "bands", "categories"
CATEGORY_MEASURES = {(keys.LONELINESS, "direct")}  # reported as how many chose each answer, never as a mean
FACTOR_PREFIX = "factor-"


def small_group():
    return settings.EVALUATION_SMALL_GROUP


# --- the questionnaires, through the registry -----------------------------------------------------------
def _registry_get(commons, key):
    try:
        from caringcity.evaluation.instruments import registry
    except ImportError:  # pragma: no cover - until the instruments part has landed
        return None
    try:
        return registry.get(commons, key)
    except LookupError:
        return None


class Catalogue:
    """The questionnaires of one commons, each looked up once (a page reads several summaries)."""

    def __init__(self, commons):
        self.commons = commons
        self._found = {}

    def get(self, key):
        if key not in self._found:
            self._found[key] = _registry_get(self.commons, key)
        return self._found[key]


# --- the summary's shape ---------------------------------------------------------------------------------
@dataclass
class MeasureSummary:
    key: str
    label: str
    kind: str  # SCALE, BANDS (counts per official band) or CATEGORIES (counts per answer, no mean)
    n: int  # how many people gave a score
    too_few: bool
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    distribution: list = field(default_factory=list)  # [(label, count)]
    bands: list = field(default_factory=list)  # [(key, label, count)], BANDS only
    definition: str = ""

    @property
    def mean_text(self):
        return number_text(self.mean)

    @property
    def is_factor(self):
        return self.key.startswith(FACTOR_PREFIX)

    @property
    def counts(self):
        """[(label, count)] shown as the measure's chart: per band, per answer, or the spread."""
        if self.kind == BANDS:
            return [(label, count) for _key, label, count in self.bands]
        return self.distribution


@dataclass
class InstrumentSummary:
    key: str
    name: str
    notice: str
    measures: list
    own: bool = False

    @property
    def shown(self):
        return [m for m in self.measures if not m.too_few]

    @property
    def profile(self):
        """The factor scores of an own questionnaire: its social climate profile."""
        return [m for m in self.measures if m.is_factor]

    @property
    def spread(self):
        """Measures whose spread of scores can be shown (enough scores, not categories)."""
        return [m for m in self.measures if m.kind != CATEGORIES and not m.too_few and m.distribution]

    @property
    def category_measures(self):
        return [m for m in self.measures if m.kind == CATEGORIES]

    @property
    def band_measures(self):
        return [m for m in self.measures if m.kind == BANDS]

    @property
    def all_too_few(self):
        return all(m.too_few for m in self.measures)


@dataclass
class RoundSummary:
    round: SurveyRound
    team: object = None
    circle: object = None
    answered: int = 0  # people who finished (in this group)
    instruments: list = field(default_factory=list)
    small_group: int = 5

    @property
    def too_few(self):
        return all(i.all_too_few for i in self.instruments)

    def instrument(self, key):
        return next((i for i in self.instruments if i.key == key), None)


# --- how scores add up ------------------------------------------------------------------------------------
def _is_whole(value):
    return float(value) == int(value)


def _distribution(values, low, high):
    """[(label, count)] of how the scores spread: per whole value when every score is a whole
    number on a short scale (ONS items 0-10, UCLA-3 3-9), else in about seven equal steps between
    the lowest and highest possible scores ("7 to under 11", the last step up to the top)."""
    lo = int(math.floor(low if low is not None else min(values)))
    hi = int(math.ceil(high if high is not None else max(values)))
    whole = all(_is_whole(v) for v in values)
    span = hi - lo
    if whole and span <= 12:
        counts = Counter(int(v) for v in values)
        return [(str(v), counts.get(v, 0)) for v in range(lo, hi + 1)]
    step = 1 if span <= 12 else math.ceil(span / 7)
    starts = list(range(lo, hi, step)) or [lo]
    counts = Counter(min(len(starts) - 1, max(0, int((v - lo) // step))) for v in values)
    result = []
    for i, start in enumerate(starts):
        last = i == len(starts) - 1
        end = hi if last else start + step
        if whole:
            label = _("%(low)s to %(high)s") % {"low": start, "high": end if last else end - 1}
        elif last:
            label = _("%(low)s to %(high)s") % {"low": start, "high": end}
        else:
            label = _("%(low)s to under %(high)s") % {"low": start, "high": end}
        result.append((label, counts.get(i, 0)))
    return result


def _band_list(instrument_key, measure_key):
    """[(band key, label)] in order: the official bands or categories of a measure, as the
    questionnaire defines them (``registry.bands``)."""
    try:
        from caringcity.evaluation.instruments import registry
    except ImportError:  # pragma: no cover - until the instruments part has landed
        return []
    return [(band.key, str(band.label)) for band in registry.bands(instrument_key, measure_key)]


def _category_labels(instrument, measure_key):
    """{value: label} of the answers of the question a category measure reports."""
    if instrument is None:
        return {}
    item = next((item for item in instrument.items if item.key == measure_key), None)
    return {option.value: str(option.label) for option in item.options} if item else {}


def _kind(instrument_key, measure):
    if (instrument_key, measure.key) in CATEGORY_MEASURES:
        return CATEGORIES
    return BANDS if getattr(measure, "has_bands", False) else SCALE


class _Fallback:
    """A measure we know only by its key (a questionnaire no longer offered)."""

    def __init__(self, key):
        self.key, self.label, self.low, self.high, self.definition, self.has_bands = key, key, None, None, "", False


def _measures_of(instrument, instrument_key, seen_measures):
    if instrument is not None:
        return list(instrument.measures)
    known = list(keys.MEASURES.get(instrument_key, ()))
    return [_Fallback(key) for key in known + sorted(set(seen_measures) - set(known))]


def _summarise_measure(instrument, instrument_key, measure, rows):
    """rows: [(value, band)] of one measure in one group."""
    kind = _kind(instrument_key, measure)
    n = len(rows)
    summary = MeasureSummary(key=measure.key, label=str(measure.label), kind=kind, n=n,
                             too_few=n < small_group(), low=measure.low, high=measure.high,
                             definition=str(getattr(measure, "definition", "") or ""))
    if summary.too_few:
        return summary
    values = [value for value, _band in rows]
    listed = _band_list(instrument_key, measure.key)
    if kind == CATEGORIES:  # how many chose each answer: by its category, else by the answer's value
        if listed:
            counts = Counter(band for _value, band in rows)
            summary.distribution = [(label, counts.get(key, 0)) for key, label in listed]
            summary.distribution += [(key or _("Other"), counts[key]) for key in sorted(counts) if key not in dict(listed)]
        else:
            labels = _category_labels(instrument, measure.key)
            counts = Counter(int(v) if _is_whole(v) else v for v in values)
            order = list(labels) + sorted(set(counts) - set(labels))
            summary.distribution = [(labels.get(v, number_text(v)), counts.get(v, 0)) for v in order]
        return summary
    summary.mean = sum(values) / n
    summary.distribution = _distribution(values, measure.low, measure.high)
    if kind == BANDS:
        counts = Counter(band for _value, band in rows)
        summary.bands = [(key, label, counts.get(key, 0)) for key, label in listed]
        summary.bands += [(key, key or _("Other"), counts[key]) for key in sorted(counts) if key not in dict(listed)]
    return summary


def number_text(value):
    from caringcity.evaluation.drawing.charts import number

    return number(value)


def _build(survey_round, rows, answered, catalogue, team=None, circle=None):
    """rows: [(instrument_key, measure_key, value, band)] of one group."""
    grouped = defaultdict(lambda: defaultdict(list))
    for instrument_key, measure_key, value, band in rows:
        grouped[instrument_key][measure_key].append((value, band))
    summary = RoundSummary(round=survey_round, team=team, circle=circle, answered=answered, small_group=small_group())
    for instrument_key in survey_round.instruments:
        instrument = catalogue.get(instrument_key)
        by_measure = grouped.get(instrument_key, {})
        measures = [_summarise_measure(instrument, instrument_key, measure, by_measure.get(measure.key, []))
                    for measure in _measures_of(instrument, instrument_key, by_measure)]
        summary.instruments.append(InstrumentSummary(
            key=instrument_key, name=str(instrument.name) if instrument else instrument_key,
            notice=str(instrument.notice) if instrument else "", measures=measures,
            own=bool(instrument.own) if instrument else keys.is_own(instrument_key)))
    return summary


def _scores(survey_round):
    return (Score.objects.filter(invitation__round=survey_round, value__isnull=False)
            .exclude(invitation__consent__in=OUT))


def _answered(survey_round):
    return Invitation.objects.filter(round=survey_round, finished_at__isnull=False).exclude(consent__in=OUT)


def round_summary(survey_round, *, team=None, circle=None, catalogue=None):
    """What a round's scores add up to, for the whole round or the people asked through one team
    or circle (as kept on their invitations). Two queries, whatever the size of the round."""
    scores, answered = _scores(survey_round), _answered(survey_round)
    if team is not None:
        scores, answered = scores.filter(invitation__teams=team), answered.filter(teams=team)
    if circle is not None:
        scores, answered = scores.filter(invitation__circles=circle), answered.filter(circles=circle)
    rows = list(scores.values_list("instrument_key", "measure_key", "value", "band"))
    return _build(survey_round, rows, answered.count(), catalogue or Catalogue(survey_round.commons), team, circle)


@dataclass
class GroupSummary:
    group: object  # a Team or a Circle
    summary: RoundSummary

    @property
    def profiles(self):
        """[(instrument summary, factor measures)] of its own questionnaires."""
        return [(i, i.profile) for i in self.summary.instruments if i.own and i.profile]


def group_summaries(survey_round, by, *, visible=None, catalogue=None):
    """``by`` "teams" or "circles": a summary per team (or circle) kept on the round's invitations,
    in name order, limited to the groups in ``visible`` (a queryset) when given. A fixed number of
    queries, however many groups."""
    model = Invitation.teams.field.related_model if by == "teams" else Invitation.circles.field.related_model
    catalogue = catalogue or Catalogue(survey_round.commons)
    groups = model.objects.filter(pk__in=Invitation.objects.filter(round=survey_round).values(by)).order_by("name", "pk")
    if visible is not None:
        groups = groups.filter(pk__in=visible.values("pk"))
    groups = list(groups)
    ids = {g.pk for g in groups}
    rows = defaultdict(list)
    for group_id, *row in _scores(survey_round).filter(**{f"invitation__{by}__in": ids}).values_list(
            f"invitation__{by}", "instrument_key", "measure_key", "value", "band"):
        rows[group_id].append(tuple(row))
    answered = dict(_answered(survey_round).filter(**{f"{by}__in": ids}).values_list(by).annotate(n=Count("pk", distinct=True)))
    result = []
    for group in groups:
        kwargs = {"team": group} if by == "teams" else {"circle": group}
        result.append(GroupSummary(group, _build(survey_round, rows[group.pk], answered.get(group.pk, 0), catalogue, **kwargs)))
    return result


# --- change between two rounds -----------------------------------------------------------------------------
@dataclass
class ChangeRow:
    instrument_key: str
    instrument_name: str
    measure_key: str
    label: str
    low: float | None
    high: float | None
    before: MeasureSummary
    after: MeasureSummary

    @property
    def shown(self):
        return not self.before.too_few and not self.after.too_few

    @property
    def difference(self):
        return self.after.mean - self.before.mean if self.shown else None

    @property
    def difference_text(self):
        """"+0.4", "-1.2" or "no change" (to one decimal)."""
        if self.difference is None:
            return ""
        text = number_text(self.difference)
        if text in ("0", "-0"):
            return _("no change")
        return text if text.startswith("-") else f"+{text}"


@dataclass
class Change:
    baseline: SurveyRound
    follow_up: SurveyRound
    rows: list
    note: str

    def by_instrument(self):
        grouped = {}
        for row in self.rows:
            grouped.setdefault((row.instrument_key, row.instrument_name), []).append(row)
        return [(name, rows) for (_key, name), rows in grouped.items()]


def change_between(baseline, follow_up, *, team=None, circle=None, catalogue=None):
    """Each measure both rounds asked (not counted per answer), with each round's number of people
    and mean side by side. Shown only where both rounds have enough answers."""
    catalogue = catalogue or Catalogue(follow_up.commons)
    before = round_summary(baseline, team=team, circle=circle, catalogue=catalogue)
    after = round_summary(follow_up, team=team, circle=circle, catalogue=catalogue)
    rows = []
    for later in after.instruments:
        earlier = before.instrument(later.key)
        if earlier is None:
            continue
        earlier_measures = {m.key: m for m in earlier.measures}
        for measure in later.measures:
            if measure.kind == CATEGORIES or measure.key not in earlier_measures:
                continue
            rows.append(ChangeRow(later.key, later.name, measure.key, measure.label, measure.low, measure.high,
                                  earlier_measures[measure.key], measure))
    note = _("These are the people who answered each time. They may not be the same people: some answered only "
             "once, and some joined later. A change can come from who answered, not only from how things are.")
    return Change(baseline, follow_up, rows, note)


# --- who sees the results, and when ---------------------------------------------------------------------
def everyone_from(survey_round):
    """When everyone in the commons may see the results (None: not shared yet)."""
    if survey_round.results_to_respondents is None:
        return None
    return survey_round.results_to_respondents + datetime.timedelta(days=survey_round.first_look_days)


def _respondent_q():
    return Q(finished_at__isnull=False) & ~Q(consent__in=OUT)


def answered_round(person, survey_round):
    """Did this person finish the round (and not stop taking part)?"""
    if person is None:
        return False
    return Invitation.objects.filter(_respondent_q(), round=survey_round, person=person).exists()


def _visible(shared, first_look_days, status, respondent, now):
    if status != RoundStatus.CLOSED or shared is None:
        return False
    if now >= shared + datetime.timedelta(days=first_look_days):
        return True
    return bool(respondent) and now >= shared


def results_visible_to(user, survey_round, *, now=None):
    """May this user see the round's results now? See the module's docstring."""
    standing = evaluation_standing(user, survey_round.commons)
    if not standing.is_member or survey_round.status != RoundStatus.CLOSED or survey_round.results_to_respondents is None:
        return False
    now = now or timezone.now()
    respondent = answered_round(standing.person, survey_round) if now < everyone_from(survey_round) else False
    return _visible(survey_round.results_to_respondents, survey_round.first_look_days, survey_round.status, respondent, now)


def rounds_with_results_visible_to(user, commons, *, now=None):
    """Queryset twin of ``results_visible_to``: the rounds of ``commons`` whose results this user
    may see now. Two queries: the candidates (few per commons), then the rounds by id."""
    standing = evaluation_standing(user, commons)
    if not standing.is_member:
        return SurveyRound.objects.none()
    now = now or timezone.now()
    mine = Invitation.objects.filter(_respondent_q(), round=OuterRef("pk"), person=standing.person)
    candidates = (SurveyRound.objects.filter(commons=commons, status=RoundStatus.CLOSED, results_to_respondents__isnull=False,
                                             results_to_respondents__lte=now)
                  .annotate(respondent=Exists(mine))
                  .values_list("pk", "results_to_respondents", "first_look_days", "respondent"))
    ids = [pk for pk, shared, days, respondent in candidates
           if _visible(shared, days, RoundStatus.CLOSED, respondent, now)]
    return SurveyRound.objects.filter(pk__in=ids)


@dataclass
class Timing:
    """The dates a round's page states plainly, for this user."""

    shared: datetime.datetime | None
    everyone: datetime.datetime | None
    respondent: bool
    visible: bool
    first_look: bool  # they see it now, before everyone else

    @property
    def waiting(self):
        return not self.visible


def timing_for(user, survey_round, *, now=None):
    now = now or timezone.now()
    standing = evaluation_standing(user, survey_round.commons)
    respondent = answered_round(standing.person, survey_round)
    visible = standing.is_member and _visible(survey_round.results_to_respondents, survey_round.first_look_days,
                                              survey_round.status, respondent, now)
    everyone = everyone_from(survey_round)
    return Timing(survey_round.results_to_respondents, everyone, respondent, visible,
                  visible and everyone is not None and now < everyone)


def rounds_for_organisers(commons):
    """Closed rounds, newest first, with how many were asked and how many answered: what an
    organiser sees before the results are theirs to see. Counts only, never a figure."""
    return (SurveyRound.objects.filter(commons=commons, status=RoundStatus.CLOSED)
            .annotate(invited=Count("invitations", distinct=True),
                      answered=Count("invitations", filter=Q(invitations__finished_at__isnull=False)
                                     & ~Q(invitations__consent__in=OUT), distinct=True))
            .order_by("-closes_on", "name"))


def answer_counts(survey_round):
    """(asked, answered) of a round."""
    asked = Invitation.objects.filter(round=survey_round).count()
    return asked, _answered(survey_round).count()


def respondents_without_email(survey_round):
    """How many people who answered cannot get the e-mail (no login or no address): give them a
    printout instead."""
    return _answered(survey_round).filter(Q(person__user__isnull=True) | Q(person__user__email="")).count()


# --- the reflection log -------------------------------------------------------------------------------------
def reflections_for(commons, *, indicator=None, period=None):
    """The commons' reflections, newest first, with their indicators. ``indicator`` keeps those
    linked to it; ``period`` (first day, last day) keeps those written in it."""
    reflections = (Reflection.objects.filter(commons=commons)
                   .select_related("round", "team", "circle", "written_by")
                   .prefetch_related(Prefetch("indicators", queryset=Indicator.objects.order_by("name", "pk")))
                   .order_by("-created", "-pk"))
    if indicator is not None:
        reflections = reflections.filter(indicators=indicator)
    if period is not None:
        start, end = period
        reflections = reflections.filter(created__date__gte=start, created__date__lte=end)
    return reflections


def indicators_to_link(commons, reflection=None):
    """The indicators a reflection may talk about: those of the framework in use, and any it is
    already linked to (from an older version)."""
    in_use = Q(outcome__domain__framework__commons=commons, outcome__domain__framework__status=FrameworkStatus.IN_USE)
    if reflection is not None and reflection.pk:
        in_use |= Q(pk__in=reflection.indicators.values("pk"))
    return (Indicator.objects.filter(in_use).select_related("outcome").order_by("outcome__domain__order", "outcome__order", "order", "pk")
            .distinct())


def indicators_in_log(commons):
    """The indicators some reflection of the commons is linked to: the list's filter."""
    return Indicator.objects.filter(reflections__commons=commons).distinct().order_by("name", "pk")


def metric_names():
    """{metric key: its plain name} from the indicators part when it is there."""
    names = {}
    try:
        from caringcity.evaluation.selectors.indicators import metric_definition
    except ImportError:  # pragma: no cover - until the indicators part has landed
        metric_definition = None
    for key in keys.METRICS:
        try:
            names[key] = str(metric_definition(key).name) if metric_definition else str(FALLBACK_METRIC_NAMES.get(key, key))
        except (LookupError, KeyError, AttributeError):
            names[key] = str(FALLBACK_METRIC_NAMES.get(key, key))
    return names


def _metric_fallback():
    from django.utils.translation import gettext_lazy

    return {
        keys.CONTINUITY: gettext_lazy("Continuity of care"),
        keys.COVER_RATE: gettext_lazy("Visits that had someone"),
        keys.GIFTED_SHARE: gettext_lazy("Gifted hours against paid hours"),
        keys.SHARED_HATS: gettext_lazy("Hats held by people other than the Team Starter"),
        keys.TIME_TO_INDEPENDENCE: gettext_lazy("Time from first contact to an independent team"),
        keys.DECISIONS_RESOLVED: gettext_lazy("Decisions whose concerns or objections were resolved"),
        keys.ACTIVE_TIES: gettext_lazy("Active ties per team"),
        keys.RETENTION: gettext_lazy("Members who stay"),
    }


FALLBACK_METRIC_NAMES = _metric_fallback()


def look_again_state(reflection, today=None):
    """"overdue", "due" (today), "later" or "" (no date)."""
    if reflection.look_again_on is None:
        return ""
    today = today or timezone.localdate()
    if reflection.look_again_on < today:
        return "overdue"
    return "due" if reflection.look_again_on == today else "later"


# --- charts with their table twins ----------------------------------------------------------------------------
@dataclass
class ChartBlock:
    """One chart and the table with the same numbers. ``kind`` "means": rows are
    (label, people, mean, range); "counts": rows are (label, count). ``too_few`` names the
    measures left out because too few people gave a score."""

    title: str
    svg: str
    kind: str
    rows: list
    too_few: list = field(default_factory=list)
    caption: str = ""
    first_column: str = ""  # the heading of the table's first column, for "counts"


def _range_text(measure):
    from caringcity.evaluation.drawing.charts import number

    if measure.low is None or measure.high is None:
        return ""
    return _("%(low)s to %(high)s") % {"low": number(measure.low), "high": number(measure.high)}


def means_block(title, measures, *, intro=""):
    """A chart of the means of ``measures`` (those with enough scores) and its table."""
    from caringcity.evaluation.drawing.charts import bar_chart, number

    shown = [m for m in measures if not m.too_few and m.mean is not None]
    too_few = [m.label for m in measures if m.too_few]
    if not shown:
        return ChartBlock(title, "", "means", [], too_few, intro)
    words = "; ".join(_("%(label)s: %(mean)s (from %(low)s to %(high)s, %(n)s people)") % {
        "label": m.label, "mean": number(m.mean), "low": number(m.low), "high": number(m.high), "n": m.n} for m in shown)
    description = _("The average score of each measure. %(values)s.") % {"values": words}
    svg = bar_chart([(m.label, m.mean, m.low, m.high) for m in shown], title=title, description=description)
    rows = [(m.label, m.n, number(m.mean), _range_text(m)) for m in shown]
    return ChartBlock(title, svg, "means", rows, too_few, intro)


def counts_block(title, measure, *, intro="", first_column=""):
    """A chart of how many people are in each band (or chose each answer) of one measure."""
    from caringcity.evaluation.drawing.charts import bar_chart

    if measure.too_few:
        return ChartBlock(title, "", "counts", [], [measure.label], intro)
    counts = measure.counts
    words = "; ".join(f"{label}: {count}" for label, count in counts)
    description = _("How many of the %(n)s people are in each group. %(values)s.") % {"n": measure.n, "values": words}
    svg = bar_chart([(label, count, 0, measure.n) for label, count in counts], title=title, description=description)
    return ChartBlock(title, svg, "counts", list(counts), [], intro, first_column)


def instrument_blocks(instrument):
    """The charts of one questionnaire's summary: the means of its scale measures (an own
    questionnaire: its factor profile, then its questions), then a chart per banded measure (per
    official band) and per category measure (per answer)."""
    blocks = []
    if instrument.own:
        if instrument.profile:
            blocks.append(means_block(_("%(name)s: profile") % {"name": instrument.name}, instrument.profile))
        others = [m for m in instrument.measures if not m.is_factor and m.kind != CATEGORIES]
        if others:
            blocks.append(means_block(_("%(name)s: each question") % {"name": instrument.name}, others))
    else:
        means = [m for m in instrument.measures if m.kind != CATEGORIES]
        if means:
            blocks.append(means_block(_("%(name)s: average scores") % {"name": instrument.name}, means))
    for measure in instrument.band_measures:
        if measure.too_few:  # already named under the averages
            continue
        blocks.append(counts_block(_("%(measure)s: people in each band") % {"measure": measure.label}, measure,
                                   first_column=_("Band")))
    for measure in instrument.category_measures:
        blocks.append(counts_block(_("%(measure)s: how many chose each answer") % {"measure": measure.label}, measure,
                                   first_column=_("Answer")))
    return blocks


def change_blocks(change):
    """[(instrument name, before/after chart, rows)] of a ``Change``: rows are ChangeRows."""
    from caringcity.evaluation.drawing.charts import before_after_chart, number

    result = []
    for name, rows in change.by_instrument():
        shown = [row for row in rows if row.shown]
        svg = ""
        if shown:
            title = _("%(name)s: %(before)s and %(after)s") % {"name": name, "before": change.baseline.name, "after": change.follow_up.name}
            words = "; ".join(_("%(label)s: %(before)s then %(after)s") % {
                "label": row.label, "before": number(row.before.mean), "after": number(row.after.mean)} for row in shown)
            svg = before_after_chart([(row.label, row.before.mean, row.after.mean, row.low, row.high) for row in shown],
                                     title=title, description=_("The average of each measure in each round. %(values)s.") % {"values": words},
                                     before_label=change.baseline.name, after_label=change.follow_up.name)
        result.append((name, svg, rows))
    return result
