"""Demo lab, events part (fills in ctx["lab"]["events"]): a past workshop on care hubs that starts
that policy's influence trail (14 people came and shared something about themselves; vouchers and
travel expenses from a fictional funder), a small partnership meeting (4 people: nothing shown about
who they were), an upcoming public workshop with sign-ups and their access needs (and a Clapton circle's
proposal it talks about, when the circles demo is there), and the figures for
the communities affected typed in by the organiser with their source. Everyone is fictional."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from caringcity.lab.models import Benchmark, Event, Payment, Registration
from caringcity.people.models import Organisation

LONDON = ZoneInfo("Europe/London")

# (name, kind of group, group key or None, characteristics) — 14 who came, 2 who did not.
WORKSHOP_PEOPLE = [
    ("Abena Mensah", "grassroots", "clapton_commons", {"age": "45_64", "ethnic_group": "black", "carer": "yes", "disability": "no", "local": "yes"}),
    ("Tomasz Nowak", "grassroots", "tenants", {"age": "25_44", "ethnic_group": "white", "carer": "no", "disability": "yes", "local": "yes"}),
    ("Shirin Begum", "resident", None, {"age": "25_44", "ethnic_group": "asian", "carer": "yes", "disability": "no", "local": "yes"}),
    ("Delroy Campbell", "resident", None, {"age": "65_plus", "ethnic_group": "black", "carer": "no", "disability": "yes", "local": "yes"}),
    ("Hannah Fischer", "food_hub", "food_hub", {"age": "45_64", "ethnic_group": "white", "carer": "no", "disability": "no", "local": "yes"}),
    ("Grace Okafor", "grassroots", "clapton_commons", {"age": "45_64", "ethnic_group": "black", "carer": "yes", "local": "yes"}),
    ("Mehmet Yilmaz", "market", "market_traders", {"age": "45_64", "ethnic_group": "white", "carer": "no", "disability": "no", "local": "no"}),
    ("Ruth Adeyemi", "resident", None, {"age": "65_plus", "ethnic_group": "black", "carer": "yes", "disability": "yes", "local": "yes"}),
    ("Lily Chen", "statutory", "council", {"age": "25_44", "ethnic_group": "asian", "carer": "no", "disability": "no", "local": "no"}),
    ("Joe Barker", "resident", None, {"age": "65_plus", "ethnic_group": "white", "carer": "yes", "disability": "yes", "local": "yes"}),
    ("Marcia Brown", "grassroots", "tenants", {"age": "45_64", "ethnic_group": "black", "carer": "no", "disability": "yes", "local": "yes"}),
    ("Sade Williams", "resident", None, {"age": "25_44", "ethnic_group": "mixed", "carer": "no", "disability": "no", "local": "yes"}),
    ("Ian Murphy", "statutory", "health", {"age": "45_64", "ethnic_group": "white", "carer": "no", "disability": "no", "local": "no"}),
    ("Kwame Asante", "grassroots", "clapton_commons", {"age": "25_44", "ethnic_group": "black", "carer": "yes", "local": "no"}),
]
WORKSHOP_ABSENT = [("Nadia Rahman", "resident", None, {}), ("Paul Evans", "grassroots", "food_hub", {})]

MEETING_PEOPLE = [("Amina Yusuf", "grassroots", "clapton_commons", {"age": "45_64", "ethnic_group": "black", "carer": "yes"}),
                  ("Lily Chen", "statutory", "council", {"age": "25_44", "ethnic_group": "asian"}),
                  ("Ian Murphy", "statutory", "health", {"age": "45_64", "ethnic_group": "white"}),
                  ("Dr Ellen Park", "charity", "university", {"age": "45_64"})]

# (name, email, phone, kind, group, needs)
UPCOMING_PEOPLE = [
    ("Farida Khatun", "", "07700 900101", "resident", None, {"interpreter": "Bengali", "childcare": 2}),
    ("Daniel Okoro", "daniel@example.org", "", "resident", None, {"bsl": True}),
    ("Beatrice Hall", "bea@example.org", "", "grassroots", "tenants", {"access_needs": "Step-free access: I use a wheelchair."}),
    ("Yusuf Demir", "yusuf@example.org", "", "market", "market_traders", {"dietary": "Halal"}),
    ("Chloe Martin", "chloe@example.org", "", "food_hub", "food_hub", {"dietary": "Vegan"}),
    ("Winston Clarke", "", "07700 900102", "resident", None, {"access_needs": "A seat near the door, please."}),
    ("Lily Chen", "lily@example.org", "", "statutory", "council", {}),
]

# (characteristic, value, share, source). Only carers are confirmed from the published Census 2021
# figure for Hackney; the rest are clearly marked as made up for the demo.
ILLUSTRATIVE = "Illustrative figure for the demo, not from the Census: replace it with Census 2021 (ONS) for your area"
BENCHMARKS = [
    ("carer", "yes", "7.6", "Census 2021, Hackney: 7.6% give unpaid care (Hackney Council, Knowing our communities)"),
    ("carer", "no", "92.4", "Census 2021, Hackney: worked out from 7.6% who give unpaid care"),
    ("ethnic_group", "black", "21.0", "Hackney Council, Knowing our communities: about 21% Black or Black British"),
    ("ethnic_group", "white", "53.0", ILLUSTRATIVE),
    ("ethnic_group", "asian", "10.0", ILLUSTRATIVE),
    ("ethnic_group", "mixed", "7.0", ILLUSTRATIVE),
    ("ethnic_group", "other", "9.0", ILLUSTRATIVE),
]


def _at(year, month, day, hour, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _event(network, title, **fields):
    event, _created = Event.objects.update_or_create(commons=network, title=title, defaults=fields)
    return event


def _register(event, groups, name, kind, group, characteristics=None, **fields):
    fields.setdefault("email", "")
    registration, _created = Registration.objects.update_or_create(
        event=event, name=name, walk_in=False,
        defaults={"organisation": groups.get(group) if group else None, "organisation_kind": kind,
                  "characteristics": characteristics or {}, **fields})
    return registration


def _clapton_proposal(ctx, title):
    """A proposal of a Clapton circle (when the circles demo made it), to link as talked about."""
    from caringcity.circles.models import Proposal

    clapton = (ctx.get("commons") or {}).get("clapton")
    if clapton is None:
        return None
    return (Proposal.objects.filter(circle__commons=clapton, circle__team__isnull=True, title=title)
            .select_related("circle__commons").first())


def build(ctx):
    lab = ctx["lab"]
    network, groups, people = lab["commons"], lab["groups"], lab["people"]
    policies = lab.get("policies") or {}
    partnerships = lab.get("partnerships") or {}
    organiser = people["organiser"]

    funder, _ = Organisation.objects.update_or_create(
        commons=network, name="Lea Valley Community Fund",
        defaults={"kind": Organisation.Kind.CHARITY, "constituted": True,
                  "description": "A fictional local fund that pays residents for their time in co-production."})

    # 1. The past workshop that started the care hubs policy's trail.
    workshop = _event(
        network, "Care hubs in every neighbourhood", kind=Event.Kind.WORKSHOP,
        summary="An evening to imagine community-led care hubs: what a hub near you should offer, who should run it, "
                "and what we ask the council for.",
        starts_at=_at(2025, 3, 13, 18), ends_at=_at(2025, 3, 13, 20, 30), place="Clapton Community Hall, main room",
        address="12 Lower Clapton Road, London", postcode="E5 0PD", capacity=20, public=True,
        access_info="Step-free entrance from the side gate. Hearing loop in the main room. Accessible toilet. "
                    "Buses 38, 55 and 253 stop outside.",
        notes="Three tables, each drew the hub they want. The council's officer explained how commissioning works.",
        outcomes="Everyone agreed to ask Hackney to fund three pilot care hubs run by local groups.\n"
                 "A working group of five will write the ask by May.")
    if policies.get("care_hubs"):
        workshop.policies.add(policies["care_hubs"])
    taken = _at(2025, 3, 13, 18, 15)
    came = []
    for name, kind, group, chars in WORKSHOP_PEOPLE:
        came.append(_register(workshop, groups, name, kind, group, chars, attended=True, attendance_taken_at=taken))
    for name, kind, group, chars in WORKSHOP_ABSENT:
        _register(workshop, groups, name, kind, group, chars, attended=False, attendance_taken_at=taken)
    residents = [r for r in came if r.organisation_kind == "resident"]
    for registration in residents:
        Payment.objects.update_or_create(
            event=workshop, registration=registration, kind=Payment.Kind.VOUCHER,
            defaults={"amount_pence": 2500, "paid_on": datetime.date(2025, 3, 13), "recipient_label": registration.name,
                      "funder": funder, "grant_reference": "LVCF-2025-014", "note": "Shopping voucher for their time",
                      "recorded_by": organiser})
    for registration, pence in ((came[0], 680), (came[3], 450)):
        Payment.objects.update_or_create(
            event=workshop, registration=registration, kind=Payment.Kind.EXPENSES,
            defaults={"amount_pence": pence, "paid_on": datetime.date(2025, 3, 20), "recipient_label": registration.name,
                      "funder": funder, "grant_reference": "LVCF-2025-014", "note": "Bus and taxi fares",
                      "recorded_by": organiser})

    # 2. A small partnership meeting: 4 people, so nothing is shown about who they were.
    meeting = _event(
        network, "Care pilot partnership: spring meeting", kind=Event.Kind.MEETING,
        summary="The partners of the care pilot meet to review commitments and agree next steps.",
        starts_at=_at(2025, 5, 8, 14), ends_at=_at(2025, 5, 8, 15, 30), place="Homerton Food Hub, back room",
        postcode="E9 6AS", public=True, partnership=next(iter(partnerships.values()), None) if partnerships else None,
        outcomes="The council agreed to bring the care hubs ask to its commissioning board.")
    if policies.get("partnerships"):
        meeting.policies.add(policies["partnerships"])
    for name, kind, group, chars in MEETING_PEOPLE:
        _register(meeting, groups, name, kind, group, chars, attended=True, attendance_taken_at=_at(2025, 5, 8, 14, 5))

    # 3. The upcoming public workshop, with sign-ups and their needs.
    soon = timezone.localtime(timezone.now() + datetime.timedelta(days=21), LONDON).replace(hour=18, minute=0, second=0, microsecond=0)
    upcoming = _event(
        network, "Who cares? Designing the next care hub together", kind=Event.Kind.WORKSHOP,
        summary="Come and help design the next care hub: what it offers, opening times, and how people who use it run it. "
                "Food, childcare and interpreters provided. Residents get a £25 voucher for their time.",
        starts_at=soon, ends_at=soon + datetime.timedelta(hours=2, minutes=30), place="Clapton Community Hall, main room",
        address="12 Lower Clapton Road, London", postcode="E5 0PD", capacity=12, public=True,
        access_info="Step-free entrance from the side gate. Hearing loop. Quiet room upstairs (lift). "
                    "Tell us what you need when you sign up.", cancelled_at=None)
    for key in ("care_hubs", "coproduction"):
        if policies.get(key):
            upcoming.policies.add(policies[key])
    hub_idea = _clapton_proposal(ctx, "Monthly coffee morning at the Lea Bridge hub")
    if hub_idea is not None:
        upcoming.proposals = [f"{hub_idea.circle.commons.slug}:{hub_idea.uuid}"]
        upcoming.save(update_fields=["proposals"])
    for name, email, phone, kind, group, needs in UPCOMING_PEOPLE:
        _register(upcoming, groups, name, kind, group, None, email=email, phone=phone, state=Registration.State.BOOKED, **needs)
    member = people.get("member")
    if member is not None:
        Registration.objects.update_or_create(
            event=upcoming, person=member,
            defaults={"name": member.name, "email": member.email or "", "organisation": groups["clapton_commons"],
                      "organisation_kind": "grassroots", "dietary": "Vegetarian", "characteristics": {"local": "yes"}})

    for characteristic, value, share, source in BENCHMARKS:
        Benchmark.objects.update_or_create(commons=network, characteristic=characteristic, value=value,
                                           defaults={"share": share, "source": source})

    lab["events"] = {"workshop": workshop, "meeting": meeting, "upcoming": upcoming, "funder": funder}
