"""Lab events in the demo: someone signed out signs up for the upcoming workshop with JavaScript off
and records their access needs; an organiser takes attendance afterwards and adds a walk-in; the
"around the table" page hides groups below five. axe finds nothing wrong on any of these pages."""

import pytest

from tests.browser.support import check_axe, sign_in, submit

pytestmark = pytest.mark.browser

NETWORK = "recovery-network"


@pytest.fixture
def lab(demo):
    """The browser fixture builds the people demo; the lab's demo (the network and its events) on top."""
    if "lab" not in demo:
        from caringcity.lab import demo as lab_demo

        lab_demo.build(demo)
    return demo["lab"]


def test_sign_up_attendance_and_who_was_around_the_table(browse, lab):
    events = lab["events"]
    upcoming, workshop, meeting = events["upcoming"], events["workshop"], events["meeting"]

    # 1. Anyone, signed out, JavaScript off: from the public events page to a place with needs kept.
    page = browse.new_page(javascript=False)
    page.goto(f"/lab/{NETWORK}/events/")
    page.get_by_role("link", name=upcoming.title).click()
    assert page.locator("h1").inner_text() == upcoming.title
    assert page.locator('script[type="application/ld+json"]').count() == 1
    check_axe(page, "public event page")
    page.get_by_role("link", name="Sign up").click()
    form = page.locator("form.lab-events-register")
    form.get_by_label("Your name").fill("Maryam Ali")
    submit(form)  # no e-mail or phone: refused, what was typed kept
    assert "e-mail address or a phone number" in page.locator(".error-summary").inner_text()
    assert form.get_by_label("Your name").input_value() == "Maryam Ali"
    check_axe(page, "sign-up form with an error")
    form.get_by_label("Phone number").fill("07700 900555")
    form.get_by_label("Access needs").fill("Step-free access and a hearing loop")
    form.get_by_label("I need a British Sign Language (BSL) interpreter").check()
    form.get_by_label("I need an interpreter for this language").fill("Somali")
    form.get_by_label("Children who need childcare while you take part").fill("1")
    submit(form)
    assert "/manage/" in page.url and "You have a place." in page.locator("main").inner_text()
    assert form.get_by_label("Access needs").input_value() == "Step-free access and a hearing loop"
    from caringcity.lab.models import Registration

    saved = Registration.objects.get(event=upcoming, name="Maryam Ali")
    assert saved.bsl and saved.interpreter == "Somali" and saved.childcare == 1 and saved.person is None

    # 2. An organiser sees the needs to plan for, and takes attendance at the past workshop.
    page = browse.new_page(javascript=False)
    sign_in(page, "kemal@example.org", totp=True)
    page.goto(f"/c/{NETWORK}/lab/events/{upcoming.uuid}/sign-ups/")
    needs = page.locator("main").inner_text()
    assert "Somali: 1" in needs and "Bengali: 1" in needs and "Maryam Ali: Step-free access and a hearing loop" in needs
    # The members' event page links a Clapton circle's proposal talked about there.
    from caringcity.circles.models import Circle, Proposal
    from caringcity.core.models import Commons
    from caringcity.people.models import Person

    clapton = Commons.objects.get(slug="clapton")
    circle, _made = Circle.objects.get_or_create(commons=clapton, name="Clapton browser circle", defaults={"kind": "local"})
    idea = Proposal.objects.create(circle=circle, title="Tea and talk at the hub",
                                   brought_by=Person.objects.get(user__email="kemal@example.org"))
    upcoming.proposals = [f"clapton:{idea.uuid}"]
    upcoming.save(update_fields=["proposals"])
    page.goto(f"/c/{NETWORK}/lab/events/{upcoming.uuid}/")
    page.get_by_role("link", name="Tea and talk at the hub").wait_for()
    check_axe(page, "members' event page")
    page.goto(f"/c/{NETWORK}/lab/events/{workshop.uuid}/attendance/")
    walk_in = page.locator(f"form[action$='/events/{workshop.uuid}/attendance/walk-in/']")
    walk_in.get_by_label("Their name").fill("Walk-in Neighbour")
    walk_in.get_by_label("Kind of group").select_option("resident")
    submit(walk_in)
    attendance = page.locator("form.lab-events-attendance")
    assert attendance.get_by_label("Walk-in Neighbour").is_checked()
    attendance.get_by_label("Paul Evans (Homerton Food Hub)").check()
    submit(attendance)
    assert "Attendance is saved." in page.locator("main").inner_text()
    assert Registration.objects.get(event=workshop, name="Paul Evans").attended is True
    check_axe(page, "attendance")

    # 3. Who was around the table: small groups hidden, the small meeting shows nothing.
    page.goto(f"/c/{NETWORK}/lab/around-the-table/")
    main = page.locator("main").inner_text()
    assert "fewer than 5, or hidden so others cannot be worked out" in main
    meeting_section = page.locator("section.lab-events-around", has_text=meeting.title).first
    assert "Fewer than 5 people took part" in meeting_section.inner_text()
    check_axe(page, "around the table")
    page.goto(f"/lab/{NETWORK}/events/{workshop.uuid}/")
    assert "Who was around the table" in page.locator("main").inner_text()
