"""Demo stories, interviews part (fills in ctx["stories"]["interviews"]): four fictional interviews of
"Biographies of engagement" in Clapton, their agreements made three ways, a closure that was
lifted, and one interview taken down at the person's request. Goes through the services, so the
audit trail and "who looked" read as they would. Safe to run twice."""

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from caringcity.people.models import Membership, Person
from caringcity.stories.models import Interview, InterviewState, Use
from caringcity.stories.services import interviews as services
from caringcity.stories.services.looks import record_look


def _scan_pdf(name, day):
    """A small PDF standing in for the scan of a signed paper form."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setTitle("Recording agreement")
    page.setFont("Helvetica-Bold", 16)
    page.drawString(72, 770, "Biographies of engagement: recording agreement")
    page.setFont("Helvetica", 12)
    lines = ["I agree that my interview may be used:", "[x] for the research", "[ ] quotes with my name",
             "[x] quotes without my name", "[ ] published online", "", f"Signed: {name}", f"Date: {day:%d %B %Y}"]
    for n, line in enumerate(lines):
        page.drawString(72, 730 - 20 * n, line)
    page.showPage()
    page.save()
    return SimpleUploadedFile("agreement.pdf", buffer.getvalue(), content_type="application/pdf")


def _interview(project, respondent, title, interviewers, held_on, place, language):
    interview, _ = Interview.objects.get_or_create(
        project=project, respondent=respondent, title=title,
        defaults={"commons": project.commons, "held_on": held_on, "place": place, "language": language})
    interview.interviewers.set(interviewers)
    return interview


def _member_without_login(commons, name, **fields):
    person = Person.objects.filter(name=name, user__isnull=True, memberships__commons=commons).first()
    if person is None:
        person = Person.objects.create(name=name, **fields)
    Membership.objects.update_or_create(commons=commons, person=person,
                                        defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE})
    return person


def _member(commons, email):
    person = Person.objects.get(email=email)
    Membership.objects.get_or_create(commons=commons, person=person,
                                     defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE})
    return person


def build(ctx):
    project = ctx["stories"]["project"]
    commons = project.commons
    ines, kemal = ctx["people"]["researcher"], ctx["people"]["organiser"]
    arthur, janet = ctx["people"]["paper"], ctx["people"]["proxy"]
    gloria, doreen = _member(commons, "gloria@example.org"), _member(commons, "doreen@example.org")
    okoro = _member_without_login(commons, "Emmanuel Okoro", preferred_name="Mr Okoro", languages="English, Yoruba", postcode="E5 9AA")
    today = timezone.localdate()

    def days_ago(n):
        return today - datetime.timedelta(days=n)

    gl = _interview(project, gloria, "Forty years on Chatsworth Road", [ines], days_ago(40), "Gloria's kitchen, Clapton", "English")
    if gl.state == InterviewState.DRAFT:
        services.agreement_record(actor=ines.user, interview=gl, how="screen", signed_name="Gloria Mensah", present=True,
                                  agreed_on=days_ago(40),
                                  uses=[Use.RESEARCH, Use.QUOTE_NAMED, Use.QUOTE_ANONYMOUS, Use.PUBLISH_ONLINE])
        record_look(actor=ines.user, interview=gl, what="record")

    do = _interview(project, doreen, "Finding my people at the hub", [ines], days_ago(33), "Lea Bridge Community Hub", "English")
    if do.state == InterviewState.DRAFT:
        services.agreement_record(actor=ines.user, interview=do, how="paper", agreed_on=days_ago(33),
                                  uses=[Use.RESEARCH, Use.QUOTE_ANONYMOUS], paper=_scan_pdf("Doreen Clarke", days_ago(33)))
        services.closure_add(actor=ines.user, interview=do, until=today + datetime.timedelta(days=21),
                             asked_by="Doreen Clarke", reason="Wanted to talk it over with her son first")
        services.closure_lift(actor=doreen.user if doreen.user else ines.user, interview=do)

    ar = _interview(project, arthur, "Lunch club and the walk home", [kemal, ines], days_ago(26), "At home, Clapton", "English")
    if ar.state == InterviewState.DRAFT:
        services.agreement_record(actor=kemal.user, interview=ar, how="phone", agreed_on=days_ago(25),
                                  signed_name=f"{arthur.name}, with his daughter {janet.name} present",
                                  uses=[Use.RESEARCH, Use.QUOTE_ANONYMOUS])

    ok = _interview(project, okoro, "Thirty years of the Sunday market", [ines], days_ago(50), "Chatsworth Road market", "English")
    if ok.state == InterviewState.DRAFT:
        services.agreement_record(actor=ines.user, interview=ok, how="phone", agreed_on=days_ago(50),
                                  signed_name="Emmanuel Okoro", uses=[Use.RESEARCH])
    if ok.state != InterviewState.TAKEN_DOWN:
        services.take_down(actor=ines.user, interview=ok, asked_by="Emmanuel Okoro", how="By phone to Inès", asked_on=days_ago(10))

    for interview in (gl, do, ar, ok):
        interview.refresh_from_db()
    ctx["stories"]["interviews"] = {"gloria": gl, "doreen": do, "arthur": ar, "taken_down": ok}
