"""Reads for concerns. ``concerns_visible_to`` is the queryset twin of the ``visits.view_concern``
rule (``can_view_concern``); a test holds them in agreement.

Who may see a concern: the person who raised it (while they are still in the team), the team's
Safeguarding Lead (a held hat), and organisers of the commons (they stand in for the coach until
circles exist). Not the whole team, and not the owner unless they raised it: a safeguarding
concern may be about someone in the team."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from caringcity.people import selectors as people
from caringcity.people.models import Proxy
from caringcity.teams.models import CURRENT_STATUSES, HatKind, HatTerm, TeamMember, TermStatus
from caringcity.visits.access import record_standing
from caringcity.visits.models import Concern, ConcernKind, ConcernStep

TREND_MONTHS = 6


def concerns_visible_to(user, commons):
    membership = people.membership_of(user, commons)
    if membership is None:
        return Concern.objects.none()
    concerns = Concern.objects.filter(commons=commons)
    if membership.is_organiser:
        return concerns
    me = membership.person
    lead = HatTerm.objects.filter(hat__team=OuterRef("team"), hat__kind=HatKind.SAFEGUARDING_LEAD, holder=me, status=TermStatus.HELD)
    # The raiser must still be in the team: the owner, their proxy, the Team Starter or a current member.
    member = TeamMember.objects.filter(team=OuterRef("team"), person=me, status__in=CURRENT_STATUSES)
    proxied = Proxy.objects.current().filter(commons=commons, proxy=me, principal=OuterRef("team__owner"))
    in_team = Q(team__owner=me) | Exists(member) | Exists(proxied)
    # Hats are only worn by people in the team (hat holders who leave lose the hat).
    return concerns.filter((Exists(lead) | Q(raised_by=me)) & in_team)


def can_view_concern(user, concern):
    st = record_standing(user, concern.team)
    if st.person is None:
        return False
    if st.is_organiser:
        return True
    if not st.in_team:
        return False
    return st.is_safeguarding_lead or concern.raised_by_id == st.person.pk


def can_handle_concern(user, concern):
    """Move it on, review it: the team's Safeguarding Lead and organisers."""
    st = record_standing(user, concern.team)
    return st.is_organiser or (st.in_team and st.is_safeguarding_lead)


def _listed(qs):
    return qs.select_related("team", "raised_by", "acting_for").order_by("-created", "-pk")


def team_concerns(user, team):
    return _listed(concerns_visible_to(user, team.commons).filter(team=team))


def open_concerns(user, commons):
    return _listed(concerns_visible_to(user, commons).open())


def review_due(user, commons, today=None):
    """Open concerns whose monthly review is due (or overdue), soonest first."""
    today = today or timezone.localdate()
    return (concerns_visible_to(user, commons).open().filter(next_review__lte=today)
            .select_related("team", "raised_by").order_by("next_review", "pk"))


def is_lead_in_commons(user, commons):
    person = people.person_for_user(user)
    if person is None:
        return False
    return HatTerm.objects.filter(hat__team__commons=commons, hat__kind=HatKind.SAFEGUARDING_LEAD, holder=person,
                                  status=TermStatus.HELD).exists()


def access_concern(user, commons, concern_uuid):
    concern = (Concern.objects.filter(commons=commons, uuid=concern_uuid)
               .select_related("team", "team__owner", "team__commons", "raised_by", "acting_for").first())
    if concern is None or not can_view_concern(user, concern):
        raise Http404
    return concern


def steps(concern):
    return ConcernStep.objects.filter(concern=concern).select_related("by", "acting_for").order_by("created", "pk")


def _month_starts(today, months):
    first = today.replace(day=1)
    result = []
    for _i in range(months):
        result.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    return list(reversed(result))


def trend_counts(commons, months=TREND_MONTHS, today=None):
    """Concerns raised in the commons by kind and month over the last ``months`` months, in one
    query: {"months": [date], "rows": [(kind, label, [count per month], total)], "totals": [...], "max": n}.
    Counts only: no team, no person."""
    today = today or timezone.localdate()
    month_list = _month_starts(today, months)
    start = timezone.make_aware(timezone.datetime.combine(month_list[0], timezone.datetime.min.time()))
    counts = {}
    rows = (Concern.objects.filter(commons=commons, created__gte=start)
            .annotate(month=TruncMonth("created", tzinfo=timezone.get_current_timezone()))
            .values("month", "kind").annotate(n=Count("id")).order_by())
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        counts[(date(month.year, month.month, 1), row["kind"])] = row["n"]
    table = []
    for kind, label in ConcernKind.choices:
        values = [counts.get((m, kind), 0) for m in month_list]
        table.append((kind, label, values, sum(values)))
    totals = [sum(r[2][i] for r in table) for i in range(len(month_list))]
    biggest = max([v for r in table for v in r[2]] + [1])
    return {"months": month_list, "rows": table, "totals": totals, "max": biggest, "total": sum(totals)}


def trend_chart(trends):
    """Geometry for the server-side SVG: one row of bars per kind, one bar per month."""
    bar_w, gap, label_w, row_h, top = 48, 12, 150, 56, 30
    max_bar = row_h - 22
    rows = []
    for r, (kind, label, values, total) in enumerate(trends["rows"]):
        y0 = top + r * row_h
        bars = []
        for i, value in enumerate(values):
            h = round(max_bar * value / trends["max"]) if value else 0
            x = label_w + i * (bar_w + gap)
            bars.append({"x": x, "y": y0 + max_bar - h, "w": bar_w, "h": h, "value": value,
                         "text_x": x + bar_w // 2, "text_y": y0 + max_bar - h - 4 if h else y0 + max_bar - 4})
        rows.append({"label": label, "y": y0 + max_bar // 2 + 5, "base": y0 + max_bar, "bars": bars})
    width = label_w + len(trends["months"]) * (bar_w + gap)
    height = top + len(rows) * row_h + 10
    months = [{"x": label_w + i * (bar_w + gap) + bar_w // 2, "date": m} for i, m in enumerate(trends["months"])]
    return {"width": width, "height": height, "rows": rows, "months": months, "month_y": 18, "label_w": label_w}
