"""Plans and policies pages: who may keep and read them (organisers keep, members read, anyone
reads public plans, a private plan is not found publicly), divergent views always shown beside the
majority view, glossary words linked, the rule and its queryset twin agree, sections on the lab's
landing pages, and a fixed number of queries as policies grow."""

import itertools

import pytest
from django.urls import reverse

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix, assert_queries_constant
from caringcity.lab.models import Demand, DivergentView, GlossaryTerm, Plan, Policy
from caringcity.lab.selectors.plans import readable_plans
from caringcity.lab.tests.factories import make_plan
from caringcity.people.models import Organisation

pytestmark = pytest.mark.django_db

OK, NF, REDIR, BAD = 200, 404, 302, 400
KEEPERS = {"anonymous": REDIR, "outsider": NF, "member": NF, "owner": NF, "proxy": NF, "organiser": OK, "admin": OK}
READERS = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": OK, "proxy": OK, "organiser": OK, "admin": OK}
ANYONE = {role: OK for role in READERS}


@pytest.fixture
def plan(commons):
    return make_plan(commons)


def test_members_read_plans_and_organisers_keep_them(plan, commons, clients):
    s = commons.slug
    for name, args in [("plans", [s]), ("plan", [s, plan.slug]), ("policy", [s, plan.slug, 1])]:
        assert_matrix(clients, reverse(f"lab:{name}", args=args), READERS)
    for name, args in [("plan_create", [s]), ("plan_edit", [s, plan.slug]), ("plan_delete", [s, plan.slug]),
                       ("demand_create", [s, plan.slug]), ("demand_edit", [s, plan.slug, 1]),
                       ("policy_create", [s, plan.slug]), ("policy_edit", [s, plan.slug, 1]), ("policy_delete", [s, plan.slug, 1]),
                       ("divergent_add", [s, plan.slug, 1]), ("plan_import", [s, plan.slug]),
                       ("plan_import_template", [s]), ("glossary", [s]), ("term_create", [s])]:
        assert_matrix(clients, reverse(f"lab:{name}", args=args), KEEPERS)


def test_anyone_reads_a_public_plan_and_a_private_one_is_not_found(plan, commons, clients):
    hidden = make_plan(commons, title="Draft plan", slug="draft", public=False)
    s = commons.slug
    assert_matrix(clients, reverse("lab:public_plans", args=[s]), ANYONE)
    assert_matrix(clients, reverse("lab:public_plan", args=[s, plan.slug]), ANYONE)
    assert_matrix(clients, reverse("lab:public_policy", args=[s, plan.slug, 2]), ANYONE)
    assert_matrix(clients, reverse("lab:public_plan", args=[s, hidden.slug]), {role: NF for role in READERS})
    assert_matrix(clients, reverse("lab:public_policy", args=[s, hidden.slug, 1]), {role: NF for role in READERS})
    assert "Draft plan" not in clients["anonymous"].get(reverse("lab:public_plans", args=[s])).content.decode()
    assert "Draft plan" in clients["member"].get(reverse("lab:plans", args=[s])).content.decode()


def test_the_rule_and_its_queryset_twin_agree(plan, commons, personas, other_commons):
    hidden = make_plan(commons, title="Draft plan", slug="draft", public=False)
    elsewhere = make_plan(other_commons, title="Elsewhere", slug="elsewhere", public=False)
    from django.contrib.auth.models import AnonymousUser

    for role in personas:
        user = personas.user(role) or AnonymousUser()
        for the_plan in (plan, hidden, elsewhere):
            twin = readable_plans(user, the_plan.commons).filter(pk=the_plan.pk).exists()
            assert user.has_perm("lab.read_plan", the_plan) == twin, (role, the_plan.title)


def test_an_organiser_makes_a_plan_a_demand_and_a_policy(commons, clients):
    client = clients["organiser"]
    group = Organisation.objects.create(commons=commons, name="Homerton Food Hub", kind="food_hub")
    s = commons.slug
    response = client.post(reverse("lab:plan_create", args=[s]), {"title": "Hackney Care Charter", "partial": "on", "partial_note": ""})
    assert response.status_code == BAD and "Say what is missing" in response.content.decode()
    assert not Plan.objects.exists()
    response = client.post(reverse("lab:plan_create", args=[s]), {"title": "Hackney Care Charter", "public": "on"})
    plan = Plan.objects.get()
    assert response.status_code == REDIR and plan.slug == "hackney-care-charter" and plan.public
    client.post(reverse("lab:demand_create", args=[s, plan.slug]), {"number": 1, "title": "Care close to home"})
    demand = Demand.objects.get(plan=plan)
    response = client.post(reverse("lab:policy_create", args=[s, plan.slug]),
                           {"number": 1, "title": "Hubs", "demand": demand.pk, "summary": "", "shaped_by": [group.pk]})
    assert response.status_code == BAD and "Every policy needs this" in response.content.decode()
    assert "Hubs" in response.content.decode()  # what was typed is kept
    client.post(reverse("lab:policy_create", args=[s, plan.slug]),
                {"number": 1, "title": "Hubs", "demand": demand.pk, "summary": "A hub in every ward.", "shaped_by": [group.pk]})
    policy = Policy.objects.get(plan=plan)
    assert policy.demand == demand and list(policy.shaped_by.all()) == [group]
    response = client.post(reverse("lab:policy_create", args=[s, plan.slug]), {"number": 1, "title": "Again", "summary": "x"})
    assert response.status_code == BAD and Policy.objects.count() == 1
    assert AuditEvent.objects.filter(action__in=["lab.plan.create", "lab.demand.create", "lab.policy.create"]).count() == 3


def test_a_member_cannot_change_a_policy_and_nothing_changes(plan, commons, clients):
    url = reverse("lab:policy_edit", args=[commons.slug, plan.slug, 1])
    response = clients["member"].post(url, {"number": 1, "title": "Changed", "summary": "Changed"})
    assert response.status_code == NF and Policy.objects.get(plan=plan, number=1).title == "Policy 1"
    response = clients["member"].post(reverse("lab:policy_delete", args=[commons.slug, plan.slug, 1]))
    assert response.status_code == NF and Policy.objects.filter(plan=plan, number=1).exists()


def test_divergent_views_show_beside_the_majority_view_for_members_and_anyone(plan, commons, clients):
    url = reverse("lab:divergent_add", args=[commons.slug, plan.slug, 1])
    response = clients["organiser"].post(url, {"held_by": "Some tenants", "view": ""})
    assert response.status_code == BAD and not DivergentView.objects.exists()
    clients["organiser"].post(url, {"held_by": "Some tenants", "view": "Hubs need paid staff, not only volunteers."})
    for client, name in [(clients["member"], "lab:policy"), (clients["anonymous"], "lab:public_policy")]:
        body = client.get(reverse(name, args=[commons.slug, plan.slug, 1])).content.decode()
        assert "Other views" in body and "Hubs need paid staff, not only volunteers." in body and "Held by: Some tenants" in body
        assert body.index("In plain words") < body.index("Other views")
    view = DivergentView.objects.get()
    remove = reverse("lab:divergent_remove", args=[commons.slug, plan.slug, 1, view.uuid])
    assert clients["member"].post(remove).status_code == NF and DivergentView.objects.exists()
    assert clients["organiser"].post(remove).status_code == REDIR and not DivergentView.objects.exists()


def test_glossary_words_link_to_their_meaning_in_policies_and_demands(plan, commons, clients):
    GlossaryTerm.objects.create(commons=commons, term="Section 106", also="S106", meaning="Money a developer agrees to pay.")
    Policy.objects.filter(plan=plan, number=1).update(summary="Use S106 money for care hubs.", full_text="Section 106 <script>")
    Demand.objects.filter(plan=plan, number=1).update(summary="Ask for Section 106 money.")
    body = clients["anonymous"].get(reverse("lab:public_policy", args=[commons.slug, plan.slug, 1])).content.decode()
    glossary = reverse("lab:public_glossary", args=[commons.slug])
    assert f'<a class="lab-term" href="{glossary}#term-section-106">S106' in body
    assert "&lt;script&gt;" in body and "<script>" not in body.split("</header>")[-1].split("<footer")[0]
    body = clients["anonymous"].get(reverse("lab:public_plan", args=[commons.slug, plan.slug])).content.decode()
    assert f'href="{glossary}#term-section-106">Section 106' in body
    assert clients["anonymous"].get(glossary).status_code == OK


def test_the_landing_pages_list_the_plans(plan, commons, clients):
    make_plan(commons, title="Draft plan", slug="draft", public=False)
    home = clients["member"].get(reverse("lab:home", args=[commons.slug])).content.decode()
    assert "Community-Led Recovery Plan" in home and "Draft plan" in home
    public = clients["anonymous"].get(reverse("lab:public_home", args=[commons.slug])).content.decode()
    assert "Community-Led Recovery Plan" in public and "Draft plan" not in public


def test_the_plan_and_policy_pages_keep_a_fixed_number_of_queries(commons, clients):
    plan = make_plan(commons, demands=1, policies=1)
    demand = plan.demands.get()
    group = Organisation.objects.create(commons=commons, name="Group", kind="grassroots")
    GlossaryTerm.objects.create(commons=commons, term="Policy", meaning="What we ask for.")
    numbers = itertools.count(100)

    def grow():
        number = next(numbers)
        policy = Policy.objects.create(plan=plan, demand=demand if number % 2 else None, number=number, title=f"P{number}",
                                       summary="Plain words about policy.")
        policy.shaped_by.add(group)
        DivergentView.objects.create(policy=policy, held_by="Some", view="Another view")
        Demand.objects.create(plan=plan, number=number, title=f"D{number}")
        first = Policy.objects.get(plan=plan, number=1)
        first.shaped_by.add(Organisation.objects.create(commons=commons, name=f"G{number}", kind="grassroots"))
        DivergentView.objects.create(policy=first, held_by=f"H{number}", view="More views")

    s = commons.slug
    for client, url in [(clients["member"], reverse("lab:plan", args=[s, plan.slug])),
                        (clients["anonymous"], reverse("lab:public_plan", args=[s, plan.slug])),
                        (clients["member"], reverse("lab:policy", args=[s, plan.slug, 1])),
                        (clients["anonymous"], reverse("lab:public_policy", args=[s, plan.slug, 1])),
                        (clients["member"], reverse("lab:plans", args=[s])),
                        (clients["member"], reverse("lab:home", args=[s]))]:
        assert_queries_constant(client, url, grow)


def test_changing_a_plans_short_name_goes_to_its_new_address(plan, commons, clients):
    response = clients["organiser"].post(reverse("lab:plan_edit", args=[commons.slug, plan.slug]),
                                         {"title": "Recovery plan", "slug": "new-name", "public": "on"})
    assert response.status_code == REDIR and response["Location"] == reverse("lab:plan", args=[commons.slug, "new-name"])
    other = make_plan(commons, title="Other", slug="other")
    response = clients["organiser"].post(reverse("lab:plan_edit", args=[commons.slug, other.slug]), {"title": "Other", "slug": "new-name"})
    assert response.status_code == BAD and Plan.objects.get(pk=other.pk).slug == "other"
