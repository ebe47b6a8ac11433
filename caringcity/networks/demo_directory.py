"""Demo data of the networks part "directory": services of the demo's hubs, markets and food hubs
in Clapton, most of them published in the open directory, with their places on the demo
postcodes and kinds from the commons' starter list. Running it again changes nothing.

The providers are the actors the neighbourhood-map demo made (``ctx["actors"]``, by name); one
that is missing is made here with the same name, kind and postcode, so this demo also works alone."""

from django.utils import timezone

from caringcity.networks.models import Actor, ActorKind, Location, Service, ServiceAtLocation
from caringcity.networks.placing import place
from caringcity.networks.services.directory import _commons_taxonomy

K = ActorKind

# provider name -> (kind, postcode, description)
PROVIDERS = {
    "Chatsworth Road Market": (K.MARKET, "E5 0WA", "The Sunday street market: food, crafts and a meeting place."),
    "Millfields Food Hub": (K.FOOD_HUB, "E5 0WS", "Surplus food shared on Tuesdays and Fridays."),
    "Homerton Food Hub": (K.FOOD_HUB, "E8 5ZP", "Surplus food shared every Thursday."),
    "Lea Bridge Community Hub": (K.COMMUNITY_HUB, "E5 9DU", "A lunch club, advice and a warm space."),
    "Clapton Advice Drop-in": (K.CHARITY, "E5 8NQ", "Benefits, housing and money advice."),
    "Clapton Carers' Café": (K.SOCIAL_ENTERPRISE, "E5 8QR", "A café where unpaid carers meet once a month."),
    "Chatsworth Road Bakery": (K.SOCIAL_ENTERPRISE, "E5 9UB", "A bakery that trains young people and gives bread to the food hubs."),
}

# (provider, name, description, when, cost, terms, published, [(place name, address, postcode)])
SERVICES = [
    ("Chatsworth Road Market", "Sunday street market", "Fresh food, crafts and street food, and a place to bump into neighbours.",
     "Sundays 10am to 4pm", "", ["markets", "food"], True, [("Chatsworth Road", "Chatsworth Road", "E5 0WA")]),
    ("Millfields Food Hub", "Surplus food sharing", "Fresh surplus food from local shops. No referral needed: just come along.",
     "Tuesdays and Fridays, 2pm to 4pm", "", ["food"], True, [("Millfields Community Room", "Millfields Road", "E5 0WS")]),
    ("Homerton Food Hub", "Thursday food share", "Surplus food and a cup of tea. Bring a bag.",
     "Thursdays 11am to 1pm", "", ["food"], True, [("Homerton Church Hall", "Homerton High Street", "E8 5ZP")]),
    ("Lea Bridge Community Hub", "Lunch club", "A hot two-course lunch with company, for anyone over 60.",
     "Tuesdays and Thursdays, 12 noon to 2pm", "£3 for lunch", ["food", "company"], True, [("Lea Bridge Community Hub", "Lea Bridge Road", "E5 9DU")]),
    ("Lea Bridge Community Hub", "Warm space", "A warm room with tea, papers and people to talk to.",
     "Weekdays 10am to 4pm, November to March", "", ["company"], True, [("Lea Bridge Community Hub", "Lea Bridge Road", "E5 9DU")]),
    ("Lea Bridge Community Hub", "Phone and computer help", "Volunteers help you with your phone, tablet or computer, one to one.",
     "Wednesdays 10am to 12 noon", "", ["digital"], True, [("Lea Bridge Community Hub", "Lea Bridge Road", "E5 9DU")]),
    ("Clapton Advice Drop-in", "Benefits and housing advice", "Free advice about benefits, debts and housing. Interpreters on request.",
     "Mondays 1pm to 4pm", "", ["advice"], True,
     [("Clapton Library", "Northwold Road", "E5 8NQ"), ("Lea Bridge Community Hub", "Lea Bridge Road", "E5 9DU")]),
    ("Clapton Carers' Café", "Carers' café", "Unpaid carers meet, share tips and have a break. The person you care for is welcome too.",
     "First Saturday of the month, 10am to 12 noon", "", ["carers", "company"], True, [("Clapton Carers' Café", "Clarence Road", "E5 8QR")]),
    ("Chatsworth Road Bakery", "Baking training for young people", "Paid baking training for 16 to 24 year olds. Being set up: not open yet.",
     "To be agreed", "", ["activities"], False, [("Chatsworth Road Bakery", "Chatsworth Road", "E5 9UB")]),
]


def _provider(commons, actors, name):
    actor = actors.get(name) or Actor.objects.filter(commons=commons, name=name).first()
    if actor is None:
        kind, postcode, description = PROVIDERS[name]
        code, lat, lon = place(postcode)
        actor = Actor.objects.create(commons=commons, name=name, kind=kind, postcode=code, latitude=lat, longitude=lon,
                                     description=description, show_name=True, since=timezone.localdate())
    actors[name] = actor
    return actor


def build(ctx):
    commons = ctx["commons"]["clapton"]
    actors = ctx.setdefault("actors", {})
    terms = {t.code: t for t in _commons_taxonomy(commons).terms.all()}
    made = {}
    for provider, name, description, when, cost, kinds, published, places in SERVICES:
        service, _created = Service.objects.update_or_create(
            commons=commons, actor=_provider(commons, actors, provider), name=name,
            defaults={"description": description, "when": when, "cost": cost, "published": published},
        )
        service.terms.set([terms[k] for k in kinds])
        for place_name, address, postcode in places:
            code, lat, lon = place(postcode)
            location, _ = Location.objects.update_or_create(
                commons=commons, name=place_name, postcode=code,
                defaults={"address_1": address, "city": "London", "latitude": lat, "longitude": lon},
            )
            ServiceAtLocation.objects.get_or_create(service=service, location=location)
        made[name] = service
    ctx["directory_services"] = made
