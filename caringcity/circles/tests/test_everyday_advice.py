"""The advice process: who may start, give advice, enter advice for someone, decide and withdraw;
reasons are required; advice after the decision is refused; the decision record it writes."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from caringcity.circles.models import Advice, AdviceProcess, AdviceStatus, Decision, DecisionKind, How
from caringcity.circles.services import everyday as services
from caringcity.circles.tests.factories import circle_world  # noqa: F401
from caringcity.circles.tests.test_everyday_world import (  # noqa: F401
    make_team_circle,
    run_matrix,
    start_advice,
    world,
)
from caringcity.core.models import AuditEvent, OutboundEmail

pytestmark = pytest.mark.django_db

ALL_IN_COMMONS = {"anonymous": "login", "other_commons": 404}


def _url(name, w, process):
    return reverse(f"circles:{name}", args=[w.commons.slug, process.uuid])


def _advice_state(process):
    return (AdviceProcess.objects.get(pk=process.pk).status,
            sorted(Advice.objects.filter(process=process).values_list("person__name", "text", "how")),
            Decision.objects.count())


def test_pages_over_the_roles(world):
    w = world
    everyday = reverse("circles:everyday", args=[w.commons.slug, w.circle.uuid])
    start = reverse("circles:advice_start", args=[w.commons.slug, w.circle.uuid])
    seen = {role: 200 for role in ("outsider", "guest", "learning", "full", "secretary", "facilitator")}
    run_matrix(w, everyday, {**ALL_IN_COMMONS, **seen})
    run_matrix(w, start, {**ALL_IN_COMMONS, **seen, "outsider": 404})
    process = start_advice(w, by="full", asked=("learning", "outsider"))
    run_matrix(w, _url("advice_detail", w, process), {**ALL_IN_COMMONS, **seen})
    deciders = {**ALL_IN_COMMONS, **{role: 404 for role in seen}, "full": 200, "secretary": 200, "facilitator": 200}
    run_matrix(w, _url("advice_decide", w, process), deciders)
    run_matrix(w, _url("advice_withdraw", w, process), deciders)


def test_starting_over_the_roles_and_the_email_has_only_the_title_and_a_link(world):
    w = world
    start = reverse("circles:advice_start", args=[w.commons.slug, w.circle.uuid])
    data = {"title": "Buy a new urn", "question": "The old one leaks; a private worry about money too.",
            "decide_by": (timezone.localdate() + timedelta(days=5)).isoformat(),
            "asked": [w.person("guest").pk, w.absent.person.pk], "others": [w.person("outsider").pk]}
    snapshot = lambda: (AdviceProcess.objects.count(), Advice.objects.count(), OutboundEmail.objects.count())  # noqa: E731
    # The secretary and the facilitator may start it for someone else: the form asks who decides.
    with_decider = lambda role: {**data, "decider": w.person(role).pk} if w.get(role) else data  # noqa: E731
    got = run_matrix(w, start, {**ALL_IN_COMMONS, "outsider": 404, "guest": 400, "learning": 302, "full": 302,
                                "secretary": 302, "facilitator": 302}, method="post", data=with_decider, snapshot=snapshot)
    assert got["guest"] == 400  # a guest cannot ask themselves: the form offers everyone but them
    assert AdviceProcess.objects.count() == 4
    process = AdviceProcess.objects.get(decider=w.person("learning"))
    assert process.created_by == w.user("learning")
    assert sorted(process.advice.values_list("person__name", flat=True)) == ["Albert Absent", "Gita Guest", "Oona Outsider"]
    emails = OutboundEmail.objects.filter(subject="Your advice is asked for")
    # Gita and Oona have a login and get one e-mail per process; Albert (no login) gets none.
    assert set(emails.values_list("to", flat=True)) == {w.user("guest").email, w.user("outsider").email}
    assert emails.count() == 2 * 4  # four processes started
    body = emails.first().body_text
    assert "Buy a new urn" in body and "/circles/advice/" in body and "leaks" not in body and "money" not in body


def test_a_date_in_the_past_is_refused_next_to_the_field(world):
    w = world
    start = reverse("circles:advice_start", args=[w.commons.slug, w.circle.uuid])
    response = w.clients["full"].post(start, {"title": "Urn", "question": "Which one?", "asked": [w.person("guest").pk],
                                             "decide_by": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert "Choose a date from today on." in response.content.decode()
    assert 'id="id_decide_by-error"' in response.content.decode()
    assert not AdviceProcess.objects.exists()


def test_giving_advice_over_the_roles(world):
    w = world
    process = start_advice(w, by="facilitator", asked=("full", "learning", "outsider"))
    url = _url("advice_give", w, process)
    snapshot = lambda: _advice_state(process)  # noqa: E731
    run_matrix(w, url, {**ALL_IN_COMMONS, "outsider": 302, "guest": 404, "learning": 302, "full": 302, "secretary": 404,
                        "facilitator": 404}, method="post", data={"mine-text": "Get a 20-litre one."}, snapshot=snapshot)
    given = dict(process.advice.values_list("person__name", "text"))
    assert given == {"Femi Full": "Get a 20-litre one.", "Lale Learner": "Get a 20-litre one.", "Oona Outsider": "Get a 20-litre one."}
    # Advice can be changed until the decision; empty advice is refused next to the field.
    w.clients["full"].post(url, {"mine-text": "A 15-litre one is enough."})
    assert process.advice.get(person=w.person("full")).text == "A 15-litre one is enough."
    response = w.clients["full"].post(url, {"mine-text": "  "})
    assert response.status_code == 400 and 'id="id_mine-text-error"' in response.content.decode()
    assert process.advice.get(person=w.person("full")).text == "A 15-litre one is enough."


def test_the_secretary_enters_advice_given_on_paper_for_someone(world):
    w = world
    process = start_advice(w, by="full", asked=("learning", w.absent.person))
    url = _url("advice_enter", w, process)
    data = {"entry-person": w.absent.person.pk, "entry-how": How.PAPER, "entry-text": "Buy it from the market."}
    snapshot = lambda: _advice_state(process)  # noqa: E731
    run_matrix(w, url, {**ALL_IN_COMMONS, "outsider": 404, "guest": 404, "learning": 404, "full": 404, "secretary": 302,
                        "facilitator": 302}, method="post", data=data, snapshot=snapshot)
    row = process.advice.get(person=w.absent.person)
    assert (row.text, row.how, row.recorded_by) == ("Buy it from the market.", How.PAPER, w.user("facilitator"))
    event = AuditEvent.objects.filter(action="circles.advice.give").latest("created")
    assert event.acting_for == w.absent.person.uuid
    page = w.clients["full"].get(_url("advice_detail", w, process)).content.decode()
    assert "Entered by Fatima Facilitator for Albert Absent (on paper)" in page
    # Only people asked: the secretary cannot enter advice for someone who was not asked, and must say how.
    response = w.clients["secretary"].post(url, {**data, "entry-person": w.person("guest").pk})
    assert response.status_code == 400
    response = w.clients["secretary"].post(url, {**data, "entry-how": How.ONLINE, "entry-text": "Changed"})
    assert response.status_code == 400
    assert process.advice.get(person=w.absent.person).text == "Buy it from the market."


def test_deciding_without_reasons_is_refused_next_to_the_field(world):
    w = world
    process = start_advice(w, by="full", asked=("learning",))
    response = w.clients["full"].post(_url("advice_decide", w, process), {"text": "We buy the 20-litre urn.", "reasons": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reasons-error"' in html and "Say why: what you heard in the advice" in html
    assert "We buy the 20-litre urn." in html  # what was typed stays
    assert _advice_state(process)[0] == AdviceStatus.ASKING and not Decision.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.advice_decide(actor=w.user("full"), process=process, text="We buy it.", reasons="   ")
    assert "reasons" in error.value.message_dict
    assert not Decision.objects.exists()


def test_deciding_writes_the_decision_with_the_decider_and_those_who_gave_advice(world):
    w = world
    process = start_advice(w, by="full", asked=("learning", "guest", w.absent.person))
    services.advice_give(actor=w.user("learning"), process=process, text="Yes, a big one.")
    services.advice_give(actor=w.user("secretary"), process=process, text="Fine by me.", person=w.absent.person, how=How.PHONE)
    review = timezone.localdate() + timedelta(days=180)
    response = w.clients["full"].post(_url("advice_decide", w, process),
                                      {"text": "We buy the 20-litre urn.", "reasons": "Everyone who answered said a big one.",
                                       "review_on": review.isoformat()})
    assert response.status_code == 302
    process.refresh_from_db()
    decision = process.decision
    assert process.status == AdviceStatus.DECIDED and decision.kind == DecisionKind.ADVICE
    version = decision.versions.get()
    assert (version.title, version.text, version.reasons, version.review_on) == (
        "Buy a new urn", "We buy the 20-litre urn.", "Everyone who answered said a big one.", review)
    takers = {t.person.name: t.how for t in decision.takers.all()}
    assert takers == {"Femi Full": How.ONLINE, "Lale Learner": How.ONLINE, "Albert Absent": How.PHONE}  # not Gita: no advice
    page = w.clients["guest"].get(_url("advice_detail", w, process)).content.decode()
    assert "Everyone who answered said a big one." in page and "Asked, but gave no advice:" in page


def test_advice_after_the_decision_is_refused_with_the_reason(world):
    w = world
    process = start_advice(w, by="full", asked=("learning", w.absent.person))
    services.advice_decide(actor=w.user("full"), process=process, text="We buy it.", reasons="It leaks.")
    before = _advice_state(process)
    response = w.clients["learning"].post(_url("advice_give", w, process), {"mine-text": "Too late?"})
    assert response.status_code == 400
    assert "The decision is made: advice can no longer be added." in response.content.decode()
    response = w.clients["secretary"].post(_url("advice_enter", w, process),
                                           {"entry-person": w.absent.person.pk, "entry-how": How.PAPER, "entry-text": "Late"})
    assert response.status_code == 400 and "advice can no longer be added" in response.content.decode()
    assert _advice_state(process) == before
    # Deciding twice or withdrawing a decided process is refused too.
    with pytest.raises(ValidationError, match="already finished"):
        services.advice_withdraw(actor=w.user("full"), process=process)
    response = w.clients["full"].get(_url("advice_decide", w, process), follow=True)
    assert "This advice process is already finished." in response.content.decode()


def test_withdrawing_decides_nothing(world):
    w = world
    process = start_advice(w, by="full", asked=("learning",))
    response = w.clients["learning"].post(_url("advice_withdraw", w, process))
    assert response.status_code == 404
    response = w.clients["full"].post(_url("advice_withdraw", w, process))
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.status == AdviceStatus.WITHDRAWN and process.decision is None and not Decision.objects.exists()


def test_the_secretary_starts_and_decides_for_someone_recorded_as_acting_for(world):
    w = world
    start = reverse("circles:advice_start", args=[w.commons.slug, w.circle.uuid])
    response = w.clients["secretary"].post(start, {
        "decider": w.absent.person.pk, "title": "New chair for the hall", "question": "A chair with arms.",
        "decide_by": (timezone.localdate() + timedelta(days=3)).isoformat(), "asked": [w.person("full").pk]})
    assert response.status_code == 302
    process = AdviceProcess.objects.get()
    assert process.decider == w.absent.person and process.created_by == w.user("secretary")
    assert AuditEvent.objects.get(action="circles.advice.start").acting_for == w.absent.person.uuid
    page = w.clients["full"].get(_url("advice_detail", w, process)).content.decode()
    assert "started for them by Sally Secretary" in page
    # A full participant who is not the secretary cannot start one for someone else.
    with pytest.raises(ValidationError):
        start_advice(w, by="full", asked=("learning",), decider=w.absent.person)
    response = w.clients["secretary"].post(_url("advice_decide", w, process), {"text": "Buy it.", "reasons": "Arms help."})
    assert response.status_code == 400  # how did Albert tell her?
    response = w.clients["secretary"].post(_url("advice_decide", w, process), {"text": "Buy it.", "reasons": "Arms help.", "how": How.PHONE})
    assert response.status_code == 302
    process.refresh_from_db()
    assert {t.person: t.how for t in process.decision.takers.all()} == {w.absent.person: How.PHONE}
    assert AuditEvent.objects.get(action="circles.advice.close").acting_for == w.absent.person.uuid


def test_a_care_team_circle_asks_only_its_own_people(world):
    w = world
    team_circle = make_team_circle(w)
    start = reverse("circles:advice_start", args=[w.commons.slug, team_circle.uuid])
    page = w.clients["learning"].get(start)
    assert page.status_code == 200 and 'name="others"' not in page.content.decode()
    assert w.clients["guest"].get(start).status_code == 404  # not in the team
    assert w.clients["guest"].get(reverse("circles:everyday", args=[w.commons.slug, team_circle.uuid])).status_code == 404
    with pytest.raises(ValidationError) as error:
        start_advice(w, by="learning", circle=team_circle, asked=("full", "outsider"))
    assert "asked" in error.value.message_dict
    process = start_advice(w, by="learning", circle=team_circle, asked=("full",))
    services.advice_give(actor=w.user("full"), process=process, text="Yes please.")
    assert w.clients["full"].get(_url("advice_detail", w, process)).status_code == 200
    assert w.clients["outsider"].get(_url("advice_detail", w, process)).status_code == 404


def test_deciding_and_withdrawing_over_the_roles(world):
    w = world
    snapshot = lambda: (AdviceProcess.objects.order_by("pk").values_list("status", flat=True)[::1], Decision.objects.count())  # noqa: E731
    process = start_advice(w, by="full", asked=("learning",))
    data = {"text": "We buy it.", "reasons": "The advice said so.", "how": How.PHONE}
    # Femi decides first; after that the secretary and the facilitator are refused with the reason.
    got = run_matrix(w, _url("advice_decide", w, process), {**ALL_IN_COMMONS, "outsider": 404, "guest": 404, "learning": 404,
                                                            "full": 302, "secretary": 400, "facilitator": 400},
                     method="post", data=data, snapshot=snapshot)
    assert got["full"] == 302 and Decision.objects.count() == 1
    other = start_advice(w, by="full", asked=("learning",), title="Paint the hall")
    run_matrix(w, _url("advice_withdraw", w, other), {**ALL_IN_COMMONS, "outsider": 404, "guest": 404, "learning": 404,
                                                      "full": 302, "secretary": 400, "facilitator": 400},
               method="post", snapshot=snapshot)
    other.refresh_from_db()
    assert other.status == AdviceStatus.WITHDRAWN
