"""Demo lab, plans part (fills in ctx["lab"]["plan"] and ctx["lab"]["policies"]).

The 2022 Community-Led Recovery Plan for London, as far as it is public: the Just Space network
published it on 4 April 2022, written with more than 60 community groups and campaigners; 44 policy
positions under four demands. Only the demands and the three policies the network knows by number
are here; the plan is marked partial and says what is missing. The plain-words summaries are the
demo network's own, not the plan's wording. The glossary's starter words are added.

Two files for trying the import (``data/demo/``): ``plan-with-a-bad-row.csv`` (a policy with no
plain-words summary) and ``plan-good.csv`` (the same, fixed), for a small fictional borough plan,
"Hackney Care Charter 2026 (draft)", that an organiser starts and imports."""

import datetime
from pathlib import Path

from caringcity.lab.models import Demand, DivergentView, GlossaryTerm, Plan, Policy
from caringcity.lab.services.plans import STARTER

DATA = Path(__file__).resolve().parent / "data" / "demo"

PLAN = {
    "title": "Community-Led Recovery Plan for London",
    "summary": (
        "A plan for London after Covid, written by the community groups and campaigners of the Just Space "
        "network. It asks for a city run for the people who live in it, not for developers: care for people "
        "and places, a real say for everyone, local neighbourhoods, and climate and nature first.\n\n"
        "Our network works to get its policies into the London Plan, into each borough's local plan and into "
        "health strategies. This page shows where each one stands."
    ),
    "published_on": datetime.date(2022, 4, 4),
    "public": True,
    "partial": True,
    "partial_note": (
        "Only 3 of the plan's 44 policies are here so far: the ones our network is working on now. The network "
        "will import the rest from the published plan.\n\n"
        "What is confirmed from what Just Space published: the date (4 April 2022), that more than 60 community "
        "groups and campaigners took part, that there are 44 policies, and the demands “A Caring City” and "
        "“Visibility and influence for all”. The names of demands 3 and 4 and the numbers of policies 2, 3 and 8 "
        "are as our network knows them; check them against the published plan. Policy titles here are our short "
        "names, not the plan's exact wording, and the full texts are not here yet. Policy 8 is in the plan's "
        "chapter on participation; which demand it sits under is not confirmed, so it is shown on its own."
    ),
}

DEMANDS = [
    (1, "A Caring City", "London takes care of people and nature, and of the places they share. Caring for each other "
        "goes with caring for the buildings we already have, instead of knocking them down."),
    (2, "Visibility and influence for all", "Everyone gets seen and heard in how London is planned, with money and "
        "support for community groups to take part."),
    (3, "A city of local neighbourhoods", "What people need every day is close to home."),
    (4, "Priority for climate and nature", "Decisions put the climate and nature first."),
]

# key, number, demand number (or None), title, our plain-words summary
POLICIES = [
    ("partnerships", 2, 1, "Widening the social care movement through partnerships",
     "Care is not only for the council and care companies. Community groups, universities, councils and health "
     "centres work together as partners, so more people can give and get care close to home."),
    ("care_hubs", 3, 1, "Community-led, place-based care hubs",
     "Every neighbourhood has a care hub: a place run with local people where care starts. Neighbours, families, "
     "volunteers and care workers meet there and plan care together. This is place-based care, shaped by the "
     "people who live there."),
    ("coproduction", 8, None, "Co-production embedded in planning and policy making",
     "Local people and groups make plans and policies together with the council, as equal partners. Co-production "
     "becomes the normal way of working, with time, money and training so everyone can take part, not a one-off "
     "consultation."),
]

SHAPED_BY_NOTE = "Just Space member groups: more than 60 community groups and campaigners took part."

# Our network's own discussion (fictional), kept beside the majority view.
DIVERGENT = {
    "care_hubs": ("Lea View Tenants and Residents (in our network's meeting)",
                  "We want hubs, but not as a way for the council to hand over services without the money to run them. "
                  "A hub must come with paid staff, not only volunteers."),
}


def build(ctx):
    lab = ctx["lab"]
    network = lab["commons"]
    plan, _ = Plan.objects.update_or_create(commons=network, slug="recovery-plan", defaults=PLAN)
    demands = {}
    for number, title, summary in DEMANDS:
        demands[number], _ = Demand.objects.update_or_create(plan=plan, number=number, defaults={"title": title, "summary": summary})
    policies = {}
    for key, number, demand, title, summary in POLICIES:
        policies[key], _ = Policy.objects.update_or_create(
            plan=plan, number=number,
            defaults={"title": title, "summary": summary, "demand": demands.get(demand), "shaped_by_note": SHAPED_BY_NOTE})
    for key, (held_by, view) in DIVERGENT.items():
        DivergentView.objects.get_or_create(policy=policies[key], held_by=held_by, defaults={"view": view})
    have = {term.lower() for term in GlossaryTerm.objects.filter(commons=network).values_list("term", flat=True)}
    GlossaryTerm.objects.bulk_create([GlossaryTerm(commons=network, term=str(term), also=also, meaning=str(meaning))
                                      for term, also, meaning in STARTER if str(term).lower() not in have])
    lab["plan"] = plan
    lab["policies"] = policies
    lab["import_files"] = {"bad": DATA / "plan-with-a-bad-row.csv", "good": DATA / "plan-good.csv"}
    ctx.setdefault("notes", []).append(
        "Plans: the Community-Led Recovery Plan for London (partial: 3 of 44 policies) in the Recovery Network; "
        "try importing caringcity/lab/data/demo/plan-with-a-bad-row.csv, then plan-good.csv, into a new plan.")
