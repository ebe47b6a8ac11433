"""The tracking pages: who may do what, progress by demand computed right, the public influence
trail (public things only, signed out), evidence linked only for those who may see the record,
withdrawn quotes gone, and a constant number of queries as targets and updates grow."""

import datetime

import pytest
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.lab.models import DemoProject, Status, StatusUpdate, Target
from caringcity.lab.selectors.tracking import progress_by_demand, projects_visible_to, evidence_visible_to
from caringcity.lab.tests.factories import make_plan, make_target, make_update

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


@pytest.fixture
def plan(commons):
    return make_plan(commons)  # 2 demands of 2 policies: 1-2 in demand 1, 3-4 in demand 2


def _policy_url(commons, plan, number, public=False):
    return reverse("lab:public_policy" if public else "lab:policy", args=[commons.slug, plan.slug, number])


def _counts(row):
    return {status: count for status, _label, count in row.counts if count}


def test_progress_by_demand_counts_each_policy_once_at_its_furthest_live_target(plan):
    p1, p2, p3, p4 = (plan.policies.get(number=n) for n in (1, 2, 3, 4))
    make_target(p1, status=Status.RAISED)
    make_target(p1, name="London Plan", status=Status.ADOPTED)
    make_target(p2, status=Status.REJECTED)
    make_target(p3, status=Status.IMPLEMENTED, ended_on=datetime.date(2026, 1, 1))  # ended: does not count
    make_target(p3, status=Status.CONSIDERING)
    progress = progress_by_demand(plan)
    first, second = progress["rows"]
    assert _counts(first) == {"adopted": 1, "rejected": 1} and first.total == 2
    assert _counts(second) == {"considering": 1, "not_started": 1}  # policy 4 has no target
    assert _counts(progress["overall"]) == {"adopted": 1, "rejected": 1, "considering": 1, "not_started": 1}
    assert sum(width for *_rest, width in first.segments) == pytest.approx(progress["bar_width"])


def test_the_plan_pages_show_progress_with_a_table_twin_and_members_filter_targets(commons, clients, plan):
    make_target(plan.policies.get(number=1), name="Hackney Local Plan", status=Status.PARTLY_ADOPTED)
    make_target(plan.policies.get(number=3), name="Mayor review 2031", kind="london_plan", status=Status.CONSIDERING)
    public = clients["anonymous"].get(reverse("lab:public_plan", args=[commons.slug, plan.slug])).content.decode()
    assert "Progress by demand" in public and "<table" in public and "<svg" in public
    assert "Where the policies are pursued" not in public  # the filtered list is for members
    url = reverse("lab:plan", args=[commons.slug, plan.slug])
    page = clients["member"].get(url, {"status": "partly_adopted"}).content.decode()
    assert "Hackney Local Plan" in page and "Mayor review 2031" not in page
    page = clients["member"].get(url, {"kind": "london_plan"}).content.decode()
    assert "Hackney Local Plan" not in page and "Mayor review 2031" in page
    assert clients["member"].get(url, {"status": "bogus"}).status_code == OK


def test_the_public_trail_works_signed_out_and_shows_only_public_things(commons, clients, plan):
    from caringcity.evaluation.tests.factories import make_report

    report = make_report(commons, title="How the pilot went")
    target = make_target(plan.policies.get(number=1), name="Hackney Local Plan")
    make_update(target, on=datetime.date(2024, 2, 1), summary="Raised at the Clapton workshop.", evidence=[
        {"kind": "link", "title": "Workshop notes", "url": "https://example.org/notes"},
        {"kind": "evaluation_report", "title": "", "ref": {"commons": commons.slug, "report": str(report.uuid)}}])
    make_update(target, on=datetime.date(2025, 3, 1), status="partly_adopted", summary="Adopted in part by the council.")
    url = _policy_url(commons, plan, 1, public=True)
    page = clients["anonymous"].get(url).content.decode()
    trail = page[page.index('id="trail"'):]
    assert trail.index("Raised at the Clapton workshop.") < trail.index("Adopted in part by the council.")
    assert "Workshop notes" in trail and "1 Feb 2024" in trail
    assert "Workshop notes" in page and "https://example.org/notes" in page
    assert "How the pilot went" in page  # the title for everyone...
    assert reverse("evaluation:report", args=[commons.slug, report.uuid]) not in page  # ...the link only for readers
    member_page = clients["member"].get(_policy_url(commons, plan, 1)).content.decode()
    assert reverse("evaluation:report", args=[commons.slug, report.uuid]) in member_page
    # A members-only plan has no public trail at all.
    hidden = make_plan(commons, title="Draft", slug="draft", public=False)
    make_update(make_target(hidden.policies.get(number=1), name="Secret target"), summary="Not for anyone yet.")
    assert clients["anonymous"].get(_policy_url(commons, hidden, 1, public=True)).status_code == NF
    from caringcity.lab.selectors.tracking import status_steps

    assert status_steps([hidden.policies.get(number=1)], public=True) == []
    assert len(status_steps([hidden.policies.get(number=1)], public=False)) == 1


def _decision(commons, *, confidential=False, title="Start the Clapton care hub"):
    from caringcity.circles.models import Decision, DecisionVersion
    from caringcity.circles.tests.factories import make_circle

    circle = make_circle(commons, name=f"Circle {title}")
    decision = Decision.objects.create(circle=circle, number=1, kind="consent")
    DecisionVersion.objects.create(decision=decision, number=1, title=title, text="We agreed.", confidential=confidential)
    return decision


def test_a_circle_decision_shows_its_title_and_link_only_to_those_who_may_see_it(commons, clients, personas, plan):
    from caringcity.lab.services.tracking import status_update_add

    decision = _decision(commons)
    target = make_target(plan.policies.get(number=1))
    status_update_add(actor=personas["member"].person.user, target=target, on=datetime.date(2025, 1, 1), status="raised",
                      summary="The circle agreed to take it to the council.",
                      evidence={"kind": "circle_decision", "ref": {"commons": commons.slug, "decision": str(decision.uuid)}})
    link = reverse("circles:decision_detail", args=[commons.slug, decision.uuid])
    member = clients["member"].get(_policy_url(commons, plan, 1)).content.decode()
    assert "Start the Clapton care hub" in member and link in member
    anonymous = clients["anonymous"].get(_policy_url(commons, plan, 1, public=True)).content.decode()
    assert "A decision of a circle" in anonymous
    assert "Start the Clapton care hub" not in anonymous and link not in anonymous
    # A confidential decision cannot be chosen by someone who may not read it.
    secret = _decision(commons, confidential=True, title="Secret matter")
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        status_update_add(actor=personas["member"].person.user, target=target, on=datetime.date(2025, 1, 2), status="raised",
                          summary="x", evidence={"kind": "circle_decision", "ref": {"commons": commons.slug, "decision": str(secret.uuid)}})


def test_a_withdrawn_quote_disappears_from_the_evidence(commons, clients, personas, plan):
    from django.utils import timezone

    from caringcity.evaluation.tests.factories import invite, make_answer, make_quote, make_round
    from caringcity.lab.services.tracking import status_update_add

    invitation = invite(make_round(commons), personas["owner"].person, consent="given", groups=["volunteers"])
    quote = make_quote(make_answer(invitation, "The care hub changed my week."))
    target = make_target(plan.policies.get(number=1))
    status_update_add(actor=personas["member"].person.user, target=target, on=datetime.date(2025, 1, 1), status="raised",
                      summary="We shared what people said.",
                      evidence={"kind": "quote", "ref": {"commons": commons.slug, "source": "survey", "id": str(quote.uuid)}})
    url = _policy_url(commons, plan, 1, public=True)
    assert "The care hub changed my week." in clients["anonymous"].get(url).content.decode()
    quote.withdrawn_at = timezone.now()
    quote.save()
    assert "The care hub changed my week." not in clients["anonymous"].get(url).content.decode()
    assert "The care hub changed my week." not in clients["member"].get(_policy_url(commons, plan, 1)).content.decode()


def test_a_member_adds_an_update_through_the_form_and_a_refusal_keeps_what_was_typed(commons, clients, plan):
    target = make_target(plan.policies.get(number=1))
    url = reverse("lab:update_create", args=[commons.slug, target.uuid])
    refused = clients["member"].post(url, {"on": "2025-01-01", "status": "adopted", "summary": "The council adopted it.",
                                           "evidence_kind": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "add a piece of evidence" in body and "The council adopted it." in body
    assert StatusUpdate.objects.count() == 0
    response = clients["member"].post(url, {"on": "2025-01-01", "status": "adopted", "progress": "80", "summary": "The council adopted it.",
                                            "evidence_kind": "link", "title": "Minutes", "url": "https://example.org/m"})
    assert response.status_code == REDIR
    target.refresh_from_db()
    assert (target.status, target.progress) == ("adopted", 80)
    assert clients["member"].post(url, {"on": "not a date", "status": "raised", "summary": "x"}).status_code == 400


def test_permission_matrix_of_the_tracking_pages(commons, clients, plan):
    target = make_target(plan.policies.get(number=1))
    update = make_update(target)
    members = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
    organisers = {**members, "member": NF, "owner": NF, "proxy": NF}
    assert_matrix(clients, reverse("lab:update_create", args=[commons.slug, target.uuid]), members)
    assert_matrix(clients, reverse("lab:evidence_create", args=[commons.slug, target.uuid, update.uuid]), members)
    assert_matrix(clients, reverse("lab:target_create", args=[commons.slug, plan.slug, 1]), organisers)
    assert_matrix(clients, reverse("lab:target_edit", args=[commons.slug, target.uuid]), organisers)
    assert_matrix(clients, reverse("lab:target_end", args=[commons.slug, target.uuid]), organisers)
    assert_matrix(clients, reverse("lab:projects", args=[commons.slug]), members)
    assert_matrix(clients, reverse("lab:project_create", args=[commons.slug]), organisers)
    # A denied POST changes nothing.
    for role in ("anonymous", "outsider", "member"):
        clients[role].post(reverse("lab:target_end", args=[commons.slug, target.uuid]))
        clients[role].post(reverse("lab:project_create", args=[commons.slug]), {"name": "Sneaky", "summary": "x"})
    target.refresh_from_db()
    assert target.ended_on is None and not DemoProject.objects.exists()
    clients["organiser"].post(reverse("lab:target_end", args=[commons.slug, target.uuid]))
    target.refresh_from_db()
    assert target.ended_on is not None


def test_projects_for_members_and_the_public_with_an_evaluation_link(commons, clients, personas, plan):
    from caringcity.evaluation.tests.factories import make_report

    report = make_report(commons, title="Care pilot evaluation")
    org = commons.organisations.create(name="Hackney Council", kind="statutory")
    response = clients["organiser"].post(reverse("lab:project_create", args=[commons.slug]), {
        "name": "Clapton care pilot", "summary": "Five self-managing care teams.", "aims": "Show care hubs work.",
        "starts_on": "2023-04-01", "ends_on": "2024-09-30", "partners": [org.pk], "policies": [plan.policies.get(number=1).pk],
        "public": "on"})
    assert response.status_code == REDIR
    project = DemoProject.objects.get()
    hidden = DemoProject.objects.create(commons=commons, name="Members-only pilot", summary="Quiet.", public=False)
    evaluation_url = reverse("lab:project_evaluation", args=[commons.slug, project.uuid])
    assert clients["organiser"].post(evaluation_url, {"evaluation": "report:other:nope"}).status_code == 400
    assert clients["organiser"].post(evaluation_url, {"evaluation": f"report:{commons.slug}:{report.uuid}"}).status_code == REDIR
    project.refresh_from_db()
    assert project.evaluation == {"commons": commons.slug, "report": str(report.uuid)}
    clients["member"].post(reverse("lab:activity_create", args=[commons.slug, project.uuid]), {"title": "First team meeting", "on": "2023-05-02"})
    public = clients["anonymous"].get(reverse("lab:public_project", args=[commons.slug, project.uuid])).content.decode()
    assert "Clapton care pilot" in public and "Care pilot evaluation" in public and "First team meeting" in public
    assert reverse("evaluation:report", args=[commons.slug, report.uuid]) not in public
    assert reverse("evaluation:report", args=[commons.slug, report.uuid]) in clients["member"].get(
        reverse("lab:project", args=[commons.slug, project.uuid])).content.decode()
    assert clients["anonymous"].get(reverse("lab:public_project", args=[commons.slug, hidden.uuid])).status_code == NF
    listing = clients["anonymous"].get(reverse("lab:public_projects", args=[commons.slug])).content.decode()
    assert "Clapton care pilot" in listing and "Members-only pilot" not in listing
    assert "Clapton care pilot" in clients["anonymous"].get(_policy_url(commons, plan, 1, public=True)).content.decode()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"lab.project.create", "lab.project.link_evaluation", "lab.activity.add"} <= actions


def test_the_visibility_rules_agree_with_their_queryset_twins(commons, personas, plan):
    from django.contrib.auth.models import AnonymousUser

    private_plan = make_plan(commons, title="Draft", slug="draft", public=False)
    for p in (plan, private_plan):
        make_update(make_target(p.policies.get(number=1)), evidence=[{"kind": "link", "title": "x", "url": "https://example.org"}])
    DemoProject.objects.create(commons=commons, name="Open", summary="x", public=True)
    DemoProject.objects.create(commons=commons, name="Closed", summary="x", public=False)
    from caringcity.lab.models import Evidence

    for user in [AnonymousUser(), personas.user("outsider"), personas.user("member")]:
        assert set(projects_visible_to(user, commons)) == {p for p in DemoProject.objects.all() if user.has_perm("lab.view_project", p)}
        assert set(evidence_visible_to(user, commons)) == {e for e in Evidence.objects.all() if user.has_perm("lab.view_evidence", e)}


def test_reviews_due_on_the_lab_home(commons, clients, plan):
    from django.utils import timezone

    today = timezone.localdate()
    make_target(plan.policies.get(number=1), name="Overdue review", next_review=today - datetime.timedelta(days=3))
    make_target(plan.policies.get(number=2), name="Soon review", next_review=today + datetime.timedelta(days=10))
    make_target(plan.policies.get(number=3), name="Far review", next_review=today + datetime.timedelta(days=200))
    page = clients["member"].get(reverse("lab:home", args=[commons.slug])).content.decode()
    assert "Overdue review" in page and "Soon review" in page and "Far review" not in page
    assert "review was due on" in page


def test_the_plan_and_policy_pages_read_in_a_constant_number_of_queries(commons, clients, personas, plan):
    from caringcity.evaluation.tests.factories import make_report

    report = make_report(commons)
    policy = plan.policies.get(number=1)
    n = {"i": 0}

    def grow():
        n["i"] += 1
        target = make_target(policy, name=f"Target {n['i']}", next_review=datetime.date(2026, 1, 1))
        make_target(plan.policies.get(number=3), name=f"Other {n['i']}")
        for day in (1, 2):
            make_update(target, on=datetime.date(2025, 1, day), evidence=[
                {"kind": "link", "title": "x", "url": "https://example.org"},
                {"kind": "evaluation_report", "title": "", "ref": {"commons": commons.slug, "report": str(report.uuid)}},
                {"kind": "quote", "title": "", "ref": {"commons": commons.slug, "source": "survey", "id": "nope"}}])
        DemoProject.objects.create(commons=commons, name=f"Project {n['i']}", summary="x").policies.add(policy)

    for role, url in [("member", _policy_url(commons, plan, 1)), ("anonymous", _policy_url(commons, plan, 1, public=True)),
                      ("member", reverse("lab:plan", args=[commons.slug, plan.slug])),
                      ("anonymous", reverse("lab:public_plan", args=[commons.slug, plan.slug])),
                      ("member", reverse("lab:home", args=[commons.slug]))]:
        assert_queries_constant(clients[role], url, grow, times=2)
    assert Target.objects.count() > 4
