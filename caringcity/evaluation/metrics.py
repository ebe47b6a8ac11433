"""The platform's own figures (``keys.METRICS``): what each one means in plain words, its unit,
whether higher is better, the scopes it has (the whole commons, a care team, a circle), and how it
is computed from what the platform already records.

Everything is computed for ALL teams and circles of a commons at once, from a fixed number of
set-based reads offered by the other apps' selectors (``# --- for evaluation indicators ---``
blocks): the number of queries does not grow with the number of teams, visits or people.

Periods: calendar months (local time) are the base. Quarters and years are stored too, as their
own rows: figures that add up (counts of visits, hours, decisions, days) are the sums of their
months; figures that describe a moment (hats, ties) are taken on the period's last day (or today,
for the period we are in); retention compares the period's first and last day. See
docs/evaluation-indicators.md.

``compute(commons, now)`` returns unsaved ``IndicatorValue`` rows; ``services.indicators`` writes them.
"""

import calendar
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from caringcity.evaluation import keys
from caringcity.evaluation.models import IndicatorValue, ScopeKind

# How far back figures go (months, the current one included).
MAX_MONTHS = 36

PERCENT, DAYS, TIES = "percent", "days", "ties"
COMMONS, TEAM, CIRCLE = ScopeKind.COMMONS, ScopeKind.TEAM, ScopeKind.CIRCLE
MONTH, QUARTER, YEAR = "month", "quarter", "year"
GRAINS = (MONTH, QUARTER, YEAR)
GRAIN_NAMES = {MONTH: _("Months"), QUARTER: _("Quarters"), YEAR: _("Years")}

# Kinds of team member the owner already knows before any visit (family, friends, neighbours).
KNOWN_KINDS = {"family", "friend"}


# --- periods ------------------------------------------------------------------------------------------------
@dataclass(frozen=True, order=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive
    grain: str = field(compare=False, default=MONTH)

    @property
    def label(self):
        if self.grain == YEAR:
            return str(self.start.year)
        if self.grain == QUARTER:
            return _("%(year)s, quarter %(n)s") % {"year": self.start.year, "n": (self.start.month - 1) // 3 + 1}
        from django.utils.formats import date_format

        return date_format(self.start, "F Y")

    def months(self):
        """The first days of the months in this period."""
        day, out = self.start, []
        while day <= self.end:
            out.append(day)
            day = add_months(day, 1)
        return out


def add_months(day, n):
    index = day.year * 12 + day.month - 1 + n
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_end(day):
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def grain_of(start, end):
    """Which kind of period ``start``..``end`` (inclusive) is."""
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return {1: MONTH, 3: QUARTER}.get(months, YEAR)


def period_of(start, end):
    return Period(start, end, grain_of(start, end))


def periods_between(first_month, last_month):
    """(months, quarters, years) covering first_month..last_month (first days of months)."""
    months = []
    day = first_month.replace(day=1)
    while day <= last_month:
        months.append(Period(day, month_end(day), MONTH))
        day = add_months(day, 1)
    quarters = sorted({Period(datetime.date(m.start.year, (m.start.month - 1) // 3 * 3 + 1, 1),
                              month_end(datetime.date(m.start.year, (m.start.month - 1) // 3 * 3 + 3, 1)), QUARTER)
                       for m in months})
    years = sorted({Period(datetime.date(m.start.year, 1, 1), datetime.date(m.start.year, 12, 31), YEAR) for m in months})
    return months, quarters, years


def local_day(instant):
    return timezone.localtime(instant).date() if isinstance(instant, datetime.datetime) else instant


# --- the registry -------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Metric:
    key: str
    name: str
    definition: str  # one or two plain sentences, shown with every figure
    how: str  # how it is counted, in more detail (the metric's own page)
    unit: str  # PERCENT, DAYS or TIES
    higher_is_better: bool
    scopes: tuple
    numerator: str  # what the top number counts
    denominator: str  # what the bottom number counts
    counts: tuple  # ((detail key, words), ...): the counts behind each figure, in order
    compute: object = None

    def value(self, numerator, denominator):
        if not denominator:
            return None
        if self.unit == PERCENT:
            return 100.0 * numerator / denominator
        return numerator / denominator

    def value_text(self, value):
        if value is None:
            return _("Nothing to count")
        if self.unit == PERCENT:
            return _("%(n)s%%") % {"n": _number(value, 0)}
        if self.unit == DAYS:
            return _("%(n)s days") % {"n": _number(value, 0)}
        return _("%(n)s ties") % {"n": _number(value, 1)}

    @property
    def unit_words(self):
        return {PERCENT: _("per cent"), DAYS: _("days"), TIES: _("ties")}[self.unit]


def _number(value, places):
    from django.utils.formats import number_format

    rounded = round(value, places)
    if places and rounded == int(rounded):
        places = 0
    return number_format(rounded, places)


REGISTRY = {}


def register(metric):
    REGISTRY[metric.key] = metric
    return metric


def get(key):
    """The metric called ``key`` (LookupError if there is none)."""
    try:
        return REGISTRY[key]
    except KeyError:
        raise LookupError(key) from None


def all_metrics():
    return [REGISTRY[key] for key in keys.METRICS if key in REGISTRY]


# --- the data every metric reads (each read once per refresh) -------------------------------------------------
class World:
    """The commons' records as the metrics need them, read once each, lazily."""

    def __init__(self, commons, now=None):
        self.commons = commons
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)

    @cached_property
    def teams(self):
        from caringcity.teams import selectors as teams

        return teams.teams_for_indicators(self.commons)

    @cached_property
    def circles(self):
        from caringcity.circles.selectors import proposals

        return proposals.circles_for_indicators(self.commons)

    @cached_property
    def member_rows(self):
        from caringcity.teams import selectors as teams

        return teams.member_rows_for_indicators(self.commons)

    @cached_property
    def kinds(self):
        """(team_id, person_id) -> the set of kinds they have had in the team."""
        result = defaultdict(set)
        for team_id, person_id, kind, _joined, _ended in self.member_rows:
            result[team_id, person_id].add(kind)
        return result

    @cached_property
    def visit_months(self):
        from caringcity.visits.selectors import rota

        return rota.visit_months_for_indicators(self.commons, self.now)

    @cached_property
    def periods(self):
        """(months, quarters, years) from the first thing recorded (at most ``MAX_MONTHS`` back) to now."""
        from caringcity.visits.selectors import rota

        this_month = self.today.replace(day=1)
        firsts = [local_day(t["created"]) for t in self.teams]
        first_visit = rota.first_visit_start_for_indicators(self.commons)
        if first_visit is not None:
            firsts.append(local_day(first_visit))
        first = min(firsts, default=this_month).replace(day=1)
        first = max(first, add_months(this_month, -(MAX_MONTHS - 1)))
        return periods_between(min(first, this_month), this_month)

    @property
    def all_periods(self):
        months, quarters, years = self.periods
        return [*months, *quarters, *years]

    def moment(self, period):
        """The day a figure about a moment is taken for ``period``: its last day, or today."""
        return min(period.end, self.today)


@dataclass
class Figure:
    scope: str
    period: Period
    numerator: float
    denominator: float
    detail: dict
    team_id: int | None = None
    circle_id: int | None = None


def _summed(per_unit_month, periods, scope, unit_field, metric):
    """Figures for every unit (team or circle) and the commons over ``periods``, from
    ``{(unit_id, month_start): Counter}``: a period's counts are the sums of its months'."""
    figures = []
    by_unit = defaultdict(dict)
    for (unit, month), counts in per_unit_month.items():
        by_unit[unit][month] = counts
    num_key, den_key = metric.counts[0][0], metric.counts[1][0]
    for period in periods:
        months = period.months()
        total = Counter()
        for unit, per_month in by_unit.items():
            counts = Counter()
            for month in months:
                counts.update(per_month.get(month, {}))
            if counts.get(den_key):
                figures.append(Figure(scope, period, counts[num_key], counts[den_key], dict(counts), **{unit_field: unit}))
            total.update(counts)
        figures.append(Figure(COMMONS, period, total.get(num_key, 0), total.get(den_key, 0),
                              {key: total.get(key, 0) for key, _words in metric.counts}))
    return figures


# --- the metrics --------------------------------------------------------------------------------------------------
def compute_continuity(world, metric):
    from caringcity.visits.selectors import rota

    counts = defaultdict(Counter)
    for team_id, month, _total, covered in world.visit_months:
        if covered:
            counts[team_id, month]["done_visits"] += covered
    new_visits = set()
    for team_id, person_id, first in rota.helper_first_visits_for_indicators(world.commons, world.now):
        if not (world.kinds.get((team_id, person_id), set()) & KNOWN_KINDS):
            new_visits.add((team_id, first))
    for team_id, first in new_visits:
        counts[team_id, local_day(first).replace(day=1)]["with_someone_new"] += 1
    for counter in counts.values():
        counter["by_people_they_know"] = counter["done_visits"] - counter["with_someone_new"]
    return _summed(counts, world.all_periods, TEAM, "team_id", metric)


def compute_cover_rate(world, metric):
    counts = {}
    for team_id, month, total, covered in world.visit_months:
        counts[team_id, month] = Counter(with_a_helper=covered, planned_visits=total, without_a_helper=total - covered)
    return _summed(counts, world.all_periods, TEAM, "team_id", metric)


def compute_gifted_share(world, metric):
    from caringcity.teams.models import PAID_KINDS
    from caringcity.visits.selectors import rota

    paid_kinds = {str(kind) for kind in PAID_KINDS}
    seconds = defaultdict(Counter)
    for team_id, person_id, month, _visits, duration in rota.helper_time_for_indicators(world.commons, world.now):
        paid = bool(world.kinds.get((team_id, person_id), set()) & paid_kinds)
        seconds[team_id, month]["paid" if paid else "gifted"] += duration.total_seconds() if duration else 0
    counts = {}
    for unit, secs in seconds.items():
        gifted, paid = secs["gifted"] / 3600, secs["paid"] / 3600
        counts[unit] = Counter(gifted_hours=gifted, all_hours=gifted + paid, paid_hours=paid)
    figures = _summed(counts, world.all_periods, TEAM, "team_id", metric)
    for figure in figures:  # hours to one decimal in what people read (the value keeps every second)
        figure.detail = {key: round(value, 2) for key, value in figure.detail.items()}
    return figures


def compute_time_to_independence(world, metric):
    counts = {}
    for team in world.teams:
        if team["independent_at"] is None:
            continue
        first = min(t for t in (team["created"], team["first_change"]) if t is not None)
        days = max((local_day(team["independent_at"]) - local_day(first)).days, 0)
        counts[team["id"], local_day(team["independent_at"]).replace(day=1)] = Counter(days=days, teams=1)
    return _summed(counts, world.all_periods, TEAM, "team_id", metric)


def compute_decisions_resolved(world, metric):
    from caringcity.circles.models import ProposalStage
    from caringcity.circles.selectors import proposals

    counts = defaultdict(Counter)
    for row in proposals.concern_proposals_for_indicators(world.commons):
        counter = counts[row["circle_id"], local_day(row["first_raised"]).replace(day=1)]
        counter["raised"] += 1
        counter["decided"] += bool(row["decided"])
        counter["still_open"] += not row["decided"] and row["stage"] not in (ProposalStage.WITHDRAWN, ProposalStage.PASSED_UP)
        counter["withdrawn_or_passed_up"] += not row["decided"] and row["stage"] in (ProposalStage.WITHDRAWN, ProposalStage.PASSED_UP)
        counter["concerns"] += row["concerns"]
        counter["objections"] += row["objections"]
    return _summed(counts, world.all_periods, CIRCLE, "circle_id", metric)


def _held_on(day, began, ended):
    return began <= day and (ended is None or ended > day)


def compute_shared_hats(world, metric):
    from caringcity.teams import selectors as teams

    terms = [(team_id, holder_id, starts or local_day(created), local_day(ended_at) if ended_at else None)
             for team_id, holder_id, starts, created, ended_at in teams.hat_terms_for_indicators(world.commons)]
    figures = []
    for period in world.all_periods:
        day = world.moment(period)
        per_team = defaultdict(Counter)
        for team_id, holder_id, began, ended in terms:
            if _held_on(day, began, ended):
                starter = "starter" in world.kinds.get((team_id, holder_id), set())
                per_team[team_id]["hats_worn"] += 1
                per_team[team_id]["by_the_starter" if starter else "by_others"] += 1
        total = Counter()
        for team_id, counts in per_team.items():
            figures.append(Figure(TEAM, period, counts["by_others"], counts["hats_worn"], _ordered(counts, metric), team_id=team_id))
            total.update(counts)
        figures.append(Figure(COMMONS, period, total["by_others"], total["hats_worn"], _ordered(total, metric)))
    return figures


def compute_active_ties(world, metric):
    from caringcity.networks.selectors import community

    actors = community.team_actor_rows_for_indicators(world.commons)
    ties = community.team_ties_for_indicators(world.commons)
    figures = []
    for period in world.all_periods:
        day = world.moment(period)
        on_map = {team_id for team_id, began, ended in actors if _held_on(day, began, ended)}
        per_team = Counter({team_id: 0 for team_id in on_map})
        for s_team, t_team, began, s_began, s_ended, t_began, t_ended in ties:
            if began > day or not _held_on(day, s_began, s_ended) or not _held_on(day, t_began, t_ended):
                continue
            for team_id in {s_team, t_team} - {None}:
                if team_id in on_map:
                    per_team[team_id] += 1
        for team_id, count in per_team.items():
            figures.append(Figure(TEAM, period, count, 1, {"ties": count, "teams": 1}, team_id=team_id))
        total = sum(per_team.values())
        figures.append(Figure(COMMONS, period, total, len(per_team), {"ties": total, "teams": len(per_team)}))
    return figures


def _retained(spans, start, end):
    """(at the start, still there at the end) for spans (unit, began, ended) with dates."""
    at_start, still = Counter(), Counter()
    for unit, began, ended in spans:
        if began is None or not _held_on(start, began, ended):
            continue
        at_start[unit] += 1
        still[unit] += ended is None or ended > end
    return at_start, still


def compute_retention(world, metric):
    from caringcity.circles.selectors import proposals

    team_spans = [(team_id, local_day(joined) if joined else None, local_day(ended) if ended else None)
                  for team_id, _person, kind, joined, ended in world.member_rows if kind != "starter"]
    circle_spans = list(proposals.participant_rows_for_indicators(world.commons))
    circle_spans = [(circle_id, joined, left) for circle_id, _person, joined, left in circle_spans]
    figures = []
    for period in world.all_periods:
        end = world.moment(period)
        at_start, still = _retained(team_spans, period.start, end)
        for team_id, n in at_start.items():
            figures.append(Figure(TEAM, period, still[team_id], n, {"at_start": n, "still_there": still[team_id],
                                                                    "left": n - still[team_id]}, team_id=team_id))
        total, kept = sum(at_start.values()), sum(still.values())
        figures.append(Figure(COMMONS, period, kept, total, {"at_start": total, "still_there": kept, "left": total - kept}))
        c_start, c_still = _retained(circle_spans, period.start, end)
        for circle_id, n in c_start.items():
            figures.append(Figure(CIRCLE, period, c_still[circle_id], n, {"at_start": n, "still_there": c_still[circle_id],
                                                                          "left": n - c_still[circle_id]}, circle_id=circle_id))
    return figures


def _ordered(counts, metric):
    return {key: counts.get(key, 0) for key, _words in metric.counts}


# Numerator first, denominator second in ``counts``; the rest explain the difference.
register(Metric(
    keys.CONTINUITY, _("Continuity of care"),
    _("Of the visits people in care teams had, the share where everyone who came was someone they already knew."),
    _("A visit counts when it was planned, was not cancelled, has ended and at least one person joined it. Someone "
      "is 'already known' if they are family, a friend or a neighbour in the team, or if they had already come on an "
      "earlier visit of the same team. A visit where someone came for the first time counts as 'with someone new'."),
    PERCENT, True, (COMMONS, TEAM),
    _("visits by people they knew"), _("visits that took place"),
    (("by_people_they_know", _("Visits by people they knew")), ("done_visits", _("Visits that took place")),
     ("with_someone_new", _("Visits with someone new"))),
    compute_continuity,
))
register(Metric(
    keys.COVER_RATE, _("Visits that had someone"),
    _("Of the visits on the rota, the share that had at least one person coming."),
    _("Counts every visit on the rota that was not cancelled and has ended. It had someone if at least one person "
      "said they were coming (joined it). Visits still to come are not counted yet."),
    PERCENT, True, (COMMONS, TEAM),
    _("visits with someone"), _("visits on the rota"),
    (("with_a_helper", _("Visits with someone coming")), ("planned_visits", _("Visits on the rota")),
     ("without_a_helper", _("Visits with nobody coming"))),
    compute_cover_rate,
))
register(Metric(
    keys.GIFTED_SHARE, _("Gifted hours against paid hours"),
    _("Of all the hours people gave on visits, the share given freely (not as paid care work)."),
    _("Each person who joined a visit that took place gives the visit's planned length. Hours of people who are in "
      "the team as care workers (employed or self-employed) are paid hours; everyone else's hours (family, friends, "
      "volunteers, peers, professionals, the Team Starter) are gifted hours."),
    PERCENT, True, (COMMONS, TEAM),
    _("gifted hours"), _("all hours"),
    (("gifted_hours", _("Gifted hours")), ("all_hours", _("All hours")), ("paid_hours", _("Paid hours"))),
    compute_gifted_share,
))
register(Metric(
    keys.SHARED_HATS, _("Hats held by people other than the Team Starter"),
    _("Of the hats (team roles) being worn, the share worn by someone other than the Team Starter."),
    _("Counted on the last day of each period (or today). A hat is worn from the day its term starts until it is "
      "handed back. The Team Starter is anyone who has been in the team as its Team Starter."),
    PERCENT, True, (COMMONS, TEAM),
    _("hats worn by others"), _("hats worn"),
    (("by_others", _("Hats worn by others")), ("hats_worn", _("Hats worn")), ("by_the_starter", _("Hats worn by the Team Starter"))),
    compute_shared_hats,
))
register(Metric(
    keys.TIME_TO_INDEPENDENCE, _("Time from first contact to an independent team"),
    _("For teams that started running by themselves in the period, the average number of days since the first contact."),
    _("First contact is the day the team was started on the platform. The team is independent on the first day it "
      "was moved to the stage 'Running by itself'. Each team counts in the month it became independent."),
    DAYS, False, (COMMONS, TEAM),
    _("days, added up"), _("teams that became independent"),
    (("days", _("Days, added up")), ("teams", _("Teams that became independent"))),
    compute_time_to_independence,
))
register(Metric(
    keys.DECISIONS_RESOLVED, _("Concerns and objections worked through"),
    _("Of the proposals where someone raised a concern or an objection, the share that went on to become a decision."),
    _("A proposal counts in the month someone first answered its consent round with a concern or an objection. It "
      "is worked through when the circle made a decision from it. Proposals still open, withdrawn or passed up are "
      "not (yet) worked through."),
    PERCENT, True, (COMMONS, CIRCLE),
    _("proposals decided"), _("proposals with concerns or objections"),
    (("decided", _("Became a decision")), ("raised", _("Proposals with a concern or objection")),
     ("still_open", _("Still open")), ("withdrawn_or_passed_up", _("Withdrawn or passed up")),
     ("concerns", _("Concerns raised")), ("objections", _("Objections raised"))),
    compute_decisions_resolved,
))
register(Metric(
    keys.ACTIVE_TIES, _("Active ties per team"),
    _("How many active ties each care team has on the neighbourhood map: people, groups and places it is in touch with."),
    _("Counted on the last day of each period (or today). A tie is active when the map says it is 'engaged' or "
      "'generative'. The map keeps only how a tie is now, so a tie that is inactive today does not count in earlier "
      "periods either. Only teams that are on the map count."),
    TIES, True, (COMMONS, TEAM),
    _("active ties"), _("teams on the map"),
    (("ties", _("Active ties")), ("teams", _("Teams on the map"))),
    compute_active_ties,
))
register(Metric(
    keys.RETENTION, _("Members who stay"),
    _("Of the people in care teams at the start of the period, the share still there at its end."),
    _("A person is in a team from the day they joined (or started a trial) until the day they left. The Team "
      "Starter is left out: stepping back is their job. For a circle, its participants are counted the same way."),
    PERCENT, True, (COMMONS, TEAM, CIRCLE),
    _("still there at the end"), _("there at the start"),
    (("still_there", _("Still there at the end")), ("at_start", _("There at the start")), ("left", _("Left"))),
    compute_retention,
))


def compute(commons, now=None, metrics=None):
    """Every figure of ``commons`` as unsaved ``IndicatorValue`` rows (numerator, denominator and the
    counts behind each in ``detail``). A fixed number of queries, whatever the size of the commons."""
    world = World(commons, now)
    rows = []
    for metric in metrics or all_metrics():
        for figure in metric.compute(world, metric):
            rows.append(IndicatorValue(
                commons=commons, metric=metric.key, scope=figure.scope, team_id=figure.team_id, circle_id=figure.circle_id,
                period_start=figure.period.start, period_end=figure.period.end,
                value=metric.value(figure.numerator, figure.denominator),
                numerator=figure.numerator, denominator=figure.denominator, detail=figure.detail, computed_at=world.now,
            ))
    return rows
