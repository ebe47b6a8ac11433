"""Demo results: the baseline and follow-up rounds of the surveys demo (``ctx["rounds"]``) shared
with the people who answered a week after each closed, so that, today, everyone in Clapton can see
them; and four entries in the reflection log, linked to indicators of the framework in use
(``ctx["framework"]``) and to the platform's figures, one of them overdue for a second look.
Made through the services (so the audit trail is real). Safe to run twice: a round already shared
is left as it is and a reflection is found by its title. Puts ``ctx["reflections"]``."""

import datetime

from django.utils import timezone

from caringcity.evaluation import keys
from caringcity.evaluation.models import Indicator, Method, Reflection, RoundStatus
from caringcity.evaluation.services import results as services

REFLECTIONS = [
    {
        "key": "rota",
        "title": "Fewer gaps in the rota",
        "saw": "Almost every planned visit had someone this autumn. In spring about one visit in eight had nobody.",
        "means": "The volunteers' Sunday rota and the second Rota Holder in Arthur's team made the difference.",
        "change": "Ask the two newest volunteers if they would like to share the Rota Holder hat in Doreen's team.",
        "look_again_days": 75,
        "who": "The Clapton circle, with Rosa and two volunteers, at its November meeting.",
        "metrics": [keys.COVER_RATE, keys.SHARED_HATS],
        "indicator_keys": [keys.COVER_RATE, keys.SHARED_HATS],
        "writer": "organiser",
        "team": "arthur",
    },
    {
        "key": "belonging",
        "title": "People feel they belong a little more",
        "saw": "In the autumn round the social climate survey's belonging score was higher than in spring, and "
               "fewer people said they often feel lonely.",
        "means": "The Thursday lunch club and the new faces from the North circle may help. They may not be the "
                 "same people who answered each time, so we hold this lightly.",
        "change": "Keep the lunch club going through winter and ask at the next round whether people came.",
        "look_again_days": 160,
        "who": "Team owners and their families, at the results afternoon at the hub.",
        "metrics": [keys.ACTIVE_TIES],
        "indicator_keys": [keys.ACTIVE_TIES, "factor-", "ucla3", "direct"],
        "writer": "member",
        "round": "follow_up",
    },
    {
        "key": "faces",
        "title": "The same faces every week",
        "saw": "Owners mostly see people they already know, but when a regular volunteer is away the cover comes "
               "from someone new.",
        "means": "Continuity holds on ordinary weeks and breaks in holidays.",
        "change": "Plan holiday cover a month ahead with someone the owner has met.",
        "look_again_days": -10,  # overdue: time to look again
        "who": "Kemal and Amara (organisers), with Gloria's team.",
        "metrics": [keys.CONTINUITY],
        "indicator_keys": [keys.CONTINUITY],
        "writer": "organiser",
    },
    {
        "key": "decisions",
        "title": "Objections took longer to settle than we thought",
        "saw": "Most decisions with a concern or objection were settled, but some took two meetings.",
        "means": "Objections are being heard, not pushed aside. The second meeting is where the proposal gets better.",
        "change": "Try a short advice process before a proposal goes to the circle.",
        "look_again_days": 90,
        "who": "The Clapton North circle.",
        "metrics": [keys.DECISIONS_RESOLVED],
        "indicator_keys": [keys.DECISIONS_RESOLVED],
        "writer": "organiser",
        "circle": "north",
    },
]


def _share(organiser, survey_round, now):
    survey_round.refresh_from_db()
    if survey_round.status != RoundStatus.CLOSED or survey_round.results_to_respondents is not None:
        return
    closed = timezone.make_aware(datetime.datetime.combine(survey_round.closes_on + datetime.timedelta(days=7), datetime.time(10)))
    latest = now - datetime.timedelta(days=survey_round.first_look_days + 1)  # so everyone sees them today
    services.round_results_share(actor=organiser, survey_round=survey_round, now=min(closed, latest))


def _indicators(framework, wanted):
    """Indicators of the framework whose measure is one of ``wanted`` (a key ending with "-" matches
    every measure starting with it: own questionnaires' factors)."""
    if framework is None:
        return []
    found = []
    for indicator in Indicator.objects.filter(outcome__domain__framework=framework).order_by("pk"):
        key = indicator.measure_key
        if any(key == w or (w.endswith("-") and key.startswith(w)) for w in wanted):
            found.append(indicator)
    if not found:  # a framework without these measures: the first platform figure, if any
        found = list(Indicator.objects.filter(outcome__domain__framework=framework, method=Method.METRIC).order_by("pk")[:1])
    return found[:3]


def build(ctx):
    commons = ctx["commons"]["clapton"]
    people = ctx["people"]
    organiser = people["organiser"].user
    now = timezone.now()
    rounds = ctx.get("rounds") or {}  # merge-time guard: the surveys part brings the rounds
    for key in ("baseline", "follow_up"):
        if rounds.get(key) is not None:
            _share(organiser, rounds[key], now)

    framework = ctx.get("framework")
    today = timezone.localdate()
    ctx["reflections"] = {}
    for row in REFLECTIONS:
        reflection = Reflection.objects.filter(commons=commons, title=row["title"]).first()
        if reflection is None:
            writer = people[row["writer"]].user
            data = {"title": row["title"], "saw": row["saw"], "means": row["means"], "change": row["change"],
                    "look_again_on": today + datetime.timedelta(days=row["look_again_days"]),
                    "who_was_there": row["who"], "metrics": row["metrics"],
                    "indicators": _indicators(framework, row["indicator_keys"]),
                    "round": rounds.get(row["round"]) if row.get("round") else None,
                    "team": ctx.get("teams", {}).get(row["team"]) if row.get("team") else None,
                    "circle": ctx.get("circles", {}).get(row["circle"]) if row.get("circle") else None}
            reflection = services.reflection_add(actor=writer, commons=commons, data=data)
        ctx["reflections"][row["key"]] = reflection
    ctx.setdefault("notes", []).append(
        "Results: the spring and autumn rounds are shared (everyone can see them); the reflection log has four "
        "entries, one overdue for a second look.")
