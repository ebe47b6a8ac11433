"""Demo stories: the research project "Biographies of engagement" in Clapton, with its team, three
fictional interviews (consent in different states), transcripts (one imported from WebVTT, one
written on this machine from a recording), summaries in different review states, themes with
coded passages, and an approved quote used in the evaluation report. The project and team are
made here; each part builds its own piece, in this order."""

from importlib import import_module

from caringcity.people.models import Membership, Person
from caringcity.stories.models import Project, Researcher

PARTS = ["demo_interviews", "demo_transcripts", "demo_summaries", "demo_coding"]

RESEARCHER_EMAIL = "ines@example.org"


def _researcher(ctx):
    from caringcity.people.demo import PASSWORD  # noqa: F401  (same password as every demo login)
    from caringcity.people.demo import _user

    clapton = ctx["commons"]["clapton"]
    user = _user(RESEARCHER_EMAIL, "Inès Moreau")
    person = Person.objects.filter(user=user).first() or Person(user=user, name="Inès Moreau")
    person.preferred_name, person.pronouns, person.languages = "Inès", "she/her", "French, English"
    person.email, person.postcode = RESEARCHER_EMAIL, "E5 8HB"
    person.save()
    Membership.objects.update_or_create(commons=clapton, person=person,
                                        defaults={"role": Membership.Role.MEMBER, "status": Membership.Status.ACTIVE})
    ctx["people"]["researcher"] = person
    ctx["signins"].append({"email": RESEARCHER_EMAIL, "who": "Researcher in Clapton: leads the interviews project", "totp": ""})
    return person


def build(ctx):
    clapton = ctx["commons"]["clapton"]
    ines = _researcher(ctx)
    project, _ = Project.objects.update_or_create(
        commons=clapton, name="Biographies of engagement",
        defaults={"purpose": "Long conversations with people in Clapton about how they came to care for "
                             "each other, and what helps or gets in the way. Each person reads the summary "
                             "of their interview and agrees it before anything is used.",
                  "started_on": ctx.get("today_for_demo") or None},
    )
    for person, role in [(ines, Researcher.Role.LEAD), (ctx["people"]["organiser"], Researcher.Role.RESEARCHER)]:
        Researcher.objects.update_or_create(project=project, person=person, ended_at=None, defaults={"role": role})
    ctx["stories"] = {"project": project}
    for part in PARTS:
        import_module(f"caringcity.stories.{part}").build(ctx)
