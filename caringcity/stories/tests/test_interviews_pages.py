"""The interviews part's pages: who reaches each (404 for everyone else), the agreement form and
its upload, the person's own view and who looked, search (escaped, never closed or taken-down
material, looks recorded), and a fixed number of queries for the list and search."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant, count_queries
from caringcity.people.tests.factories import MembershipFactory, PersonFactory
from caringcity.stories.models import Agreement, InterviewState, Use
from caringcity.stories.services import interviews as services
from caringcity.stories.tests.factories import TINY_PDF, add_turns, make_interview, make_project, upload

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302
TEAM_ONLY = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": NF, "admin": NF}
PERSON_ONLY = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": OK, "proxy": OK, "organiser": NF, "admin": NF}


@pytest.fixture
def world(commons, personas, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    project = make_project(commons, lead=personas["member"].person, purpose="How neighbours care for each other.")
    interview = make_interview(project, personas["owner"].person, title="Forty years on Chatsworth Road")
    return project, interview


def url(name, project, interview=None, *more):
    args = [project.commons.slug, project.uuid] + ([interview.uuid] if interview else []) + list(more)
    return reverse(f"stories:{name}", args=args)


def my_url(name, interview):
    return reverse(f"stories:{name}", args=[interview.commons.slug, interview.uuid])


def test_team_pages_are_for_the_research_team_only(world, clients):
    project, interview = world
    for name, with_interview in [("interviews", False), ("interview_create", False), ("search", False), ("interview", True),
                                 ("interview_edit", True), ("agreement_record", True), ("closure_add", True), ("take_down", True)]:
        assert_matrix(clients, url(name, project, interview if with_interview else None), TEAM_ONLY)


def test_the_persons_own_view_is_for_them_and_their_proxy_only(world, clients):
    project, interview = world
    for name in ("my_interview", "my_close", "my_take_down", "my_sign"):
        assert_matrix(clients, my_url(name, interview), PERSON_ONLY)


def test_organisers_start_projects_and_the_lead_or_organisers_change_the_team(world, clients, commons):
    project, interview = world
    start = reverse("stories:project_create", args=[commons.slug])
    assert_matrix(clients, start, {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK})
    team = url("team", project)
    assert_matrix(clients, team, {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK})


def test_an_organiser_starts_a_project_and_leads_it_then_adds_and_ends_a_researcher(world, clients, personas, commons):
    response = clients["organiser"].post(reverse("stories:project_create", args=[commons.slug]),
                                         {"name": "Market voices", "purpose": "Traders' stories", "started_on": "2026-05-01"})
    assert response.status_code == 302
    from caringcity.stories.models import Project

    project = Project.objects.get(name="Market voices")
    lead = project.researchers.get()
    assert lead.person == personas["organiser"].person and lead.role == "lead"
    # A person without a login can be on the team too; refusals keep what was typed.
    team = url("team", project)
    response = clients["organiser"].post(team, {"person": personas["paper"].person.pk, "role": "researcher"})
    assert response.status_code == 302
    response = clients["organiser"].post(team, {"person": personas["paper"].person.pk, "role": "researcher"})
    assert response.status_code == 400 and "already on the research team" in response.content.decode()
    researcher = project.researchers.get(person=personas["paper"].person)
    clients["organiser"].post(url("researcher_end", project, None, researcher.uuid))
    researcher.refresh_from_db()
    assert researcher.ended_at is not None
    # The only lead cannot leave.
    response = clients["organiser"].post(url("researcher_end", project, None, lead.uuid), follow=True)
    lead.refresh_from_db()
    assert lead.ended_at is None and "needs someone to lead" in response.content.decode()


def test_someone_else_can_be_named_lead(world, clients, personas, commons):
    clients["organiser"].post(reverse("stories:project_create", args=[commons.slug]),
                              {"name": "Hub histories", "lead": personas["member"].person.pk})
    from caringcity.stories.models import Project

    assert Project.objects.get(name="Hub histories").researchers.get().person == personas["member"].person


def test_the_team_adds_an_interview_with_a_respondent_without_a_login(world, clients, personas):
    project, interview = world
    response = clients["member"].post(url("interview_create", project),
                                      {"title": "Market days", "respondent": personas["paper"].person.pk,
                                       "interviewers": [personas["member"].person.pk], "held_on": "2026-05-02",
                                       "place": "Chatsworth Road", "language": "English"})
    assert response.status_code == 302
    made = project.interviews.get(title="Market days")
    assert made.state == InterviewState.DRAFT and made.respondent == personas["paper"].person
    assert AuditEvent.objects.filter(action="stories.interview.create", object_id=str(made.uuid)).exists()
    response = clients["member"].post(url("interview_create", project), {"title": "", "respondent": ""})
    assert response.status_code == 400


def test_the_list_shows_consent_in_words_and_never_a_taken_down_title(world, clients, personas):
    project, interview = world
    gone = make_interview(project, personas["paper"].person, title="Secret allotment story")
    services.take_down(actor=personas["member"].person.user, interview=gone, asked_by="Percy", how="by phone")
    page = clients["member"].get(url("interviews", project)).content.decode()
    assert "Forty years on Chatsworth Road" in page and "Agreed: may be used as agreed" in page
    assert "Secret allotment story" not in page and "An interview taken down on" in page


def test_the_record_page_is_a_look_and_the_person_sees_who_looked(world, clients, personas):
    project, interview = world
    assert clients["member"].get(url("interview", project, interview)).status_code == 200
    look = AuditEvent.objects.get(part="interviews", object_id=str(interview.uuid))
    assert look.reason == "record" and look.basis == "research" and look.subject == personas["owner"].person.uuid
    page = clients["owner"].get(my_url("my_interview", interview)).content.decode()
    assert "Who looked" in page and personas["member"].person.display_name in page and "the interview record" in page
    # The person's and the proxy's own views are not looks by the team.
    clients["proxy"].get(my_url("my_interview", interview))
    assert AuditEvent.objects.filter(part="interviews").count() == 1


def test_the_record_page_after_a_take_down_says_only_when(world, clients, personas):
    project, interview = world
    add_turns(interview, "We grew beans on the allotment.")
    services.take_down(actor=personas["owner"].person.user, interview=interview)
    page = clients["member"].get(url("interview", project, interview)).content.decode()
    assert "taken down on" in page
    assert interview.title not in page and personas["owner"].person.name not in page
    for name in ("interview_edit", "take_down", "agreement_record"):
        response = clients["member"].get(url(name, project, interview))
        assert response.status_code in (404, 200)
        assert interview.title not in response.content.decode()
    mine = clients["owner"].get(my_url("my_interview", interview)).content.decode()
    assert "Your interview was taken down" in mine


def test_agreement_form_keeps_what_was_typed_refuses_a_fake_scan_and_serves_the_real_one_to_the_team_only(world, clients, personas):
    project, fresh = world
    draft = make_interview(project, personas["paper"].person, title="Paper form", agreed=False)
    target = url("agreement_record", project, draft)
    fake = upload(b"GIF89a fake", name="form.pdf")
    response = clients["member"].post(target, {"how": "paper", "uses": [Use.RESEARCH], "signed_name": "Percy P", "paper": fake})
    assert response.status_code == 400
    page = response.content.decode()
    assert "cannot be used here" in page and 'value="Percy P"' in page
    draft.refresh_from_db()
    assert draft.state == InterviewState.DRAFT and not draft.agreements.exists()
    response = clients["member"].post(target, {"how": "paper", "uses": [Use.RESEARCH], "paper": upload(TINY_PDF)})
    assert response.status_code == 302
    agreement = Agreement.objects.get(interview=draft)
    paper = url("agreement_paper", project, draft, agreement.uuid)
    response = clients["member"].get(paper)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == TINY_PDF
    assert AuditEvent.objects.filter(reason="agreement", object_id=str(draft.uuid), action="export").exists()
    assert_matrix(clients, paper, TEAM_ONLY)


def test_a_refused_move_through_a_page_says_why_and_changes_nothing(world, clients):
    project, interview = world
    services.closure_add(actor=project.researchers.get().person.user, interview=interview,
                         until=timezone.localdate() + datetime.timedelta(days=5), asked_by="Olive")
    response = clients["member"].post(url("closure_add", project, interview),
                                      {"until": (timezone.localdate() + datetime.timedelta(days=9)).isoformat(), "asked_by": "Olive"})
    assert response.status_code == 400 and "already closed" in response.content.decode()
    interview.refresh_from_db()
    assert interview.closed_until == timezone.localdate() + datetime.timedelta(days=5)
    response = clients["member"].get(url("agreement_record", project, interview))
    assert "Lift the closure" in response.content.decode()


def test_the_person_signs_closes_and_takes_down_from_their_own_page(world, clients, personas):
    project, interview = world
    draft = make_interview(project, personas["owner"].person, title="Second talk", agreed=False)
    response = clients["owner"].post(my_url("my_sign", draft), {"signed_name": "", "uses": [Use.RESEARCH]})
    assert response.status_code == 400 and "Type your name to sign" in response.content.decode()
    clients["owner"].post(my_url("my_sign", draft), {"signed_name": "Olive Owner", "uses": [Use.RESEARCH, Use.QUOTE_ANONYMOUS]})
    draft.refresh_from_db()
    assert draft.state == InterviewState.AGREED
    page = clients["owner"].get(my_url("my_interview", draft)).content.decode()
    assert "Quotes without my name" in page and "Quotes with my name" not in page
    until = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    assert clients["proxy"].post(my_url("my_close", draft), {"until": until}).status_code == 302
    draft.refresh_from_db()
    assert draft.state == InterviewState.CLOSED
    assert clients["owner"].post(my_url("my_lift", draft)).status_code == 302
    draft.refresh_from_db()
    assert draft.state == InterviewState.AGREED
    assert "cannot be undone" in clients["owner"].get(my_url("my_take_down", draft)).content.decode()
    clients["owner"].post(my_url("my_take_down", draft))
    draft.refresh_from_db()
    assert draft.state == InterviewState.TAKEN_DOWN


def test_your_interviews_on_the_stories_home_for_the_person_and_their_proxy(world, clients, commons):
    project, interview = world
    home = reverse("stories:home", args=[commons.slug])
    for role in ("owner", "proxy"):
        page = clients[role].get(home).content.decode()
        assert "Your interviews" in page and interview.title in page
    assert "Your interviews" not in clients["member"].get(home).content.decode()
    assert "Start a research project" in clients["organiser"].get(home).content.decode()


def test_the_project_page_shows_counts_to_the_team_only(world, clients):
    project, interview = world
    team_page = clients["member"].get(url("project", project)).content.decode()
    assert "Add an interview" in team_page
    organiser_page = clients["organiser"].get(url("project", project)).content.decode()
    assert "Only the research team sees the interviews" in organiser_page and interview.title not in organiser_page


# --- search ---------------------------------------------------------------------------------------

def test_search_finds_words_in_context_escaped_and_records_one_look_per_interview(world, clients, personas):
    project, interview = world
    add_turns(interview, "We met at the <b>market</b> every Saturday.", "The market was our living room.")
    response = clients["member"].post(url("search", project), {"words": "MARKET"})
    page = response.content.decode()
    assert response.status_code == 200 and "1 interview found" in page
    assert "&lt;b&gt;<mark>market</mark>&lt;/b&gt;" in page and "<b>market</b>" not in page
    assert AuditEvent.objects.filter(part="interviews", reason="search", object_id=str(interview.uuid)).count() == 1
    assert "words of it in a search" in clients["owner"].get(my_url("my_interview", interview)).content.decode()
    assert "MARKET" not in response.request["PATH_INFO"]  # the words never go in the address


def test_search_never_shows_closed_or_taken_down_interviews(world, clients, personas):
    project, interview = world
    add_turns(interview, "Beans on the allotment.")
    other = make_interview(project, personas["paper"].person, title="Allotment days")
    lead = personas["member"].person.user
    services.closure_add(actor=lead, interview=other, until=timezone.localdate() + datetime.timedelta(days=3), asked_by="Percy")
    page = clients["member"].post(url("search", project), {"words": "allotment"}).content.decode()
    assert "1 interview found" in page and "Allotment days" not in page
    services.take_down(actor=lead, interview=interview, asked_by="Olive", how="in person")
    page = clients["member"].post(url("search", project), {"words": "allotment"}).content.decode()
    assert "0 interviews found" in page and interview.title not in page


def test_search_finds_the_newest_summary_version_only(world, clients, personas):
    from caringcity.stories.models import Summary, SummaryVersion

    project, interview = world
    summary = Summary.objects.create(interview=interview)
    SummaryVersion.objects.create(summary=summary, number=1, kind="draft", text="She ran the tenants association.")
    SummaryVersion.objects.create(summary=summary, number=2, kind="revision", text="She ran the food bank.")
    assert "0 interviews found" in clients["member"].post(url("search", project), {"words": "tenants"}).content.decode()
    assert "1 interview found" in clients["member"].post(url("search", project), {"words": "food bank"}).content.decode()


def test_search_and_list_queries_do_not_grow_with_the_data(world, clients, personas, commons):
    project, interview = world

    def grow():
        person = MembershipFactory(commons=commons, person=PersonFactory(name="Neighbour")).person
        made = make_interview(project, person, title="Garden talk")
        made.interviewers.add(personas["member"].person)
        add_turns(made, "The garden was everything.", "Garden again.")

    assert_queries_constant(clients["member"], url("interviews", project), grow)

    def measure():
        with count_queries() as ctx:
            response = clients["member"].post(url("search", project), {"words": "garden"})
        assert response.status_code == 200
        return len([q for q in ctx.captured_queries if "usersession" not in q["sql"] and "SAVEPOINT" not in q["sql"]])

    measure()
    small = measure()
    for _ in range(3):
        grow()
    assert measure() <= small


def test_too_short_a_search_says_what_to_fix(world, clients):
    project, interview = world
    response = clients["member"].post(url("search", project), {"words": "a"})
    assert response.status_code == 400 and "at least 2" in response.content.decode()


def test_the_person_and_their_proxy_open_their_own_signed_form(world, clients, personas):
    project, interview = world  # the owner's interview, already agreed on screen
    response = clients["member"].post(url("agreement_record", project, interview),
                                      {"how": "paper", "uses": [Use.RESEARCH], "paper": upload(TINY_PDF)})
    assert response.status_code == 302
    agreement = Agreement.objects.filter(interview=interview, how="paper").get()
    mine = my_url("my_interview", interview)
    paper = reverse("stories:my_agreement_paper", args=[interview.commons.slug, interview.uuid, agreement.uuid])
    assert f'href="{paper}"' in clients["owner"].get(mine).content.decode()
    assert_matrix(clients, paper, PERSON_ONLY)
    response = clients["owner"].get(paper)
    assert response["Cache-Control"] == "private, no-store" and b"".join(response.streaming_content) == TINY_PDF
    # An agreement of another interview is not found through this one.
    other = make_interview(project, personas["paper"].person, title="Someone else's")
    elsewhere = reverse("stories:my_agreement_paper", args=[interview.commons.slug, other.uuid, agreement.uuid])
    assert clients["owner"].get(elsewhere).status_code == NF
    # After a take-down, nothing of it is served.
    services.take_down(actor=personas.user("owner"), interview=interview)
    assert clients["owner"].get(paper).status_code == NF
