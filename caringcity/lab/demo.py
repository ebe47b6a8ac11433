"""Demo lab: the fictional "East London Community Recovery Network", a network of community groups
working to get the Community-Led Recovery Plan for London put into practice. The network, its
member groups and people are made here; each part builds its own piece, in this order (later parts
use ``ctx["lab"]``)."""

from importlib import import_module

from caringcity.core.models import Commons
from caringcity.people.models import Membership, Organisation, OrganisationMembership, Person

PARTS = ["demo_plans", "demo_tracking", "demo_partnerships", "demo_events"]

NETWORK = {
    "slug": "recovery-network",
    "name": "East London Community Recovery Network",
    "kind": Commons.Kind.NETWORK,
    "area": "Hackney, Tower Hamlets, Newham and Waltham Forest",
    "description": "Community groups across east London working together to get the Community-Led Recovery "
                   "Plan for London put into practice: in the London Plan, borough plans and health strategies.",
}

# (key, name, kind, constituted, what it does): all fictional
GROUPS = [
    ("clapton_commons", "Clapton Care Commons", "grassroots", True, "Neighbours, families, care workers and volunteers in Clapton."),
    ("market_traders", "Chatsworth Road Traders' Association", "market", True, "Stallholders and shopkeepers of the Sunday market."),
    ("food_hub", "Homerton Food Hub", "food_hub", False, "Surplus food shared every Thursday."),
    ("tenants", "Lea View Tenants and Residents", "grassroots", True, "A tenants' and residents' association."),
    ("council", "London Borough of Hackney (adult social care)", "statutory", True, "The council's adult social care service."),
    ("health", "East London Health and Care Partnership", "statutory", True, "The NHS and councils planning health services together."),
    ("university", "Lea Valley University, Centre for Care Research", "charity", True, "University researchers working with communities."),
]

# (key, email or None, name, pronouns, group key, role in the network, who)
PEOPLE = [
    ("council_officer", "tom@example.org", "Tom Aldridge", "he/him", "council", Membership.Role.MEMBER,
     "Council officer: signs joint decisions for Hackney in the care pilot partnership (Recovery Network)"),
]


def build(ctx):
    from caringcity.people.demo import _user

    network, _ = Commons.objects.update_or_create(slug=NETWORK["slug"], defaults={k: v for k, v in NETWORK.items() if k != "slug"})
    groups = {}
    for key, name, kind, constituted, description in GROUPS:
        groups[key], _ = Organisation.objects.update_or_create(
            commons=network, name=name, defaults={"kind": kind, "constituted": constituted, "description": description})
    people = {}
    # People already in the demo who also take part in the network, and the group each speaks for.
    for key, role, group in [("organiser", Membership.Role.ORGANISER, "clapton_commons"),
                             ("member", Membership.Role.MEMBER, "clapton_commons"),
                             ("admin", Membership.Role.MEMBER, "clapton_commons")]:
        person = ctx["people"][key]
        Membership.objects.update_or_create(commons=network, person=person,
                                            defaults={"role": role, "status": Membership.Status.ACTIVE})
        OrganisationMembership.objects.get_or_create(organisation=groups[group], person=person)
        people[key] = person
    for key, email, name, pronouns, group, role, who in PEOPLE:
        user = _user(email, name) if email else None
        person = Person.objects.filter(name=name).first() or Person(name=name)
        person.user, person.pronouns, person.email = user, pronouns, email or ""
        person.save()
        Membership.objects.update_or_create(commons=network, person=person,
                                            defaults={"role": role, "status": Membership.Status.ACTIVE})
        OrganisationMembership.objects.get_or_create(organisation=groups[group], person=person)
        people[key] = person
        if email:
            ctx["signins"].append({"email": email, "who": who, "totp": ""})
    ctx["commons"]["network"] = network
    ctx["lab"] = {"commons": network, "groups": groups, "people": people}
    for part in PARTS:
        import_module(f"caringcity.lab.{part}").build(ctx)
