"""The pages of the summaries part: who reaches which page (an unapproved summary never beyond the
research team and the person), the private link's page, forms that keep what was typed, the diff,
the print view, looks recorded, sections on other pages, and query counts."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import ROLES, assert_matrix, assert_queries_constant
from caringcity.stories.models import InterviewState, Summary, SummaryState, SummaryVersion
from caringcity.stories.selectors import summaries as selectors
from caringcity.stories.services import summaries as services
from caringcity.stories.tests.factories import make_interview, make_project, make_summary, make_summary_transcript
from caringcity.stories.views.base import page_sections

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
SECRET = "Her sister lived on Chatsworth Road and she kept the stall."


@pytest.fixture
def world(commons, personas):
    project = make_project(commons, lead=personas["member"].person)
    interview = make_interview(project, personas["owner"].person, title="Olive on the market")
    make_summary_transcript(interview)
    args = [commons.slug, project.uuid, interview.uuid]
    return {"project": project, "interview": interview, "args": args, "team": personas["member"].person.user}


def _url(name, world, *extra):
    return reverse(f"stories:{name}", args=[*world["args"], *extra])


def _everyone_but(expected_ok, anonymous=REDIR):
    return {role: (OK if role in expected_ok else (anonymous if role == "anonymous" else NF)) for role in ROLES}


def test_the_teams_pages_are_for_the_research_team_only(world, clients):
    summary = make_summary(world["interview"], text=SECRET)
    for name in ("summary", "summary_edit", "summary_versions", "summary_send", "summary_print", "summary_record"):
        assert_matrix(clients, _url(name, world), _everyone_but({"member"}))
    assert_matrix(clients, reverse("stories:summaries", args=world["args"][:2]), _everyone_but({"member"}))
    for role in ("organiser", "admin", "owner", "proxy", "outsider"):  # nothing changed by anyone else
        clients[role].post(_url("summary_edit", world), {"text": "Changed by " + role})
        clients[role].post(_url("summary_send", world), {"how": "link"})
    summary.refresh_from_db()
    assert summary.state == SummaryState.DRAFT and summary.versions.count() == 1


def test_an_unapproved_summary_reaches_only_the_team_and_the_person(world, clients, personas, commons):
    summary = make_summary(world["interview"], text=SECRET)
    mine = reverse("stories:my_summary", args=[commons.slug, summary.uuid])
    # A draft that was never sent: not even the person sees it.
    assert_matrix(clients, mine, _everyone_but(set()))
    services.summary_send(actor=world["team"], summary=summary, how="printed")
    assert_matrix(clients, mine, _everyone_but({"owner", "proxy"}))
    assert_matrix(clients, _url("summary", world), _everyone_but({"member"}))
    # The words appear on no page anyone else opens.
    for role in ("organiser", "admin", "outsider", "anonymous"):
        for url in (reverse("stories:home", args=[commons.slug]), reverse("stories:project", args=world["args"][:2]), mine,
                    _url("summary", world), _url("summary_print", world)):
            assert SECRET not in clients[role].get(url).content.decode()
    assert SECRET in clients["owner"].get(mine).content.decode()
    assert selectors.approved_summary_text(world["interview"]) is None


def test_the_rule_and_its_twin_agree(world, personas, commons):
    interview = world["interview"]
    other = make_interview(world["project"], personas["admin"].person, title="Second")
    closed = make_interview(world["project"], personas["owner"].person, title="Closed")
    summaries = [make_summary(interview, sent_how="link", state=SummaryState.WITH_PERSON), make_summary(other),
                 make_summary(closed, sent_how="printed", state=SummaryState.WITH_PERSON)]
    closed.state = InterviewState.CLOSED
    closed.save()
    for role in ROLES:
        user = personas.user(role)
        from django.contrib.auth.models import AnonymousUser

        user = user or AnonymousUser()
        visible = set(selectors.summaries_visible_to(user, commons))
        own = set(selectors.own_summaries(user, commons))
        for summary in Summary.objects.select_related("interview__project", "interview__commons"):
            assert user.has_perm("stories.view_summary", summary) == (summary in visible), (role, summary.interview.title)
            assert user.has_perm("stories.review_summary", summary) == (summary in own), (role, summary.interview.title)
    assert set(selectors.summaries_visible_to(personas.user("owner"), commons)) == {summaries[0]}
    assert set(selectors.summaries_visible_to(personas.user("member"), commons)) == {summaries[0], summaries[1]}


def test_approved_summaries_are_used_only_while_the_interview_is_usable(world):
    summary = make_summary(world["interview"], text=SECRET, sent_how="link", state=SummaryState.WITH_PERSON)
    services.summary_record_response(actor=world["team"], summary=summary, how="phone", approve=True)
    assert selectors.approved_summary_text(world["interview"]) == SECRET
    assert list(selectors.approved_versions()) == [summary.versions.get()]
    for state in (InterviewState.CLOSED, InterviewState.TAKEN_DOWN, InterviewState.DRAFT):
        world["interview"].state = state
        world["interview"].save()
        assert selectors.approved_summary_text(world["interview"]) is None
        assert not selectors.usable_summaries().exists() and not selectors.approved_versions().exists()


def test_the_team_starts_edits_sends_and_reads_what_changed(world, clients):
    team = clients["member"]
    start = team.get(_url("summary", world)).content.decode()
    assert "From the transcript" in start and "summary service" not in start  # no service set up
    response = team.post(_url("summary_start", world), {"start_from": "extractive"})
    assert response.status_code == 302
    summary = Summary.objects.get()
    first = summary.versions.get()
    assert first.started_from == "extractive"
    assert not AuditEvent.objects.filter(action="view", reason="summary").exists()

    page = team.get(_url("summary", world)).content.decode()
    assert first.text.split(".")[0] in page
    assert AuditEvent.objects.filter(action="view", reason="summary", part="interviews").exists()  # the look is on Olive's list

    bad = team.post(_url("summary_edit", world), {"text": "   ", "note": "my note", "based_on": 1})
    assert bad.status_code == 400 and "my note" in bad.content.decode() and "cannot be empty" in bad.content.decode()
    assert summary.versions.count() == 1
    new_text = first.text.replace("market", "street market", 1)
    assert team.post(_url("summary_edit", world), {"text": new_text, "note": "Her words", "based_on": 1}).status_code == 302

    diff = team.get(_url("summary_versions", world)).content.decode()
    assert "<ins>" in diff and "street" in diff and "1 word added" in diff and "Mo Member" in diff
    assert team.get(_url("summary_versions", world) + "?a=1&b=99").status_code == 200  # a bad choice is no error

    sent = team.post(_url("summary_send", world), {"how": "link"})
    body = sent.content.decode()
    assert sent.status_code == 200 and "/stories/review/" in body and sent["Cache-Control"] == "private, no-store"
    token = body.split("/stories/review/")[1].split("/")[0]
    assert selectors.review_link_for_token(token) is not None
    assert token not in team.get(_url("summary", world)).content.decode()  # shown once

    link = summary.review_links.get()
    assert team.post(_url("summary_link_cancel", world, link.uuid)).status_code == 302
    assert selectors.review_link_for_token(token) is None


def test_the_print_view(world, clients):
    make_summary(world["interview"], text=SECRET + "\n\nSecond paragraph.", sent_how="printed", state=SummaryState.WITH_PERSON)
    page = clients["member"].get(_url("summary_print", world)).content.decode()
    assert "Version 1" in page and SECRET in page and page.count("st-summaries-write") >= 3
    assert 'class="button" data-print hidden' in page and 'class="no-print"' in page
    assert AuditEvent.objects.filter(action="export", reason="printed", part="interviews").exists()


def test_the_team_writes_down_the_answer_from_a_printed_copy(world, clients):
    summary = make_summary(world["interview"], text=SECRET, sent_how="printed", state=SummaryState.WITH_PERSON)
    bad = clients["member"].post(_url("summary_record", world), {"how": "printed", "kind": "suggestion", "text": ""})
    assert bad.status_code == 400 and "Write their words" in bad.content.decode()
    clients["member"].post(_url("summary_record", world), {"how": "printed", "kind": "addition", "text": "And the tea stall."})
    version = summary.versions.last()
    assert (version.kind, version.how, version.recorded_by.name) == ("addition", "printed", "Mo Member")
    page = clients["member"].get(_url("summary", world)).content.decode()
    assert "The person sent changes" in page
    clients["member"].post(_url("summary_accept", world))
    summary.refresh_from_db()
    assert summary.state == SummaryState.DRAFT and summary.versions.last().kind == "revision"


def test_the_person_signed_in_changes_adds_approves_and_withdraws(world, clients, commons):
    summary = make_summary(world["interview"], text=SECRET, sent_how="link", state=SummaryState.WITH_PERSON)
    args = [commons.slug, summary.uuid]
    owner = clients["owner"]
    page = owner.get(reverse("stories:my_summary", args=args))
    assert page.status_code == 200 and page["Referrer-Policy"] == "no-referrer" and "I approve it" in page.content.decode()
    response = owner.post(reverse("stories:my_summary_suggest", args=args), {"text": SECRET + " And more.", "seen": 1})
    assert response.status_code == 302 and summary.versions.last().how == "signed_in"
    stale = owner.post(reverse("stories:my_summary_approve", args=args), {"seen": 1})
    summary.refresh_from_db()
    assert stale.status_code == 302 and summary.state == SummaryState.CHANGES  # she had not read version 2
    owner.post(reverse("stories:my_summary_approve", args=args), {"seen": 2})
    summary.refresh_from_db()
    assert summary.state == SummaryState.APPROVED and summary.approved_version.number == 2
    assert "Withdraw my approval" in owner.get(reverse("stories:my_summary", args=args)).content.decode()
    assert clients["member"].post(reverse("stories:my_summary_withdraw", args=args), {"seen": 2}).status_code == 404
    owner.post(reverse("stories:my_summary_withdraw", args=args), {"seen": 2})
    summary.refresh_from_db()
    assert summary.state == SummaryState.WITHDRAWN


def test_the_proxy_says_how_the_person_told_them(world, clients, commons):
    summary = make_summary(world["interview"], text=SECRET, sent_how="printed", state=SummaryState.WITH_PERSON)
    args = [commons.slug, summary.uuid]
    page = clients["proxy"].get(reverse("stories:my_summary_add", args=args)).content.decode()
    assert "How did Olive Owner tell you?" in page
    clients["proxy"].post(reverse("stories:my_summary_add", args=args), {"addition": "The tea stall too.", "seen": 1, "how": "phone"})
    version = summary.versions.last()
    assert (version.kind, version.how, version.recorded_by.name) == ("addition", "phone", "Pat Proxy")


def test_the_private_link_page(world, clients, client):
    summary = make_summary(world["interview"], text=SECRET)
    link, token = services.summary_send(actor=world["team"], summary=summary, how="link")
    url = reverse("stories:review", args=[token])
    assert url == f"/stories/review/{token}/"
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and SECRET in body
    assert '<meta name="referrer" content="no-referrer">' in body and page["Referrer-Policy"] == "no-referrer"
    assert page["Cache-Control"] == "private, no-store"
    for wrong in ("nope", token[:-2], token + "A"):
        assert client.get(reverse("stories:review", args=[wrong])).status_code == 404
    # Forms keep what was typed; a change and an addition, then approval.
    bad = client.post(reverse("stories:review_add", args=[token]), {"addition": "", "seen": 1})
    assert bad.status_code == 400
    assert client.post(reverse("stories:review_suggest", args=[token]), {"text": SECRET.replace("stall", "tea stall"), "seen": 1}).status_code == 302
    assert client.post(reverse("stories:review_add", args=[token]), {"addition": "My grandson helps.", "seen": 2}).status_code == 302
    assert "My grandson helps." in client.get(url).content.decode()
    assert client.get(reverse("stories:review_approve", args=[token])).status_code == 405  # GET never changes anything
    done = client.post(reverse("stories:review_approve", args=[token]), {"seen": 3})
    assert done.status_code == 302 and done["Location"] == reverse("stories:review_done")
    summary.refresh_from_db()
    assert summary.state == SummaryState.APPROVED and summary.approved_version.number == 3 and summary.approved_how == "link"
    assert client.get(url).status_code == 404  # used up
    assert client.get(reverse("stories:review_done")).status_code == 200
    kinds = list(summary.versions.values_list("kind", "how"))
    assert kinds == [("draft", "link"), ("suggestion", "link"), ("addition", "link")]


def test_the_private_link_page_hides_closed_and_taken_down_interviews(world, client):
    summary = make_summary(world["interview"], text=SECRET)
    link, token = services.summary_send(actor=world["team"], summary=summary, how="link")
    for state in (InterviewState.CLOSED, InterviewState.TAKEN_DOWN):
        world["interview"].state = state
        world["interview"].save()
        for name in ("review", "review_suggest", "review_add"):
            assert client.get(reverse(f"stories:{name}", args=[token])).status_code == 404
        assert client.post(reverse("stories:review_approve", args=[token]), {"seen": 1}).status_code == 404
    summary.refresh_from_db()
    assert summary.state == SummaryState.WITH_PERSON


def test_sections_on_the_persons_pages_and_the_teams_interview_page(world, personas, commons):
    summary = make_summary(world["interview"], text=SECRET)

    def sections(role, page, obj):
        request = RequestFactory().get("/")
        request.user = personas.user(role)
        return page_sections(page, request, commons, obj)

    assert not [s for s in sections("owner", "my_interview", world["interview"]) if "summaries" in s[0]]  # a draft: nothing
    assert not [s for s in sections("owner", "home", None) if "summaries" in s[0]]
    services.summary_send(actor=world["team"], summary=summary, how="printed")
    [(template, ctx)] = [s for s in sections("owner", "my_interview", world["interview"]) if "summaries" in s[0]]
    assert SECRET in render_to_string(template, {"section": ctx, "commons": commons})
    [(template, ctx)] = [s for s in sections("proxy", "home", None) if "summaries" in s[0]]
    assert "Olive Owner" in render_to_string(template, {"section": ctx, "commons": commons})
    [(template, ctx)] = [s for s in sections("member", "interview", world["interview"]) if "summaries" in s[0]]
    assert "With the person" in render_to_string(template, {"section": ctx, "commons": commons})
    assert not [s for s in sections("organiser", "interview", world["interview"]) if "summaries" in s[0]]
    assert not [s for s in sections("member", "my_interview", world["interview"]) if "summaries" in s[0]]


def test_query_counts_do_not_grow(world, clients, commons, personas):
    summary = make_summary(world["interview"], text=SECRET, sent_how="link", state=SummaryState.WITH_PERSON)
    numbers = iter(range(2, 100))

    def more_versions():
        n = next(numbers)
        SummaryVersion.objects.create(summary=summary, number=n, kind="suggestion", how="link", text=f"{SECRET} {n}",
                                      written_by=personas["owner"].person, recorded_by=personas["proxy"].person)
        summary.review_links.create(token_hash=f"{n:064d}", expires_at="2099-01-01T00:00Z")

    for name in ("summary", "summary_versions"):
        assert_queries_constant(clients["member"], _url(name, world), more_versions)
    assert_queries_constant(clients["owner"], reverse("stories:my_summary", args=[commons.slug, summary.uuid]), more_versions)

    def more_interviews():
        interview = make_interview(world["project"], personas["admin"].person, title=f"More {next(numbers)}")
        make_summary(interview)

    assert_queries_constant(clients["member"], reverse("stories:summaries", args=world["args"][:2]), more_interviews)


def test_the_link_pages_work_when_the_browser_sends_no_referrer(world):
    """With "no referrer", browsers send "Origin: null" with forms: the link's own forms still work
    (the private address is the secret), and the language choice is remembered."""
    from django.test import Client

    summary = make_summary(world["interview"], text=SECRET)
    link, token = services.summary_send(actor=world["team"], summary=summary, how="link")
    browser = Client(enforce_csrf_checks=True, HTTP_ORIGIN="null")
    response = browser.post(reverse("stories:review_add", args=[token]), {"addition": "The tea stall too.", "seen": 1})
    assert response.status_code == 302 and summary.versions.count() == 2
    response = browser.post(reverse("stories:review_language", args=[token]), {"language": "tr"})
    assert response.status_code == 302 and response.cookies["caringcity_language"].value == "tr"
    assert browser.post(reverse("stories:review_language", args=["wrong"]), {"language": "tr"}).status_code == 404
    # Every other form of the site still checks its CSRF token.
    assert browser.post(reverse("stories:summary_send", args=world["args"]), {"how": "link"}).status_code == 403
