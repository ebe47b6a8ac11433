"""Writes for the structure of circles: circles and their aims and domains, the people in them,
care teams hanging under a local circle, and circle hats worn for a term.

Every function is keyword-only, starts with ``actor`` (a User), runs in one transaction, checks
what the actor may do, writes its audit event (never what anyone wrote) and refuses with a
ValidationError that names the field. Hat terms move only by the ``term`` machine in ``states``.

Contract with the proposals part: ``term_nominate`` opens a ROLE proposal through
``proposals.proposal_create``; when the circle consents, proposals calls ``term_take_up`` inside its
adoption transaction; when the proposal is withdrawn, ``term_withdraw``."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from caringcity.circles import states
from caringcity.circles.access import circle_standing, place_of
from caringcity.circles.models import (
    LINK_HATS,
    Circle,
    CircleHatKind,
    CircleHatTerm,
    CircleKind,
    HatReview,
    Participant,
    ParticipantKind,
    Stakeholder,
    TermStatus,
)
from caringcity.core.services import audit_record, email_queue
from caringcity.people.models import Membership, Person

# Circle kinds and the kinds they may hang under (a care team's circle is made by linking the team).
PARENT_KINDS = {
    CircleKind.MEMBERS: (),
    CircleKind.GENERAL: (CircleKind.MEMBERS,),
    CircleKind.LOCAL: (CircleKind.GENERAL, CircleKind.MEMBERS),
    CircleKind.WORKING: (CircleKind.MEMBERS, CircleKind.GENERAL, CircleKind.LOCAL, CircleKind.WORKING),
}


def _audit(actor, action, obj, commons, **extra):
    return audit_record(actor=actor, action=f"circles.{action}", obj=obj, commons=commons, **extra)


def _require(actor, perm, obj, message):
    if not actor.has_perm(perm, obj):
        raise ValidationError(message)


def _open(circle):
    if circle.ended is not None:
        raise ValidationError(_("This circle has ended, so it cannot be changed."))


def _text(value):
    return (value or "").strip()


def _day(value):
    return date_format(value, "j F Y")


# --- circles ---------------------------------------------------------------------------------------
def _check_circle_text(errors, *, name=None, aim, domain):
    if name is not None and not name:
        errors["name"] = _("Give the circle a name.")
    if not aim:
        errors["aim"] = _("Say what the circle is for, in a sentence or two.")
    if not [line for line in domain.splitlines() if line.strip(" -•\t")]:
        errors["domain"] = _("Write at least one thing the circle decides, one on each line.")


@transaction.atomic
def circle_create(*, actor, commons, parent, kind, name, aim, domain):
    """Start a circle under ``parent`` (none for the members' circle). Organisers only."""
    _require(actor, "circles.add_circle", commons, _("Only the commons' organisers can start a circle."))
    name, aim, domain = _text(name), _text(aim), _text(domain)
    errors = {}
    _check_circle_text(errors, name=name, aim=aim, domain=domain)
    if kind == CircleKind.TEAM:
        errors["kind"] = _("A care team's circle is made by hanging the team under a local circle, from the local circle's page.")
    elif kind not in PARENT_KINDS:
        errors["kind"] = _("Choose what kind of circle it is.")
    elif kind == CircleKind.MEMBERS:
        if parent is not None:
            errors["parent"] = _("The members' circle is the top circle: it has no circle above it.")
        elif Circle.objects.open().filter(commons=commons, kind=CircleKind.MEMBERS).exists():
            errors["kind"] = _("The commons already has a members' circle. There is only one.")
    elif parent is None:
        errors["parent"] = _("Choose the circle this one hangs under.")
    elif parent.commons_id != commons.pk or parent.ended is not None:
        errors["parent"] = _("Choose an open circle of this commons.")
    elif parent.kind not in PARENT_KINDS[kind]:
        errors["parent"] = _("A %(kind)s cannot hang under a %(parent_kind)s. Choose another circle above it.") % {
            "kind": CircleKind(kind).label.lower(), "parent_kind": parent.get_kind_display().lower()}
    if name and Circle.objects.open().filter(commons=commons, name__iexact=name).exists():
        errors["name"] = _("There is already an open circle called %(name)s. Choose another name.") % {"name": name}
    if errors:
        raise ValidationError(errors)
    circle = Circle.objects.create(commons=commons, parent=parent, kind=kind, name=name, aim=aim, domain=domain, created_by=actor)
    _audit(actor, "circle.create", circle, commons)
    return circle


@transaction.atomic
def circle_change(*, actor, circle, aim, domain, development_plan=""):
    """Change what a circle is for, what it decides and its development plan."""
    _require(actor, "circles.change_circle", circle, _("Only the circle's leader or secretary, or an organiser, can change this."))
    _open(circle)
    aim, domain, development_plan = _text(aim), _text(domain), _text(development_plan)
    errors = {}
    _check_circle_text(errors, aim=aim, domain=domain)
    if errors:
        raise ValidationError(errors)
    circle.aim, circle.domain, circle.development_plan = aim, domain, development_plan
    circle.save(update_fields=["aim", "domain", "development_plan", "updated"])
    _audit(actor, "circle.change", circle, circle.commons)
    return circle


@transaction.atomic
def circle_end(*, actor, circle):
    """End a circle: its hats are handed back and its people leave it; its records stay. Refused
    while circles still hang under it or a nomination waits for consent."""
    _require(actor, "circles.end_circle", circle, _("Only the commons' organisers can end a circle."))
    circle = Circle.objects.select_for_update(of=("self",)).get(pk=circle.pk)
    _open(circle)
    children = list(Circle.objects.open().filter(parent=circle).values_list("name", flat=True))
    if children:
        raise ValidationError(_("%(circle)s still has circles under it: %(names)s. End them, or hang them under another circle, first.")
                              % {"circle": circle.name, "names": ", ".join(children)})
    if CircleHatTerm.objects.filter(circle=circle, status=TermStatus.NOMINATED).exists():
        raise ValidationError(_("A nomination for a hat is waiting for consent in this circle. Finish or withdraw it first."))
    today, now = timezone.localdate(), timezone.now()
    for term in CircleHatTerm.objects.select_for_update(of=("self",)).filter(circle=circle, status=TermStatus.HELD):
        term.status = states.check("term", term.status, "end")
        term.ended_at, term.end_note = now, _("The circle ended.")
        term.save(update_fields=["status", "ended_at", "end_note", "updated"])
    Participant.objects.current().filter(circle=circle).update(left=today)
    circle.ended = today
    circle.save(update_fields=["ended", "updated"])
    _audit(actor, "circle.end", circle, circle.commons)
    return circle


# --- care teams are circles too -------------------------------------------------------------------
def team_circle_defaults(team):
    """The aim and domain a team's circle starts with; the team can change them."""
    aim = _("Support %(name)s to live the life they choose, with people they trust.") % {"name": team.owner.display_name}
    domain = "\n".join([
        _("Who visits and when (the rota)"),
        _("How the team works together day to day"),
        _("Who wears the team's hats"),
        _("Welcoming new people to the team"),
    ])
    return aim, domain


@transaction.atomic
def team_circle_link(*, actor, team, parent):
    """Hang a care team under a local circle ("this team hangs under Clapton North"). The first
    time, this makes the team's circle; later it moves it (or opens it again if it had ended)."""
    if parent is None or parent.commons_id != team.commons_id or parent.kind != CircleKind.LOCAL or parent.ended is not None:
        raise ValidationError({"parent": _("Choose an open local circle of this commons.")})
    _require(actor, "circles.link_team", parent, _("Only an organiser or the local circle's leader can do this."))
    _require(actor, "teams.view_team", team, _("You can only link a care team you can see."))
    circle = Circle.objects.select_for_update(of=("self",)).filter(team=team).first()
    if circle is None:
        aim, domain = team_circle_defaults(team)
        circle = Circle.objects.create(commons=team.commons, kind=CircleKind.TEAM, team=team, parent=parent, name=team.name,
                                       aim=aim, domain=domain, created_by=actor)
        _audit(actor, "team.link", circle, team.commons)
        return circle
    if circle.parent_id == parent.pk and circle.ended is None:
        raise ValidationError({"parent": _("%(team)s already hangs under %(circle)s.") % {"team": team.name, "circle": parent.name}})
    circle.parent, circle.ended, circle.name = parent, None, team.name
    circle.save(update_fields=["parent", "ended", "name", "updated"])
    _audit(actor, "team.link", circle, team.commons, reason="moved")
    return circle


# --- people in a circle ---------------------------------------------------------------------------
def _people_rules(circle):
    if circle.is_team:
        raise ValidationError(_("A care team's people come from the team. Add or remove them on the team's page."))
    _open(circle)


def _check_place(errors, kind, stakeholder):
    if kind not in ParticipantKind.values:
        errors["kind"] = _("Choose how they take part.")
    if stakeholder not in Stakeholder.values:
        errors["stakeholder"] = _("Choose what they are here as.")


@transaction.atomic
def participant_add(*, actor, circle, person, kind, stakeholder):
    """Add someone to a circle. Only active members of the commons can join its circles."""
    _require(actor, "circles.manage_people", circle, _("Only the circle's leader or secretary, or an organiser, can add people."))
    _people_rules(circle)
    errors = {}
    _check_place(errors, kind, stakeholder)
    if person is None or not Membership.objects.active().filter(commons=circle.commons, person=person).exists():
        errors["person"] = _("Only active members of the commons can join one of its circles.")
    elif Participant.objects.current().filter(circle=circle, person=person).exists():
        errors["person"] = _("%(name)s is already in this circle.") % {"name": person.display_name}
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.create(circle=circle, person=person, kind=kind, stakeholder=stakeholder,
                                             joined=timezone.localdate(), added_by=actor)
    _audit(actor, "participant.add", participant, circle.commons, subject=person)
    return participant


@transaction.atomic
def participant_change(*, actor, participant, kind, stakeholder):
    """Change how someone takes part (full, learning, guest) and what they are here as."""
    circle = participant.circle
    _require(actor, "circles.manage_people", circle, _("Only the circle's leader or secretary, or an organiser, can change this."))
    _people_rules(circle)
    if participant.left is not None:
        raise ValidationError(_("%(name)s has left this circle.") % {"name": participant.person.display_name})
    errors = {}
    _check_place(errors, kind, stakeholder)
    if errors:
        raise ValidationError(errors)
    participant.kind, participant.stakeholder = kind, stakeholder
    participant.save(update_fields=["kind", "stakeholder", "updated"])
    _audit(actor, "participant.change", participant, circle.commons, subject=participant.person)
    return participant


@transaction.atomic
def participant_remove(*, actor, participant):
    """Someone leaves a circle (the row stays, with the day they left). Refused while they wear a
    hat there, are its back-stop, or are nominated for one."""
    circle = participant.circle
    _require(actor, "circles.manage_people", circle, _("Only the circle's leader or secretary, or an organiser, can remove people."))
    _people_rules(circle)
    if participant.left is not None:
        raise ValidationError(_("%(name)s has already left this circle.") % {"name": participant.person.display_name})
    person = participant.person
    busy = (CircleHatTerm.objects.filter(circle=circle, status__in=[TermStatus.HELD, TermStatus.NOMINATED])
            .filter(Q(holder=person) | Q(backstop=person)).select_related("holder").first())
    if busy is not None:
        if busy.holder_id != person.pk:
            reason = _("%(name)s is the back-stop for the %(hat)s hat here. Choose someone for that hat again, with another "
                       "back-stop, first.")
        elif busy.status == TermStatus.HELD:
            reason = _("%(name)s wears the %(hat)s hat here. Hand the hat back first.")
        else:
            reason = _("%(name)s is nominated for the %(hat)s hat here. Wait for the circle's decision, or withdraw the nomination, first.")
        raise ValidationError(reason % {"name": person.display_name, "hat": busy.get_kind_display().lower()})
    participant.left = timezone.localdate()
    participant.save(update_fields=["left", "updated"])
    _audit(actor, "participant.remove", participant, circle.commons, subject=person)
    return participant


# --- circle hats, worn for a term -----------------------------------------------------------------
def _other_link(kind):
    return CircleHatKind.DELEGATE if kind == CircleHatKind.LEADER else CircleHatKind.LEADER


def _check_link(circle, kind, holder, backstop, *, exclude=None, holder_statuses=(TermStatus.HELD,)):
    """Never leader and delegate in one person: not as the holder, and not as the back-stop who
    would stand in for one while wearing the other."""
    if kind not in LINK_HATS:
        return
    other = _other_link(kind)
    terms = CircleHatTerm.objects.filter(circle=circle, kind=other).exclude(pk=exclude)
    labels = {"hat": CircleHatKind(kind).label.lower(), "other": CircleHatKind(other).label.lower()}
    errors = {}
    if terms.filter(holder=holder, status__in=holder_statuses).exists():
        errors["holder"] = _("%(name)s is the %(other)s here. One person is never both the leader and the delegate: "
                             "the two links to the parent circle are two people.") % {"name": holder.display_name, **labels}
    elif terms.filter(backstop=holder, status=TermStatus.HELD).exists():
        errors["holder"] = _("%(name)s is the back-stop for the %(other)s here, so could end up wearing both links. "
                             "Choose someone else, or change that back-stop first.") % {"name": holder.display_name, **labels}
    if backstop is not None and terms.filter(holder=backstop, status=TermStatus.HELD).exists():
        errors["backstop"] = _("%(name)s is the %(other)s here, so cannot stand in as %(hat)s. Choose another back-stop.") % {
            "name": backstop.display_name, **labels}
    if errors:
        raise ValidationError(errors)


def _check_term(circle, *, kind, holder, backstop, starts, ends, review_on, driver):
    errors = {}
    if kind not in CircleHatKind.values:
        errors["kind"] = _("Choose a hat.")
    if holder is None:
        errors["holder"] = _("Choose who would wear the hat.")
    elif not place_of(circle, holder)[0]:
        errors["holder"] = _("%(name)s is not in this circle. Add them to the circle first.") % {"name": holder.display_name}
    if backstop is None:
        errors["backstop"] = _("Name a back-stop: the person who stands in when the one wearing the hat cannot.")
    elif holder is not None and backstop.pk == holder.pk:
        errors["backstop"] = _("The back-stop must be someone else: they stand in when the one wearing the hat cannot.")
    elif not place_of(circle, backstop)[0]:
        errors["backstop"] = _("%(name)s is not in this circle. The back-stop must be in the circle too.") % {"name": backstop.display_name}
    if starts and ends:
        if ends <= starts:
            errors["ends"] = _("The term must end after it starts.")
        elif ends <= timezone.localdate():
            errors["ends"] = _("The term would be over already. Choose an end date in the future.")
        elif review_on and not (starts < review_on <= ends):
            errors["review_on"] = _("Choose a review date after the term starts and no later than it ends.")
    if not _text(driver):
        errors["driver"] = _("Say why: what is happening, and why it matters.")
    if errors:
        raise ValidationError(errors)


def term_summary(term):
    """The proposal text for a nomination, in plain words."""
    return _("%(name)s wears the %(hat)s hat in %(circle)s from %(starts)s to %(ends)s. "
             "%(backstop)s is the back-stop and stands in when needed. The circle reviews how it is going on %(review)s.") % {
        "name": term.holder.display_name, "hat": term.get_kind_display().lower(), "circle": term.circle.name,
        "starts": _day(term.starts), "ends": _day(term.ends), "backstop": term.backstop.display_name, "review": _day(term.review_on)}


@transaction.atomic
def term_nominate(*, actor, circle, kind, holder, backstop, starts, ends, review_on, driver, acting_for=None):
    """Nominate someone for a circle hat. Makes the NOMINATED term and the ROLE proposal the circle
    consents to (through proposals' ``proposal_create``)."""
    _require(actor, "circles.nominate", circle, _("Only people in the circle can nominate someone for a hat."))
    _open(circle)
    _check_term(circle, kind=kind, holder=holder, backstop=backstop, starts=starts, ends=ends, review_on=review_on, driver=driver)
    _check_link(circle, kind, holder, backstop, holder_statuses=(TermStatus.HELD, TermStatus.NOMINATED))
    by = acting_for or circle_standing(actor, circle).person
    term = CircleHatTerm.objects.create(circle=circle, kind=kind, holder=holder, backstop=backstop, status=TermStatus.NOMINATED,
                                        starts=starts, ends=ends, review_on=review_on, nominated_by=by)
    from caringcity.circles.models import ProposalKind
    from caringcity.circles.services.proposals import proposal_create

    title = _("%(name)s as %(hat)s") % {"name": holder.display_name, "hat": term.get_kind_display().lower()}
    proposal = proposal_create(actor=actor, circle=circle, title=title[:150], driver=_text(driver), text=term_summary(term),
                               review_on=review_on, term_ends=ends, kind=ProposalKind.ROLE, acting_for=acting_for)
    term.proposal = proposal
    term.save(update_fields=["proposal", "updated"])
    _audit(actor, "term.nominate", term, circle.commons, subject=holder, acting_for=acting_for)
    return term


@transaction.atomic
def term_take_up(*, actor, term, decision):
    """The circle consented (called by proposals inside the adoption of the ROLE proposal): the
    term starts, and whoever wore the same hat in the circle hands it over."""
    term = CircleHatTerm.objects.select_for_update(of=("self",)).select_related("circle__commons", "holder", "backstop").get(pk=term.pk)
    term.status = states.check("term", term.status, "take_up")
    _check_link(term.circle, term.kind, term.holder, term.backstop, exclude=term.pk)
    now = timezone.now()
    for old in CircleHatTerm.objects.select_for_update(of=("self",)).filter(circle=term.circle, kind=term.kind, status=TermStatus.HELD).exclude(pk=term.pk):
        old.status = states.check("term", old.status, "end")
        old.ended_at, old.end_note = now, _("Handed over to %(name)s.") % {"name": term.holder.display_name}
        old.save(update_fields=["status", "ended_at", "end_note", "updated"])
        _audit(actor, "term.end", old, term.circle.commons, subject=old.holder, reason="handed over")
    term.save(update_fields=["status", "updated"])
    _audit(actor, "term.take_up", term, term.circle.commons, subject=term.holder,
           reason=f"decision {decision.number}" if decision is not None else "")
    return term


@transaction.atomic
def term_withdraw(*, actor, term, note=""):
    """The nomination was not taken up (called by proposals when the ROLE proposal is withdrawn)."""
    term = CircleHatTerm.objects.select_for_update(of=("self",)).select_related("circle__commons").get(pk=term.pk)
    term.status = states.check("term", term.status, "withdraw")
    term.ended_at, term.end_note = timezone.now(), _text(note)[:300]
    term.save(update_fields=["status", "ended_at", "end_note", "updated"])
    _audit(actor, "term.withdraw", term, term.circle.commons, subject=term.holder)
    return term


@transaction.atomic
def term_end(*, actor, term, note):
    """Hand a hat back before the term ends, with a note of why."""
    _require(actor, "circles.end_term", term, _("Only the person wearing the hat, the circle's leader or secretary, or an organiser can do this."))
    term = CircleHatTerm.objects.select_for_update(of=("self",)).select_related("circle__commons").get(pk=term.pk)
    note = _text(note)
    if not note:
        raise ValidationError({"note": _("Say why the hat is handed back early.")})
    term.status = states.check("term", term.status, "end")
    term.ended_at, term.end_note = timezone.now(), note[:300]
    term.save(update_fields=["status", "ended_at", "end_note", "updated"])
    _audit(actor, "term.end", term, term.circle.commons, subject=term.holder)
    return term


@transaction.atomic
def term_review(*, actor, term, note, next_review):
    """Record a review of someone wearing a hat: what the circle said, and the next review date."""
    _require(actor, "circles.review_term", term, _("Only the circle's leader or secretary, or an organiser, can record a review."))
    term = CircleHatTerm.objects.select_for_update(of=("self",)).select_related("circle__commons").get(pk=term.pk)
    states.check("term", term.status, "review")
    note = _text(note)
    errors = {}
    if not note:
        errors["note"] = _("Write what the circle said at the review.")
    if next_review is None or next_review <= timezone.localdate():
        errors["next_review"] = _("Choose the next review date, after today.")
    elif next_review > term.ends:
        errors["next_review"] = _("The term ends on %(ends)s. Choose a review date no later than that, or choose someone for a new term.") % {
            "ends": _day(term.ends)}
    if errors:
        raise ValidationError(errors)
    st = circle_standing(actor, term.circle)
    HatReview.objects.create(term=term, note=note, was_due=term.review_on, next_review=next_review, by=actor, by_person=st.person)
    term.review_on = next_review
    term.save(update_fields=["review_on", "updated"])
    _audit(actor, "term.review", term, term.circle.commons, subject=term.holder)
    return term


# --- housekeeping: reviews that have come ---------------------------------------------------------
def _email_of(person):
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def review_recipients(circle, process_terms):
    """(e-mail addresses, True when they are the organisers'): the circle's leader and secretary,
    or the commons' organisers when neither has an address."""
    emails = []
    for term in process_terms:
        email = _email_of(term.holder)
        if email and email not in emails:
            emails.append(email)
    if emails:
        return emails, False
    organisers = (Person.objects.filter(memberships__commons=circle.commons, memberships__status=Membership.Status.ACTIVE,
                                        memberships__role__in=[Membership.Role.ORGANISER, Membership.Role.ADMIN])
                  .select_related("user").order_by("pk"))
    for person in organisers:
        email = _email_of(person)
        if email and email not in emails:
            emails.append(email)
    return emails, True


def run_housekeeping(stdout):
    """For ``manage.py housekeeping``: e-mail a circle's leader and secretary when the review date
    of a hat worn there has come. Once per term and review date (``review_reminded_on``)."""
    today = timezone.localdate()
    due = list(CircleHatTerm.objects.held().filter(review_on__lte=today, circle__ended__isnull=True)
               .exclude(review_reminded_on=F("review_on"))
               .select_related("circle__commons", "holder").order_by("circle_id", "kind"))
    keepers = {}
    for term in (CircleHatTerm.objects.held().filter(circle__in={t.circle_id for t in due},
                                                     kind__in=[CircleHatKind.LEADER, CircleHatKind.SECRETARY])
                 .select_related("holder__user")):
        keepers.setdefault(term.circle_id, []).append(term)
    sent = 0
    for term in due:
        circle = term.circle
        link = settings.SITE_URL + reverse("circles:circle_detail", args=[circle.commons.slug, circle.uuid])
        with transaction.atomic():
            locked = CircleHatTerm.objects.select_for_update(of=("self",)).get(pk=term.pk)
            if locked.review_reminded_on == locked.review_on or locked.status != TermStatus.HELD:
                continue
            emails, organisers = review_recipients(circle, keepers.get(circle.pk, []))
            for email in emails:
                email_queue(to=email, subject=_("A hat in %(circle)s is due for review") % {"circle": circle.name},
                            template="circles/structure/email/hat_review",
                            context={"circle": circle.name, "hat": term.get_kind_display(), "holder": term.holder.display_name,
                                     "review_on": _day(term.review_on), "ends": _day(term.ends), "link": link,
                                     "organisers": organisers})
                sent += 1
            locked.review_reminded_on = locked.review_on
            locked.save(update_fields=["review_reminded_on", "updated"])
    stdout.write(f"circle hats: {len(due)} review(s) due, {sent} e-mail(s) queued\n")
    return sent
