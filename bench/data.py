"""Scale data for benchmarks: a commons full of people who give support, and teams asking for help.

Random but seeded, so every run builds the same city. Rows are written with ``bulk_create`` (no
audit events, no e-mail): this is test data, not a record of anything anyone did. Reuse the pieces
for later benchmarks (pages, imports, analysis, reports)::

    world = build_matching_world(workers=2000, seed=7)
    world.request  # a MatchRequest of one team, ready for matching.rank()
"""

import random
import string
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from caringcity import core as core_package
from caringcity.core.management.commands.import_postcodes import read_centroids
from caringcity.core.models import Commons, PostcodeCentroid
from caringcity.people.models import GettingSupportProfile, GivingSupportProfile, Membership, Person
from caringcity.people.profiles import APPROACH_FIELDS, SLOTS
from caringcity.teams.models import Hat, HatKind, MatchRequest, Stage, Team

POSTCODE_FILE = Path(core_package.__file__).resolve().parent / "data" / "demo_postcode_districts.csv"
BATCH = 500

FIRST_NAMES = ["Aylin", "Bilal", "Chloe", "Dev", "Efua", "Farah", "George", "Hasan", "Ines", "Jamal", "Kemal", "Lena",
               "Mei", "Nasreen", "Olu", "Priya", "Rosa", "Sam", "Tariq", "Uma", "Viktor", "Wen", "Yusuf", "Zara"]
LAST_NAMES = ["Adeyemi", "Begum", "Chowdhury", "Davies", "Evans", "Fernandes", "Green", "Hussain", "Ivanova", "Jones",
              "Khan", "Lewis", "Mensah", "Nowak", "O'Brien", "Patel", "Quinn", "Rahman", "Smith", "Taylor", "Uddin",
              "Williams", "Yilmaz", "Zielinska"]
SKILLS = ["cooking", "personal care", "shopping", "gardening", "cleaning", "medication prompts", "companionship",
          "driving", "dementia care", "mobility support", "reading aloud", "paperwork", "dog walking", "laundry"]
LANGUAGES = ["english", "turkish", "bengali", "polish", "somali", "urdu", "yoruba", "kurdish", "spanish", "twi"]
GENDERS = ["woman", "man", "", "non-binary"]
ETHNIC_GROUPS = ["Asian or Asian British", "Black, Black British, Caribbean or African", "Mixed or multiple ethnic groups",
                 "White", "Other ethnic group", ""]


@dataclass
class MatchingWorld:
    commons: Commons
    team: Team
    request: MatchRequest
    workers: int
    districts: list


def load_districts():
    """The demo district centroids (East and North-East London); returns their outward codes."""
    with open(POSTCODE_FILE, newline="", encoding="utf-8-sig") as handle:
        objects, errors = read_centroids(handle, source="Bench: postcode district centres")
    if errors:
        raise ValueError("; ".join(errors))
    PostcodeCentroid.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=["postcode"], update_fields=["latitude", "longitude", "source"]
    )
    return [o.postcode for o in objects]


def make_commons(slug="bench", name="Bench Commons"):
    commons, _created = Commons.objects.get_or_create(slug=slug, defaults={"name": name, "area": "East London"})
    return commons


def postcode_in(rng, districts):
    """A full postcode in one of the districts (placed at the district's centre)."""
    return f"{rng.choice(districts)} {rng.randint(0, 9)}{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"


def make_people(commons, n, rng, *, prefix="Bench"):
    """``n`` people without logins, active members of the commons."""
    people = [
        Person(name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} ({prefix} {i})",
               languages=", ".join(rng.sample(LANGUAGES, rng.randint(1, 3))).title())
        for i in range(n)
    ]
    people = Person.objects.bulk_create(people, batch_size=BATCH)
    Membership.objects.bulk_create([Membership(commons=commons, person=p) for p in people], batch_size=BATCH)
    return people


def _scales(rng, missing=0.1):
    return {f: (None if rng.random() < missing else rng.randint(1, 5)) for f in APPROACH_FIELDS}


def make_workers(commons, n, rng, districts):
    """``n`` people with Giving Support profiles: availability, skills, languages, area, scales."""
    people = make_people(commons, n, rng, prefix="Worker")
    profiles = []
    for person in people:
        independent = rng.random() < 0.3
        profiles.append(GivingSupportProfile(
            commons=commons, person=person, open_to_matching=rng.random() < 0.95,
            introduction="I like helping people stay at home.",
            skills=", ".join(rng.sample(SKILLS, rng.randint(1, 5))),
            area_postcode="" if rng.random() < 0.05 else postcode_in(rng, districts),
            area_km=Decimal(rng.choice(["1.5", "3", "5", "8"])),
            availability=sorted(rng.sample(SLOTS, rng.randint(2, 14))),
            independent=independent,
            rate_pence=rng.choice([1350, 1500, 1800]) if independent else None,
            gender=rng.choice(GENDERS),
            **_scales(rng),
        ))
    return GivingSupportProfile.objects.bulk_create(profiles, batch_size=BATCH)


def make_team(commons, rng, districts, *, stage=Stage.FINDING_MATCH, name="Bench team"):
    """A team around a new owner with a Getting Support profile (demographics filled in)."""
    owner = make_people(commons, 1, rng, prefix="Owner")[0]
    GettingSupportProfile.objects.create(
        commons=commons, person=owner, about_me="I like the radio and a cup of tea.",
        age_band=rng.choice([v for v, _label in GettingSupportProfile.AgeBand.choices]),
        gender=rng.choice(GENDERS), ethnic_group=rng.choice(ETHNIC_GROUPS), **_scales(rng, missing=0),
    )
    team = Team.objects.create(commons=commons, owner=owner, name=name, stage=stage)
    Hat.objects.bulk_create([Hat(team=team, kind=k) for k in HatKind.values if k != HatKind.CUSTOM])
    return team


def make_request(team, rng, districts, *, published=False, paid=""):
    """A match request asking for two skills, one language and six times. By default it asks for
    paid or volunteer alike and no gender, so every worker within reach is scored (the slow path)."""
    return MatchRequest.objects.create(
        team=team, postcode=postcode_in(rng, districts), max_km=Decimal("5"),
        slots=sorted(rng.sample(SLOTS, 6)), skills=", ".join(rng.sample(SKILLS, 2)),
        languages=rng.choice(LANGUAGES[1:]), paid=paid,
        summary="Help with shopping and a chat, twice a week." if published else "", published=published,
        **_scales(rng, missing=0),
    )


def build_matching_world(*, workers=2000, seed=20260101):
    """One commons with ``workers`` Giving Support profiles, one team and its match request."""
    rng = random.Random(seed)
    districts = load_districts()
    commons = make_commons()
    make_workers(commons, workers, rng, districts)
    team = make_team(commons, rng, districts)
    request = make_request(team, rng, districts)
    return MatchingWorld(commons=commons, team=team, request=request, workers=workers, districts=districts)
