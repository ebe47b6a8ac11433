"""The decision log, a decision's page, reviews, who may read a decision, the reviews due and
their reminders, and the policies in force: over the circle role matrix."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from caringcity.circles.models import (
    CircleHatKind,
    CircleKind,
    DecisionKind,
    DecisionStatus,
    DecisionVersion,
    ReviewReminder,
)
from caringcity.circles.selectors import decisions as selectors
from caringcity.circles.services import decisions as services
from caringcity.circles.services.records import decision_revise, latest_version
from caringcity.circles.tests.decisions_world import (  # noqa: F401
    BAD,
    CIRCLE_ROLES,
    NF,
    OK,
    REDIR,
    SECRETARIES,
    VIEWERS,
    circle_world,
    detail_url,
    log_url,
    record,
    today,
    url,
)
from caringcity.circles.tests.factories import give_circle_hat, make_circle
from caringcity.core.models import AuditEvent, OutboundEmail
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.people.models import Membership
from caringcity.people.tests.factories import member_with_login

pytestmark = pytest.mark.django_db

READERS = ("learning", "full", "secretary", "facilitator")  # the circle's full and learning participants
NOT_READERS = ("outsider", "guest")  # may see the circle, not its confidential records


def page(client, address, **params):
    response = client.get(address, params)
    assert response.status_code == OK, response.status_code
    return response.content.decode()


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def versions_now():
    return list(DecisionVersion.objects.order_by("pk").values_list("pk", "number", "status", "review_on", "ends_on",
                                                                     "confidential", "title", "text"))


def secret(w, **fields):
    return record(w, "Help with Albert's rent", "The circle pays half of Albert's rent for March from the hardship fund.",
                  confidential=True, confidential_reason="It is about one person's money", **fields)


# --- who may see what --------------------------------------------------------------------------
def test_log_csv_print_detail_and_reviews_role_matrix(circle_world):
    w = circle_world
    decision = record(w)
    for address in (log_url(w), log_url(w, name="decision_log_csv"), log_url(w, name="decision_log_print"),
                    log_url(w, name="reviews_due"), url("commons_reviews_due", w), detail_url(w, decision)):
        assert_matrix(w.clients, address, VIEWERS)


def test_team_circle_decisions_stay_inside_the_team(circle_world):
    from caringcity.teams import services as team_services

    w = circle_world
    organiser = member_with_login(w.commons, Membership.Role.ORGANISER, name="Orla Organiser")
    owner = member_with_login(w.commons, name="Tia Teamowner")
    team = team_services.team_create(actor=organiser.person.user, commons=w.commons, owner=owner.person, name="Tia's team")
    team_circle = make_circle(w.commons, name="Tia's team", kind=CircleKind.TEAM, parent=w.circle, team=team)
    decision = record(w, "Visits on Sunday", circle=team_circle, takers=[owner.person])
    clients = {**w.clients, "owner": __import__("caringcity.circles.tests.factories", fromlist=["client_for"]).client_for(owner.person.user)}
    expected = {**{role: NF for role in CIRCLE_ROLES}, "anonymous": REDIR, "owner": OK}
    assert_matrix(clients, detail_url(w, decision), expected)
    assert_matrix(clients, log_url(w, team_circle), expected)
    # ...and it is not in the reviews due across the commons for those outside the team.
    decision_revise(actor=w.user("secretary"), decision=decision, note="Soon", review_on=today() + timedelta(days=3))
    outsider_sees = page(w.clients["outsider"], url("commons_reviews_due", w))
    assert "Visits on Sunday" not in outsider_sees and "No reviews are due" in outsider_sees
    assert "Visits on Sunday" in page(clients["owner"], url("commons_reviews_due", w))


def test_a_decision_of_another_commons_is_not_found(circle_world):
    w = circle_world
    decision = record(w)
    other = w["other_commons"]
    # the right decision, asked for under the other commons' address
    response = w.clients["other_commons"].get(f"/c/{other.commons.slug}/circles/decisions/{decision.uuid}/")
    assert response.status_code == NF


# --- the log -----------------------------------------------------------------------------------
def test_log_shows_every_kind_newest_first_with_status_and_review_in_words(circle_world):
    w = circle_world
    first = record(w, "Tea at meetings", review_in=-3)  # review overdue
    record(w, "Who buys the biscuits", kind=DecisionKind.ADVICE, review_in=5)  # review due
    ended = record(w, "Meet in the library", kind=DecisionKind.POLL, review_in=300)
    decision_revise(actor=w.user("secretary"), decision=ended, note="The library closed.", status=DecisionStatus.ENDED)
    record(w, "Next meeting: 3 June", kind=DecisionKind.TIME_POLL, review_in=None)
    html = page(w.clients["outsider"], log_url(w))
    order = [html.index(t) for t in ("Next meeting: 3 June", "Meet in the library", "Who buys the biscuits", "Tea at meetings")]
    assert order == sorted(order), "newest first"
    for words in ("D1", "D4", "Decided by consent", "Advice process", "Poll", "Meeting time poll", "Review overdue",
                  "Review due", "Ended", "In force", "None set", "None: it has ended", first.created.strftime("%Y")):
        assert words in html, words
    assert html.count("Review overdue") == 1 and html.count("Review due") == 1


def test_log_is_paged(circle_world):
    w = circle_world
    for n in range(selectors.PAGE_SIZE + 2):
        record(w, f"Decision number {n + 1}", takers=())
    first = page(w.clients["full"], log_url(w))
    assert "Decision number 27" in first and "Decision number 1<" not in first and "Page 1 of 2" in first
    second = page(w.clients["full"], log_url(w), page=2)
    assert "Decision number 1<" in second and "Decision number 2<" in second and "Decision number 27" not in second


def test_search_is_case_insensitive_every_word_must_match_and_numbers_work(circle_world):
    w = circle_world
    record(w, "Tea at meetings", "We bring our own cups.")
    record(w, "Şeker in the tea", "Sugar for Ayşe's tea: ŞEKER in the blue jar.")
    record(w, "Budget for the summer party", "Up to £200 from the local budget.")
    client = w.clients["guest"]

    def titles(**params):
        return [v.title for v in selectors.decision_log(w.user("guest"), w.circle, **params)]

    assert titles(search="TEA") == ["Şeker in the tea", "Tea at meetings"]
    assert titles(search="şeker") == ["Şeker in the tea"], "letters beyond A to Z match whatever their case"
    assert titles(search="tea cups") == ["Tea at meetings"]
    assert titles(search="£200") == ["Budget for the summer party"]
    assert titles(search="d2") == ["Şeker in the tea"]
    assert titles(search="(party") == [], "characters with a meaning in patterns are plain letters"
    html = page(client, log_url(w), q="tea cups")
    assert "1 decision found." in html and "Tea at meetings" in html and "Budget for the summer party" not in html
    assert 'value="tea cups"' in html, "the form keeps the words (a GET form: it works with JavaScript off)"


def test_filters_by_status_and_kind(circle_world):
    w = circle_world
    record(w, "Tea at meetings", review_in=400)
    record(w, "Who buys the biscuits", kind=DecisionKind.ADVICE, review_in=10)
    ended = record(w, "Meet in the library", review_in=300)
    decision_revise(actor=w.user("secretary"), decision=ended, note="The library closed.", status=DecisionStatus.ENDED)
    record(w, "Winter rota", review_in=None, ends_on=today() - timedelta(days=1))
    reopened = record(w, "Paying for taxis", review_in=200)
    decision_revise(actor=w.user("secretary"), decision=reopened, note="Appeal", status=DecisionStatus.REOPENED)
    user = w.user("full")

    def titles(**params):
        return {v.title for v in selectors.decision_log(user, w.circle, **params)}

    assert titles(status="in_force") == {"Tea at meetings", "Who buys the biscuits"}
    assert titles(status="review_due") == {"Who buys the biscuits"}
    assert titles(status="ended") == {"Meet in the library", "Winter rota"}
    assert titles(status="reopened") == {"Paying for taxis"}
    assert titles(kind=DecisionKind.ADVICE) == {"Who buys the biscuits"}
    assert titles(kind=DecisionKind.CONSENT, status="ended") == {"Meet in the library", "Winter rota"}
    assert len(titles(status="nonsense")) == 5
    html = page(w.clients["full"], log_url(w), status="ended", kind="consent")
    assert "Meet in the library" in html and "Winter rota" in html and "Tea at meetings" not in html
    assert "Ended: its end date has passed" in html


# --- confidential ------------------------------------------------------------------------------
@pytest.mark.parametrize("role", [*NOT_READERS, *READERS])
def test_confidential_decisions_show_number_date_and_reason_to_the_commons_and_text_to_the_circle(circle_world, role):
    w = circle_world
    record(w, "Tea at meetings")
    decision = secret(w)
    client = w.clients[role]
    reads = role in READERS
    log = page(client, log_url(w))
    detail = page(client, detail_url(w, decision))
    printed = page(client, log_url(w, name="decision_log_print"))
    rows = csv_rows(client.get(log_url(w, name="decision_log_csv")))
    for html in (log, detail, printed):
        assert "D2" in html and "confidential" in html.lower()
        assert ("It is about one person&#x27;s money" in html) == (not reads or html is detail), role
        assert ("Help with Albert" in html) == reads, role
        assert "Tea at meetings" in html or html is detail
    assert ("half of Albert" in detail) == reads
    assert ("Who took part" in detail) == reads, "who took part is part of what a non-reader may not see"
    row = next(r for r in rows if r[0] == "D2")
    assert (row[2] == "Help with Albert's rent") == reads and (row[2] == "Confidential") != reads
    assert row[8] == "yes" and row[9] == "It is about one person's money"
    assert not any("half of Albert" in cell for r in rows for cell in r)


def test_search_never_finds_a_decision_by_words_the_user_may_not_read(circle_world):
    w = circle_world
    secret(w)
    assert not list(selectors.decision_log(w.user("guest"), w.circle, search="rent"))
    assert not list(selectors.decision_log(w.user("outsider"), w.circle, search="hardship"))
    assert len(selectors.decision_log(w.user("learning"), w.circle, search="hardship")) == 1
    assert len(selectors.decision_log(w.user("guest"), w.circle, search="money")) == 1, "the reason is public"
    assert "No decisions match" in page(w.clients["guest"], log_url(w), q="rent")


def test_the_secretary_marks_a_decision_confidential_and_back_as_a_new_version(circle_world):
    w = circle_world
    decision = record(w, "Help with the electricity bill")
    address = detail_url(w, decision, "decision_confidential")
    assert_matrix(w.clients, address, SECRETARIES)
    before = versions_now()
    for role in ("outsider", "guest", "learning", "full", "other_commons", "anonymous"):
        w.clients[role].post(address, {"confidential": "yes", "confidential_reason": "Money", "note": "Private"})
    assert versions_now() == before, "denied: nothing changed"
    response = w.clients["secretary"].post(address, {"confidential": "yes", "confidential_reason": "", "note": "Asked to"})
    assert response.status_code == BAD and "Say why it is confidential" in response.content.decode()
    assert versions_now() == before
    response = w.clients["secretary"].post(address, {"confidential": "yes", "confidential_reason": "It is about one household",
                                                     "note": "The family asked us."})
    assert response.status_code == REDIR
    latest = latest_version(decision)
    assert latest.number == 2 and latest.confidential and latest.note == "The family asked us."
    assert decision.versions.get(number=1).confidential is False, "the first version is unchanged"
    event = AuditEvent.objects.get(action="circles.decision.confidential")
    assert event.actor == w.user("secretary") and "It is about one household" in event.reason
    assert "Help with the electricity bill" not in page(w.clients["guest"], detail_url(w, decision))
    response = w.clients["secretary"].post(address, {"confidential": "yes", "confidential_reason": "It is about one household",
                                                     "note": "Again"})
    assert response.status_code == BAD and "That is how it is already" in response.content.decode()
    w.clients["facilitator"].post(address, {"confidential": "no", "note": "The family is happy to share it now."})
    assert latest_version(decision).confidential is False and latest_version(decision).confidential_reason == ""
    assert "Help with the electricity bill" in page(w.clients["guest"], detail_url(w, decision))


# --- CSV and print -----------------------------------------------------------------------------
def test_csv_has_a_header_the_same_filters_plain_utf8_and_a_named_file(circle_world):
    w = circle_world
    record(w, "Tea at meetings")
    record(w, "=HYPERLINK(\"http://x\")", "Formula")
    record(w, "Şeker for Ayşe", kind=DecisionKind.ADVICE)
    response = w.clients["outsider"].get(log_url(w, name="decision_log_csv"), {"kind": "consent"})
    assert response.status_code == OK and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="decision-log-clapton-local-circle-{today().isoformat()}.csv"'
    assert not response.content.startswith(b"\xef\xbb\xbf"), "plain UTF-8, no byte-order mark"
    rows = csv_rows(response)
    assert rows[0][:6] == ["number", "decided on", "title", "how it was decided", "status now", "review date"]
    assert [r[0] for r in rows[1:]] == ["D2", "D1"], "only consent decisions, newest first"
    assert rows[1][2] == "'=HYPERLINK(\"http://x\")", "a cell that looks like a formula is made plain text"
    assert rows[2][1] == today().isoformat() and rows[2][-1].endswith(detail_url(w, w.circle.decisions.get(number=1)))
    everything = csv_rows(w.clients["outsider"].get(log_url(w, name="decision_log_csv"), {"q": "ayşe"}))
    assert [r[2] for r in everything[1:]] == ["Şeker for Ayşe"]
    assert "We bring our own cups" not in response.content.decode(), "no text: it stays on the site"


def test_print_view_has_the_log_without_navigation(circle_world):
    w = circle_world
    record(w, "Tea at meetings")
    html = page(w.clients["full"], log_url(w, name="decision_log_print"), q="tea")
    assert "Decision log: Clapton local circle" in html and "Printed on" in html and "“tea”" in html
    assert 'class="tabs' not in html and "Tea at meetings" in html and "data-print" in html


# --- one decision ------------------------------------------------------------------------------
def test_decision_page_shows_the_record_its_versions_and_who_took_part(circle_world):
    w = circle_world
    decision = record(w, "Tea at meetings", takers=("full", "secretary", "facilitator", "guest"),
                      reasons="People were thirsty.", concerns="Cost of milk.", objections="Gita objected: no milk. Amended.")
    services.decision_review(actor=w.user("secretary"), decision=decision, outcome="keep", note="Still good.",
                             review_on=today() + timedelta(days=365))
    decision_revise(actor=w.user("secretary"), decision=decision, note="Herbal tea too.", text="We bring our own cups. Herbal tea too.")
    html = page(w.clients["learning"], detail_url(w, decision))
    for words in ("D1: Tea at meetings", "We bring our own cups. Herbal tea too.", "People were thirsty.", "Cost of milk.",
                  "Gita objected: no milk. Amended.", "Version 3", "Version 2", "Version 1", "Reviewed and kept: Still good.",
                  "Herbal tea too.", "What was decided: changed", "Review date:", "Sally Secretary",
                  # who took part: role (kind + hats) and stakeholder kind
                  "Femi Full", "Full participant", "Getting support", "Facilitator", "Secretary", "Guest",
                  "Partner organisation", "In the circle now"):
        assert words in html, words
    assert html.index("Version 3") < html.index("Version 2") < html.index("Version 1")


def test_decision_page_includes_the_proposal_history(circle_world):
    from caringcity.circles.models import Proposal

    w = circle_world
    proposal = Proposal.objects.create(circle=w.circle, title="Tea at meetings", brought_by=w.person("full"))
    decision = record(w, proposal=proposal)
    assert selectors.proposal_history_or_none(decision.proposal) is not None
    assert "The proposal it came from" in page(w.clients["full"], detail_url(w, decision))


# --- reviews -----------------------------------------------------------------------------------
def test_review_page_role_matrix_and_denied_reviews_change_nothing(circle_world):
    w = circle_world
    decision = record(w)
    address = detail_url(w, decision, "decision_review")
    assert_matrix(w.clients, address, SECRETARIES)
    before = versions_now()
    data = {"outcome": "end", "note": "Not needed."}
    for role in ("anonymous", "other_commons", "outsider", "guest", "learning", "full"):
        assert w.clients[role].post(address, data).status_code in (REDIR, NF), role
    assert versions_now() == before and latest_version(decision).status == DecisionStatus.IN_FORCE


def test_a_review_adds_a_version_and_leaves_the_old_one_unchanged(circle_world):
    w = circle_world
    decision = record(w, review_in=3)
    first = list(DecisionVersion.objects.filter(decision=decision).values())
    new_date = today() + timedelta(days=365)
    response = w.clients["secretary"].post(detail_url(w, decision, "decision_review"),
                                           {"outcome": "keep", "review_on": new_date.isoformat(), "note": "It works well."})
    assert response.status_code == REDIR and response.url.endswith("#versions")
    assert list(DecisionVersion.objects.filter(decision=decision, number=1).values()) == first, "never an edit"
    latest = latest_version(decision)
    assert (latest.number, latest.review_on, latest.status, latest.text) == (2, new_date, DecisionStatus.IN_FORCE, first[0]["text"])
    assert latest.note == "Reviewed and kept: It works well." and latest.created_by == w.user("secretary")
    assert AuditEvent.objects.filter(action="circles.decision.review", reason="keep").count() == 1


def test_review_change_dates_or_end(circle_world):
    w = circle_world
    decision = record(w, review_in=10)
    ends = today() + timedelta(days=200)
    services.decision_review(actor=w.user("facilitator"), decision=decision, outcome="change", note="Try it for a while.",
                             ends_on=ends)
    assert latest_version(decision).ends_on == ends and latest_version(decision).review_on == today() + timedelta(days=10)
    services.decision_review(actor=w.user("facilitator"), decision=decision, outcome="end", note="Nobody drinks tea.")
    latest = latest_version(decision)
    assert (latest.number, latest.status, latest.ends_on) == (3, DecisionStatus.ENDED, today())
    with pytest.raises(Exception) as error:
        services.decision_review(actor=w.user("facilitator"), decision=decision, outcome="keep", note="x",
                                 review_on=today() + timedelta(days=30))
    assert "already ended" in str(error.value)


@pytest.mark.parametrize("data, field, words", [
    ({"outcome": "keep", "note": "Fine."}, "review_on", "Give the date of the next review."),
    ({"outcome": "keep", "note": "Fine.", "review_on": "2000-01-01"}, "review_on", "must be after today"),
    ({"outcome": "change", "note": "Fine.", "ends_on": "2000-01-01"}, "ends_on", "cannot be in the past"),
    ({"outcome": "change", "note": "Fine."}, "review_on", "they are the same as now"),
    ({"outcome": "keep", "note": "", "review_on": "2999-01-01"}, "note", "This field is required."),
])
def test_a_refused_review_says_why_next_to_the_field_and_saves_nothing(circle_world, data, field, words):
    w = circle_world
    decision = record(w)
    before = versions_now()
    response = w.clients["secretary"].post(detail_url(w, decision, "decision_review"), data)
    html = response.content.decode()
    assert response.status_code == BAD and "There is a problem" in html and words in html
    assert f'id="id_{field}-error"' in html
    assert versions_now() == before


def test_a_reopened_decision_can_only_be_ended(circle_world):
    w = circle_world
    decision = record(w)
    decision_revise(actor=w.user("secretary"), decision=decision, note="Appeal", status=DecisionStatus.REOPENED)
    response = w.clients["secretary"].post(detail_url(w, decision, "decision_review"),
                                           {"outcome": "keep", "note": "Fine.", "review_on": "2999-01-01"})
    assert response.status_code == BAD and "You can only end it" in response.content.decode()
    services.decision_review(actor=w.user("secretary"), decision=decision, outcome="end", note="Replaced by D2.")
    assert latest_version(decision).status == DecisionStatus.ENDED


# --- reviews due and reminders -----------------------------------------------------------------
def test_reviews_due_in_the_circle_and_across_the_commons(circle_world):
    w = circle_world
    record(w, "Tea at meetings", review_in=-2)
    record(w, "Who buys the biscuits", review_in=13)
    record(w, "Far away", review_in=40)
    ended = record(w, "Meet in the library", review_in=1)
    decision_revise(actor=w.user("secretary"), decision=ended, note="Closed.", status=DecisionStatus.ENDED)
    record(w, "Budget", circle=w.parent, review_in=4, takers=())
    secret(w, review_on=today() + timedelta(days=6))
    circle_page = page(w.clients["guest"], log_url(w, name="reviews_due"))
    assert "Tea at meetings" in circle_page and "Who buys the biscuits" in circle_page and "Review overdue" in circle_page
    assert "Far away" not in circle_page and "Meet in the library" not in circle_page and "Budget" not in circle_page
    assert "Help with Albert" not in circle_page and "It is about one person" in circle_page
    commons_page = page(w.clients["guest"], url("commons_reviews_due", w))
    assert commons_page.index("Tea at meetings") < commons_page.index("Budget") < commons_page.index("Who buys the biscuits")
    assert "General circle" in commons_page
    assert "Help with Albert" in page(w.clients["full"], url("commons_reviews_due", w))


def test_the_log_shows_the_reviews_due_to_me(circle_world):
    w = circle_world
    record(w, "Tea at meetings", review_in=3)
    record(w, "Budget", circle=w.parent, review_in=2, takers=())
    assert "Reviews you look after" not in page(w.clients["full"], log_url(w))
    mine = page(w.clients["secretary"], log_url(w))
    assert "Reviews you look after" in mine and "D1 of the Clapton local circle" in mine
    assert "D1 of the General circle" not in mine, "she wears no hat in the general circle"
    give_circle_hat(w.parent, w.person("secretary"), CircleHatKind.LEADER)
    assert "D1 of the General circle" in page(w.clients["secretary"], log_url(w))


def test_review_reminders_go_once_to_the_secretary_leader_and_facilitator_without_the_text(circle_world, django_capture_on_commit_callbacks):
    w = circle_world
    leader = member_with_login(w.commons, name="Lena Leader")
    give_circle_hat(w.circle, leader.person, CircleHatKind.LEADER)
    due = record(w, "Tea at meetings", "We bring our own cups.", review_in=14)
    overdue = secret(w, review_on=today() - timedelta(days=5))
    record(w, "Far away", review_in=15)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == (2, 6)
    assert ReviewReminder.objects.count() == 2
    sent = list(OutboundEmail.objects.order_by("pk"))
    assert {m.to for m in sent} == {w.user("secretary").email, w.user("facilitator").email, leader.person.user.email}
    assert len(mail.outbox) == 6
    for message in sent:
        body = message.subject + message.body_text
        assert "Clapton local circle" in body and ("D1" in body or "D2" in body)
        for words in ("Tea", "cups", "Albert", "rent", "money"):
            assert words not in body, words
    assert any(detail_url(w, due) in m.body_text for m in sent) and any(detail_url(w, overdue) in m.body_text for m in sent)
    assert any("was due for review" in m.body_text for m in sent)
    # Running again sends nothing more...
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send() == (0, 0)
    assert OutboundEmail.objects.count() == 6
    # ...until a review sets a new date that falls due.
    services.decision_review(actor=w.user("secretary"), decision=due, outcome="keep", note="Again soon.",
                             review_on=today() + timedelta(days=7))
    assert services.reminders_send() == (1, 3)
    out = io.StringIO()
    call_command("housekeeping", stdout=out)
    assert "circles: 0 decision review reminders sent" in out.getvalue()


def test_reminders_skip_ended_decisions_and_ended_circles(circle_world):
    w = circle_world
    ended = record(w, review_in=2)
    decision_revise(actor=w.user("secretary"), decision=ended, note="Closed.", status=DecisionStatus.ENDED)
    closed = make_circle(w.commons, name="Old circle", ended=today() - timedelta(days=10))
    give_circle_hat(closed, w.person("secretary"), CircleHatKind.SECRETARY)
    record(w, circle=closed, review_in=2, takers=())
    assert services.reminders_send() == (0, 0) and not OutboundEmail.objects.exists()


# --- the logbook: policies in force ------------------------------------------------------------
def test_policies_in_force_are_consent_decisions_in_force_as_they_read_now(circle_world):
    from django.template.loader import render_to_string

    from caringcity.circles.views import decisions as views  # noqa: F401 - registers its section, as the site's urls load it
    from caringcity.circles.views.base import SECTIONS

    w = circle_world
    policy = record(w, "Tea at meetings")
    decision_revise(actor=w.user("secretary"), decision=policy, note="Better words.", title="Tea and coffee at meetings")
    record(w, "Who buys the biscuits", kind=DecisionKind.ADVICE)
    ended = record(w, "Meet in the library")
    decision_revise(actor=w.user("secretary"), decision=ended, note="Closed.", status=DecisionStatus.ENDED)
    record(w, "Winter rota", ends_on=today() - timedelta(days=1))
    reopened = record(w, "Paying for taxis")
    decision_revise(actor=w.user("secretary"), decision=reopened, note="Appeal", status=DecisionStatus.REOPENED)
    secret(w)
    rows = selectors.policies_in_force(w.user("guest"), w.circle)
    assert [(v.decision.number, v.title, v.readable) for v in rows] == [
        (6, "Help with Albert's rent", False), (1, "Tea and coffee at meetings", True)]
    assert selectors.policies_in_force(w.user("other_commons"), w.circle) == []
    section = next(s for s in SECTIONS if s.template == "circles/decisions/_policies.html")
    assert section.order == 40
    request = RequestFactory().get("/")
    request.user = w.user("guest")
    html = render_to_string(section.template, section.context(request, w.circle))
    assert "Policies in force" in html and "Tea and coffee at meetings" in html and "Help with Albert" not in html
    assert "It is about one person" in html and "Who buys the biscuits" not in html
    request.user = w.user("other_commons")
    assert section.context(request, w.circle) is None


# --- query counts ------------------------------------------------------------------------------
def _grower(w):
    count = [0]

    def grow():
        for kind in (DecisionKind.CONSENT, DecisionKind.ADVICE):
            count[0] += 1
            decision = record(w, f"Decision {count[0]}", kind=kind, takers=("full", "secretary", "guest"), review_in=count[0] % 20)
            decision_revise(actor=w.user("secretary"), decision=decision, note="Reviewed.", review_on=today() + timedelta(days=count[0]))
        secret(w, review_on=today() + timedelta(days=3))
    return grow


@pytest.mark.parametrize("name", ["decision_log", "decision_log_csv", "decision_log_print", "reviews_due"])
def test_log_pages_make_the_same_number_of_queries_whatever_the_size(circle_world, name):
    w = circle_world
    give_circle_hat(w.parent, w.person("guest"), CircleHatKind.SECRETARY)  # so "reviews you look after" has rows too
    assert_queries_constant(w.clients["guest"], log_url(w, name=name), _grower(w))


def test_commons_reviews_and_decision_page_queries_are_constant(circle_world):
    w = circle_world
    assert_queries_constant(w.clients["full"], url("commons_reviews_due", w), _grower(w))
    decision = record(w, "Tea", takers=("full",))
    extra = iter(range(100))

    def grow():
        n = next(extra)
        decision_revise(actor=w.user("secretary"), decision=decision, note=f"Change {n}", review_on=today() + timedelta(days=n + 1))
    assert_queries_constant(w.clients["full"], detail_url(w, decision), grow)


# --- the commons home --------------------------------------------------------------------------
def test_the_commons_home_links_to_the_reviews_due(circle_world):
    w = circle_world
    html = page(w.clients["outsider"], f"/c/{w.commons.slug}/")
    assert url("commons_reviews_due", w) in html and "Circle decisions due for review" in html


def test_the_decision_log_is_a_tab_of_every_circle(circle_world):
    from caringcity.circles.views.base import TABS

    tab = next(t for t in TABS if t.url_name == "decision_log")
    assert tab.order == 30 and str(tab.label) == "Decision log"
    html = page(circle_world.clients["guest"], log_url(circle_world))
    assert 'aria-current="page">Decision log' in html
    assert timezone.localdate()  # the log's dates are London dates
