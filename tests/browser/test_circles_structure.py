"""Circles in the browser with JavaScript off: Rosa goes from the commons home to the circles, opens
Clapton North, then the structure diagram (a drawing of the circles with who links them, and the
same as a list), then the circle's logbook, on screen and as printed. Janet, the circle's
secretary, records the review that is due (a review with no note is refused next to the field)
and is told why Ayo cannot leave the circle while he wears a hat. Every page passes axe."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.support import sign_in
from tests.browser.test_teams import Mirror, follow, main, message, person_page, press

pytestmark = pytest.mark.browser


@pytest.fixture
def circles(demo):
    """The people, teams, visits and circle structure demos, as ``manage.py demo`` builds them."""
    from caringcity.circles import demo_structure
    from caringcity.circles.tests.demo_world import load_demo

    load_demo(demo, before="demo_structure")
    demo_structure.build(demo)
    return demo


@pytest.fixture
def axe(browse):
    return Mirror(browse).check


def test_circle_page_then_the_diagram_then_the_logbook(browse, circles, axe):
    rosa = person_page(browse)
    sign_in(rosa, "rosa@example.org")
    follow(rosa, main(rosa).locator("a", has_text="Circles: who decides what"), axe, "the circles")
    follow(rosa, main(rosa).locator("a.circle-tree__name", has_text="Clapton North local circle"), axe, "Clapton North")
    page = main(rosa).inner_text()
    for words in ("Starting and ending care teams in the area", "Full participant", "Learning participant", "Guest", "Priya",
                  "Delegate to the parent circle", "Rosa", "Arthur's team", "1 care team"):
        assert words in page, words
    assert "Doreen's team" not in page  # Rosa is not in Doreen's team: it is only counted

    follow(rosa, main(rosa).locator("a", has_text="See how all the circles fit together"), axe, "the structure diagram")
    svg = rosa.locator("main svg[role=img]")
    assert svg.count() == 1
    tree = ET.fromstring(_outer_svg(rosa))
    texts = [element.text for element in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert "↓ Leader: Kemal" in texts and "↑ Delegate: Rosa" in texts and "2 care teams" in texts
    assert "Arthur's team" in texts and "Doreen's team" not in texts
    listed = main(rosa).locator(".circle-tree").first.inner_text()
    assert "Delegate, linking up to General circle: Rosa" in listed
    axe(rosa, "the structure diagram, printed", media="print")

    rosa.go_back()
    follow(rosa, main(rosa).locator("nav.tabs a", has_text="Logbook"), axe, "the logbook")
    text = main(rosa).inner_text()
    assert text.index("Aim and domain") < text.index("Membership and hats") < text.index("Development plan")
    assert "Start one new care team by the summer." in text
    axe(rosa, "the logbook, printed", media="print")


def _outer_svg(page):
    """The diagram's markup as the server sent it (no script runs on the page)."""
    html = page.content()
    start = html.index("<svg")
    return html[start: html.index("</svg>", start) + len("</svg>")]


def test_the_secretary_records_a_review_and_is_told_why_a_hat_wearer_cannot_leave(browse, circles, axe):
    from caringcity.circles.models import CircleHatKind, CircleHatTerm, HatReview, Participant

    north = circles["circles"]["north"]
    janet = person_page(browse)
    sign_in(janet, "janet@example.org")
    follow(janet, main(janet).locator("a", has_text="Circles: who decides what"), axe, "the circles")
    follow(janet, main(janet).locator("a.circle-tree__name", has_text="Clapton North local circle"), axe, "Clapton North")
    assert "1 hat is due for review" in main(janet).inner_text()
    follow(janet, main(janet).locator("a", has_text="Record a review").filter(has_text="Facilitator"), axe, "the review form")

    form = main(janet).locator("form")
    with janet.expect_navigation() as navigation:
        form.locator("button", has_text="Record the review").click()
    assert navigation.value.status == 400
    axe(janet, "the review form with an error")
    assert "What the circle said at the review" in main(janet).locator(".error-summary").inner_text()
    assert not HatReview.objects.exists()

    next_review = timezone.localdate() + timedelta(days=60)
    main(janet).get_by_label("What the circle said at the review").fill("Ayo runs calm meetings. Carry on.")
    main(janet).get_by_label("Next review date").fill(next_review.isoformat())
    press(janet, main(janet).locator("form button", has_text="Record the review"), axe, "the circle after the review")
    assert "The review is recorded." in message(janet)
    assert "due for review" not in main(janet).inner_text()
    term = CircleHatTerm.objects.get(circle=north, kind=CircleHatKind.FACILITATOR, status="held")
    assert term.review_on == next_review and HatReview.objects.get().term == term

    row = main(janet).locator("table.circle-people tr", has_text="Ayo")
    follow(janet, row.locator("a", has_text="Change"), axe, "how Ayo takes part")
    follow(janet, main(janet).locator("a", has_text="Take Ayo out of the circle"), axe, "taking Ayo out")
    with janet.expect_navigation() as navigation:
        main(janet).locator("button", has_text="Take them out").click()
    assert navigation.value.status == 400
    axe(janet, "the refusal")
    assert "Ayo wears the facilitator hat here. Hand the hat back first." in main(janet).inner_text()
    assert Participant.objects.current().filter(circle=north, person=circles["people"]["ayo"]).exists()
