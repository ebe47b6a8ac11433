"""Concerns: who may raise and see them, the urgent e-mail (no details), the steps and their
state machine, the monthly review list and the trend counts for the commons."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.people.models import Membership
from caringcity.people.tests.factories import member_with_login
from caringcity.visits.models import Concern, ConcernKind, ConcernStatus, ConcernStep
from caringcity.visits.selectors import concerns as selectors
from caringcity.visits.services import concerns as services
from caringcity.visits.tests.notes_world import EXTRA, NF, OK, REDIR, person, roles, team, user, world  # noqa: F401

pytestmark = pytest.mark.django_db

ALL = (*ROLES, *EXTRA)
IN_TEAM = dict(owner=OK, proxy=OK, friend=OK, worker=OK, friend2=OK, starter=OK, lead=OK)
ORGANISERS = dict(organiser=OK, admin=OK)
HEALTH_WORDS = ("fell", "bruise", "hospital", "medication", "dementia", "safeguarding", "accident", "health")


def raise_one(world, role="friend", kind=ConcernKind.ACCIDENT, urgent=False, text="Olive fell in the kitchen and has a bruise."):
    return services.concern_raise(actor=user(world, role), team=world["team"], kind=kind, urgent=urgent, what_happened=text)


def curl(name, concern, *args):
    return reverse(f"visits:{name}", args=[concern.commons.slug, concern.uuid, *args])


def turl(name, team):
    return reverse(f"visits:{name}", args=[team.commons.slug, team.uuid])


# --- raising ---------------------------------------------------------------------------------------
def test_raise_page_role_matrix(world):
    assert_matrix(world["clients"], turl("concern_raise", world["team"]), roles(**IN_TEAM))
    assert_matrix(world["clients"], turl("team_concerns", world["team"]), roles(**IN_TEAM, **ORGANISERS))


def test_raising_is_refused_outside_the_team_and_nothing_is_saved(world):
    data = {"kind": "accident", "what_happened": "Something"}
    for role in ("anonymous", "outsider", "member", "organiser", "admin", "former"):
        assert world["clients"][role].post(turl("concern_raise", world["team"]), data).status_code in (REDIR, NF), role
    assert not Concern.objects.exists() and not OutboundEmail.objects.exists()


def test_bad_input_gives_a_clear_message_and_saves_nothing(world):
    client = world["clients"]["friend"]
    response = client.post(turl("concern_raise", world["team"]), {"kind": "nonsense", "what_happened": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and 'id="id_what_happened-error"' in page
    assert not Concern.objects.exists()


def test_a_proxy_raises_a_concern_for_the_owner(world):
    response = world["clients"]["proxy"].post(turl("concern_raise", world["team"]), {"kind": "complaint", "what_happened": "Late again."})
    concern = Concern.objects.get()
    assert response.status_code == REDIR and response.url == curl("concern_detail", concern)
    assert concern.raised_by == person(world, "proxy") and concern.acting_for == person(world, "owner")
    assert concern.status == ConcernStatus.UNDERSTANDING
    assert concern.next_review == timezone.localdate() + timedelta(days=30)
    step = ConcernStep.objects.get(concern=concern)
    assert step.to_status == ConcernStatus.UNDERSTANDING and step.acting_for == person(world, "owner")
    event = AuditEvent.objects.get(object_id=str(concern.uuid))
    assert event.acting_for == person(world, "owner").uuid and "Late" not in event.reason
    assert not OutboundEmail.objects.exists(), "only urgent concerns e-mail at once"


def test_an_urgent_concern_emails_the_lead_and_organisers_with_no_details(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = world["clients"]["friend"].post(turl("concern_raise", world["team"]), {
            "kind": "safeguarding", "urgent": "on", "what_happened": "Olive has a bruise and says she fell; her medication was missing."})
    assert response.status_code == REDIR
    concern = Concern.objects.get()
    assert concern.urgent
    sent = {m.to: m for m in OutboundEmail.objects.all()}
    lead, organiser = person(world, "lead").user.email, person(world, "organiser").user.email
    assert set(sent) == {lead, organiser}, "the Safeguarding Lead and the commons' organisers, nobody else"
    for message in sent.values():
        text = (message.subject + " " + message.body_text).lower()
        assert "clapton test commons" in text and curl("concern_detail", concern) in message.body_text
        for word in (*HEALTH_WORDS, "olive", "owner", "fay", "friend", "bruise"):
            assert word not in text, word


# --- who sees a concern --------------------------------------------------------------------------------
def test_rule_and_queryset_twin_agree(world):
    by_friend = raise_one(world, "friend")
    by_worker = raise_one(world, "worker", kind=ConcernKind.FEEDBACK)
    expected = {"friend": {by_friend}, "worker": {by_worker}, "lead": {by_friend, by_worker},
                "organiser": {by_friend, by_worker}, "admin": {by_friend, by_worker}}
    for role in ALL:
        u = user(world, role)
        if u is None:
            continue
        visible = set(selectors.concerns_visible_to(u, world["commons"])) if role != "outsider" else set()
        for concern in (by_friend, by_worker):
            assert (concern in visible) == u.has_perm("visits.view_concern", concern), role
        assert visible == expected.get(role, set()), role


def test_detail_page_role_matrix(world):
    concern = raise_one(world, "friend")
    assert_matrix(world["clients"], curl("concern_detail", concern), roles(friend=OK, lead=OK, **ORGANISERS))
    # The raiser who leaves the team sees it no more.
    from caringcity.teams import services as team_services
    from caringcity.teams.models import TeamMember

    member = TeamMember.objects.get(team=world["team"], person=person(world, "friend"))
    team_services.member_leave(actor=user(world, "friend"), member=member, notice_days=0, goodbye="")
    assert world["clients"]["friend"].get(curl("concern_detail", concern)).status_code == NF


def test_team_list_shows_only_what_each_may_see(world):
    mine = raise_one(world, "friend", text="first")
    other = raise_one(world, "worker", text="second")
    page = world["clients"]["friend"].get(turl("team_concerns", world["team"])).content.decode()
    assert curl("concern_detail", mine) in page and curl("concern_detail", other) not in page
    page = world["clients"]["friend2"].get(turl("team_concerns", world["team"])).content.decode()
    assert curl("concern_detail", mine) not in page and "No concerns you can see" in page
    page = world["clients"]["lead"].get(turl("team_concerns", world["team"])).content.decode()
    assert curl("concern_detail", mine) in page and curl("concern_detail", other) in page


# --- the steps -------------------------------------------------------------------------------------------
def test_moves_role_matrix_and_a_denied_move_changes_nothing(world):
    concern = raise_one(world, "friend")
    data = {"move-to_status": "awaiting", "move-note": "Asked the agency."}
    for role in ("anonymous", "outsider", "member", "owner", "proxy", "friend", "friend2", "starter", "former"):
        assert world["clients"][role].post(curl("concern_move", concern), data).status_code in (REDIR, NF), role
        assert world["clients"][role].post(curl("concern_review", concern), {"review-note": "x"}).status_code in (REDIR, NF), role
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UNDERSTANDING and concern.steps.count() == 1
    assert world["clients"]["lead"].post(curl("concern_move", concern), data).status_code == REDIR
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.AWAITING
    assert world["clients"]["organiser"].get(curl("concern_move", concern)).status_code == 405


def test_the_whole_path_to_an_outcome_and_back(world):
    concern = raise_one(world, "friend")
    lead = user(world, "lead")
    services.concern_move(actor=lead, concern=concern, to_status="awaiting", note="Asked the agency what happened.")
    services.concern_move(actor=lead, concern=concern, to_status="exploring", note="The agency replied.")
    with pytest.raises(Exception) as caught:
        services.concern_move(actor=lead, concern=concern, to_status="outcome", note="Agreed a plan.")
    assert "outcome" in caught.value.message_dict
    concern = services.concern_move(actor=lead, concern=concern, to_status="outcome", note="Agreed a plan.", outcome="Rail fitted.")
    assert concern.closed and concern.next_review is None and concern.outcome == "Rail fitted."
    concern = services.concern_move(actor=lead, concern=concern, to_status="exploring", note="It happened again.")
    assert concern.closed is None and concern.next_review == timezone.localdate() + timedelta(days=30)
    assert [s.to_status for s in concern.steps.order_by("created", "pk")] == ["understanding", "awaiting", "exploring", "outcome", "exploring"]


@pytest.mark.parametrize("start, to", [("understanding", "outcome"), ("awaiting", "outcome"), ("outcome", "understanding"),
                                       ("understanding", "understanding"), ("understanding", "nonsense")])
def test_refused_moves_give_a_reason_and_change_nothing(world, start, to):
    concern = raise_one(world, "friend")
    Concern.objects.filter(pk=concern.pk).update(status=start)
    response = world["clients"]["lead"].post(curl("concern_move", concern), {"move-to_status": to, "move-note": "n", "move-outcome": "o"})
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    with pytest.raises(Exception) as caught:
        services.concern_move(actor=user(world, "lead"), concern=concern, to_status=to, note="n", outcome="o")
    assert caught.value.message_dict["to_status"]
    concern.refresh_from_db()
    assert concern.status == start and concern.steps.count() == 1


def test_a_move_needs_a_note(world):
    concern = raise_one(world, "friend")
    response = world["clients"]["lead"].post(curl("concern_move", concern), {"move-to_status": "awaiting", "move-note": ""})
    assert response.status_code == 400 and 'id="id_move-note-error"' in response.content.decode()
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.UNDERSTANDING


def test_a_review_sets_the_next_one_a_month_ahead(world):
    concern = raise_one(world, "friend")
    Concern.objects.filter(pk=concern.pk).update(next_review=timezone.localdate() - timedelta(days=2))
    response = world["clients"]["organiser"].post(curl("concern_review", concern), {"review-note": "Checked with Olive."})
    assert response.status_code == REDIR
    concern.refresh_from_db()
    assert concern.next_review == timezone.localdate() + timedelta(days=30)
    step = concern.steps.order_by("-created", "-pk").first()
    assert step.from_status == step.to_status == ConcernStatus.UNDERSTANDING and step.note == "Checked with Olive."
    assert world["clients"]["organiser"].post(curl("concern_review", concern), {"review-note": ""}).status_code == 400


# --- the commons: review list and trends ------------------------------------------------------------
def test_commons_page_role_matrix(world):
    url = reverse("visits:commons_concerns", args=[world["commons"].slug])
    assert_matrix(world["clients"], url, roles(lead=OK, **ORGANISERS))


def test_review_list_holds_open_concerns_that_are_due(world):
    due = raise_one(world, "friend", text="due")
    later = raise_one(world, "friend", text="later")
    closed = raise_one(world, "friend", text="closed")
    Concern.objects.filter(pk__in=[due.pk, closed.pk]).update(next_review=timezone.localdate())
    Concern.objects.filter(pk=closed.pk).update(status=ConcernStatus.OUTCOME)
    assert list(selectors.review_due(user(world, "organiser"), world["commons"])) == [due]
    assert list(selectors.review_due(user(world, "friend2"), world["commons"])) == []
    page = world["clients"]["lead"].get(reverse("visits:commons_concerns", args=[world["commons"].slug])).content.decode()
    assert curl("concern_detail", due) in page and curl("concern_detail", later) in page and curl("concern_detail", closed) not in page
    assert "Trends" not in page, "trends are for organisers"


def test_trend_counts_by_kind_and_month(world):
    a = raise_one(world, "friend", kind=ConcernKind.ACCIDENT)
    raise_one(world, "friend", kind=ConcernKind.ACCIDENT)
    old = raise_one(world, "friend", kind=ConcernKind.COMPLAINT)
    very_old = raise_one(world, "friend", kind=ConcernKind.COMPLAINT)
    now = timezone.now()
    Concern.objects.filter(pk=old.pk).update(created=now - timedelta(days=62))
    Concern.objects.filter(pk=very_old.pk).update(created=now - timedelta(days=400))
    trends = selectors.trend_counts(world["commons"])
    assert len(trends["months"]) == 6 and trends["months"][-1] == timezone.localdate().replace(day=1)
    rows = {kind: values for kind, _label, values, _total in trends["rows"]}
    assert rows["accident"][-1] == 2
    assert sum(rows["complaint"]) == 1 and trends["total"] == 3
    assert a in Concern.objects.all()
    page = world["clients"]["organiser"].get(reverse("visits:commons_concerns", args=[world["commons"].slug])).content.decode()
    assert '<svg' in page and 'role="img"' in page and "<title" in page and "<desc" in page
    assert '<th scope="row">Accident</th>' in page


def test_commons_page_query_count_stays_the_same(world):
    kinds = iter(ConcernKind.values * 10)

    def grow():
        concern = raise_one(world, "friend", kind=next(kinds))
        Concern.objects.filter(pk=concern.pk).update(next_review=timezone.localdate())
        services.concern_move(actor=user(world, "lead"), concern=concern, to_status="exploring", note="n")

    assert_queries_constant(world["clients"]["organiser"], reverse("visits:commons_concerns", args=[world["commons"].slug]), grow)


def test_team_concerns_and_detail_query_counts_stay_the_same(world):
    concern = raise_one(world, "friend")

    def grow():
        raise_one(world, "friend")
        services.concern_review(actor=user(world, "lead"), concern=concern, note="checked")

    assert_queries_constant(world["clients"]["lead"], turl("team_concerns", world["team"]), grow)
    assert_queries_constant(world["clients"]["lead"], curl("concern_detail", concern), grow)


def test_housekeeping_counts_overdue_reviews(world):
    concern = raise_one(world, "friend")
    Concern.objects.filter(pk=concern.pk).update(next_review=timezone.localdate() - timedelta(days=1))
    out = io.StringIO()
    assert services.run_housekeeping(out) == 1
    assert "1 open concern" in out.getvalue() and "Olive" not in out.getvalue()


def test_an_organiser_of_another_commons_sees_nothing(world, other_commons):
    concern = raise_one(world, "friend")
    stranger = member_with_login(other_commons, Membership.Role.ORGANISER, name="Sam Stranger")
    assert not stranger.person.user.has_perm("visits.view_concern", concern)
    assert not selectors.concerns_visible_to(stranger.person.user, world["commons"]).exists()
