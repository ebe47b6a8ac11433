"""Circle hats worn for a term: nominating (with its back-stop, dates and reason), never leader
and delegate in one person, taking up and withdrawing a nomination (as proposals calls them),
handing a hat back early, reviews, the review reminder e-mail, and hats over time."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from caringcity.circles.models import CircleHatKind, CircleHatTerm, HatReview, TermStatus
from caringcity.circles.selectors import structure as selectors
from caringcity.circles.services import structure as services
from caringcity.circles.tests.factories import give_circle_hat
from caringcity.circles.tests.test_structure_world import NF, OK, REDIR, circle_world, curl, fresh, team_world, world  # noqa: F401
from caringcity.core.models import AuditEvent, OutboundEmail

pytestmark = pytest.mark.django_db

H = CircleHatKind


def _dates(**change):
    today = timezone.localdate()
    dates = {"starts": today, "ends": today + timedelta(days=365), "review_on": today + timedelta(days=180)}
    dates.update(change)
    return dates


def _nominate(w, role="full", kind=H.COACH, holder="full", backstop="learning", driver="We need a coach.", **change):
    return services.term_nominate(actor=fresh(w.user(role)), circle=w.circle, kind=kind, holder=w.person(holder),
                                  backstop=w.person(backstop) if backstop else None, driver=driver, **_dates(**change))


def _nominated(w, kind, holder, backstop):
    """A nomination waiting for consent, written directly (as if its ROLE proposal were open)."""
    return CircleHatTerm.objects.create(circle=w.circle, kind=kind, holder=w.person(holder), backstop=w.person(backstop),
                                        status=TermStatus.NOMINATED, **_dates())


def _refused(w, field, words, **kwargs):
    before = CircleHatTerm.objects.count()
    with pytest.raises(ValidationError) as error:
        _nominate(w, **kwargs)
    messages = error.value.message_dict
    assert field in messages and words in " ".join(messages[field]), messages
    assert CircleHatTerm.objects.count() == before


# --- nominating: every check runs before the proposal is made ---------------------------------------
def test_a_back_stop_is_named_and_is_someone_else_in_the_circle(world):
    w = world
    _refused(w, "backstop", "Name a back-stop", backstop=None)
    _refused(w, "backstop", "must be someone else", holder="full", backstop="full")
    _refused(w, "backstop", "must be in the circle too", backstop="outsider")
    _refused(w, "holder", "is not in this circle", holder="outsider", backstop="full")


def test_the_term_and_its_review_date_must_make_sense(world):
    w = world
    today = timezone.localdate()
    _refused(w, "ends", "end after it starts", ends=today)
    _refused(w, "ends", "over already", starts=today - timedelta(days=400), ends=today - timedelta(days=1),
             review_on=today - timedelta(days=100))
    _refused(w, "review_on", "after the term starts and no later than it ends", review_on=today)
    _refused(w, "review_on", "after the term starts and no later than it ends", review_on=today + timedelta(days=366))
    _refused(w, "driver", "Say why", driver="  ")
    _refused(w, "kind", "Choose a hat", kind="wizard")


def test_never_leader_and_delegate_in_one_person(world):
    w = world  # Leo wears the leader hat; the secretary is his back-stop
    _refused(w, "holder", "never both the leader and the delegate", kind=H.DELEGATE, holder="leader", backstop="full")
    # Standing in for the leader while being the delegate would also join the two links.
    _refused(w, "holder", "back-stop for the leader", kind=H.DELEGATE, holder="secretary", backstop="full")
    give_circle_hat(w.circle, w.person("full"), H.DELEGATE, backstop=w.person("learning"))
    _refused(w, "backstop", "cannot stand in as leader", kind=H.LEADER, holder="facilitator", backstop="full")
    # A waiting nomination counts too.
    _nominated(w, H.LEADER, "facilitator", "learning")
    _refused(w, "holder", "never both", kind=H.DELEGATE, holder="facilitator", backstop="learning")


def test_only_people_who_may_nominate_can(world):
    w = world
    for role in ("guest", "learning", "outsider", "other_commons"):
        before = CircleHatTerm.objects.count()
        with pytest.raises(ValidationError, match="Only people in the circle"):
            _nominate(w, role=role)
        assert CircleHatTerm.objects.count() == before, role


def test_the_nominate_page_shows_what_to_fix_and_saves_nothing(world):
    w = world
    before = CircleHatTerm.objects.count()
    data = {"kind": "delegate", "holder": w.person("leader").pk, "backstop": w.person("leader").pk, "driver": "Rosa asked.",
            **{k: v.isoformat() for k, v in _dates().items()}}
    response = w.clients["full"].post(curl("term_nominate", w.circle), data)
    page = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in page
    assert 'id="id_backstop-error"' in page and "must be someone else" in page
    response = w.clients["full"].post(curl("term_nominate", w.circle), {**data, "backstop": w.person("full").pk})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_holder-error"' in page and "never both the leader and the delegate" in page
    assert 'value="Rosa asked."' in page or "Rosa asked.</textarea>" in page  # what was typed stays
    assert CircleHatTerm.objects.count() == before


def test_the_nominate_page_offers_entering_for_someone_only_to_the_secretary(world):
    w = world
    assert "You are writing this for" in w.clients["secretary"].get(curl("term_nominate", w.circle)).content.decode()
    assert "You are writing this for" not in w.clients["full"].get(curl("term_nominate", w.circle)).content.decode()
    page = w.clients["full"].get(curl("term_nominate", w.circle)).content.decode()
    assert "Albert Absent" in page and "Oona Outsider" not in page  # only people in the circle can wear a hat


def test_nominating_opens_a_role_proposal(world):
    from caringcity.circles.models import ProposalKind

    w = world
    term = services.term_nominate(actor=fresh(w.user("secretary")), circle=w.circle, kind=H.COACH, holder=w.person("full"),
                                  backstop=w.person("learning"), driver="Femi asked by phone.", acting_for=w.absent.person, **_dates())
    assert term.status == TermStatus.NOMINATED and term.nominated_by == w.absent.person
    assert term.proposal.kind == ProposalKind.ROLE and term.proposal.circle == w.circle
    assert term.proposal.hat_term == term
    event = AuditEvent.objects.get(action="circles.term.nominate")
    assert event.acting_for == w.absent.person.uuid


# --- taking up and withdrawing (called by proposals) -------------------------------------------------
def test_taking_up_ends_the_hat_worn_before(world):
    w = world
    old = CircleHatTerm.objects.get(circle=w.circle, kind=H.FACILITATOR)
    term = _nominated(w, H.FACILITATOR, "full", "leader")
    services.term_take_up(actor=fresh(w.user("facilitator")), term=term, decision=None)
    term.refresh_from_db()
    old.refresh_from_db()
    assert term.status == TermStatus.HELD
    assert old.status == TermStatus.ENDED and old.ended_on == timezone.localdate() and "Handed over to Femi Full" in old.end_note
    assert CircleHatTerm.objects.filter(circle=w.circle, kind=H.FACILITATOR, status=TermStatus.HELD).count() == 1
    with pytest.raises(ValidationError, match="Only a nomination waiting for consent"):
        services.term_take_up(actor=fresh(w.user("facilitator")), term=term, decision=None)


def test_taking_up_checks_leader_and_delegate_again(world):
    w = world
    term = _nominated(w, H.DELEGATE, "full", "learning")
    give_circle_hat(w.circle, w.person("full"), H.LEADER, backstop=w.person("learning"))  # meanwhile Femi became leader
    with pytest.raises(ValidationError, match="never both"):
        services.term_take_up(actor=fresh(w.user("facilitator")), term=term, decision=None)
    term.refresh_from_db()
    assert term.status == TermStatus.NOMINATED


def test_withdrawing_a_nomination(world):
    w = world
    term = _nominated(w, H.COACH, "full", "learning")
    services.term_withdraw(actor=fresh(w.user("facilitator")), term=term, note="The proposal was withdrawn.")
    term.refresh_from_db()
    assert term.status == TermStatus.WITHDRAWN and term.end_note == "The proposal was withdrawn."
    with pytest.raises(ValidationError):
        services.term_withdraw(actor=fresh(w.user("facilitator")), term=term, note="Again")
    # A withdrawn nomination is not a term anyone wore: it is not in the rotation.
    assert term not in selectors.hat_rotation(w.circle)


# --- handing back and reviews -------------------------------------------------------------------------
def test_the_wearer_hands_their_hat_back_early_with_a_note(world):
    w = world
    term = CircleHatTerm.objects.get(circle=w.circle, kind=H.FACILITATOR)
    url = curl("term_end", w.circle, term.uuid)
    response = w.clients["facilitator"].post(url, {"note": ""})
    assert response.status_code == 400
    term.refresh_from_db()
    assert term.status == TermStatus.HELD
    assert w.clients["facilitator"].post(url, {"note": "Moving to Leeds."}).status_code == REDIR
    term.refresh_from_db()
    assert (term.status, term.end_note, term.ended_on) == (TermStatus.ENDED, "Moving to Leeds.", timezone.localdate())
    assert w.clients["facilitator"].get(url).status_code == NF  # only a hat worn now can be handed back
    with pytest.raises(ValidationError, match="Only a hat someone wears now"):
        services.term_end(actor=fresh(w.user("organiser")), term=term, note="Again")


def test_a_review_sets_the_next_date_and_is_kept(world):
    w = world
    term = CircleHatTerm.objects.get(circle=w.circle, kind=H.FACILITATOR)
    was = term.review_on
    url = curl("term_review", w.circle, term.uuid)
    too_late = (term.ends + timedelta(days=1)).isoformat()
    response = w.clients["secretary"].post(url, {"note": "Going well.", "next_review": too_late})
    assert response.status_code == 400 and "The term ends on" in response.content.decode()
    response = w.clients["secretary"].post(url, {"note": "Going well.", "next_review": timezone.localdate().isoformat()})
    assert response.status_code == 400 and not HatReview.objects.exists()
    next_review = timezone.localdate() + timedelta(days=90)
    assert w.clients["secretary"].post(url, {"note": "Going well.", "next_review": next_review.isoformat()}).status_code == REDIR
    review = HatReview.objects.get()
    term.refresh_from_db()
    assert (review.was_due, review.next_review, review.note, term.review_on) == (was, next_review, "Going well.", next_review)
    assert review.by_person == w.person("secretary")


def test_hats_due_for_review_are_listed_on_the_circle_page(world):
    w = world
    CircleHatTerm.objects.filter(circle=w.circle, kind=H.FACILITATOR).update(review_on=timezone.localdate() - timedelta(days=2))
    page = w.clients["full"].get(curl("circle_detail", w.circle)).content.decode()
    assert "1 hat is due for review" in page and "review due" in page
    assert "Record a review" not in page  # only the leader, secretary or an organiser records it
    assert "Record a review" in w.clients["leader"].get(curl("circle_detail", w.circle)).content.decode()


# --- the review reminder ------------------------------------------------------------------------------
def test_housekeeping_emails_the_leader_and_secretary_once_per_review_date(world, django_capture_on_commit_callbacks):
    w = world
    term = CircleHatTerm.objects.get(circle=w.circle, kind=H.FACILITATOR)
    services.run_housekeeping(io.StringIO())
    assert not OutboundEmail.objects.exists()  # nothing is due yet
    CircleHatTerm.objects.filter(pk=term.pk).update(review_on=timezone.localdate())
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=False):
        services.run_housekeeping(out)
    emails = list(OutboundEmail.objects.order_by("to"))
    assert sorted(e.to for e in emails) == sorted([w.user("leader").email, w.user("secretary").email])
    assert "due for review" in emails[0].subject and "Facilitator" in emails[0].body_text and "Fatima" in emails[0].body_text
    assert curl("circle_detail", w.circle) in emails[0].body_text and "leader or secretary" in emails[0].body_text
    assert "1 review(s) due, 2 e-mail(s) queued" in out.getvalue()
    services.run_housekeeping(io.StringIO())
    assert OutboundEmail.objects.count() == 2  # once per review date
    # A review sets a new date; when that comes, the reminder goes again.
    services.term_review(actor=fresh(w.user("leader")), term=term, note="Fine.", next_review=timezone.localdate() + timedelta(days=30))
    services.run_housekeeping(io.StringIO())
    assert OutboundEmail.objects.count() == 2
    CircleHatTerm.objects.filter(pk=term.pk).update(review_on=timezone.localdate() - timedelta(days=1))
    services.run_housekeeping(io.StringIO())
    assert OutboundEmail.objects.count() == 4


def test_without_a_leader_or_secretary_the_organisers_are_told(world):
    w = world
    CircleHatTerm.objects.filter(circle=w.circle, kind__in=[H.LEADER, H.SECRETARY]).update(status=TermStatus.ENDED)
    CircleHatTerm.objects.filter(circle=w.circle, kind=H.FACILITATOR).update(review_on=timezone.localdate())
    services.run_housekeeping(io.StringIO())
    assert [e.to for e in OutboundEmail.objects.all()] == [w.user("organiser").email]
    assert "you are an organiser" in OutboundEmail.objects.get().body_text


def test_the_housekeeping_command_runs_the_reminders(world):
    from django.core.management import call_command

    CircleHatTerm.objects.filter(circle=world.circle, kind=H.FACILITATOR).update(review_on=timezone.localdate())
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "circle hats: 1 review(s) due" in out.getvalue()


# --- hats over time -----------------------------------------------------------------------------------
def test_hat_rotation_shows_every_term_and_a_timeline(world):
    w = world
    today = timezone.localdate()
    CircleHatTerm.objects.create(circle=w.circle, kind=H.FACILITATOR, holder=w.person("full"), backstop=w.person("leader"),
                                 status=TermStatus.ENDED, starts=today - timedelta(days=500), ends=today - timedelta(days=135),
                                 review_on=today - timedelta(days=300), ended_at=timezone.now() - timedelta(days=140),
                                 end_note="Handed over to Fatima.")
    page = w.clients["outsider"].get(curl("hat_rotation", w.circle)).content.decode()
    assert "Handed over to Fatima." in page and "Femi Full" in page and "Fatima Facilitator" in page
    assert 'role="img"' in page and "<title id=\"timeline-title\">" in page
    chart = selectors.timeline(selectors.hat_rotation(w.circle), today=today)
    facilitator = next(row for row in chart["rows"] if row["label"] == "Facilitator")
    assert len(facilitator["bars"]) == 2
    first, second = facilitator["bars"]
    assert first["x"] < first["x"] + first["w"] <= second["x"] and not first["held"] and second["held"]
    assert selectors.timeline([]) is None


def test_a_team_circle_can_have_hats_worn_by_its_people(team_world):
    w = team_world
    give_circle_hat(w.team_circle, w.person("mate"), H.FACILITATOR, backstop=w.person("proxy"))
    with pytest.raises(ValidationError, match="is not in this circle"):  # Femi is in the local circle, not the team
        services.term_nominate(actor=fresh(w.user("owner")), circle=w.team_circle, kind=H.SECRETARY, holder=w.person("full"),
                               backstop=w.person("mate"), driver="x", **_dates())
    page = w.clients["owner"].get(curl("circle_detail", w.team_circle)).content.decode()
    assert "Milo Mate" in page and "Facilitator" in page and "Pip Proxy" in page

