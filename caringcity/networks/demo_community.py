"""Demo data of the networks part "community": the neighbourhood map of care in Clapton.

About sixty actors in E5, N16 and E8 (residents are fictional; the groups are plausible fictional
ones, beside the demo's own organisations), the demo care teams as actors, and what the map is
meant to show:
- a few isolated residents (no active supportive connection);
- exactly one organisation whose loss would cut off three people: Northwold Befriending is the
  only link of three residents to everyone else (its only cut point);
- two snapshots: one of the map as it stood about six months ago (actors and connections have
  "since" dates, so it is smaller) and one of today.

Built through the services (so every row is validated and audited), entered by Kemal (organiser)
and, for a few residents, by Rosa (member). Safe to run twice. Sets ``ctx["actors"]`` {name: Actor}."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from caringcity.networks.models import Actor, ActorKind, CareKind, Connection, ConnectionStatus, Direction, Snapshot
from caringcity.networks.services import community as services

K = ActorKind
G, E, I = ConnectionStatus.GENERATIVE, ConnectionStatus.ENGAGED, ConnectionStatus.INACTIVE
CUT_POINT = "Northwold Befriending"
CUT_OFF = ("Ivy Marsh", "Tunde Bakare", "Hyacinth Cole")
ISOLATED = ("Leonard Fisk", "Mehmet Arslan", "Dorothy Quayle")
EARLIER = 182  # days before today: the earlier snapshot

# (name, kind, postcode, months on the map, show name, description). Months: how long ago they
# joined the map (those under 6 were not there six months ago).
ORGANISATIONS = [
    ("Clapton Mutual Aid", K.GRASSROOTS, "E5 9WA", 40, True, "Neighbours who shop, run errands and check in on each other."),
    ("Clapton Good Neighbours", K.GRASSROOTS, "E5 8EH", 36, True, "Street volunteers who pop in, shop and chat."),
    ("Chatsworth Road Market", K.MARKET, "E5 0WA", 48, True, "The Sunday street market: food, crafts and a meeting place."),
    ("Millfields Food Hub", K.FOOD_HUB, "E5 0WS", 30, True, "Surplus food shared on Tuesdays and Fridays."),
    ("Homerton Food Hub", K.FOOD_HUB, "E8 5ZP", 28, True, "Surplus food shared every Thursday."),
    ("Lea Bridge Community Hub", K.COMMUNITY_HUB, "E5 9DU", 48, True, "A lunch club, advice and a warm space."),
    ("Hackney Adult Social Care", K.STATUTORY, "E8 7BH", 48, True, "The council's adult social care service."),
    ("Clapton Square Surgery", K.STATUTORY, "E5 8HR", 48, True, "A GP practice. Its social prescriber links patients to local groups."),
    ("Springfield Park Walkers", K.GRASSROOTS, "E5 9TT", 20, True, "A slow walk round the park every Wednesday."),
    ("Clapton Men's Shed", K.CHARITY, "E5 8UH", 24, True, "Woodwork, repairs and a cup of tea."),
    ("Rushmore Road Tenants", K.GRASSROOTS, "E5 0YU", 26, True, "The tenants' association of three blocks."),
    ("Kingsmead Knit and Natter", K.GRASSROOTS, "E5 9PX", 18, True, "Knitting and talk on Monday afternoons."),
    ("Nightingale Youth Club", K.CHARITY, "E5 8DQ", 30, True, "Young people who also visit older neighbours."),
    ("Clapton Carers' Café", K.SOCIAL_ENTERPRISE, "E5 8QR", 4, True, "A café where unpaid carers meet once a month."),
    ("Clapton Advice Drop-in", K.CHARITY, "E5 8NQ", 34, True, "Benefits, housing and money advice."),
    ("Homerton Bengali Women's Group", K.GRASSROOTS, "E8 5QQ", 22, True, "Cooking, English practice and friendship."),
    ("Clapton Turkish Elders' Club", K.COMMUNITY_HUB, "N16 6DH", 32, True, "Lunch and backgammon for older Turkish speakers."),
    ("Chatsworth Road Bakery", K.SOCIAL_ENTERPRISE, "E5 9UB", 14, True, "A bakery that trains young people and gives bread to the food hubs."),
    ("Millfields Allotments", K.GRASSROOTS, "E5 0WA", 3, True, "Allotment holders who share produce and dig for those who can't."),
    ("Downs Park Lunch Club", K.CHARITY, "E5 8XX", 44, True, "A hot lunch on Tuesdays and Thursdays."),
    (CUT_POINT, K.CHARITY, "N16 7QH", 20, True, "Weekly phone calls and visits on the Northwold estate."),
]
TEAMS = [  # (ctx["teams"] key, the name the organiser typed for the map, postcode, months)
    ("arthur", "Care team: Millfields", "E5 8AL", 12),
    ("doreen", "Care team: Rushmore", "E5 9LZ", 5),
    ("hamid", "Care team: Homerton", "E8 7QQ", 8),
    ("gloria", "Care team: Springfield", "N16 6QG", 20),
]
RESIDENTS = [  # (name, postcode, months, show name, entered by Rosa?)
    ("Rosa Bennett", "E5 8HR", 36, True, False),
    ("Nasreen Begum", "E5 0BY", 22, True, False),
    ("Vic Osei", "E5 8EH", 30, True, False),
    ("Edna Lowe", "E5 8QR", 26, False, True),
    ("Patrick Doyle", "E5 9WA", 24, False, True),
    ("Sunita Rao", "E5 8ET", 18, True, False),
    ("George Mensah", "E5 9UB", 16, False, False),
    ("Halima Yusuf", "E8 5SW", 14, False, True),
    ("Colin Frame", "E5 0BY", 28, True, False),
    ("Agnieszka Nowak", "N16 6LZ", 12, False, False),
    ("Beryl Sampson", "E5 9WH", 40, False, False),
    ("Dev Patel", "N16 5RU", 10, True, False),
    ("Fatma Kaya", "N16 6GN", 30, False, False),
    ("Hugh Barnes", "E8 5EB", 9, False, False),
    ("Joy Adebayo", "E5 8UH", 20, True, False),
    ("Kwame Asante", "E8 7TU", 2, False, False),
    ("Lorna McBride", "E5 9DU", 34, False, False),
    ("Maureen Hale", "N16 5GA", 3, False, False),
    ("Omar Farah", "E8 5HT", 26, True, False),
    ("Pearl Johnson", "E5 0WS", 15, False, False),
    ("Ravi Sharma", "N16 6ZL", 11, False, False),
    ("Shirley Tan", "E5 8AL", 1, False, False),
    ("Winston Clarke", "E5 8XX", 38, True, False),
    ("Yetunde Ola", "E8 5AX", 7, False, False),
    ("Zoe Hart", "E5 9LZ", 4, True, False),
    ("Bernadette Quinn", "E5 9WH", 22, False, False),
    ("Samir Haddad", "N16 6GN", 9, True, False),
    ("Grace Okonjo", "E8 5EB", 16, False, False),
    ("Terry Walsh", "E5 8ET", 5, False, True),
    # the three Northwold Befriending is the only link for
    ("Ivy Marsh", "N16 7LS", 14, False, False),
    ("Tunde Bakare", "N16 6GA", 10, False, False),
    ("Hyacinth Cole", "N16 7QH", 6, False, False),
    # isolated: no active supportive connection
    ("Leonard Fisk", "E5 9PX", 30, False, False),
    ("Mehmet Arslan", "N16 6DH", 20, False, False),
    ("Dorothy Quayle", "E8 5GZ", 2, False, False),
]
# (from, to, status, one way?, kinds of care (keys), months). One way: "from" gives care to "to".
CONNECTIONS = [
    # the organisations between themselves
    ("Clapton Mutual Aid", "Clapton Good Neighbours", G, False, ["practical-help", "information"], 30),
    ("Clapton Mutual Aid", "Millfields Food Hub", G, False, ["food"], 26),
    ("Chatsworth Road Market", "Millfields Food Hub", E, True, ["food"], 24),
    ("Chatsworth Road Bakery", "Millfields Food Hub", E, True, ["food"], 12),
    ("Chatsworth Road Bakery", "Homerton Food Hub", E, True, ["food"], 10),
    ("Chatsworth Road Market", "Chatsworth Road Bakery", E, False, ["skills"], 14),
    ("Homerton Food Hub", "Homerton Bengali Women's Group", G, False, ["food", "social-connection"], 20),
    ("Lea Bridge Community Hub", "Downs Park Lunch Club", G, False, ["food", "social-connection"], 40),
    ("Lea Bridge Community Hub", "Clapton Advice Drop-in", E, False, ["information", "advocacy"], 30),
    ("Hackney Adult Social Care", "Lea Bridge Community Hub", E, False, ["information"], 36),
    ("Clapton Square Surgery", "Springfield Park Walkers", E, True, ["information"], 18),
    ("Clapton Square Surgery", "Clapton Men's Shed", E, True, ["information"], 20),
    ("Clapton Square Surgery", "Hackney Adult Social Care", E, False, ["information"], 40),
    ("Clapton Men's Shed", "Nightingale Youth Club", G, False, ["skills"], 16),
    ("Rushmore Road Tenants", "Clapton Mutual Aid", E, False, ["practical-help"], 22),
    ("Kingsmead Knit and Natter", "Lea Bridge Community Hub", E, False, ["social-connection", "recreation"], 16),
    ("Clapton Turkish Elders' Club", "Clapton Advice Drop-in", E, False, ["information", "advocacy"], 24),
    ("Clapton Turkish Elders' Club", "Chatsworth Road Market", E, False, ["social-connection"], 20),
    ("Clapton Carers' Café", "Clapton Square Surgery", G, False, ["emotional-support", "information"], 3),
    ("Clapton Carers' Café", "Clapton Good Neighbours", E, False, ["social-connection"], 3),
    ("Millfields Allotments", "Millfields Food Hub", E, True, ["food"], 2),
    ("Millfields Allotments", "Clapton Men's Shed", E, False, ["skills", "recreation"], 2),
    ("Nightingale Youth Club", "Clapton Good Neighbours", E, False, ["social-connection"], 18),
    ("Downs Park Lunch Club", "Clapton Good Neighbours", E, False, ["food", "social-connection"], 28),
    ("Homerton Bengali Women's Group", "Clapton Advice Drop-in", E, False, ["advocacy"], 12),
    ("Springfield Park Walkers", "Kingsmead Knit and Natter", E, False, ["recreation"], 10),
    (CUT_POINT, "Clapton Good Neighbours", E, False, ["information"], 18),
    (CUT_POINT, "Hackney Adult Social Care", E, False, ["information"], 16),
    ("Clapton Advice Drop-in", "Hackney Adult Social Care", I, False, ["advocacy"], 30),
    # the care teams
    ("Care team: Millfields", "Lea Bridge Community Hub", G, False, ["social-connection", "food"], 10),
    ("Care team: Millfields", "Clapton Good Neighbours", G, False, ["practical-help"], 10),
    ("Hackney Adult Social Care", "Care team: Millfields", E, True, ["information"], 11),
    ("Care team: Rushmore", "Rushmore Road Tenants", E, False, ["practical-help"], 4),
    ("Hackney Adult Social Care", "Care team: Rushmore", E, True, ["information"], 4),
    ("Care team: Homerton", "Homerton Bengali Women's Group", G, False, ["social-connection", "food"], 7),
    ("Care team: Homerton", "Clapton Square Surgery", E, False, ["information"], 7),
    ("Care team: Springfield", "Springfield Park Walkers", G, False, ["recreation", "social-connection"], 18),
    ("Care team: Springfield", "Clapton Mutual Aid", E, False, ["practical-help"], 16),
    # residents: everyone here has at least two active connections
    ("Rosa Bennett", "Clapton Good Neighbours", G, False, ["practical-help", "social-connection"], 36),
    ("Rosa Bennett", "Care team: Millfields", G, True, ["practical-help", "emotional-support"], 10),
    ("Nasreen Begum", "Homerton Bengali Women's Group", G, False, ["social-connection", "skills"], 22),
    ("Nasreen Begum", "Care team: Homerton", E, True, ["emotional-support"], 7),
    ("Vic Osei", "Chatsworth Road Market", E, False, ["social-connection"], 30),
    ("Vic Osei", "Clapton Mutual Aid", G, True, ["practical-help"], 28),
    ("Millfields Food Hub", "Edna Lowe", E, True, ["food"], 24),
    ("Clapton Good Neighbours", "Edna Lowe", E, True, ["social-connection", "practical-help"], 20),
    ("Patrick Doyle", "Clapton Men's Shed", G, False, ["skills", "social-connection"], 22),
    ("Patrick Doyle", "Springfield Park Walkers", E, False, ["recreation"], 12),
    ("Sunita Rao", "Clapton Carers' Café", G, False, ["emotional-support"], 3),
    ("Sunita Rao", "Clapton Square Surgery", E, False, ["information"], 18),
    ("George Mensah", "Downs Park Lunch Club", E, False, ["food", "social-connection"], 16),
    ("George Mensah", "Clapton Advice Drop-in", E, False, ["advocacy"], 14),
    ("Halima Yusuf", "Homerton Bengali Women's Group", E, False, ["social-connection"], 14),
    ("Homerton Food Hub", "Halima Yusuf", E, True, ["food"], 12),
    ("Colin Frame", "Rushmore Road Tenants", G, False, ["practical-help"], 26),
    ("Colin Frame", "Care team: Rushmore", E, True, ["practical-help"], 4),
    ("Agnieszka Nowak", "Clapton Turkish Elders' Club", E, False, ["social-connection"], 12),
    ("Agnieszka Nowak", "Kingsmead Knit and Natter", E, False, ["recreation"], 10),
    ("Beryl Sampson", "Lea Bridge Community Hub", E, False, ["food", "social-connection"], 40),
    ("Beryl Sampson", "Downs Park Lunch Club", E, False, ["food"], 38),
    ("Dev Patel", "Nightingale Youth Club", G, True, ["skills"], 10),
    ("Dev Patel", "Clapton Mutual Aid", E, False, ["practical-help"], 9),
    ("Fatma Kaya", "Clapton Turkish Elders' Club", G, False, ["social-connection", "food"], 30),
    ("Clapton Advice Drop-in", "Fatma Kaya", E, True, ["advocacy", "information"], 20),
    ("Hugh Barnes", "Clapton Men's Shed", E, False, ["skills"], 9),
    ("Hugh Barnes", "Homerton Food Hub", E, False, ["food"], 8),
    ("Joy Adebayo", "Care team: Springfield", G, True, ["emotional-support", "social-connection"], 18),
    ("Joy Adebayo", "Springfield Park Walkers", E, False, ["recreation"], 20),
    ("Kwame Asante", "Nightingale Youth Club", E, False, ["recreation"], 2),
    ("Kwame Asante", "Chatsworth Road Bakery", E, False, ["skills"], 2),
    ("Lorna McBride", "Lea Bridge Community Hub", G, False, ["social-connection", "emotional-support"], 34),
    ("Lorna McBride", "Kingsmead Knit and Natter", E, False, ["recreation"], 18),
    ("Maureen Hale", "Clapton Carers' Café", E, False, ["emotional-support"], 3),
    ("Maureen Hale", "Clapton Good Neighbours", E, False, ["practical-help"], 3),
    ("Omar Farah", "Clapton Advice Drop-in", G, False, ["advocacy", "information"], 26),
    ("Omar Farah", "Chatsworth Road Market", E, False, ["social-connection"], 24),
    ("Pearl Johnson", "Millfields Food Hub", G, False, ["food"], 15),
    ("Pearl Johnson", "Clapton Square Surgery", E, False, ["information"], 12),
    ("Ravi Sharma", "Clapton Mutual Aid", E, False, ["practical-help"], 11),
    ("Ravi Sharma", "Care team: Homerton", E, True, ["practical-help"], 7),
    ("Shirley Tan", "Millfields Allotments", E, False, ["recreation", "food"], 1),
    ("Shirley Tan", "Care team: Millfields", E, True, ["social-connection"], 1),
    ("Winston Clarke", "Downs Park Lunch Club", G, False, ["food", "social-connection"], 38),
    ("Winston Clarke", "Chatsworth Road Market", E, False, ["social-connection"], 36),
    ("Yetunde Ola", "Homerton Food Hub", E, False, ["food"], 7),
    ("Yetunde Ola", "Hackney Adult Social Care", E, False, ["advocacy"], 6),
    ("Zoe Hart", "Care team: Rushmore", G, True, ["social-connection", "emotional-support"], 4),
    ("Zoe Hart", "Rushmore Road Tenants", E, False, ["practical-help"], 4),
    ("Vic Osei", "Colin Frame", E, False, ["social-connection"], 20),
    ("Bernadette Quinn", "Downs Park Lunch Club", E, False, ["food", "social-connection"], 22),
    ("Bernadette Quinn", "Clapton Good Neighbours", E, False, ["practical-help"], 20),
    ("Samir Haddad", "Clapton Advice Drop-in", G, True, ["information", "advocacy"], 9),
    ("Samir Haddad", "Clapton Turkish Elders' Club", E, False, ["social-connection"], 8),
    ("Grace Okonjo", "Homerton Bengali Women's Group", E, False, ["skills"], 16),
    ("Grace Okonjo", "Care team: Homerton", G, True, ["practical-help", "food"], 7),
    ("Terry Walsh", "Springfield Park Walkers", E, False, ["recreation"], 5),
    ("Terry Walsh", "Clapton Mutual Aid", E, False, ["practical-help"], 4),
    ("Rosa Bennett", "Maureen Hale", E, False, ["social-connection"], 2),
    # Northwold Befriending is the only link of these three to everyone else
    (CUT_POINT, "Ivy Marsh", G, True, ["emotional-support", "social-connection"], 14),
    (CUT_POINT, "Tunde Bakare", E, True, ["social-connection"], 10),
    (CUT_POINT, "Hyacinth Cole", E, True, ["social-connection"], 5),
    ("Ivy Marsh", "Tunde Bakare", E, False, ["social-connection"], 8),
    # isolated residents: what they had has gone quiet
    ("Mehmet Arslan", "Clapton Turkish Elders' Club", I, False, ["social-connection"], 18),
    ("Dorothy Quayle", "Homerton Food Hub", I, True, ["food"], 2),
]


def _ago(months):
    return timezone.localdate() - datetime.timedelta(days=round(months * 30.4))


def _actor(ctx, *, by, name, kind, postcode, months, show_name=True, description="", **links):
    commons = ctx["commons"]["clapton"]
    existing = Actor.objects.filter(commons=commons, name=name, ended__isnull=True).first()
    if existing is not None:
        return existing
    return services.actor_add(actor=by, commons=commons, name=name, kind=kind, postcode=postcode, show_name=show_name,
                              description=description, since=_ago(months), **links)


def build(ctx):
    commons = ctx["commons"]["clapton"]
    people = ctx["people"]
    kemal, rosa = people["organiser"].user, people["member"].user
    services.care_kinds_ensure(commons)
    kinds = {kind.key: kind for kind in CareKind.objects.filter(commons=commons)}
    orgs = ctx.get("organisations", {})

    actors = {}
    for name, kind, postcode, months, show, description in ORGANISATIONS:
        org = orgs.get(name)
        actors[name] = _actor(ctx, by=kemal, name=name, kind=kind, postcode=postcode, months=months, show_name=show,
                              description=description, organisation=org if org is not None and org.commons_id == commons.pk else None)
    for key, name, postcode, months in TEAMS:
        team = ctx.get("teams", {}).get(key)
        actors[name] = _actor(ctx, by=kemal, name=name, kind=K.TEAM, postcode=postcode, months=months, team=team)
    platform = {people["member"].name: people["member"], people["bengali"].name: people["bengali"]}
    for name, postcode, months, show, by_rosa in RESIDENTS:
        actors[name] = _actor(ctx, by=rosa if by_rosa else kemal, name=name, kind=K.RESIDENT, postcode=postcode, months=months,
                              show_name=show, person=platform.get(name))

    for source, target, status, one_way, keys, months in CONNECTIONS:
        a, b = actors[source], actors[target]
        if Connection.objects.filter(source=a, target=b).exists():
            continue
        services.connection_add(actor=kemal, commons=commons, source=a, target=b, status=status,
                                direction=Direction.ONE_WAY if one_way else Direction.BOTH,
                                care_kinds=[kinds[key] for key in keys], since=_ago(months))

    if Snapshot.objects.filter(commons=commons).count() < 2:
        today = timezone.localdate()
        earlier = today - datetime.timedelta(days=EARLIER)
        services.snapshot_take(actor=kemal, commons=commons, name=f"The map in {date_format(earlier, 'F Y')}", taken_on=earlier)
        services.snapshot_take(actor=kemal, commons=commons, name=f"The map in {date_format(today, 'F Y')}", taken_on=today)
    ctx["actors"] = actors
    ctx.setdefault("notes", []).append(
        f"Neighbourhood map: {len(actors)} actors; {CUT_POINT} is the only link of three residents; two snapshots.")
