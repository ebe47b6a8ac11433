"""Writes for everyday decisions: the advice process, the simple poll and the meeting time poll.

Keyword-only, atomic, each writing its audit event (never what anyone said). A state change is
checked with ``states.check`` first. Someone entering an answer for another person (a secretary
typing in advice or a vote given by phone or on paper) is recorded: ``recorded_by`` and ``how`` on
the row, ``acting_for`` in the audit trail. Finishing an advice process or a poll writes a decision
record through ``records.decision_record``; closing a time poll also plans the meeting through
the meetings part's ``meeting_plan``. E-mails carry the title and a link, nothing else.

Audit actions are at most 20 characters (the audit trail's limit): ``circles.advice.start``,
``circles.advice.give``, ``circles.advice.close`` (with the reason "decided" or "withdrawn"),
``circles.poll.start``, ``circles.poll.vote``, ``circles.poll.close``."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from caringcity.circles import states
from caringcity.circles.access import circle_standing, place_of
from caringcity.circles.models import (
    ENTERED_HOW,
    Advice,
    AdviceProcess,
    DecisionKind,
    How,
    Poll,
    PollKind,
    PollOption,
    Vote,
    VoteAnswer,
)
from caringcity.circles.selectors import everyday as selectors
from caringcity.circles.services.records import decision_record, email_title
from caringcity.core.services import audit_record, email_queue

MIN_CHOICES, MAX_CHOICES = 2, 10
MIN_SLOTS, MAX_SLOTS = 2, 12
SLOT_MINUTES = (15, 480)


# --- shared -----------------------------------------------------------------------------------------
def _lock(obj):
    """The row again, locked for this transaction, keeping the circle already fetched."""
    fresh = type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)
    fresh.circle = obj.circle
    return fresh


def _own_person(actor, circle):
    person = circle_standing(actor, circle).person
    if person is None:
        raise ValidationError(_("Only members of the commons can do this."))
    return person


def _for_whom(actor, circle, person, how):
    """(person, how, acting_for): the actor themselves online, or, for the circle's secretary, the
    person whose answer they type in and how it was given."""
    own = _own_person(actor, circle)
    if person is None or person.pk == own.pk:
        return own, How.ONLINE, None
    if not circle_standing(actor, circle).is_secretary:
        raise ValidationError({"person": _("Only the circle's secretary can enter an answer for someone else.")})
    if how not in ENTERED_HOW:
        raise ValidationError({"how": _("Say how they gave it: by phone, on paper or in a meeting.")})
    return person, how, person


def _link(name, circle, obj):
    return settings.SITE_URL + reverse(f"circles:{name}", args=[circle.commons.slug, obj.uuid])


def _tell(people, *, template, subject, context):
    """E-mail each person with a login (in their own language): the title and a link only."""
    for person in people:
        user = person.user if person.user_id else None
        if user is None or not user.email:
            continue
        with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
            email_queue(to=user.email, subject=str(subject), template=template, context=context)


def _stripped(value):
    return (value or "").strip()


# --- advice process ---------------------------------------------------------------------------------
@transaction.atomic
def advice_start(*, actor, circle, title, question, decide_by, asked, decider=None):
    """The decider (the actor, or someone the circle's secretary starts it for) asks people in the
    circle, and any members of the commons affected, for advice before deciding by ``decide_by``."""
    standing = circle_standing(actor, circle)
    own = _own_person(actor, circle)
    decider = decider or own
    acting_for = None
    if decider.pk != own.pk:
        if not standing.is_secretary:
            raise ValidationError({"decider": _("Only the circle's secretary can start an advice process for someone else.")})
        acting_for = decider
    if not place_of(circle, decider)[0]:
        raise ValidationError({"decider": _("The person who decides must be in the circle.")})
    title, question = _stripped(title), _stripped(question)
    asked = [person for person in dict.fromkeys(asked or ()) if person.pk != decider.pk]
    errors = {}
    if not title:
        errors["title"] = _("Give it a short title.")
    if not question:
        errors["question"] = _("Say what needs deciding and what you have in mind.")
    if decide_by is None or decide_by < timezone.localdate():
        errors["decide_by"] = _("Choose a date from today on.")
    if not asked:
        errors["asked"] = _("Choose at least one person to ask.")
    elif not {person.pk for person in asked} <= selectors.askable_ids(circle):
        errors["asked"] = _("You can ask people in the circle and members of the commons.")
    if errors:
        raise ValidationError(errors)
    process = AdviceProcess.objects.create(circle=circle, decider=decider, title=title, question=question,
                                           decide_by=decide_by, created_by=actor)
    Advice.objects.bulk_create([Advice(process=process, person=person) for person in asked])
    audit_record(actor=actor, action="circles.advice.start", obj=process, commons=circle.commons, acting_for=acting_for)
    _tell(asked, template="circles/everyday/email/advice_asked", subject=_("Your advice is asked for"),
          context={"title": email_title(circle, title), "link": _link("advice_detail", circle, process)})
    return process


@transaction.atomic
def advice_give(*, actor, process, text, person=None, how=How.ONLINE):
    """Someone asked gives their advice (and may change it until the decision). The circle's
    secretary can enter advice given by phone or on paper, for the person who gave it."""
    process = _lock(process)
    states.check("advice", process.status, "give")
    person, how, acting_for = _for_whom(actor, process.circle, person, how)
    row = Advice.objects.filter(process=process, person=person).first()
    if row is None:
        message = _("%(name)s was not asked for advice.") % {"name": person.display_name}
        raise ValidationError({"person": message} if acting_for else message)
    text = _stripped(text)
    if not text:
        raise ValidationError({"text": _("Write the advice.")})
    row.text, row.given_at, row.how, row.recorded_by = text, timezone.now(), how, actor
    row.save(update_fields=["text", "given_at", "how", "recorded_by", "updated"])
    audit_record(actor=actor, action="circles.advice.give", obj=process, commons=process.circle.commons, acting_for=acting_for)
    return row


def _decider_check(actor, process):
    """acting_for: None when the decider acts, the decider when the circle's secretary does."""
    own = _own_person(actor, process.circle)
    if own.pk == process.decider_id:
        return None
    if not circle_standing(actor, process.circle).is_secretary:
        raise ValidationError(_("Only the person who decides can do this."))
    return process.decider


@transaction.atomic
def advice_decide(*, actor, process, text, reasons, review_on=None, how=How.ONLINE):
    """The decider records what they decided and why. This writes the decision record; those who
    took part are the decider and everyone who gave advice."""
    process = _lock(process)
    to = states.check("advice", process.status, "decide")
    acting_for = _decider_check(actor, process)
    text, reasons = _stripped(text), _stripped(reasons)
    errors = {}
    if not text:
        errors["text"] = _("Say what you decided.")
    if not reasons:
        errors["reasons"] = _("Say why: what you heard in the advice, and how it shaped the decision.")
    if review_on is not None and review_on <= timezone.localdate():
        errors["review_on"] = _("Choose a review date after today.")
    if acting_for is not None and how not in ENTERED_HOW:
        errors["how"] = _("Say how they told you: by phone, on paper or in a meeting.")
    if errors:
        raise ValidationError(errors)
    decider = process.decider
    given = list(process.advice.exclude(text="").select_related("person"))
    takers = [(decider, how if acting_for else How.ONLINE)] + [(row.person, row.how) for row in given if row.person_id != decider.pk]
    decision = decision_record(actor=actor, circle=process.circle, kind=DecisionKind.ADVICE, title=process.title, text=text,
                               reasons=reasons, review_on=review_on, takers=takers)
    process.status, process.decision = to, decision
    process.save(update_fields=["status", "decision", "updated"])
    audit_record(actor=actor, action="circles.advice.close", obj=process, commons=process.circle.commons,
                 acting_for=acting_for, reason="decided")
    return decision


@transaction.atomic
def advice_withdraw(*, actor, process):
    """The decider stops asking without deciding. Nothing is recorded as decided."""
    process = _lock(process)
    to = states.check("advice", process.status, "withdraw")
    acting_for = _decider_check(actor, process)
    process.status = to
    process.save(update_fields=["status", "updated"])
    audit_record(actor=actor, action="circles.advice.close", obj=process, commons=process.circle.commons,
                 acting_for=acting_for, reason="withdrawn")
    return process


# --- polls ------------------------------------------------------------------------------------------
def _clean_choices(choices):
    cleaned = [" ".join(choice.split()) for choice in choices or () if choice and choice.strip()]
    if len({choice.casefold() for choice in cleaned}) != len(cleaned):
        raise ValidationError({"choices": _("Each choice must be different.")})
    if not MIN_CHOICES <= len(cleaned) <= MAX_CHOICES:
        raise ValidationError({"choices": _("Give between %(min)s and %(max)s choices.") % {"min": MIN_CHOICES, "max": MAX_CHOICES}})
    for choice in cleaned:
        if len(choice) > 200:
            raise ValidationError({"choices": _("Keep each choice shorter than 200 letters.")})
    return cleaned


def _clean_slots(slots):
    slots = list(slots or ())
    cleaned = sorted(slots, key=lambda slot: slot[0])
    if len({starts for starts, _minutes in slots}) != len(slots):
        raise ValidationError({"slots": _("Each time must be different.")})
    if not MIN_SLOTS <= len(cleaned) <= MAX_SLOTS:
        raise ValidationError({"slots": _("Give between %(min)s and %(max)s times.") % {"min": MIN_SLOTS, "max": MAX_SLOTS}})
    now = timezone.now()
    for starts, minutes in cleaned:
        if starts <= now:
            raise ValidationError({"slots": _("%(time)s has already passed.") % {"time": selectors.slot_text(starts, minutes)}})
        if not SLOT_MINUTES[0] <= minutes <= SLOT_MINUTES[1]:
            raise ValidationError({"slots": _("A meeting lasts between 15 minutes and 8 hours.")})
    return cleaned


@transaction.atomic
def poll_start(*, actor, circle, kind, question, closes, details="", choices=(), slots=()):
    """Start a simple poll (2 to 10 choices) or a time poll for a meeting (2 to 12 times, each an
    aware start and a length in minutes). Everyone in the circle with a login gets an e-mail."""
    standing = circle_standing(actor, circle)
    own = _own_person(actor, circle)
    if not standing.in_circle:
        raise ValidationError(_("Only people in the circle can start a poll."))
    question, details = _stripped(question), _stripped(details)
    errors = {}
    if not question:
        errors["question"] = _("Write the question.")
    if closes is None or closes < timezone.localdate():
        errors["closes"] = _("Choose a closing date from today on.")
    try:
        if kind == PollKind.SIMPLE:
            options = [PollOption(label=label, order=i) for i, label in enumerate(_clean_choices(choices))]
        elif kind == PollKind.TIME:
            options = [PollOption(starts=starts, minutes=minutes, order=i) for i, (starts, minutes) in enumerate(_clean_slots(slots))]
            if closes is not None and options and closes > timezone.localtime(options[0].starts).date():
                errors["closes"] = _("Close the poll before the first time on the list.")
        else:
            raise ValidationError({"kind": _("Choose what kind of poll it is.")})
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    poll = Poll.objects.create(circle=circle, kind=kind, question=question, details=details, closes=closes, created_by=actor)
    for option in options:
        option.poll = poll
    PollOption.objects.bulk_create(options)
    audit_record(actor=actor, action="circles.poll.start", obj=poll, commons=circle.commons)
    people = [person for person in selectors.circle_people(circle) if person.pk != own.pk]
    _tell(people, template="circles/everyday/email/poll_started", subject=_("A new poll in your circle"),
          context={"title": email_title(circle, question), "link": _link("poll_detail", circle, poll)})
    return poll


@transaction.atomic
def poll_vote(*, actor, poll, option=None, answers=None, person=None, how=How.ONLINE):
    """Answer a poll, or change the answer while it is open. A simple poll takes one ``option``; a
    time poll takes ``answers``, {option id: yes / maybe / no} for every time. The circle's
    secretary can enter a vote given by phone or on paper for ``person``."""
    poll = _lock(poll)
    states.check("poll", poll.status, "vote")
    person, how, acting_for = _for_whom(actor, poll.circle, person, how)
    if not place_of(poll.circle, person)[0]:
        message = _("Only people in the circle can answer this poll.")
        raise ValidationError({"person": message} if acting_for else message)
    options = list(poll.options.all())
    if poll.kind == PollKind.SIMPLE:
        if option is None or option.poll_id != poll.pk:
            raise ValidationError({"option": _("Choose one of the choices.")})
        Vote.objects.filter(option__poll=poll, person=person).exclude(option=option).delete()
        Vote.objects.update_or_create(option=option, person=person,
                                      defaults={"answer": VoteAnswer.YES, "how": how, "recorded_by": actor})
    else:
        answers = answers or {}
        missing = {f"slot_{o.pk}": _("Answer for this time: yes, if I must, or no.") for o in options
                   if answers.get(o.pk) not in VoteAnswer.values}
        if missing:
            raise ValidationError(missing)
        for o in options:
            Vote.objects.update_or_create(option=o, person=person, defaults={"answer": answers[o.pk], "how": how, "recorded_by": actor})
    audit_record(actor=actor, action="circles.poll.vote", obj=poll, commons=poll.circle.commons, acting_for=acting_for)
    return poll


def may_close(actor, poll):
    """Whoever started the poll, or the circle's facilitator."""
    return poll.created_by_id == getattr(actor, "pk", None) or circle_standing(actor, poll.circle).is_facilitator


def _reason_needed(poll, tally, option):
    """The refusal when closing on ``option`` needs a reason, or None."""
    if tally["tie"] and option in tally["leaders"]:
        names = ", ".join(selectors.option_text(o) for o in tally["leaders"])
        return _("It is a tie between %(choices)s. Say why you chose this one.") % {"choices": names}
    if option not in tally["leaders"]:
        if poll.kind == PollKind.TIME:
            return _("More people can come at another time. Say why you chose this one.")
        return _("Another choice has more votes. Say why you chose this one.")
    return None


def _plan_meeting(*, actor, poll, option, title, place):
    """The chosen time becomes a meeting, through the meetings part's ``meeting_plan``."""
    from caringcity.circles.services.meetings import meeting_plan

    return meeting_plan(actor=actor, circle=poll.circle, title=title, starts=option.starts, minutes_long=option.minutes, place=place)


@transaction.atomic
def poll_close(*, actor, poll, option, reasons="", note="", title="", place=""):
    """Close the poll on ``option`` and write the decision record (those who took part: everyone
    who answered). A tie, or a choice other than the one with the most votes (for a time: the most
    yes, then the most yes and if I must), needs ``reasons``. A time poll's chosen time becomes a
    meeting called ``title`` at ``place``."""
    poll = _lock(poll)
    to = states.check("poll", poll.status, "close")
    if not may_close(actor, poll):
        raise ValidationError(_("Only the person who started the poll or the circle's facilitator can close it."))
    options = list(poll.options.all())
    if option is None or option.pk not in {o.pk for o in options}:
        raise ValidationError({"option": _("Choose one of the choices.")})
    option = next(o for o in options if o.pk == option.pk)
    if poll.kind == PollKind.TIME and option.starts <= timezone.now():
        raise ValidationError({"option": _("That time has passed. Choose a time still to come.")})
    votes = selectors.poll_votes(poll)
    tally = selectors.poll_tally(poll, votes=votes, options=options)
    reasons, note, title, place = _stripped(reasons), _stripped(note), _stripped(title), _stripped(place)
    refusal = _reason_needed(poll, tally, option)
    if refusal and not reasons:
        raise ValidationError({"reasons": refusal})
    row = next(r for r in tally["rows"] if r["option"].pk == option.pk)
    if poll.kind == PollKind.TIME:
        kind = DecisionKind.TIME_POLL
        chosen = selectors.slot_text(option.starts, option.minutes)
        text = _("We meet on %(time)s.") % {"time": chosen}
        auto = _("%(yes)s can come and %(maybe)s can come if they must, of %(n)s who answered.") % {
            "yes": row["yes"], "maybe": row["maybe"], "n": tally["voter_count"]}
        meeting = _plan_meeting(actor=actor, poll=poll, option=option, title=title or poll.question, place=place)
    else:
        kind = DecisionKind.POLL
        text = _("Chosen: %(choice)s.") % {"choice": option.label}
        auto = _("It had the most votes: %(count)s of %(n)s.") % {"count": row["count"], "n": tally["voter_count"]}
        meeting = None
    if note:
        text = f"{text}\n\n{note}"
    takers = [(vote.person, vote.how) for vote in tally["voters"]]
    decision = decision_record(actor=actor, circle=poll.circle, kind=kind, title=poll.question, text=text,
                               reasons=reasons or auto, takers=takers)
    poll.status, poll.chosen, poll.decision, poll.meeting = to, option, decision, meeting
    poll.save(update_fields=["status", "chosen", "decision", "meeting", "updated"])
    audit_record(actor=actor, action="circles.poll.close", obj=poll, commons=poll.circle.commons)
    return poll


def slot_instant(day, at):
    """The aware instant of wall-clock time ``at`` on ``day`` in London."""
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())
