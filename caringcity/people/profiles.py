"""What the Getting Support and Giving Support profiles are made of: sections (each a privacy
part the owner shares person by person), the six support-approach scales, and the weekly
availability grid. Kept apart from models.py so forms, views, matching and printing share it."""

from django.utils.translation import gettext_lazy as _

from caringcity.people import privacy

# key, label, hint, model fields in the section
GETTING_SUPPORT_SECTIONS = [
    ("about_me", _("About me"), _("Who you are, your life so far, what you enjoy."), ["about_me"]),
    ("important", _("What's important to me"), _("The things that matter most to you, day to day."), ["important_to_me"]),
    ("essentials", _("Essentials"), _("Things everyone supporting you must know."),
     ["advance_decisions", "communication_needs", "medication_record_location", "powers_of_attorney"]),
    ("contacts", _("Key contacts"), _("People and services to call, and when."), ["key_contacts"]),
    ("wellbeing", _("Physical and mental wellbeing"), _("Your health, in your own words, and what helps."), ["wellbeing"]),
    ("relationships", _("Relationships and community"), _("Family, friends, neighbours and groups in your life."), ["relationships"]),
    ("surroundings", _("My surroundings"), _("Your home and the area around it."), ["surroundings"]),
    ("preferences", _("How I like to be supported"), _("What good support looks like to you."), ["support_preferences"]),
    ("where", _("Where support happens"), _("At home, out and about, online or by phone."), ["where_support_happens"]),
    ("approach", _("Support approach"), _("Six scales from 1 to 5 about how you like people to be with you."),
     ["approach_1", "approach_2", "approach_3", "approach_4", "approach_5", "approach_6"]),
]

# The six support-approach scales, 1 = the left words, 5 = the right words.
APPROACH_SCALES = [
    ("approach_1", _("Quiet and calm"), _("Chatty and lively")),
    ("approach_2", _("Keep to a routine"), _("Go with the flow")),
    ("approach_3", _("Do things for me"), _("Help me do things myself")),
    ("approach_4", _("Polite and formal"), _("Relaxed and informal")),
    ("approach_5", _("Tell me what you think"), _("Let me decide")),
    ("approach_6", _("Jobs first"), _("Company and a chat first")),
]
APPROACH_FIELDS = [key for key, _left, _right in APPROACH_SCALES]

DAYS = [
    ("mon", _("Monday")), ("tue", _("Tuesday")), ("wed", _("Wednesday")), ("thu", _("Thursday")),
    ("fri", _("Friday")), ("sat", _("Saturday")), ("sun", _("Sunday")),
]
DAY_PARTS = [("am", _("Morning")), ("pm", _("Afternoon")), ("eve", _("Evening")), ("night", _("Night"))]
SLOTS = [f"{day}-{part}" for day, _d in DAYS for part, _p in DAY_PARTS]


def slot_label(slot):
    day, part = slot.split("-")
    return f"{dict(DAYS)[day]} {str(dict(DAY_PARTS)[part]).lower()}"


def section_part(key):
    return f"profile.{key}"


for _key, _label, _hint, _fields in GETTING_SUPPORT_SECTIONS:
    privacy.register_part(section_part(_key), _label, _hint)

TRUST_ASSESSMENT = privacy.register_part(
    "trust_assessment", _("Trust assessment"),
    _("What the Profile Holder noted about home, medication support, mobility, getting out and boundaries."),
)
DEMOGRAPHICS = privacy.register_part(
    "demographics", _("Age group, gender and ethnic group"),
    _("Used only in counts, so the commons can see who is left without a team."),
    open_to_roles={"organiser", "admin"},
)
