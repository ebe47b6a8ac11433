"""Care teams in the browser, as the issue checks them: an owner invites a worker from a match
(seeing why they ranked), the worker accepts, a trial ends in agreement, a hat is nominated and
consented, a member who left can no longer see the profile, the owner's access log shows every
view, the printed profile is readable. Every journey runs with JavaScript off and every page it
visits passes axe (WCAG 2.2 AA)."""

import re

import pytest

from tests.browser.support import check_axe, sign_in

pytestmark = pytest.mark.browser

C = "/c/clapton"


@pytest.fixture
def teams(demo):
    """The people demo (from ``demo``) plus the care-teams demo on top, as ``manage.py demo`` does."""
    from caringcity.teams import demo as teams_demo

    teams_demo.build(demo)
    return demo


class Mirror:
    """axe for pages opened with JavaScript off.

    ``check_axe`` cannot run in a context with JavaScript off: axe's promise waits on a timer that
    never fires there, and Playwright's ``evaluate`` has no time limit, so it hangs. So each page a
    journey visits is mirrored into one JavaScript-on page of the same browser: the same address,
    served the exact HTML the no-JS page holds (``page.content()``; no script ran, so it is what the
    server sent), with the stylesheets from the live server and every script answered empty, so the
    DOM and the styles axe checks are the ones a person without JavaScript gets."""

    def __init__(self, browse):
        self.browse = browse
        self.page = None

    def check(self, page, what=None, media="screen"):
        page.wait_for_load_state()
        html, url = page.content(), page.url.split("#")[0]
        if self.page is None:
            self.page = self.browse.new_page(javascript=True)
            self.page.route("**/*.js", lambda route: route.fulfill(status=200, content_type="text/javascript", body=""))
        mirror = self.page

        def serve(route):
            if route.request.resource_type == "document":
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            else:
                route.continue_()

        def matches(address):
            return address.split("#")[0] == url

        mirror.route(matches, serve)
        try:
            mirror.emulate_media(media=media)
            response = mirror.goto(url)
            assert response is not None and response.ok
            assert mirror.locator("main").inner_html() == page.locator("main").inner_html(), "the mirror differs"
            check_axe(mirror, what)
        finally:
            mirror.unroute(matches, serve)


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def person_page(browse):
    """A fresh browser context with JavaScript off (one per person signing in). Elements are there
    when the page has loaded (no script adds any), so a missing one fails in seconds, not 15."""
    page = browse.new_page(javascript=False)
    page.set_default_timeout(5_000)
    page.set_default_navigation_timeout(15_000)
    return page


def main(page):
    return page.locator("main")


def visit(page, url, axe, what=None):
    """Open ``url`` (it must answer 200) and run axe on it."""
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url} answered {response and response.status}"
    axe(page, what)


def follow(page, link, axe, what=None):
    """Follow a link (a real click, no script needed) and run axe on the page it opens."""
    assert link.count() == 1, f"expected one link, found {link.count()} on {page.url}"
    with page.expect_navigation() as navigation:
        link.click()
    page.wait_for_load_state()
    response = navigation.value
    assert response is not None and response.status == 200, f"{response and response.url} answered {response and response.status}"
    axe(page, what)


def press(page, button, axe, what=None):
    """Press a submit button (a plain form post) and run axe on the page it leads to."""
    assert button.count() == 1, f"expected one button, found {button.count()} on {page.url}"
    with page.expect_navigation() as navigation:
        button.click()
    page.wait_for_load_state()
    response = navigation.value
    assert response is not None and response.status < 400, f"{response and response.url} answered {response and response.status}"
    axe(page, what)


def open_team(page, name, axe):
    """Teams (site navigation) -> the team, axe on both pages."""
    follow(page, page.locator("header nav a", has_text="Teams"), axe, "team list")
    follow(page, main(page).locator("table a", has_text=name), axe, f"team page of {name}")


def member_rows(page, name):
    return page.locator("#members ~ .table-wrap tbody tr", has=page.locator("td:first-child", has_text=name))


def member_row(page, name):
    row = member_rows(page, name)
    assert row.count() == 1, f"{name} is not in the members table on {page.url}:\n{main(page).inner_text()[:1500]}"
    return row


def status_of(page, name):
    return member_row(page, name).locator("td").nth(4).inner_text().strip()


def message(page, role=None):
    """The message the last action left (``role`` "alert" for a refusal); fails at once if none."""
    found = page.locator("main .messages " + (f"[role={role}]" if role else ".notice"))
    assert found.count() >= 1, f"no {role or ''} message on {page.url}:\n{main(page).inner_text()[:1000]}"
    return "\n".join(found.all_inner_texts())


def one(locator, what):
    """``locator``, which must match exactly one element now (no waiting for one to turn up)."""
    page = locator.page
    assert locator.count() == 1, f"expected one {what}, found {locator.count()} on {page.url}:\n{main(page).inner_text()[:1500]}"
    return locator


# --- 1 and 2: an owner invites a worker from a match; the worker says yes ----------------------------
def test_owner_invites_a_worker_from_the_match_and_the_worker_accepts(browse, teams, axe):
    from caringcity.teams.models import MemberStatus, TeamMember

    team = teams["teams"]["doreen"]
    ayse = teams["people"]["worker_ayse"]

    doreen = person_page(browse)
    sign_in(doreen, "doreen@example.org")
    open_team(doreen, "Doreen's team", axe)
    follow(doreen, main(doreen).locator("a", has_text="Find people to help"), axe, "match page")

    results = doreen.locator("#results")
    assert results.count() == 1, "the saved match request should show its ranked list"
    card = results.locator("ol.cards > li", has=doreen.locator("h3", has_text="Ayşe"))
    assert card.count() == 1, f"Ayşe should be in the ranked list:\n{results.inner_text()[:2000]}"
    reasons = card.locator("ul li").all_inner_texts()
    # Why she ranked where she did: the distance, the times she is free, skills and the scales.
    assert any(re.search(r"\d+\.\d km from where support happens", r) for r in reasons), reasons
    assert any(r.startswith("free at ") for r in reasons), reasons
    assert any(r.startswith("skills: ") for r in reasons), reasons
    assert re.search(r"\d+% match", card.inner_text())

    press(doreen, card.locator("button", has_text="Invite to the team"), axe, "match page after inviting")
    assert "Invitation sent to Ayşe" in message(doreen)
    member = TeamMember.objects.get(team=team, person=ayse)
    assert member.status == MemberStatus.INVITED and member.from_match

    # The team page lists the invitation as waiting for her answer.
    follow(doreen, doreen.locator("nav.breadcrumbs a", has_text="Doreen's team"), axe, "team page with a waiting invitation")
    waiting = main(doreen).locator("h2:has-text('Waiting for an answer') + ul > li", has_text="Ayşe")
    assert waiting.count() == 1, main(doreen).inner_text()[:2000]
    assert "Invited, waiting for them to say yes" in waiting.inner_text()
    assert member_rows(doreen, "Ayşe").count() == 0, "an invited person is not in the team yet"

    # Ayşe signs in (her own browser), sees the invitation on Teams and says yes.
    worker = person_page(browse)
    sign_in(worker, "ayse@example.org")
    follow(worker, worker.locator("header nav a", has_text="Teams"), axe, "team list with an invitation")
    invitation = main(worker).locator("li.card", has=worker.locator("h3", has_text="Doreen's team"))
    assert invitation.count() == 1, main(worker).inner_text()[:1500]
    assert "Invited, waiting for them to say yes" in invitation.inner_text()
    press(worker, invitation.locator("button", has_text="Yes, join"), axe, "team page after joining")

    member.refresh_from_db()
    assert worker.url == teams["url"] + f"{C}/teams/{team.uuid}/"
    # An invitation from a match has no trial, so she is a member straight away; a trial would show "On trial".
    expected = "On trial" if member.trial_sessions else "Member"
    assert member.status == (MemberStatus.TRIAL if member.trial_sessions else MemberStatus.ACTIVE)
    assert status_of(worker, "Ayşe").splitlines()[0] == expected

    # The owner sees it too: no longer waiting, in the team.
    visit(doreen, f"{C}/teams/{team.uuid}/", axe, "team page after the worker joined")
    assert status_of(doreen, "Ayşe").splitlines()[0] == expected
    assert main(doreen).locator("h2", has_text="Waiting for an answer").count() == 0


# --- 3: a trial ends in agreement --------------------------------------------------------------------
def test_a_trial_ends_in_agreement(browse, teams, axe):
    from caringcity.teams.models import MemberStatus, TeamMember

    team = teams["teams"]["doreen"]
    member = TeamMember.objects.get(team=team, person=teams["people"]["zeynep"])
    assert (member.status, member.trial_done, member.trial_sessions) == (MemberStatus.TRIAL, 1, 2)

    zeynep = person_page(browse)
    sign_in(zeynep, "zeynep@example.org")
    open_team(zeynep, "Doreen's team", axe)
    assert status_of(zeynep, "Zeynep").startswith("On trial")
    assert "1 of 2 trial sessions" in status_of(zeynep, "Zeynep")
    trial = main(zeynep).locator(".notice", has_text="Zeynep is on trial.")
    press(zeynep, trial.locator("button", has_text="Record a trial session"), axe, "team page after a trial session")
    assert "2 of 2 trial sessions" in status_of(zeynep, "Zeynep")

    trial = main(zeynep).locator(".notice", has_text="Zeynep is on trial.")
    press(zeynep, trial.locator("button", has_text="Say yes to joining fully"), axe, "team page after the member said yes")
    assert "Zeynep has said yes." in one(main(zeynep).locator(".notice", has_text="Zeynep is on trial."), "trial notice").inner_text()
    assert status_of(zeynep, "Zeynep").startswith("On trial"), "one side saying yes is not enough"

    doreen = person_page(browse)
    sign_in(doreen, "doreen@example.org")
    open_team(doreen, "Doreen's team", axe)
    trial = one(main(doreen).locator(".notice", has_text="Zeynep is on trial."), "trial notice")
    assert "Zeynep has said yes." in trial.inner_text()
    press(doreen, trial.locator("button", has_text="Say yes to joining fully"), axe, "team page after the trial ended in agreement")
    assert status_of(doreen, "Zeynep") == "Member"
    assert main(doreen).locator(".notice", has_text="Zeynep is on trial.").count() == 0
    member.refresh_from_db()
    assert member.status == MemberStatus.ACTIVE and member.owner_says_yes and member.member_says_yes


# --- 4: a hat is nominated and consented ---------------------------------------------------------------
def test_proxy_consents_for_the_owner_and_the_hat_is_worn(browse, teams, axe):
    from caringcity.teams.models import HatConsent, HatKind, HatTerm, TermStatus

    arthur, ayo = teams["people"]["paper"], teams["people"]["ayo"]
    term = HatTerm.objects.get(hat__team=teams["teams"]["arthur"], hat__kind=HatKind.MAR_HOLDER, holder=ayo)
    assert term.status == TermStatus.NOMINATED

    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    open_team(janet, "Arthur's team", axe)
    follow(janet, main(janet).locator("a", has_text=re.compile(r"^Hats$")), axe, "hats page")

    section = janet.locator(f"#hat-{term.hat.uuid}")
    nomination = section.locator(".notice", has_text="Nominated: Ayo")
    assert nomination.count() == 1, section.inner_text()
    answers = nomination.locator("table tbody tr")
    assert "Not answered yet" in one(answers.filter(has_text="(Team Owner)"), "owner's answer").inner_text()

    # Confirming before the owner has said yes is refused, with the reason.
    press(janet, nomination.locator("button", has_text="Confirm"), axe, "hats page after a refused confirm")
    assert "The owner has not consented yet" in message(janet, "alert")
    assert term_status(term) == TermStatus.NOMINATED

    # Janet answers for Arthur: yes, ticking "I am answering for the owner".
    nomination = janet.locator(f"#hat-{term.hat.uuid} .notice", has_text="Nominated: Ayo")
    form = nomination.locator("form", has=janet.locator("button", has_text="Send my answer"))
    form.get_by_label("I consent").check()
    form.get_by_label("I am answering for the owner").check()
    press(janet, form.locator("button", has_text="Send my answer"), axe, "hats page after answering for the owner")
    assert "Your answer is saved: yes." in message(janet)
    consent = HatConsent.objects.get(term=term, person=arthur)
    assert consent.answer == HatConsent.Answer.CONSENT and consent.recorded_by == teams["people"]["proxy"].user
    nomination = janet.locator(f"#hat-{term.hat.uuid} .notice", has_text="Nominated: Ayo")
    owner_row = one(nomination.locator("table tbody tr").filter(has_text="(Team Owner)"), "owner's answer").inner_text()
    assert "Yes" in owner_row and "recorded by someone acting for them" in owner_row

    # Nobody objects and the owner has said yes: Janet (on the owner's side) confirms.
    press(janet, nomination.locator("button", has_text="Confirm"), axe, "hats page after confirming")
    assert "Ayo now wears the hat “Medication (MAR) Holder”." in message(janet)
    assert term_status(term) == TermStatus.HELD
    row = janet.locator("#who-wears-what ~ .table-wrap tbody tr", has=janet.locator("th", has_text="Medication (MAR) Holder"))
    cells = row.locator("td").all_inner_texts()
    assert cells[0].strip() == "Ayo" and "Paid" in cells[1], cells
    assert janet.locator(f"#hat-{term.hat.uuid} .notice", has_text="Nominated: Ayo").count() == 0


def term_status(term):
    term.refresh_from_db()
    return term.status


# --- 5: a member who left can no longer see the profile --------------------------------------------
def test_a_member_who_left_can_no_longer_see_the_profile(browse, teams, axe):
    from caringcity.teams.models import HatKind, HatTerm, MemberStatus, Notice, TeamMember, TermStatus

    team = teams["teams"]["arthur"]
    arthur, rosa_person = teams["people"]["paper"], teams["people"]["member"]
    profile_url = f"{C}/people/{arthur.uuid}/getting-support/"

    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    open_team(rosa, "Arthur's team", axe)
    assert "Profile Holder" in member_row(rosa, "Rosa").inner_text()
    follow(rosa, main(rosa).locator("a", has_text="Arthur's profile"), axe, "Arthur's profile as his Profile Holder")
    assert "drove the number 38 bus" in one(rosa.locator("#section-about_me"), "About me").inner_text()
    assert "Arthritis" in one(rosa.locator("#section-wellbeing"), "wellbeing section").inner_text(), "the Profile Holder sees every section"

    # She leaves, now, with a goodbye.
    visit(rosa, f"{C}/teams/{team.uuid}/", axe, "team page before leaving")
    follow(rosa, main(rosa).locator("a", has_text="Leave this team"), axe, "leave form")
    form = main(rosa).locator("form[method=post]")
    form.get_by_label("Now", exact=True).check()
    form.get_by_label("A goodbye message to the team").fill("Moving away – thank you, Arthur.")
    press(rosa, form.locator("button[type=submit]"), axe, "team list after leaving")
    assert rosa.url == teams["url"] + f"{C}/teams/"
    assert TeamMember.objects.get(team=team, person=rosa_person).status == MemberStatus.LEFT
    holder = HatTerm.objects.get(hat__team=team, hat__kind=HatKind.PROFILE_HOLDER, holder=rosa_person)
    assert holder.status == TermStatus.ENDED
    assert main(rosa).locator("table a", has_text="Arthur's team").count() == 0
    assert Notice.objects.filter(team=team, author=rosa_person, text="Moving away – thank you, Arthur.").exists()

    # The profile: every section is private to her now.
    visit(rosa, profile_url, axe, "Arthur's profile after leaving")
    sections = rosa.locator("main section[id^=section-]")
    assert sections.count() >= 10
    for i in range(sections.count()):
        section = sections.nth(i)
        assert section.locator(".tag", has_text="Private").count() == 1, f"still visible to her: {section.inner_text()[:300]}"
    assert rosa.locator("#section-demographics").count() == 0
    text = main(rosa).inner_text()
    assert "drove the number 38 bus" not in text and "Arthritis" not in text
    assert "can see that you looked at this" not in text, "nothing was shown, so no look is recorded"

    # The team page: not found, as for anyone outside the team.
    response = rosa.goto(f"{C}/teams/{team.uuid}/")
    assert response.status == 404
    assert rosa.locator("main h1").inner_text() == "Page not found"
    axe(rosa, "team page for someone who left")
    response = rosa.goto(f"{C}/teams/{team.uuid}/hats/")
    assert response.status == 404


# --- 6: the owner's access log shows every view ----------------------------------------------------
def test_the_owners_access_log_shows_every_view_of_the_profile(browse, teams, axe):
    arthur = teams["people"]["paper"]

    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    visit(rosa, f"{C}/people/{arthur.uuid}/getting-support/", axe, "Arthur's profile as his Profile Holder")
    assert "can see that you looked at this" in main(rosa).inner_text()
    sections = rosa.locator("main section[id^=section-]")
    seen = [
        sections.nth(i).locator("h2").inner_text().strip()
        for i in range(sections.count())
        if sections.nth(i).locator(".tag", has_text="Private").count() == 0
    ]
    assert len(seen) >= 10, f"the Profile Holder should see the sections: {seen}"

    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    visit(janet, f"{C}/people/{arthur.uuid}/privacy/", axe, "Arthur's privacy page")
    follow(janet, main(janet).locator(f"a[href$='/people/{arthur.uuid}/privacy/who-looked/']"), axe, "who looked at Arthur's records")
    rows = janet.locator("main table tbody tr")
    lines = [" | ".join(t.strip() for t in rows.nth(i).locator("td").all_inner_texts()) for i in range(rows.count())]
    by_rosa = [line for line in lines if "| Rosa Bennett |" in line]
    # Every section she saw is on his list, each with why she could: his permission, or her hat.
    for heading in seen:
        looked = [line for line in by_rosa if f"| Looked at: {heading} |" in line]
        assert len(looked) == 1, f"Rosa's look at “{heading}” should be listed once:\n" + "\n".join(lines)
        assert looked[0].endswith(("| they gave permission", "| helps write their profile")), looked[0]


# --- 7: the printed profile is readable ----------------------------------------------------------
def test_the_printed_profile_is_readable(browse, teams, axe):
    arthur = teams["people"]["paper"]
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    visit(janet, f"{C}/people/{arthur.uuid}/getting-support/", axe, "Arthur's profile")
    follow(janet, main(janet).locator("a", has_text="Print in large type"), axe, "Arthur's profile to print")

    janet.emulate_media(media="print")
    axe(janet, "Arthur's profile to print, as printed", media="print")
    assert janet.locator("header, nav").count() == 0, "the page to print has no site header or navigation"
    h1 = janet.locator("main h1")
    assert h1.is_visible() and h1.inner_text() == "Getting Support profile of Arthur Price"
    headings = janet.locator("main section h2")
    assert headings.count() >= 10
    for i in range(headings.count()):
        assert headings.nth(i).is_visible(), headings.nth(i).inner_text()
    assert "drove the number 38 bus" in janet.locator("main").inner_text()
    # Nothing on paper that only works on screen: the Back link and the buttons are not printed.
    for selector in ["main .actions", "main .no-print", "button"]:
        for i in range(janet.locator(selector).count()):
            assert janet.locator(selector).nth(i).is_hidden(), f"{selector} would be printed"
    # Large type for people like Arthur who read on paper.
    size = janet.evaluate("() => parseFloat(getComputedStyle(document.querySelector('main section p, main section dd')).fontSize)")
    assert size >= 21, f"printed text is {size}px, smaller than 16pt"

    # The profile page itself, printed from the browser: the site header and navigation go.
    janet.goto(f"{C}/people/{arthur.uuid}/getting-support/")
    axe(janet, "Arthur's profile, as printed", media="print")
    assert janet.locator("header.site-header nav").count() == 1
    for selector in ["header.site-header", "nav", "footer.site-footer", ".skip-link", ".language-form"]:
        for i in range(janet.locator(selector).count()):
            assert janet.locator(selector).nth(i).is_hidden(), f"{selector} would be printed"
    assert janet.locator("main h1").is_visible()
    visible = janet.locator("main section h2")
    for i in range(visible.count()):
        assert visible.nth(i).is_visible()


# --- 8: axe on the team and profile pages -----------------------------------------------------------
def _team_url(ctx, key, tail=""):
    return f"{C}/teams/{ctx['teams'][key].uuid}/{tail}"


def _person_url(ctx, key, tail=""):
    return f"{C}/people/{ctx['people'][key].uuid}/{tail}"


def _call_out(ctx):
    from caringcity.teams.models import MatchRequest

    return MatchRequest.objects.get(team=ctx["teams"]["doreen"], closed=False)


def _text(page):
    """What the page says, with what is typed in its fields (a form shows the record it changes)."""
    fields = page.locator("main textarea, main input[type=text]")
    return main(page).inner_text() + "\n" + "\n".join(fields.nth(i).input_value() for i in range(fields.count()))


# Who signs in (and whether with a TOTP code), then each page they open: (name, url, a text it must show).
PAGES = {
    "rosa@example.org": [
        ("team list", lambda c: f"{C}/teams/", "Arthur's team"),
        ("trust assessment (Profile Holder)", lambda c: _team_url(c, "arthur", "trust/"), "Steep front steps"),
    ],
    "janet@example.org": [
        ("team page", lambda c: _team_url(c, "arthur"), "Who is in the team"),
        ("hats page", lambda c: _team_url(c, "arthur", "hats/"), "Who wears what"),
        ("promises page", lambda c: _team_url(c, "arthur", "promises/"), "Arthur leads his team"),
        ("Getting Support profile", lambda c: _person_url(c, "paper", "getting-support/"), "About me"),
        ("profile sharing page", lambda c: _person_url(c, "paper", "getting-support/share/"), "Rosa"),
    ],
    "kemal@example.org": [
        ("stage page", lambda c: _team_url(c, "doreen", "stage/"), "Checklist for"),
        ("match report", lambda c: f"{C}/teams/report/", "Age group"),
    ],
    "doreen@example.org": [
        ("match page", lambda c: _team_url(c, "doreen", "match/"), "km from where support happens"),
        ("Giving Support profile", lambda c: _person_url(c, "worker_ayse", "giving-support/"), "Care Certificate"),
    ],
    "ayse@example.org": [
        ("call-outs list", lambda c: f"{C}/call-outs/", "A retired teacher in Clapton"),
        ("call-out detail", lambda c: f"{C}/call-outs/{_call_out(c).uuid}/", "A retired teacher in Clapton"),
    ],
}
TOTP = {"kemal@example.org"}


@pytest.mark.parametrize("email", list(PAGES))
def test_team_pages_pass_axe(browse, teams, axe, email):
    """One sign-in per person; every page is checked, and all the violations are reported together."""
    page = person_page(browse)
    sign_in(page, email, totp=email in TOTP)
    problems = []
    for name, url, text in PAGES[email]:
        try:
            visit(page, url(teams), axe, name)
        except pytest.fail.Exception as failure:
            problems.append(str(failure))
        if text not in _text(page):
            problems.append(f"{name}: “{text}” not shown:\n{main(page).inner_text()[:1500]}")
    assert not problems, "\n\n".join(problems)
