"""Who was around the table: the small-number rule (cells below LAB_SMALL_GROUP hidden, and one more
when a single hidden cell could be worked out from the total), attended versus registered, the
benchmarks, quarters, the public event page and the partnership section."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from caringcity.core.models import AuditEvent
from caringcity.lab import table
from caringcity.lab.models import Benchmark, Partnership
from caringcity.lab.tests.factories import make_event, make_registration

pytestmark = pytest.mark.django_db


class R:
    """A stand-in registration for the pure functions."""

    def __init__(self, kind="", attended=True, state="booked", **chars):
        self.organisation_kind, self.attended, self.state, self.characteristics = kind, attended, state, chars


def _cells(breakdown):
    return {c.key: (c.count if c.shown else "hidden") for c in breakdown.cells}


def test_small_cells_are_hidden_and_one_more_when_a_single_one_could_be_worked_out():
    assert table.suppress([("a", 6), ("b", 5), ("c", 3)], 5) == {"a": False, "b": True, "c": True}  # c small, b complementary
    assert table.suppress([("a", 6), ("b", 2), ("c", 3)], 5) == {"a": False, "b": True, "c": True}  # two hidden: enough
    assert table.suppress([("a", 6), ("b", 0), ("c", 7)], 5) == {"a": False, "b": False, "c": False}  # zero is not small
    assert table.suppress([("a", 9), ("b", 0), ("c", 1)], 5) == {"a": True, "b": False, "c": True}


def test_the_table_counts_only_what_people_chose_to_share_and_hides_small_groups():
    people = ([R("resident", age="65_plus", carer="yes") for _ in range(6)] + [R("grassroots", age="25_44") for _ in range(5)]
              + [R("statutory", age="45_64") for _ in range(2)] + [R("resident") for _ in range(1)])
    around = table.around_the_table(people)
    assert around.total == 14 and not around.too_few and around.basis == "attended"
    # 2 from statutory services are hidden; so is the next smallest (5), or 14 - 7 - 5 would give them away.
    assert _cells(around.kinds) == {"grassroots": "hidden", "statutory": "hidden", "resident": 7}
    by_key = {b.key: b for b in around.characteristics}
    # 6 + 5 + 2 + 1 not shared: 2 and 1 hidden.
    assert _cells(by_key["age"]) == {"under_25": 0, "25_44": 5, "45_64": "hidden", "65_plus": 6, "prefer_not": "hidden"}
    # 6 carers, 8 did not say: nothing small.
    assert _cells(by_key["carer"]) == {"yes": 6, "no": 0, "prefer_not": 8}
    assert [c.share for c in by_key["carer"].cells] == [43, 0, 57]
    hidden = [c for c in by_key["age"].cells if c.hidden]
    assert all(c.share is None and c.count is None for c in hidden)


def test_fewer_than_five_people_show_nothing_at_all():
    around = table.around_the_table([R("resident", age="65_plus") for _ in range(4)])
    assert around.too_few and around.kinds is None and around.characteristics == []


def test_who_took_part_is_who_came_else_who_signed_up():
    regs = [R(attended=None), R(attended=None, state="waiting"), R(attended=None)]
    people, basis = table.took_part(regs)
    assert basis == "registered" and len(people) == 2
    regs[0].attended, regs[2].attended = True, False
    people, basis = table.took_part(regs)
    assert basis == "attended" and people == [regs[0]]


def _fill(event, n, **fields):
    for i in range(n):
        make_registration(event, f"{event.title} {i}", attended=True, **fields)


def test_the_members_page_sets_groups_against_the_communities_affected_by_event_and_quarter(commons, clients):
    first = make_event(commons, "Spring workshop", days=-200)
    _fill(first, 6, organisation_kind="resident", characteristics={"ethnic_group": "black"})
    _fill(first, 3, organisation_kind="grassroots", characteristics={"ethnic_group": "white"})
    make_event(commons, "x", days=-300)  # an event nobody came to changes nothing
    for i in range(5):
        make_registration(first, f"Asian {i}", attended=True, organisation_kind="resident", characteristics={"ethnic_group": "asian"})
    Benchmark.objects.create(commons=commons, characteristic="ethnic_group", value="black", share="21.0",
                             source="Census 2021, Hackney")
    page = clients["member"].get(reverse("lab:table", args=[commons.slug])).content.decode()
    assert "Spring workshop" in page and "Census 2021, Hackney" in page and "21.0%" in page
    assert "fewer than 5, or hidden" in page and "Counted from who came: 14 people." in page
    # 6 Black people are shown; the 3 White people are hidden, and so are the 5 Asian people (else 14 - 6 - 5 = 3).
    assert ">6<" in page and ">3<" not in page and ">5<" not in page
    assert "Over time, by quarter" in page


def test_the_public_event_page_hides_small_groups_and_a_small_meeting_shows_nothing(commons):
    workshop = make_event(commons, "Big workshop", days=-20)
    _fill(workshop, 7, organisation_kind="resident", characteristics={"carer": "yes"})
    _fill(workshop, 2, organisation_kind="statutory", characteristics={"carer": "no"})
    page = Client().get(reverse("lab:public_event", args=[commons.slug, workshop.uuid])).content.decode()
    assert "Who was around the table" in page and "Counted from who came: 9 people." in page
    assert "fewer than 5, or hidden" in page and ">7<" not in page  # 2 hidden, so 7 is hidden too
    meeting = make_event(commons, "Small meeting", days=-10)
    _fill(meeting, 4, organisation_kind="statutory")
    page = Client().get(reverse("lab:public_event", args=[commons.slug, meeting.uuid])).content.decode()
    assert "Fewer than 5 people took part, so we show nothing about who they were." in page


def test_the_partnership_section_adds_up_its_events(commons, rf, personas):
    from caringcity.lab.views.base import page_sections

    partnership = Partnership.objects.create(commons=commons, name="Care pilot", purpose="Care together")
    for days, size in ((-40, 5), (-30, 6), (-20, 3)):
        event = make_event(commons, f"Meeting {days}", days=days, partnership=partnership)
        _fill(event, size, organisation_kind="statutory")
    request = rf.get("/")
    request.user = personas.user("member")
    sections = dict(page_sections("partnership", request, commons, partnership))
    section = sections["lab/events/_partnership_table.html"]
    # The meeting of 3 is left out (it shows nothing on its own page either), and the page says so.
    assert len(section["partnership_events"]) == 3 and section["around"].total == 11 and section["around"].left_out == 1
    assert _cells(section["around"].kinds) == {"statutory": 11}


def test_organisers_enter_the_figures_with_their_source_and_members_cannot(commons, clients):
    url = reverse("lab:benchmarks", args=[commons.slug])
    data = {"value": "ethnic_group:black", "share": "21.5", "source": "Census 2021, Hackney"}
    clients["member"].post(url, data)
    assert not Benchmark.objects.exists()
    refused = clients["organiser"].post(url, {**data, "source": ""})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode() and not Benchmark.objects.exists()
    assert clients["organiser"].post(url, data).status_code == 302
    bench = Benchmark.objects.get()
    assert (bench.characteristic, bench.value, str(bench.share), bench.source) == ("ethnic_group", "black", "21.5", "Census 2021, Hackney")
    assert clients["organiser"].post(url, {**data, "share": "22"}).status_code == 302
    assert Benchmark.objects.get().share == 22
    assert clients["member"].post(reverse("lab:benchmark_delete", args=[commons.slug, bench.uuid])).status_code == 404
    assert clients["organiser"].post(reverse("lab:benchmark_delete", args=[commons.slug, bench.uuid])).status_code == 302
    assert not Benchmark.objects.exists()
    assert AuditEvent.objects.filter(action__startswith="lab.benchmark").count() == 3


def test_quarters_group_events_by_when_they_happened(commons):
    from caringcity.lab.selectors.events import commons_tables

    now = timezone.now()
    for i, when in enumerate([now - datetime.timedelta(days=400), now - datetime.timedelta(days=399), now - datetime.timedelta(days=5)]):
        event = make_event(commons, f"E{i}", days=0)
        event.starts_at, event.ends_at = when, when + datetime.timedelta(hours=1)
        event.save()
        _fill(event, 5, organisation_kind="resident")
    per_event, quarters = commons_tables(commons)
    assert [e.title for e, _t in per_event] == ["E2", "E1", "E0"]
    assert sum(count for _q, count, _t in quarters) == 3 and all(t.total == 5 * count for _q, count, t in quarters)


def _table(people):
    return table.around_the_table(people)


def test_a_sum_over_events_adds_up_only_what_each_event_shows():
    """Rule 5: nothing over many events can be set against the single events to find a small group."""
    # 3 statutory: hidden, and the 6 from a hub hidden with them so the 3 cannot be worked out.
    big = _table([R("grassroots", carer="yes")] * 9 + [R("community_hub")] * 6 + [R("statutory", carer="no")] * 3)
    other = _table([R("grassroots", carer="yes")] * 6 + [R("statutory", carer="yes")] * 6)
    tiny = _table([R("charity", carer="no")] * 3)  # fewer than 5: shows nothing
    assert big.kinds.hidden_any and tiny.too_few and not other.kinds.hidden_any
    both = table.combine([big, other, tiny])
    # The tiny event is left out (said so), so the total is what the shown tables add up to.
    assert both.total == big.total + other.total == 30 and both.left_out == 1
    # Grassroots was shown at both events: summed. Statutory was hidden at one: hidden in the sum,
    # though 9 statutory people took part in all. Charity (only at the tiny event) does not appear.
    assert _cells(big.kinds) == {"grassroots": 9, "community_hub": "hidden", "statutory": "hidden"}
    assert _cells(both.kinds) == {"grassroots": 15, "community_hub": "hidden", "statutory": "hidden"}
    carers = {b.key: b for b in both.characteristics}["carer"]
    assert _cells(carers) == {"yes": 9 + 12, "no": "hidden", "prefer_not": "hidden"}
    # Every number shown over many events is the sum of numbers shown by the events themselves.
    for index, breakdown in enumerate(both.characteristics):
        for cell in breakdown.cells:
            parts = [next((c for c in t.characteristics[index].cells if c.key == cell.key), None) for t in (big, other)]
            if cell.shown:
                assert all(p is None or p.shown for p in parts)
                assert cell.count == sum(p.count for p in parts if p is not None)
            assert cell.hidden or cell.count == 0 or cell.count >= 5


def test_a_sum_over_only_small_events_shows_nothing_and_says_why():
    both = table.combine([_table([R("statutory")] * 3), _table([R("statutory")] * 3)])
    assert both.too_few and both.left_out == 2 and both.kinds is None
