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


# --- Getting Support: the pages of the profile, in the order they are written ------------------
SECTION_KEYS = [key for key, _label, _hint, _fields in GETTING_SUPPORT_SECTIONS]
SECTIONS = {key: {"key": key, "label": label, "hint": hint, "fields": fields, "part": section_part(key)}
            for key, label, hint, fields in GETTING_SUPPORT_SECTIONS}
# Pages that are not sections shared person by person: demographics (its own part, used only in
# counts) and who helped write the profile (shown to anyone who may open the profile).
EXTRA_PAGES = {
    "demographics": {
        "key": "demographics", "label": DEMOGRAPHICS.label, "part": DEMOGRAPHICS.key,
        "hint": _("All three are optional. Choose “Prefer not to say” or leave a box empty if you like. "
                  "These are only used in counts, so the commons can see who is left without support."),
        "fields": ["age_band", "gender", "ethnic_group"],
    },
    "written_with": {
        "key": "written_with", "label": _("Who helped write this"), "part": "",
        "hint": _("For example: “Written with my daughter Janet and Kemal from the commons, May 2026.”"),
        "fields": ["written_with"],
    },
}
EDIT_PAGES = {**SECTIONS, **EXTRA_PAGES}
EDIT_ORDER = SECTION_KEYS + ["demographics", "written_with"]

# What the owner shares person by person on the sharing page: each section, and the trust assessment.
SHARING_PARTS = [section_part(key) for key in SECTION_KEYS] + [TRUST_ASSESSMENT.key]


def sharing_columns():
    return [{"part": part, "label": privacy.part_label(part)} for part in SHARING_PARTS]


def next_edit_page(key):
    index = EDIT_ORDER.index(key)
    return EDIT_ORDER[index + 1] if index + 1 < len(EDIT_ORDER) else None


def section_number(key):
    return EDIT_ORDER.index(key) + 1


# --- the six scales, in words ------------------------------------------------------------------
def scale_text(value, left, right):
    """How a 1–5 answer reads in words."""
    if value is None:
        return _("Not answered yet")
    if value == 1:
        return left
    if value == 2:
        return _("Closer to “%(words)s”") % {"words": left}
    if value == 3:
        return _("In the middle")
    if value == 4:
        return _("Closer to “%(words)s”") % {"words": right}
    return right


def scale_choices(left, right):
    """Radio choices for one scale: every choice says in words what it means."""
    return [(str(n), f"{n} – {scale_text(n, left, right)}") for n in range(1, 6)] + [
        ("", _("Not sure, or I would rather not say"))
    ]


def scale_rows(obj):
    """For display: each scale with its words, its answer in words, and five boxes (the chosen one marked)."""
    rows = []
    for field_name, left, right in APPROACH_SCALES:
        value = getattr(obj, field_name, None)
        rows.append({
            "field": field_name, "left": left, "right": right, "value": value,
            "text": scale_text(value, left, right),
            "boxes": [{"n": n, "chosen": n == value} for n in range(1, 6)],
        })
    return rows


# --- Giving Support: the pages of the profile --------------------------------------------------
GIVING_STEPS = [
    ("about", _("About you and your experience"),
     _("Say who you are and what you have done. People read this when they look for someone to join their team."),
     ["introduction", "experience", "skills", "lived_experience"]),
    ("travel", _("Where you can go"),
     _("We use the postcode only to work out distances. Other people see just the first half, like E5."),
     ["travel", "area_postcode", "area_km"]),
    ("availability", _("When you are free"),
     _("Tick every time of the week when you could usually help."), ["availability"]),
    ("paid", _("Working for yourself"),
     _("Only if you are self-employed and people pay you directly."), ["independent", "rate_pence", "minimum_minutes"]),
    ("approach", _("How you like to support people"),
     _("Six scales from 1 to 5. There are no right answers: they help people find someone who suits them."),
     APPROACH_FIELDS),
    ("matching", _("Being found"),
     _("Choose whether people looking for support can find you."), ["gender", "open_to_matching"]),
]
GIVING_STEP_KEYS = [key for key, _label, _hint, _fields in GIVING_STEPS]
GIVING_PAGES = {key: {"key": key, "label": label, "hint": hint, "fields": fields}
                for key, label, hint, fields in GIVING_STEPS}
GIVING_FIELDS = [f for _key, _label, _hint, fields in GIVING_STEPS for f in fields]

MINIMUM_BOOKING_CHOICES = [
    ("", _("No shortest booking")), ("30", _("30 minutes")), ("60", _("1 hour")), ("90", _("1 and a half hours")),
    ("120", _("2 hours")), ("180", _("3 hours")), ("240", _("4 hours")),
]


def next_giving_step(key):
    index = GIVING_STEP_KEYS.index(key)
    return GIVING_STEP_KEYS[index + 1] if index + 1 < len(GIVING_STEP_KEYS) else None


def minimum_label(minutes):
    if not minutes:
        return ""
    labels = dict(MINIMUM_BOOKING_CHOICES)
    return labels.get(str(minutes)) or _("%(n)s minutes") % {"n": minutes}


def format_pence(pence):
    """1250 -> '£12.50'."""
    if pence is None:
        return ""
    return f"£{pence // 100}.{pence % 100:02d}"


def availability_grid(slots):
    """Rows of days, each with its four parts of the day and whether the slot is ticked."""
    chosen = set(slots or [])
    return [
        {"key": day, "label": day_label, "cells": [
            {"slot": f"{day}-{part}", "label": slot_label(f"{day}-{part}"), "part_label": part_label,
             "free": f"{day}-{part}" in chosen}
            for part, part_label in DAY_PARTS
        ]}
        for day, day_label in DAYS
    ]

# Not shared person by person (it is for matching), but named so the list of who looked and
# changed things can say what was changed.
GIVING_PROFILE = privacy.register_part(
    "giving_profile", _("Giving Support profile"),
    _("What a worker or volunteer says about themselves, for matching."), grantable=False,
)


def section_blocks(profile, bases):
    """What the profile page shows for each section: its words when the viewer may see it
    (``bases[part]`` is set), otherwise only its name. No queries."""
    from caringcity.people.models import GettingSupportProfile

    meta = GettingSupportProfile._meta
    blocks = []
    for key in SECTION_KEYS:
        section = SECTIONS[key]
        basis = bases.get(section["part"])
        block = {**section, "basis": basis, "visible": bool(basis), "number": section_number(key)}
        if basis:
            if key == "approach":
                block["scales"] = scale_rows(profile)
                block["empty"] = all(row["value"] is None for row in block["scales"])
            else:
                block["rows"] = [{"label": meta.get_field(f).verbose_name, "value": getattr(profile, f)}
                                 for f in section["fields"]]
                block["empty"] = not any(row["value"] for row in block["rows"])
        blocks.append(block)
    return blocks


def demographics_rows(profile):
    return [
        {"label": _("Age group"), "value": profile.get_age_band_display() if profile.age_band else ""},
        {"label": _("Gender"), "value": profile.gender},
        {"label": _("Ethnic group"), "value": profile.ethnic_group},
    ]
