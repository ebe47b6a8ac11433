"""Writes of the summaries part (see docs/stories-summaries.md).

The life of a summary (``Summary.state``):

    (none) --start--> draft --send (link, printed copy, call)--> with_person
    with_person --the person suggests a change or adds to it--> changes
    with_person | changes --the person approves the version they read--> approved
    changes | withdrawn --the team saves a new version (taking in the changes)--> draft --send--> ...
    with_person --the team takes it back--> draft
    approved --the person withdraws approval--> withdrawn   (nothing is used any more)

Every save is a new ``SummaryVersion``; nothing is overwritten. A version's ``how`` says how it has
been with the person: a team version gets it when it is sent (link, printed copy, phone), the
person's own versions say how they gave them. The person sees only versions with a ``how``.

Who acts: the research team (``stories.research_interview``); the person with their private link
(no sign-in; ``actor`` is None); the person or their proxy signed in; the team recording what the
person said on a printed copy or on a call (``recorded_by``). Audit actions are
``stories.summary.<verb>`` and never hold the words.
"""

import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from caringcity.core.services import audit_record, email_queue
from caringcity.stories import summarise
from caringcity.stories.access import speaks_for, stories_standing
from caringcity.stories.models import ReviewHow, ReviewLink, Summary, SummaryState, SummaryVersion, Turn
from caringcity.stories.selectors.summaries import (
    MATERIAL_STATES,
    PERSON_KINDS,
    PERSON_STATES,
    TEAM_EDIT_STATES,
    token_hash,
)

START_FROM = ("extractive", "language_model", "blank")
SEND_HOW = (ReviewHow.LINK, ReviewHow.PRINTED, ReviewHow.PHONE)
RECORD_HOW = (ReviewHow.PRINTED, ReviewHow.PHONE, ReviewHow.IN_PERSON)
MAX_TEXT = 50_000


def _person(actor, commons):
    return stories_standing(actor, commons).person if actor is not None and actor.is_authenticated else None


def _audit(actor, verb, summary, *, reason="", acting_for=None, basis=""):
    interview = summary.interview
    audit_record(actor=actor, action=f"stories.summary.{verb}", obj=summary, commons=interview.commons,
                 subject=interview.respondent, acting_for=acting_for, part="interviews", basis=basis, reason=reason)


def _open(interview):
    if interview.state not in MATERIAL_STATES:
        raise ValidationError(_("This interview is closed or was taken down: its summary cannot be changed now."))


def _team(actor, interview):
    if actor is None or not actor.has_perm("stories.research_interview", interview):
        raise PermissionDenied
    _open(interview)


def _locked(summary):
    """The summary row, locked for this transaction, with its interview."""
    return Summary.objects.select_for_update().select_related("interview", "interview__commons", "interview__respondent").get(pk=summary.pk)


def _versions(summary):
    return list(SummaryVersion.objects.filter(summary=summary).order_by("number"))


def _clean_text(text, field="text"):
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({field: _("Write the summary: it cannot be empty.")})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("This is too long: keep it under %(n)s characters.") % {"n": MAX_TEXT}})
    return text


def _new_version(summary, versions, **fields):
    number = (versions[-1].number if versions else 0) + 1
    return SummaryVersion.objects.create(summary=summary, number=number, **fields)


def interview_turns(interview):
    """The interview's transcript turns as (speaker, text) pairs, transcript after transcript."""
    return list(Turn.objects.filter(transcript__interview=interview)
                .order_by("transcript__created", "transcript_id", "order").values_list("speaker", "text"))


def _respondent_names(person):
    return [name for name in (person.name, getattr(person, "preferred_name", "")) if name]


# --- drafting (the research team) ----------------------------------------------------------------------

@transaction.atomic
def summary_start(*, actor, interview, start_from, target_words=summarise.DEFAULT_TARGET_WORDS):
    """Start the interview's summary: from the built-in extractive summary of its transcripts, from
    the operator's language-model service, or blank (no version yet). Returns (summary, notice):
    ``notice`` says, in plain words, when the service failed and the extractive draft was used."""
    _team(actor, interview)
    if start_from not in START_FROM:
        raise ValidationError({"start_from": _("Choose how to start.")})
    if Summary.objects.filter(interview=interview).exists():
        raise ValidationError(_("This interview already has a summary."))
    notice, text, source = None, "", ""
    if start_from != "blank":
        turns = interview_turns(interview)
        if not any((t or "").strip() for _s, t in turns):
            raise ValidationError({"start_from": _("There is no transcript to start from yet. Start with a blank page instead.")})
        if start_from == "language_model":
            if not settings.STORIES_SUMMARY_SERVICE_URL:
                raise ValidationError({"start_from": _("No summary service is set up on this site. Choose another way to start.")})
            try:
                text = summarise.language_model_summary(
                    turns, url=settings.STORIES_SUMMARY_SERVICE_URL, model=settings.STORIES_SUMMARY_SERVICE_MODEL,
                    key=settings.STORIES_SUMMARY_SERVICE_KEY, target_words=target_words)
                source = "language_model"
            except summarise.SummaryServiceError:
                notice = _("The summary service did not give a draft, so this one starts from the built-in summary instead.")
        if not text:
            text = summarise.extractive_summary(turns, names=_respondent_names(interview.respondent), target_words=target_words)
            source = "extractive"
    summary = Summary.objects.create(interview=interview, state=SummaryState.DRAFT)
    summary.interview = interview
    if text:
        _new_version(summary, [], kind=SummaryVersion.Kind.DRAFT, text=text[:MAX_TEXT], written_by=_person(actor, interview.commons),
                     started_from=source, note=_("First draft from the built-in summary.") if source == "extractive"
                     else _("First draft from the summary service."))
    _audit(actor, "start", summary, reason=source or "blank")
    return summary, notice


@transaction.atomic
def summary_save(*, actor, summary, text, note="", based_on=None):
    """The team saves a new version (a draft before anything was sent, a revision after). Allowed
    while in draft, after the person's changes, or after they withdrew approval; the summary goes
    back to draft. ``based_on``: the number of the newest version when the editor opened, so two
    people's saves never cross silently."""
    _team(actor, summary.interview)
    summary = _locked(summary)
    if summary.state not in TEAM_EDIT_STATES:
        if summary.state == SummaryState.WITH_PERSON:
            raise ValidationError(_("The person is reading it now. Take it back first, or wait for their answer."))
        raise ValidationError(_("The person approved it. It can change only if they withdraw their approval."))
    text = _clean_text(text)
    versions = _versions(summary)
    if based_on is not None and versions and versions[-1].number != based_on:
        raise ValidationError({"text": _("Someone saved a newer version while you were writing. Copy your words, then open it again.")})
    if versions and versions[-1].text == text:
        raise ValidationError({"text": _("Nothing changed: change the words, then save.")})
    ever_sent = any(v.how for v in versions)
    version = _new_version(summary, versions, kind=SummaryVersion.Kind.REVISION if ever_sent else SummaryVersion.Kind.DRAFT,
                           text=text, note=(note or "").strip()[:2000], written_by=_person(actor, summary.interview.commons))
    summary.state = SummaryState.DRAFT
    summary.save(update_fields=["state", "updated"])
    _audit(actor, "save", summary, reason=f"version {version.number}")
    return version


@transaction.atomic
def summary_accept_changes(*, actor, summary):
    """Take in the person's newest changes as they are: a new team version with their words, in draft,
    ready to send again."""
    _team(actor, summary.interview)
    summary = _locked(summary)
    versions = _versions(summary)
    if summary.state != SummaryState.CHANGES or not versions or versions[-1].kind not in PERSON_KINDS:
        raise ValidationError(_("There are no changes from the person waiting."))
    theirs = versions[-1]
    version = _new_version(summary, versions, kind=SummaryVersion.Kind.REVISION, text=theirs.text,
                           note=_("Took in the changes of version %(n)s as they are.") % {"n": theirs.number},
                           written_by=_person(actor, summary.interview.commons))
    summary.state = SummaryState.DRAFT
    summary.save(update_fields=["state", "updated"])
    _audit(actor, "accept", summary, reason=f"version {theirs.number}")
    return version


# --- sharing with the person ---------------------------------------------------------------------------

def review_url(token):
    return settings.SITE_URL + reverse("stories:review", args=[token])


@transaction.atomic
def summary_send(*, actor, summary, how, email=False, token=None):
    """Send the newest team version to the person: by a private link (returned once, with the link
    row: only its hash is kept; earlier links stop working), a printed copy or a call. With ``email``
    the link goes to the person's e-mail address with one neutral sentence, never the summary.
    Returns (link or None, token or None). ``token`` is for the demo only (a known link)."""
    _team(actor, summary.interview)
    summary = _locked(summary)
    interview = summary.interview
    if how not in SEND_HOW:
        raise ValidationError({"how": _("Choose how the person will read it.")})
    if summary.state not in (SummaryState.DRAFT, SummaryState.WITH_PERSON, SummaryState.WITHDRAWN):
        if summary.state == SummaryState.CHANGES:
            raise ValidationError(_("The person suggested changes. Take them in or answer them in a new version first."))
        raise ValidationError(_("The person approved it already."))
    versions = _versions(summary)
    if not versions or not versions[-1].text.strip():
        raise ValidationError(_("Write the summary before you send it."))
    latest = versions[-1]
    if latest.kind in PERSON_KINDS:
        raise ValidationError(_("The newest version is the person's own. Take it in as a new version first."))
    if email and how != ReviewHow.LINK:
        raise ValidationError({"email": _("Only a private link can be sent by e-mail.")})
    address = interview.respondent.email
    if email and not address:
        raise ValidationError({"email": _("This person has no e-mail address here. Give them the link another way.")})
    if not latest.how:
        latest.how = how
        latest.recorded_by = _person(actor, interview.commons)
        latest.save(update_fields=["how", "recorded_by", "updated"])
    link = None
    if how == ReviewHow.LINK:
        now = timezone.now()
        ReviewLink.objects.filter(summary=summary, cancelled_at__isnull=True).update(cancelled_at=now)
        token = token or secrets.token_urlsafe(32)
        link = ReviewLink.objects.create(summary=summary, token_hash=token_hash(token), made_by=_person(actor, interview.commons),
                                         expires_at=now + timezone.timedelta(days=settings.STORIES_REVIEW_LINK_DAYS))
        if email:
            expires = timezone.localtime(link.expires_at).date()
            email_queue(to=address, subject=_("A page for you to read"), body_text=_(
                "Hello,\n\nThe research team of %(commons)s has a page for you to read. Open it with this private link:\n\n"
                "%(url)s\n\nThe link works until %(date)s. Please do not pass it on. If you were not expecting this, "
                "you can ignore this e-mail.\n") % {"commons": interview.commons.name, "url": review_url(token), "date": expires})
    else:
        token = None
    summary.state = SummaryState.WITH_PERSON
    summary.save(update_fields=["state", "updated"])
    _audit(actor, "send", summary, reason=f"{how}, version {latest.number}" + (", e-mailed" if email else ""))
    return link, token


@transaction.atomic
def summary_take_back(*, actor, summary):
    """Take the summary back from the person (for example to correct a mistake): links stop working."""
    _team(actor, summary.interview)
    summary = _locked(summary)
    if summary.state != SummaryState.WITH_PERSON:
        raise ValidationError(_("It is not with the person now."))
    ReviewLink.objects.filter(summary=summary, cancelled_at__isnull=True).update(cancelled_at=timezone.now())
    summary.state = SummaryState.DRAFT
    summary.save(update_fields=["state", "updated"])
    _audit(actor, "take_back", summary)


@transaction.atomic
def review_link_cancel(*, actor, link):
    summary = link.summary
    _team(actor, summary.interview)
    link = ReviewLink.objects.select_for_update().get(pk=link.pk)
    if link.cancelled_at is not None:
        raise ValidationError(_("This link was already cancelled."))
    link.cancelled_at = timezone.now()
    link.save(update_fields=["cancelled_at", "updated"])
    _audit(actor, "link_cancel", summary)


# --- the person's answer: their changes, their approval, its withdrawal ----------------------------------

def _seen_check(summary, versions, seen):
    """The person acts on the version they read: refuse when a newer one reached them since."""
    theirs = [v for v in versions if v.how]
    if not theirs:
        raise PermissionDenied
    current = theirs[-1]
    if seen is not None and seen != current.number:
        raise ValidationError(_("The summary changed since you opened it. Please read it again."))
    return current


def _person_change(summary, *, actor, kind, text, how, written_by, recorded_by, seen, note="", basis="", acting_for=None):
    if summary.state not in PERSON_STATES:
        raise ValidationError(_("The summary is not waiting for changes now."))
    versions = _versions(summary)
    current = _seen_check(summary, versions, seen)
    if kind == SummaryVersion.Kind.ADDITION:
        addition = _clean_text(text, "addition")
        text = current.text.rstrip() + "\n\n" + addition
    else:
        text = _clean_text(text)
        if text == current.text:
            raise ValidationError({"text": _("Nothing changed: change the words, then send them.")})
    version = _new_version(summary, versions, kind=kind, text=text[:MAX_TEXT], how=how, written_by=written_by,
                           recorded_by=recorded_by, note=(note or "").strip()[:2000])
    summary.state = SummaryState.CHANGES
    summary.save(update_fields=["state", "updated"])
    _audit(actor, "suggest" if kind == SummaryVersion.Kind.SUGGESTION else "add", summary,
           reason=f"{how}, version {version.number}", basis=basis, acting_for=acting_for)
    return version


def _approve(summary, *, actor, how, recorded_by, seen, basis="", acting_for=None, version=None):
    if summary.state not in PERSON_STATES:
        raise ValidationError(_("The summary is not waiting for approval now."))
    current = version or _seen_check(summary, _versions(summary), seen)
    now = timezone.now()
    summary.state = SummaryState.APPROVED
    summary.approved_version = current
    summary.approved_at = now
    summary.approved_how = how
    summary.approval_recorded_by = recorded_by
    summary.save(update_fields=["state", "approved_version", "approved_at", "approved_how", "approval_recorded_by", "updated"])
    ReviewLink.objects.filter(summary=summary, cancelled_at__isnull=True).update(cancelled_at=now)  # used up
    _audit(actor, "approve", summary, reason=f"{how}, version {current.number}", basis=basis, acting_for=acting_for)
    return current


def _withdraw(summary, *, actor, how, basis="", acting_for=None):
    if summary.state != SummaryState.APPROVED:
        raise ValidationError(_("The summary is not approved, so there is no approval to withdraw."))
    summary.state = SummaryState.WITHDRAWN
    summary.save(update_fields=["state", "updated"])
    _audit(actor, "withdraw", summary, reason=how, basis=basis, acting_for=acting_for)


# With the private link (no sign-in): ``link`` comes from ``selectors.review_link_for_token``.

def _link_summary(link):
    link = ReviewLink.objects.select_for_update().select_related("summary").get(pk=link.pk)
    if link.cancelled_at is not None or link.expires_at <= timezone.now():
        raise PermissionDenied
    summary = _locked(link.summary)
    if summary.interview.state not in MATERIAL_STATES:
        raise PermissionDenied
    link.last_used_at = timezone.now()
    link.save(update_fields=["last_used_at", "updated"])
    return summary


@transaction.atomic
def review_suggest(*, link, text, seen):
    summary = _link_summary(link)
    return _person_change(summary, actor=None, kind=SummaryVersion.Kind.SUGGESTION, text=text, how=ReviewHow.LINK,
                          written_by=summary.interview.respondent, recorded_by=None, seen=seen, basis="link")


@transaction.atomic
def review_add(*, link, addition, seen):
    summary = _link_summary(link)
    return _person_change(summary, actor=None, kind=SummaryVersion.Kind.ADDITION, text=addition, how=ReviewHow.LINK,
                          written_by=summary.interview.respondent, recorded_by=None, seen=seen, basis="link")


@transaction.atomic
def review_approve(*, link, seen):
    summary = _link_summary(link)
    return _approve(summary, actor=None, how=ReviewHow.LINK, recorded_by=None, seen=seen, basis="link")


# Signed in: the person, or their proxy (who says how the person told them; recorded as acting for them).

def _speaker(actor, summary):
    summary = _locked(summary)
    interview = summary.interview
    basis = speaks_for(actor, interview) if actor is not None and actor.is_authenticated else None
    if basis is None or not summary.versions.exclude(how="").exists():
        raise PermissionDenied
    _open(interview)
    me = _person(actor, interview.commons)
    return summary, basis, me


def _own_how(basis, how):
    if basis == "self":
        return ReviewHow.SIGNED_IN
    if how not in (ReviewHow.SIGNED_IN, *RECORD_HOW):
        raise ValidationError({"how": _("Say how they told you.")})
    return how


@transaction.atomic
def my_summary_change(*, actor, summary, kind, text, seen, how=ReviewHow.SIGNED_IN):
    """The person (or their proxy) suggests a change (``text``: the whole summary as it should read)
    or adds to it (``text``: what to add)."""
    summary, basis, me = _speaker(actor, summary)
    if kind not in PERSON_KINDS:
        raise ValidationError(_("Choose a change or an addition."))
    how = _own_how(basis, how)
    acting_for = summary.interview.respondent if basis == "proxy" else None
    return _person_change(summary, actor=actor, kind=kind, text=text, how=how, written_by=summary.interview.respondent,
                          recorded_by=me if basis == "proxy" else None, seen=seen, basis=basis, acting_for=acting_for)


@transaction.atomic
def my_summary_approve(*, actor, summary, seen, how=ReviewHow.SIGNED_IN):
    summary, basis, me = _speaker(actor, summary)
    how = _own_how(basis, how)
    return _approve(summary, actor=actor, how=how, recorded_by=me if basis == "proxy" else None, seen=seen, basis=basis,
                    acting_for=summary.interview.respondent if basis == "proxy" else None)


@transaction.atomic
def my_summary_withdraw(*, actor, summary, how=ReviewHow.SIGNED_IN):
    summary, basis, me = _speaker(actor, summary)
    how = _own_how(basis, how)
    _withdraw(summary, actor=actor, how=how, basis=basis, acting_for=summary.interview.respondent if basis == "proxy" else None)


# The team records what the person said on a printed copy, on a call or in person.

@transaction.atomic
def summary_record_response(*, actor, summary, how, kind="", text="", approve=False):
    """Record the person's answer: their changes (``kind`` suggestion or addition, with ``text``)
    and/or their approval (of the new version when there are changes, else of the version they
    read). ``recorded_by`` is the team member."""
    _team(actor, summary.interview)
    summary = _locked(summary)
    if how not in RECORD_HOW:
        raise ValidationError({"how": _("Say how the person told you.")})
    me = _person(actor, summary.interview.commons)
    if not kind and not approve:
        raise ValidationError(_("Write their changes, or say that they approved it (or both)."))
    version = None
    if kind:
        if kind not in PERSON_KINDS:
            raise ValidationError({"kind": _("Choose a change or an addition.")})
        version = _person_change(summary, actor=actor, kind=kind, text=text, how=how, written_by=summary.interview.respondent,
                                 recorded_by=me, seen=None, basis="research")
    if approve:
        version = _approve(summary, actor=actor, how=how, recorded_by=me, seen=None, basis="research", version=version)
    return version


@transaction.atomic
def summary_record_withdrawal(*, actor, summary, how):
    """The person told the team (by phone, in person, in a letter) that they withdraw their approval."""
    _team(actor, summary.interview)
    summary = _locked(summary)
    if how not in RECORD_HOW:
        raise ValidationError({"how": _("Say how the person told you.")})
    _withdraw(summary, actor=actor, how=how, basis="research")
