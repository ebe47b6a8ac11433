"""The council's officer signs off the joint decision that waits only for her side, with JavaScript
off, and it shows as agreed; axe finds nothing wrong on the partnership page and on a public
campaign page (opened signed out)."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def lab(demo):
    """The browser demo builds the people; the lab's demo (the network, its partnership and campaign) is built here."""
    from caringcity.lab import demo as lab_demo

    lab_demo.build(demo)
    return demo["lab"]


def test_tom_signs_off_the_waiting_decision_and_it_is_made(browse, lab):
    partnership = lab["partnerships"]["care_pilot"]
    page = browse.new_page(javascript=False)
    sign_in(page, "tom@example.org")
    page.goto("/c/recovery-network/lab/")
    waiting = page.locator("section[aria-labelledby=lab-waiting-title]")
    assert "Give social workers two hours a week" in waiting.inner_text()
    assert "Commitments overdue" in page.locator("main").inner_text()
    waiting.get_by_role("link", name="Give social workers two hours a week for their care teams").click()
    assert "Not yet agreed" in page.locator("main").inner_text()
    assert page.locator("tr", has_text="London Borough of Hackney").get_by_text("Has not answered yet").count() == 1
    form = page.locator("form:has(button:text('Send my answer'))")
    form.get_by_label("Agree", exact=True).check()
    submit(form)
    text = page.locator("main").inner_text()
    assert "Every side agreed" in text and "Has not answered yet" not in text
    assert page.locator("form:has(button:text('Send my answer'))").count() == 0

    page.goto(f"/c/recovery-network/lab/partnerships/{partnership.uuid}/")
    assert "Every decision here was agreed by every side." in page.locator("main").inner_text()
    check_axe(page, "partnership page")


def test_a_public_campaign_page_reads_signed_out_and_is_axe_clean(browse, lab):
    campaign = lab["campaigns"]["market"]
    page = browse.new_page(javascript=False)
    page.goto(f"/lab/recovery-network/campaigns/{campaign.uuid}/")
    text = page.locator("main").inner_text()
    assert "Save Chatsworth Road Market" in text and "318 answers" in text and "42 answers" in text
    assert "Kemal" not in text and "Rosa" not in text  # no one's name on the public page
    assert page.locator("svg[role=img]").count() == 1
    check_axe(page, "public campaign page")
