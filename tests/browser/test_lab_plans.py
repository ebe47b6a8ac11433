"""Plans in a browser: anyone reads the public plan and a policy with JavaScript off and follows a
glossary word to its meaning; an organiser starts a plan, imports the CSV with a bad row (refused,
the row named), then the good one. axe finds nothing wrong on any of these pages."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def lab(demo):
    from caringcity.lab import demo as lab_demo

    lab_demo.build(demo)
    return demo["lab"]


def test_anyone_reads_the_public_plan_and_follows_a_glossary_word(browse, lab):
    page = browse.new_page(javascript=False)
    page.goto("/lab/recovery-network/plans/recovery-plan/")
    assert page.locator("h1").inner_text() == "Community-Led Recovery Plan for London"
    assert "Only part of this plan is here so far." in page.locator("main").inner_text()
    check_axe(page, "public plan")
    page.get_by_role("link", name="Policy 3: Community-led, place-based care hubs").click()
    assert page.locator("h1").inner_text() == "Policy 3: Community-led, place-based care hubs"
    assert "Other views" in page.locator("main").inner_text()
    check_axe(page, "public policy")
    term = page.locator("a.lab-term").first
    target = term.get_attribute("href")
    term.click()
    assert page.url.endswith(target)
    assert page.locator(f"dt{target[target.index('#'):]}").is_visible()


def test_an_organiser_imports_the_bad_file_then_the_good_one(browse, lab):
    files = lab["import_files"]
    page = browse.new_page(javascript=False)
    sign_in(page, "kemal@example.org", totp=True)
    page.goto("/c/recovery-network/lab/plans/new/")
    form = page.locator("main form")
    form.get_by_label("Title").fill("Hackney Care Charter 2026 (draft)")
    submit(form)
    assert page.locator("h1").inner_text() == "Hackney Care Charter 2026 (draft)"
    page.get_by_role("link", name="Import policies from a file").click()
    check_axe(page, "import page")
    form = page.locator("main form")
    form.get_by_label("The file (.csv or .xlsx)").set_input_files(str(files["bad"]))
    submit(form)
    assert page.locator("h1").inner_text() == "Nothing was imported"
    row = page.locator("table.lab-plans-errors tbody tr")
    assert row.count() == 1 and row.locator("th").inner_text() == "4" and "policy_summary" in row.inner_text()
    check_axe(page, "import refused")
    page.get_by_role("link", name="Try again").click()
    form = page.locator("main form")
    form.get_by_label("The file (.csv or .xlsx)").set_input_files(str(files["good"]))
    submit(form)
    assert page.locator("h1").inner_text() == "The file is imported"
    page.get_by_role("link", name="See the plan").click()
    assert page.get_by_role("link", name="Policy 3: Social prescribing that reaches everyone").is_visible()
    check_axe(page, "imported plan")
