"""Demo personas for the foundation: two commons, every role, a person without a login and
their proxy. All people are fictional; places are real London neighbourhoods."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

import datetime
from pathlib import Path

from caringcity import core as core_package
from caringcity.core.management.commands.import_postcodes import read_centroids
from caringcity.core.models import Commons, PostcodeCentroid, User
from caringcity.people import profiles
from caringcity.people.models import (
    AccessGrant,
    EmergencyContact,
    GettingSupportProfile,
    GivingSupportProfile,
    Membership,
    Organisation,
    OrganisationMembership,
    Person,
    Proxy,
    Qualification,
)

PASSWORD = "caring-city-demo"
# A published demo secret (base32). Only ever used for the fictional demo logins.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"

COMMONS = [
    {
        "slug": "clapton",
        "name": "Clapton Care Commons",
        "kind": Commons.Kind.CARE_COOP,
        "area": "Clapton, Hackney",
        "description": "Neighbours, families, care workers and volunteers in Clapton looking after each other.",
    },
    {
        "slug": "walthamstow",
        "name": "Walthamstow Market Friends",
        "kind": Commons.Kind.COMMUNITY_GROUP,
        "area": "Walthamstow, Waltham Forest",
        "description": "A small group that runs a food stall and a befriending rota by the market.",
    },
]

# (key, commons slug, role, email or None, name, preferred name, pronouns, languages, comms needs, phone, postcode, who)
PEOPLE = [
    ("admin", "clapton", "admin", "amara@example.org", "Amara Okafor", "Amara", "she/her", "English, Yoruba", "", "020 7946 0011", "E5 9AA", "Admin of Clapton Care Commons (two-step sign-in)"),
    ("organiser", "clapton", "organiser", "kemal@example.org", "Kemal Aydın", "Kemal", "he/him", "Turkish, English", "", "020 7946 0012", "E5 0LH", "Organiser in Clapton (two-step sign-in)"),
    ("member", "clapton", "member", "rosa@example.org", "Rosa Bennett", "Rosa", "she/her", "English, Portuguese", "", "07700 900123", "E5 8BP", "Member and volunteer in Clapton"),
    ("bengali", "clapton", "member", "nasreen@example.org", "Nasreen Begum", "Nasreen", "she/her", "Bengali, Sylheti, English", "Prefers to talk in Bengali.", "07700 900456", "E5 0SD", "Member in Clapton; interface in Bengali"),
    ("paper", "clapton", "member", None, "Arthur Price", "Arthur", "he/him", "English", "Hard of hearing: face him and speak clearly. Reads large print.", "020 7946 0099", "E5 8DT", "No login: reads printouts; his daughter Janet acts for him"),
    ("proxy", "clapton", "member", "janet@example.org", "Janet Price", "Janet", "she/her", "English", "", "07700 900789", "N16 6XS", "Arthur's daughter, his proxy"),
    ("outsider", "walthamstow", "organiser", "sam@example.org", "Samuel Otieno", "Sam", "he/him", "English, Swahili", "", "07700 900321", "E17 7JN", "Organiser of the other commons, Walthamstow (two-step sign-in)"),
    ("walthamstow_member", "walthamstow", "member", "mei@example.org", "Mei Lin Chow", "Mei", "she/her", "Cantonese, English", "", "07700 900654", "E17 4PP", "Member of Walthamstow only"),
]

ORGANISATIONS = [
    ("clapton", "Clapton Good Neighbours", "grassroots", False, "Street volunteers who pop in, shop and chat."),
    ("clapton", "Lea Bridge Community Hub", "community_hub", True, "A community centre with a lunch club, advice and a warm space."),
    ("clapton", "Chatsworth Road Market", "market", True, "The Sunday street market: food, crafts and a meeting place."),
    ("clapton", "Hackney Adult Social Care", "statutory", True, "The council's adult social care service."),
    ("clapton", "Homerton Food Hub", "food_hub", False, "Surplus food shared every Thursday."),
    ("walthamstow", "Hoe Street Befrienders", "grassroots", False, "Phone and doorstep befriending."),
]


def _user(email, name, language=""):
    user, _ = User.objects.get_or_create(email=email, defaults={"name": name, "language": language})
    user.name = name
    if language:
        user.language = language
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _totp(user):
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def build(ctx):
    ctx["password"] = PASSWORD
    ctx["totp_secret"] = DEMO_TOTP_SECRET
    commons = {}
    for row in COMMONS:
        c, _ = Commons.objects.update_or_create(slug=row["slug"], defaults={k: v for k, v in row.items() if k != "slug"})
        commons[row["slug"]] = c
    ctx["commons"] = commons

    people = {}
    for key, slug, role, email, name, preferred, pronouns, languages, comms, phone, postcode, who in PEOPLE:
        user = _user(email, name, "bn" if key == "bengali" else "") if email else None
        person = Person.objects.filter(name=name).first() or Person(name=name)
        person.user = user
        person.preferred_name, person.pronouns, person.languages = preferred, pronouns, languages
        person.communication_needs, person.phone, person.postcode = comms, phone, postcode
        person.email = email or ""
        person.save()
        Membership.objects.update_or_create(
            commons=commons[slug], person=person, defaults={"role": role, "status": Membership.Status.ACTIVE}
        )
        people[key] = person
        if user and role in ("organiser", "admin"):
            _totp(user)
        if email:
            ctx["signins"].append({"email": email, "who": who, "totp": DEMO_TOTP_SECRET if role in ("organiser", "admin") else ""})
    ctx["people"] = people

    clapton = commons["clapton"]
    if not Proxy.objects.current().filter(commons=clapton, principal=people["paper"], proxy=people["proxy"]).exists():
        Proxy.objects.create(
            commons=clapton, principal=people["paper"], proxy=people["proxy"],
            how_agreed="Arthur agreed at home on 2 March 2026, with Kemal (organiser) present.",
        )
    if not AccessGrant.objects.current().filter(commons=clapton, grantor=people["paper"], grantee=people["member"]).exists():
        AccessGrant.objects.create(commons=clapton, grantor=people["paper"], grantee=people["member"], part="communication")
    EmergencyContact.objects.get_or_create(
        commons=clapton, person=people["paper"], holder=people["member"], ended_at=None, defaults={"hours": 4}
    )

    orgs = {}
    for slug, name, kind, constituted, description in ORGANISATIONS:
        org, _ = Organisation.objects.update_or_create(
            commons=commons[slug], name=name, defaults={"kind": kind, "constituted": constituted, "description": description}
        )
        orgs[name] = org
    ctx["organisations"] = orgs
    OrganisationMembership.objects.get_or_create(organisation=orgs["Clapton Good Neighbours"], person=people["member"], defaults={"role": "volunteer"})
    OrganisationMembership.objects.get_or_create(organisation=orgs["Lea Bridge Community Hub"], person=people["paper"], defaults={"role": "lunch club regular"})
    OrganisationMembership.objects.get_or_create(organisation=orgs["Hoe Street Befrienders"], person=people["walthamstow_member"], defaults={"role": "befriender"})

    _postcode_centroids(ctx)
    _profiles(ctx)


# --- postcodes and profiles -------------------------------------------------------------------
POSTCODE_FILE = Path(core_package.__file__).resolve().parent / "data" / "demo_postcode_districts.csv"


def _postcode_centroids(ctx):
    """District centres for East and North-East London, so distances work in the demo."""
    with open(POSTCODE_FILE, newline="", encoding="utf-8-sig") as handle:
        objects, errors = read_centroids(handle, source="Demo: postcode district centres")
    if errors:
        raise ValueError("; ".join(errors))
    PostcodeCentroid.objects.bulk_create(
        objects, update_conflicts=True, unique_fields=["postcode"], update_fields=["latitude", "longitude", "source"]
    )


ARTHUR_PROFILE = {
    "about_me": (
        "I'm Arthur. I was born in Bethnal Green and drove the number 38 bus for thirty-one years. "
        "I was married to Joan for fifty-two years; she died in 2021. I love the cricket on the radio, "
        "a crossword, and a proper cup of tea."
    ),
    "important_to_me": (
        "Staying in my own flat. Seeing my daughter Janet on Sundays. Going to the lunch club at the "
        "Lea Bridge hub on Tuesdays and Thursdays. Keeping my allotment going, even if someone else digs."
    ),
    "advance_decisions": "None written. I want to talk about it with Janet first.",
    "communication_needs": (
        "I am hard of hearing. Face me, speak clearly and not too fast, and don't cover your mouth. "
        "I have hearing aids but they whistle. Write things down for me in large print (big letters, black pen)."
    ),
    "medication_record_location": "Green folder on the kitchen worktop, next to the bread bin.",
    "powers_of_attorney": "Janet has lasting power of attorney for money and property (since 2023).",
    "key_contacts": (
        "Janet Price (daughter) – call first, any time.\nMy GP – the surgery on Lower Clapton Road.\n"
        "Rosa from Clapton Good Neighbours – Wednesday shopping."
    ),
    "wellbeing": (
        "Arthritis in both knees: stairs are slow, I use a stick outside. Sugar diabetes, diet controlled. "
        "I can get low in winter when it's dark early; a chat helps more than anything."
    ),
    "relationships": (
        "Janet and her two boys. My old mate Len from the bus garage rings on Fridays. "
        "The lunch club crowd. The lady next door, Mrs Okoro, has a key."
    ),
    "surroundings": (
        "Ground-floor flat in Clapton, E5, with a small yard. One step at the front door. "
        "Bus stop at the end of the road; the market on Chatsworth Road is a ten-minute walk."
    ),
    "support_preferences": (
        "Knock loudly and wait: I take a while to get to the door. Let me do what I can myself. "
        "Don't move my things. Tea with one sugar."
    ),
    "where_support_happens": "At home, at the lunch club, and at the allotment in the summer. Not by phone: I can't hear it well.",
    "approach_1": 2, "approach_2": 2, "approach_3": 4, "approach_4": 4, "approach_5": 4, "approach_6": 5,
    "age_band": GettingSupportProfile.AgeBand.A80,
    "gender": "Man",
    "ethnic_group": "White British",
    "written_with": "Arthur, with Janet (his daughter) and Kemal (organiser), March 2026",
}
# What Arthur lets Rosa (his Wednesday shopping volunteer) see.
ARTHUR_SHARES_WITH_ROSA = ["about_me", "important", "preferences", "where", "approach"]

D = datetime.date
# key, name, preferred, pronouns, languages, postcode, login?, signin note, profile fields, qualifications
WORKERS = [
    ("worker_ayse", "Ayşe Demir", "Ayşe", "she/her", "Turkish, English", "E8 2LX",
     "Care worker, self-employed (has a Giving Support profile)",
     {"introduction": "I have cared for older people in Hackney for eight years. I like to cook together and talk about home.",
      "experience": "Home care agency for five years, then self-employed. Supported people living with dementia and after a stroke.",
      "skills": "personal care, cooking, medication support, dementia care",
      "lived_experience": "I looked after my mother in Izmir in her last years.",
      "travel": "bus and on foot", "area_postcode": "E8 2LX", "area_km": 4,
      "availability": ["mon-am", "tue-am", "wed-am", "thu-am", "fri-am", "mon-pm", "wed-pm"],
      "independent": True, "rate_pence": 1650, "minimum_minutes": 60, "gender": "Woman",
      "approach_1": 3, "approach_2": 2, "approach_3": 4, "approach_4": 3, "approach_5": 4, "approach_6": 3},
     [("Care Certificate", D(2018, 5, 10), None), ("Emergency First Aid at Work", D(2024, 3, 1), D(2027, 3, 1)),
      ("Safe handling of medicines", D(2022, 9, 14), D(2025, 9, 14))]),
    ("worker_rahim", "Rahim Uddin", "Rahim", "he/him", "Bengali, Sylheti, English", "E5 0JT",
     "Volunteer (has a Giving Support profile)",
     {"introduction": "I'm a student at the college and volunteer at weekends. Happy to help with shopping, forms and phones.",
      "experience": "Food bank volunteer for two years. I help my grandparents with letters and the GP app.",
      "skills": "shopping, befriending, reading letters, computer help",
      "lived_experience": "",
      "travel": "bike", "area_postcode": "E5 0JT", "area_km": 3,
      "availability": ["sat-am", "sat-pm", "sun-am", "sun-pm", "wed-eve"],
      "gender": "Man",
      "approach_1": 4, "approach_2": 4, "approach_3": 4, "approach_4": 5, "approach_5": 4, "approach_6": 4},
     [("Food Hygiene Level 2", D(2025, 1, 20), D(2028, 1, 20))]),
    ("worker_tunde", "Babatunde Ogunleye", "Tunde", "he/him", "Yoruba, English", "E9 6PJ", "",
     {"introduction": "Care worker with the co-op. Calm, patient and strong on moving and handling.",
      "experience": "Ten years in home care and two in a nursing home. Hoists, stand aids, catheter care.",
      "skills": "personal care, mobility support, hoist, dementia care, night support",
      "lived_experience": "My father lived with Parkinson's.",
      "travel": "car", "area_postcode": "E9 6PJ", "area_km": 8,
      "availability": ["mon-eve", "tue-eve", "wed-eve", "thu-eve", "fri-night", "sat-night", "sun-night"],
      "gender": "Man",
      "approach_1": 1, "approach_2": 1, "approach_3": 3, "approach_4": 2, "approach_5": 3, "approach_6": 2},
     [("Level 3 Diploma in Adult Care", D(2017, 7, 1), None), ("Moving and handling", D(2025, 6, 2), D(2026, 6, 2))]),
    ("worker_kasia", "Katarzyna Wiśniewska", "Kasia", "she/her", "Polish, English", "E10 5QS", "",
     {"introduction": "Self-employed carer. I do personal care, cleaning and good home cooking.",
      "experience": "Six years with private clients in Leyton and Walthamstow.",
      "skills": "personal care, cleaning, cooking, night support",
      "lived_experience": "",
      "travel": "bus", "area_postcode": "E10 5QS", "area_km": 5,
      "availability": ["mon-pm", "tue-pm", "thu-pm", "fri-pm", "sat-am", "tue-night", "thu-night"],
      "independent": True, "rate_pence": 1500, "minimum_minutes": 120, "gender": "Woman",
      "approach_1": 2, "approach_2": 2, "approach_3": 2, "approach_4": 3, "approach_5": 2, "approach_6": 1},
     [("Care Certificate", D(2019, 2, 11), None), ("Food Hygiene Level 2", D(2023, 4, 3), D(2026, 4, 3))]),
    ("worker_grace", "Grace Owusu", "Grace", "she/her", "English, Twi", "N16 7UX", "",
     {"introduction": "Retired school cook. I love a walk and a sing-song, and I make a good soup.",
      "experience": "Church visiting team for twelve years.",
      "skills": "befriending, walks, cooking, singing",
      "lived_experience": "I cared for my husband through his cancer.",
      "travel": "on foot and bus", "area_postcode": "N16 7UX", "area_km": 2,
      "availability": ["tue-am", "tue-pm", "thu-am", "thu-pm", "sun-pm"],
      "gender": "Woman",
      "approach_1": 5, "approach_2": 3, "approach_3": 3, "approach_4": 5, "approach_5": 3, "approach_6": 5},
     [("DBS check (basic)", D(2025, 10, 1), D(2028, 10, 1))]),
    ("worker_dev", "Devesh Patel", "Dev", "he/him", "Gujarati, Hindi, English", "E17 6HB", "",
     {"introduction": "Volunteer driver. I can take you to appointments and the big shop, and sort out your phone.",
      "experience": "Hospital transport volunteer since 2019.",
      "skills": "driving, shopping, computer help, appointments",
      "lived_experience": "",
      "travel": "car (wheelchair fits in the boot)", "area_postcode": "E17 6HB", "area_km": 10,
      "availability": ["mon-am", "wed-am", "fri-am", "fri-pm"],
      "gender": "Man",
      "approach_1": 3, "approach_2": 1, "approach_3": 3, "approach_4": 2, "approach_5": 3, "approach_6": 2},
     [("Full UK driving licence", D(2001, 8, 20), None), ("Wheelchair and passenger safety", D(2023, 11, 9), D(2026, 11, 9))]),
    ("worker_mehmet", "Mehmet Yılmaz", "Mehmet", "he/him", "Turkish, Kurdish, English", "N16 8JH", "",
     {"introduction": "Care worker. Many of the men I support like having another man help with personal care.",
      "experience": "Four years with a Hackney agency, mostly evenings.",
      "skills": "personal care, cooking, DIY, night support",
      "lived_experience": "",
      "travel": "bike and bus", "area_postcode": "N16 8JH", "area_km": 5,
      "availability": ["mon-eve", "tue-eve", "wed-eve", "sat-pm", "sun-pm", "sun-eve"],
      "independent": True, "rate_pence": 1700, "minimum_minutes": 60, "gender": "Man",
      "approach_1": 3, "approach_2": 3, "approach_3": 5, "approach_4": 4, "approach_5": 5, "approach_6": 3},
     [("Care Certificate", D(2021, 3, 15), None), ("Emergency First Aid at Work", D(2025, 2, 17), D(2028, 2, 17))]),
    ("worker_ellen", "Ellen O'Brien", "Ellen", "she/her", "English, Irish", "E5 9QA", "",
     {"introduction": "Retired district nurse. I can pop in for a chat and keep an eye on how you are.",
      "experience": "Thirty years nursing in Hackney.",
      "skills": "wellbeing checks, medication reminders, befriending, knitting",
      "lived_experience": "I was carer for my brother, who had a learning disability.",
      "travel": "on foot", "area_postcode": "E5 9QA", "area_km": 1.5,
      "availability": ["mon-pm", "wed-pm", "fri-pm"],
      "gender": "Woman", "open_to_matching": False,  # taking a break: not shown in matches for now
      "approach_1": 2, "approach_2": 2, "approach_3": 4, "approach_4": 3, "approach_5": 4, "approach_6": 4},
     [("Registered nurse (lapsed)", D(1990, 9, 1), D(2020, 9, 1))]),
]
ROSA_GIVING = {
    "introduction": "I'm a Clapton Good Neighbours volunteer. I do Wednesday shopping and a cuppa.",
    "experience": "Volunteering since 2022.", "skills": "shopping, befriending, gardening",
    "travel": "on foot", "area_postcode": "E5 8BP", "area_km": 2,
    "availability": ["wed-am", "wed-pm", "sat-am"], "gender": "Woman",
    "approach_1": 4, "approach_2": 3, "approach_3": 4, "approach_4": 5, "approach_5": 4, "approach_6": 5,
}


def _profiles(ctx):
    clapton = ctx["commons"]["clapton"]
    people = ctx["people"]
    arthur = people["paper"]
    GettingSupportProfile.objects.update_or_create(commons=clapton, person=arthur, defaults=ARTHUR_PROFILE)
    for key in ARTHUR_SHARES_WITH_ROSA:
        part = profiles.section_part(key)
        if not AccessGrant.objects.current().filter(commons=clapton, grantor=arthur, grantee=people["member"], part=part).exists():
            AccessGrant.objects.create(commons=clapton, grantor=arthur, grantee=people["member"], part=part)

    for key, name, preferred, pronouns, languages, postcode, signin, fields, qualifications in WORKERS:
        email = f"{key.removeprefix('worker_')}@example.org"
        user = _user(email, name)
        person = Person.objects.filter(name=name).first() or Person(name=name)
        person.user, person.preferred_name, person.pronouns = user, preferred, pronouns
        person.languages, person.postcode, person.email = languages, postcode, email
        person.save()
        Membership.objects.update_or_create(
            commons=clapton, person=person, defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE}
        )
        people[key] = person
        defaults = {"open_to_matching": True, "independent": False, "rate_pence": None, "minimum_minutes": None, **fields}
        profile, _created = GivingSupportProfile.objects.update_or_create(commons=clapton, person=person, defaults=defaults)
        for q_name, gained, runs_out in qualifications:
            Qualification.objects.update_or_create(profile=profile, name=q_name,
                                                   defaults={"obtained_on": gained, "expires_on": runs_out})
        if signin:
            ctx["signins"].append({"email": email, "who": signin, "totp": ""})
    GivingSupportProfile.objects.update_or_create(commons=clapton, person=people["member"], defaults=ROSA_GIVING)
