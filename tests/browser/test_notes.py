"""Care notes and concerns in the browser, as the issue checks them, with JavaScript off and axe
(WCAG 2.2 AA) on every page: Janet writes a note only Ayo may read and Rosa cannot find it in the
notebook or its search; Ayo raises an urgent concern and the Safeguarding Lead gets an e-mail with
no details, opens it and moves it on; the organiser sees the review list and the trends."""

import pytest

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press, visit

pytestmark = pytest.mark.browser

C = "/c/clapton"


@pytest.fixture
def notes(demo, settings, tmp_path):
    from caringcity.teams import demo as teams_demo
    from caringcity.visits import demo_notes

    settings.MEDIA_ROOT = str(tmp_path / "media")
    teams_demo.build(demo)
    demo_notes.build(demo)
    return demo


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def press_refused(page, button, axe, what=None):
    """Press a submit button that the server answers with the form again (400) and run axe on it."""
    with page.expect_navigation() as navigation:
        button.click()
    page.wait_for_load_state()
    assert navigation.value is not None and navigation.value.status == 400, navigation.value and navigation.value.status
    axe(page, what)


def open_team_part(page, team_name, link_text, axe):
    follow(page, page.locator("header nav a", has_text="Teams"), axe, "team list")
    follow(page, main(page).locator("table a", has_text=team_name), axe, f"team page of {team_name}")
    follow(page, main(page).locator(".card a", has_text=link_text).first, axe, link_text)


def test_a_note_with_named_readers_is_invisible_to_others(browse, notes, axe):
    from caringcity.visits.models import CareNote

    secret = "Arthur would like Ayo to bring the photo album on Friday."
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    open_team_part(janet, "Arthur's team", "Care notes", axe)
    follow(janet, main(janet).locator("a", has_text="Write a note"), axe, "write a note")
    form = main(janet).locator("form")
    # Saving without choosing anyone is refused with the reason next to the field, and what was typed stays.
    form.get_by_label("Note", exact=True).fill(secret)
    form.get_by_label("People I choose").check()
    press_refused(janet, form.locator("button", has_text="Save the note"), axe, "write a note with an error")
    assert "Choose at least one person" in main(janet).locator(".field-error").first.inner_text()
    assert main(janet).locator("textarea").input_value() == secret
    assert not CareNote.objects.filter(text=secret).exists()
    form = main(janet).locator("form")
    form.get_by_label("Ayo", exact=True).check()
    press(janet, form.locator("button", has_text="Save the note"), axe, "notebook after writing")
    assert "Your note is saved." in message(janet)
    assert secret in main(janet).inner_text()
    note = CareNote.objects.get(text=secret)
    assert note.acting_for == notes["people"]["paper"], "Janet writes for Arthur"

    # Rosa is in the team but not named: not in the list, not in search, not at the amend address.
    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    open_team_part(rosa, "Arthur's team", "Care notes", axe)
    assert "photo album" not in main(rosa).inner_text()
    form = main(rosa).locator("form[role=search]")
    form.get_by_label("Search the notes").fill("photo album")
    press(rosa, form.locator("button", has_text="Search"), axe, "notebook search")
    assert "No notes match your search" in main(rosa).inner_text()
    response = rosa.goto(f"{C}/teams/{note.team.uuid}/notes/{note.uuid}/amend/")
    assert response.status == 404

    # Ayo was named: he finds it.
    ayo = person_page(browse)
    sign_in(ayo, "ayo@example.org")
    visit(ayo, f"{C}/teams/{note.team.uuid}/notes/", axe, "notebook as a named reader")
    main(ayo).locator("#note-search").fill("album")
    press(ayo, main(ayo).locator("form[role=search] button", has_text="Search"), axe, "notebook search as a named reader")
    assert "1 note found" in main(ayo).inner_text()
    assert secret in main(ayo).inner_text()


def test_an_urgent_concern_notifies_the_lead(browse, notes, axe):
    from caringcity.core.models import OutboundEmail
    from caringcity.visits.models import Concern

    OutboundEmail.objects.all().delete()
    ayo = person_page(browse)
    sign_in(ayo, "ayo@example.org")
    open_team_part(ayo, "Arthur's team", "Raise a concern", axe)
    form = main(ayo).locator("form")
    form.get_by_label("Safeguarding (someone may be at risk of harm)").check()
    form.get_by_label("It is urgent: someone may be at risk now").check()
    form.get_by_label("What happened?").fill("A stranger was in the hall when I arrived and would not say who he was.")
    press(ayo, form.locator("button", has_text="Raise the concern"), axe, "concern page after raising")
    assert "Safeguarding Lead and the organisers have been told" in message(ayo)
    concern = Concern.objects.get(what_happened__startswith="A stranger")
    assert concern.urgent and concern.raised_by == notes["people"]["ayo"]
    mail = OutboundEmail.objects.filter(to="rosa@example.org").get()
    assert "stranger" not in mail.body_text and "Arthur" not in mail.body_text
    link = mail.body_text.split(notes["url"].rstrip("/"))[-1].split()[0] if notes["url"] in mail.body_text else None
    path = link or f"{C}/concerns/{concern.uuid}/"

    # Rosa, the Safeguarding Lead, follows the link in the e-mail and moves the concern on.
    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    visit(rosa, path, axe, "concern page for the lead")
    assert "A stranger was in the hall" in main(rosa).inner_text()
    form = main(rosa).locator("form", has=rosa.locator("button", has_text="Save this step"))
    form.get_by_label("Waiting for a response").check()
    form.get_by_label("What was done or found").fill("Called Janet; she is asking the neighbours.")
    press(rosa, form.locator("button", has_text="Save this step"), axe, "concern page after a step")
    concern.refresh_from_db()
    assert concern.status == "awaiting"
    follow(rosa, rosa.locator("header nav a", has_text="Home"), axe, "commons home")
    visit(rosa, f"{C}/concerns/", axe, "concerns in the commons (lead)")
    assert "Monthly review" in main(rosa).inner_text()

    # Another team member (Janet is family, not the lead) does not see it.
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    assert janet.goto(path).status == 404


def test_organiser_sees_the_review_list_and_trends(browse, notes, axe):
    kemal = person_page(browse)
    sign_in(kemal, "kemal@example.org", totp=True)
    visit(kemal, f"{C}/concerns/", axe, "concerns in the commons (organiser)")
    text = main(kemal).inner_text()
    assert "Monthly review: due now" in text and "Trends" in text
    assert main(kemal).locator("svg[role=img] title").count() == 1
    assert main(kemal).locator("table th[scope=row]", has_text="Feedback").count() == 1
