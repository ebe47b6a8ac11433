"""The summaries demo, built on a stand-in for what the interviews and transcripts parts make (the
same keys in ctx), twice; and it steps aside when those parts have not run."""

import pytest
from django.urls import reverse

from caringcity.stories import demo_summaries
from caringcity.stories.models import ReviewLink, SummaryState
from caringcity.stories.selectors import summaries as selectors
from caringcity.stories.tests.factories import GLORIA_TURNS, make_interview, make_project, make_summary_transcript
from caringcity.people.models import Proxy

pytestmark = pytest.mark.django_db


@pytest.fixture
def ctx(commons, personas):
    researcher, arthur, janet = personas["member"].person, personas["paper"].person, personas["proxy"].person
    Proxy.objects.create(commons=commons, principal=arthur, proxy=janet, how_agreed="At home.")
    project = make_project(commons, lead=researcher)
    interviews = {"gloria": make_interview(project, personas["owner"].person, title="Gloria"),
                  "doreen": make_interview(project, personas["admin"].person, title="Doreen"),
                  "arthur": make_interview(project, arthur, title="Arthur"),
                  "taken_down": make_interview(project, personas["organiser"].person, title="Gone")}
    transcripts = {key: make_summary_transcript(interviews[key], [(("Gloria" if s == "Gloria" else s), t) for s, t in GLORIA_TURNS])
                   for key in ("gloria", "doreen", "arthur")}
    return {"people": {"researcher": researcher, "proxy": janet, "paper": arthur},
            "stories": {"project": project, "interviews": interviews, "transcripts": transcripts}}


def test_three_summaries_in_three_states_twice_over(ctx, client):
    demo_summaries.build(ctx)
    demo_summaries.build(ctx)  # safe to run twice
    made = ctx["stories"]["summaries"]
    gloria, doreen, arthur = (made[k] for k in ("gloria", "doreen", "arthur"))
    for summary in (gloria, doreen, arthur):
        summary.refresh_from_db()

    assert gloria.state == SummaryState.APPROVED and gloria.approved_how == "link"
    kinds = list(gloria.versions.values_list("kind", flat=True))
    assert kinds == ["draft", "draft", "addition"] and gloria.approved_version.kind == "addition"
    assert selectors.approved_summary_text(gloria.interview).endswith("became like family to me.")

    assert doreen.state == SummaryState.WITH_PERSON
    page = client.get(reverse("stories:review", args=[demo_summaries.DEMO_DOREEN_TOKEN]))
    assert page.status_code == 200 and "This is a summary of our conversation" in page.content.decode()
    assert ReviewLink.objects.filter(summary=doreen).count() == 1

    assert arthur.state == SummaryState.CHANGES
    change = arthur.versions.last()
    assert (change.kind, change.how, change.recorded_by) == ("suggestion", "printed", ctx["people"]["proxy"])
    assert "his neighbours matter to him" in change.text and "mostly in" not in change.text.split("\n")[0]
    assert selectors.approved_summary_text(arthur.interview) is None


def test_it_steps_aside_without_interviews_and_transcripts(ctx):
    for missing in ({}, {"interviews": ctx["stories"]["interviews"]}):
        context = {"people": ctx["people"], "stories": dict(missing)}
        demo_summaries.build(context)
        assert "summaries" not in context["stories"]
