"""Reads for survey rounds: the questionnaires a round asks (through the instruments registry), the
questions in order, what is open for a person now (drip-feed), counts for organisers (never
answers), the entries someone typed in for another person, and a person's own answers.

Nobody but the respondent reads their answers one by one: ``own_answers`` is only ever called for
the signed-in person's own invitation."""

from dataclasses import dataclass

from django.db.models import Count, Min, Q
from django.utils import timezone

from caringcity.evaluation.models import (
    Answer, ConsentState, How, Invitation, Pace, RoundStatus, SurveyRound,
)


# --- the questionnaires, through the instruments registry ------------------------------------------
def instrument(commons, key):
    """The questionnaire ``key`` of ``commons`` (LookupError when unknown or not licensed)."""
    from caringcity.evaluation.instruments import registry

    return registry.get(commons, key)


def instruments_available(commons):
    """[Instrument] a round may use now."""
    from caringcity.evaluation.instruments import registry

    return list(registry.available(commons))


def round_instruments(survey_round):
    """[Instrument] the round asks, in order (one that is no longer available is left out)."""
    result = []
    for key in survey_round.instruments:
        try:
            result.append(instrument(survey_round.commons, key))
        except LookupError:
            continue
    return result


@dataclass(frozen=True)
class Question:
    number: int  # 1-based, across the round's questionnaires
    instrument: object
    item: object

    @property
    def key(self):
        return (self.instrument.key, self.item.key)


def questions(survey_round, instruments=None):
    """[Question] every question of the round, in order."""
    instruments = round_instruments(survey_round) if instruments is None else instruments
    result = []
    for inst in instruments:
        for item in inst.items:
            result.append(Question(len(result) + 1, inst, item))
    return result


# --- what is open for a person now --------------------------------------------------------------------
def dealt_with(invitation):
    """{(instrument_key, item_key): Answer} the person has answered or skipped."""
    return {(a.instrument_key, a.item_key): a for a in invitation.answers.all()}


def open_numbers(invitation, qs, done, today=None):
    """The question numbers the person may open now. All of them at once; in drip-feed mode the
    ones already dealt with plus, while a batch is open, the rest of the batch."""
    survey_round = invitation.round
    if survey_round.pace != Pace.DRIP:
        return {q.number for q in qs}
    today = today or timezone.localdate()
    answered = [q.number for q in qs if q.key in done]
    waiting = [q.number for q in qs if q.key not in done]
    per = max(1, survey_round.items_per_prompt)
    in_batch = len(answered) % per
    if in_batch:  # a batch is under way: finish it
        batch = waiting[: per - in_batch]
    elif invitation.next_prompt_on is None or invitation.next_prompt_on <= today:
        batch = waiting[:per]
    else:
        batch = []
    return set(answered) | set(batch)


@dataclass
class Progress:
    questions: list
    done: dict
    open: set
    total: int
    answered: int
    next_number: int | None  # the first open question not yet dealt with
    waiting: int  # open questions not yet dealt with
    next_on: object  # drip-feed: when more open (a date) or None


def progress(invitation, today=None):
    qs = questions(invitation.round)
    done = dealt_with(invitation)
    opened = open_numbers(invitation, qs, done, today)
    waiting = [q.number for q in qs if q.number in opened and q.key not in done]
    left = [q for q in qs if q.key not in done]
    next_on = invitation.next_prompt_on if (left and not waiting) else None
    return Progress(qs, done, opened, len(qs), len(done), waiting[0] if waiting else None, len(waiting), next_on)


def may_answer(invitation):
    """True while the person may answer online (round open, they have not said no)."""
    return (invitation.round.status == RoundStatus.OPEN
            and invitation.consent not in (ConsentState.DECLINED, ConsentState.WITHDRAWN))


# --- the signed-in person's invitations ------------------------------------------------------------------
def my_invitations(user, commons):
    """The signed-in person's invitations in ``commons``, newest round first."""
    person = getattr(user, "person", None) if user.is_authenticated else None
    if person is None:
        return Invitation.objects.none()
    return (Invitation.objects.filter(round__commons=commons, person=person)
            .exclude(round__status=RoundStatus.DRAFT)
            .select_related("round", "round__commons", "person").order_by("-round__opens_on", "round__name"))


def waiting_for(user, commons, today=None):
    """[(invitation, Progress)] of open rounds where questions wait for the person now."""
    rows = []
    for invitation in (my_invitations(user, commons).filter(round__status=RoundStatus.OPEN, finished_at__isnull=True)
                       .exclude(consent__in=[ConsentState.DECLINED, ConsentState.WITHDRAWN])
                       .prefetch_related("answers")):
        prog = progress(invitation, today)
        if prog.waiting or invitation.consent == ConsentState.NOT_ASKED:
            rows.append((invitation, prog))
    return rows


def access_my_invitation(user, commons, uuid):
    """The signed-in person's own invitation, or None (the view answers 404)."""
    try:
        return my_invitations(user, commons).prefetch_related("answers__entered_by").get(uuid=uuid)
    except (Invitation.DoesNotExist, ValueError, TypeError):
        return None


def own_answers(invitation):
    """[(Question, Answer or None)] for the person's own "My answers" and check pages."""
    done = dealt_with(invitation)
    return [(q, done.get(q.key)) for q in questions(invitation.round)]


# --- organisers: rounds, counts, entries ------------------------------------------------------------------
def rounds_of(commons):
    return (SurveyRound.objects.filter(commons=commons).select_related("follows")
            .annotate(invited=Count("invitations"),
                      finished=Count("invitations", filter=Q(invitations__finished_at__isnull=False)))
            .order_by("-opens_on", "name"))


def round_counts(survey_round):
    """How many were invited, agreed, said no, stopped, finished, and how they took part. Counts
    only: never an answer."""
    invitations = Invitation.objects.filter(round=survey_round)
    totals = invitations.aggregate(
        invited=Count("pk"),
        agreed=Count("pk", filter=Q(consent=ConsentState.GIVEN)),
        declined=Count("pk", filter=Q(consent=ConsentState.DECLINED)),
        withdrawn=Count("pk", filter=Q(consent=ConsentState.WITHDRAWN)),
        not_asked=Count("pk", filter=Q(consent=ConsentState.NOT_ASKED)),
        finished=Count("pk", filter=Q(finished_at__isnull=False)),
        **{f"how_{how.value}": Count("pk", filter=Q(consent=ConsentState.GIVEN, consent_how=how.value)) for how in How},
    )
    totals["by_how"] = [(how.label, totals.pop(f"how_{how.value}")) for how in How]
    return totals


def entries(survey_round):
    """[dict] one row per person whose answers someone else typed in: who, for whom, how, when.
    A fixed number of queries."""
    rows = (Answer.objects.filter(invitation__round=survey_round, entered_by__isnull=False)
            .exclude(how=How.ONLINE)
            .values("invitation_id", "entered_by_id", "how", "acting_for_id")
            .annotate(first=Min("created")).order_by("first"))
    rows = list(rows)
    from django.contrib.auth import get_user_model

    from caringcity.people.models import Person

    users = {u.pk: u for u in get_user_model().objects.filter(pk__in={r["entered_by_id"] for r in rows}).select_related("person")}
    people = Person.objects.in_bulk({r["acting_for_id"] for r in rows if r["acting_for_id"]})
    result = []
    for row in rows:
        user = users.get(row["entered_by_id"])
        by = getattr(getattr(user, "person", None), "display_name", "") or getattr(user, "name", "") or str(user)
        whom = people.get(row["acting_for_id"])
        result.append({"by": by, "whom": whom.display_name if whom else "", "how": How(row["how"]).label.lower(),
                       "when": row["first"]})
    return result


def invited_people(survey_round):
    """The round's invitations with their people, by name (for picking someone and for print)."""
    return (Invitation.objects.filter(round=survey_round).select_related("person")
            .prefetch_related("teams", "circles").order_by("person__name", "pk"))


def invitation_by_code(survey_round, code):
    code = "".join((code or "").split()).upper()
    return Invitation.objects.filter(round=survey_round, code=code).select_related("person").first()
