"""The REFI-QDA export of a project: only usable material leaves (never draft, closed or taken-down
interviews, never an unapproved summary); transcripts become "Speaker: words" text with the coded
passages moved to the right places; the archive validates against the official schema and reads
back with the library; every download is on the people's "who looked" lists."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from lxml import etree

from caringcity.core.models import AuditEvent
from caringcity.core.testing import assert_matrix
from caringcity.stories import exchange, refiqda
from caringcity.stories.models import InterviewState, Recording
from caringcity.stories.tests.factories import (
    make_approved_summary, make_code, make_interview, make_passage, make_project, make_coded_transcript,
)
from caringcity.stories.tests.test_refiqda_write import project_schema, project_xsd  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

OK, NF, REDIR = 200, 404, 302


@pytest.fixture
def built(commons, personas):
    lead = personas["member"].person
    project = make_project(commons, lead=lead)
    parent = make_code(project, "Being there", colour="#00703c")
    child = make_code(project, "Small daily help", parent=parent)
    money = make_code(project, "Money", colour="#d4351c")
    made = {}
    for state in ["agreed", "draft", "closed", "taken_down"]:
        interview = make_interview(project, personas["owner"].person, title=f"Interview {state}")
        transcript = make_coded_transcript(interview, turns=[("Interviewer", f"Tell me, {state}?"), ("Olive", f"Soup for {state} every day.")])
        turn = transcript.turns.get(order=1)
        passage = make_passage(interview, [child, money], turn=turn, words=f"Soup for {state}")
        passage.coded_by = lead
        passage.save()
        summary = make_approved_summary(interview, text=f"The {state} summary: paperwork gets in the way.")
        make_passage(interview, [money], summary_version=summary.approved_version, words="paperwork")
        interview.state = state
        interview.save()
        made[state] = {"interview": interview, "transcript": transcript, "passage": passage, "summary": summary}
    unapproved = make_interview(project, personas["owner"].person, title="Interview unapproved summary")
    make_coded_transcript(unapproved)
    made["unapproved"] = {"interview": unapproved, "summary": make_approved_summary(unapproved, text="Not yet approved words.", approved=False)}
    return {"project": project, "made": made, "codes": (parent, child, money), "lead": lead}


def _download(client, project):
    response = client.post(reverse("stories:coding_export_qdpx", args=[project.commons.slug, project.uuid]))
    assert response.status_code == 200, response.status_code
    return response.content


def test_only_the_team_exports(built, clients):
    project = built["project"]
    url = reverse("stories:coding_export_qdpx", args=[project.commons.slug, project.uuid])
    expected = {"anonymous": REDIR, "outsider": NF, "member": OK, "owner": NF, "proxy": NF, "organiser": NF, "admin": NF}
    assert_matrix(clients, url, expected, method="post")
    assert clients["member"].get(url).status_code == 405  # a download is a POST: it is logged


def test_closed_draft_taken_down_and_unapproved_material_never_leaves(built, clients, project_schema):
    data = _download(clients["member"], built["project"])
    archive = zipfile.ZipFile(BytesIO(data))
    qde = archive.read("project.qde")
    assert project_schema.validate(etree.fromstring(qde)), project_schema.error_log
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "Soup for agreed" in everything and "The agreed summary" in everything
    for state in ["draft", "closed", "taken_down"]:
        assert f"Soup for {state}" not in everything and f"The {state} summary" not in everything
        assert f"Interview {state}" not in everything
    assert "Not yet approved words" not in everything
    project = refiqda.read_qdpx(data)
    agreed = built["made"]["agreed"]
    assert {s.guid for s in project.sources} == {agreed["transcript"].uuid, agreed["summary"].approved_version.uuid,
                                                built["made"]["unapproved"]["interview"].transcripts.get().uuid}


def test_passages_land_on_the_same_words_and_codes_keep_their_tree(built, clients):
    project = refiqda.read_qdpx(_download(clients["member"], built["project"]))
    parent, child, money = built["codes"]
    sources = {s.guid: s for s in project.sources}
    transcript = sources[built["made"]["agreed"]["transcript"].uuid]
    assert transcript.text == "Interviewer: Tell me, agreed?\nOlive: Soup for agreed every day.\n"
    segments = {s.guid: s for s in project.segments}
    passage = built["made"]["agreed"]["passage"]
    segment = segments[passage.uuid]
    assert transcript.text[segment.start:segment.end] == "Soup for agreed"
    assert set(segment.codes) == {child.uuid, money.uuid}
    summary_segments = [s for s in project.segments if s.source == built["made"]["agreed"]["summary"].approved_version.uuid]
    assert [sources[s.source].text[s.start:s.end] for s in summary_segments] == ["paperwork"]
    assert [c.name for c in project.codes] == ["Being there", "Money"]
    assert project.codes[0].children[0].name == "Small daily help" and project.codes[0].color == "#00703C"
    assert {u.guid for u in project.users} == {built["lead"].uuid}
    assert len(project.segments) == 2


def test_looks_are_recorded_for_each_exported_interview(built, clients):
    _download(clients["member"], built["project"])
    exported = {str(built["made"]["agreed"]["interview"].uuid), str(built["made"]["unapproved"]["interview"].uuid)}
    looks = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT)
    assert {event.object_id for event in looks} == exported


def test_a_recording_goes_in_with_sync_points(built, project_schema, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    agreed = built["made"]["agreed"]
    recording = Recording(interview=agreed["interview"], kind="mp3", content_type="audio/mpeg", size=8)
    recording.file.save("x", ContentFile(b"ID3fake!"), save=False)
    recording.save()
    agreed["transcript"].recording = recording
    agreed["transcript"].save()
    data = exchange.project_qdpx(built["project"])[0]
    archive = zipfile.ZipFile(BytesIO(data))
    assert f"sources/{recording.uuid}.mp3".lower() in [name.lower() for name in archive.namelist()]
    qde = etree.fromstring(archive.read("project.qde"))
    assert project_schema.validate(qde), project_schema.error_log
    positions = sorted(int(p.get("position")) for p in qde.iter("{*}SyncPoint"))
    assert positions == [0, len("Interviewer: Tell me, agreed?\n")]


def test_the_export_page_says_what_goes_in(built, clients):
    project = built["project"]
    page = clients["member"].get(reverse("stories:coding_export", args=[project.commons.slug, project.uuid])).content.decode()
    assert "2 interviews go in" in page and "3 interviews stay out" in page
    assert "Interview agreed" in page and "Interview closed" not in page
    built["made"]["agreed"]["interview"].state = InterviewState.TAKEN_DOWN
    built["made"]["agreed"]["interview"].save()
    page = clients["member"].get(reverse("stories:coding_export", args=[project.commons.slug, project.uuid])).content.decode()
    assert "1 interview goes in" in page
