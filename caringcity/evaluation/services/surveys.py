"""Writes for survey rounds: create and change a round, open it (invitations with paper codes, the
own questionnaires it uses locked) and close it; consent; answers given online, on paper or by
phone; finishing; stopping (answers and scores removed); scores; drip-feed prompts by e-mail.

A round's life is one explicit state machine (``TRANSITIONS``): draft → open → closed. Refused
changes raise ``ValidationError`` with a plain reason. Answers and free text never go into audit
reasons, logs, URLs or e-mails."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record, email_queue
from caringcity.evaluation import keys
from caringcity.evaluation.access import evaluation_standing
from caringcity.evaluation.models import (
    Answer, ConsentState, Group, How, Invitation, OwnInstrument, Pace, RoundKind, RoundStatus, Score, SurveyRound,
)
from caringcity.evaluation.selectors import surveys as sel

# --- the round's state machine ------------------------------------------------------------------------
TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.OPEN},
    RoundStatus.OPEN: {RoundStatus.CLOSED},
    RoundStatus.CLOSED: set(),
}

# Paper codes: easy to read aloud and to type, no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6

# Fields an open round may still change (the questions and who is asked are fixed once open).
OPEN_CHANGEABLE = {"name", "closes_on", "first_look_days"}


def _audit(actor, action, obj, commons, **extra):
    audit_record(actor=actor, action=f"evaluation.{action}", obj=obj, commons=commons, **extra)


def _require_keeper(actor, commons):
    if not evaluation_standing(actor, commons).is_organiser:
        raise ValidationError(_("Only the commons' organisers may do this."))


def transition_refusal(survey_round, to):
    """Why the round may not move to ``to`` now (a plain sentence), or "" when it may."""
    if to in TRANSITIONS[RoundStatus(survey_round.status)]:
        return ""
    if survey_round.status == RoundStatus.CLOSED:
        return _("This round is closed. A closed round cannot be opened again: start a new round instead.")
    if to == RoundStatus.CLOSED:
        return _("Only an open round can be closed. This round has not been opened yet.")
    return _("This round is already open.")


def _move(survey_round, to):
    refusal = transition_refusal(survey_round, to)
    if refusal:
        raise ValidationError(refusal)
    survey_round.status = to


# --- create and change --------------------------------------------------------------------------------
ROUND_FIELDS = ("name", "kind", "follows", "instruments", "groups", "teams", "circles", "pace", "items_per_prompt",
                "days_between_prompts", "opens_on", "closes_on", "first_look_days")


def _clean_round(commons, data, survey_round=None):
    errors = {}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Give the round a name.")
    kind, follows = data.get("kind") or RoundKind.BASELINE, data.get("follows")
    if kind not in RoundKind.values:
        errors["kind"] = _("Choose the kind of round.")
    if kind == RoundKind.FOLLOW_UP:
        if follows is None:
            errors["follows"] = _("Choose the round this one follows up.")
        elif follows.commons_id != commons.pk or (survey_round and follows.pk == survey_round.pk):
            errors["follows"] = _("Choose another round of this commons.")
    elif follows is not None:
        errors["follows"] = _("A baseline round does not follow another round. Choose 'Follow-up' or leave this empty.")
    available = {inst.key for inst in sel.instruments_available(commons)}
    chosen = list(data.get("instruments") or [])
    if not chosen:
        errors["instruments"] = _("Choose at least one questionnaire.")
    elif any(key not in available for key in chosen):
        errors["instruments"] = _("One of these questionnaires cannot be used here.")
    groups = list(data.get("groups") or [])
    if not groups:
        errors["groups"] = _("Choose who is asked.")
    elif any(group not in Group.values for group in groups):
        errors["groups"] = _("Choose from the list.")
    if any(team.commons_id != commons.pk for team in data.get("teams") or []):
        errors["teams"] = _("Choose teams of this commons.")
    if any(circle.commons_id != commons.pk for circle in data.get("circles") or []):
        errors["circles"] = _("Choose circles of this commons.")
    if (data.get("pace") or Pace.ALL_AT_ONCE) not in Pace.values:
        errors["pace"] = _("Choose a pace.")
    if (data.get("items_per_prompt") or 0) < 1:
        errors["items_per_prompt"] = _("Ask at least one question each time.")
    if (data.get("days_between_prompts") or 0) < 1:
        errors["days_between_prompts"] = _("Leave at least one day between.")
    opens, closes = data.get("opens_on"), data.get("closes_on")
    if opens is None:
        errors["opens_on"] = _("Give the day the round opens.")
    if closes is None:
        errors["closes_on"] = _("Give the day the round closes.")
    if opens and closes and closes < opens:
        errors["closes_on"] = _("The round must close after it opens.")
    if errors:
        raise ValidationError(errors)


def _apply(survey_round, data, fields):
    for field in fields:
        if field in ("teams", "circles"):
            continue
        if field in data:
            value = data[field]
            if field in ("instruments", "groups"):
                value = list(value or [])
            if field == "name":
                value = value.strip()
            setattr(survey_round, field, value)


@transaction.atomic
def round_create(*, actor, commons, **data):
    """A new round, as a draft. ``data``: the ``ROUND_FIELDS`` (teams/circles: lists, optional)."""
    _require_keeper(actor, commons)
    data.setdefault("items_per_prompt", 2)
    data.setdefault("days_between_prompts", 7)
    data.setdefault("first_look_days", 7)
    _clean_round(commons, data)
    survey_round = SurveyRound(commons=commons, created_by=actor if actor.is_authenticated else None)
    _apply(survey_round, data, ROUND_FIELDS)
    survey_round.save()
    survey_round.teams.set(data.get("teams") or [])
    survey_round.circles.set(data.get("circles") or [])
    _audit(actor, "round.create", survey_round, commons)
    return survey_round


@transaction.atomic
def round_change(*, actor, survey_round, **data):
    """Change a draft round; an open round may change only its name, closing day and the days
    people see results first. A closed round does not change."""
    survey_round = SurveyRound.objects.select_for_update(of=("self",)).get(pk=survey_round.pk)
    commons = survey_round.commons
    _require_keeper(actor, commons)
    if survey_round.status == RoundStatus.CLOSED:
        raise ValidationError(_("This round is closed and can no longer be changed."))
    current = {field: getattr(survey_round, field) for field in ROUND_FIELDS if field not in ("teams", "circles")}
    current["teams"], current["circles"] = list(survey_round.teams.all()), list(survey_round.circles.all())
    if survey_round.status == RoundStatus.OPEN:
        fixed = [f for f in data if f not in OPEN_CHANGEABLE and _differs(data[f], current.get(f))]
        if fixed:
            raise ValidationError(_("The round is open: its questions, who is asked and its pace are fixed now. "
                                    "You can still change its name, its closing day and the days people see results first."))
    merged = {**current, **data}
    _clean_round(commons, merged, survey_round)
    _apply(survey_round, merged, ROUND_FIELDS)
    survey_round.save()
    if survey_round.status == RoundStatus.DRAFT:
        survey_round.teams.set(merged.get("teams") or [])
        survey_round.circles.set(merged.get("circles") or [])
    _audit(actor, "round.change", survey_round, commons)
    return survey_round


def _differs(new, old):
    if isinstance(old, list) and not isinstance(old, str):
        norm = lambda values: sorted(getattr(v, "pk", v) for v in (values or []))  # noqa: E731
        return norm(new) != norm(old)
    return new != old


# --- open and close -------------------------------------------------------------------------------------
def people_to_invite(survey_round):
    """{person_id: {"groups": set, "teams": set, "circles": set}} for the round's groups, teams and
    circles, found through the teams and circles apps."""
    from caringcity.circles.selectors.structure import survey_circle_people
    from caringcity.teams.selectors import people_by_survey_group

    commons, groups = survey_round.commons, set(survey_round.groups)
    team_ids = [t.pk for t in survey_round.teams.all()] or None
    circle_ids = [c.pk for c in survey_round.circles.all()] or None
    found = {}

    def slot(person_id):
        return found.setdefault(person_id, {"groups": set(), "teams": set(), "circles": set()})

    for person_id, group, team_id in people_by_survey_group(commons, groups, team_ids=team_ids):
        row = slot(person_id)
        row["groups"].add(group)
        row["teams"].add(team_id)
    if Group.CIRCLE_MEMBERS in groups:
        for person_id, circle_id in survey_circle_people(commons, circle_ids=circle_ids):
            row = slot(person_id)
            row["groups"].add(Group.CIRCLE_MEMBERS.value)
            row["circles"].add(circle_id)
    return found


def _new_code(taken):
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            return code


def _lock_own(commons, keys_used):
    uuids = [key[len(keys.OWN_PREFIX):] for key in keys_used if keys.is_own(key)]
    if not uuids:
        return
    try:
        from caringcity.evaluation.services.instruments import own_instrument_lock
    except ImportError:  # merge-time guard: the instruments part brings the lock
        own_instrument_lock = None
    for own in OwnInstrument.objects.filter(commons=commons, uuid__in=uuids):
        if own_instrument_lock:
            own_instrument_lock(instrument=own)
        elif not own.locked:
            own.locked = True
            own.save(update_fields=["locked", "updated"])


@transaction.atomic
def round_open(*, actor, survey_round, today=None):
    """Open a draft round: one invitation (with its own paper code) per person asked, and the own
    questionnaires it uses locked."""
    survey_round = SurveyRound.objects.select_for_update(of=("self",)).get(pk=survey_round.pk)
    commons = survey_round.commons
    _require_keeper(actor, commons)
    _move(survey_round, RoundStatus.OPEN)
    available = {inst.key for inst in sel.instruments_available(commons)}
    gone = [key for key in survey_round.instruments if key not in available]
    if gone:
        raise ValidationError(_("A questionnaire of this round can no longer be used. Change the round first."))
    found = people_to_invite(survey_round)
    if not found:
        raise ValidationError(_("Nobody is in the groups this round asks. Choose other groups, teams or circles."))
    today = today or timezone.localdate()
    first_prompt = max(survey_round.opens_on, today) if survey_round.pace == Pace.DRIP else None
    taken = set()
    invitations = []
    for person_id, row in found.items():
        invitations.append(Invitation(round=survey_round, person_id=person_id, code=_new_code(taken),
                                      groups=sorted(row["groups"]), next_prompt_on=first_prompt))
    Invitation.objects.bulk_create(invitations)
    created = {inv.person_id: inv for inv in Invitation.objects.filter(round=survey_round)}
    TeamLink, CircleLink = Invitation.teams.through, Invitation.circles.through
    TeamLink.objects.bulk_create([TeamLink(invitation_id=created[pid].pk, team_id=tid)
                                  for pid, row in found.items() for tid in row["teams"]])
    CircleLink.objects.bulk_create([CircleLink(invitation_id=created[pid].pk, circle_id=cid)
                                    for pid, row in found.items() for cid in row["circles"]])
    _lock_own(commons, survey_round.instruments)
    survey_round.save(update_fields=["status", "updated"])
    _audit(actor, "round.open", survey_round, commons, reason=f"{len(invitations)} invited")
    return survey_round


@transaction.atomic
def round_close(*, actor, survey_round):
    """Close an open round: no more answers. Results go first to the people who answered."""
    survey_round = SurveyRound.objects.select_for_update(of=("self",)).get(pk=survey_round.pk)
    _require_keeper(actor, survey_round.commons)
    _move(survey_round, RoundStatus.CLOSED)
    survey_round.results_to_respondents = survey_round.results_to_respondents or timezone.now()
    survey_round.save(update_fields=["status", "results_to_respondents", "updated"])
    _audit(actor, "round.close", survey_round, survey_round.commons)
    return survey_round


# --- consent -------------------------------------------------------------------------------------------------
def _is_self(actor, invitation):
    return bool(actor and actor.is_authenticated and invitation.person.user_id == actor.pk)


def _lock_invitation(invitation):
    return Invitation.objects.select_for_update(of=("self",)).select_related("round__commons", "person").get(pk=invitation.pk)


def _entering_refusal(invitation):
    """Why nobody may enter answers for this person now, or ""."""
    if invitation.round.status != RoundStatus.OPEN:
        return _("This round is not open for answers.")
    if invitation.consent == ConsentState.DECLINED:
        return _("%(name)s said no to taking part, so nobody can enter answers for them.") % {"name": invitation.person.display_name}
    if invitation.consent == ConsentState.WITHDRAWN:
        return _("%(name)s stopped taking part, so nobody can enter answers for them.") % {"name": invitation.person.display_name}
    return ""


@transaction.atomic
def consent_record(*, actor, invitation, given, how=How.ONLINE):
    """Record that the person agreed (``given``) or said no, how, when and who recorded it. Online:
    only the person themselves. Paper or phone: an organiser, and only if the person has not said
    no or stopped (they change their own mind online)."""
    invitation = _lock_invitation(invitation)
    commons = invitation.round.commons
    if invitation.round.status != RoundStatus.OPEN:
        raise ValidationError(_("This round is not open for answers."))
    if how == How.ONLINE:
        if not _is_self(actor, invitation):
            raise ValidationError(_("Only the person asked can agree online."))
    else:
        _require_keeper(actor, commons)
        refusal = _entering_refusal(invitation)
        if refusal:
            raise ValidationError(refusal)
    invitation.consent = ConsentState.GIVEN if given else ConsentState.DECLINED
    invitation.consent_how = how
    invitation.consent_at = timezone.now()
    invitation.consent_recorded_by = actor
    invitation.save(update_fields=["consent", "consent_how", "consent_at", "consent_recorded_by", "updated"])
    _audit(actor, "consent.record", invitation, commons, subject=invitation.person,
           acting_for=None if how == How.ONLINE else invitation.person, reason=f"{invitation.consent} {how}")
    return invitation


@transaction.atomic
def consent_withdraw(*, actor, invitation):
    """The person stops taking part. Privacy first: their answers and scores are removed, and any
    quote from their words is withdrawn. Only the person themselves (online)."""
    invitation = _lock_invitation(invitation)
    if not _is_self(actor, invitation):
        raise ValidationError(_("Only the person asked can stop taking part."))
    if invitation.consent == ConsentState.WITHDRAWN:
        raise ValidationError(_("You have already stopped taking part."))
    from caringcity.evaluation.models import Quote

    Quote.objects.filter(answer__invitation=invitation, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    invitation.answers.all().delete()
    invitation.scores.all().delete()
    invitation.consent = ConsentState.WITHDRAWN
    invitation.consent_how = How.ONLINE
    invitation.consent_at = timezone.now()
    invitation.consent_recorded_by = actor
    invitation.finished_at = None
    invitation.next_prompt_on = None
    invitation.save(update_fields=["consent", "consent_how", "consent_at", "consent_recorded_by", "finished_at",
                                   "next_prompt_on", "updated"])
    _audit(actor, "consent.withdraw", invitation, invitation.round.commons, subject=invitation.person)
    return invitation


# --- answers ----------------------------------------------------------------------------------------------------
def _checked_value(inst, item, value, text, skipped):
    """(value, text) to store, or a ValidationError naming what is wrong."""
    if skipped:
        return None, ""
    if item.kind == "text":
        text = (text or "").strip()
        if not text:
            raise ValidationError({"value": _("Write your answer, or choose 'Skip this question'.")})
        return None, text[:5000]
    allowed = {option.value for option in item.options}
    try:
        value = int(value)
    except (TypeError, ValueError):
        raise ValidationError({"value": _("Choose one answer, or choose 'Skip this question'.")}) from None
    if value not in allowed:
        raise ValidationError({"value": _("Choose one of the answers shown.")})
    return value, ""


def _item_of(invitation, instrument_key, item_key):
    if instrument_key not in invitation.round.instruments:
        raise ValidationError(_("This round does not ask that questionnaire."))
    try:
        inst = sel.instrument(invitation.round.commons, instrument_key)
        return inst, inst.item(item_key)
    except (LookupError, StopIteration):
        raise ValidationError(_("That question is not part of this round.")) from None


def _store(invitation, inst, item, value, text, skipped, how, entered_by, acting_for, may_quote):
    value, text = _checked_value(inst, item, value, text, skipped)
    answer, created = Answer.objects.update_or_create(
        invitation=invitation, instrument_key=inst.key, item_key=item.key,
        defaults={"value": value, "text": text, "skipped": bool(skipped), "how": how, "entered_by": entered_by,
                  "acting_for": acting_for, "may_quote": bool(may_quote and text)})
    return answer, created


@transaction.atomic
def answer_save(*, actor, invitation, instrument_key, item_key, value=None, text="", skipped=False, how=How.ONLINE,
                may_quote=False, today=None):
    """Save one answer (or a skip). Online: the person themselves, after agreeing, and only a
    question open to them now. Paper or phone: an organiser, for the person (``acting_for``).
    A value not among the question's answers is refused and nothing is saved."""
    invitation = _lock_invitation(invitation)
    commons = invitation.round.commons
    refusal = _entering_refusal(invitation)
    if refusal:
        raise ValidationError(refusal)
    if how == How.ONLINE:
        if not _is_self(actor, invitation):
            raise ValidationError(_("Only the person asked can answer online."))
        if invitation.consent != ConsentState.GIVEN:
            raise ValidationError(_("Please say whether you agree to take part first."))
        entered_by, acting_for = actor, None
    else:
        _require_keeper(actor, commons)
        if invitation.consent != ConsentState.GIVEN:
            raise ValidationError(_("Record that they agreed to take part first."))
        entered_by, acting_for = actor, invitation.person
    inst, item = _item_of(invitation, instrument_key, item_key)
    today = today or timezone.localdate()
    if how == How.ONLINE:
        qs = sel.questions(invitation.round)
        done = sel.dealt_with(invitation)
        number = next(q.number for q in qs if q.key == (inst.key, item.key))
        if number not in sel.open_numbers(invitation, qs, done, today):
            raise ValidationError(_("This question is not open yet."))
    answer, created = _store(invitation, inst, item, value, text, skipped, how, entered_by, acting_for, may_quote)
    if created:
        _drip_after_answer(invitation, today)
    scores_compute(invitation=invitation)
    _audit(actor, "answer.save" if how == How.ONLINE else "answer.enter", invitation, commons,
           acting_for=acting_for, reason=how)
    return answer


def _drip_after_answer(invitation, today):
    """Drip-feed: when the person has dealt with a whole batch and questions are left, the next
    batch opens ``days_between_prompts`` later."""
    survey_round = invitation.round
    if survey_round.pace != Pace.DRIP:
        return
    qs = sel.questions(survey_round)
    done = sel.dealt_with(invitation)
    left = len([q for q in qs if q.key not in done])
    if left and len(done) % max(1, survey_round.items_per_prompt) == 0:
        invitation.next_prompt_on = today + timezone.timedelta(days=survey_round.days_between_prompts)
        invitation.save(update_fields=["next_prompt_on", "updated"])


@transaction.atomic
def paper_form_enter(*, actor, invitation, how, agreed, answers, may_quote=(), today=None):
    """An organiser types in a paper form (``how=paper``) or answers given by phone (``how=phone``)
    for the person: their agreement, and ``answers`` {(instrument_key, item_key): value or text};
    a question left out or blank is recorded as skipped. Refused, with nothing saved, when the
    person said no or stopped, when they did not agree, when answers are already saved for them,
    or when a value is not one of the question's answers."""
    invitation = _lock_invitation(invitation)
    commons = invitation.round.commons
    _require_keeper(actor, commons)
    if how not in (How.PAPER, How.PHONE):
        raise ValidationError(_("Choose paper or phone."))
    refusal = _entering_refusal(invitation)
    if refusal:
        raise ValidationError(refusal)
    if not agreed:
        raise ValidationError({"agreed": _("Without their agreement to take part, their answers cannot be kept.")})
    if invitation.answers.exists():
        raise ValidationError(_("Answers are already saved for %(name)s, so nothing was changed. "
                                "Only they can change their answers.") % {"name": invitation.person.display_name})
    errors = {}
    rows = []
    quote = set(may_quote)
    for q in sel.questions(invitation.round):
        given = answers.get(q.key)
        blank = given in (None, "")
        try:
            if q.item.kind == "text":
                value, text = _checked_value(q.instrument, q.item, None, given, blank)
            else:
                value, text = _checked_value(q.instrument, q.item, given, "", blank)
        except ValidationError as error:
            errors[f"q{q.number}"] = error.message_dict["value"]
            continue
        rows.append(Answer(invitation=invitation, instrument_key=q.instrument.key, item_key=q.item.key, value=value,
                           text=text, skipped=blank, how=how, entered_by=actor, acting_for=invitation.person,
                           may_quote=bool(text and q.key in quote)))
    if errors:
        raise ValidationError(errors)
    invitation.consent = ConsentState.GIVEN
    invitation.consent_how = how
    invitation.consent_at = timezone.now()
    invitation.consent_recorded_by = actor
    invitation.finished_at = timezone.now()
    invitation.next_prompt_on = None
    invitation.save(update_fields=["consent", "consent_how", "consent_at", "consent_recorded_by", "finished_at",
                                   "next_prompt_on", "updated"])
    Answer.objects.bulk_create(rows)
    scores_compute(invitation=invitation)
    _audit(actor, "answer.enter", invitation, commons, subject=invitation.person, acting_for=invitation.person, reason=how)
    return invitation


@transaction.atomic
def invitation_finish(*, actor, invitation):
    """The person says they have finished (online)."""
    invitation = _lock_invitation(invitation)
    if not _is_self(actor, invitation):
        raise ValidationError(_("Only the person asked can finish."))
    refusal = _entering_refusal(invitation)
    if refusal:
        raise ValidationError(refusal)
    if invitation.consent != ConsentState.GIVEN:
        raise ValidationError(_("Please say whether you agree to take part first."))
    invitation.finished_at = timezone.now()
    invitation.save(update_fields=["finished_at", "updated"])
    _audit(actor, "invitation.finish", invitation, invitation.round.commons)
    return invitation


def scores_compute(*, invitation):
    """Rewrite the invitation's ``Score`` rows from each questionnaire's own scoring."""
    survey_round = invitation.round
    answers = {}
    for row in Answer.objects.filter(invitation=invitation):
        value = None if row.skipped else (row.text if row.text else row.value)
        answers.setdefault(row.instrument_key, {})[row.item_key] = value
    scores = []
    for inst in sel.round_instruments(survey_round):
        for result in inst.score(answers.get(inst.key, {})):
            scores.append(Score(invitation=invitation, instrument_key=inst.key, measure_key=result.measure,
                                value=result.value, band=result.band or "", note=(result.note or "")[:200]))
    Score.objects.filter(invitation=invitation).delete()
    Score.objects.bulk_create(scores)
    return scores


# --- drip-feed prompts ----------------------------------------------------------------------------------------
def _email_of(person):
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def prompts_send(today=None):
    """Daily: e-mail people in drip-feed rounds whose next questions open today (or earlier) that
    questions are waiting, with a link. Once per batch (``next_prompt_on`` is cleared once sent).
    Never the questions' wording or answers."""
    today = today or timezone.localdate()
    due = (Invitation.objects.filter(round__status=RoundStatus.OPEN, round__pace=Pace.DRIP, next_prompt_on__lte=today,
                                     finished_at__isnull=True)
           .exclude(consent__in=[ConsentState.DECLINED, ConsentState.WITHDRAWN])
           .select_related("round__commons", "person__user").order_by("pk"))
    sent = 0
    for invitation in due:
        with transaction.atomic():
            locked = Invitation.objects.select_for_update(of=("self",)).filter(pk=invitation.pk, next_prompt_on__lte=today).first()
            if locked is None:
                continue
            email = _email_of(invitation.person)
            if email and invitation.round.closes_on >= today:
                commons = invitation.round.commons
                link = settings.SITE_URL + reverse("evaluation:survey_start", args=[commons.slug, invitation.uuid])
                email_queue(to=email, subject=_("New questions are waiting for you"), template="evaluation/surveys/email/prompt",
                            context={"name": invitation.person.display_name, "commons": commons.name, "link": link})
                sent += 1
            locked.next_prompt_on = None
            locked.save(update_fields=["next_prompt_on", "updated"])
    return sent
