"""Demo survey rounds in Clapton: a closed baseline (spring 2026) and a closed follow-up (autumn
2026) asking SWEMWBS, ONS personal well-being, loneliness and the commons' social climate survey,
with enough answers to show change; and an open round, a few questions at a time, where Rosa has
questions waiting. Safe to run twice: a round that exists is left as it is.

Answers are made up, seeded (the same every time), and plausible: people feel a little better and
belong a little more at the follow-up. People with a login answer online themselves; people
without one answered on paper or by phone, typed in by Kemal (the organiser). A few fictional
people without a login join Arthur's team and the Clapton North circle, so that the circle and
Arthur's team have at least 5 answers in each round, while Gloria's team (four people) has fewer.

Puts ``ctx["rounds"] = {"baseline", "follow_up", "open"}``."""

import datetime
import random

from django.utils import timezone

from caringcity.circles.models import Participant, ParticipantKind, Stakeholder
from caringcity.evaluation import keys
from caringcity.evaluation.models import (
    Answer, ConsentState, Group, How, Invitation, Pace, RoundKind, SurveyRound,
)
from caringcity.evaluation.selectors import surveys as sel
from caringcity.evaluation.services import surveys as services
from caringcity.people.models import Person
from caringcity.teams.models import MemberKind, MemberStatus, TeamMember

# Fictional people without a login: (key, name, team key or None, member kind, circle key or None).
EXTRA = [
    ("lily", "Lily Price", "arthur", MemberKind.FAMILY, None),
    ("tom", "Tom Okafor", None, None, "north"),
    ("maureen", "Maureen Dwyer", None, None, "north"),
    ("kwame", "Kwame Asante", None, None, "north"),
    ("sinead", "Sinéad Byrne", None, None, "north"),
]

GROUPS = [Group.TEAM_OWNERS, Group.FAMILY, Group.WORKERS, Group.VOLUNTEERS, Group.CIRCLE_MEMBERS]
WORDS = [
    "Having the same faces every week.", "Tea and a proper chat on Thursdays.", "Knowing who to ring when things go wrong.",
    "The lunch club at the hub.", "Being asked what I think, not told.", "The visits, and the garden.",
]
# Questions where a higher answer means worse (the rest: higher is better).
HIGH_IS_WORSE = {(keys.ONS4, "anxiety"), (keys.LONELINESS, "lack_companionship"), (keys.LONELINESS, "left_out"),
                 (keys.LONELINESS, "isolated")}


def _extra_people(ctx, commons, organiser):
    p = ctx["people"]
    for key, name, team_key, kind, circle_key in EXTRA:
        person = Person.objects.filter(name=name, created_by=organiser).first()
        if person is None:
            person = Person.objects.create(name=name, created_by=organiser)
        p[key] = person
        team = ctx.get("teams", {}).get(team_key) if team_key else None
        if team and not TeamMember.objects.current().filter(team=team, person=person).exists():
            TeamMember.objects.create(team=team, person=person, kind=kind, status=MemberStatus.ACTIVE,
                                      owner_says_yes=True, member_says_yes=True, joined=timezone.now())
        circle = ctx.get("circles", {}).get(circle_key) if circle_key else None
        if circle and not Participant.objects.current().filter(circle=circle, person=person).exists():
            Participant.objects.create(circle=circle, person=person, kind=ParticipantKind.FULL,
                                       stakeholder=Stakeholder.VOLUNTEER if team_key else Stakeholder.OTHER,
                                       joined=datetime.date(2026, 1, 10), added_by=organiser)


def _value(question, level, rng):
    """A plausible answer for someone at ``level`` (0 low, 1 high well-being)."""
    options = [option.value for option in question.item.options]
    worse_high = question.item.reverse or (question.instrument.key, question.item.key) in HIGH_IS_WORSE
    target = (1 - level) if worse_high else level
    index = round(target * (len(options) - 1) + rng.choice((-1, 0, 0, 0, 1)) * (0.6 if len(options) > 4 else 0.4))
    return options[max(0, min(len(options) - 1, index))]


def _answers(questions, level, rng, belonging_boost=0.0):
    answers, quote = {}, set()
    for q in questions:
        if q.item.kind == "text":
            if rng.random() < 0.4:
                answers[q.key] = rng.choice(WORDS)
                if rng.random() < 0.6:
                    quote.add(q.key)
            continue
        if rng.random() < 0.03:
            continue  # skipped
        boost = belonging_boost if q.item.factor in ("belonging", "unity") else 0.0
        answers[q.key] = _value(q, min(1.0, level + boost), rng)
    return answers, quote


def _level(rng, person_id, kind):
    base = 0.42 + (person_id % 7) * 0.03 + rng.uniform(-0.06, 0.06)
    return base if kind == RoundKind.BASELINE else base + 0.13 + rng.uniform(-0.04, 0.05)


def _answer_online(user, invitation, questions, answers, quote, today):
    services.consent_record(actor=user, invitation=invitation, given=True)
    for q in questions:
        given = answers.get(q.key)
        if q.item.kind == "text":
            services.answer_save(actor=user, invitation=invitation, instrument_key=q.instrument.key, item_key=q.item.key,
                                 text=given or "", skipped=given is None, may_quote=q.key in quote, today=today)
        else:
            services.answer_save(actor=user, invitation=invitation, instrument_key=q.instrument.key, item_key=q.item.key,
                                 value=given, skipped=given is None, today=today)
    services.invitation_finish(actor=user, invitation=invitation)


def _backdate(invitation, when):
    Answer.objects.filter(invitation=invitation).update(created=when)
    Invitation.objects.filter(pk=invitation.pk).update(
        consent_at=when, finished_at=when if invitation.consent == ConsentState.GIVEN else None)


def _closed_round(ctx, commons, kemal, name, kind, follows, instruments, opens_on, closes_on, seed, must):
    survey_round = SurveyRound.objects.filter(commons=commons, name=name).first()
    if survey_round is not None:
        return survey_round
    survey_round = services.round_create(
        actor=kemal, commons=commons, name=name, kind=kind, follows=follows, instruments=instruments, groups=GROUPS,
        pace=Pace.ALL_AT_ONCE, opens_on=opens_on, closes_on=closes_on, first_look_days=7)
    services.round_open(actor=kemal, survey_round=survey_round, today=opens_on)
    rng = random.Random(seed)
    questions = sel.questions(survey_round)
    p = ctx["people"]
    invitations = list(survey_round.invitations.select_related("person__user").order_by("person__name"))
    for number, invitation in enumerate(invitations):
        person = invitation.person
        if person.pk not in must and rng.random() < 0.3:
            continue  # did not answer this time
        if person == p.get("stan"):
            services.consent_record(actor=kemal, invitation=invitation, given=False,
                                    how=How.PHONE)
            _backdate(invitation, timezone.make_aware(datetime.datetime.combine(opens_on, datetime.time(11))))
            continue
        level = _level(rng, person.pk, kind)
        answers, quote = _answers(questions, level, rng, belonging_boost=0.08 if kind == RoundKind.FOLLOW_UP else 0.0)
        day = opens_on + datetime.timedelta(days=2 + number % 20)
        if person.user_id:
            _answer_online(person.user, invitation, questions, answers, quote, day)
        else:
            services.paper_form_enter(actor=kemal, invitation=invitation, how=How.PAPER if number % 3 else How.PHONE,
                                      agreed=True, answers=answers, may_quote=quote)
        invitation.refresh_from_db()
        _backdate(invitation, timezone.make_aware(datetime.datetime.combine(day, datetime.time(10 + number % 7))))
    services.round_close(actor=kemal, survey_round=survey_round)
    SurveyRound.objects.filter(pk=survey_round.pk).update(
        results_to_respondents=timezone.make_aware(datetime.datetime.combine(closes_on, datetime.time(18))))
    survey_round.refresh_from_db()
    return survey_round


def _open_round(ctx, commons, kemal, instruments):
    name = "Winter check-in 2026"
    survey_round = SurveyRound.objects.filter(commons=commons, name=name).first()
    if survey_round is not None:
        return survey_round
    today = timezone.localdate()
    opens_on = today - datetime.timedelta(days=10)
    survey_round = services.round_create(
        actor=kemal, commons=commons, name=name, kind=RoundKind.FOLLOW_UP, follows=ctx["rounds"]["follow_up"],
        instruments=instruments, groups=[Group.FAMILY, Group.VOLUNTEERS, Group.WORKERS], pace=Pace.DRIP,
        items_per_prompt=2, days_between_prompts=7, opens_on=opens_on, closes_on=today + datetime.timedelta(days=60),
        first_look_days=7)
    services.round_open(actor=kemal, survey_round=survey_round, today=opens_on)
    rosa = ctx["people"]["member"]
    invitation = survey_round.invitations.filter(person=rosa).first()
    if invitation is not None and rosa.user_id:
        # Rosa answered the first two questions ten days ago; the next two are waiting now.
        questions = sel.questions(survey_round)[:2]
        rng = random.Random(77)
        answers, _quote = _answers(questions, 0.6, rng)
        services.consent_record(actor=rosa.user, invitation=invitation, given=True)
        for q in questions:
            services.answer_save(actor=rosa.user, invitation=invitation, instrument_key=q.instrument.key,
                                 item_key=q.item.key, value=answers.get(q.key), skipped=q.key not in answers, today=opens_on)
    return survey_round


def build(ctx):
    try:
        from caringcity.evaluation.instruments import registry  # noqa: F401
    except ImportError:  # merge-time guard: the instruments part brings the registry
        return
    commons = ctx["commons"]["clapton"]
    kemal = ctx["people"]["organiser"].user
    _extra_people(ctx, commons, kemal)
    available = {inst.key for inst in sel.instruments_available(commons)}
    published = [key for key in (keys.SWEMWBS, keys.ONS4, keys.LONELINESS) if key in available]
    climate = ctx.get("climate")
    own = [climate.key] if climate is not None and climate.key in available else []
    chosen = published + own
    ctx["rounds"] = {}
    p = ctx["people"]
    circle = ctx.get("circles", {}).get("north")
    must = {p[key].pk for key in ("paper", "proxy", "member", "ayo", "lily", "tom") if key in p}
    if circle is not None:
        must |= set(Participant.objects.current().filter(circle=circle).values_list("person_id", flat=True))
    ctx["rounds"]["baseline"] = _closed_round(
        ctx, commons, kemal, "Spring 2026: where we start", RoundKind.BASELINE, None, chosen,
        datetime.date(2026, 3, 2), datetime.date(2026, 4, 30), 2026, must)
    ctx["rounds"]["follow_up"] = _closed_round(
        ctx, commons, kemal, "Autumn 2026: what has changed", RoundKind.FOLLOW_UP, ctx["rounds"]["baseline"], chosen,
        datetime.date(2026, 9, 1), datetime.date(2026, 10, 31), 2027, must)
    ctx["rounds"]["open"] = _open_round(ctx, commons, kemal, own + [keys.ONS4] if own else [keys.ONS4])
    ctx.setdefault("notes", []).append(
        "Surveys: a baseline (spring 2026) and a follow-up (autumn 2026), both closed, and a winter check-in asking a few "
        "questions at a time (Rosa has questions waiting).")
