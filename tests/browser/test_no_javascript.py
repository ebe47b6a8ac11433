"""Everything important works with JavaScript off: plain links and forms, no script needed."""

import pytest

from tests.browser.support import sign_in, submit

pytestmark = pytest.mark.browser


@pytest.fixture
def nojs(browse):
    return browse.new_page(javascript=False)


def test_the_page_really_runs_no_script(browse, nojs, demo):
    """site.js un-hides the print button on the who-looked page; with JavaScript off it cannot."""
    rosa = demo["people"]["member"]
    url = f"/c/clapton/people/{rosa.uuid}/privacy/who-looked/"
    sign_in(nojs, "rosa@example.org")
    nojs.goto(url)
    assert nojs.locator("button[data-print]").get_attribute("hidden") is not None
    with_js = browse.new_page()
    sign_in(with_js, "rosa@example.org")
    with_js.goto(url)
    assert with_js.locator("button[data-print]").get_attribute("hidden") is None
    assert with_js.locator("button[data-print]").is_visible()


def test_script_only_buttons_stay_hidden_without_javascript(nojs, demo):
    """Buttons that only work with JavaScript (print) carry ``hidden`` and must not show without it
    (site.css needs ``[hidden] { display: none !important }`` because .button sets display)."""
    rosa = demo["people"]["member"]
    sign_in(nojs, "rosa@example.org")
    nojs.goto(f"/c/clapton/people/{rosa.uuid}/privacy/who-looked/")
    assert nojs.locator("button[data-print]").is_hidden()


def test_sign_in_without_javascript(nojs, demo):
    sign_in(nojs, "rosa@example.org")
    assert nojs.url == demo["url"] + "/c/clapton/"


def test_organiser_sign_in_without_javascript(nojs, demo):
    sign_in(nojs, "kemal@example.org", totp=True)
    assert nojs.url == demo["url"] + "/c/clapton/"


def test_search_people_without_javascript(nojs, demo):
    sign_in(nojs, "rosa@example.org")
    nojs.goto("/c/clapton/people/")
    everyone = nojs.locator("#results tbody tr").count()
    assert everyone >= 6
    form = nojs.locator("main form[role=search]")
    form.locator("input[name=q]").fill("Arthur")
    submit(form)
    assert "q=Arthur" in nojs.url
    rows = nojs.locator("#results tbody tr")
    assert rows.count() == 1
    assert "Arthur" in rows.first.inner_text()


def test_change_your_own_details_without_javascript(nojs, demo):
    rosa = demo["people"]["member"]
    sign_in(nojs, "rosa@example.org")
    nojs.goto(f"/c/clapton/people/{rosa.uuid}/")
    nojs.locator(f"main a[href$='/people/{rosa.uuid}/edit/']").click()
    nojs.wait_for_load_state()
    assert nojs.url.endswith(f"/people/{rosa.uuid}/edit/")
    form = nojs.locator("main form[method=post]")
    form.locator("input[name=pronouns]").fill("they/them")
    form.locator("input[name=postcode]").fill("e5 8bp")
    submit(form)
    assert nojs.url == demo["url"] + f"/c/clapton/people/{rosa.uuid}/"
    rosa.refresh_from_db()
    assert rosa.pronouns == "they/them"
    assert rosa.postcode == "E5 8BP"
    assert "they/them" in nojs.locator("main").inner_text()


def test_give_permission_and_take_it_back_without_javascript(nojs, demo):
    from caringcity.people.models import AccessGrant

    rosa, janet = demo["people"]["member"], demo["people"]["proxy"]
    commons = demo["commons"]["clapton"]
    privacy_url = f"/c/clapton/people/{rosa.uuid}/privacy/"
    sign_in(nojs, "rosa@example.org")
    nojs.goto(privacy_url)
    nojs.locator(f"main a[href$='{privacy_url}permissions/new/']").click()
    nojs.wait_for_load_state()
    assert nojs.url.endswith(privacy_url + "permissions/new/")

    form = nojs.locator("main form[method=post]")
    form.locator("select[name=grantee]").select_option(str(janet.pk))
    form.locator("input[name=part][value=contact]").check()
    submit(form)
    assert nojs.url == demo["url"] + privacy_url
    grant = AccessGrant.objects.current().get(commons=commons, grantor=rosa, grantee=janet)
    assert grant.part == "contact"
    assert "Janet" in nojs.locator("main table").inner_text()

    revoke = nojs.locator(f"main form[action$='/permissions/{grant.uuid}/end/']")
    assert revoke.count() == 1
    submit(revoke)
    assert nojs.url == demo["url"] + privacy_url
    assert not AccessGrant.objects.current().filter(commons=commons, grantor=rosa, grantee=janet).exists()
    assert nojs.locator(f"main form[action$='/permissions/{grant.uuid}/end/']").count() == 0
