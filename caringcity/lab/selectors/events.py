"""Reads of the events part (see docs/lab-events.md), each in a fixed number of queries whatever the
data: events, registrations and the needs to plan for, payments and their totals, who was around
the table, the calendar (iCalendar), schema.org Event and the open data."""

import datetime
import uuid as uuid_module
from collections import Counter, OrderedDict
from datetime import timezone as dt_timezone

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.lab import table
from caringcity.lab.access import lab_standing
from caringcity.lab.models import Benchmark, Event, Payment, Policy, Registration
from caringcity.people.models import Organisation

BOOKED, WAITING, CANCELLED = Registration.State.BOOKED, Registration.State.WAITING, Registration.State.CANCELLED


# --- events ---------------------------------------------------------------------------------------

def _with_counts(qs):
    return qs.annotate(booked=Count("registrations", filter=Q(registrations__state=BOOKED), distinct=True),
                       waiting=Count("registrations", filter=Q(registrations__state=WAITING), distinct=True))


def events_for(commons, *, public_only):
    qs = Event.objects.filter(commons=commons)
    if public_only:
        qs = qs.filter(public=True)
    return _with_counts(qs).order_by("-starts_at", "pk")


def events_open_to(user, commons):
    """The queryset twin of ``services.events.may_register``: public events, or all for members."""
    qs = Event.objects.filter(commons=commons)
    return qs if lab_standing(user, commons).is_member else qs.filter(public=True)


def upcoming(commons, *, public_only, limit=3):
    return list(events_for(commons, public_only=public_only).filter(ends_at__gte=timezone.now(), cancelled_at__isnull=True)
                .order_by("starts_at", "pk")[:limit])


def split_events(events):
    """(coming, past) with coming soonest first."""
    now = timezone.now()
    coming = sorted((e for e in events if e.ends_at >= now), key=lambda e: e.starts_at)
    past = [e for e in events if e.ends_at < now]
    return coming, past


def get_event(commons, uuid, *, public_only):
    qs = _with_counts(Event.objects.filter(commons=commons)).select_related("partnership", "project", "campaign", "commons")
    qs = qs.prefetch_related(Prefetch("policies", queryset=Policy.objects.select_related("plan")))
    if public_only:
        qs = qs.filter(public=True)
    try:
        return qs.get(uuid=uuid)
    except (Event.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def places_left(event):
    if event.capacity is None:
        return None
    return max(event.capacity - event.booked, 0)


def my_registration(user, event):
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return None
    return event.registrations.filter(person=person).exclude(state=CANCELLED).first()


def registrations_for(event, *, include_cancelled=False):
    qs = event.registrations.select_related("organisation").order_by("state", "created", "pk")
    if not include_cancelled:
        qs = qs.exclude(state=CANCELLED)
    return list(qs)


def needs_summary(registrations):
    """What to plan for, over those booked: BSL, interpreters by language, childcare, food needs,
    access needs (listed with names, for the organisers only). Never characteristics."""
    booked = [r for r in registrations if r.state == BOOKED]
    languages = Counter(r.interpreter.strip().capitalize() for r in booked if r.interpreter.strip())
    return {
        "booked": len(booked),
        "waiting": sum(1 for r in registrations if r.state == WAITING),
        "bsl": sum(1 for r in booked if r.bsl),
        "interpreters": sorted(languages.items()),
        "children": sum(r.childcare for r in booked),
        "families": sum(1 for r in booked if r.childcare),
        "dietary": [(r.name, r.dietary) for r in booked if r.dietary],
        "access": [(r.name, r.access_needs) for r in booked if r.access_needs],
    }


def organisations_of(commons):
    return Organisation.objects.filter(commons=commons).order_by("name")


# --- circle proposals talked about at an event -------------------------------------------------------

def proposal_choices(user):
    """[(value "commons:uuid", label)] of circle proposals the user may see, in every commons they
    belong to: what an organiser may link to an event as talked about there."""
    from caringcity.circles.models import Proposal
    from caringcity.circles.selectors.visibility import circles_visible_to
    from caringcity.lab.selectors.tracking import member_commons_of

    result = []
    for commons in member_commons_of(user):
        proposals = (Proposal.objects.filter(circle__in=circles_visible_to(user, commons))
                     .select_related("circle").order_by("circle__name", "-created"))
        for proposal in proposals:
            label = _("%(commons)s, %(circle)s: %(title)s") % {
                "commons": commons.name, "circle": proposal.circle.name, "title": proposal.title}
            result.append((f"{commons.slug}:{proposal.uuid}", label))
    return result


def _split_ref(ref):
    slug, _sep, uuid = str(ref).partition(":")
    try:
        return slug, str(uuid_module.UUID(uuid))
    except ValueError:
        return None


def proposals_shown(event, user):
    """The circle proposals talked about at the event that this reader may see, each as a dict with
    its title, circle, stage in words and link. Others are left out without a trace, as circles
    leave out what a reader may not see. A fixed number of queries for each commons involved."""
    from caringcity.circles.models import Proposal
    from caringcity.circles.selectors.proposals import stage_words
    from caringcity.circles.selectors.visibility import circles_visible_to

    refs = [r for r in (_split_ref(ref) for ref in event.proposals or []) if r]
    if not refs or not getattr(user, "is_authenticated", False):
        return []
    found = {str(p.uuid): p for p in Proposal.objects.filter(uuid__in=[u for _slug, u in refs])
             .select_related("circle", "circle__commons")}
    visible, shown = {}, []
    for slug, uuid in refs:
        proposal = found.get(uuid)
        if proposal is None or proposal.circle.commons.slug != slug:
            continue
        commons = proposal.circle.commons
        if commons.pk not in visible:
            visible[commons.pk] = set(circles_visible_to(user, commons).values_list("pk", flat=True))
        if proposal.circle_id in visible[commons.pk]:
            shown.append({"title": proposal.title, "circle": proposal.circle.name, "commons": commons.name,
                          "stage": stage_words(proposal.stage),
                          "url": reverse("circles:proposal_detail", args=[commons.slug, proposal.uuid])})
    return shown


# --- payments -------------------------------------------------------------------------------------

def payments_for(commons, event=None):
    qs = Payment.objects.filter(event__commons=commons).select_related("event", "funder", "registration")
    if event is not None:
        qs = qs.filter(event=event)
    return list(qs.order_by("paid_on", "created", "pk"))


def payment_totals(payments):
    """Totals (in pence) by kind, by event and by funder, and the whole total."""
    labels = dict(Payment.Kind.choices)
    by_kind, by_event, by_funder = OrderedDict(), OrderedDict(), OrderedDict()
    for kind, label in Payment.Kind.choices:
        by_kind[kind] = [label, 0, 0]
    for p in payments:
        by_kind[p.kind][1] += p.amount_pence
        by_kind[p.kind][2] += 1
        by_event.setdefault(p.event.pk, [p.event, 0, 0])
        by_event[p.event.pk][1] += p.amount_pence
        by_event[p.event.pk][2] += 1
        key = p.funder.pk if p.funder_id else None
        by_funder.setdefault(key, [p.funder, 0, 0])
        by_funder[key][1] += p.amount_pence
        by_funder[key][2] += 1
    return {"kinds": [(labels[k], v[1], v[2]) for k, v in by_kind.items() if v[2]],
            "events": list(by_event.values()), "funders": list(by_funder.values()),
            "total": sum(p.amount_pence for p in payments), "count": len(payments)}


# --- who was around the table -----------------------------------------------------------------------

def benchmarks_for(commons):
    return list(Benchmark.objects.filter(commons=commons))


def _events_with_people(qs):
    return list(qs.prefetch_related(Prefetch("registrations", queryset=Registration.objects.exclude(state=CANCELLED)))
                .order_by("starts_at", "pk"))


def event_table(event, benchmarks):
    people, basis = table.took_part(event.registrations.exclude(state=CANCELLED))
    return table.around_the_table(people, benchmarks=benchmarks, basis=basis)


def commons_tables(commons, *, public_only=False):
    """[(event, Table)] for every past (or going) event, newest first, and [(label, Table)] by quarter."""
    benchmarks = benchmarks_for(commons)
    qs = Event.objects.filter(commons=commons, starts_at__lte=timezone.now(), cancelled_at__isnull=True)
    if public_only:
        qs = qs.filter(public=True)
    events = _events_with_people(qs.select_related("partnership"))
    per_event = []
    quarters = OrderedDict()
    for event in events:
        people, basis = table.took_part(event.registrations.all())
        per_event.append((event, table.around_the_table(people, benchmarks=benchmarks, basis=basis)))
        quarters.setdefault(table.quarter_of(timezone.localtime(event.starts_at)), []).append(per_event[-1][1])
    # A quarter adds up its events' own tables only, so it cannot be set against them (table.combine).
    by_quarter = [((year, q), len(tables), table.combine(tables, benchmarks=benchmarks))
                  for (year, q), tables in quarters.items()]
    per_event.reverse()
    return per_event, by_quarter


def partnership_table(partnership):
    """The partnership's events and the table over them, added up from each event's own table."""
    events = _events_with_people(partnership.events.filter(starts_at__lte=timezone.now(), cancelled_at__isnull=True))
    benchmarks = benchmarks_for(partnership.commons)
    tables = []
    for event in events:
        people, basis = table.took_part(event.registrations.all())
        tables.append(table.around_the_table(people, benchmarks=benchmarks, basis=basis))
    return events, table.combine(tables, benchmarks=benchmarks)


# --- the influence trail -----------------------------------------------------------------------------

def trail_steps(policies, public):
    """The trail source "event": events that discussed each policy (public ones only when
    ``public``), with the first line of what came out of them. One query."""
    from caringcity.lab.trail import Step

    if not policies:
        return []
    through = Event.policies.through
    qs = through.objects.filter(policy__in=[p.pk for p in policies], event__cancelled_at__isnull=True).select_related(
        "event", "event__commons")
    if public:
        qs = qs.filter(event__public=True)
    steps = []
    for link in qs:
        event = link.event
        first = next((line.strip() for line in event.outcomes.splitlines() if line.strip()), "")
        name = "lab:public_event" if event.public else "lab:event"
        steps.append(Step(on=timezone.localtime(event.starts_at).date(), kind="event", policy_id=link.policy_id,
                          title=event.title, summary=first, url=reverse(name, args=[event.commons.slug, event.uuid])))
    return steps


# --- iCalendar ---------------------------------------------------------------------------------------

def _utc(moment):
    return moment.astimezone(dt_timezone.utc).replace(microsecond=0)


def event_link(event):
    return settings.SITE_URL + reverse("lab:public_event" if event.public else "lab:event", args=[event.commons.slug, event.uuid])


def ical_event(event, *, now=None):
    """One event as an iCalendar VEVENT: the public facts only (never who signed up)."""
    from icalendar import Event as VEvent

    vevent = VEvent()
    vevent.add("uid", f"lab-event-{event.uuid}@caringcity")
    vevent.add("dtstamp", _utc(now or timezone.now()))
    vevent.add("dtstart", _utc(event.starts_at))
    vevent.add("dtend", _utc(event.ends_at))
    vevent.add("created", _utc(event.created))
    vevent.add("last-modified", _utc(event.updated))
    vevent.add("summary", event.title)
    where = ", ".join(part for part in [event.place, event.address, event.postcode] if part)
    if where or event.online_url:
        vevent.add("location", where or event.online_url)
    lines = [event.summary]
    if event.online_url:
        lines.append(event.online_url)
    if event.access_info:
        lines.append(event.access_info)
    lines.append(event_link(event))
    vevent.add("description", "\n\n".join(lines))
    vevent.add("url", event_link(event))
    vevent.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
    vevent.add("class", "PUBLIC" if event.public else "PRIVATE")
    return vevent


def calendar(events, *, name):
    from icalendar import Calendar

    cal = Calendar()
    cal.add("prodid", "-//Caring City//Lab events//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    now = timezone.now()
    for event in events:
        cal.add_component(ical_event(event, now=now))
    return cal.to_ical()


def person_calendar_events(person, commons, start, end):
    """The calendar source the lab registers: events of ``commons`` ``person`` is booked on."""
    now = timezone.now()
    qs = (Event.objects.filter(commons=commons, registrations__person=person, registrations__state=BOOKED,
                               starts_at__gte=start, starts_at__lt=end).select_related("commons").distinct().order_by("starts_at"))
    return [ical_event(event, now=now) for event in qs]


# --- schema.org Event and open data ---------------------------------------------------------------------

def attendance_mode(event):
    if event.online_url and event.place:
        return "https://schema.org/MixedEventAttendanceMode"
    if event.online_url:
        return "https://schema.org/OnlineEventAttendanceMode"
    return "https://schema.org/OfflineEventAttendanceMode"


def event_jsonld(event):
    """The schema.org Event description put in the public page (``application/ld+json``)."""
    locations = []
    if event.place or event.address:
        address = {"@type": "PostalAddress", "addressCountry": "GB"}
        if event.address:
            address["streetAddress"] = event.address
        if event.postcode:
            address["postalCode"] = event.postcode
        locations.append({"@type": "Place", "name": event.place or event.address, "address": address})
    if event.online_url:
        locations.append({"@type": "VirtualLocation", "url": event.online_url})
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": timezone.localtime(event.starts_at).isoformat(),
        "endDate": timezone.localtime(event.ends_at).isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if event.cancelled_at else "https://schema.org/EventScheduled",
        "eventAttendanceMode": attendance_mode(event),
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": event.commons.name,
                      "url": settings.SITE_URL + reverse("lab:public_home", args=[event.commons.slug])},
        "url": event_link(event),
        "isAccessibleForFree": True,
    }
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


OPEN_COLUMNS = ["id", "title", "kind", "summary", "starts", "ends", "place", "address", "postcode", "online_link",
                "access_information", "places", "cancelled", "policies", "url"]


def open_data(commons):
    """The public events as rows of plain values (no registrations). One query for the events and
    one for their policies."""
    events = list(Event.objects.filter(commons=commons, public=True).select_related("commons")
                  .prefetch_related(Prefetch("policies", queryset=Policy.objects.select_related("plan")))
                  .order_by("starts_at", "pk"))
    rows = []
    for e in events:
        rows.append({
            "id": str(e.uuid), "title": e.title, "kind": e.kind, "summary": e.summary,
            "starts": timezone.localtime(e.starts_at).isoformat(), "ends": timezone.localtime(e.ends_at).isoformat(),
            "place": e.place, "address": e.address, "postcode": e.postcode, "online_link": e.online_url,
            "access_information": e.access_info, "places": e.capacity, "cancelled": bool(e.cancelled_at),
            "policies": [f"{p.plan.slug}/{p.number}" for p in e.policies.all()], "url": event_link(e),
        })
    return rows


def quarter_label(year, quarter):
    months = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}[quarter]
    return datetime.date(year, months[0], 1), datetime.date(year, months[1], 1)
