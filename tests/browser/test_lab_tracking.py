"""A member moves a policy's target to a new status with evidence, with JavaScript off; then anyone,
signed out and with JavaScript off, follows the public influence trail; axe finds nothing wrong."""

import datetime

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def world(demo):
    from caringcity.lab.tests.factories import make_plan, make_target, make_update

    clapton = demo["commons"]["clapton"]
    plan = make_plan(clapton, title="Community-Led Recovery Plan for London", demands=1, policies=3)
    target = make_target(plan.policies.get(number=3), name="Hackney Local Plan 2033")
    make_update(target, on=datetime.date(2023, 3, 18), summary="Neighbours raised it at the Clapton workshop.")
    return {"commons": clapton, "plan": plan, "target": target}


def test_a_member_moves_a_target_with_evidence_and_anyone_follows_the_trail(browse, world):
    commons, plan = world["commons"], world["plan"]
    policy_url = f"/c/{commons.slug}/lab/plans/{plan.slug}/policies/3/"
    public_url = f"/lab/{commons.slug}/plans/{plan.slug}/policies/3/"

    page = browse.new_page(javascript=False)
    sign_in(page, "rosa@example.org")
    response = page.goto(policy_url)
    assert response.ok, (response.status, page.locator("main").inner_text()[:2000])
    page.locator(f"a[href$='/targets/{world['target'].uuid}/update/']").click()
    check_axe(page, "the status update form")
    form = page.locator("main form")
    form.get_by_label("Date it happened").fill("2025-09-09")
    form.get_by_label("Partly adopted").check()
    form.get_by_label("What happened, in plain words").fill("The local plan now names community care hubs.")
    submit(form)  # a decision without evidence is refused, and what was typed stays
    assert "add a piece of evidence" in page.locator("main").inner_text()
    form = page.locator("main form")
    assert form.get_by_label("What happened, in plain words").input_value() == "The local plan now names community care hubs."
    form.get_by_label("Progress (%)").fill("60")
    form.get_by_label("A link", exact=True).check()
    form.get_by_label("Title of the document or link").fill("Planning committee minutes")
    form.get_by_label("Link (web address)").fill("https://example.org/minutes")
    submit(form)
    assert page.url.endswith(policy_url + "#target-" + str(world["target"].uuid))
    target = page.locator(f"#target-{world['target'].uuid}")
    assert "Partly adopted" in target.inner_text() and "60% done" in target.inner_text()
    check_axe(page, "the policy's members' page")

    anyone = browse.new_page(javascript=False)
    response = anyone.goto(public_url)
    assert response.ok
    trail = anyone.locator(".lab-tracking-timeline")
    steps = trail.locator("li.lab-tracking-step")
    assert steps.count() == 2
    assert "Neighbours raised it at the Clapton workshop." in steps.nth(0).inner_text()
    assert "Partly adopted" in steps.nth(1).inner_text()
    assert steps.nth(1).get_by_role("link", name="A link: Planning committee minutes").count() == 1
    check_axe(anyone, "the public policy page with its influence trail")
    anyone.goto(f"/lab/{commons.slug}/plans/{plan.slug}/")
    assert anyone.locator("table.lab-tracking-table").count() == 1
    check_axe(anyone, "the public plan with progress by demand")
