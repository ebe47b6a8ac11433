"""Demo circles of Clapton Care Commons: the members' circle, the general circle and two local
circles, with their people, hats worn with back-stops (and older terms, so hats can be seen to
rotate), and the four care teams hanging under the local circles as team circles.

Fictional people only. Safe to run again: everything is found before it is made. Circles, people
and team circles are made through the services; hats are written directly, as if chosen before
the commons used the platform (a nomination waiting for consent is made by the proposals demo).
Stores ``ctx["circles"]`` ({"members", "general", "north", "park"}) and ``ctx["team_circles"]``."""

from datetime import timedelta

from django.utils import timezone

from caringcity.circles.models import Circle, CircleHatKind, CircleHatTerm, CircleKind, Participant, ParticipantKind, Stakeholder, TermStatus
from caringcity.circles.services import structure as services
from caringcity.people.models import Membership, OrganisationMembership, Person

H = CircleHatKind
FULL, LEARNING, GUEST = ParticipantKind.FULL, ParticipantKind.LEARNING, ParticipantKind.GUEST
S = Stakeholder

CIRCLES = {
    "members": ("Members' circle", CircleKind.MEMBERS, None,
                "Everyone in Clapton Care Commons, together: we look after the commons' aim and values and choose how it grows.",
                ["The commons' aim and values", "Who can join the commons", "Opening or closing circles"],
                "Hold two open meetings a year in the Lea Bridge Community Hub, with an interpreter for Bengali and Turkish."),
    "general": ("General circle", CircleKind.GENERAL, "members",
                "Keep the local circles working together, so every care team in Clapton is safe, supported and growing.",
                ["Local circles and how they work together", "The commons' budget", "Policies for all teams", "Training"],
                "Train two more facilitators this year. Share what the local circles learn each season."),
    "north": ("Clapton North local circle", CircleKind.LOCAL, "general",
              "Start and support care teams north of the Lea Bridge Road, and welcome the people who join them.",
              ["Starting and ending care teams in the area", "Welcoming and training local volunteers",
               "Spending the local budget (up to £500 a year)", "Local events"],
              "Start one new care team by the summer. Make every meeting possible to join by phone."),
    "park": ("Clapton Park local circle", CircleKind.LOCAL, "general",
             "Start and support care teams around Clapton Park, in the languages people speak at home.",
             ["Starting and ending care teams in the area", "Welcoming and training local volunteers",
              "Spending the local budget (up to £500 a year)", "Local events"],
             "Find two Bengali-speaking volunteers. Hold a summer picnic in the park for all the teams."),
}

# What people are here as, by demo key (everyone else in the commons: volunteer).
STAKEHOLDER = {
    "paper": S.SUPPORTED, "doreen": S.SUPPORTED, "gloria": S.SUPPORTED, "hamid": S.SUPPORTED, "stan": S.SUPPORTED,
    "proxy": S.FAMILY, "bengali": S.FAMILY,
    "organiser": S.WORKER, "worker_ayse": S.WORKER, "worker_rahim": S.WORKER, "ayo": S.WORKER,
    "mark": S.PARTNER, "priya": S.PARTNER,
}

# circle -> [(person key, how they take part, here as)]
PEOPLE = {
    "general": [("admin", FULL, S.VOLUNTEER), ("organiser", FULL, S.WORKER), ("worker_ayse", FULL, S.WORKER),
                ("gloria", FULL, S.SUPPORTED), ("ayo", FULL, S.WORKER), ("member", FULL, S.VOLUNTEER), ("worker_rahim", FULL, S.WORKER)],
    "north": [("organiser", FULL, S.WORKER), ("member", FULL, S.VOLUNTEER), ("ayo", FULL, S.WORKER), ("proxy", FULL, S.FAMILY),
              ("doreen", FULL, S.SUPPORTED), ("paper", FULL, S.SUPPORTED), ("zeynep", LEARNING, S.VOLUNTEER), ("priya", GUEST, S.PARTNER)],
    "park": [("admin", FULL, S.VOLUNTEER), ("worker_rahim", FULL, S.WORKER), ("gloria", FULL, S.SUPPORTED), ("bengali", FULL, S.FAMILY),
             ("worker_ayse", FULL, S.WORKER), ("stan", FULL, S.SUPPORTED)],
}

# circle -> [(hat, holder, back-stop, review in days from today)]: hats worn now
HATS = {
    "members": [(H.LEADER, "admin", "organiser", 40), (H.FACILITATOR, "organiser", "member", 70), (H.SECRETARY, "member", "proxy", 60)],
    "general": [(H.LEADER, "admin", "organiser", 45), (H.FACILITATOR, "organiser", "worker_ayse", 45),
                (H.SECRETARY, "worker_ayse", "gloria", 90), (H.SAFEGUARDING, "ayo", "worker_ayse", 30)],
    "north": [(H.LEADER, "organiser", "ayo", 50), (H.DELEGATE, "member", "proxy", 50), (H.FACILITATOR, "ayo", "member", -3),
              (H.SECRETARY, "proxy", "ayo", 80), (H.WELCOMING, "zeynep", "member", 60)],
    "park": [(H.LEADER, "admin", "bengali", 35), (H.DELEGATE, "worker_rahim", "worker_ayse", 35),
             (H.FACILITATOR, "gloria", "admin", 75), (H.SECRETARY, "bengali", "worker_ayse", 75)],
}

# circle -> [(hat, holder, back-stop, started days ago, ended days ago, note)]: terms that ended
ENDED = {
    "members": [(H.SECRETARY, "organiser", "member", 515, 151, "Handed over to Rosa.")],
    "general": [(H.FACILITATOR, "admin", "organiser", 515, 151, "Handed over to Kemal.")],
    "north": [(H.FACILITATOR, "member", "ayo", 515, 151, "Handed over to Ayo."),
              (H.WELCOMING, "doreen", "member", 420, 230, "Handed back early: Doreen wanted more time with her grandchildren.")],
    "park": [(H.SECRETARY, "worker_ayse", "bengali", 515, 151, "Handed over to Nasreen.")],
}

TEAM_PARENTS = {"arthur": "north", "doreen": "north", "gloria": "park", "hamid": "park"}


def _priya(ctx, commons):
    """Priya Shah: a partner from a local charity, no login, a guest of Clapton North."""
    person = Person.objects.filter(name="Priya Shah").first() or Person(name="Priya Shah")
    person.preferred_name, person.pronouns, person.languages = "Priya", "she/her", "English, Gujarati"
    person.phone, person.postcode = "020 7946 0155", "E5 0LL"
    person.save()
    Membership.objects.update_or_create(commons=commons, person=person,
                                        defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE})
    hub = ctx.get("organisations", {}).get("Lea Bridge Community Hub")
    if hub is not None:
        OrganisationMembership.objects.get_or_create(organisation=hub, person=person, defaults={"role": "partnerships worker"})
    return person


def _circle(actor, commons, key, parent):
    name, kind, _parent_key, aim, domain, plan = CIRCLES[key]
    circle = Circle.objects.open().filter(commons=commons, name=name).first()
    if circle is None:
        circle = services.circle_create(actor=actor, commons=commons, parent=parent, kind=kind, name=name, aim=aim, domain="\n".join(domain))
    if not circle.development_plan:
        services.circle_change(actor=actor, circle=circle, aim=circle.aim, domain=circle.domain, development_plan=plan)
    return circle


def _join(actor, circle, person, kind, stakeholder):
    if not Participant.objects.current().filter(circle=circle, person=person).exists():
        services.participant_add(actor=actor, circle=circle, person=person, kind=kind, stakeholder=stakeholder)


def _hat(circle, kind, holder, backstop, *, status, starts, ends, review_on, ended_at=None, note=""):
    CircleHatTerm.objects.get_or_create(
        circle=circle, kind=kind, holder=holder, status=status,
        defaults={"backstop": backstop, "starts": starts, "ends": ends, "review_on": review_on, "ended_at": ended_at, "end_note": note})


def build(ctx):
    commons = ctx["commons"]["clapton"]
    p = ctx["people"]
    p["priya"] = _priya(ctx, commons)
    actor = p["organiser"].user
    today, now = timezone.localdate(), timezone.now()

    circles = {}
    for key, (_name, _kind, parent_key, *_rest) in CIRCLES.items():
        circles[key] = _circle(actor, commons, key, circles.get(parent_key))

    # The members' circle is everyone in the commons.
    keys = {person.pk: key for key, person in p.items() if isinstance(person, Person)}
    for person in Person.objects.filter(memberships__commons=commons, memberships__status=Membership.Status.ACTIVE).order_by("name"):
        _join(actor, circles["members"], person, FULL, STAKEHOLDER.get(keys.get(person.pk), S.VOLUNTEER))
    for key, rows in PEOPLE.items():
        for person_key, kind, stakeholder in rows:
            _join(actor, circles[key], p[person_key], kind, stakeholder)

    starts, ends = today - timedelta(days=150), today + timedelta(days=215)
    for key, rows in HATS.items():
        for kind, holder, backstop, review_in in rows:
            _hat(circles[key], kind, p[holder], p[backstop], status=TermStatus.HELD, starts=starts, ends=ends,
                 review_on=today + timedelta(days=review_in))
    for key, rows in ENDED.items():
        for kind, holder, backstop, began, stopped, note in rows:
            _hat(circles[key], kind, p[holder], p[backstop], status=TermStatus.ENDED, starts=today - timedelta(days=began),
                 ends=today - timedelta(days=began - 365), review_on=today - timedelta(days=began - 180),
                 ended_at=now - timedelta(days=stopped), note=note)

    team_circles = {}
    for team_key, circle_key in TEAM_PARENTS.items():
        team = ctx["teams"][team_key]
        circle = Circle.objects.filter(team=team).first()
        if circle is None or circle.ended is not None or circle.parent_id != circles[circle_key].pk:
            circle = services.team_circle_link(actor=actor, team=team, parent=circles[circle_key])
        team_circles[team_key] = circle

    ctx["circles"] = circles
    ctx["team_circles"] = team_circles
    ctx.setdefault("notes", []).append(
        "Circles: the members' circle, the general circle and two local circles (Clapton North, Clapton Park), with the four "
        "care teams as team circles. Rosa (rosa@example.org) is delegate of Clapton North and sees Arthur's team circle; "
        "Janet is its secretary; Kemal and Amara (organisers) see every circle and can start, change and end them. "
        "The facilitator hat in Clapton North is due for review.")
