"""Demo personas for the foundation: two commons, every role, a person without a login and
their proxy. All people are fictional; places are real London neighbourhoods."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from caringcity.core.models import Commons, User
from caringcity.people.models import (
    AccessGrant,
    EmergencyContact,
    Membership,
    Organisation,
    OrganisationMembership,
    Person,
    Proxy,
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
