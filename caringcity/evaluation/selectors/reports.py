"""Reads of the reports part (see docs/evaluation-reports.md).

``report_content(report)`` assembles everything a report shows, once; the page
(``evaluation/reports/report.html``) and the PDF (``pdf.report_pdf``) both render what it returns,
so they always hold the same figures. ``summary_content(report)`` does the same for the summary
for a commissioner (outcomes and costs side by side, ``pdf.summary_pdf``).

Every number is a ``Figure``: its value, and how it was worked out (definition, the counts behind
it, the period, where the data is). The page lists them at the end ("How each figure was worked
out") and each figure links there and, when one exists, to the page showing the counts behind it.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Prefetch, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from caringcity.evaluation import keys, quotes as quote_sources
from caringcity.evaluation.drawing.reports import bars_svg, trend_svg
from caringcity.evaluation.models import (
    ConsentState, Cost, CostKind, Dimension, Framework, FrameworkStatus, Indicator, IndicatorValue, Method,
    OutcomeDomain, Outcome, Output, Quote, Reflection, Report, ScopeKind, Score, SurveyRound,
)

try:  # the framework part: the framework in use
    from caringcity.evaluation.selectors.framework import framework_in_use as _framework_in_use
except ImportError:  # merge-time guard
    _framework_in_use = None

try:  # the indicators part: what each platform figure means
    from caringcity.evaluation.selectors.indicators import metric_definition as _metric_definition
except ImportError:  # merge-time guard
    _metric_definition = None

try:  # the results part: a round's results, with the small-group rule
    from caringcity.evaluation.selectors.results import round_summary as _round_summary
except ImportError:  # merge-time guard
    _round_summary = None

try:  # the instruments part: questionnaires' names, measures and notices
    from caringcity.evaluation.instruments import registry as _registry
except ImportError:  # merge-time guard
    _registry = None


def small_group():
    return getattr(settings, "EVALUATION_SMALL_GROUP", 5)


def too_few_words():
    return _("Too few answers to show (fewer than %(n)s), to keep people anonymous.") % {"n": small_group()}


# --- formatting -----------------------------------------------------------------------------------

def day(value):
    return date_format(value, "j F Y") if value else ""


def period_label(start, end):
    return _("%(start)s to %(end)s") % {"start": day(start), "end": day(end)}


def short_period(start, end):
    """A short label for a point on a chart: "Mar 2026" for a month, else "1 Mar–30 Jun 2026"."""
    if start.day == 1 and (end + datetime.timedelta(days=1)).day == 1 and start.month == end.month and start.year == end.year:
        return date_format(start, "M Y")
    if start.year == end.year:
        return f"{date_format(start, 'j M')}–{date_format(end, 'j M Y')}"
    return f"{date_format(start, 'j M Y')}–{date_format(end, 'j M Y')}"


def number(value, places=2):
    if value is None:
        return ""
    text = f"{value:,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def money(amount):
    return f"£{Decimal(amount):,.2f}"


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --- the pieces -----------------------------------------------------------------------------------

@dataclass
class Figure:
    """One number a report shows, and how it was worked out."""

    ref: str  # anchor on the page, "fig-3"
    label: str  # what it is
    value_text: str  # the number as shown, with its unit
    value: float | None
    period: str  # the period it covers, in words
    how: str  # how it was worked out, with the counts behind it
    definition: str = ""
    source_url: str = ""  # the page showing the counts behind it ("" when there is none)
    source_label: str = ""


class Figures:
    """Numbers the figures as they are made, so the page and the PDF share the references."""

    def __init__(self, prefix="fig"):
        self.prefix = prefix
        self.all = []

    def add(self, **fields):
        figure = Figure(ref=f"{self.prefix}-{len(self.all) + 1}", **fields)
        self.all.append(figure)
        return figure


@dataclass
class Point:
    label: str
    value: float | None
    figure: Figure | None


@dataclass
class IndicatorBlock:
    indicator: object
    method_label: str
    definition: str = ""
    unit: str = ""
    points: list = field(default_factory=list)  # [Point], in time order
    note: str = ""  # why there is no figure, in words
    low: float | None = None
    high: float | None = None

    @property
    def figures(self):
        return [point.figure for point in self.points if point.figure is not None]

    @property
    def latest(self):
        known = [point for point in self.points if point.value is not None]
        return known[-1] if known else None

    @property
    def first(self):
        known = [point for point in self.points if point.value is not None]
        return known[0] if known else None

    @property
    def change_text(self):
        first, last = self.first, self.latest
        if not first or first is last:
            return ""
        delta = last.value - first.value
        if abs(delta) < 1e-9:
            return _("No change from %(first)s to %(last)s.") % {"first": first.label, "last": last.label}
        direction = _("up") if delta > 0 else _("down")
        return _("%(direction)s by %(delta)s from %(first)s to %(last)s.") % {
            "direction": direction, "delta": number(abs(delta)), "first": first.label, "last": last.label}

    @property
    def chart(self):
        known = [point for point in self.points if point.value is not None]
        if len(known) < 2:
            return ""
        desc = "; ".join(f"{p.label}: {p.figure.value_text if p.figure else _('no figure')}" for p in self.points)
        return trend_svg([(p.label, p.value) for p in self.points], title=self.indicator.name, desc=desc,
                         low=self.low, high=self.high, ident=f"ind-{self.indicator.pk}")


@dataclass
class MeasureRow:
    key: str
    label: str
    n: int
    figure: Figure | None  # None: too few answers
    low: float | None = None
    high: float | None = None
    definition: str = ""

    @property
    def too_few(self):
        return self.figure is None


@dataclass
class InstrumentBlock:
    key: str
    name: str
    notice: str
    measures: list  # [MeasureRow]
    ident: str = ""

    @property
    def chart(self):
        shown = [row for row in self.measures if row.figure is not None]
        if not shown:
            return ""
        desc = "; ".join(f"{row.label}: {row.figure.value_text if row.figure else too_few_words()}" for row in self.measures)
        return bars_svg([(row.label, row.figure.value if row.figure else None, row.low, row.high) for row in self.measures],
                        title=self.name, desc=desc, ident=self.ident)


@dataclass
class SurveyBlock:
    round: object
    answered: int  # people who answered at least one question (a count, never shown below the small-group size)
    instruments: list  # [InstrumentBlock]
    url: str = ""
    too_few: bool = False


@dataclass
class ReportContent:
    report: object
    commons: object
    period: str
    framework: object  # Framework or None
    dimensions: list  # Dimension rows with .outputs prefetched
    domains: list  # [(domain, [(outcome, [IndicatorBlock])])]
    surveys: list  # [SurveyBlock]
    reflections: list  # Reflection rows
    quotes: list  # [quotes.QuoteItem]
    figures: list  # every Figure, in the order shown
    notices: list  # the questionnaires' notices (text), once each
    made_at: object

    @property
    def indicator_blocks(self):
        return [block for _domain, outcomes in self.domains for _outcome, blocks in outcomes for block in blocks]


# --- who may see what ------------------------------------------------------------------------------

def reports_for(commons):
    return Report.objects.filter(commons=commons).select_related("framework").order_by("-period_end", "title")


def open_to_everyone(survey_round, now=None):
    """True when every member of the commons may see the round's results: they were shared with
    the people who answered, and their first look (``first_look_days``) is over."""
    if survey_round.results_to_respondents is None:
        return False
    now = now or timezone.now()
    return survey_round.results_to_respondents + datetime.timedelta(days=survey_round.first_look_days) <= now


def frameworks_for(commons):
    return Framework.objects.filter(commons=commons).exclude(status=FrameworkStatus.DRAFT).order_by("name", "-version")


def framework_default(commons):
    if _framework_in_use is not None:
        return _framework_in_use(commons)
    return Framework.objects.filter(commons=commons, status=FrameworkStatus.IN_USE).order_by("-in_use_since").first()


def costs_for(commons):
    return Cost.objects.filter(commons=commons).select_related("team").order_by("-period_start", "kind", "label")


def quotable_answers(commons):
    """Free-text answers whose writers allow them to be quoted without their name, newest first,
    with the quote made from each (if any). Never with the writer: the page shows the round and
    an attribution only."""
    from caringcity.evaluation.models import Answer

    return (Answer.objects.filter(invitation__round__commons=commons, may_quote=True, skipped=False)
            .exclude(text="")
            .exclude(invitation__consent__in=[ConsentState.WITHDRAWN, ConsentState.DECLINED])
            .select_related("invitation__round", "quote")
            .order_by("-created"))


def access_answer_to_quote(commons, uuid):
    from django.http import Http404

    from caringcity.evaluation.models import Answer

    try:
        return quotable_answers(commons).get(uuid=uuid)
    except (Answer.DoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc


# --- the report -------------------------------------------------------------------------------------

def _framework_parts(framework):
    if framework is None:
        return [], []
    dimensions = list(Dimension.objects.filter(framework=framework).prefetch_related(
        Prefetch("outputs", queryset=Output.objects.order_by("order", "pk"))).order_by("order", "pk"))
    domains = list(OutcomeDomain.objects.filter(framework=framework).prefetch_related(
        Prefetch("outcomes", queryset=Outcome.objects.order_by("order", "pk").prefetch_related(
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "pk"))))).order_by("order", "pk"))
    return dimensions, domains


def _definition(metric):
    """(name, definition, unit, higher_is_better) of a platform metric."""
    if _metric_definition is not None:
        try:
            found = _metric_definition(metric)
            return found.name, found.definition, found.unit, found.higher_is_better
        except (LookupError, KeyError):
            pass
    return metric, "", _FALLBACK_UNITS.get(metric, ""), True


# Until the indicators part lands (merge-time guard): the unit of each metric, so shares show as %.
_FALLBACK_UNITS = {keys.CONTINUITY: "share", keys.COVER_RATE: "share", keys.GIFTED_SHARE: "share", keys.SHARED_HATS: "share",
                   keys.DECISIONS_RESOLVED: "share", keys.RETENTION: "share", keys.TIME_TO_INDEPENDENCE: "days"}


def format_metric(value, unit):
    if value is None:
        return _("nothing to count")
    if unit in ("share", "%", "percent"):
        shown = value * 100 if -1.0 <= value <= 1.0 else value
        return f"{number(shown, 1)}%"
    return f"{number(value)} {unit}".strip()


def _series(rows):
    """From a metric's rows in the period, those of one length of period (the most common: months,
    if the values are kept per month), without overlaps, in time order."""
    if not rows:
        return []
    def kind(row):
        days = (row.period_end - row.period_start).days + 1
        for name, low, high in (("week", 7, 7), ("month", 28, 31), ("quarter", 89, 92), ("year", 365, 366)):
            if low <= days <= high:
                return name
        return days

    lengths = defaultdict(list)
    for row in rows:
        lengths[kind(row)].append(row)
    best = max(lengths.values(), key=len)
    seen, result = set(), []
    for row in sorted(best, key=lambda r: (r.period_start, r.period_end)):
        if row.period_start not in seen:
            seen.add(row.period_start)
            result.append(row)
    return result


def _counts_words(row, unit):
    parts = []
    if row.numerator is not None and row.denominator is not None:
        parts.append(_("%(num)s out of %(den)s counted") % {"num": number(row.numerator), "den": number(row.denominator)})
    elif row.numerator is not None:
        parts.append(_("%(num)s counted") % {"num": number(row.numerator)})
    for key, value in sorted((row.detail or {}).items()):
        if isinstance(value, (int, float, str)) and not isinstance(value, bool):
            parts.append(f"{key.replace('_', ' ')}: {number(value) if isinstance(value, float) else value}")
    return "; ".join(parts)


def _metric_block(indicator, rows, figures, commons):
    name, definition, unit, _better = _definition(indicator.measure_key)
    block = IndicatorBlock(indicator, str(Method(indicator.method).label), definition, unit)
    source_url = _url("evaluation:indicator", commons.slug, indicator.uuid) or _url("evaluation:indicators", commons.slug)
    for row in _series(rows):
        label = short_period(row.period_start, row.period_end)
        counts = _counts_words(row, unit)
        how = _("Counted by the platform from its own records on %(when)s.") % {"when": day(timezone.localtime(row.computed_at).date())}
        if counts:
            how = f"{how} {counts}."
        figure = figures.add(label=f"{indicator.name}: {label}", value_text=format_metric(row.value, unit), value=row.value,
                             period=period_label(row.period_start, row.period_end), how=how, definition=definition,
                             source_url=source_url, source_label=_("the figures and counts behind them"))
        block.points.append(Point(label, row.value, figure))
    if unit in ("share", "%", "percent"):
        block.low, block.high = 0.0, 1.0
    if not block.points:
        block.note = _("No figures were counted for this period yet.")
    return block


def _instrument(commons, key):
    if _registry is not None:
        try:
            return _registry.get(commons, key)
        except LookupError:
            return None
    return None


def _survey_blocks(commons, rounds, figures, instruments):
    """The results of ``rounds`` (already open to everyone): per questionnaire and measure, the
    number of answers and the average, or "too few". Through the results part's ``round_summary``
    when it is there; the small-group rule holds either way."""
    counts = {row["invitation__round"]: row for row in Score.objects.filter(invitation__round__in=rounds).exclude(
        invitation__consent__in=[ConsentState.WITHDRAWN, ConsentState.DECLINED]).values("invitation__round").annotate(
        people=Count("invitation", distinct=True))}
    stats = defaultdict(dict)
    for row in (Score.objects.filter(invitation__round__in=rounds, value__isnull=False)
                .exclude(invitation__consent__in=[ConsentState.WITHDRAWN, ConsentState.DECLINED])
                .values("invitation__round", "instrument_key", "measure_key").annotate(n=Count("id"), mean=Avg("value"))):
        stats[row["invitation__round"]][(row["instrument_key"], row["measure_key"])] = (row["n"], row["mean"])
    blocks = []
    for survey_round in rounds:
        people = counts.get(survey_round.pk, {}).get("people", 0)
        url = _url("evaluation:round_results", commons.slug, survey_round.uuid) or _url("evaluation:results", commons.slug)
        block = SurveyBlock(survey_round, people, [], url, too_few=people < small_group())
        for key in survey_round.instruments:
            instrument = instruments.get(key)
            name = instrument.name if instrument else key
            measures = instrument.measures if instrument else []
            measure_keys = [m.key for m in measures] or sorted({mk for (ik, mk) in stats[survey_round.pk] if ik == key})
            rows = []
            for measure_key in measure_keys:
                measure = next((m for m in measures if m.key == measure_key), None)
                label = measure.label if measure else measure_key
                n, mean = stats[survey_round.pk].get((key, measure_key), (0, None))
                figure = None
                if n >= small_group() and mean is not None:
                    low = measure.low if measure else None
                    high = measure.high if measure else None
                    scale = _(" on a scale from %(low)s to %(high)s") % {"low": number(low), "high": number(high)} if low is not None and high is not None else ""
                    figure = figures.add(
                        label=f"{survey_round.name}: {name}, {label}", value_text=number(mean), value=mean,
                        period=period_label(survey_round.opens_on, survey_round.closes_on),
                        how=_("The average of %(n)s people's scores%(scale)s, each scored exactly as the questionnaire says.") % {"n": n, "scale": scale},
                        definition=measure.definition if measure else "", source_url=url, source_label=_("the round's results"))
                rows.append(MeasureRow(measure_key, str(label), n, figure, measure.low if measure else None, measure.high if measure else None,
                                       measure.definition if measure else ""))
            block.instruments.append(InstrumentBlock(key, name, instrument.notice if instrument else "", rows,
                                                     ident=f"round-{survey_round.pk}-{len(block.instruments)}"))
        blocks.append(block)
    return blocks


def rounds_in_period(commons, start, end, now=None):
    """Survey rounds that closed in the period and whose results every member may see."""
    rounds = SurveyRound.objects.filter(commons=commons, closes_on__gte=start, closes_on__lte=end,
                                        results_to_respondents__isnull=False).order_by("closes_on", "name")
    return [survey_round for survey_round in rounds if open_to_everyone(survey_round, now)]


def reflections_in_period(commons, start, end):
    return list(Reflection.objects.filter(commons=commons, created__date__gte=start, created__date__lte=end)
                .prefetch_related("indicators").order_by("created"))


def report_quotes(report):
    """The report's chosen quotes that may still be shown: its survey quotes, then quotes from other
    sources; a quote withdrawn (or whose writer took back permission) is left out."""
    chosen = [quote.pk for quote in report.quotes.all()]
    survey = list(quote_sources.visible_quotes(report.commons).filter(pk__in=chosen).order_by("approved_at"))
    return quote_sources.survey_items(survey) + quote_sources.outside_quotes(report.commons, report.outside_quotes)


def report_content(report, *, now=None):
    """Everything a report shows, assembled once for the page and the PDF."""
    commons = report.commons
    figures = Figures()
    framework = report.framework
    dimensions, domains = _framework_parts(framework)
    indicators = [ind for domain in domains for outcome in domain.outcomes.all() for ind in outcome.indicators.all()]

    rounds = rounds_in_period(commons, report.period_start, report.period_end, now)
    instrument_keys = {key for survey_round in rounds for key in survey_round.instruments}
    instrument_keys |= {ind.instrument_key for ind in indicators if ind.method == Method.SURVEY and ind.instrument_key}
    instruments = {key: found for key in sorted(instrument_keys) if (found := _instrument(commons, key)) is not None}

    metrics = {ind.measure_key for ind in indicators if ind.method == Method.METRIC}
    rows = defaultdict(list)
    for row in IndicatorValue.objects.filter(commons=commons, scope=ScopeKind.COMMONS, metric__in=metrics,
                                             period_start__gte=report.period_start, period_end__lte=report.period_end):
        rows[row.metric].append(row)

    # indicators first (in the framework's order), then the surveys; figures are numbered as shown
    survey_figures = Figures()
    surveys = _survey_blocks(commons, rounds, survey_figures, instruments)
    domain_blocks = []
    for domain in domains:
        outcomes = []
        for outcome in domain.outcomes.all():
            blocks = []
            for indicator in outcome.indicators.all():
                if indicator.method == Method.METRIC:
                    blocks.append(_metric_block(indicator, rows.get(indicator.measure_key, []), figures, commons))
                elif indicator.method == Method.SURVEY:
                    blocks.append(_survey_indicator(indicator, surveys, instruments))
                else:
                    block = IndicatorBlock(indicator, str(Method(indicator.method).label))
                    block.note = _("Learned in words, not counted: see the reflections and quotes.")
                    blocks.append(block)
            outcomes.append((outcome, blocks))
        domain_blocks.append((domain, outcomes))
    for figure in survey_figures.all:  # renumber the survey figures after the indicators'
        figure.ref = f"fig-{len(figures.all) + 1}"
        figures.all.append(figure)

    notices = []
    for key in sorted(instrument_keys):
        instrument = instruments.get(key)
        if instrument and instrument.notice and instrument.notice not in notices:
            notices.append(instrument.notice)
    return ReportContent(report=report, commons=commons, period=period_label(report.period_start, report.period_end),
                         framework=framework, dimensions=dimensions, domains=domain_blocks, surveys=surveys,
                         reflections=reflections_in_period(commons, report.period_start, report.period_end),
                         quotes=report_quotes(report), figures=figures.all, notices=notices,
                         made_at=timezone.localtime(now or timezone.now()))


def _survey_indicator(indicator, surveys, instruments):
    """A questionnaire indicator: its measure's average in each round of the period (the same
    figures as the survey results below)."""
    instrument = instruments.get(indicator.instrument_key)
    block = IndicatorBlock(indicator, str(Method(indicator.method).label))
    if instrument is not None:
        try:
            measure = instrument.measure(indicator.measure_key)
            block.definition, block.low, block.high = measure.definition, measure.low, measure.high
        except StopIteration:
            pass
    for survey in surveys:
        for part in survey.instruments:
            if part.key != indicator.instrument_key:
                continue
            for row in part.measures:
                if row.key == indicator.measure_key:
                    block.points.append(Point(survey.round.name, row.figure.value if row.figure else None, row.figure))
    if not block.points:
        block.note = _("No survey round in this period asked this, or its results are not open to everyone yet.")
    elif not block.figures:
        block.note = too_few_words()
    return block


# --- the summary for a commissioner -----------------------------------------------------------------

@dataclass
class CostGroup:
    kind: str
    label: str
    rows: list  # Cost rows
    total: Decimal


@dataclass
class SummaryContent:
    report: object
    commons: object
    period: str
    outcomes: list  # [(domain, outcome, [IndicatorBlock])]
    cost_groups: list  # [CostGroup]
    total: Decimal
    outside: list  # costs only partly in the period: listed, not counted
    computed: list  # [Figure]
    figures: list
    notices: list
    made_at: object


def costs_in_period(commons, start, end):
    """(wholly inside the period, only partly inside). Only the first are added up."""
    inside, partly = [], []
    for cost in Cost.objects.filter(commons=commons, period_start__lte=end, period_end__gte=start).select_related("team").order_by("kind", "period_start", "label"):
        (inside if cost.period_start >= start and cost.period_end <= end else partly).append(cost)
    return inside, partly


def _hours(commons, start, end):
    """(paid hours, gifted hours, the figure's words) for the period, from the platform's figure
    "gifted and paid hours" (``keys.GIFTED_SHARE``) for the whole commons; None where not counted."""
    rows = _series(list(IndicatorValue.objects.filter(commons=commons, scope=ScopeKind.COMMONS, metric=keys.GIFTED_SHARE,
                                                      period_start__gte=start, period_end__lte=end)))
    paid = gifted = None
    for row in rows:
        detail = row.detail or {}
        row_paid = detail.get("paid_hours")
        row_gifted = detail.get("gifted_hours")
        if row_paid is None and row.denominator is not None and row.numerator is not None:
            row_gifted, row_paid = row.numerator, row.denominator - row.numerator
        if row_paid is not None:
            paid = (paid or 0.0) + float(row_paid)
        if row_gifted is not None:
            gifted = (gifted or 0.0) + float(row_gifted)
    return paid, gifted, len(rows)


def teams_counted(commons, start, end):
    """The care teams the platform's figures counted in the period (a team-level figure exists)."""
    return (IndicatorValue.objects.filter(commons=commons, scope=ScopeKind.TEAM, team__isnull=False, value__isnull=False,
                                          period_start__gte=start, period_end__lte=end)
            .values("team").distinct().count())


def summary_content(report, *, now=None):
    commons, start, end = report.commons, report.period_start, report.period_end
    content = report_content(report, now=now)
    figures = Figures("cost")
    outcomes = []
    for domain, domain_outcomes in content.domains:
        for outcome, blocks in domain_outcomes:
            outcomes.append((domain, outcome, blocks))
    inside, partly = costs_in_period(commons, start, end)
    groups = []
    for kind, label in CostKind.choices:
        rows = [cost for cost in inside if cost.kind == kind]
        if rows:
            groups.append(CostGroup(kind, str(label), rows, sum((cost.amount for cost in rows), Decimal("0"))))
    total = sum((group.total for group in groups), Decimal("0"))
    period = period_label(start, end)
    computed = []
    computed.append(figures.add(
        label=_("Total cost"), value_text=money(total), value=float(total), period=period,
        how=_("The sum of %(n)s costs wholly inside the period, as entered from the commons' accounts (listed below with where each figure comes from).") % {"n": len(inside)}))
    teams = teams_counted(commons, start, end)
    if teams:
        per_team = total / teams
        computed.append(figures.add(
            label=_("Cost per care team supported"), value_text=money(per_team), value=float(per_team), period=period,
            how=_("%(total)s total cost ÷ %(teams)s care teams the platform counted figures for in the period = %(result)s.") % {
                "total": money(total), "teams": teams, "result": money(per_team)}))
    else:
        computed.append(figures.add(label=_("Cost per care team supported"), value_text=_("not worked out"), value=None, period=period,
                                    how=_("The platform counted no care teams in this period, so there is nothing to divide by.")))
    paid, gifted, months = _hours(commons, start, end)
    care = sum((group.total for group in groups if group.kind == CostKind.CARE), Decimal("0"))
    if paid:
        per_paid = care / Decimal(str(round(paid, 2)))
        computed.append(figures.add(
            label=_("Cost per paid hour of care"), value_text=money(per_paid), value=float(per_paid), period=period,
            how=_("%(care)s spent on paid care hours ÷ %(hours)s paid hours the platform counted from visit logs (%(n)s periods of the figure “gifted and paid hours”) = %(result)s.") % {
                "care": money(care), "hours": number(paid), "n": months, "result": money(per_paid)}))
    else:
        computed.append(figures.add(label=_("Cost per paid hour of care"), value_text=_("not worked out"), value=None, period=period,
                                    how=_("The platform counted no paid hours of care in this period.")))
    if paid is not None and gifted is not None and (paid + gifted) > 0:
        hours = paid + gifted
        per_hour = total / Decimal(str(round(hours, 2)))
        computed.append(figures.add(
            label=_("Cost per hour of care, paid and gifted"), value_text=money(per_hour), value=float(per_hour), period=period,
            how=_("%(total)s total cost ÷ (%(paid)s paid hours + %(gifted)s gifted hours = %(hours)s hours of care) = %(result)s.") % {
                "total": money(total), "paid": number(paid), "gifted": number(gifted), "hours": number(hours), "result": money(per_hour)}))
    return SummaryContent(report=report, commons=commons, period=period, outcomes=outcomes, cost_groups=groups, total=total,
                          outside=partly, computed=computed, figures=content.figures, notices=content.notices, made_at=content.made_at)
