"""Reads of the indicators part: a metric's definition, stored values, the latest value of a
framework's indicators (platform figures and questionnaire results), and what the "Figures" pages
show. Every page read runs a fixed number of queries, whatever the number of teams or periods.

Who sees what: every member sees the commons' figures and those of the circles they may see
(``circles_visible_to``); team figures only for the teams they may see (``teams_visible_to``:
organisers all teams, a team's owner, their proxy and the team's members their own team)."""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.evaluation import keys, metrics
from caringcity.evaluation.models import IndicatorValue, Method, Refresh, RoundStatus, ScopeKind, SurveyRound

TREND_MONTHS = 12


@dataclass(frozen=True)
class Definition:
    key: str
    name: str
    definition: str
    unit: str
    higher_is_better: bool


@dataclass(frozen=True)
class LatestValue:
    value_text: str
    period_label: str
    url: str


def metric_definition(key):
    """The definition of metric ``key`` (LookupError if unknown)."""
    metric = metrics.get(key)
    return Definition(metric.key, metric.name, metric.definition, metric.unit, metric.higher_is_better)


# --- stored values -------------------------------------------------------------------------------------------
def grain_filter(grain):
    """Keyword filters that keep only months, quarters or years (told apart by their length)."""
    if grain == metrics.MONTH:
        return {"period_end__lt": F("period_start") + datetime.timedelta(days=31)}
    if grain == metrics.QUARTER:
        return {"period_end__gt": F("period_start") + datetime.timedelta(days=31),
                "period_end__lt": F("period_start") + datetime.timedelta(days=100)}
    if grain == metrics.YEAR:
        return {"period_end__gt": F("period_start") + datetime.timedelta(days=100)}
    raise ValueError(grain)


def values_for(commons, metric, *, scope="commons", team=None, circle=None, periods=None):
    """The stored values of ``metric`` for ``commons`` (or one ``team``/``circle``), oldest first.
    ``periods``: None (every period), "month", "quarter" or "year", or a list of (start, end)."""
    qs = IndicatorValue.objects.filter(commons=commons, metric=metric, scope=scope)
    if scope == ScopeKind.TEAM and team is not None:
        qs = qs.filter(team=team)
    if scope == ScopeKind.CIRCLE and circle is not None:
        qs = qs.filter(circle=circle)
    if isinstance(periods, str):
        qs = qs.filter(**grain_filter(periods))
    elif periods is not None:
        from django.db.models import Q

        wanted = Q(pk__in=[])
        for start, end in periods:
            wanted |= Q(period_start=start, period_end=end)
        qs = qs.filter(wanted)
    return list(qs.order_by("period_start", "period_end", "pk"))


def _latest_by_metric(commons, metric_keys):
    """{metric key: the latest monthly commons value that has a figure} (one query)."""
    rows = (IndicatorValue.objects.filter(commons=commons, scope=ScopeKind.COMMONS, metric__in=metric_keys,
                                          value__isnull=False, **grain_filter(metrics.MONTH))
            .order_by("metric", "-period_start"))
    latest = {}
    for row in rows:
        latest.setdefault(row.metric, row)
    return latest


def metric_url(commons, key):
    return reverse("evaluation:indicator", args=[commons.slug, key])


def _period_label(value):
    return str(metrics.period_of(value.period_start, value.period_end).label)


def latest_values(commons, indicators):
    """{indicator.pk: LatestValue} for a framework's indicators: platform figures from the stored
    values, questionnaire measures from the latest round whose results the whole commons may see
    (through the results part). Other methods (interviews, mapping, workshops) map to None."""
    indicators = list(indicators)
    wanted = {i.measure_key for i in indicators if i.method == Method.METRIC and i.measure_key in metrics.REGISTRY}
    latest = _latest_by_metric(commons, wanted) if wanted else {}
    surveys = [i for i in indicators if i.method == Method.SURVEY]
    rounds = _rounds_everyone_sees(commons) if surveys else []
    summaries = {}
    result = {}
    for indicator in indicators:
        if indicator.method == Method.METRIC and indicator.measure_key in metrics.REGISTRY:
            metric = metrics.get(indicator.measure_key)
            row = latest.get(metric.key)
            url = metric_url(commons, metric.key)
            if row is None:
                result[indicator.pk] = LatestValue(_("No figure yet"), "", url)
            else:
                result[indicator.pk] = LatestValue(str(metric.value_text(row.value)), _period_label(row), url)
        elif indicator.method == Method.SURVEY:
            result[indicator.pk] = _survey_value(commons, indicator, rounds, summaries)
        else:
            result[indicator.pk] = None
    return result


def _rounds_everyone_sees(commons, now=None):
    """Closed rounds whose results the whole commons may see now (after the first look), newest first."""
    now = now or timezone.now()
    rounds = SurveyRound.objects.filter(commons=commons, status=RoundStatus.CLOSED, results_to_respondents__isnull=False)
    return sorted((r for r in rounds if r.results_to_respondents + datetime.timedelta(days=r.first_look_days) <= now),
                  key=lambda r: (r.closes_on, r.results_to_respondents), reverse=True)


def _survey_value(commons, indicator, rounds, summaries):
    none_yet = LatestValue(_("No figure yet"), "", "")
    survey_round = next((r for r in rounds if indicator.instrument_key in (r.instruments or [])), None)
    if survey_round is None:
        return none_yet
    try:
        from caringcity.evaluation.selectors.results import round_summary
    except ImportError:  # until the results part lands
        return none_yet
    if survey_round.pk not in summaries:
        summaries[survey_round.pk] = round_summary(survey_round)
    summary = summaries[survey_round.pk]
    instrument = summary.instrument(indicator.instrument_key) if hasattr(summary, "instrument") else None
    measure = next((m for m in getattr(instrument, "measures", []) if m.key == indicator.measure_key), None)
    url = _round_url(commons, survey_round)
    if measure is None:
        return LatestValue(_("No figure yet"), survey_round.name, url)
    if getattr(measure, "too_few", False):
        return LatestValue(_("Too few answers to show"), survey_round.name, url)
    if getattr(measure, "mean", None) is None:
        return LatestValue(_("See the results"), survey_round.name, url)
    return LatestValue(_("Average %(n)s (%(count)s answers)") % {"n": metrics._number(measure.mean, 1), "count": measure.n},
                       survey_round.name, url)


def _round_url(commons, survey_round):
    from django.urls import NoReverseMatch

    for name in ("evaluation:round_results", "evaluation:results_round", "evaluation:round"):
        try:
            return reverse(name, args=[commons.slug, survey_round.uuid])
        except NoReverseMatch:
            continue
    return ""


# --- refreshes --------------------------------------------------------------------------------------------
def last_refresh(commons):
    """The latest finished refresh, and any refresh still waiting or running (two at most; one query)."""
    rows = list(Refresh.objects.filter(commons=commons).order_by("-created")[:10])
    done = next((r for r in rows if r.status == Refresh.Status.DONE), None)
    pending = next((r for r in rows if r.status in (Refresh.Status.WAITING, Refresh.Status.RUNNING)
                    and (done is None or r.created > done.created)), None)
    return done, pending


# --- the trend, drawn on the server ------------------------------------------------------------------------
def trend(metric, values, *, width=320, height=90):
    """Geometry of a small line chart of ``values`` (oldest first): points and labels. Percent figures
    are drawn from 0 to 100, others from 0 to their highest value."""
    shown = [v for v in values if v.value is not None]
    top = 100.0 if metric.unit == metrics.PERCENT else max((v.value for v in shown), default=0) or 1.0
    pad, n = 8, len(values)
    step = (width - 2 * pad) / max(n - 1, 1)
    points = []
    for i, v in enumerate(values):
        if v.value is None:
            continue
        x = pad + i * step
        y = pad + (height - 2 * pad) * (1 - min(v.value, top) / top)
        points.append({"x": round(x, 1), "y": round(y, 1)})
    rows = [{"label": _period_label(v), "text": str(metric.value_text(v.value)),
             "numerator": v.numerator, "denominator": v.denominator} for v in values]
    first = next((r for r, v in zip(rows, values) if v.value is not None), None)
    last = next((r for r, v in zip(reversed(rows), reversed(values)) if v.value is not None), None)
    if first and last:
        desc = _("From %(first)s in %(from)s to %(last)s in %(to)s.") % {
            "first": first["text"], "from": first["label"], "last": last["text"], "to": last["label"]}
    else:
        desc = _("Nothing to count yet.")
    return {"width": width, "height": height, "points": points,
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "rows": rows, "desc": desc,
            "baseline_y": height - pad, "pad": pad}


# --- pages ---------------------------------------------------------------------------------------------------
def _visible_units(user, commons):
    from caringcity.circles.selectors.visibility import circles_visible_to
    from caringcity.teams.selectors import teams_visible_to

    teams = list(teams_visible_to(user, commons).order_by("name", "pk").values("id", "uuid", "name"))
    circles = list(circles_visible_to(user, commons).order_by("name", "pk").values("id", "uuid", "name"))
    return teams, circles


def _number_text(value):
    if value is None:
        return ""
    return metrics._number(value, 1)


def describe_value(metric, value):
    """'12 of 15 visits that took place' style words for a stored value."""
    if value is None or value.denominator in (None, 0):
        return ""
    return _("%(num)s %(num_words)s, out of %(den)s %(den_words)s") % {
        "num": _number_text(value.numerator), "num_words": metric.numerator,
        "den": _number_text(value.denominator), "den_words": metric.denominator}


def figures_page(user, commons):
    """Everything the "Figures" tab shows, in a fixed number of queries."""
    all_metrics = metrics.all_metrics()
    months = (IndicatorValue.objects.filter(commons=commons, scope=ScopeKind.COMMONS, **grain_filter(metrics.MONTH))
              .order_by("period_start"))
    by_metric = {m.key: [] for m in all_metrics}
    for row in months:
        by_metric.setdefault(row.metric, []).append(row)
    cards, latest_start = [], {}
    for metric in all_metrics:
        series = by_metric[metric.key][-TREND_MONTHS:]
        latest = next((v for v in reversed(by_metric[metric.key]) if v.value is not None), None)
        if latest is not None:
            latest_start[metric.key] = latest.period_start
        cards.append({"metric": metric, "latest": latest, "latest_text": metric.value_text(latest.value) if latest else "",
                      "latest_label": _period_label(latest) if latest else "", "words": describe_value(metric, latest),
                      "trend": trend(metric, series), "url": metric_url(commons, metric.key)})
    teams, circles = _visible_units(user, commons)
    team_metrics = [m for m in all_metrics if metrics.TEAM in m.scopes]
    circle_metrics = [m for m in all_metrics if metrics.CIRCLE in m.scopes]
    team_table = _breakdown(commons, ScopeKind.TEAM, "team_id", teams, team_metrics, latest_start)
    circle_table = _breakdown(commons, ScopeKind.CIRCLE, "circle_id", circles, circle_metrics, latest_start)
    done, pending = last_refresh(commons)
    return {"cards": cards, "team_metrics": team_metrics, "circle_metrics": circle_metrics,
            "team_rows": team_table, "circle_rows": circle_table, "refresh": done, "pending": pending}


def _breakdown(commons, scope, field, units, metric_list, latest_start):
    """Rows (unit, [(metric, value text, period label)]) for the month each metric was last counted in."""
    if not units or not metric_list:
        return []
    starts = {latest_start[m.key] for m in metric_list if m.key in latest_start}
    found = {}
    if starts:
        rows = (IndicatorValue.objects.filter(commons=commons, scope=scope, metric__in=[m.key for m in metric_list],
                                              period_start__in=starts, **{f"{field}__in": [u["id"] for u in units]},
                                              **grain_filter(metrics.MONTH))
                .values_list(field, "metric", "period_start", "value", "numerator", "denominator"))
        for unit_id, key, start, value, num, den in rows:
            if latest_start.get(key) == start:
                found[unit_id, key] = (value, num, den)
    table = []
    for unit in units:
        cells = []
        for metric in metric_list:
            value, num, den = found.get((unit["id"], metric.key), (None, None, None))
            cells.append({"metric": metric, "text": metric.value_text(value) if den else _("Nothing to count"),
                          "counts": _("%(num)s of %(den)s") % {"num": _number_text(num), "den": _number_text(den)}
                          if den and metric.unit != metrics.DAYS and metric.unit != metrics.TIES else ""})
        table.append({"unit": unit, "cells": cells})
    return table


def metric_page(user, commons, metric, *, grain=metrics.MONTH, team_uuid=None, circle_uuid=None):
    """One metric's page: its periods for the commons, or one team or circle the user may see.
    Raises LookupError when the team or circle is not one the user may see (the view answers 404)."""
    teams, circles = _visible_units(user, commons)
    scope, unit, unit_label = ScopeKind.COMMONS, None, commons.name
    if team_uuid:
        unit = next((t for t in teams if str(t["uuid"]) == str(team_uuid)), None)
        if unit is None or metrics.TEAM not in metric.scopes:
            raise LookupError(team_uuid)
        scope, unit_label = ScopeKind.TEAM, unit["name"]
    elif circle_uuid:
        unit = next((c for c in circles if str(c["uuid"]) == str(circle_uuid)), None)
        if unit is None or metrics.CIRCLE not in metric.scopes:
            raise LookupError(circle_uuid)
        scope, unit_label = ScopeKind.CIRCLE, unit["name"]
    qs = IndicatorValue.objects.filter(commons=commons, metric=metric.key, scope=scope, **grain_filter(grain))
    if scope == ScopeKind.TEAM:
        qs = qs.filter(team_id=unit["id"])
    elif scope == ScopeKind.CIRCLE:
        qs = qs.filter(circle_id=unit["id"])
    values = list(qs.order_by("period_start"))
    rows = []
    for v in reversed(values):
        rows.append({"label": _period_label(v), "text": metric.value_text(v.value) if v.denominator else _("Nothing to count"),
                     "numerator": _number_text(v.numerator), "denominator": _number_text(v.denominator),
                     "counts": [(words, _number_text(v.detail.get(key))) for key, words in metric.counts[2:]]})
    done, pending = last_refresh(commons)
    return {"metric": metric, "values": values, "rows": rows, "trend": trend(metric, values[-TREND_MONTHS:]),
            "unit_label": unit_label, "scope": scope, "teams": teams if metrics.TEAM in metric.scopes else [],
            "circles": circles if metrics.CIRCLE in metric.scopes else [], "extra_counts": [w for _k, w in metric.counts[2:]],
            "refresh": done, "pending": pending}


def home_figures(commons, how_many=3):
    """The first few figures for the landing page (one query)."""
    chosen = [keys.CONTINUITY, keys.COVER_RATE, keys.GIFTED_SHARE][:how_many]
    latest = _latest_by_metric(commons, chosen)
    out = []
    for key in chosen:
        metric, row = metrics.get(key), latest.get(key)
        if row is not None:
            out.append({"metric": metric, "text": metric.value_text(row.value), "label": _period_label(row),
                        "url": metric_url(commons, key)})
    return out
