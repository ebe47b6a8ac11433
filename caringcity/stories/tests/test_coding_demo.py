"""The coding part's demo, run against a stand-in of what the earlier stories parts leave in ctx:
themes nested, about ten passages, three quotes in the right states, Gloria's approved quote in the
evaluation report, and the same result when run twice. Without the earlier parts it builds nothing."""

import pytest

from caringcity.evaluation import quotes as quote_sources
from caringcity.evaluation.tests.factories import make_report
from caringcity.stories import demo_coding
from caringcity.stories.models import Code, Passage, StoryQuote, Use
from caringcity.stories.tests.factories import make_approved_summary, make_interview, make_project, make_coded_transcript

pytestmark = pytest.mark.django_db

ALL = (Use.RESEARCH, Use.QUOTE_NAMED, Use.QUOTE_ANONYMOUS)


@pytest.fixture
def ctx(commons, personas):
    from caringcity.people.tests.factories import PersonFactory

    ines, kemal = personas["member"].person, personas["organiser"].person
    project = make_project(commons, lead=ines, researchers=[kemal])
    gloria_p = PersonFactory(name="Gloria Mensah", preferred_name="Gloria")
    arthur_p = PersonFactory(name="Arthur Pike", preferred_name="Arthur")
    gloria = make_interview(project, gloria_p, title="Gloria: soup and stairs", uses=ALL)
    arthur = make_interview(project, arthur_p, title="Arthur: the number 55", uses=(Use.RESEARCH, Use.QUOTE_ANONYMOUS))
    doreen = make_interview(project, PersonFactory(name="Doreen Wallis"), title="Doreen", agreed=False)
    transcripts = {
        "gloria": make_coded_transcript(gloria, turns=[
            ("Inès", "How did it start?"),
            ("Gloria", "I took soup up to Mrs Adeyemi every day. It made me feel useful again. The council form took three weeks."),
            ("Inès", "And now?"),
            ("Gloria", "We met at the lunch club. Now the whole street knocks on each other's doors.")]),
        "arthur": make_coded_transcript(arthur, turns=[
            ("Inès", "What gets in the way?"),
            ("Arthur", "Money. The bus fare adds up when you visit twice a week. The paperwork for the pension is a maze."),
            ("Arthur", "My neighbour does my shopping on Tuesdays. I met him at the market years ago.")]),
        "doreen": make_coded_transcript(doreen),
    }
    summary = make_approved_summary(gloria, text="Gloria cooks for her street. Being needed gives her purpose. "
                                                 "Forms and phone queues get in the way of helping.")
    report = make_report(commons)
    return {"commons": {"clapton": commons}, "people": {"researcher": ines, "organiser": kemal}, "report": report,
            "stories": {"project": project, "interviews": {"gloria": gloria, "arthur": arthur, "doreen": doreen},
                        "transcripts": transcripts, "summaries": {"gloria": summary}}}


def test_the_demo_builds_themes_passages_quotes_and_the_report_quote(ctx, commons):
    demo_coding.build(ctx)
    project = ctx["stories"]["project"]
    assert Code.objects.get(project=project, name="Small daily help").parent.name == "Being there"
    assert Code.objects.get(project=project, name="Money").parent.name == "What gets in the way"
    assert Passage.objects.count() == 10
    assert Passage.objects.filter(summary_version__isnull=False).count() == 2
    assert all(p.text == (p.turn.text if p.turn_id else p.summary_version.text)[p.start:p.end] for p in Passage.objects.all())
    named, anonymous, waiting = ctx["stories"]["quotes"]
    assert (named.use, named.attribution, named.approved_at is not None) == ("named", "Gloria Mensah", True)
    assert (anonymous.use, anonymous.approved_how, anonymous.approved_by) == ("anonymised", "phone", ctx["people"]["organiser"])
    assert "Arthur" not in anonymous.attribution
    assert waiting.approved_at is None
    items = quote_sources.outside_quotes(commons, ctx["report"].outside_quotes)
    assert [item.id for item in items] == [str(named.uuid)]

    demo_coding.build(ctx)  # twice: nothing doubles
    assert Passage.objects.count() == 10 and StoryQuote.objects.count() == 3 and Code.objects.count() == 7
    ctx["report"].refresh_from_db()
    assert len(ctx["report"].outside_quotes) == 1


def test_without_the_earlier_parts_it_builds_nothing(ctx):
    del ctx["stories"]["interviews"]
    demo_coding.build(ctx)
    assert not Code.objects.exists()
